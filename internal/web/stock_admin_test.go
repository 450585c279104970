package web_test

import (
	"context"
	"strconv"
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestStockAPI(t *testing.T) { testserver.Backends(t, nil, stockScenario) }

func stockScenario(t *testing.T, srv *testserver.Server) {
	boCatalogBase(t, srv)
	admin := boLogin(t, srv, "ADMIN")
	for _, a := range []map[string]any{
		{"number": "90201", "name": "Rollator Provmodell", "individual": true},
		{"number": "90202", "name": "Kryckkäpp Provmodell"},
	} {
		a["unitOfMeasure"], a["isoCode"], a["supplier"], a["status"], a["purpose"] = "st", "122203", "Etac Sverige AB", "stocked", "rent"
		if st := admin.do("POST", "/api/v1/articles", a, nil); st != 201 {
			t.Fatalf("create %v: %d", a["number"], st)
		}
	}
	lager := boLogin(t, srv, "LAGER")
	lno := boLogin(t, srv, "K082LNO")
	if st := lno.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "90202", "quantity": 5}, nil); st != 403 {
		t.Fatalf("prescriber receives: %d, want 403", st)
	}
	// Units of an individually tracked article need serials.
	if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "90201", "quantity": 2}, nil); st != 400 {
		t.Fatalf("units without serials: %d, want 400", st)
	}
	var rc struct {
		Quantity int
		Units    []struct{ Unit, Serial, PurchaseDate string }
		Balance  struct{ OnHand, Reserved, Available int }
	}
	st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "90201", "units": []map[string]string{
		{"serial": "SN-A1", "purchaseDate": "2026-11-01", "warrantyUntil": "2028-10-31"}, {"serial": "SN-A2"}}}, &rc)
	if st != 201 || rc.Quantity != 2 || len(rc.Units) != 2 || rc.Balance.Available != 2 {
		t.Fatalf("receive units: %d %+v", st, rc)
	}
	// New unit numbers lie above every existing one (the demo's included) and are unique.
	var highest int64
	nums, _ := srv.DB.Read().Strings(context.Background(), "SELECT number FROM units WHERE article_number <> '90201'")
	for _, s := range nums {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > highest {
			highest = n
		}
	}
	a1, _ := strconv.ParseInt(rc.Units[0].Unit, 10, 64)
	a2, _ := strconv.ParseInt(rc.Units[1].Unit, 10, 64)
	if a1 <= highest || a2 != a1+1 {
		t.Fatalf("unit numbers %d, %d; highest existing %d", a1, a2, highest)
	}
	unit1 := rc.Units[0].Unit
	// The same serial again is refused.
	if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "90201", "units": []map[string]string{{"serial": "SN-A1"}}}, nil); st != 400 {
		t.Fatalf("duplicate serial: %d, want 400", st)
	}
	// Quantities, a move and a count correction with reason.
	if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "90202", "quantity": 5}, &rc); st != 201 || rc.Balance.OnHand != 5 {
		t.Fatalf("receive quantity: %d %+v", st, rc)
	}
	mustExec(t, srv, "INSERT INTO warehouses (number, name) VALUES ('2100', 'Provlager Luleå') ON CONFLICT DO NOTHING")
	if st := lager.do("POST", "/api/v1/stock/moves", map[string]any{"from": "2000", "to": "2100", "article": "90202", "quantity": 9}, nil); st != 409 {
		t.Fatalf("move more than available: %d, want 409", st)
	}
	if st := lager.do("POST", "/api/v1/stock/moves", map[string]any{"from": "2000", "to": "2100", "article": "90202", "quantity": 2}, nil); st != 200 {
		t.Fatalf("move: %d", st)
	}
	if st := lager.do("POST", "/api/v1/stock/moves", map[string]any{"to": "2100", "unit": unit1}, nil); st != 200 {
		t.Fatalf("move unit: %d", st)
	}
	var corr struct {
		Delta   int
		Balance struct{ OnHand int }
	}
	if st := lager.do("POST", "/api/v1/stock/corrections", map[string]any{"warehouse": "2000", "article": "90202", "counted": 2}, nil); st != 400 {
		t.Fatalf("correction without reason: %d, want 400", st)
	}
	if st := lager.do("POST", "/api/v1/stock/corrections", map[string]any{"warehouse": "2000", "article": "90202", "counted": 2, "reason": "Inventering"}, &corr); st != 200 || corr.Delta != -1 || corr.Balance.OnHand != 2 {
		t.Fatalf("correction: %d %+v", st, corr)
	}
	var bal struct {
		Balances []struct {
			Warehouse                   string
			OnHand, Reserved, Available int
		}
	}
	if st := lager.do("GET", "/api/v1/stock?article=90201", nil, &bal); st != 200 || len(bal.Balances) != 2 {
		t.Fatalf("balances: %d %+v", st, bal)
	}
	for _, b := range bal.Balances {
		if b.Available != 1 {
			t.Errorf("balance %+v, want 1 available in each warehouse", b)
		}
	}
	var hist struct {
		Unit    string
		History []struct{ Kind string }
	}
	if st := lager.do("GET", "/api/v1/stock/units/"+unit1+"/history", nil, &hist); st != 200 || len(hist.History) != 2 ||
		hist.History[0].Kind != "received" || hist.History[1].Kind != "moved" {
		t.Fatalf("history: %d %+v", st, hist)
	}
}
