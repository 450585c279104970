package service_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// loopFixture adds bed article T9201 with one unit, TU9, in stock at warehouse 2000
// (received through the stock journal), so every order of T9201 gets TU9.
func loopFixture(t *testing.T, srv *testserver.Server) {
	t.Helper()
	setupTransfers(t, srv) // the other patients
	ctx := context.Background()
	err := srv.DB.Transact(ctx, func(q *store.Q) error {
		now := domain.FormatTimestamp(t0)
		for _, s := range []string{
			`INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at) VALUES
				('T9201', 'Testsäng', '98', 'stocked', TRUE, 'rent', '` + now + `', '` + now + `')`,
			`INSERT INTO units (number, article_number, serial, warehouse, status, status_date, fifo_date, created_at) VALUES
				('TU9', 'T9201', 'S9', '2000', 'in_stock', '2026-01-01', '2026-01-01', '` + now + `')`,
		} {
			if _, err := q.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return q.ReceiveStock(ctx, "2000", "T9201", 1, "TU9", "LAGER", t0)
	})
	if err != nil {
		t.Fatalf("loop fixture: %v", err)
	}
}

// stockOf is on hand and reserved of an article at warehouse 2000, failing the test
// unless they equal the sums of the stock journal.
func stockOf(t *testing.T, srv *testserver.Server, article string) (onHand, reserved int) {
	t.Helper()
	var jOn, jRes int
	q := srv.DB.Read()
	ctx := context.Background()
	if err := q.Get(ctx, "SELECT COALESCE(SUM(on_hand), 0), COALESCE(SUM(reserved), 0) FROM stock WHERE warehouse = '2000' AND article_number = ?",
		[]any{article}, &onHand, &reserved); err != nil {
		t.Fatal(err)
	}
	if err := q.Get(ctx, `SELECT COALESCE(SUM(on_hand_delta), 0), COALESCE(SUM(reserved_delta), 0) FROM stock_movements
		WHERE warehouse = '2000' AND article_number = ?`, []any{article}, &jOn, &jRes); err != nil {
		t.Fatal(err)
	}
	if jOn != onHand || jRes != reserved {
		t.Fatalf("stock of %s: on hand %d, reserved %d; the journal says %d and %d", article, onHand, reserved, jOn, jRes)
	}
	return onHand, reserved
}

func unitStatus(t *testing.T, srv *testserver.Server, unit string) string {
	t.Helper()
	var s string
	if err := srv.DB.Read().Get(context.Background(), "SELECT status FROM units WHERE number = ?", []any{unit}, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// unitHoldings is a unit's holdings, oldest first, as "recipient from–to reason".
func unitHoldings(t *testing.T, srv *testserver.Server, unit string) []string {
	t.Helper()
	rows, err := srv.DB.Read().Query(context.Background(), `SELECT recipient_personnummer, rent_start, COALESCE(end_date, ''), end_reason
		FROM holdings WHERE unit_number = ? ORDER BY id`, unit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var pnr, from, to, why string
		if err := rows.Scan(&pnr, &from, &to, &why); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s–%s %s", pnr, from, to, why))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// lend orders article for a patient of customer 2990 and delivers the order; it
// returns the order number and the unit delivered.
func lend(t *testing.T, srv *testserver.Server, pnr, article string, lines ...service.LineInput) (string, string) {
	t.Helper()
	ctx := context.Background()
	if len(lines) == 0 {
		lines = []service.LineInput{{Article: article}}
	}
	o, _, err := srv.Svc.PlaceOrder(ctx, actorOf(t, srv, "K082LNO"), service.OrderInput{
		DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: pnr}}, Lines: lines})
	if err != nil {
		t.Fatalf("order %s for %s: %v", article, pnr, err)
	}
	res, err := srv.Svc.DeliverOrder(ctx, actorOf(t, srv, "LAGER"), o.Number, nil)
	if err != nil {
		t.Fatalf("deliver %s to %s: %v", o.Number, pnr, err)
	}
	if res.Delivered != 1 || res.Waiting != 0 {
		t.Fatalf("deliver %s: %d delivered, %d waiting; want 1 and 0", o.Number, res.Delivered, res.Waiting)
	}
	for _, l := range res.Order.Lines {
		if l.Article == article && len(l.Units) == 1 {
			return o.Number, l.Units[0]
		}
	}
	t.Fatalf("order %s delivered no unit of %s: %+v", o.Number, article, res.Order.Lines)
	return "", ""
}

// giveBack picks a unit up from the patient and receives it at the warehouse.
func giveBack(t *testing.T, srv *testserver.Server, pnr, unit string) {
	t.Helper()
	ctx := context.Background()
	h := currentHolding(t, srv, unit)
	p, _, err := srv.Svc.RegisterPickup(ctx, actorOf(t, srv, "K082LNO"), service.PickupInput{Personnummer: pnr, Customer: "2990",
		Holdings: ids(h.ID)})
	if err != nil {
		t.Fatalf("pickup of %s from %s: %v", unit, pnr, err)
	}
	if _, err := srv.Svc.ReceivePickup(ctx, actorOf(t, srv, "LAGER"), p.Number, service.ReceiveInput{Units: []string{unit}}); err != nil {
		t.Fatalf("receive %s: %v", unit, err)
	}
}

// A unit goes round the lending loop (deliver, pick up, receive, recondition,
// deliver again) three times to three patients: each loan is delivered, the
// unit's status and the stock follow every step, and its history keeps every loan.
func TestUnitGoesRoundTheLoop(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		loopFixture(t, srv)
		ctx := context.Background()
		patients := []string{"191212121212", otherPatient, protectedPatient}
		var history []string
		day := t0
		for i, pnr := range patients {
			srv.SetNow(day)
			number, unit := lend(t, srv, pnr, "T9201")
			if unit != "TU9" {
				t.Fatalf("loan %d delivered unit %s; want TU9", i+1, unit)
			}
			if s := unitStatus(t, srv, "TU9"); s != "delivered" {
				t.Fatalf("loan %d: status %s after delivery; want delivered", i+1, s)
			}
			if on, res := stockOf(t, srv, "T9201"); on != 0 || res != 0 {
				t.Fatalf("loan %d: on hand %d, reserved %d after delivery; want 0 and 0", i+1, on, res)
			}
			history = append(history, fmt.Sprintf("%s %s– ", pnr, domain.FormatDate(day)))
			if got := unitHoldings(t, srv, "TU9"); fmt.Sprint(got) != fmt.Sprint(history) {
				t.Fatalf("loan %d (%s): holdings\n%q\nwant\n%q", i+1, number, got, history)
			}

			day = day.AddDate(0, 0, 7)
			srv.SetNow(day)
			giveBack(t, srv, pnr, "TU9")
			if s := unitStatus(t, srv, "TU9"); s != "reconditioning" {
				t.Fatalf("loan %d: status %s after the return; want reconditioning", i+1, s)
			}
			if on, _ := stockOf(t, srv, "T9201"); on != 0 {
				t.Fatalf("loan %d: on hand %d in reconditioning; want 0", i+1, on)
			}
			history[i] = fmt.Sprintf("%s %s–%s returned", pnr, domain.FormatDate(day.AddDate(0, 0, -7)), domain.FormatDate(day))
			if got := unitHoldings(t, srv, "TU9"); fmt.Sprint(got) != fmt.Sprint(history) {
				t.Fatalf("loan %d returned: holdings\n%q\nwant\n%q", i+1, got, history)
			}

			if err := srv.Svc.ApproveReconditioning(ctx, actorOf(t, srv, "LAGER"), "TU9"); err != nil {
				t.Fatalf("loan %d: approve: %v", i+1, err)
			}
			if s := unitStatus(t, srv, "TU9"); s != "in_stock" {
				t.Fatalf("loan %d: status %s after reconditioning; want in_stock", i+1, s)
			}
			if on, res := stockOf(t, srv, "T9201"); on != 1 || res != 0 {
				t.Fatalf("loan %d: on hand %d, reserved %d after reconditioning; want 1 and 0", i+1, on, res)
			}
			day = day.AddDate(0, 0, 1)
		}
		var delivered int
		if err := srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM unit_events WHERE unit_number = 'TU9' AND kind = 'delivered'", nil, &delivered); err != nil || delivered != 3 {
			t.Errorf("%d delivery events (%v); want 3", delivered, err)
		}
	})
}

