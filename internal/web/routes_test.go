package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
	"hjalpmedel/internal/web"
)

var pathParam = regexp.MustCompile(`\{([^}.]+)(\.\.\.)?\}`)

// concrete fills a route's path parameters with a value.
func concrete(path string) string {
	return pathParam.ReplaceAllString(path, "1")
}

// Every page that is not public sends an anonymous visitor to the login page,
// and every API route that is not public answers 401 in JSON. The table is the
// server's own route list, so routes added later are covered too.
func TestAnonymousIsRefusedEverywhere(t *testing.T) {
	srv := testserver.Start(t)
	var pages, apis int
	for _, rt := range srv.Web.Routes() {
		if rt.Public {
			continue
		}
		method := rt.Method
		if method == "" {
			method = "GET"
		}
		path := concrete(rt.Path)
		t.Run(method+" "+rt.Path, func(t *testing.T) {
			body := ""
			if method == "POST" || method == "PUT" || method == "PATCH" {
				body = "{}"
			}
			r := call(t, srv, request{Method: method, Path: path, Body: body})
			if rt.API {
				apis++
				wantError(t, r, 401, domain.EUnauthorized)
				return
			}
			pages++
			want := "/login"
			if method == "GET" {
				want += "?next=" + strings.ReplaceAll(path, "/", "%2F")
			}
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != want {
				t.Fatalf("anonymous %s %s: status %d, Location %q; want 303 to %s", method, path, r.Status, r.Header.Get("Location"), want)
			}
		})
	}
	if pages < 10 || apis < 5 {
		t.Fatalf("only %d pages and %d API routes checked: is the route list complete?", pages, apis)
	}
}

// Every route that names roles refuses a logged-in user without them: 403 with
// the error page or the JSON error.
func TestWrongRoleIsRefusedEverywhere(t *testing.T) {
	srv := testserver.Start(t)
	tokens := map[string]string{}
	checked := 0
	for _, rt := range srv.Web.Routes() {
		if rt.Public || len(rt.Roles) == 0 {
			continue
		}
		user := userWithout(rt.Roles)
		if user == "" {
			continue
		}
		method := rt.Method
		if method == "" {
			method = "GET"
		}
		t.Run(method+" "+rt.Path+" as "+user, func(t *testing.T) {
			rq := request{Method: method, Path: concrete(rt.Path)}
			if method != "GET" && method != "DELETE" {
				rq.Body = "{}"
			}
			if rt.API {
				if tokens[user] == "" {
					tokens[user] = apiLogin(t, srv, user, demoPassword)
				}
				rq.Bearer = tokens[user]
				wantError(t, call(t, srv, rq), 403, domain.EForbidden)
			} else {
				if tokens["cookie:"+user] == "" {
					tokens["cookie:"+user] = formLogin(t, srv, user, demoPassword)
				}
				rq.Cookie = tokens["cookie:"+user]
				rq.Header = map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}
				r := call(t, srv, rq)
				if r.Status != 403 || !strings.Contains(r.Body, "Behörighet saknas") {
					t.Fatalf("status %d, want 403 with Behörighet saknas: %.300s", r.Status, r.Body)
				}
			}
			checked++
		})
	}
	if checked < 10 {
		t.Fatalf("only %d role-restricted routes checked", checked)
	}
}

// openAPIDoc is the part of an OpenAPI document the tests read.
type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]openAPIOp `json:"paths"`
	Components struct {
		Responses       map[string]any `json:"responses"`
		SecuritySchemes map[string]any `json:"securitySchemes"`
	} `json:"components"`
}

type openAPIOp struct {
	OperationID string `json:"operationId"`
	Summary     string `json:"summary"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	} `json:"parameters"`
	Responses   map[string]map[string]any `json:"responses"`
	Security    *[]map[string]any         `json:"security"`
	XRoles      []string                  `json:"x-roles"`
	RequestBody *struct {
		Content map[string]struct {
			Schema map[string]any `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func fetchOpenAPI(t *testing.T, srv *testserver.Server) openAPIDoc {
	t.Helper()
	r := call(t, srv, request{Method: "GET", Path: "/api/openapi.json"})
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/openapi.json: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not JSON of the expected shape: %v", err)
	}
	return doc
}

