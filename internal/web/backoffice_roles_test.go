package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// Every back-office route refuses every role that SPEC §6 does not give it: a
// table over routes × roles, each wrong role expecting 403 (pages and API alike).
func TestBackOfficeRoutesRefuseWrongRoles(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		users := map[string]string{"prescriber": "K082LNO", "customer_service": "KUNDTJANST", "warehouse": "LAGER",
			"technician": "TEKNIKER", "admin": "ADMIN"}
		tokens := map[string]string{}
		for role, u := range users {
			tokens[role] = boLogin(t, srv, u).token
		}
		adminOnly := []string{"admin"}
		stock := []string{"warehouse", "admin"}
		routes := []struct {
			method, path string
			allowed      []string
		}{
			{"GET", "/admin/artiklar", adminOnly},
			{"GET", "/admin/artiklar/ny", adminOnly},
			{"POST", "/admin/artiklar/ny", adminOnly},
			{"GET", "/admin/artiklar/11109", adminOnly},
			{"POST", "/admin/artiklar/11109", adminOnly},
			{"POST", "/admin/artiklar/11109/priser", adminOnly},
			{"POST", "/admin/artiklar/11109/filer", adminOnly},
			{"GET", "/admin/artiklar/ersattningskedjor", adminOnly},
			{"POST", "/admin/artiklar/ersattningskedjor", adminOnly},
			{"GET", "/admin/artiklar/import", adminOnly},
			{"POST", "/admin/artiklar/import", adminOnly},
			{"GET", "/admin/artiklar/export", adminOnly},
			{"GET", "/admin/anvandare", adminOnly},
			{"GET", "/admin/anvandare/ny", adminOnly},
			{"POST", "/admin/anvandare/ny", adminOnly},
			{"GET", "/admin/anvandare/K082LNO", adminOnly},
			{"POST", "/admin/anvandare/K082LNO", adminOnly},
			{"POST", "/admin/anvandare/K082LNO/losenord", adminOnly},
			{"POST", "/admin/anvandare/K082LNO/aktiv", adminOnly},
			{"POST", "/admin/anvandare/K082LNO/las-upp", adminOnly},
			{"GET", "/admin/kunder", adminOnly},
			{"GET", "/admin/kunder/ny", adminOnly},
			{"POST", "/admin/kunder/ny", adminOnly},
			{"GET", "/admin/kunder/2990", adminOnly},
			{"POST", "/admin/kunder/2990", adminOnly},
			{"GET", "/admin/kunder/betalare", adminOnly},
			{"POST", "/admin/kunder/betalare", adminOnly},
			{"GET", "/admin/kunder/turer", adminOnly},
			{"POST", "/admin/kunder/turer", adminOnly},
			{"GET", "/admin/kunder/serviceavdelningar", adminOnly},
			{"POST", "/admin/kunder/serviceavdelningar", adminOnly},
			{"GET", "/admin/kunder/atgardstyper", adminOnly},
			{"POST", "/admin/kunder/atgardstyper", adminOnly},
			{"GET", "/admin/kunder/hamtorsaker", adminOnly},
			{"POST", "/admin/kunder/hamtorsaker", adminOnly},
			{"GET", "/admin/fakturering", adminOnly},
			{"POST", "/admin/fakturering", adminOnly},
			{"POST", "/admin/fakturering/2026-10/stang", adminOnly},
			{"GET", "/admin/fakturering/2026-10/2990", adminOnly},
			{"GET", "/admin/rapporter", adminOnly},
			{"GET", "/admin/rapporter/csv/units", adminOnly},
			{"GET", "/lager/mottagning", stock},
			{"POST", "/lager/mottagning", stock},
			{"GET", "/lager/saldo", stock},
			{"GET", "/lager/flytt", stock},
			{"POST", "/lager/flytt", stock},
			{"GET", "/lager/inventering", stock},
			{"POST", "/lager/inventering", stock},
			{"GET", "/lager/individ", stock},
			{"GET", "/lager/journal", stock},
			{"GET", "/lager/lagerplatser", stock},
			{"POST", "/lager/lagerplatser", stock},
			{"GET", "/lager/inventeringar", stock},
			{"POST", "/lager/inventeringar", stock},
			{"GET", "/lager/inventeringar/1", stock},
			{"POST", "/lager/inventeringar/1/godkann", stock},
			{"POST", "/api/v1/articles", adminOnly},
			{"PUT", "/api/v1/articles/11109", adminOnly},
			{"POST", "/api/v1/articles/11109/prices", adminOnly},
			{"PUT", "/api/v1/articles/11109/picture", adminOnly},
			{"PUT", "/api/v1/articles/11109/manual", adminOnly},
			{"GET", "/api/v1/articles/export", adminOnly},
			{"POST", "/api/v1/articles/import", adminOnly},
			{"GET", "/api/v1/replacement-chains", adminOnly},
			{"POST", "/api/v1/replacement-chains", adminOnly},
			{"PUT", "/api/v1/replacement-chains/1", adminOnly},
			{"POST", "/api/v1/stock/receipts", stock},
			{"GET", "/api/v1/stock", stock},
			{"POST", "/api/v1/stock/moves", stock},
			{"POST", "/api/v1/stock/corrections", stock},
			{"GET", "/api/v1/stock/units/179711/history", stock},
			{"GET", "/api/v1/stock/movements", stock},
			{"GET", "/api/v1/stock/locations", stock},
			{"PUT", "/api/v1/stock/locations", stock},
			{"GET", "/api/v1/counts", stock},
			{"POST", "/api/v1/counts", stock},
			{"GET", "/api/v1/counts/1", stock},
			{"POST", "/api/v1/counts/1/approve", stock},
			{"GET", "/api/v1/users", adminOnly},
			{"POST", "/api/v1/users", adminOnly},
			{"GET", "/api/v1/users/K082LNO", adminOnly},
			{"PUT", "/api/v1/users/K082LNO", adminOnly},
			{"POST", "/api/v1/users/K082LNO/password", adminOnly},
			{"POST", "/api/v1/users/K082LNO/deactivate", adminOnly},
			{"POST", "/api/v1/users/K082LNO/activate", adminOnly},
			{"POST", "/api/v1/users/K082LNO/unlock", adminOnly},
			{"GET", "/api/v1/customers", adminOnly},
			{"POST", "/api/v1/customers", adminOnly},
			{"PUT", "/api/v1/customers/2990", adminOnly},
			{"GET", "/api/v1/payers", adminOnly},
			{"POST", "/api/v1/payers", adminOnly},
			{"POST", "/api/v1/billing/runs", adminOnly},
			{"GET", "/api/v1/billing/runs/2026-10", adminOnly},
			{"POST", "/api/v1/billing/runs/2026-10/close", adminOnly},
			{"GET", "/api/v1/billing/runs/2026-10/payers/2990", adminOnly},
			{"GET", "/api/v1/reports/units-out", adminOnly},
			{"GET", "/api/v1/reports/stock-value", adminOnly},
			{"GET", "/api/v1/reports/work-orders", adminOnly},
		}
		for _, rt := range routes {
			for role, token := range tokens {
				allowed := false
				for _, a := range rt.allowed {
					allowed = allowed || a == role
				}
				if allowed {
					continue
				}
				req, _ := http.NewRequest(rt.method, srv.URL+rt.path, strings.NewReader("{}"))
				if strings.HasPrefix(rt.path, "/api/") {
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
				} else {
					req.AddCookie(&http.Cookie{Name: "hm_session", Value: token})
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", rt.method, rt.path, users[role], resp.StatusCode)
				}
			}
		}
	})
}
