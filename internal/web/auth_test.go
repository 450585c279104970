package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

var day0 = time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)

func loginReply(t *testing.T, srv *testserver.Server, username, password string) reply {
	t.Helper()
	return call(t, srv, request{Method: "POST", Path: "/api/v1/login", Body: `{"username":` + quote(username) + `,"password":` + quote(password) + `}`})
}

func findUser(t *testing.T, srv *testserver.Server, username string) *domain.User {
	t.Helper()
	u, err := srv.DB.Read().FindUserByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func transact(t *testing.T, srv *testserver.Server, fn func(ctx context.Context, q *store.Q) error) {
	t.Helper()
	ctx := context.Background()
	if err := srv.DB.Transact(ctx, func(q *store.Q) error { return fn(ctx, q) }); err != nil {
		t.Fatal(err)
	}
}

// After five wrong passwords from one client, that client is refused on that
// account (even with the right password) until the window runs out; other
// clients and other accounts are not affected, so one client cannot lock
// anyone out. The account itself is locked only when three clients have
// reached their limit on it; an administrator unlocks it.
func TestLoginThrottling(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(day0)}, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		for i := 1; i <= service.MaxFailedLogins; i++ {
			e := wantError(t, loginReply(t, srv, "K082LNO", "Fel12345"), 401, domain.EUnauthorized)
			if e["message"] != "Fel användarnamn eller lösenord." {
				t.Fatalf("wrong password %d: %v", i, e["message"])
			}
		}
		e := wantError(t, loginReply(t, srv, "K082LNO", "Demo1234"), 401, domain.EUnauthorized)
		if !strings.Contains(e["message"].(string), "För många misslyckade inloggningar") {
			t.Fatalf("throttled client with the right password: %v", e["message"])
		}
		// The login page says the same.
		r := call(t, srv, request{Method: "POST", Path: "/login", Form: url.Values{"username": {"k082lno"}, "password": {"Demo1234"}}})
		if r.Status != 400 || !strings.Contains(r.Body, "För många misslyckade inloggningar") {
			t.Fatalf("login page of a throttled client: %d %.500s", r.Status, r.Body)
		}
		// Other users from this client, and this user from another client, log in.
		apiLogin(t, srv, "K082KBN", "Demo1234")
		if _, _, err := srv.Svc.Login(ctx, "10.0.0.99", "K082LNO", "Demo1234", "api"); err != nil {
			t.Fatalf("the same account from another client: %v", err)
		}
		if u := findUser(t, srv, "K082LNO"); !u.LockedUntil.IsZero() {
			t.Fatalf("one client locked the account until %v", u.LockedUntil)
		}

		// The window runs out.
		srv.SetNow(day0.Add(service.LockDuration + time.Minute))
		apiLogin(t, srv, "K082LNO", "Demo1234")

		// Three clients reach their limit: the account is locked for everyone.
		// A wrong password still learns nothing; the right one learns of the lock.
		for c := 1; c <= service.LockingClients; c++ {
			for range service.MaxFailedLogins {
				srv.Svc.Login(ctx, "10.0.1."+strconv.Itoa(c), "K082LNO", "Fel12345", "api")
			}
		}
		if u := findUser(t, srv, "K082LNO"); u.LockedUntil.IsZero() {
			t.Fatal("three clients did not lock the account")
		}
		if _, _, err := srv.Svc.Login(ctx, "10.0.2.1", "K082LNO", "Fel12345", "api"); domain.ErrorMessage(err) != "Fel användarnamn eller lösenord." {
			t.Errorf("a wrong password on a locked account: %v", err)
		}
		_, _, err := srv.Svc.Login(ctx, "10.0.2.2", "K082LNO", "Demo1234", "api")
		if !strings.Contains(domain.ErrorMessage(err), "Kontot är spärrat") {
			t.Errorf("the right password on a locked account: %v", err)
		}
		// An administrator unlocks it, for the clients that reached their limit too.
		admin := apiLogin(t, srv, "ADMIN", "Demo1234")
		if r := call(t, srv, request{Method: "POST", Path: "/api/v1/users/K082LNO/unlock", Bearer: admin}); r.Status != 200 {
			t.Fatalf("unlock: %d %s", r.Status, r.Body)
		}
		if _, _, err := srv.Svc.Login(ctx, "10.0.1.1", "K082LNO", "Demo1234", "api"); err != nil {
			t.Fatalf("after the unlock: %v", err)
		}

		// Failed logins are in the audit log.
		r = call(t, srv, request{Method: "GET", Path: "/api/v1/audit?user=K082LNO&action=user.login_failed&limit=100", Bearer: admin})
		if n, want := strings.Count(r.Body, `"action":"user.login_failed"`), (1+service.LockingClients)*service.MaxFailedLogins+1; n != want {
			t.Fatalf("%d failed logins in the audit log, want %d", n, want)
		}
	})
}

