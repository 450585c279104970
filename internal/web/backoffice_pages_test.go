package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// Every back-office page renders for its role and shows what the user came for.
func TestBackOfficePagesRender(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		admin := boLogin(t, srv, "ADMIN")
		lager := boLogin(t, srv, "LAGER")
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 201 {
			t.Fatalf("billing run: %d", st)
		}
		get := func(c *boClient, path string) string {
			t.Helper()
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			req.AddCookie(&http.Cookie{Name: "hm_session", Value: c.token})
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, b)
			}
			return string(b)
		}
		for path, want := range map[string]string{
			"/admin/artiklar?q=cross":                 "11109",
			"/admin/artiklar/ny":                      "Grundutförande",
			"/admin/artiklar/11109":                   "Vanligaste tillbehören till Cross",
			"/admin/artiklar/ersattningskedjor":       "Ny ersättningskedja",
			"/admin/artiklar/import":                  "Provkörning",
			"/admin/anvandare":                        "K082LNO",
			"/admin/anvandare/ny":                     "Förskrivningsrätt",
			"/admin/anvandare/K082LNO":                "Hjälpmedelstekniker Boden",
			"/admin/kunder":                           "Arvidsjaur Kommun Närförråd",
			"/admin/kunder/ny":                        "Standardbetalare",
			"/admin/kunder/1464":                      "Sjukstugegatan 3",
			"/admin/kunder/betalare":                  "2990",
			"/admin/kunder/turer":                     "Turbil",
			"/admin/kunder/serviceavdelningar":        "Hjälpmedelstekniker Boden",
			"/admin/kunder/atgardstyper":              "Avhjälpande underhåll",
			"/admin/kunder/hamtorsaker":               "Behovet upphört",
			"/admin/fakturering?month=2026-10":        "Summa per betalare",
			"/admin/fakturering/2026-10/2990":         "170098",
			"/admin/fakturering/2026-10/2990?print=1": "Fakturarader",
			"/admin/rapporter":                        "Arbetsorder per prioritet",
		} {
			if body := get(admin, path); !strings.Contains(body, want) {
				t.Errorf("GET %s does not show %q", path, want)
			}
		}
		for path, want := range map[string]string{
			"/lager/mottagning":          "Individer",
			"/lager/saldo?article=11109": "Tillgängligt saldo",
			"/lager/flytt":               "Till lager",
			"/lager/inventering":         "Räknat antal",
			"/lager/individ?unit=179711": "26B46546",
		} {
			if body := get(lager, path); !strings.Contains(body, want) {
				t.Errorf("GET %s does not show %q", path, want)
			}
		}
		// A unit's status in words, not its code.
		if body := get(lager, "/lager/individ?unit=179711"); !strings.Contains(body, "<dt>Status</dt><dd>"+domain.UnitStatusText("delivered", "")) {
			t.Errorf("unit 179711's status is not in words:\n%.3000s", body)
		}
		// Reports as CSV: a header row first.
		for report, header := range map[string]string{"units": "isoClass,", "stock": "warehouse,", "workorders": "priority,"} {
			if body := get(admin, "/admin/rapporter/csv/"+report); !strings.HasPrefix(body, header) {
				t.Errorf("report %s CSV starts %q", report, body[:min(len(body), 40)])
			}
		}
		var wo struct {
			Rows []struct{ Priority, Open, Overdue int }
		}
		if st := admin.do("GET", "/api/v1/reports/work-orders", nil, &wo); st != 200 || len(wo.Rows) != 6 {
			t.Fatalf("work-order report: %d %+v", st, wo)
		}
		var units struct {
			Rows []struct {
				ISOClass, Payer string
				Units           int
			}
		}
		if st := admin.do("GET", "/api/v1/reports/units-out", nil, &units); st != 200 || len(units.Rows) == 0 {
			t.Fatalf("units-out report: %d %+v", st, units)
		}
	})
}
