package web

import (
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
)

// purchaseOrderPDF is the purchase order as sent to the supplier.
func purchaseOrderPDF(o *domain.PurchaseOrder, today time.Time) *textPDF {
	head := []pdfLine{
		{"Inköpsorder " + o.Number, true, 16},
		{"Utskriven " + today.Format(time.DateOnly) + "   Registrerad " + domain.DateOf(o.CreatedAt).Format(time.DateOnly) + " av " + o.CreatedBy, false, 9},
		{"", false, 6},
		{"Leverantör: " + o.SupplierName, true, 11},
	}
	if o.SupplierPhone != "" || o.SupplierEmail != "" {
		head = append(head, pdfLine{"Telefon " + o.SupplierPhone + "   E-post " + o.SupplierEmail, false, 10})
	}
	head = append(head,
		pdfLine{"Leveransadress: lager " + o.Warehouse + " " + o.WarehouseName, false, 11},
		pdfLine{"Önskad leverans: " + domain.FormatDate(o.Expected), false, 11})
	if o.Note != "" {
		head = append(head, pdfLine{"Meddelande: " + o.Note, false, 10})
	}
	cols := []pdfColumn{{"Artikel", 40, false, 12}, {"Lev. art.nr", 110, false, 14}, {"Benämning", 190, false, 52},
		{"Enhet", 470, false, 6}, {"Antal", 540, true, 8}}
	var rows [][]string
	for _, l := range o.Lines {
		rows = append(rows, []string{l.Article, l.SupplierArticle, l.ArticleName, l.UnitOfMeasure, strconv.Itoa(l.Quantity)})
	}
	foot := []pdfLine{{"Ange inköpsordernumret " + o.Number + " på följesedeln.", false, 10}}
	return tablePDF(head, cols, rows, foot)
}

// purchaseOrderCSV is the purchase order as a file for the supplier's system:
// a header row, then one row per line.
func purchaseOrderCSV(o *domain.PurchaseOrder) [][]string {
	recs := [][]string{{"Inköpsorder", "Leverantör", "Lager", "Önskad leverans", "Artikel", "Leverantörens artikelnummer",
		"Benämning", "Enhet", "Antal", "Mottaget", "Återstår"}}
	for _, l := range o.Lines {
		recs = append(recs, []string{o.Number, o.SupplierName, o.Warehouse, domain.FormatDate(o.Expected), l.Article, l.SupplierArticle,
			l.ArticleName, l.UnitOfMeasure, strconv.Itoa(l.Quantity), strconv.Itoa(l.Received), strconv.Itoa(l.Remaining())})
	}
	return recs
}
