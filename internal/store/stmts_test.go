package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// The statements of stmtWork, one transaction's worth.
const (
	stmtInsert = "INSERT INTO stmt_test (id, n) VALUES (?, ?)"
	stmtUpdate = "UPDATE stmt_test SET n = n - ? WHERE id = ?"
	stmtSum    = "SELECT COALESCE(SUM(n), 0) FROM stmt_test WHERE id >= ? AND id < ?"
	stmtList   = "SELECT id, n FROM stmt_test WHERE id >= ? AND id < ? ORDER BY id"
)

// stmtWork inserts two rows, takes 1 from the first, and checks what it reads back:
// five runs of four statements.
func stmtWork(ctx context.Context, q *store.Q, id int) error {
	for _, v := range [][2]int{{id, 5}, {id + 1, 7}} {
		if _, err := q.Exec(ctx, stmtInsert, v[0], v[1]); err != nil {
			return err
		}
	}
	if n, err := q.ExecAffected(ctx, stmtUpdate, 1, id); err != nil || n != 1 {
		return fmt.Errorf("update: %d rows, %v", n, err)
	}
	var sum int
	if err := q.Get(ctx, stmtSum, []any{id, id + 10}, &sum); err != nil || sum != 11 {
		return fmt.Errorf("sum = %d, %v; want 11", sum, err)
	}
	rows, err := q.Query(ctx, stmtList, id, id+10)
	if err != nil {
		return err
	}
	defer rows.Close()
	var got []int
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return err
		}
		got = append(got, i, n)
	}
	if fmt.Sprint(got) != fmt.Sprint([]int{id, 4, id + 1, 7}) {
		return fmt.Errorf("rows = %v", got)
	}
	return rows.Err()
}

func createStmtTable(t *testing.T, db *store.DB) {
	t.Helper()
	err := db.Transact(context.Background(), func(q *store.Q) error {
		_, err := q.Exec(context.Background(), "CREATE TABLE stmt_test (id INTEGER PRIMARY KEY, n INTEGER NOT NULL CHECK (n >= 0))")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriterStatements(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		createStmtTable(t, db)
		before, _ := db.StmtStats()

		t.Run("PreparedOnce", func(t *testing.T) {
			const runs = 50
			for i := range runs {
				if err := db.Transact(ctx, func(q *store.Q) error { return stmtWork(ctx, q, 1000+10*i) }); err != nil {
					t.Fatal(err)
				}
			}
			w, _ := db.StmtStats()
			// Each transaction also runs its savepoint's SAVEPOINT and RELEASE
			// (group.go), prepared since createStmtTable's.
			want := store.StmtStats{Cached: before.Cached + 4, Hits: before.Hits + (runs-1)*5 + runs*2, Misses: before.Misses + 5}
			if db.Dialect == store.Postgres { // pgx keeps its own statements per connection
				want = store.StmtStats{}
			}
			if w != want {
				t.Errorf("writer statements %+v; want %+v (the four statements prepared once, run prepared from the second transaction on)", w, want)
			}
			if ws, _ := db.Stats(); db.Dialect == store.SQLite && ws.OpenConnections != 1 {
				t.Errorf("%d writer connections; want 1", ws.OpenConnections)
			}
		})

		t.Run("FailureRollsBack", func(t *testing.T) {
			count := func() (n int) {
				if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM stmt_test WHERE id >= 5000", nil, &n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			stop := domain.Errorf(domain.EInvalid, "stop")
			err := db.Transact(ctx, func(q *store.Q) error {
				if err := stmtWork(ctx, q, 5000); err != nil {
					return err
				}
				return stop
			})
			if !errors.Is(err, stop) {
				t.Fatalf("err = %v; want stop", err)
			}
			// A cached statement that fails in the middle: the rows written before it go too.
			err = db.Transact(ctx, func(q *store.Q) error {
				if err := stmtWork(ctx, q, 5000); err != nil {
					return err
				}
				_, err := q.Exec(ctx, stmtUpdate, 100, 5000) // n would go below zero
				return err
			})
			if domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("err = %v; want conflict", err)
			}
			if n := count(); n != 0 {
				t.Fatalf("%d rows left by failed transactions; want 0", n)
			}
			// The statements work again after the failure.
			if err := db.Transact(ctx, func(q *store.Q) error { return stmtWork(ctx, q, 5000) }); err != nil {
				t.Fatal(err)
			}
			if n := count(); n != 2 {
				t.Fatalf("%d rows; want 2", n)
			}
		})

		t.Run("ConcurrentTransactionsAndReads", func(t *testing.T) {
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 20 {
						id := 10000 + 1000*g + 10*i
						err := db.Transact(ctx, func(q *store.Q) error {
							if err := stmtWork(ctx, q, id); err != nil {
								return err
							}
							// Queries new to the cache (IN lists of three lengths) are
							// prepared after the transaction that ran them first, while
							// the other goroutines go on.
							ids := []any{id, id + 1, id + 2}[:1+i%3]
							_, err := q.Exec(ctx, "UPDATE stmt_test SET n = n + 1 WHERE id IN ("+store.Placeholders(len(ids))+")", ids...)
							return err
						})
						if err != nil {
							t.Error(err)
							return
						}
						var sum int
						if err := db.Read().Get(ctx, stmtSum, []any{id, id + 10}, &sum); err != nil || sum != 11+min(1+i%3, 2) {
							t.Errorf("sum = %d, %v; want %d", sum, err, 11+min(1+i%3, 2))
							return
						}
					}
				})
			}
			wg.Wait()
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM stmt_test WHERE id >= 10000", nil, &n); err != nil || n != 8*20*2 {
				t.Errorf("%d rows, %v; want %d", n, err, 8*20*2)
			}
		})
	})
}

