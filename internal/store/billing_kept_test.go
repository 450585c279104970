package store_test

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// A billing run's holdings are the snapshot's: a holding ended after
// KeepBillingHoldings is read as it was, each payer's in id order. On
// PostgreSQL the copies are made by a range of holdings at a time and
// read a page at a time here, by payer, with their units' and persons'
// facts as a direct read gives them, and the connection is idle, with no
// transaction and no snapshot, between the reads.
func TestKeptHoldingsAreTheSnapshots(t *testing.T) {
	defer store.SetKeptPages(1)()
	defer store.SetKeptChunk(40)()
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
		// The month's holdings as billing reads them without copies.
		monthHoldings := func() map[int64]domain.BillingHoldingRow {
			payers, err := db.Read().FindPayers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			all := map[int64]domain.BillingHoldingRow{}
			for _, payer := range payers {
				rows, err := db.Read().FindBillingHoldings(ctx, first, next, payer.Number)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range rows {
					all[h.ID] = h
				}
			}
			return all
		}
		want := monthHoldings() // before one of them is ended
		var counted int
		var read []domain.BillingHoldingRow
		err := db.SnapshotThen(ctx, func(q *store.Q) error {
			var err error
			counted, err = q.KeepBillingHoldings(ctx, first, next)
			return err
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
			t.Fatalf("read %d kept holdings, %d were kept (one of them ended since)", len(read), counted)
		}
		if db.Dialect == store.Postgres && len(read) < 200 {
			t.Fatalf("%d kept holdings fill no more than a few pages", len(read))
		}
		if db.Dialect == store.Postgres && !slices.IsSortedFunc(read, func(a, b domain.BillingHoldingRow) int {
			return cmp.Or(strings.Compare(a.Payer, b.Payer), cmp.Compare(a.ID, b.ID))
		}) {
			t.Error("PostgreSQL's kept holdings do not come by payer, each payer's by id")
		}
		for _, h := range read {
			if h != want[h.ID] {
				t.Errorf("kept holding %d read as %+v, want %+v", h.ID, h, want[h.ID])
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
		if len(want) != counted {
			t.Fatalf("kept %d holdings, the month has %d", counted, len(want))
		}
		if now := len(monthHoldings()); now != counted-1 {
			t.Fatalf("after the holding was ended the month has %d holdings, want %d", now, counted-1)
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

// While a billing run keeps the month's holdings, no write dated in an ended
// month changes what it reads. PostgreSQL, which copies them in many
// statements, refuses such a write with a message to try again, and waits for
// one under way before it begins; SQLite's snapshot does not see it. A write
// dated this month goes through on both, and the ended month's once the
// holdings are kept.
func TestBillingInputsFrozenWhileKept(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		next := first.AddDate(0, 1, 0)
		inMonth, today := first.AddDate(0, 0, 14), domain.DateOf(time.Now())
		var held int64
		if err := db.Read().Get(ctx, `SELECT MIN(id) FROM holdings WHERE purpose = 'rent' AND rent_start < ? AND end_date IS NULL`,
			[]any{domain.FormatDate(first)}, &held); err != nil {
			t.Fatal(err)
		}
		// endOn returns the holding on day, as a return does: the closed
		// months' guard first.
		endOn := func(day time.Time) error {
			return db.Transact(ctx, func(w *store.Q) error {
				if err := w.EnsureOpen(ctx, day, domain.Term("Återlämningsdatum")); err != nil {
					return err
				}
				_, err := w.Exec(ctx, "UPDATE holdings SET end_date = ? WHERE id = ?", domain.FormatDate(day), held)
				return err
			})
		}
		var kept []domain.BillingHoldingRow
		err := db.SnapshotThen(ctx, func(q *store.Q) error {
			if _, err := q.KeepBillingHoldings(ctx, first, next); err != nil {
				return err
			}
			if err := endOn(today); err != nil {
				t.Errorf("a return dated today while the holdings were kept: %v", err)
			}
			err := endOn(inMonth)
			switch {
			case db.Dialect == store.SQLite && err != nil:
				t.Errorf("a return dated in the kept month on SQLite: %v", err)
			case db.Dialect == store.Postgres && (domain.ErrorCode(err) != domain.EConflict || !strings.Contains(err.Error(), "Försök igen om en stund")):
				t.Errorf("a return dated in the kept month on PostgreSQL: %v, want refused until the holdings are kept", err)
			}
			return nil
		}, func(q *store.Q) error {
			return q.EachKeptBillingHolding(ctx, func(h domain.BillingHoldingRow) error {
				kept = append(kept, h)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(kept, func(h domain.BillingHoldingRow) bool { return h.ID == held })
		if i < 0 || !kept[i].EndDate.IsZero() {
			t.Fatalf("the run read the holding returned while it was kept as %+v, want as it was before", kept[max(i, 0):max(i+1, 0)])
		}
		if err := endOn(inMonth); err != nil {
			t.Fatalf("a return dated in the month once the holdings are kept: %v", err)
		}
		if db.Dialect == store.Postgres {
			frozenAfterWrite(t, db, inMonth)
		}
	})
}

// frozenAfterWrite checks that the billing inputs are frozen only once a write
// dated day, under way, has committed.
func frozenAfterWrite(t *testing.T, db *store.DB, day time.Time) {
	ctx := context.Background()
	var shared, released sync.Once
	sharing, release := make(chan struct{}), make(chan struct{})
	letGo := func() { released.Do(func() { close(release) }) }
	defer letGo() // a failed check must not leave the write open: the schema could not be dropped
	written := make(chan error, 1)
	go func() {
		written <- db.Transact(ctx, func(w *store.Q) error {
			if err := w.EnsureOpen(ctx, day, domain.Term("Återlämningsdatum")); err != nil {
				return err
			}
			// The write's next statement: the guard's check goes with it at the latest.
			if _, err := w.Exec(ctx, "SELECT 1"); err != nil {
				return err
			}
			shared.Do(func() { close(sharing) })
			<-release
			return nil
		})
	}()
	select {
	case <-sharing:
	case err := <-written:
		t.Fatalf("the write ended before it waited: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the write did not pass the guard")
	}
	frozen, kept := make(chan struct{}), make(chan error, 1)
	go func() {
		kept <- db.SnapshotThen(ctx, func(*store.Q) error { close(frozen); return nil }, func(*store.Q) error { return nil })
	}()
	select {
	case <-frozen:
		t.Fatal("the billing inputs were frozen while a write dated in an ended month was under way")
	case <-time.After(300 * time.Millisecond):
	}
	letGo()
	for _, c := range []chan error{written, kept} {
		select {
		case err := <-c:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the write or the freeze after it did not end")
		}
	}
}

// A database without holdings keeps none, on PostgreSQL in one empty copy.
func TestNothingKeptWithoutHoldings(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		first := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
		read := 0
		err := db.SnapshotThen(ctx, func(q *store.Q) error {
			_, err := q.KeepBillingHoldings(ctx, first, first.AddDate(0, 1, 0))
			return err
		},
			func(q *store.Q) error {
				return q.EachKeptBillingHolding(ctx, func(domain.BillingHoldingRow) error { read++; return nil })
			})
		if err != nil || read != 0 {
			t.Fatalf("kept holdings of an empty database: %d read, %v", read, err)
		}
	})
}
