package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// returnFixture adds article T9101, which has no unit numbers, on top of the
// transfer fixture's units, and gives the test patient three of it.
func returnFixture(t *testing.T, srv *testserver.Server) (items int64, f transferFixture) {
	t.Helper()
	f = setupTransfers(t, srv)
	ctx := context.Background()
	err := srv.DB.Transact(ctx, func(q *store.Q) error {
		now := domain.FormatTimestamp(t0)
		_, err := q.Exec(ctx, `INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at)
			VALUES ('T9101', 'Testgreppkudde', '98', 'stocked', FALSE, 'rent', ?, ?)`, now, now)
		return err
	})
	if err != nil {
		t.Fatalf("return fixture: %v", err)
	}
	return threeItems(t, srv), f
}

// threeItems delivers three of T9101 to the test patient and returns the holding id.
func threeItems(t *testing.T, srv *testserver.Server) (id int64) {
	t.Helper()
	return threeItemsOwned(t, srv, "region", "buyback")
}

// threeItemsOwned is threeItems with the holding's owner and debit form (Andra ägare, Försäljning).
func threeItemsOwned(t *testing.T, srv *testserver.Server, owner, debitForm string) (id int64) {
	t.Helper()
	ctx := context.Background()
	err := srv.DB.Transact(ctx, func(q *store.Q) error {
		var err error
		id, err = q.Insert(ctx, `INSERT INTO holdings (recipient_personnummer, article_number, quantity, customer_number, payer_number,
			purpose, owner, debit_form, order_date, delivery_date, rent_start)
			VALUES ('191212121212', 'T9101', 3, '2990', '2990', 'rent', ?, ?, '2026-02-20', '2026-03-02', '2026-03-02')`, owner, debitForm)
		return err
	})
	if err != nil {
		t.Fatalf("holding of T9101: %v", err)
	}
	return id
}

func onHand(t *testing.T, srv *testserver.Server, article string) int {
	t.Helper()
	var n int
	if err := srv.DB.Read().Get(context.Background(), "SELECT COALESCE(SUM(on_hand), 0) FROM stock WHERE warehouse = '2000' AND article_number = ?",
		[]any{article}, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Receiving a pickup order puts the items without a unit number back in stock at
// the customer's warehouse, journalled and audited with the pickup number; a unit
// goes to reconditioning and counts only once approved.
func TestReceivePickupReturnsItemsToStock(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		items, f := returnFixture(t, srv)
		lno, lager := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "LAGER")
		p, _, err := srv.Svc.RegisterPickup(ctx, lno, service.PickupInput{Personnummer: "191212121212", Customer: "2990",
			Holdings: ids(items, f.Cushion)})
		if err != nil {
			t.Fatalf("register: %v", err)
		}
		if onHand(t, srv, "T9101") != 0 {
			t.Fatalf("stock before the receipt: %d", onHand(t, srv, "T9101"))
		}
		cushions := onHand(t, srv, "T9003")

		// The items first: three on hand, one 'return' row, the holding ended, the order still open.
		p, err = srv.Svc.ReceivePickup(ctx, lager, p.Number, service.ReceiveInput{Holdings: ids(items)})
		if err != nil {
			t.Fatalf("receive the items: %v", err)
		}
		if p.Status != "registered" {
			t.Errorf("status %s after part of the order; want registered", p.Status)
		}
		if n := onHand(t, srv, "T9101"); n != 3 {
			t.Errorf("on hand %d after the receipt; want 3", n)
		}
		ms, err := srv.DB.Read().FindStockMovements(ctx, domain.MovementFilter{Article: "T9101", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].Warehouse != "2000" || ms[0].OnHandDelta != 3 || ms[0].Reserved != 0 || ms[0].Reason != "return" ||
			ms[0].Reference != p.Number || ms[0].By != "LAGER" {
			t.Errorf("journal %+v; want one return of 3 to 2000 for %s by LAGER", ms, p.Number)
		}
		var end string
		if err := srv.DB.Read().Get(ctx, "SELECT end_date || ' ' || end_reason FROM holdings WHERE id = ?", []any{items}, &end); err != nil || end != "2026-11-02 returned" {
			t.Errorf("holding: %q, %v; want ended 2026-11-02 returned", end, err)
		}
		var after string
		if err := srv.DB.Read().Get(ctx, "SELECT after_json FROM audit_log WHERE action = 'pickup.receive' AND entity_id = ?", []any{p.Number}, &after); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(after, `"stock":{"quantity":3,"warehouse":"2000"}`) {
			t.Errorf("audit of the receipt: %s", after)
		}

		// Then the unit: to reconditioning, not yet in stock; the items stay as they were.
		p, err = srv.Svc.ReceivePickup(ctx, lager, p.Number, service.ReceiveInput{Units: []string{"TU2"}})
		if err != nil {
			t.Fatalf("receive the unit: %v", err)
		}
		if p.Status != "closed" {
			t.Errorf("status %s; want closed", p.Status)
		}
		if onHand(t, srv, "T9101") != 3 || onHand(t, srv, "T9003") != cushions {
			t.Errorf("on hand T9101 %d, T9003 %d; want 3 and %d", onHand(t, srv, "T9101"), onHand(t, srv, "T9003"), cushions)
		}
		if err := srv.Svc.ApproveReconditioning(ctx, lager, "TU2"); err != nil {
			t.Fatal(err)
		}
		if n := onHand(t, srv, "T9003"); n != cushions+1 {
			t.Errorf("on hand T9003 %d after approval; want %d", n, cushions+1)
		}
	})
}

