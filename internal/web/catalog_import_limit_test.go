package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// overLimitCSV is a good catalogue file one byte over the import limit: cut at
// the limit it would still import its first rows (and cut a description), so
// only a refusal of the whole file passes the test.
func overLimitCSV() []byte {
	var b bytes.Buffer
	b.WriteString("number,name,unitOfMeasure,isoCode,supplier,status,purpose,description\n")
	desc := strings.Repeat("Lång beskrivning ", 600)
	for i := 0; b.Len() < service.MaxCatalogImportSize; i++ {
		fmt.Fprintf(&b, "%d,Importartikel %d,st,122203,Etac Sverige AB,stocked,rent,%s\n", 9400000+i, i, desc)
	}
	data := b.Bytes()[:service.MaxCatalogImportSize]
	// End on a whole row so that the file itself is well formed.
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	pad := service.MaxCatalogImportSize + 1 - len(data)
	return append(data, fmt.Sprintf("9399999,Sista raden,st,122203,Etac Sverige AB,stocked,rent,%s\n", strings.Repeat("x", pad))...)
}

func TestCatalogueImportOverLimitRefused(t *testing.T) {
	data := overLimitCSV()
	if len(data) <= service.MaxCatalogImportSize || len(data) > service.MaxCatalogImportSize+100 {
		t.Fatalf("test file is %d bytes, want just over %d", len(data), service.MaxCatalogImportSize)
	}
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		boCatalogBase(t, srv)
		before := countRows(t, srv, "SELECT COUNT(*) FROM articles")

		// API: the standard error JSON naming the limit, nothing imported.
		tok := apiLogin(t, srv, "ADMIN", demo.Password)
		for _, path := range []string{"/api/v1/articles/import", "/api/v1/articles/import?dryRun=true"} {
			r := call(t, srv, request{Method: "POST", Path: path, Body: string(data), Bearer: tok, Header: map[string]string{"Content-Type": "text/csv"}})
			e := wantError(t, r, http.StatusBadRequest, "invalid")
			if msg, _ := e["message"].(string); !strings.Contains(msg, "20 MiB") {
				t.Errorf("%s: message %q does not name the limit", path, msg)
			}
		}

		// The HTML form: the form again with the message, nothing imported.
		cookie := formLogin(t, srv, "ADMIN", demo.Password)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "artiklar.csv")
		fw.Write(data)
		mw.Close()
		r := call(t, srv, request{Method: "POST", Path: "/admin/artiklar/import", Body: body.String(), Cookie: cookie,
			Header: map[string]string{"Content-Type": mw.FormDataContentType()}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Filen är för stor: högst 20 MiB") {
			t.Fatalf("form import: status %d, want 400 naming the limit: %.500s", r.Status, r.Body)
		}

		// Far over the limit: the form is refused without reading it all.
		body.Reset()
		mw = multipart.NewWriter(&body)
		fw, _ = mw.CreateFormFile("file", "artiklar.csv")
		fw.Write(data)
		fw.Write(data[:2<<20])
		mw.Close()
		r = call(t, srv, request{Method: "POST", Path: "/admin/artiklar/import", Body: body.String(), Cookie: cookie,
			Header: map[string]string{"Content-Type": mw.FormDataContentType()}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Filen är för stor: högst 20 MiB") {
			t.Fatalf("large form import: status %d, want 400 naming the limit: %.500s", r.Status, r.Body)
		}

		if n := countRows(t, srv, "SELECT COUNT(*) FROM articles"); n != before {
			t.Fatalf("an over-large import changed the catalogue: %d→%d articles", before, n)
		}
	})
}
