package web

import (
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/service"
)

// pickListPDF is the pick list on paper: a page per delivery route, the lines
// in the order of the shelves, as on the screen.
func pickListPDF(pl *service.PickList) *textPDF {
	doc := &textPDF{}
	warehouse := pl.Warehouse
	if warehouse == "" {
		warehouse = "alla lager"
	}
	cols := []pdfColumn{{"Lagerplats", 40, false, 12}, {"Artikel", 110, false, 12}, {"Benämning", 180, false, 40},
		{"Antal", 420, true, 6}, {"Individ", 430, false, 14}, {"Kundorder", 500, false, 10}}
	for _, route := range pl.Routes {
		name := route.Name
		switch {
		case route.Daily:
			name = "Daglig leverans"
		case name == "":
			name = "Utan turbil"
		}
		head := []pdfLine{
			{"Plocklista – " + name, true, 16},
			{"Lager " + warehouse + "   Leveransdatum till och med " + pl.Date.Format(time.DateOnly), false, 10},
		}
		var rows [][]string
		for _, r := range route.Rows {
			rows = append(rows, []string{r.Location, r.Line.DeliveredArticle, r.Line.DeliveredName, strconv.Itoa(r.ToPick()),
				strings.Join(r.Line.Units, ", "), r.OrderNumber})
		}
		doc.pages = append(doc.pages, tablePDF(head, cols, rows, nil).pages...)
	}
	if len(doc.pages) == 0 {
		doc.pages = linesPDF([]pdfLine{{"Inga orderrader att plocka till och med detta datum.", false, 11}}).pages
	}
	return doc
}