// The OpenAPI document is structurally valid: version 3.x, info, operations
// with responses, declared path parameters, unique operation ids, resolvable refs.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	srv := testserver.Start(t)
	doc := fetchOpenAPI(t, srv)
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	if doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("info lacks title or version: %+v", doc.Info)
	}
	if len(doc.Paths) == 0 {
		t.Fatal("no paths")
	}
	ids := map[string]string{}
	for path, item := range doc.Paths {
		if !strings.HasPrefix(path, "/api/v1/") {
			t.Errorf("path %s is not under /api/v1/", path)
		}
		inPath := map[string]bool{}
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			if m[2] != "" {
				t.Errorf("path %s keeps the mux's wildcard syntax", path)
			}
			inPath[m[1]] = true
		}
		for method, op := range item {
			where := strings.ToUpper(method) + " " + path
			if !slices.Contains(httpMethods, method) {
				t.Errorf("%s: %q is not an HTTP method", where, method)
				continue
			}
			if op.Summary == "" {
				t.Errorf("%s has no summary", where)
			}
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", where)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("operationId %s is used by %s and %s", op.OperationID, other, where)
			}
			ids[op.OperationID] = where
			if len(op.Responses) == 0 {
				t.Errorf("%s has no responses", where)
			}
			success := false
			for code, resp := range op.Responses {
				if len(code) != 3 || (code[0] < '1' || code[0] > '5') {
					t.Errorf("%s: response code %q", where, code)
				}
				if code[0] == '2' {
					success = true
				}
				if ref, ok := resp["$ref"].(string); ok {
					name, found := strings.CutPrefix(ref, "#/components/responses/")
					if _, exists := doc.Components.Responses[name]; !found || !exists {
						t.Errorf("%s %s: $ref %s does not resolve", where, code, ref)
					}
				} else if d, _ := resp["description"].(string); d == "" {
					t.Errorf("%s %s: a response needs a description", where, code)
				}
			}
			if !success {
				t.Errorf("%s documents no 2xx response", where)
			}
			declared := map[string]bool{}
			for _, p := range op.Parameters {
				if p.In == "path" {
					declared[p.Name] = true
					if !p.Required {
						t.Errorf("%s: path parameter %s must be required", where, p.Name)
					}
					if !inPath[p.Name] {
						t.Errorf("%s: path parameter %s is not in the path", where, p.Name)
					}
				}
			}
			for name := range inPath {
				if !declared[name] {
					t.Errorf("%s: path parameter {%s} is not declared", where, name)
				}
			}
			for _, sec := range *op.Security {
				for scheme := range sec {
					if _, ok := doc.Components.SecuritySchemes[scheme]; !ok {
						t.Errorf("%s: security scheme %s is not defined", where, scheme)
					}
				}
			}
		}
	}
	if _, ok := doc.Components.Responses["Error"]; !ok {
		t.Error("components.responses.Error is missing")
	}
}

// The document and the served routes agree: every /api/v1 route on the mux is
// documented, and every documented operation is served (it answers something
// other than 404 for an unknown path, or 405).
// objectRefusal reports whether a 403 refuses the object a route was called
// with, not the caller's role.
func objectRefusal(key, body string) bool {
	return key == "POST /api/v1/transfers/{id}/acknowledge" && strings.Contains(body, "Endast den förskrivare som BMB är skickad till")
}

func TestOpenAPIMatchesServedRoutes(t *testing.T) {
	srv := testserver.Start(t)
	doc := fetchOpenAPI(t, srv)
	documented := map[string]openAPIOp{}
	for path, item := range doc.Paths {
		for method, op := range item {
			documented[strings.ToUpper(method)+" "+path] = op
		}
	}
	served := map[string]web.Route{}
	for _, rt := range srv.Web.Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1") {
			continue
		}
		key := rt.Method + " " + pathParam.ReplaceAllString(rt.Path, "{$1}")
		served[key] = rt
		if !rt.API {
			t.Errorf("%s %s is under /api/v1 but not registered as an API route (use apiRoute)", rt.Method, rt.Path)
		}
		if rt.Method == "" {
			t.Errorf("%s: an API route must name its method", rt.Path)
		}
		op, ok := documented[key]
		if !ok {
			t.Errorf("%s is served but not in /api/openapi.json", key)
			continue
		}
		if op.Security == nil || rt.Public != (len(*op.Security) == 0) {
			t.Errorf("%s: public %v, but the document's security is %v", key, rt.Public, op.Security)
		}
		var roles []string
		for _, r := range rt.Roles {
			roles = append(roles, string(r))
		}
		if !slices.Equal(roles, op.XRoles) {
			t.Errorf("%s: roles %v, documented x-roles %v", key, roles, op.XRoles)
		}
	}
	for key := range documented {
		rt, ok := served[key]
		if !ok {
			t.Errorf("%s is documented but no such route is registered", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			method, path, _ := strings.Cut(key, " ")
			rq := request{Method: method, Path: concrete(path)}
			if method == "POST" || method == "PUT" || method == "PATCH" {
				rq.Body = "{}"
			}
			if !rt.Public {
				user := "ADMIN"
				if len(rt.Roles) > 0 {
					user = userFor(rt.Roles[0])
				}
				rq.Bearer = apiLogin(t, srv, user, demoPassword) // a fresh token: one of the operations is logout
			}
			r := call(t, srv, rq)
			if r.Status == http.StatusMethodNotAllowed {
				t.Fatalf("%s answers 405", key)
			}
			if r.Status == http.StatusNotFound {
				e := wantError(t, r, 404, domain.ENotFound)
				if e["message"] == "Sidan finns inte." {
					t.Fatalf("%s is not served: %s", key, r.Body)
				}
			}
			// A refusal about the object itself (the demo's BMB 1 is addressed to
			// another prescriber) comes after the role was let through.
			if r.Status == 401 || r.Status == 403 && !objectRefusal(key, r.Body) {
				t.Fatalf("%s as a user with the route's role: %d %s", key, r.Status, r.Body)
			}
		})
	}
	for _, must := range []string{"POST /api/v1/login", "GET /api/v1/me", "GET /api/v1/messages", "DELETE /api/v1/messages"} {
		if _, ok := documented[must]; !ok {
			t.Errorf("%s is not documented", must)
		}
	}
}

