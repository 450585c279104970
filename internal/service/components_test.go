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

// componentFixture is loopFixture plus side rail T9202 (no unit numbers, rent
// 100,00 a month from 2026-01-01), five on hand at warehouse 2000.
func componentFixture(t *testing.T, srv *testserver.Server) {
	t.Helper()
	loopFixture(t, srv)
	ctx := context.Background()
	err := srv.DB.Transact(ctx, func(q *store.Q) error {
		now := domain.FormatTimestamp(t0)
		for _, s := range []string{
			`INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at) VALUES
				('T9202', 'Testgrind', '98', 'stocked', FALSE, 'rent', '` + now + `', '` + now + `')`,
			`INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at) VALUES
				('T9202', 'rent', 10000, '2026-01-01', '` + now + `')`,
		} {
			if _, err := q.Exec(ctx, s); err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
		}
		return q.ReceiveStock(ctx, "2000", "T9202", 5, "Inleverans", "LAGER", t0)
	})
	if err != nil {
		t.Fatalf("component fixture: %v", err)
	}
}

// attached is what a unit carries now, as "article×quantity" in attach order.
func attached(t *testing.T, srv *testserver.Server, unit string) string {
	t.Helper()
	h, err := srv.Svc.UnitHistory(context.Background(), actorOf(t, srv, "LAGER"), unit)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	for _, c := range h.Components {
		out += fmt.Sprintf("%s×%d ", c.ArticleNumber, c.Quantity)
	}
	return out
}

// componentHoldings is the unit's open component holdings as "recipient article×quantity".
func componentHoldings(t *testing.T, srv *testserver.Server, unit string) string {
	t.Helper()
	rows, err := srv.DB.Read().Query(context.Background(), `SELECT recipient_personnummer, article_number, quantity FROM holdings
		WHERE attached_unit = ? AND end_date IS NULL ORDER BY id`, unit)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		var pnr, art string
		var n int
		if err := rows.Scan(&pnr, &art, &n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s %s×%d ", pnr, art, n)
	}
	return out
}

// A side rail delivered on bed TU9 comes back with it, stays on it through
// reconditioning and stock (not on hand, shown on the unit), goes out with it to
// the next patient, who is billed for it, covers a later order's rail instead of
// taking another from stock, and is detached into stock by the warehouse, journalled.
func TestComponentsStayOnTheirUnit(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		componentFixture(t, srv)
		ctx := context.Background()
		lager := actorOf(t, srv, "LAGER")
		rail := []service.LineInput{{Article: "T9201", Add: []string{"T9202"}}}
		roundTrip := func(pnr string) {
			t.Helper()
			giveBack(t, srv, pnr, "TU9")
			if got := componentHoldings(t, srv, "TU9"); got != "" {
				t.Fatalf("component holdings after the return: %q; want none (rent stops)", got)
			}
			if got := attached(t, srv, "TU9"); got != "T9202×1 " {
				t.Fatalf("TU9 carries %q in reconditioning; want the rail", got)
			}
			if err := srv.Svc.ApproveReconditioning(ctx, lager, "TU9"); err != nil {
				t.Fatal(err)
			}
		}

		// Loan 1: the rail from stock, attached to the bed.
		lend(t, srv, "191212121212", "T9201", rail...)
		if got := attached(t, srv, "TU9"); got != "T9202×1 " {
			t.Fatalf("TU9 carries %q; want T9202×1", got)
		}
		if on, res := stockOf(t, srv, "T9202"); on != 4 || res != 0 {
			t.Fatalf("rails on hand %d, reserved %d; want 4 and 0", on, res)
		}
		roundTrip("191212121212")
		if got := attached(t, srv, "TU9"); got != "T9202×1 " {
			t.Fatalf("TU9 carries %q in stock; want the rail", got)
		}
		if on, _ := stockOf(t, srv, "T9202"); on != 4 {
			t.Fatalf("rails on hand %d with the bed in stock; want 4 (the rail is on the bed)", on)
		}

		// Loan 2: the bed alone; its rail goes with it and is the patient's.
		srv.SetNow(time.Date(2026, 11, 10, 8, 30, 0, 0, time.UTC))
		lend(t, srv, otherPatient, "T9201")
		if got := componentHoldings(t, srv, "TU9"); got != otherPatient+" T9202×1 " {
			t.Fatalf("component holdings on loan 2: %q; want the rail on %s", got, otherPatient)
		}
		if on, res := stockOf(t, srv, "T9202"); on != 4 || res != 0 {
			t.Fatalf("rails on hand %d, reserved %d on loan 2; want 4 and 0", on, res)
		}
		srv.SetNow(time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC))
		if _, err := srv.Svc.RunBilling(ctx, actorOf(t, srv, "ADMIN"), "2026-11"); err != nil {
			t.Fatalf("billing run: %v", err)
		}
		lines, err := srv.DB.Read().FindBillingLines(ctx, "2026-11", "2990")
		if err != nil {
			t.Fatal(err)
		}
		billed := false
		for _, l := range lines {
			if l.Article == "T9202" && l.Recipient == otherPatient {
				billed = l.Kind == domain.LineComponent && l.Days == 21 && l.Amount == 7000
			}
		}
		if !billed {
			t.Errorf("November's billing has no component line of 21 days, 70,00, for the rail on %s: %+v", otherPatient, lines)
		}
		roundTrip(otherPatient)

		// Loan 3 asks for a rail: the one on the bed covers it, none from stock.
		lend(t, srv, protectedPatient, "T9201", rail...)
		if got := attached(t, srv, "TU9"); got != "T9202×1 " {
			t.Fatalf("TU9 carries %q on loan 3; want one rail, not two", got)
		}
		if got := componentHoldings(t, srv, "TU9"); got != protectedPatient+" T9202×1 " {
			t.Fatalf("component holdings on loan 3: %q; want one rail on %s", got, protectedPatient)
		}
		if on, res := stockOf(t, srv, "T9202"); on != 4 || res != 0 {
			t.Fatalf("rails on hand %d, reserved %d on loan 3; want 4 and 0", on, res)
		}

		// A delivered unit's components are the patient's: not detached.
		h, err := srv.Svc.UnitHistory(ctx, lager, "TU9")
		if err != nil {
			t.Fatal(err)
		}
		railID := h.Components[0].ID
		_, err = srv.Svc.DetachComponent(ctx, lager, "TU9", railID)
		wantCode(t, err, domain.EConflict)
		roundTrip(protectedPatient)

		// The warehouse detaches the rail: on hand again, journalled, off the unit.
		d, err := srv.Svc.DetachComponent(ctx, lager, "TU9", railID)
		if err != nil {
			t.Fatalf("detach: %v", err)
		}
		if d.Warehouse != "2000" || d.Component.ArticleNumber != "T9202" {
			t.Errorf("detached %+v; want T9202 into 2000", d)
		}
		if got := attached(t, srv, "TU9"); got != "" {
			t.Errorf("TU9 carries %q after the detach; want nothing", got)
		}
		if on, _ := stockOf(t, srv, "T9202"); on != 5 {
			t.Errorf("rails on hand %d after the detach; want 5", on)
		}
		ms, err := srv.DB.Read().FindStockMovements(ctx, domain.MovementFilter{Article: "T9202", Limit: 1})
		if err != nil || len(ms) != 1 || ms[0].Reason != "detach" || ms[0].Reference != "TU9" || ms[0].OnHandDelta != 1 || ms[0].By != "LAGER" {
			t.Errorf("journal %+v (%v); want a detach of 1 for TU9 by LAGER", ms, err)
		}
		_, err = srv.Svc.DetachComponent(ctx, lager, "TU9", railID)
		wantCode(t, err, domain.ENotFound)
		if on, _ := stockOf(t, srv, "T9202"); on != 5 {
			t.Errorf("rails on hand %d after a refused detach; want 5", on)
		}
	})
}

