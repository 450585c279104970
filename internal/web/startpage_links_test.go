package web_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// Every link on a back-office user's start page (the menus, the top links, the
// news and messages) opens for that user: none answers 403, 404 or a server error.
func TestStartPageLinksOpenForEachBackOfficeRole(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		for _, user := range []string{"KUNDTJANST", "LAGER", "TEKNIKER", "ADMIN"} {
			cookie := boLogin(t, srv, user).token
			start := call(t, srv, request{Method: "GET", Path: "/start", Cookie: cookie})
			if start.Status != http.StatusOK {
				t.Fatalf("%s: GET /start: %d", user, start.Status)
			}
			seen := map[string]bool{}
			for _, m := range hrefs.FindAllStringSubmatch(start.Body, -1) {
				link := html.UnescapeString(m[1])
				if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") || seen[link] {
					continue
				}
				seen[link] = true
				r := call(t, srv, request{Method: "GET", Path: link, Cookie: cookie})
				if r.Status == http.StatusForbidden || r.Status == http.StatusNotFound || r.Status >= 500 {
					t.Errorf("%s: the start page links to %s, which answers %d", user, link, r.Status)
				}
			}
			if len(seen) < 5 {
				t.Errorf("%s: only %d links on the start page: %v", user, len(seen), seen)
			}
		}
	})
}
