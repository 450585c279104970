package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// textPDF lays out text on A4 pages and renders them with fpdf in the Go fonts,
// embedded in the binary: they cover WGL4, so Swedish, the Sami letters (č đ ŋ ŧ)
// and € — “ ” • print as written, and the PDF carries the text for copying
// and screen readers.
type textPDF struct {
	pages [][]pdfText
	// marks are each page's filled black rectangles (a barcode's bars and
	// modules), drawn as vectors so that they print sharp on any printer.
	marks [][]pdfRect
	// width and height are the page size in points; zero is A4 portrait.
	width, height float64
}

// pdfRect is a filled rectangle; X and Y are its lower left corner in points
// from the left and bottom edges, as for pdfText.
type pdfRect struct{ X, Y, W, H float64 }

// pdfText is one text on a page; X and Y are points from the left and bottom
// edges, as PDF measures them. Right makes X the text's right edge (amounts).
type pdfText struct {
	X, Y  float64
	Size  float64
	Bold  bool
	Text  string
	Right bool
}

const pdfPageHeight = 842 // A4 in points

func (p *textPDF) bytes() []byte {
	f, top := fpdf.New("P", "pt", "A4", ""), float64(pdfPageHeight)
	if p.width > 0 {
		f, top = fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: p.width, Ht: p.height}}), p.height
	}
	f.AddUTF8FontFromBytes("go", "", goregular.TTF)
	f.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	f.SetAutoPageBreak(false, 0)
	f.SetProducer("Hjälpmedel", true)
	f.SetFillColor(0, 0, 0)
	for i, page := range p.pages {
		f.AddPage()
		if i < len(p.marks) {
			for _, m := range p.marks[i] {
				f.Rect(m.X, top-m.Y-m.H, m.W, m.H, "F")
			}
		}
		for _, t := range page {
			style := ""
			if t.Bold {
				style = "B"
			}
			f.SetFont("go", style, t.Size)
			x := t.X
			if t.Right {
				x -= f.GetStringWidth(t.Text)
			}
			f.Text(x, top-t.Y, t.Text)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		// Only a font or layout bug gets here; the document is built from our own fonts.
		panic(err)
	}
	return buf.Bytes()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func writeInvoicePDF(w http.ResponseWriter, r *http.Request, ib *service.InvoiceBasis) error {
	doc := &textPDF{}
	var page []pdfText
	y := 800.0
	header := func() {
		page = append(page, pdfText{X: 40, Y: y, Size: 14, Bold: true, Text: "Fakturaunderlag " + ib.Month + " – betalare " + ib.Payer + " " + ib.PayerName})
		y -= 24
		cols := []struct {
			x     float64
			t     string
			right bool
		}{{40, "Mottagare", false}, {170, "Artikel", false}, {370, "Individ", false}, {420, "Period", false}, {520, "Dagar", true}, {560, "Belopp", true}}
		for _, c := range cols {
			page = append(page, pdfText{X: c.x, Y: y, Size: 8, Bold: true, Text: c.t, Right: c.right})
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
		// The kind in lower case, then its period: "hyra 10-01–10-31", "köp 10-07".
		period := strings.ToLower(domain.LineKindText(l.Kind)) + " " + l.From.Format("01-02")
		if l.Days > 0 {
			period += "–" + l.To.Format("01-02")
		}
		page = append(page,
			pdfText{X: 40, Y: y, Size: 8, Text: clip(l.Recipient+" "+l.RecipientName, 30)},
			pdfText{X: 170, Y: y, Size: 8, Text: clip(l.Article+" "+l.ArticleName, 44)},
			pdfText{X: 370, Y: y, Size: 8, Text: l.Unit},
			pdfText{X: 420, Y: y, Size: 8, Text: clip(period, 24)},
			pdfText{X: 520, Y: y, Size: 8, Text: strconv.Itoa(l.Days), Right: true},
			pdfText{X: 560, Y: y, Size: 8, Text: l.Amount.Display(), Right: true})
		y -= 12
	}
	y -= 8
	page = append(page, pdfText{X: 40, Y: y, Size: 10, Bold: true, Text: fmt.Sprintf("Summa: %s kr (%d rader)", ib.Total.Display(), len(ib.Lines))})
	doc.pages = append(doc.pages, page)
	return writePDF(w, r, "fakturaunderlag-"+ib.Month+"-"+ib.Payer+".pdf", doc)
}

// pdfLine is one line of a simple document: text, weight and size.
type pdfLine struct {
	Text string
	Bold bool
	Size float64
}

// linesPDF lays lines out top to bottom on A4 pages (delivery notes, work orders,
// pickup notes).
func linesPDF(ls []pdfLine) *textPDF {
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
	return &p
}

// writePDF answers with a PDF document shown in the browser. Its text goes to
// the request's PersonAccess first: the drawn document is binary.
func writePDF(w http.ResponseWriter, r *http.Request, filename string, p *textPDF) error {
	if access := service.PersonAccessFrom(r.Context()); access != nil {
		for _, page := range p.pages {
			for _, t := range page {
				access.WriteString(t.Text)
			}
		}
	}
	doc := p.bytes()
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", filePolicy)
	_, err := w.Write(doc)
	return err
}
