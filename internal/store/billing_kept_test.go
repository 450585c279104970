package store_test

import (
	"cmp"
	"context"
	"slices"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// A billing run's holdings are the snapshot's: a holding ended after
// KeepBillingHoldings is read as it was, each payer's in id order. On
// PostgreSQL the snapshot is let go before they are read: the connection is
// idle, with no transaction and no snapshot, between the reads, which there
// take a page at a time here and still come by payer, each payer's by id.
func TestKeptHoldingsAreTheSnapshots(t *testing.T) {
	defer store.SetKeptPages(1)()
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(0, 1, 0)
		// More of the month's rented holdings, without units, so that the
		// kept ones fill several pages.
		for range 4 {
			if err := db.Transact(ctx, func(w *store.Q) error {
				_, err := w.Exec(ctx, `INSERT INTO holdings (recipient_personnummer, recipient_customer, article_number, quantity,
				customer_number, payer_number, purpose, delivery_date, rent_start)
				SELECT recipient_personnummer, recipient_customer, article_number, quantity, customer_number, payer_number, purpose,
					delivery_date, rent_start FROM holdings WHERE purpose = 'rent' AND rent_start < ? AND end_date IS NULL`,
					domain.FormatDate(next))
				return err
			}); err != nil {
				t.Fatal(err)
			}
		}
		var counted int
		var read []domain.BillingHoldingRow
		err := db.SnapshotThen(ctx, func(q *store.Q) error {
			var err error
			if counted, err = q.CountBillingHoldings(ctx, first, next); err != nil {
				return err
			}
			return q.KeepBillingHoldings(ctx, first, next)
		}, func(q *store.Q) error {
			if counted == 0 {
				t.Fatal("the demo data bills nothing in October 2026")
			}
			// Another action ends the first of the month's holdings now.
			if err := db.Transact(ctx, func(w *store.Q) error {
				_, err := w.Exec(ctx, `UPDATE holdings SET end_date = ? WHERE id = (SELECT MIN(id) FROM holdings WHERE purpose = 'rent'
					AND rent_start < ? AND end_date IS NULL)`, domain.FormatDate(first), domain.FormatDate(next))
				return err
			}); err != nil {
				return err
			}
			if db.Dialect == store.Postgres {
				var pid int
				if err := q.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err != nil {
					return err
				}
				var state string
				var inTransaction, snapshot bool
				if err := db.Read().QueryRow(ctx, `SELECT state, xact_start IS NOT NULL, backend_xmin IS NOT NULL
					FROM pg_stat_activity WHERE pid = ?`, pid).Scan(&state, &inTransaction, &snapshot); err != nil {
					return err
				}
				if state != "idle" || inTransaction || snapshot {
					t.Errorf("the kept holdings' connection is %s, in a transaction %v, holding a snapshot %v; want idle, neither", state, inTransaction, snapshot)
				}
			}
			return q.EachKeptBillingHolding(ctx, func(h domain.BillingHoldingRow) error {
				read = append(read, h)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(read) != counted {
			t.Fatalf("read %d kept holdings, the snapshot counted %d (one of them ended since)", len(read), counted)
		}
		if db.Dialect == store.Postgres {
			if len(read) < 200 {
				t.Fatalf("%d kept holdings fill no more than a few pages", len(read))
			}
			inOrder := slices.IsSortedFunc(read, func(a, b domain.BillingHoldingRow) int {
				return cmp.Or(cmp.Compare(a.Payer, b.Payer), cmp.Compare(a.ID, b.ID))
			})
			if !inOrder {
				t.Errorf("the kept holdings are not read by payer, each payer's by id")
			}
		}
		byPayer := map[string][]int64{}
		for _, h := range read {
			byPayer[h.Payer] = append(byPayer[h.Payer], h.ID)
		}
		for payer, ids := range byPayer {
			if !slices.IsSorted(ids) {
				t.Errorf("payer %s's holdings are not in id order: %v", payer, ids)
			}
		}
		if now, err := db.Read().CountBillingHoldings(ctx, first, next); err != nil || now != counted-1 {
			t.Fatalf("after the holding was ended the month has %d holdings (%v), want %d", now, err, counted-1)
		}
	})
}
