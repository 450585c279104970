package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// The demo's today in these tests: November 2026 is the latest ended month.
var costsNow = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

type aidCost struct {
	Holding, Article, Billed, Remaining, Total, MonthlyRent string
	Unit, BuyPrice, FreeFrom                                *string
	Open, BuyingCheaper                                     bool
}

type patientCosts struct {
	BilledThrough string
	Aids          []aidCost
	Totals        struct{ Billed, Total string }
}

func TestCostView(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(costsNow)}, costViewScenario)
}

// costViewScenario (SPEC §10.11 Cost view): a patient's costs are the billing
// run's lines of the same months, scoped to the prescriber's customers and
// logged as a look-up of the patient; a payer's costs of a period are the
// runs' totals of those months.
func costViewScenario(t *testing.T, srv *testserver.Server) {
	lno, kbn, admin := boLogin(t, srv, "K082LNO"), boLogin(t, srv, "K082KBN"), boLogin(t, srv, "ADMIN")
	var c patientCosts
	if st := lno.do("GET", "/api/v1/patients/191212121212/costs", nil, &c); st != http.StatusOK {
		t.Fatalf("costs of the test patient: %d", st)
	}
	if c.BilledThrough != "2026-11" {
		t.Errorf("billedThrough %q", c.BilledThrough)
	}
	byUnit := map[string]aidCost{}
	for _, a := range c.Aids {
		if a.Unit != nil {
			byUnit[*a.Unit] = a
		}
	}
	// Cushion 170098 (10156, 32,15 kr a month from 2026-03-02, bought 2026-02-02):
	// March 30/31 + April–November, and until 2031-02-02; buying: 6 150,00 kr.
	cushion := byUnit["170098"]
	if cushion.Billed != "288.31" || cushion.Remaining != "1608.65" || cushion.MonthlyRent != "32.15" || cushion.BuyPrice == nil ||
		*cushion.BuyPrice != "6150.00" || cushion.BuyingCheaper || cushion.FreeFrom == nil || *cushion.FreeFrom != "2031-02-02" {
		t.Errorf("cushion 170098: %+v", cushion)
	}
	// The voice amplifier 75082, bought 2010-03-15, has been depreciated since 2015.
	if a := byUnit["75082"]; a.Remaining != "0.00" || a.MonthlyRent != "0.00" {
		t.Errorf("depreciated 75082: %+v", a)
	}
	n := countRows(t, srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'person.view' AND username = 'K082LNO' AND screen = 'Kostnader' AND personnummer = '191212121212'")
	if n != 1 {
		t.Errorf("the look-up of the patient's costs logged %d times, want 1", n)
	}

	// The same months billed by the runs give each holding the same sum.
	runs := map[string]int64{} // holding id -> öre
	payerTotal := int64(0)
	for m := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC); m.Before(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		month := m.Format("2006-01")
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": month}, nil); st != http.StatusCreated {
			t.Fatalf("run %s: %d", month, st)
		}
		var ib struct {
			Total string
			Lines []struct {
				Holding *string
				Amount  string
			}
		}
		if st := admin.do("GET", "/api/v1/billing/runs/"+month+"/payers/2990", nil, &ib); st != http.StatusOK {
			t.Fatalf("invoice basis %s: %d", month, st)
		}
		payerTotal += ore(t, ib.Total)
		for _, l := range ib.Lines {
			if l.Holding != nil {
				runs[*l.Holding] += ore(t, l.Amount)
			}
		}
	}
	billedSince := func(a aidCost) int64 { // the cost view's billed months from March on
		return runs[a.Holding]
	}
	for _, a := range c.Aids {
		// Holdings delivered from March 2026 on are billed only in the months run.
		if a.Unit != nil && (*a.Unit == "170098" || *a.Unit == "157792") && ore(t, a.Billed) != billedSince(a) {
			t.Errorf("holding %s (%s): the cost view bills %s, the runs %d öre", a.Holding, a.Article, a.Billed, billedSince(a))
		}
	}
	var pc struct {
		From, To string
		Total    struct{ Total, Rent string }
		Articles []struct{ Article, Total string }
	}
	if st := admin.do("GET", "/api/v1/payers/2990/costs?from=2026-03&to=2026-11", nil, &pc); st != http.StatusOK {
		t.Fatalf("payer costs: %d", st)
	}
	if ore(t, pc.Total.Total) != payerTotal || pc.From != "2026-03" || pc.To != "2026-11" {
		t.Errorf("payer 2990 March–November: cost view %s, the runs %d öre", pc.Total.Total, payerTotal)
	}
	st, body := admin.raw("GET", "/api/v1/payers/2990/costs?from=2026-03&to=2026-11&format=csv", nil)
	if st != http.StatusOK || !strings.HasPrefix(string(body), "payer,from,to,isoCode,article,name,holdings,rent,purchase,spareParts,total,buyPrice,buyingCheaper\n") ||
		!strings.Contains(string(body), "2990,2026-03,2026-11,043306,10156,") {
		t.Errorf("payer costs CSV: %d %s", st, body)
	}
	for _, bad := range []string{"?from=2026-13", "?from=2026-11&to=2026-03", "?from=2010-01&to=2026-11"} {
		if st := admin.do("GET", "/api/v1/payers/2990/costs"+bad, nil, nil); st != http.StatusBadRequest {
			t.Errorf("payer costs %s: %d, want 400", bad, st)
		}
	}
	if st := admin.do("GET", "/api/v1/payers/9999/costs", nil, nil); st != http.StatusNotFound {
		t.Errorf("unknown payer: %d, want 404", st)
	}
	if st := lno.do("GET", "/api/v1/payers/2990/costs", nil, nil); st != http.StatusForbidden {
		t.Errorf("payer costs as a prescriber: %d, want 403", st)
	}

	// Scope: Lindberg's aids are under 3110 (K082KBN's), Holmgren's under 1464
	// (K082LNO's). The other prescriber is refused and shown nothing.
	lindberg, holmgren := personByName(t, srv, "Lindberg"), personByName(t, srv, "Holmgren")
	for _, tc := range []struct {
		c   *boClient
		pnr string
	}{{lno, lindberg}, {kbn, holmgren}} {
		st, body := tc.c.raw("GET", "/api/v1/patients/"+tc.pnr+"/costs", nil)
		if st != http.StatusForbidden || strings.Contains(string(body), "billed") || strings.Contains(string(body), tc.pnr) {
			t.Errorf("another customer's patient %s: %d %s", tc.pnr, st, body)
		}
	}
	var own patientCosts
	if st := kbn.do("GET", "/api/v1/patients/"+lindberg+"/costs", nil, &own); st != http.StatusOK || len(own.Aids) == 0 {
		t.Errorf("K082KBN's own patient: %d %+v", st, own)
	}
	if st := lno.do("GET", "/api/v1/patients/19121212121/costs", nil, nil); st != http.StatusBadRequest {
		t.Errorf("invalid personnummer: %d, want 400", st)
	}
}

// ore reads an API amount, "119.20", in öre.
func ore(t *testing.T, s string) int64 {
	t.Helper()
	o, err := domain.ParseOre(s)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return int64(o)
}

func personByName(t *testing.T, srv *testserver.Server, last string) string {
	t.Helper()
	var pnr string
	if err := srv.DB.Read().Get(t.Context(), "SELECT personnummer FROM persons WHERE last_name = ? ORDER BY personnummer LIMIT 1", []any{last}, &pnr); err != nil {
		t.Fatal(fmt.Errorf("person %s: %w", last, err))
	}
	return pnr
}