// Demo unit 174901 came back and was reconditioned before the demo's today: on a
// fresh install it is lent again. Its article 38002 is the newer one of a
// replacement chain, so the 24310 units in stock go out first, then the 38002
// units with an older first-in-first-out date; 174901 is the last unit of the chain.
func TestDemoUnit174901IsLentAgain(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		srv.SetNow(time.Date(2026, 11, 3, 8, 30, 0, 0, time.UTC))
		var inStock int
		if err := srv.DB.Read().Get(context.Background(), `SELECT COUNT(*) FROM units WHERE article_number IN ('24310', '38002')
			AND warehouse = '2000' AND status = 'in_stock'`, nil, &inStock); err != nil {
			t.Fatal(err)
		}
		var got []string
		for range inStock {
			_, unit := lend(t, srv, "191212121212", "38002")
			got = append(got, unit)
		}
		if got[len(got)-1] != "174901" {
			t.Fatalf("delivered units %v; want 174901 last", got)
		}
		if s := unitStatus(t, srv, "174901"); s != "delivered" {
			t.Errorf("status %s; want delivered", s)
		}
		if h := unitHoldings(t, srv, "174901"); len(h) != 2 || h[1] != "191212121212 2026-11-03– " {
			t.Errorf("holdings %q; want the demo's returned loan and the new one", h)
		}
	})
}
