package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/storetest"
	"hjalpmedel/internal/testserver"
)

// TestLostConnectionsPostgres ends the PostgreSQL backends of the application's
// pool again and again (pg_terminate_backend from a connection of its own)
// while prescribers place orders, each with an idempotency key. No answer may
// be a 500; a client that gets 503 (code unavailable) sends the same request
// again until it is answered, and in the end every key has exactly one order,
// the one its client was given.
func TestLostConnectionsPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresURLEnv) == "" {
		t.Skip(storetest.PostgresURLEnv + " is empty")
	}
	srv := startOrders(t, testserver.Postgres(), testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))
	ctx := context.Background()
	var app string
	if err := srv.DB.Read().Get(ctx, "SELECT current_setting('application_name')", nil, &app); err != nil || app == "" {
		t.Fatalf("application_name %q: %v", app, err)
	}
	admin, err := sql.Open("pgx", os.Getenv(storetest.PostgresURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	countOrders := func() (n int) {
		if err := srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM orders WHERE status <> 'draft'", nil, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := countOrders()

	const clients, perClient = 6, 40
	users := []string{"K082LNO", "K082KBN"}
	var killed, unavailable, afterCommit, lateRetries atomic.Int64
	cls := make([]*apiClient, clients)
	for c := range cls {
		cls[c] = login(t, srv, users[c%len(users)])
	}
	stop := make(chan struct{})
	killerDone := make(chan struct{})
	go func() {
		// Twenty rounds of killing, a moment apart, while the clients work.
		defer close(killerDone)
		for range 20 {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			rows, err := admin.QueryContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", app)
			if err != nil {
				t.Errorf("terminate: %v", err)
				return
			}
			for rows.Next() {
				killed.Add(1)
			}
			rows.Close()
		}
	}()

	got := make([][]string, clients) // order number per request
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := cls[c]
			for i := range perClient {
				key := fmt.Sprintf("lost-%d-%d", c, i)
				body := map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient}, "customer": "2990",
					"lines": []map[string]any{{"article": ordertest.OrderItem}}, "idempotencyKey": key}
				for attempt := 0; ; attempt++ {
					var o orderOut
					st := cl.do("POST", "/api/v1/orders", body, &o)
					if st == 503 {
						if o.Error == nil || o.Error.Code != "unavailable" {
							t.Errorf("%s: 503 without code unavailable: %+v", key, o.Error)
						}
						unavailable.Add(1)
						select {
						case <-killerDone:
							if lateRetries.Add(1) > 20 {
								t.Errorf("%s: still 503 after the killing stopped", key)
								return
							}
						default:
						}
						continue
					}
					if st != 201 && !(st == 200 && attempt > 0) {
						t.Errorf("%s (attempt %d): %d %+v", key, attempt, st, o.Error)
						return
					}
					if st == 200 {
						afterCommit.Add(1) // the 503 came after the order was saved
					}
					got[c] = append(got[c], o.Number)
					break
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-killerDone
	t.Logf("%d backends ended, %d answers 503, %d retries found the order already saved", killed.Load(), unavailable.Load(), afterCommit.Load())
	if killed.Load() == 0 {
		t.Fatal("no backend was ended")
	}

	seen := map[string]bool{}
	for c := range clients {
		if len(got[c]) != perClient {
			t.Fatalf("client %d got %d orders, want %d", c, len(got[c]), perClient)
		}
		for i, number := range got[c] {
			if seen[number] {
				t.Errorf("order %s given twice", number)
			}
			seen[number] = true
			var ref string
			key := fmt.Sprintf("lost-%d-%d", c, i)
			err := srv.DB.Read().Get(ctx, "SELECT o.number FROM idempotency_keys k JOIN orders o ON o.id = CAST(k.reference AS BIGINT) WHERE k.key = ?",
				[]any{key}, &ref)
			if err != nil || ref != number {
				t.Errorf("key %s: order %q in the database, client got %s (%v)", key, ref, number, err)
			}
		}
	}
	if n := countOrders() - before; n != clients*perClient {
		t.Errorf("%d orders saved, want %d: exactly one per key", n, clients*perClient)
	}
}
