package web_test

import (
	"fmt"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

func TestBillingAPI(t *testing.T) { testserver.Backends(t, nil, billingScenario) }

// billingScenario: a patient of customer 2990 holds a cushion (unit bought
// 2026-02-02, 60 months) all of October 2026 and a second unit that is moved by
// BMB to payer 3110 on 2026-10-16; a bought article is delivered 2026-10-07.
func billingScenario(t *testing.T, srv *testserver.Server) {
	boCatalogBase(t, srv)
	admin := boLogin(t, srv, "ADMIN")
	for _, a := range []map[string]any{
		{"number": "90101", "name": "Sittdyna Provserie", "individual": true, "purpose": "rent"},
		{"number": "90102", "name": "Toalettstol Köpmodell", "purpose": "buy"},
	} {
		a["unitOfMeasure"], a["isoCode"], a["supplier"], a["status"] = "st", "122203", "Etac Sverige AB", "stocked"
		if st := admin.do("POST", "/api/v1/articles", a, nil); st != 201 {
			t.Fatalf("create %v: %d", a["number"], st)
		}
	}
	for _, p := range []map[string]any{
		{"kind": "rent", "amount": "31.20", "validFrom": "2020-01-01"},
		{"kind": "rent", "amount": "40.00", "validFrom": "2026-11-01"}, // future for October: not used
	} {
		if st := admin.do("POST", "/api/v1/articles/90101/prices", p, nil); st != 201 {
			t.Fatalf("price: %d", st)
		}
	}
	if st := admin.do("POST", "/api/v1/articles/90102/prices", map[string]any{"kind": "sale", "amount": "2471.60", "validFrom": "2021-12-02"}, nil); st != 201 {
		t.Fatal("sale price")
	}
	// The demo data's own holdings are billed too: take the totals before ours.
	base := map[string]domain.Ore{}
	var run0 struct {
		Payers []struct{ Payer, Total string }
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, &run0); st != 201 {
		t.Fatalf("first run: %d", st)
	}
	for _, p := range run0.Payers {
		base[p.Payer], _ = domain.ParseOre(p.Total)
	}
	for _, u := range []string{"990001", "990002"} {
		mustExec(t, srv, `INSERT INTO units (number, article_number, serial, warehouse, purchase_date, status, status_date, fifo_date, created_at)
			VALUES (?, '90101', ?, '2000', '2026-02-02', 'delivered', '2026-03-02', '2026-02-02', '2026-02-02T10:00:00.000000Z')`, u, "S"+u)
	}
	mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
		purpose, delivery_date, rent_start) VALUES (9001, '191212121212', '90101', '990001', 1, '2990', '2990', 'rent', '2026-03-02', '2026-03-02')`)
	mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
		purpose, delivery_date, rent_start, end_date, end_reason) VALUES (9002, '191212121212', '90101', '990002', 1, '2990', '2990', 'rent',
		'2026-03-02', '2026-03-02', '2026-10-16', 'transferred')`)
	mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
		purpose, delivery_date, rent_start, previous_holding_id) VALUES (9003, '191212121212', '90101', '990002', 1, '3110', '3110', 'rent',
		'2026-03-02', '2026-10-16', 9002)`)
	mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, quantity, customer_number, payer_number,
		purpose, delivery_date, rent_start) VALUES (9004, '191212121212', '90102', 1, '2990', '2990', 'buy', '2026-10-07', '2026-10-07')`)

	lno := boLogin(t, srv, "K082LNO")
	if st := lno.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 403 {
		t.Fatalf("prescriber runs billing: %d, want 403", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-13"}, nil); st != 400 {
		t.Fatalf("bad month: %d, want 400", st)
	}
	var run struct {
		Month, Status, Total string
		Payers               []struct{ Payer, Total string }
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, &run); st != 201 {
		t.Fatalf("run: %d", st)
	}
	// 2990: unit 990001 all month 31,20; unit 990002 1–15 Oct: 3120 × 15 / 31 = 1509,68 → 15,10;
	//       the purchase 2 471,60. Total 31,20 + 15,10 + 2 471,60 = 2 517,90.
	// 3110: unit 990002 16–31 Oct: 3120 × 16 / 31 = 1610,32 → 16,10.
	got := map[string]domain.Ore{}
	for _, p := range run.Payers {
		got[p.Payer], _ = domain.ParseOre(p.Total)
	}
	if run.Status != "open" || got["2990"]-base["2990"] != 251790 || got["3110"]-base["3110"] != 1610 {
		t.Fatalf("run: %+v, before: %v", run, base)
	}
	var ib struct {
		Payer, Total string
		Lines        []struct {
			Recipient, Article, Kind, Amount string
			Unit                             *string
			Days                             int
		}
	}
	if st := admin.do("GET", "/api/v1/billing/runs/2026-10/payers/2990", nil, &ib); st != 200 || ib.Total != got["2990"].APIString() {
		t.Fatalf("invoice basis: %d %+v", st, ib)
	}
	byUnit := map[string]string{}
	for _, l := range ib.Lines {
		key := l.Article
		if l.Unit != nil {
			key = *l.Unit
		}
		byUnit[key] = fmt.Sprintf("%s %s %d %s", l.Recipient, l.Kind, l.Days, l.Amount)
	}
	for key, want := range map[string]string{
		"990001": "191212121212 rent 31 31.20",
		"990002": "191212121212 rent 15 15.10",
		"90102":  "191212121212 purchase 0 2471.60",
	} {
		if byUnit[key] != want {
			t.Errorf("line of %s: %q, want %q", key, byUnit[key], want)
		}
	}
	// The demo's cushions 170098 and 157792 are billed for all of October to 2990.
	for _, u := range []string{"170098", "157792"} {
		if !strings.HasPrefix(byUnit[u], "191212121212 rent 31 ") {
			t.Errorf("demo cushion %s: %q, want all 31 days", u, byUnit[u])
		}
	}
	_, csv1 := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil)
	rows := strings.Split(strings.TrimSpace(string(csv1)), "\n")
	if len(rows) != len(ib.Lines)+1 || !strings.HasPrefix(rows[0], "month,payer,holding,recipient,") {
		t.Fatalf("csv:\n%s", csv1)
	}
	// Repeatable: a second run gives the same file.
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, &run); st != 201 {
		t.Fatalf("second run: %d", st)
	}
	if _, csv2 := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil); string(csv2) != string(csv1) {
		t.Fatalf("second run differs:\n%s\n%s", csv1, csv2)
	}
	// The printable PDF.
	if st, pdf := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=pdf", nil); st != 200 || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("pdf: %d", st)
	}
	// Closed: frozen; no run, no price dated inside it.
	if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, &run); st != 200 || run.Status != "closed" {
		t.Fatalf("close: %d %+v", st, run)
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 409 {
		t.Fatalf("run closed month: %d, want 409", st)
	}
	if st := admin.do("POST", "/api/v1/articles/90101/prices", map[string]any{"kind": "rent", "amount": "1.00", "validFrom": "2026-10-15"}, nil); st != 409 {
		t.Fatalf("price in closed month: %d, want 409", st)
	}
	if _, csv3 := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil); string(csv3) != string(csv1) {
		t.Fatal("closed month changed")
	}
}
