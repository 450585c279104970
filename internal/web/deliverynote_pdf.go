package web

import (
	"fmt"
	"strings"
	"time"
)

// deliveryNotePDF renders the delivery note (följesedel) with the shared textPDF writer.
func deliveryNotePDF(d *deliveryNoteData) *textPDF {
	o := d.Order
	ls := []pdfLine{
		{"Följesedel – Kundorder " + o.Number, true, 16},
		{"Utskriven " + d.Today.Format(time.DateOnly) + "   Från lager " + o.Warehouse, false, 10},
		{"", false, 10},
		{"Leveransadress", true, 10},
		{o.Delivery.Name, false, 10},
		{o.Delivery.Street, false, 10},
		{o.Delivery.PostalCode + " " + o.Delivery.Town, false, 10},
	}
	add := func(label, v string) {
		if v != "" {
			ls = append(ls, pdfLine{label + ": " + v, false, 10})
		}
	}
	add("Telefon", o.Delivery.Phone)
	add("Mobil", o.Delivery.Mobile)
	add("Portkod", o.Delivery.DoorCode)
	add("Instruktioner", o.Delivery.Instructions)
	add("Övrig information", o.Delivery.WarehouseInfo)
	add("Kund", o.CustomerNumber+" "+o.CustomerName)
	ls = append(ls, pdfLine{"", false, 10}, pdfLine{"Artikel   Benämning   Antal   Individ   Lev.datum", true, 10})
	for _, l := range d.Lines {
		units := strings.Join(l.Units, ", ")
		if l.ComplementUnit != "" {
			units = "K-" + l.ComplementUnit
		}
		ls = append(ls, pdfLine{fmt.Sprintf("%s   %s   %d   %s   %s", l.DeliveredArticle, l.DeliveredName, l.Quantity, units, dateString(l.Dispatch)), false, 10})
		for _, c := range l.Components {
			ls = append(ls, pdfLine{fmt.Sprintf("      %s   %s   %d", c.DeliveredArticle, c.DeliveredName, c.Quantity), false, 9})
		}
	}
	ls = append(ls, pdfLine{"", false, 10}, pdfLine{"Mottaget av: ______________________________", false, 10})

	return linesPDF(ls)
}
