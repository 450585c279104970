package web

import (
	"time"

	"hjalpmedel/internal/domain"
)

// countSheetPDF is the count sheet (inventeringslista) the counter takes to
// the shelves: the articles in shelf order with room to write what was
// counted. It is blind: what the system has is not on it.
func countSheetPDF(c *domain.CountSession, today time.Time) *textPDF {
	head := []pdfLine{
		{"Inventeringslista – inventering " + itoa(int(c.ID)), true, 16},
		{"Lager " + c.Warehouse + " " + c.WarehouseName + "   Lagerplats " + c.Location, false, 11},
		{"Startad " + domain.DateOf(c.CreatedAt).Format(time.DateOnly) + " av " + c.CreatedBy + "   Utskriven " + today.Format(time.DateOnly), false, 9},
		{"Räkna det som står på hyllan. För individmärkta artiklar: skriv individnummer eller serienummer för varje individ.", false, 9},
	}
	cols := []pdfColumn{{"Lagerplats", 40, false, 12}, {"Artikel", 110, false, 12}, {"Benämning", 180, false, 46},
		{"Enhet", 420, false, 6}, {"Räknat", 470, false, 16}}
	var rows [][]string
	for _, l := range c.Lines {
		rows = append(rows, []string{l.Location, l.Article, l.ArticleName, l.UnitOfMeasure, "________"})
		if l.Individual {
			for range 2 {
				rows = append(rows, []string{"", "", "Individnr/serienr: __________________________", "", ""})
			}
		}
	}
	foot := []pdfLine{{"Räknat av: ____________________   Datum: ____________", false, 10}}
	return tablePDF(head, cols, rows, foot)
}
