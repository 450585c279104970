// Package csvsafe writes the CSV files Hjälpmedel exports so that a
// spreadsheet opening them runs nothing: a cell that starts like a formula
// (= + - @, a tab or a carriage return) gets a leading apostrophe, which
// spreadsheets show as text and hide (OWASP, "CSV Injection"). Every export writes
// through it; an import of an exported file takes the apostrophe off again
// (Unescape).
package csvsafe

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// Writer is a csv.Writer that escapes formula-like cells.
type Writer struct {
	*csv.Writer
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{csv.NewWriter(w)}
}

// Write writes one record, escaping its cells.
func (w *Writer) Write(record []string) error {
	out := make([]string, len(record))
	for i, cell := range record {
		out[i] = Escape(cell)
	}
	return w.Writer.Write(out)
}

// WriteAll writes the records, escaping their cells, and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, rec := range records {
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// number is a plain decimal number, which a spreadsheet reads as a number
// however it starts ("-119.20" is an amount, not a formula).
var number = regexp.MustCompile(`^[-+]?[0-9]+([.,][0-9]+)?$`)

// Escape returns the cell as it is written. A cell that starts with an
// apostrophe gets one more, so that Unescape gives it back as it was.
func Escape(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r'", rune(cell[0])) || number.MatchString(cell) {
		return cell
	}
	return "'" + cell
}

// Unescape returns an imported cell as it was before Escape.
func Unescape(cell string) string {
	if len(cell) > 1 && cell[0] == '\'' && Escape(cell[1:]) == cell {
		return cell[1:]
	}
	return cell
}
