package web_test

import (
	"regexp"
	"testing"

	"hjalpmedel/internal/testserver"
)

// The Content-Security-Policy of each kind of response: pages load only this
// origin's files, with no inline script or style; JSON and the files the browser
// shows by itself (PDF, pictures) load nothing; no response may be framed.
const (
	pagePolicy = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	apiPolicy  = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	filePolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

var stylesheet = regexp.MustCompile(`href="(/static/[^"]+\.css)"`)

func TestContentSecurityPolicy(t *testing.T) {
	srv := testserver.Start(t, testserver.At(serviceNow))
	lno, admin := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "ADMIN", demoPassword)
	cookie := formLogin(t, srv, "K082LNO", demoPassword)
	po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
		Body: `{"personnummer":"191212121212","customer":"2990","units":["104901"]}`}), 201)
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
	mustStatus(t, call(t, srv, request{Method: "PUT", Path: "/api/v1/articles/15749/picture", Bearer: admin, Body: png}), 200)
	login := call(t, srv, request{Method: "GET", Path: "/login"})
	css := stylesheet.FindStringSubmatch(login.Body)
	if css == nil {
		t.Fatalf("the login page links no stylesheet:\n%s", login.Body)
	}

	for _, tc := range []struct {
		name   string
		rq     request
		status int
		policy string
	}{
		{"login page", request{Method: "GET", Path: "/login"}, 200, pagePolicy},
		{"page", request{Method: "GET", Path: "/hamtorder?personnummer=191212121212", Cookie: cookie}, 200, pagePolicy},
		{"redirect to the login", request{Method: "GET", Path: "/start"}, 303, pagePolicy},
		{"error page", request{Method: "GET", Path: "/finns-inte", Cookie: cookie}, 404, pagePolicy},
		{"stylesheet", request{Method: "GET", Path: css[1]}, 200, pagePolicy},
		{"API", request{Method: "GET", Path: "/api/v1/me", Bearer: lno}, 200, apiPolicy},
		{"API error", request{Method: "GET", Path: "/api/v1/me"}, 401, apiPolicy},
		{"OpenAPI document", request{Method: "GET", Path: "/api/openapi.json"}, 200, apiPolicy},
		{"pickup note (PDF)", request{Method: "GET", Path: "/hamtorder/" + po["number"].(string) + "?format=pdf", Cookie: cookie}, 200, filePolicy},
		{"picture", request{Method: "GET", Path: "/artiklar/15749/bild", Cookie: cookie}, 200, filePolicy},
		{"picture (API)", request{Method: "GET", Path: "/api/v1/articles/15749/picture", Bearer: lno}, 200, filePolicy},
		{"no picture (API)", request{Method: "GET", Path: "/api/v1/articles/11109/picture", Bearer: lno}, 404, apiPolicy},
	} {
		r := call(t, srv, tc.rq)
		if r.Status != tc.status {
			t.Errorf("%s: %s %s: status %d, want %d", tc.name, tc.rq.Method, tc.rq.Path, r.Status, tc.status)
		}
		if got := r.Header.Values("Content-Security-Policy"); len(got) != 1 || got[0] != tc.policy {
			t.Errorf("%s: %s %s: Content-Security-Policy %q, want %q", tc.name, tc.rq.Method, tc.rq.Path, got, tc.policy)
		}
	}
}