// A login's answer reveals nothing about an account to whom does not know its
// password: an unknown user, a wrong password, a deactivated and a locked
// account all answer the same; only the right password learns that the account
// is deactivated.
func TestLoginAnswersRevealNothing(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(day0)}, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		transact(t, srv, func(ctx context.Context, q *store.Q) error {
			if err := q.SetUserActive(ctx, findUser(t, srv, "K082KBN").ID, false); err != nil {
				return err
			}
			return q.LockUser(ctx, findUser(t, srv, "LAGER").ID, day0.Add(time.Hour))
		})
		for _, c := range []struct{ what, user string }{
			{"unknown user", "FINNSINTE"}, {"wrong password", "K082LNO"},
			{"deactivated account", "K082KBN"}, {"locked account", "LAGER"},
		} {
			e := wantError(t, loginReply(t, srv, c.user, "Fel12345"), 401, domain.EUnauthorized)
			if e["message"] != "Fel användarnamn eller lösenord." {
				t.Errorf("%s: %v", c.what, e["message"])
			}
		}
		_, _, err := srv.Svc.Login(ctx, "10.0.0.5", "K082KBN", "Demo1234", "web")
		if !strings.Contains(domain.ErrorMessage(err), "inaktiverat") {
			t.Errorf("deactivated account, right password: %v", err)
		}
	})
}

// An account that has not logged in for a year is deactivated at its next
// login attempt; one in use is not.
func TestDormantAccounts(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(day0)}, func(t *testing.T, srv *testserver.Server) {
		srv.SetNow(day0.AddDate(0, 6, 0))
		apiLogin(t, srv, "K082KBN", "Demo1234") // in use

		srv.SetNow(day0.AddDate(1, 0, 2))
		e := wantError(t, loginReply(t, srv, "K082LNO", "Demo1234"), 401, domain.EUnauthorized)
		if !strings.Contains(e["message"].(string), "inte använts på länge") {
			t.Fatalf("dormant login: %v", e["message"])
		}
		if findUser(t, srv, "K082LNO").Active {
			t.Fatal("the dormant account is still active")
		}
		e = wantError(t, loginReply(t, srv, "K082LNO", "Demo1234"), 401, domain.EUnauthorized)
		if e["message"] != "Kontot är inaktiverat. Kontakta kundtjänst." {
			t.Fatalf("second attempt: %v", e["message"])
		}
		apiLogin(t, srv, "K082KBN", "Demo1234")
	})
}

// A session lasts 8 hours from the last request.
func TestSessionExpiry(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(day0)}, func(t *testing.T, srv *testserver.Server) {
		token := apiLogin(t, srv, "K082LNO", "Demo1234")
		cookie := formLogin(t, srv, "K082LNO", "Demo1234")
		me := func() int { return call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token}).Status }
		for _, h := range []time.Duration{7, 14, 21} { // each request slides the expiry
			srv.SetNow(day0.Add(h * time.Hour))
			if got := me(); got != 200 {
				t.Fatalf("after %dh with a request every 7h: status %d", h, got)
			}
		}
		srv.SetNow(day0.Add(29*time.Hour + time.Minute))
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token}), 401, domain.EUnauthorized)
		// The idle cookie session ran out long ago: back to the login page.
		r := call(t, srv, request{Method: "GET", Path: "/meddelanden", Cookie: cookie})
		if r.Status != 303 || r.Header.Get("Location") != "/login?next=%2Fmeddelanden" {
			t.Fatalf("expired cookie session: %d, Location %q", r.Status, r.Header.Get("Location"))
		}
	})
}

