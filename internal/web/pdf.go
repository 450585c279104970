package web

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// A minimal PDF writer for the delivery note: text lines in Helvetica with
// WinAnsi encoding (covers å, ä, ö), A4 pages. No dependency is needed for this.

type pdfLine struct {
	Text string
	Bold bool
	Size float64
}

func pdfText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '–' || r == '—':
			b.WriteByte('-')
		case r < 0x20:
			b.WriteByte(' ')
		case r < 0x80:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\%03o", r) // Latin-1 equals WinAnsi here
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// buildPDF lays out lines top to bottom on as many A4 pages as needed.
func buildPDF(lines []pdfLine) []byte {
	const top, bottom, left = 800.0, 50.0, 50.0
	var pages []string
	var cur strings.Builder
	y := top
	for _, l := range lines {
		size := l.Size
		if size == 0 {
			size = 10
		}
		if y-size*1.4 < bottom {
			pages = append(pages, cur.String())
			cur.Reset()
			y = top
		}
		y -= size * 1.4
		font := "F1"
		if l.Bold {
			font = "F2"
		}
		fmt.Fprintf(&cur, "BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET\n", font, size, left, y, pdfText(l.Text))
	}
	pages = append(pages, cur.String())

	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(pages)
	// 1 catalog, 2 pages, 3 font, 4 bold font, then page+content pairs.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids []string
	for i := 0; i < n; i++ {
		kids = append(kids, fmt.Sprintf("%d 0 R", 5+2*i))
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	for i, content := range pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", 6+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

func deliveryNotePDF(d *deliveryNoteData) []byte {
	o := d.Order
	ls := []pdfLine{
		{Text: "Följesedel – Kundorder " + o.Number, Bold: true, Size: 16},
		{Text: "Utskriven " + d.Today.Format(time.DateOnly) + "   Från lager " + o.Warehouse},
		{Text: ""},
		{Text: "Leveransadress", Bold: true},
		{Text: o.Delivery.Name},
		{Text: o.Delivery.Street},
		{Text: o.Delivery.PostalCode + " " + o.Delivery.Town},
	}
	add := func(label, v string) {
		if v != "" {
			ls = append(ls, pdfLine{Text: label + ": " + v})
		}
	}
	add("Telefon", o.Delivery.Phone)
	add("Mobil", o.Delivery.Mobile)
	add("Portkod", o.Delivery.DoorCode)
	add("Instruktioner", o.Delivery.Instructions)
	add("Övrig information", o.Delivery.WarehouseInfo)
	add("Kund", o.CustomerNumber+" "+o.CustomerName)
	ls = append(ls, pdfLine{}, pdfLine{Text: "Artikel   Benämning   Antal   Individ   Lev.datum", Bold: true})
	for _, l := range d.Lines {
		units := strings.Join(l.Units, ", ")
		if l.ComplementUnit != "" {
			units = "K-" + l.ComplementUnit
		}
		ls = append(ls, pdfLine{Text: fmt.Sprintf("%s   %s   %d   %s   %s", l.DeliveredArticle, l.DeliveredName, l.Quantity, units, dateString(l.Dispatch))})
		for _, c := range l.Components {
			ls = append(ls, pdfLine{Text: fmt.Sprintf("      %s   %s   %d", c.DeliveredArticle, c.DeliveredName, c.Quantity), Size: 9})
		}
	}
	ls = append(ls, pdfLine{}, pdfLine{Text: "Mottaget av: ______________________________"})
	return buildPDF(ls)
}
