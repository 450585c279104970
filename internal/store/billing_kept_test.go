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

// A holding's attached unit brings its purchase date and article to billing,
// the same on both databases (PostgreSQL looks them up one holding at a
// time); a holding without one brings none.
func TestBillingHoldingsCarryTheAttachedUnit(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(0, 1, 0)
		var holding int64
		var payer, unit, purchased, article string
		if err := db.Read().QueryRow(ctx, `SELECT h.id, h.payer_number, u.number, u.purchase_date, u.article_number
			FROM holdings h, units u WHERE h.purpose = 'rent' AND h.rent_start < ? AND h.end_date IS NULL AND h.attached_unit IS NULL
			AND u.purchase_date <> '' AND u.number <> COALESCE(h.unit_number, '') ORDER BY h.id, u.number LIMIT 1`,
			domain.FormatDate(next)).Scan(&holding, &payer, &unit, &purchased, &article); err != nil {
			t.Fatal(err)
		}
		if err := db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "UPDATE holdings SET attached_unit = ? WHERE id = ?", unit, holding)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Read().FindBillingHoldings(ctx, first, next, payer)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range rows {
			switch {
			case h.ID == holding:
				found = true
				if h.Attached != unit || domain.FormatDate(h.AttachedPurchase) != purchased || h.AttachedArticle != article {
					t.Errorf("holding %d's attached unit: %q bought %v of %q, want %q bought %s of %q",
						h.ID, h.Attached, h.AttachedPurchase, h.AttachedArticle, unit, purchased, article)
				}
			case h.Attached == "" && (!h.AttachedPurchase.IsZero() || h.AttachedArticle != ""):
				t.Errorf("holding %d has no attached unit but its facts: %v, %q", h.ID, h.AttachedPurchase, h.AttachedArticle)
			}
		}
		if !found {
			t.Fatalf("holding %d is not billed to %s", holding, payer)
		}
	})
}
