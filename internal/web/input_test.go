package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/testserver"
)

// badTexts are the texts no person types and PostgreSQL cannot store, as they
// appear inside a JSON string: a NUL byte (escaped and raw) and invalid UTF-8.
var badTexts = []struct{ name, json, plain string }{
	{"NUL", `"a\u0000b"`, "a\x00b"},
	{"invalid UTF-8", "\"a\xff\xfeb\"", "a\xff\xfeb"},
}

// userOfRole is a demo user with the role.
var userOfRole = map[string]string{
	"prescriber": "K082LNO", "customer_service": "KUNDTJANST", "warehouse": "LAGER",
	"technician": "TEKNIKER", "admin": "ADMIN", "log_reviewer": "LOGGRANSKARE",
}

// textFields lists the dotted paths of a schema's string fields, with a JSON
// body that holds only that field (set to the placeholder @@) for each.
func textFields(schema map[string]any, prefix string) map[string]string {
	out := map[string]string{}
	props, _ := schema["properties"].(map[string]any)
	for name, p := range props {
		sch, _ := p.(map[string]any)
		field := prefix + name
		switch sch["type"] {
		case "string":
			out[field] = `{"` + name + `":@@}`
		case "array":
			items, _ := sch["items"].(map[string]any)
			switch items["type"] {
			case "string":
				out[field+"[0]"] = `{"` + name + `":[@@]}`
			case "object":
				for f, body := range textFields(items, field+"[0].") {
					out[f] = `{"` + name + `":[` + body + `]}`
				}
			}
		case "object":
			for f, body := range textFields(sch, field+".") {
				out[f] = `{"` + name + `":` + body + `}`
			}
		}
	}
	return out
}

var pathWildcard = regexp.MustCompile(`\{[^}]+\}`)

// TestInvalidTextEveryAPIField sends a NUL byte and invalid UTF-8 in every text
// field of every JSON endpoint's request schema, every documented query
// parameter and every path parameter, as a user of the route's role: each
// answer is 400 naming the field, none a 5xx.
func TestInvalidTextEveryAPIField(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		doc := fetchOpenAPI(t, srv)
		tokens := map[string]string{}
		token := func(user string, fresh bool) string {
			if tokens[user] == "" || fresh {
				tokens[user] = apiLogin(t, srv, user, demo.Password)
			}
			return tokens[user]
		}
		send := func(method, path, body, user string) reply {
			rq := request{Method: strings.ToUpper(method), Path: path, Body: body}
			if user != "" {
				rq.Bearer = token(user, false)
			}
			rp := call(t, srv, rq)
			if rp.Status == http.StatusUnauthorized && user != "" {
				// A route before this one ended the session (logout).
				rq.Bearer = token(user, true)
				rp = call(t, srv, rq)
			}
			return rp
		}
		var paths []string
		for p := range doc.Paths {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		sent := 0
		check := func(what string, rp reply, field string) {
			sent++
			if rp.Status >= 500 {
				t.Errorf("%s: %d %s", what, rp.Status, rp.Body)
				return
			}
			e, _ := rp.JSON(t)["error"].(map[string]any)
			if fields, _ := e["fields"].(map[string]any); rp.Status != http.StatusBadRequest || fields[field] == nil {
				t.Errorf("%s: %d %s, want 400 naming the field %s", what, rp.Status, rp.Body, field)
			}
		}
		for _, p := range paths {
			for method, op := range doc.Paths[p] {
				user := "ADMIN"
				if len(op.XRoles) > 0 {
					user = userOfRole[op.XRoles[0]]
				}
				if p == "/api/v1/login" {
					user = ""
				}
				plain := pathWildcard.ReplaceAllString(p, "1")
				for _, bad := range badTexts {
					if op.RequestBody != nil {
						for field, body := range textFields(op.RequestBody.Content["application/json"].Schema, "") {
							what := method + " " + p + " " + field + " (" + bad.name + ")"
							check(what, send(method, plain, strings.Replace(body, "@@", bad.json, 1), user), field)
						}
					}
					for _, prm := range op.Parameters {
						switch prm.In {
						case "query":
							what := method + " " + p + " ?" + prm.Name + " (" + bad.name + ")"
							check(what, send(method, plain+"?"+prm.Name+"="+url.QueryEscape(bad.plain), "", user), prm.Name)
						case "path":
							what := method + " " + p + " {" + prm.Name + "} (" + bad.name + ")"
							check(what, send(method, strings.Replace(p, "{"+prm.Name+"}", url.PathEscape(bad.plain), 1), "", user), prm.Name)
						}
					}
				}
			}
		}
		t.Logf("%d requests with invalid text, each answered 400 naming the field", sent)
	})
}

// TestInvalidTextLogin: the login (JSON and form) and a page's query parameter
// refuse a NUL byte and invalid UTF-8 with 400 naming the field.
func TestInvalidTextLogin(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		for _, bad := range badTexts {
			r := call(t, srv, request{Method: "POST", Path: "/api/v1/login", Body: `{"username":` + bad.json + `,"password":"x"}`})
			e := wantError(t, r, http.StatusBadRequest, "invalid")
			if f, _ := e["fields"].(map[string]any); f["username"] == nil {
				t.Errorf("API login with %s: fields %v, want username", bad.name, e["fields"])
			}
			r = call(t, srv, request{Method: "POST", Path: "/login", Form: url.Values{"username": {bad.plain}, "password": {"x"}}})
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Fältet username innehåller otillåtna tecken") {
				t.Errorf("form login with %s: %d %.300s", bad.name, r.Status, r.Body)
			}
			cookie := formLogin(t, srv, "KUNDTJANST", demo.Password)
			r = call(t, srv, request{Method: "GET", Path: "/cfr?personnr=" + url.QueryEscape(bad.plain), Cookie: cookie})
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "personnr") {
				t.Errorf("GET /cfr with %s: %d %.300s", bad.name, r.Status, r.Body)
			}
		}
	})
}
