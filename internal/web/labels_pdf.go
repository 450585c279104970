package web

import (
	"image"

	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"

	"hjalpmedel/internal/domain"
)

// A unit label (SPEC §10.9) is a 100 × 50 mm page, the common size of a
// thermal label printer's roll: the centre, the unit number in large type and
// as Code 128 on the left, the same number as QR on the right, then the article
// and the serial number across the foot. Both codes carry the unit number
// alone, so a scanner typing into Sök/skanna opens the unit.
const (
	labelWidth  = 100 / 25.4 * 72 // points
	labelHeight = 50 / 25.4 * 72
	labelMargin = 8.0
	labelQRSize = 85.0 // the QR's square, its quiet zone included
	// labelModule is the widest Code 128 module: 0.6 mm, five dots of a
	// 203 dpi printer, wide enough for any hand scanner.
	labelModule = 1.7
)

// labelsPDF renders one label page per unit.
func labelsPDF(labels []domain.UnitLabel) (*textPDF, error) {
	doc := &textPDF{width: labelWidth, height: labelHeight}
	for _, l := range labels {
		bars, err := code128.Encode(l.Number)
		if err != nil {
			return nil, err
		}
		square, err := qr.Encode(l.Number, qr.M, qr.Auto)
		if err != nil {
			return nil, err
		}
		qrX := labelWidth - labelMargin - labelQRSize
		qrTop := labelHeight - labelMargin
		// Code 128 wants ten modules of quiet zone on each side.
		n := float64(bars.Bounds().Dx())
		module := min(labelModule, (qrX-2*labelMargin)/(n+20))
		qrModule := labelQRSize / float64(square.Bounds().Dx()+2)
		marks := darkRuns(bars, labelMargin+10*module, 100, module, 42)
		marks = append(marks, darkRuns(square, qrX+qrModule, qrTop-qrModule, qrModule, qrModule)...)
		doc.marks = append(doc.marks, marks)
		doc.pages = append(doc.pages, []pdfText{
			{X: labelMargin, Y: 124, Size: 8, Text: clip(l.Warehouse+" "+l.WarehouseName, 40)},
			{X: labelMargin, Y: 106, Size: 14, Bold: true, Text: "Individ " + l.Number},
			{X: labelMargin, Y: 30, Size: 9, Bold: true, Text: clip(l.Article+" "+l.ArticleName, 52)},
			{X: labelMargin, Y: 16, Size: 9, Text: "Serienr " + l.Serial},
		})
	}
	return doc, nil
}

// darkRuns turns a barcode's dark modules into rectangles, one per run of
// dark modules on a row: the code's left edge at x, its top at top, each
// module w wide and each row h high (a 1D code has one row: its bars).
func darkRuns(code image.Image, x, top, w, h float64) []pdfRect {
	var out []pdfRect
	b := code.Bounds()
	for row := b.Min.Y; row < b.Max.Y; row++ {
		y := top - float64(row-b.Min.Y+1)*h
		start := -1
		for col := b.Min.X; col <= b.Max.X; col++ {
			dark := false
			if col < b.Max.X {
				c, _, _, _ := code.At(col, row).RGBA()
				dark = c < 0x8000
			}
			switch {
			case dark && start < 0:
				start = col
			case !dark && start >= 0:
				out = append(out, pdfRect{X: x + float64(start-b.Min.X)*w, Y: y, W: float64(col-start) * w, H: h})
				start = -1
			}
		}
	}
	return out
}
