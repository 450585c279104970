package web_test

import (
	"context"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// A warehouse user acts only in their own warehouse: receiving goods, counts,
// moves, picking and delivering, receiving returns and reconditioning in
// another warehouse are refused (403) and change nothing; the admin may act in
// every warehouse.
func TestWarehouseUserOnlyInOwnWarehouse(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "SQLite"
		opts := []testserver.Option{testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm))}
		if pg {
			name, opts = "Postgres", append(opts, testserver.Postgres())
		}
		t.Run(name, func(t *testing.T) {
			srv := startOrders(t, opts...)
			setWarehouse := func(wh any) { // nil: no warehouse
				t.Helper()
				if err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
					_, err := q.Exec(context.Background(), "UPDATE users SET warehouse = ? WHERE username = 'LAGER'", wh)
					return err
				}); err != nil {
					t.Fatal(err)
				}
			}
			lager, admin, lno := login(t, srv, "LAGER"), login(t, srv, "ADMIN"), login(t, srv, "K082LNO")
			onHand3000 := func() int {
				return countRows(t, srv, "SELECT COALESCE(SUM(on_hand), 0) FROM stock WHERE warehouse = '3000'")
			}
			before := onHand3000()

			// LAGER belongs to warehouse 2000.
			type refusal struct {
				Error struct{ Code, Message string }
			}
			for _, c := range []struct {
				path string
				body map[string]any
			}{
				{"/api/v1/stock/receipts", map[string]any{"warehouse": "3000", "article": "9900102", "quantity": 5}},
				{"/api/v1/stock/corrections", map[string]any{"warehouse": "3000", "article": "9900102", "counted": 50, "reason": "Inventering"}},
				{"/api/v1/stock/moves", map[string]any{"from": "3000", "to": "2000", "article": "9900102", "quantity": 1}},
			} {
				var e refusal
				if st := lager.do("POST", c.path, c.body, &e); st != 403 || e.Error.Code != "forbidden" || e.Error.Message != "Du arbetar i lager 2000 och kan inte utföra detta i lager 3000." {
					t.Errorf("LAGER %s in 3000: %d %+v, want 403 naming the warehouses", c.path, st, e)
				}
			}
			if got := onHand3000(); got != before {
				t.Fatalf("refused actions changed warehouse 3000: %d → %d", before, got)
			}
			if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "9900102", "quantity": 5}, nil); st != 201 {
				t.Errorf("LAGER receiving into its own warehouse 2000: %d", st)
			}
			if st := admin.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "3000", "article": "9900102", "quantity": 5}, nil); st != 201 {
				t.Errorf("ADMIN receiving into 3000: %d", st)
			}

			// An order delivered from warehouse 2000, a pickup received into 2000:
			// refused while LAGER belongs to 3000, done once it belongs to 2000.
			var o orderOut
			if st := lno.do("POST", "/api/v1/orders", chairOrder("wh-1"), &o); st != 201 {
				t.Fatalf("POST /orders: %d %+v", st, o.Error)
			}
			var p struct{ Number string }
			if st := lno.do("POST", "/api/v1/pickuporders", map[string]any{"personnummer": "191212121212", "customer": "2990", "units": []string{"104901"}}, &p); st != 201 {
				t.Fatalf("POST /pickuporders: %d", st)
			}
			setWarehouse("3000")
			if st := lager.do("GET", "/api/v1/picklists?warehouse=2000&date=2026-03-11", nil, nil); st != 403 {
				t.Errorf("pick list of 2000 for a user of 3000: %d, want 403", st)
			}
			if st := lager.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, nil); st != 403 {
				t.Errorf("delivering from 2000 as a user of 3000: %d, want 403", st)
			}
			if st := lager.do("POST", "/api/v1/pickuporders/"+p.Number+"/receive", nil, nil); st != 403 {
				t.Errorf("receiving returns into 2000 as a user of 3000: %d, want 403", st)
			}
			if n := countRows(t, srv, "SELECT COUNT(*) FROM pickup_items i JOIN pickup_orders p ON p.id = i.pickup_order_id WHERE p.number = '"+p.Number+"' AND i.status <> 'registered'"); n != 0 {
				t.Fatalf("a refused receipt received %d items", n)
			}
			setWarehouse("2000")
			if st := lager.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, nil); st != 200 {
				t.Errorf("delivering from its own warehouse: %d", st)
			}
			if st := lager.do("POST", "/api/v1/pickuporders/"+p.Number+"/receive", nil, nil); st != 200 {
				t.Errorf("receiving returns into its own warehouse: %d", st)
			}
			setWarehouse("3000")
			if st := lager.do("POST", "/api/v1/reconditioning/104901/approve", nil, nil); st != 403 {
				t.Errorf("approving a unit of 2000 as a user of 3000: %d, want 403", st)
			}
			setWarehouse(nil)
			var e refusal
			if st := lager.do("POST", "/api/v1/reconditioning/104901/approve", nil, &e); st != 403 || e.Error.Message != "Ditt konto hör inte till något lager. Be administratören att ange ditt lager." {
				t.Errorf("a warehouse user without a warehouse: %d %+v, want 403", st, e)
			}
			if st := admin.do("POST", "/api/v1/reconditioning/104901/approve", nil, nil); st != 200 {
				t.Errorf("ADMIN approving in 2000: %d", st)
			}
		})
	}
}
