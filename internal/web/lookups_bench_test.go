package web_test

import (
	"net/url"
	"testing"

	"hjalpmedel/internal/testserver"
)

// BenchmarkLookupPages serves the mixed bench's four look-up screens to a
// prescriber on the demo data (SQLite): a page's own cost, database and
// rendering, without the load around it.
func BenchmarkLookupPages(b *testing.B) {
	srv := testserver.Start(b)
	cookie := formLogin(b, srv, "K082LNO", demoPassword)
	for _, page := range []struct{ name, path string }{
		{"Hjälpmedel", "/hjalpmedel?personnummer=191212121212"},
		{"Individkort", "/individkort/123569"},
		{"Sök artikel", "/artiklar?saldo=1&benamning=" + url.QueryEscape("sittbredd rullst")},
		{"Artikel (saldo)", "/artiklar/30593"},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				if r := call(b, srv, request{Method: "GET", Path: page.path, Cookie: cookie}); r.Status != 200 {
					b.Fatalf("GET %s: %d", page.path, r.Status)
				}
			}
		})
	}
}
