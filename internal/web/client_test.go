package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// The API and route tests talk HTTP to a whole application (testserver) the way
// a client does: no redirects followed, tokens and cookies handled by hand.

// reply is an HTTP response with its body read.
type reply struct {
	Status int
	Header http.Header
	Body   string
}

// JSON decodes the body into a generic value.
func (r reply) JSON(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("the body is not a JSON object (%v):\n%s", err, r.Body)
	}
	return v
}

// request describes one HTTP call.
type request struct {
	Method, Path string
	Body         string            // sent as JSON unless Form is set
	Form         url.Values        // sent as a form
	Bearer       string            // Authorization: Bearer …
	Cookie       string            // the session cookie's value
	Header       map[string]string // more headers
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func call(t testing.TB, srv *testserver.Server, rq request) reply {
	t.Helper()
	var body io.Reader
	if rq.Form != nil {
		body = strings.NewReader(rq.Form.Encode())
	} else if rq.Body != "" {
		body = strings.NewReader(rq.Body)
	}
	req, err := http.NewRequest(rq.Method, srv.URL+rq.Path, body)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case rq.Form != nil:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case rq.Body != "":
		req.Header.Set("Content-Type", "application/json")
	}
	if rq.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+rq.Bearer)
	}
	if rq.Cookie != "" {
		req.AddCookie(&http.Cookie{Name: "hm_session", Value: rq.Cookie})
	}
	for k, v := range rq.Header {
		req.Header.Set(k, v)
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.Method, rq.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// apiLogin logs in through the API and returns the bearer token.
func apiLogin(t *testing.T, srv *testserver.Server, username, password string) string {
	t.Helper()
	r := call(t, srv, request{Method: "POST", Path: "/api/v1/login",
		Body: `{"username":` + quote(username) + `,"password":` + quote(password) + `}`})
	if r.Status != http.StatusOK {
		t.Fatalf("API login as %s: status %d: %s", username, r.Status, r.Body)
	}
	tok, _ := r.JSON(t)["token"].(string)
	if tok == "" {
		t.Fatalf("API login as %s gave no token: %s", username, r.Body)
	}
	return tok
}

// formLogin logs in through the login page and returns the session cookie's value.
func formLogin(t testing.TB, srv *testserver.Server, username, password string) string {
	t.Helper()
	r := call(t, srv, request{Method: "POST", Path: "/login", Form: url.Values{"username": {username}, "password": {password}}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("form login as %s: status %d, want 303: %.300s", username, r.Status, r.Body)
	}
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == "hm_session" && c.Value != "" {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie: HttpOnly %v, SameSite %v; want HttpOnly and Lax", c.HttpOnly, c.SameSite)
			}
			return c.Value
		}
	}
	t.Fatalf("form login as %s set no session cookie", username)
	return ""
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// wantError checks the JSON error shape {"error":{"code","message","fields"}}.
func wantError(t *testing.T, r reply, status int, code domain.Code) map[string]any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	e, ok := r.JSON(t)["error"].(map[string]any)
	if !ok {
		t.Fatalf("no error object: %s", r.Body)
	}
	if e["code"] != string(code) {
		t.Errorf("error.code = %v, want %s", e["code"], code)
	}
	if m, _ := e["message"].(string); m == "" {
		t.Errorf("error.message is empty: %s", r.Body)
	}
	if f, ok := e["fields"]; ok {
		fm, ok := f.(map[string]any)
		if !ok {
			t.Errorf("error.fields is not an object: %s", r.Body)
		}
		for k, v := range fm {
			if _, ok := v.(string); !ok {
				t.Errorf("error.fields.%s is not a string: %s", k, r.Body)
			}
		}
	}
	return e
}

// userFor is a demo user who has the role.
func userFor(role domain.Role) string {
	switch role {
	case domain.RolePrescriber:
		return "K082LNO"
	case domain.RoleCustomerService:
		return "KUNDTJANST"
	case domain.RoleWarehouse:
		return "LAGER"
	case domain.RoleTechnician:
		return "TEKNIKER"
	case domain.RoleLogReviewer:
		return "LOGGRANSKARE"
	}
	return "ADMIN"
}

// userWithout is a demo user who has none of the roles ("" when every demo user has one).
func userWithout(roles []domain.Role) string {
	for _, r := range domain.Roles {
		if !hasRole(roles, r) {
			return userFor(r)
		}
	}
	return ""
}

func hasRole(roles []domain.Role, r domain.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

var demoPassword = demo.Password

// formBrowser logs in through the login form as username with a client that
// keeps cookies and follows redirects, as a browser does; post sends a form and
// answers with the page it ended on (which must be a 200) and its body.
func formBrowser(t *testing.T, srv *testserver.Server, username string) (*http.Client, func(path string, v url.Values) (string, string)) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	post := func(path string, v url.Values) (string, string) {
		t.Helper()
		resp, err := c.PostForm(srv.URL+path, v)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
		}
		return resp.Request.URL.Path, string(b)
	}
	post("/login", url.Values{"username": {username}, "password": {demoPassword}})
	return c, post
}