func TestHealthzAndMetrics(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		r := call(t, srv, request{Method: "GET", Path: "/healthz"})
		if r.Status != 200 || r.Body != "ok\n" {
			t.Fatalf("/healthz: %d %q", r.Status, r.Body)
		}
		token := apiLogin(t, srv, "K082LNO", demoPassword)
		for range 3 {
			call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token})
		}
		call(t, srv, request{Method: "GET", Path: "/api/v1/me"})
		call(t, srv, request{Method: "GET", Path: "/meddelanden/42", Bearer: token})
		// The metrics are not on the application's address (serve --metrics-addr
		// serves them on one of their own).
		if r = call(t, srv, request{Method: "GET", Path: "/metrics"}); r.Status != http.StatusNotFound {
			t.Errorf("/metrics on the application's address: %d, want 404", r.Status)
		}
		rec := httptest.NewRecorder()
		srv.Web.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		r = reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
		if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
			t.Fatalf("/metrics: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		want := []string{
			"# TYPE hjalpmedel_http_requests_total counter",
			`hjalpmedel_http_requests_total{route="GET /api/v1/me",status="200"} 3`,
			`hjalpmedel_http_requests_total{route="GET /api/v1/me",status="401"} 1`,
			`hjalpmedel_http_requests_total{route="POST /api/v1/login",status="200"} 1`,
			`hjalpmedel_http_requests_total{route="GET /healthz",status="200"} 1`,
			"# TYPE hjalpmedel_http_request_duration_seconds histogram",
			`hjalpmedel_http_request_duration_seconds_bucket{route="GET /api/v1/me",le="+Inf"} 4`,
			`hjalpmedel_http_request_duration_seconds_count{route="GET /api/v1/me"} 4`,
			`hjalpmedel_db_connections{pool="write",state="open"}`,
			`hjalpmedel_db_connections{pool="write",state="in_use"}`,
			`hjalpmedel_db_wait_total{pool="write"}`,
			"hjalpmedel_db_snapshots_open 0",
			"go_goroutines ", "process_resident_memory_bytes ",
		}
		if srv.DB.Dialect.String() == "sqlite" {
			want = append(want, `hjalpmedel_db_connections{pool="read",state="idle"}`,
				`hjalpmedel_db_statements_cached{pool="write"}`, `hjalpmedel_db_statement_runs_total{pool="read",prepared="true"}`,
				`hjalpmedel_db_write_actions_total`, `hjalpmedel_db_write_commits_total`)
		}
		for _, w := range want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("/metrics lacks %s", w)
			}
		}
		// Every sample line parses as name{labels} value.
		sample := regexp.MustCompile(`^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)+\})? [0-9.e+-]+$`)
		for _, line := range strings.Split(strings.TrimSpace(r.Body), "\n") {
			if !strings.HasPrefix(line, "#") && !sample.MatchString(line) {
				t.Errorf("not a Prometheus sample: %q", line)
			}
		}
	})
}