// Two warehouse workers receive the same pickup order at once: one receipt wins,
// and the items are put in stock once.
// Aids the region does not own (Andra ägare) or has sold (Försäljning) end their
// holding when received but do not go into the region's stock.
func TestReceivePickupKeepsOthersAidsOutOfStock(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		_, _ = returnFixture(t, srv)
		other, sold := threeItemsOwned(t, srv, "other", "buyback"), threeItemsOwned(t, srv, "region", "sale")
		before := onHand(t, srv, "T9101")
		lno, lager := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "LAGER")
		p, _, err := srv.Svc.RegisterPickup(ctx, lno, service.PickupInput{Personnummer: "191212121212", Customer: "2990",
			Holdings: ids(other, sold)})
		if err != nil {
			t.Fatalf("register: %v", err)
		}
		if _, err := srv.Svc.ReceivePickup(ctx, lager, p.Number, service.ReceiveInput{Holdings: ids(other, sold)}); err != nil {
			t.Fatalf("receive: %v", err)
		}
		if got := onHand(t, srv, "T9101"); got != before {
			t.Errorf("on hand %d after the receipt, want %d: others' and sold aids are not the region's stock", got, before)
		}
		var open int
		if err := srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM holdings WHERE id IN (?, ?) AND end_date IS NULL", []any{other, sold}, &open); err != nil || open != 0 {
			t.Errorf("%d holdings still open (%v), want both ended", open, err)
		}
	})
}

func TestReceivePickupRace(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		items, _ := returnFixture(t, srv)
		lno, lager, admin := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "LAGER"), actorOf(t, srv, "ADMIN")
		for round := range 5 {
			p, _, err := srv.Svc.RegisterPickup(ctx, lno, service.PickupInput{Personnummer: "191212121212", Customer: "2990", Holdings: ids(items)})
			if err != nil {
				t.Fatalf("round %d: register: %v", round, err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, a := range []*service.Actor{lager, admin} {
				wg.Go(func() { _, errs[i] = srv.Svc.ReceivePickup(ctx, a, p.Number, service.ReceiveInput{}) })
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch domain.ErrorCode(err) {
				case "":
					won++
				case domain.EConflict:
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d receipts won (%v); want 1", round, won, errs)
			}
			if n := onHand(t, srv, "T9101"); n != 3*(round+1) {
				t.Fatalf("round %d: on hand %d; want %d", round, n, 3*(round+1))
			}
			items = threeItems(t, srv)
		}
	})
}