// Scrapping a unit detaches its components into stock at the unit's warehouse.
func TestScrapDetachesComponentsIntoStock(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		componentFixture(t, srv)
		ctx := context.Background()
		lend(t, srv, "191212121212", "T9201", service.LineInput{Article: "T9201", Add: []string{"T9202"}})
		giveBack(t, srv, "191212121212", "TU9")
		detached, err := srv.Svc.ScrapUnit(ctx, actorOf(t, srv, "LAGER"), "TU9", "Trasig")
		if err != nil {
			t.Fatalf("scrap: %v", err)
		}
		if len(detached) != 1 || detached[0].ArticleNumber != "T9202" {
			t.Errorf("detached %+v; want the rail", detached)
		}
		if s := unitStatus(t, srv, "TU9"); s != "scrapped" {
			t.Errorf("status %s; want scrapped", s)
		}
		if on, res := stockOf(t, srv, "T9202"); on != 5 || res != 0 {
			t.Errorf("rails on hand %d, reserved %d after the scrap; want 5 and 0", on, res)
		}
		if got := attached(t, srv, "TU9"); got != "" {
			t.Errorf("the scrapped unit carries %q; want nothing", got)
		}
	})
}

// A Kompl. individ component ordered for a unit the patient has since given back
// is not attached to it: the delivery is refused with the reason, nothing changed.
func TestComplementRefusedWhenTheUnitHasMoved(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		componentFixture(t, srv)
		ctx := context.Background()
		lend(t, srv, "191212121212", "T9201")
		o, _, err := srv.Svc.PlaceOrder(ctx, actorOf(t, srv, "K082LNO"), service.OrderInput{
			DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: "191212121212"}},
			Lines:      []service.LineInput{{Article: "T9202", Unit: "TU9"}}})
		if err != nil {
			t.Fatalf("Kompl. individ: %v", err)
		}
		giveBack(t, srv, "191212121212", "TU9")
		onBefore, resBefore := stockOf(t, srv, "T9202")
		_, err = srv.Svc.DeliverOrder(ctx, actorOf(t, srv, "LAGER"), o.Number, nil)
		wantCode(t, err, domain.EConflict)
		if on, res := stockOf(t, srv, "T9202"); on != onBefore || res != resBefore {
			t.Errorf("rails on hand %d, reserved %d after the refusal; want %d and %d", on, res, onBefore, resBefore)
		}
		if got := attached(t, srv, "TU9"); got != "" {
			t.Errorf("TU9 carries %q; want nothing", got)
		}
	})
}
