package web_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// TestCancelDeliverRace: customer service cancels an order while the warehouse
// delivers it, 50 times on each database. Exactly one of them wins (200) and
// the other is refused (409); a delivery that answers 200 delivered the line,
// never "cancelled and nothing delivered".
func TestCancelDeliverRace(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm))}, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		if err := ordertest.Seed(ctx, srv.DB); err != nil {
			t.Fatal(err)
		}
		lno, cs, wh := login(t, srv, "K082LNO"), login(t, srv, "KUNDTJANST"), login(t, srv, "LAGER")
		wins := map[string]int{}
		for round := range 50 {
			if err := srv.DB.Transact(ctx, func(q *store.Q) error {
				_, err := q.Exec(ctx, "UPDATE stock SET on_hand = reserved + 5 WHERE article_number = ?", ordertest.ChainNew)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var o orderOut
			if st := lno.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient},
				"customer": "2990", "lines": []map[string]any{{"article": ordertest.ChainNew}}}, &o); st != 201 {
				t.Fatalf("round %d: place: %d %+v", round, st, o.Error)
			}
			var cancelled orderOut
			var delivered struct {
				orderOut
				DeliveredLines int
			}
			var cancelStatus, deliverStatus int
			var wg sync.WaitGroup
			start := make(chan struct{})
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				cancelStatus = cs.do("POST", "/api/v1/orders/"+o.Number+"/cancel", nil, &cancelled)
			}()
			go func() {
				defer wg.Done()
				<-start
				deliverStatus = wh.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, &delivered)
			}()
			close(start)
			wg.Wait()
			switch {
			case cancelStatus == 200 && deliverStatus == 409:
				wins["cancel"]++
				if cancelled.Status != "cancelled" {
					t.Errorf("round %d: cancel answered 200 with status %s", round, cancelled.Status)
				}
			case deliverStatus == 200 && cancelStatus == 409:
				wins["deliver"]++
				if delivered.Status != "delivered" || delivered.DeliveredLines != 1 {
					t.Errorf("round %d: deliver answered 200 with status %s and %d lines delivered", round, delivered.Status, delivered.DeliveredLines)
				}
			default:
				t.Errorf("round %d: cancel %d %+v, deliver %d (status %s, %d delivered) %+v; want one 200 and one 409",
					round, cancelStatus, cancelled.Error, deliverStatus, delivered.Status, delivered.DeliveredLines, delivered.Error)
			}
		}
		t.Logf("wins: %v", wins)
	})
}
