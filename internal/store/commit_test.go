package store_test

import (
	"context"
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

// On PostgreSQL an order finds its stock rows from the versions its
// connection last wrote (migration 0048), followed to the newest: a look-up by
// key walks every version since the oldest snapshot held. The version written
// is kept; one changed by another connection since is followed; and a hint
// naming another row's slot, one beyond the table's end or one naming no slot
// leave the right rows read and changed.
func TestStockRowsFoundFromTheirNewestVersion(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		if db.Dialect != store.Postgres {
			t.Skip("SQLite keeps no row versions")
		}
		ctx := context.Background()
		ts := domain.FormatTimestamp(time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC))
		execAll(t, db, append(warehouseWithTwoArticles(ts, "Handtag", false),
			"INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', 'A1', 9, 0), ('2000', 'A2', 9, 0)")...)
		text := func(q *store.Q, query string, args ...any) string {
			t.Helper()
			var s string
			if err := q.Get(ctx, query, args, &s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		newest := func(q *store.Q, article string) string {
			return text(q, "SELECT ctid::TEXT FROM stock WHERE warehouse = '2000' AND article_number = ?", article)
		}
		followed := func(q *store.Q, article string) string {
			return text(q, "SELECT COALESCE(stock_version('2000', ?)::TEXT, '')", article)
		}
		hint := func(q *store.Q, article, version string) {
			text(q, "SELECT set_config(stock_version_setting('2000', ?), ?, false)", article, version)
		}
		reserveOneA1 := func(q *store.Q) {
			t.Helper()
			got, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1})
			if err != nil || !got["A1"] {
				t.Fatalf("reserving A1: %v, %v", got, err)
			}
		}

		err := db.Transact(ctx, func(q *store.Q) error {
			hint(q, "A1", "")
			if v := followed(q, "A1"); v != "" {
				t.Errorf("with no version kept, found %q; want none", v)
			}
			// Followed: another connection changes A1 after the version kept.
			kept := newest(q, "A1")
			hint(q, "A1", kept)
			other := make(chan error, 1)
			go func() { // a goroutine of its own takes another connection
				other <- db.Transact(ctx, func(q *store.Q) error {
					_, err := q.ReserveMany(ctx, "2000", map[string]int{"A1": 1})
					return err
				})
			}()
			select {
			case err := <-other:
				if err != nil {
					return err
				}
			case <-time.After(5 * time.Second):
				t.Fatal("another connection's change of A1 did not end")
			}
			if v, want := followed(q, "A1"), newest(q, "A1"); v != want || v == kept {
				t.Errorf("after another connection's change, found %q from %s; want the newest, %s", v, kept, want)
			}
			// Kept: the version a change writes is the one found next.
			hint(q, "A1", "")
			reserveOneA1(q)
			if v, want := followed(q, "A1"), newest(q, "A1"); v != want {
				t.Errorf("after a change, found %q; want the version it wrote, %s", v, want)
			}
			// The hints that lead elsewhere: A1 is read and changed all the same.
			for _, wrong := range []string{newest(q, "A2"), "(4294967294,1)", "(0,0)"} {
				hint(q, "A1", wrong)
				levels, err := q.AvailableMany(ctx, "2000", []string{"A1", "A2"})
				if err != nil {
					return err
				}
				if l := levels["A1"]; len(levels) != 2 || l.OnHand != 9 || l.Reserved < 2 {
					t.Errorf("with A1's version given as %s, read %+v; want A1 and A2, A1 with 9 on hand", wrong, levels)
				}
				hint(q, "A1", wrong)
				reserveOneA1(q)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if b := balances2000(t, db); b["A1"] != [2]int{9, 5} || b["A2"] != [2]int{9, 0} {
			t.Errorf("balances (on hand, reserved) = %v; want A1 [9 5], A2 [9 0]", b)
		}
	})
}