// SQLite runs a prepared statement once at a time: the same query run again while
// rows read through its statement are open must not reuse that statement. (pgx
// refuses any second query while rows are open in a transaction, so this is SQLite's.)
func TestWriterStatementWhileRowsOpen(t *testing.T) {
	db := storetest.OpenSQLite(t)
	ctx := context.Background()
	createStmtTable(t, db)
	done := errors.New("done")
	for round := range 2 { // the second time with the statements cached
		err := db.Transact(ctx, func(q *store.Q) error {
			for i := range 3 {
				if _, err := q.Exec(ctx, stmtInsert, 6000+i, i); err != nil {
					return err
				}
			}
			rows, err := q.Query(ctx, stmtList, 6000, 6010)
			if err != nil {
				return err
			}
			defer rows.Close()
			outer := 0
			for rows.Next() {
				var id, n int
				if err := rows.Scan(&id, &n); err != nil {
					return err
				}
				if id != 6000+outer {
					return fmt.Errorf("outer row %d has id %d", outer, id)
				}
				outer++
				inner, err := q.Query(ctx, stmtList, id, 6010)
				if err != nil {
					return err
				}
				m := 0
				for inner.Next() {
					m++
				}
				if err := inner.Err(); err != nil || m != 3-outer+1 {
					return fmt.Errorf("inner query from %d: %d rows, %v", id, m, err)
				}
				var first int
				if err := q.Get(ctx, stmtList, []any{id, 6010}, &first, &n); err != nil || first != id {
					return fmt.Errorf("inner row: %d, %v", first, err)
				}
				if _, err := q.Exec(ctx, stmtUpdate, 0, id); err != nil {
					return err
				}
			}
			if outer != 3 {
				return fmt.Errorf("outer query: %d rows; want 3", outer)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return done // roll back, for the same rows in the next round
		})
		if !errors.Is(err, done) {
			t.Fatalf("round %d: %v", round, err)
		}
	}
	// The second round: the three inserts, the outer query and the updates prepared;
	// the inner queries not. Besides, the savepoint statements (group.go):
	// SAVEPOINT and RELEASE prepared since createStmtTable, ROLLBACK TO since the
	// first round.
	if w, _ := db.StmtStats(); w.Cached != 3+3 || w.Hits != 7+5 {
		t.Errorf("writer statements %+v; want 6 cached, 12 runs prepared", w)
	}
}
