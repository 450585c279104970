package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// The stock rows' last statement goes with the COMMIT on PostgreSQL
// (commit.go). Whatever the database, a transaction sees the true outcome of
// its reservations and stock changes: one that cannot be met runs again and
// sees it, a statement after a deferred one sees the changed rows, and a
// failed action leaves the stock as it was.
func TestStockChangesSentWithTheCommit(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
		ts := domain.FormatTimestamp(now)
		execAll(t, db, append(warehouseWithTwoArticles(ts, "Handtag", false),
			"INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', 'A1', 5, 0), ('2000', 'A2', 1, 0)")...)
		balances := func() map[string][2]int { return balances2000(t, db) }

		// Met: one run, everything reserved.
		runs := 0
		err := db.Transact(ctx, func(q *store.Q) error {
			runs++
			got, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 2, "A2": 1})
			if err == nil && (!got["A1"] || !got["A2"]) {
				t.Errorf("reserved %v; want A1 and A2", got)
			}
			return err
		})
		if err != nil || runs != 1 {
			t.Fatalf("reserving what is there: %v after %d runs; want nil after 1", err, runs)
		}
		if b := balances(); b["A1"] != [2]int{5, 2} || b["A2"] != [2]int{1, 1} {
			t.Fatalf("balances (on hand, reserved) = %v; want A1 [5 2], A2 [1 1]", b)
		}

		// Not met: the action learns that A2 was not reserved, and only A1 is.
		// On PostgreSQL it learns so in a second run (the first one's deferred
		// reservation failed with its commit).
		var last map[string]bool
		runs = 0
		err = db.Transact(ctx, func(q *store.Q) error {
			runs++
			got, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1, "A2": 1})
			last = got
			return err
		})
		if err != nil || !last["A1"] || last["A2"] {
			t.Fatalf("reserving A2, which is taken: %v, last run saw %v; want nil, A1 only", err, last)
		}
		if want := map[store.Dialect]int{store.SQLite: 1, store.Postgres: 2}[db.Dialect]; runs != want {
			t.Errorf("reserving A2, which is taken, ran %d times; want %d on %s", runs, want, db.Dialect)
		}
		if b := balances(); b["A1"] != [2]int{5, 3} || b["A2"] != [2]int{1, 1} {
			t.Fatalf("balances = %v; want A1 [5 3], A2 [1 1]", b)
		}

		// A statement after a deferred change sees it.
		err = db.Transact(ctx, func(q *store.Q) error {
			if _, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1}); err != nil {
				return err
			}
			bal, err := q.FindStockBalances(ctx, domain.StockFilter{Warehouse: "2000", Article: "A1", Limit: 1})
			if err == nil && (len(bal) != 1 || bal[0].Reserved != 4) {
				t.Errorf("inside the transaction after reserving: %+v; want A1 reserved 4", bal)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		// A delivery of more than is reserved is refused and changes nothing.
		err = db.Transact(ctx, func(q *store.Q) error {
			return q.ChangeStock(ctx, []domain.JournalRow{
				{Warehouse: "2000", Article: "A1", OnHandDelta: -1, ReservedDelta: -1, Reason: "issue", Reference: "T1", User: "LAGER"},
				{Warehouse: "2000", Article: "A2", OnHandDelta: -2, ReservedDelta: -2, Reason: "issue", Reference: "T1", User: "LAGER"},
			}, now)
		})
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("delivering two of A2 with one reserved: %v; want a conflict", err)
		}
		if b := balances(); b["A1"] != [2]int{5, 4} || b["A2"] != [2]int{1, 1} {
			t.Fatalf("balances after the refused delivery = %v; want A1 [5 4], A2 [1 1]", b)
		}
		ms, err := db.Read().FindStockMovements(ctx, domain.MovementFilter{Article: "A2", Limit: 10})
		if err != nil || len(ms) != 0 {
			t.Fatalf("journal of A2 after the refused delivery: %+v, %v; want none", ms, err)
		}
	})
}

// On PostgreSQL a change of stock rows commits before it is flushed, so that
// their locks go sooner (stockCommit), but the transaction returns only once
// its changes are on disk: the write-ahead log is flushed past them.
func TestStockChangesDurableWhenTheTransactionReturns(t *testing.T) {
	db := storetest.Postgres(t) // SQLite commits in its own writer (group.go)
	ctx := context.Background()
	stockOfA1(t, db, 1000)
	for i := range 50 {
		var changedUpTo string
		err := db.Transact(ctx, func(q *store.Q) error {
			if _, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1}); err != nil {
				return err
			}
			// A statement after the deferred change: the change is sent first.
			return q.Get(ctx, "SELECT pg_current_wal_insert_lsn()::TEXT", nil, &changedUpTo)
		})
		if err != nil {
			t.Fatal(err)
		}
		var flushed bool
		if err := db.Read().Get(ctx, "SELECT pg_current_wal_flush_lsn() >= CAST(? AS TEXT)::pg_lsn", []any{changedUpTo}, &flushed); err != nil {
			t.Fatal(err)
		}
		if !flushed {
			t.Fatalf("reservation %d: the write-ahead log was not flushed past %s when its transaction returned", i+1, changedUpTo)
		}
	}
	if b := balances2000(t, db); b["A1"] != [2]int{1000, 50} {
		t.Fatalf("balances = %v; want A1 [1000 50]", b)
	}
}

// On PostgreSQL a statement that fails spoils its transaction even when the
// action goes on: its commit, sent with the statements waiting for it, must
// then fail and leave nothing behind, whether or not stock rows were changed.
func TestSpoiledTransactionCommitsNothing(t *testing.T) {
	db := storetest.Postgres(t) // SQLite goes on after a failed statement
	ctx := context.Background()
	stockOfA1(t, db, 10)
	for _, reserve := range []bool{false, true} {
		err := db.Transact(ctx, func(q *store.Q) error {
			if reserve {
				if _, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1}); err != nil {
					return err
				}
			}
			if _, err := q.Exec(ctx, "INSERT INTO warehouses (number, name) VALUES ('2001', 'Lager Luleå')"); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, "INSERT INTO warehouses (number, name) VALUES ('2000', 'Länsservice Boden')"); err == nil {
				t.Fatal("a second warehouse 2000 was inserted")
			}
			return nil // the action ignores the failure
		})
		if err == nil {
			t.Fatalf("reserving first %v: the spoiled transaction committed", reserve)
		}
		var n int
		if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM warehouses WHERE number = '2001'", nil, &n); err != nil || n != 0 {
			t.Fatalf("reserving first %v: warehouse 2001 stored %d times (%v); want none", reserve, n, err)
		}
		if b := balances2000(t, db); b["A1"] != [2]int{10, 0} {
			t.Fatalf("reserving first %v: balances = %v; want A1 [10 0]", reserve, b)
		}
	}
}

// stockOfA1 sets up warehouse 2000 with onHand of article A1 on hand, none reserved.
func stockOfA1(t *testing.T, db *store.DB, onHand int) {
	t.Helper()
	ts := domain.FormatTimestamp(time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	execAll(t, db, append(warehouseWithTwoArticles(ts, "Handtag", false),
		fmt.Sprintf("INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', 'A1', %d, 0)", onHand))...)
}