// Unknown pages say so; a logged-in user keeps the menu there. Unknown API
// paths answer in JSON.
func TestNotFound(t *testing.T) {
	srv := testserver.Start(t)
	cookie := formLogin(t, srv, "K082LNO", demoPassword)
	r := call(t, srv, request{Method: "GET", Path: "/finns-inte", Cookie: cookie})
	if r.Status != 404 || !strings.Contains(r.Body, "Sidan finns inte") || !strings.Contains(r.Body, `href="/meddelanden"`) {
		t.Fatalf("404 for a logged-in user: %d %.2000s", r.Status, r.Body)
	}
	r = call(t, srv, request{Method: "GET", Path: "/finns-inte"})
	if r.Status != 404 || strings.Contains(r.Body, `href="/meddelanden"`) {
		t.Fatalf("404 for a visitor: %d", r.Status)
	}
	wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v2/x"}), 404, domain.ENotFound)
	if r := call(t, srv, request{Method: "GET", Path: "/"}); r.Status != 303 || r.Header.Get("Location") != "/start" {
		t.Fatalf("/: %d %q", r.Status, r.Header.Get("Location"))
	}
	r = call(t, srv, request{Method: "GET", Path: "/meddelanden/999999", Cookie: cookie})
	if r.Status != 404 || !strings.Contains(r.Body, "Meddelandet finns inte.") {
		t.Fatalf("someone else's or a missing message: %d", r.Status)
	}
}

// Login and the language switch return only to pages of this site.
func TestRedirectsStayOnTheSite(t *testing.T) {
	srv := testserver.Start(t)
	for _, tc := range []struct{ back, want string }{
		{"/meddelanden", "/meddelanden"},
		{"/meddelanden?x=1", "/meddelanden?x=1"},
		{"https://elak.example/", "/start"},
		{"//elak.example/", "/start"},
		{"/\\elak.example", "/start"},
		{"/\t/elak.example", "/start"},
		{"javascript:alert(1)", "/start"},
		{"", "/start"},
	} {
		t.Run(fmt.Sprintf("%q", tc.back), func(t *testing.T) {
			r := call(t, srv, request{Method: "GET", Path: "/sprak/en?tillbaka=" + urlQuery(tc.back)})
			if r.Status != 303 || r.Header.Get("Location") != tc.want {
				t.Errorf("language switch: %d to %q, want %q", r.Status, r.Header.Get("Location"), tc.want)
			}
			r = call(t, srv, request{Method: "POST", Path: "/login", Form: map[string][]string{"username": {"K082LNO"}, "password": {"Demo1234"}, "next": {tc.back}}})
			if r.Status != 303 || r.Header.Get("Location") != tc.want {
				t.Errorf("login: %d to %q, want %q", r.Status, r.Header.Get("Location"), tc.want)
			}
		})
	}
	if r := call(t, srv, request{Method: "GET", Path: "/sprak/de"}); r.Status != 404 {
		t.Errorf("/sprak/de: %d", r.Status)
	}
}

func urlQuery(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// The confirmation of an action (post/redirect/get) is shown once.
func TestFlashIsShownOnce(t *testing.T) {
	srv := testserver.Start(t)
	cookie := formLogin(t, srv, "K082LNO", demoPassword)
	r := call(t, srv, request{Method: "POST", Path: "/meddelanden/ta-bort", Cookie: cookie, Form: map[string][]string{"tillbaka": {"/start"}}})
	if r.Status != 303 || r.Header.Get("Location") != "/start" {
		t.Fatalf("delete: %d %q", r.Status, r.Header.Get("Location"))
	}
	var flash string
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "hm_flash" {
			flash = c.Value
		}
	}
	if flash == "" {
		t.Fatal("no flash cookie")
	}
	req := func() reply {
		rq, _ := http.NewRequest("GET", srv.URL+"/start", nil)
		rq.AddCookie(&http.Cookie{Name: "hm_session", Value: cookie})
		rq.AddCookie(&http.Cookie{Name: "hm_flash", Value: flash})
		resp, err := noRedirects.Do(rq)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		buf := make([]byte, 64<<10)
		for {
			n, err := resp.Body.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				break
			}
		}
		for _, c := range resp.Cookies() {
			if c.Name == "hm_flash" && c.MaxAge < 0 {
				flash = ""
			}
		}
		return reply{Status: resp.StatusCode, Body: b.String()}
	}
	if r := req(); !strings.Contains(r.Body, `role="status">Samtliga meddelanden är borttagna.`) {
		t.Fatalf("the start page does not confirm: %.2000s", r.Body)
	}
	if flash != "" {
		t.Fatal("the flash cookie was not cleared after it was shown")
	}
}
