package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// Closing February 2026 freezes February and every earlier month: each write of a
// dated billing input refuses a date on or before 2026-02-28 (SPEC §7), and the
// refusal names the closed month. Nothing is written.
func TestClosedMonthGuardOnEveryDatedWrite(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, `INSERT INTO billing_runs (month, status, run_at, run_by, closed_at, closed_by) VALUES
				('2026-01', 'open', ?, 'ADMIN', NULL, ''), ('2026-02', 'closed', ?, 'ADMIN', ?, 'ADMIN')`,
				domain.FormatTimestamp(now), domain.FormatTimestamp(now), domain.FormatTimestamp(now))
			return err
		}))
		day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
		writes := map[string]func(q *store.Q, d time.Time) error{
			"delivery (rent start)": func(q *store.Q, d time.Time) error {
				return q.CreateHolding(ctx, domain.NewHolding{Article: "X", DeliveryDate: d, Quantity: 1})
			},
			"return": func(q *store.Q, d time.Time) error { _, err := q.EndHoldingReturned(ctx, 1, d); return err },
			"BMB ends the old holding": func(q *store.Q, d time.Time) error {
				_, err := q.EndHolding(ctx, 1, d, "transferred", domain.Term("BMB-datum"))
				return err
			},
			"BMB starts the new holding": func(q *store.Q, d time.Time) error {
				_, err := q.CreateTransferredHolding(ctx, domain.TransferredHolding{RentStart: d})
				return err
			},
			"price valid-from": func(q *store.Q, d time.Time) error {
				_, err := q.InsertArticlePrice(ctx, "X", domain.ArticlePrice{Kind: "rent", ValidFrom: d}, now)
				return err
			},
			"purchase date": func(q *store.Q, d time.Time) error {
				_, err := q.CreateStockUnit(ctx, domain.NewStockUnit{Article: "X", Serial: "S", Warehouse: "W", PurchaseDate: d}, "Mottagning", "ADMIN", now)
				return err
			},
		}
		for name, write := range writes {
			for _, d := range []string{"2026-02-28", "2026-02-01", "2026-01-15", "2025-12-31"} {
				err := db.Transact(ctx, func(q *store.Q) error { return write(q, day(d)) })
				if domain.ErrorCode(err) != domain.EConflict || !strings.HasPrefix(domain.ErrorMessage(err), "Februari 2026 är stängd för fakturering: ") ||
					!strings.Contains(domain.ErrorMessage(err), d) {
					t.Errorf("%s dated %s: %v, want the closed February named", name, d, err)
				}
			}
		}
		var holdings, prices, units int
		must(db.Read().Get(ctx, "SELECT (SELECT COUNT(*) FROM holdings), (SELECT COUNT(*) FROM article_prices), (SELECT COUNT(*) FROM units)",
			nil, &holdings, &prices, &units))
		if holdings+prices+units != 0 {
			t.Errorf("written: %d holdings, %d prices, %d units", holdings, prices, units)
		}
		// 2026-03-01 is open: the guard lets it through (to the foreign keys here).
		err := db.Transact(ctx, func(q *store.Q) error { return q.EnsureOpen(ctx, day("2026-03-01"), "BMB-datum") })
		if err != nil {
			t.Errorf("2026-03-01: %v", err)
		}
	})
}

// A dated write that waits for a closing of its month sees the month closed
// once the closing commits (PostgreSQL; on SQLite the two cannot overlap).
func TestClosingWaitedForRefusesTheWrite(t *testing.T) {
	db := storetest.OpenPostgres(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	execAll(t, db, `INSERT INTO billing_runs (month, status, run_at, run_by) VALUES ('2026-02', 'open', '`+domain.FormatTimestamp(now)+`', 'ADMIN')`)
	closing := make(chan struct{})
	release := make(chan struct{})
	closed := make(chan error, 1)
	go func() {
		closed <- db.Transact(ctx, func(q *store.Q) error {
			if _, err := q.Exec(ctx, "UPDATE billing_runs SET status = 'closed' WHERE month = '2026-02'"); err != nil {
				return err
			}
			close(closing)
			<-release
			return nil
		})
	}()
	<-closing
	written := make(chan error, 1)
	go func() {
		written <- db.Transact(ctx, func(q *store.Q) error {
			return q.EnsureOpen(ctx, time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC), "Leveransdatum")
		})
	}()
	select {
	case err := <-written:
		t.Fatalf("the write did not wait for the closing: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if err := <-written; domain.ErrorCode(err) != domain.EConflict || !strings.HasPrefix(domain.ErrorMessage(err), "Februari 2026 är stängd") {
		t.Errorf("the write after the closing: %v; want February named closed", err)
	}
}
