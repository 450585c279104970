package web

import (
	"fmt"
	"strings"
	"time"
)

// deliveryNotePDF renders the delivery note (följesedel) with the shared textPDF writer.
func deliveryNotePDF(d *deliveryNoteData) []byte {
	type line struct {
		text string
		bold bool
		size float64
	}
	o := d.Order
	ls := []line{
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
			ls = append(ls, line{label + ": " + v, false, 10})
		}
	}
	add("Telefon", o.Delivery.Phone)
	add("Mobil", o.Delivery.Mobile)
	add("Portkod", o.Delivery.DoorCode)
	add("Instruktioner", o.Delivery.Instructions)
	add("Övrig information", o.Delivery.WarehouseInfo)
	add("Kund", o.CustomerNumber+" "+o.CustomerName)
	ls = append(ls, line{"", false, 10}, line{"Artikel   Benämning   Antal   Individ   Lev.datum", true, 10})
	for _, l := range d.Lines {
		units := strings.Join(l.Units, ", ")
		if l.ComplementUnit != "" {
			units = "K-" + l.ComplementUnit
		}
		ls = append(ls, line{fmt.Sprintf("%s   %s   %d   %s   %s", l.DeliveredArticle, l.DeliveredName, l.Quantity, units, dateString(l.Dispatch)), false, 10})
		for _, c := range l.Components {
			ls = append(ls, line{fmt.Sprintf("      %s   %s   %d", c.DeliveredArticle, c.DeliveredName, c.Quantity), false, 9})
		}
	}
	ls = append(ls, line{"", false, 10}, line{"Mottaget av: ______________________________", false, 10})

	var p textPDF
	var page []pdfText
	y := 800.0
	for _, l := range ls {
		if y-l.size*1.4 < 50 {
			p.pages = append(p.pages, page)
			page, y = nil, 800
		}
		y -= l.size * 1.4
		page = append(page, pdfText{X: 50, Y: y, Size: l.size, Bold: l.bold, Text: l.text})
	}
	p.pages = append(p.pages, page)
	return p.bytes()
}
