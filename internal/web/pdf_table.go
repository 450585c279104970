package web

// pdfColumn is a column of a table document: its heading, its left edge in
// points (its right edge when Right: numbers) and how many characters fit.
type pdfColumn struct {
	Heading string
	X       float64
	Right   bool
	Chars   int
}

// tablePDF lays out a document on A4 pages: heading lines, then a table whose
// column headings repeat on every page, then footer lines (purchase orders,
// count sheets).
func tablePDF(head []pdfLine, cols []pdfColumn, rows [][]string, foot []pdfLine) *textPDF {
	const top, bottom, rowHeight = 800.0, 50.0, 13.0
	var p textPDF
	var page []pdfText
	y := top
	newPage := func() {
		p.pages = append(p.pages, page)
		page, y = nil, top
	}
	lines := func(ls []pdfLine) {
		for _, l := range ls {
			if y-l.Size*1.4 < bottom {
				newPage()
			}
			y -= l.Size * 1.4
			page = append(page, pdfText{X: 40, Y: y, Size: l.Size, Bold: l.Bold, Text: l.Text})
		}
	}
	headings := func() {
		y -= rowHeight + 4
		for _, c := range cols {
			page = append(page, pdfText{X: c.X, Y: y, Size: 8, Bold: true, Text: c.Heading, Right: c.Right})
		}
	}
	lines(head)
	headings()
	for _, row := range rows {
		if y-rowHeight < bottom {
			newPage()
			headings()
		}
		y -= rowHeight
		for i, c := range cols {
			if i < len(row) {
				page = append(page, pdfText{X: c.X, Y: y, Size: 9, Text: clip(row[i], c.Chars), Right: c.Right})
			}
		}
	}
	y -= 8
	lines(foot)
	p.pages = append(p.pages, page)
	return &p
}
