package web_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// Återköp (SPEC §7): a purchased lagervara picked up within 14 days of delivery
// goes back on hand (journalled) and is credited to the payer at the price billed,
// as a negative line of the month of the return; a later return and a purchased
// beställningsvara are refused by the pickup with that reason.
func TestBuyback(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))}, func(t *testing.T, srv *testserver.Server) {
		boCatalogBase(t, srv)
		admin := boLogin(t, srv, "ADMIN")
		for _, a := range []map[string]any{
			{"number": "90201", "name": "Skrivunderlägg Lagerköp", "status": "stocked"},
			{"number": "90202", "name": "Skrivunderlägg Beställning", "status": "order_item"},
		} {
			a["unitOfMeasure"], a["isoCode"], a["supplier"], a["purpose"] = "st", "122203", "Etac Sverige AB", "buy"
			if st := admin.do("POST", "/api/v1/articles", a, nil); st != 201 {
				t.Fatalf("create %v: %d", a["number"], st)
			}
			if st := admin.do("POST", "/api/v1/articles/"+a["number"].(string)+"/prices", map[string]any{"kind": "sale", "amount": "485.00", "validFrom": "2020-01-01"}, nil); st != 201 {
				t.Fatal("sale price")
			}
		}
		// Delivered to the test patient: two pads on 2026-10-30 (within 14 days on
		// 2026-11-10), one on 2026-10-20 (past it), and the order item on 2026-11-05.
		// The pads are the patient's (owner other, debit form sale) until taken back.
		for _, h := range []struct{ id, article, qty, delivered string }{{"9101", "90201", "2", "2026-10-30"}, {"9102", "90201", "1", "2026-10-20"}, {"9103", "90202", "1", "2026-11-05"}} {
			mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, quantity, customer_number, payer_number,
				owner, debit_form, purpose, delivery_date, rent_start) VALUES (?, '191212121212', ?, ?, '2990', '2990', 'other', 'sale', 'buy', ?, ?)`,
				h.id, h.article, h.qty, h.delivered, h.delivered)
		}
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 201 {
			t.Fatal("run October")
		}
		if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != 200 {
			t.Fatal("close October")
		}

		srv.SetNow(time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC))
		lno, lager := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "LAGER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		for h, want := range map[string]string{
			"9102": "Artikel 90201: Köpt 2026-10-20 och tas inte tillbaka: återköp gäller 14 dagar efter leverans, till och med 2026-11-03.",
			"9103": "Artikel 90202: Köpt beställningsvara tas inte tillbaka (återköp gäller bara lagervaror).",
		} {
			e := wantError(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","holdings":["`+h+`"]}`), 400, domain.EInvalid)
			if e["message"] != want {
				t.Errorf("pickup of %s: %v, want %q", h, e["message"], want)
			}
		}
		onHand := func() string {
			return dbString(t, srv, "SELECT CAST(COALESCE(SUM(on_hand), 0) AS TEXT) FROM stock WHERE article_number = '90201' AND warehouse = '2000'")
		}
		before := onHand()
		po := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","holdings":["9101"]}`), 201)
		number := po["number"].(string)
		mustStatus(t, post(lager, "/api/v1/pickuporders/"+number+"/receive", ""), 200)
		if after := onHand(); atoi(after) != atoi(before)+2 {
			t.Errorf("on hand of 90201: %s -> %s, want +2", before, after)
		}
		if s := dbString(t, srv, "SELECT CAST(on_hand_delta AS TEXT) || ' ' || reason || ' ' || reference FROM stock_movements WHERE article_number = '90201' ORDER BY id DESC LIMIT 1"); s != "2 return "+number {
			t.Errorf("journal: %q", s)
		}
		if s := dbString(t, srv, "SELECT end_date || ' ' || end_reason FROM holdings WHERE id = 9101"); s != "2026-11-10 bought_back" {
			t.Errorf("holding 9101: %q", s)
		}

		// November: the credit at the price billed in October, 2 × 485,00.
		srv.SetNow(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
		admin = boLogin(t, srv, "ADMIN")
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-11"}, nil); st != 201 {
			t.Fatal("run November")
		}
		var oct, nov invoiceBasis
		admin.do("GET", "/api/v1/billing/runs/2026-10/payers/2990", nil, &oct)
		admin.do("GET", "/api/v1/billing/runs/2026-11/payers/2990", nil, &nov)
		line := func(ib invoiceBasis, holding string) string {
			var out []string
			for _, l := range ib.Lines {
				if l.Holding != nil && *l.Holding == holding {
					out = append(out, strings.Join([]string{l.Kind, l.KindText, l.From, strconv.Itoa(l.Quantity), l.Price, *l.PriceValidFrom, l.Amount}, " "))
				}
			}
			return strings.Join(out, "; ")
		}
		if got := line(oct, "9101"); got != "purchase Köp 2026-10-30 2 485.00 2020-01-01 970.00" {
			t.Errorf("October: %q", got)
		}
		if got := line(nov, "9101"); got != "credit Kreditering (återköp) 2026-11-10 2 485.00 2020-01-01 -970.00" {
			t.Errorf("November: %q", got)
		}
		if got := line(nov, "9103") + line(nov, "9102"); got != "purchase Köp 2026-11-05 1 485.00 2020-01-01 485.00" {
			t.Errorf("November's other purchases: %q", got)
		}
	})
}
