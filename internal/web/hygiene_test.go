package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
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

// TestPasswordChangeEndsOtherSessions: changing one's own password (API or
// page) ends one's other sessions, browser and API alike, and keeps the one
// the change was made in.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		current := apiLogin(t, srv, "K082LNO", demoPassword)
		other := apiLogin(t, srv, "K082LNO", demoPassword)
		browser := formLogin(t, srv, "K082LNO", demoPassword)
		someoneElse := apiLogin(t, srv, "K082KBN", demoPassword)
		if r := call(t, srv, request{Method: "POST", Path: "/api/v1/me/password", Bearer: current,
			Body: `{"current":"Demo1234","password":"Nytt1234"}`}); r.Status != http.StatusNoContent {
			t.Fatalf("change: %d %s", r.Status, r.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: current}); r.Status != 200 {
			t.Errorf("the session of the change: %d", r.Status)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: other}); r.Status != 401 {
			t.Errorf("another API session after the change: %d, want 401", r.Status)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/start", Cookie: browser}); r.Status != http.StatusSeeOther ||
			!strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("a browser session after the change: %d %s, want to the login", r.Status, r.Header.Get("Location"))
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: someoneElse}); r.Status != 200 {
			t.Errorf("another user's session: %d", r.Status)
		}

		// The page: the browser session stays, the API one ends.
		browser = formLogin(t, srv, "K082LNO", "Nytt1234")
		other = apiLogin(t, srv, "K082LNO", "Nytt1234")
		r := call(t, srv, request{Method: "POST", Path: "/losenord", Cookie: browser,
			Form: url.Values{"current": {"Nytt1234"}, "password": {"Annat987"}, "repeat": {"Annat987"}}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("change on the page: %d %.300s", r.Status, r.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/start", Cookie: browser}); r.Status != 200 {
			t.Errorf("the browser session of the change: %d", r.Status)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: other}); r.Status != 401 {
			t.Errorf("the API session after a change on the page: %d, want 401", r.Status)
		}
	})
}