// Deactivating a user ends their sessions at once.
func TestDeactivatedUserSessionEnds(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		token := apiLogin(t, srv, "K082LNO", "Demo1234")
		cookie := formLogin(t, srv, "K082LNO", "Demo1234")
		u := findUser(t, srv, "K082LNO")
		transact(t, srv, func(ctx context.Context, q *store.Q) error { return q.SetUserActive(ctx, u.ID, false) })
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token}), 401, domain.EUnauthorized)
		if r := call(t, srv, request{Method: "GET", Path: "/start", Cookie: cookie}); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("page of a deactivated user: %d %q", r.Status, r.Header.Get("Location"))
		}
		e := wantError(t, loginReply(t, srv, "K082LNO", "Demo1234"), 401, domain.EUnauthorized)
		if e["message"] != "Kontot är inaktiverat. Kontakta kundtjänst." {
			t.Fatalf("login of a deactivated user: %v", e["message"])
		}
	})
}

// A user with an issued password may only change it, in the API as on the pages.
func TestForcedPasswordChangeAPI(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		hash, err := service.HashPassword("Utfardat1")
		if err != nil {
			t.Fatal(err)
		}
		transact(t, srv, func(ctx context.Context, q *store.Q) error {
			_, err := q.CreateUser(ctx, domain.NewUser{Username: "k082ny", Name: "Nina Nyström", PasswordHash: hash, MustChangePassword: true,
				Roles: []domain.Role{domain.RolePrescriber}}, time.Now())
			return err
		})
		r := loginReply(t, srv, "K082NY", "Utfardat1")
		if r.Status != 200 || !strings.Contains(r.Body, `"mustChangePassword":true`) {
			t.Fatalf("login: %d %s", r.Status, r.Body)
		}
		token := r.JSON(t)["token"].(string)
		e := wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Bearer: token}), 403, domain.EForbidden)
		if e["message"] != "Du måste byta lösenord innan du fortsätter." {
			t.Fatalf("messages before the change: %v", e["message"])
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token}); r.Status != 200 {
			t.Fatalf("me before the change: %d", r.Status)
		}
		// Routes that merely contain an open route's path stay closed.
		wantError(t, call(t, srv, request{Method: "PUT", Path: "/api/v1/me", Bearer: token, Body: `{"name":"Nina N"}`}), 403, domain.EForbidden)
		page := call(t, srv, request{Method: "POST", Path: "/admin/anvandare/K082LNO/losenord", Cookie: formLogin(t, srv, "K082NY", "Utfardat1")})
		if page.Status != 303 || page.Header.Get("Location") != "/losenord?forced=1" {
			t.Fatalf("an admin page ending in /losenord before the change: %d %s", page.Status, page.Header.Get("Location"))
		}
		e = wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/me/password", Bearer: token,
			Body: `{"current":"Utfardat1","password":"abcdefgh"}`}), 400, domain.EInvalid)
		if f := e["fields"].(map[string]any); f["password"] != domain.MsgPasswordMix {
			t.Fatalf("abcdefgh: %v", e)
		}
		wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/me/password", Bearer: token,
			Body: `{"current":"fel","password":"Nytt1234"}`}), 400, domain.EInvalid)
		if r := call(t, srv, request{Method: "POST", Path: "/api/v1/me/password", Bearer: token,
			Body: `{"current":"Utfardat1","password":"Nytt1234"}`}); r.Status != 204 {
			t.Fatalf("Nytt1234: %d %s", r.Status, r.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Bearer: token}); r.Status != 200 {
			t.Fatalf("messages after the change: %d %s", r.Status, r.Body)
		}
		apiLogin(t, srv, "K082NY", "Nytt1234")
	})
}
