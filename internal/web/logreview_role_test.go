package web_test

import (
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/testserver"
)

// An admin gives a user the log reviewer's role (Loggranskare) through the API,
// and the user form offers it; on both databases (the role is allowed by migration 0008).
func TestLogReviewerRole(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		st, body := admin.raw("POST", "/api/v1/users", map[string]any{"username": "GRANSKARE", "name": "Greta Granskare", "roles": []string{"log_reviewer"}})
		if st != 201 {
			t.Fatalf("create log reviewer: %d %s", st, body)
		}
		var got struct{ Roles []string }
		if st := admin.do("GET", "/api/v1/users/GRANSKARE", nil, &got); st != 200 || strings.Join(got.Roles, ",") != "log_reviewer" {
			t.Fatalf("the user's roles: %d %v", st, got.Roles)
		}
		cookie := formLogin(t, srv, "ADMIN", demo.Password)
		if r := call(t, srv, request{Method: "GET", Path: "/admin/anvandare/ny", Cookie: cookie}); r.Status != 200 || !strings.Contains(r.Body, "Loggranskare") {
			t.Fatalf("the user form does not offer Loggranskare: %d", r.Status)
		}
		// The demo's log reviewer logs in.
		boLogin(t, srv, "LOGGRANSKARE")
	})
}
