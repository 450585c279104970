package web_test

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestUsersAdminAPI(t *testing.T) { testserver.Backends(t, nil, usersScenario) }

func usersScenario(t *testing.T, srv *testserver.Server) {
	admin := boLogin(t, srv, "ADMIN")
	var created struct {
		Username, Password, ServiceDepartment string
		Roles, Customers                      []string
		CanPrescribe, MustChangePassword      bool
	}
	st := admin.do("POST", "/api/v1/users", map[string]any{"username": "k082abc", "name": "Anna Berg", "roles": []string{"prescriber"},
		"customers": []string{"2990"}, "canPrescribe": true, "serviceDepartment": "Hjälpmedelstekniker Boden"}, &created)
	if st != 201 || created.Username != "K082ABC" || created.Password == "" || !created.MustChangePassword || !created.CanPrescribe ||
		created.ServiceDepartment != "Hjälpmedelstekniker Boden" || len(created.Customers) != 1 {
		t.Fatalf("create user: %d %+v", st, created)
	}
	if st := admin.do("POST", "/api/v1/users", map[string]any{"username": "K082ABC", "name": "Dubblett", "roles": []string{"prescriber"}}, nil); st != 400 {
		t.Fatalf("duplicate user: %d, want 400", st)
	}
	if st := admin.do("POST", "/api/v1/users", map[string]any{"username": "NYLAGER", "name": "Lager", "roles": []string{"warehouse"}, "canPrescribe": true}, nil); st != 400 {
		t.Fatalf("förskrivningsrätt without the prescriber role: %d, want 400", st)
	}
	// The issued password works, but only for changing it.
	c := &boClient{t: t, base: srv.URL}
	var login struct{ Token string }
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": "K082ABC", "password": created.Password}, &login); st != 200 {
		t.Fatalf("login with issued password: %d", st)
	}
	c.token = login.Token
	if st := c.do("GET", "/api/v1/messages", nil, nil); st != 403 {
		t.Fatalf("before changing the issued password: %d, want 403", st)
	}
	if st := c.do("POST", "/api/v1/me/password", map[string]string{"current": created.Password, "password": "NyttLosen123"}, nil); st != 204 {
		t.Fatalf("change password: %d", st)
	}
	if st := c.do("GET", "/api/v1/messages", nil, nil); st != 200 {
		t.Fatalf("after change: %d", st)
	}
	// Taking away förskrivningsrätt; then deactivation ends the session at once.
	var u struct {
		CanPrescribe, Active, Locked bool
	}
	if st := admin.do("PUT", "/api/v1/users/K082ABC", map[string]any{"canPrescribe": false}, &u); st != 200 || u.CanPrescribe {
		t.Fatalf("update: %d %+v", st, u)
	}
	if st := admin.do("POST", "/api/v1/users/K082ABC/deactivate", nil, &u); st != 200 || u.Active {
		t.Fatalf("deactivate: %d %+v", st, u)
	}
	if st := c.do("GET", "/api/v1/messages", nil, nil); st != 401 {
		t.Fatalf("session after deactivation: %d, want 401", st)
	}
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": "K082ABC", "password": "NyttLosen123"}, nil); st != 401 {
		t.Fatalf("login when deactivated: %d, want 401", st)
	}
	if st := admin.do("POST", "/api/v1/users/K082ABC/activate", nil, &u); st != 200 || !u.Active {
		t.Fatalf("activate: %d", st)
	}
	// This client is throttled after five wrong passwords (the account is not
	// locked: one client cannot lock it, see service/throttle.go); the admin's
	// unlock ends the throttling too.
	for i := 0; i < 5; i++ {
		c.do("POST", "/api/v1/login", map[string]string{"username": "K082ABC", "password": "Fel12345"}, nil)
	}
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": "K082ABC", "password": "NyttLosen123"}, nil); st != 401 {
		t.Fatalf("throttled login: %d, want 401", st)
	}
	if st := admin.do("GET", "/api/v1/users/K082ABC", nil, &u); st != 200 || u.Locked {
		t.Fatalf("one client locked the account: %d %+v", st, u)
	}
	if st := admin.do("POST", "/api/v1/users/K082ABC/unlock", nil, &u); st != 200 || u.Locked {
		t.Fatalf("unlock: %d %+v", st, u)
	}
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": "K082ABC", "password": "NyttLosen123"}, nil); st != 200 {
		t.Fatalf("login after unlock: %d", st)
	}
	// An issued password must be changed again.
	var pw struct{ Password string }
	if st := admin.do("POST", "/api/v1/users/K082ABC/password", nil, &pw); st != 200 || pw.Password == "" {
		t.Fatalf("issue password: %d", st)
	}
	if st := admin.do("GET", "/api/v1/users/K082ABC", nil, &created); st != 200 || !created.MustChangePassword {
		t.Fatalf("must change after issue: %+v", created)
	}

	// Customers and payers.
	if st := admin.do("POST", "/api/v1/payers", map[string]any{"number": "4100", "name": "Vårdcentralen Provstad"}, nil); st != 201 {
		t.Fatalf("payer: %d", st)
	}
	var cust struct{ Number, DefaultPayer, Route string }
	if st := admin.do("POST", "/api/v1/customers", map[string]any{"number": "4100", "name": "Vårdcentralen Provstad", "street": "Storgatan 1",
		"postalCode": "96133", "town": "BODEN", "defaultPayer": "4100", "warehouse": "2000", "route": "1"}, &cust); st != 201 || cust.Route != "1" {
		t.Fatalf("customer: %d %+v", st, cust)
	}
	if st := admin.do("POST", "/api/v1/customers", map[string]any{"number": "4101", "name": "Utan betalare", "street": "X", "defaultPayer": "9999", "dailyDelivery": true}, nil); st != 400 {
		t.Fatalf("unknown payer: %d, want 400", st)
	}
	if st := admin.do("PUT", "/api/v1/users/K082ABC", map[string]any{"customers": []string{"2990", "4100"}}, nil); st != 200 {
		t.Fatalf("link to new customer: %d", st)
	}
}
