package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/service"
)

// textPDF writes a plain A4 PDF of text lines in Helvetica (WinAnsi, which holds
// å, ä and ö), enough for a printable invoice basis without a PDF library.
type textPDF struct {
	pages [][]pdfText
}

type pdfText struct {
	X, Y float64
	Size float64
	Bold bool
	Text string
}

func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\u00a0':
			b.WriteByte(' ')
		case r == '–':
			b.WriteString("\\226")
		case r == '…':
			b.WriteString("\\205")
		case r < 0x20:
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

func (p *textPDF) bytes() []byte {
	var buf bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	n := len(p.pages)
	// 1 catalog, 2 pages, 3 font, 4 bold font, then per page: page, content.
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	var kids []string
	for i := 0; i < n; i++ {
		kids = append(kids, strconv.Itoa(5+2*i)+" 0 R")
	}
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
	for i, page := range p.pages {
		var c bytes.Buffer
		for _, t := range page {
			font := "F1"
			if t.Bold {
				font = "F2"
			}
			fmt.Fprintf(&c, "BT /%s %.1f Tf %.1f %.1f Td (%s) Tj ET\n", font, t.Size, t.X, t.Y, pdfEscape(t.Text))
		}
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>", 6+2*i))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeInvoicePDF(w http.ResponseWriter, ib *service.InvoiceBasis) error {
	doc := &textPDF{}
	var page []pdfText
	y := 800.0
	header := func() {
		page = append(page, pdfText{40, y, 14, true, "Fakturaunderlag " + ib.Month + " – betalare " + ib.Payer + " " + ib.PayerName})
		y -= 24
		cols := []struct {
			x float64
			t string
		}{{40, "Mottagare"}, {170, "Artikel"}, {370, "Individ"}, {420, "Period"}, {500, "Dagar"}, {530, "Belopp"}}
		for _, c := range cols {
			page = append(page, pdfText{c.x, y, 8, true, c.t})
		}
		y -= 14
	}
	header()
	for _, l := range ib.Lines {
		if y < 60 {
			doc.pages = append(doc.pages, page)
			page, y = nil, 800
			header()
		}
		var period string
		if l.Kind == "rent" {
			period = l.From.Format("01-02") + "–" + l.To.Format("01-02")
		} else {
			period = "köp " + l.From.Format("01-02")
		}
		page = append(page,
			pdfText{40, y, 8, false, clip(l.Recipient+" "+l.RecipientName, 30)},
			pdfText{170, y, 8, false, clip(l.Article+" "+l.ArticleName, 44)},
			pdfText{370, y, 8, false, l.Unit},
			pdfText{420, y, 8, false, period},
			pdfText{500, y, 8, false, strconv.Itoa(l.Days)},
			pdfText{530, y, 8, false, l.Amount.Display()})
		y -= 12
	}
	y -= 8
	page = append(page, pdfText{40, y, 10, true, fmt.Sprintf("Summa: %s kr (%d rader)", ib.Total.Display(), len(ib.Lines))})
	doc.pages = append(doc.pages, page)
	return writePDF(w, "fakturaunderlag-"+ib.Month+"-"+ib.Payer+".pdf", doc.bytes())
}

// pdfLine is one line of a simple document: text, weight and size.
type pdfLine struct {
	Text string
	Bold bool
	Size float64
}

// linesPDF lays lines out top to bottom on A4 pages (delivery notes, work orders,
// pickup notes).
func linesPDF(ls []pdfLine) []byte {
	var p textPDF
	var page []pdfText
	y := 800.0
	for _, l := range ls {
		if y-l.Size*1.4 < 50 {
			p.pages = append(p.pages, page)
			page, y = nil, 800
		}
		y -= l.Size * 1.4
		page = append(page, pdfText{X: 50, Y: y, Size: l.Size, Bold: l.Bold, Text: l.Text})
	}
	p.pages = append(p.pages, page)
	return p.bytes()
}

// writePDF answers with a PDF document shown in the browser.
func writePDF(w http.ResponseWriter, filename string, doc []byte) error {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", filePolicy)
	_, err := w.Write(doc)
	return err
}
