package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
	"hjalpmedel/internal/web"
)

// TestHSTSWithSecureCookies: a server told it is reached over HTTPS
// (--secure-cookies) sends Strict-Transport-Security; one that is not, does not.
func TestHSTSWithSecureCookies(t *testing.T) {
	srv := testserver.Start(t)
	if r := call(t, srv, request{Method: "GET", Path: "/login"}); r.Header.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS without --secure-cookies: %q", r.Header.Get("Strict-Transport-Security"))
	}
	secure, err := web.New(srv.Svc, web.Config{SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/login", "/api/v1/me"} {
		rec := httptest.NewRecorder()
		secure.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if got := rec.Header().Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=31536000") {
			t.Errorf("%s with --secure-cookies: Strict-Transport-Security %q", path, got)
		}
	}
}

// TestCSVExportEscapesFormulas: an article named like a spreadsheet formula is
// exported with a leading apostrophe (and imported back as it was).
func TestCSVExportEscapesFormulas(t *testing.T) {
	backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		const evil = `=HYPERLINK("http://example.com/x","Klicka")`
		var number string
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			if err := q.Get(ctx, "SELECT number FROM articles ORDER BY number LIMIT 1", nil, &number); err != nil {
				return err
			}
			_, err := q.Exec(ctx, "UPDATE articles SET name = ? WHERE number = ?", evil, number)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		token := apiLogin(t, srv, "ADMIN", demoPassword)
		r := call(t, srv, request{Method: "GET", Path: "/api/v1/articles/export", Bearer: token})
		if r.Status != http.StatusOK {
			t.Fatalf("export: %d %.300s", r.Status, r.Body)
		}
		if want := `'=HYPERLINK(""http://example.com/x"",""Klicka"")`; !strings.Contains(r.Body, want) {
			t.Fatalf("the export does not escape the formula; want %s in:\n%.500s", want, r.Body)
		}
		if strings.Contains(r.Body, ","+`"=HYPERLINK`) {
			t.Errorf("the export has the formula unescaped")
		}
		imp := call(t, srv, request{Method: "POST", Path: "/api/v1/articles/import", Bearer: token, Body: r.Body,
			Header: map[string]string{"Content-Type": "text/csv"}})
		if imp.Status != http.StatusOK {
			t.Fatalf("import the export: %d %.300s", imp.Status, imp.Body)
		}
		var name string
		if err := srv.DB.Read().Get(ctx, "SELECT name FROM articles WHERE number = ?", []any{number}, &name); err != nil || name != evil {
			t.Errorf("after importing the export the name is %q (%v), want %q", name, err, evil)
		}
	})
}
