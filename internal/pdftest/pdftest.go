// Package pdftest reads PDF documents in tests.
package pdftest

import (
	"bytes"
	"os/exec"
	"testing"
)

// PDFText extracts a PDF's text with pdftotext (Debian's poppler-utils, which
// `make deps` installs), so a test reads a document as a person would and not
// the bytes of its content streams.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", pdf)
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext (apt-get install poppler-utils, or make deps): %v: %s", err, stderr.String())
	}
	return string(out)
}
