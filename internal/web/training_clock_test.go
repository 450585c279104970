package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// Without serve --training-clock the clock cannot be set: the routes answer 404.
func TestTrainingClockOffByDefault(t *testing.T) {
	srv := testserver.Start(t)
	admin := apiLogin(t, srv, "ADMIN", demoPassword)
	wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/training/clock", Bearer: admin, Body: `{"now":"2026-03-31T23:50:00+02:00"}`}), http.StatusNotFound, domain.ENotFound)
	wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/training/clock", Bearer: admin}), http.StatusNotFound, domain.ENotFound)
	page := call(t, srv, request{Method: "GET", Path: "/admin/ovningsklocka", Cookie: formLogin(t, srv, "ADMIN", demoPassword)})
	if page.Status != http.StatusNotFound || strings.Contains(page.Body, "Övningsinstallation") {
		t.Fatalf("training clock page without the flag: %d", page.Status)
	}
	if srv.Svc.Training != nil {
		t.Fatal("a server without the flag has a training clock")
	}
}

// With the training clock an admin sets the system's time, which then runs on;
// every server on the database shows the same time, and no one is logged out.
func TestTrainingClock(t *testing.T) {
	t0 := time.Date(2026, 3, 20, 9, 0, 0, 0, domain.Stockholm)
	testserver.Backends(t, []testserver.Option{testserver.At(t0), testserver.Training()}, func(t *testing.T, srv *testserver.Server) {
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		clock := func(s *testserver.Server, token string) string {
			t.Helper()
			r := mustStatus(t, call(t, s, request{Method: "GET", Path: "/api/v1/training/clock", Bearer: token}), 200)
			return r["now"].(string)
		}
		if got := clock(srv, admin); got != "2026-03-20T09:00:00+01:00" {
			t.Fatalf("before setting: %s", got)
		}

		// Refusals change nothing.
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/training/clock", Bearer: lno, Body: `{"now":"2026-03-31T23:50:00+02:00"}`}), 403, domain.EForbidden)
		wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/training/clock", Bearer: admin, Body: `{"now":"31 mars"}`}), 400, domain.EInvalid)

		// Set: the answer and every later read show the new time; then it runs on.
		set := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/training/clock", Bearer: admin, Body: `{"now":"2026-03-31T23:50:00+02:00"}`}), 200)
		if set["now"] != "2026-03-31T23:50:00+02:00" {
			t.Fatalf("set: %v", set)
		}
		srv.SetNow(t0.Add(20 * time.Minute))
		if got := clock(srv, admin); got != "2026-04-01T00:10:00+02:00" {
			t.Fatalf("20 minutes later: %s (the admin's session survived the jump)", got)
		}
		if today := srv.Svc.Today().Format(time.DateOnly); today != "2026-04-01" {
			t.Errorf("the service's date: %s", today)
		}
		// The prescriber's session too.
		mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: lno}), 200)

		// A second app server on the same database shows the same time.
		other := testserver.Start(t, testserver.SharedDB(srv.DB), testserver.At(t0.Add(20*time.Minute)), testserver.Training())
		if got := clock(other, admin); got != "2026-04-01T00:10:00+02:00" {
			t.Fatalf("second server: %s", got)
		}

		// The admin's page: a form that sets it, and every page says it is a training install.
		cookie := formLogin(t, srv, "ADMIN", demoPassword)
		r := call(t, srv, request{Method: "POST", Path: "/admin/ovningsklocka", Cookie: cookie, Form: url.Values{"now": {"2026-04-30 23:55"}}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("form: %d %.300s", r.Status, r.Body)
		}
		page := call(t, srv, request{Method: "GET", Path: "/admin/ovningsklocka", Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, "Systemets tid är nu <strong>2026-04-30 23:55</strong>") ||
			!strings.Contains(page.Body, "Övningsinstallation: systemets tid är 2026-04-30 23:55") {
			t.Fatalf("page after setting: %d %s", page.Status, page.Body)
		}
		bad := call(t, srv, request{Method: "POST", Path: "/admin/ovningsklocka", Cookie: cookie, Form: url.Values{"now": {"i morgon"}}})
		if bad.Status != 400 || !strings.Contains(bad.Body, "Ange datum och tid som 2026-03-31 23:50.") {
			t.Fatalf("bad form: %d", bad.Status)
		}
		// The other server reads the new offset on its next refresh.
		if err := other.Svc.Training.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := clock(other, admin); got != "2026-04-30T23:55:00+02:00" {
			t.Fatalf("second server after refresh: %s", got)
		}
	})
}
