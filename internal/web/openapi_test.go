package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"hjalpmedel/internal/testserver"
)

// The OpenAPI document is valid OpenAPI 3.1, and the answers the server really
// gives — every GET without parameters, a sample with parameters, creates and
// their idempotent repeats, files and errors — match what it says.
func TestOpenAPIDocumentDescribesRealAnswers(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		r := call(t, srv, request{Method: "GET", Path: "/api/openapi.json"})
		if r.Status != 200 {
			t.Fatalf("/api/openapi.json: %d", r.Status)
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData([]byte(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := doc.Validate(ctx); err != nil {
			t.Fatalf("the document is not valid OpenAPI: %v", err)
		}
		tokens := map[string]string{}
		for _, u := range []string{"K082LNO", "ADMIN", "LAGER", "TEKNIKER", "KUNDTJANST"} {
			tokens[u] = apiLogin(t, srv, u, demoPassword)
		}
		checked := 0
		// check calls path (the document's template filled in) and validates the answer.
		check := func(user, method, template, path, body string) reply {
			t.Helper()
			rep := call(t, srv, request{Method: method, Path: path, Body: body, Bearer: tokens[user]})
			req, err := http.NewRequest(method, "http://localhost"+path, strings.NewReader(body))
			path, _, _ = strings.Cut(path, "?")
			if err != nil {
				t.Fatal(err)
			}
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			item := doc.Paths.Value(template)
			if item == nil || item.GetOperation(method) == nil {
				t.Errorf("%s %s: not in the document", method, template)
				return rep
			}
			route := &routers.Route{Spec: doc, Path: template, PathItem: item, Method: method, Operation: item.GetOperation(method)}
			params := pathValues(template, path)
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
					Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
				Status: rep.Status, Header: rep.Header, Body: io.NopCloser(bytes.NewReader([]byte(rep.Body))),
				Options: &openapi3filter.Options{IncludeResponseStatus: true},
			}
			if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
				t.Errorf("%s %s as %s: the answer %d does not match the document: %v", method, path, user, rep.Status, shorten(err.Error()))
			}
			checked++
			return rep
		}
		for path, item := range doc.Paths.Map() {
			if item.Get == nil || strings.Contains(path, "{") {
				continue
			}
			for _, user := range []string{"K082LNO", "ADMIN"} {
				check(user, "GET", path, path, "")
			}
		}
		order := `{"recipient":{"personnummer":"191212121212"},"customer":"2990","idempotencyKey":"openapi-1","lines":[{"article":"11109"}]}`
		created := check("K082LNO", "POST", "/api/v1/orders", "/api/v1/orders", order)
		if created.Status != 201 {
			t.Fatalf("order: %d %s", created.Status, created.Body)
		}
		if rep := check("K082LNO", "POST", "/api/v1/orders", "/api/v1/orders", order); rep.Status != 200 {
			t.Errorf("the idempotent repeat: %d", rep.Status)
		}
		number, _ := created.JSON(t)["number"].(string)
		for _, c := range []struct{ user, template, path string }{
			{"K082LNO", "/api/v1/orders/{number}", "/api/v1/orders/" + number},
			{"K082LNO", "/api/v1/orders/{number}", "/api/v1/orders/99999999"},
			{"K082LNO", "/api/v1/patients/{personnummer}/aids", "/api/v1/patients/191212121212/aids"},
			{"K082LNO", "/api/v1/patients/{personnummer}/workorders", "/api/v1/patients/191212121212/workorders"},
			{"K082LNO", "/api/v1/patients/{personnummer}/pickuporders", "/api/v1/patients/191212121212/pickuporders"},
			{"K082LNO", "/api/v1/patients/{personnummer}/returned", "/api/v1/patients/191212121212/returned"},
			{"K082LNO", "/api/v1/patients/{personnummer}/components-on-the-way", "/api/v1/patients/191212121212/components-on-the-way"},
			{"K082LNO", "/api/v1/registry/{personnummer}", "/api/v1/registry/191212121212"},
			{"K082LNO", "/api/v1/customers/{number}/aids", "/api/v1/customers/2990/aids"},
			{"K082LNO", "/api/v1/units/{unit}", "/api/v1/units/174901"},
			{"K082LNO", "/api/v1/articles/{number}", "/api/v1/articles/11109"},
			{"ADMIN", "/api/v1/users/{username}", "/api/v1/users/K082LNO"},
			{"LAGER", "/api/v1/stock/units/{unit}/history", "/api/v1/stock/units/174901/history"},
			{"ADMIN", "/api/v1/reports/units-out", "/api/v1/reports/units-out?format=csv"},
			{"K082LNO", "/api/v1/articles/{number}/picture", "/api/v1/articles/11109/picture"},
			{"K082LNO", "/api/v1/units/{unit}/label", "/api/v1/units/179711/label"},
			{"LAGER", "/api/v1/scan/{code}", "/api/v1/scan/26B46546"},
			{"LAGER", "/api/v1/scan/{code}", "/api/v1/scan/22876"},
			{"LAGER", "/api/v1/scan/{code}", "/api/v1/scan/XQ-404"},
		} {
			check(c.user, "GET", c.template, c.path, "")
		}
		if checked < 60 {
			t.Errorf("only %d answers checked", checked)
		}
	})
}

func shorten(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// pathValues pairs a template's {names} with the path's segments.
func pathValues(template, path string) map[string]string {
	values := map[string]string{}
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	for i, seg := range ts {
		if strings.HasPrefix(seg, "{") && i < len(ps) {
			values[strings.Trim(seg, "{}")] = ps[i]
		}
	}
	return values
}
