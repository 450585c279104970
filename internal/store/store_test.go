package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

func TestMigrationsMatch(t *testing.T) {
	lite, err := store.Migrations(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, lite[i].Name, pg[i].Name)
		}
	}
}

func TestStore(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t.Run("MigrateTwice", func(t *testing.T) {
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("DocNumbersUniqueUnderConcurrency", func(t *testing.T) {
			now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
			var mu sync.Mutex
			seen := map[string]bool{}
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range 25 {
						var n string
						err := db.Transact(ctx, func(q *store.Q) error {
							var err error
							n, err = db.NextDocNumber(ctx, q, domain.DocOrder, now)
							return err
						})
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						if seen[n] {
							t.Errorf("number %s handed out twice", n)
						}
						seen[n] = true
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if len(seen) != 200 || !seen["26000001"] || !seen["26000200"] {
				t.Errorf("got %d numbers; want 26000001 … 26000200", len(seen))
			}
		})
		t.Run("DocNumberOfAFailedAction", func(t *testing.T) {
			now := time.Date(2031, 3, 1, 10, 0, 0, 0, time.UTC)
			take := func(fail bool) string {
				var n string
				err := db.Transact(ctx, func(q *store.Q) error {
					var err error
					if n, err = db.NextDocNumber(ctx, q, domain.DocPickup, now); err != nil {
						return err
					}
					if fail {
						return domain.Errorf(domain.EInvalid, "stop")
					}
					return nil
				})
				if fail != (err != nil) {
					t.Fatalf("fail %v: err %v", fail, err)
				}
				return n
			}
			take(false)
			take(true)
			// SQLite takes the number in the action's transaction, PostgreSQL in
			// one of its own: there a failed action leaves a gap (never a reuse).
			want := map[store.Dialect]string{store.SQLite: "31000002", store.Postgres: "31000003"}[db.Dialect]
			if got := take(false); got != want {
				t.Fatalf("number after a failed action = %s, want %s", got, want)
			}
		})
		t.Run("DocNumberDoesNotWaitForTheTakersCommit", func(t *testing.T) {
			if db.Dialect != store.Postgres {
				t.Skip("SQLite has one writer: transactions do not overlap")
			}
			now := time.Date(2032, 3, 1, 10, 0, 0, 0, time.UTC)
			release, taken := make(chan struct{}), make(chan struct{})
			done := make(chan error, 1)
			go func() {
				done <- db.Transact(ctx, func(q *store.Q) error {
					_, err := db.NextDocNumber(ctx, q, domain.DocOrder, now)
					close(taken)
					<-release // the first action has its number and has not committed
					return err
				})
			}()
			<-taken
			defer func() { close(release); <-done }()
			tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			// Not until the first commits, were the sequence row locked by its transaction.
			for range 2 {
				if err := db.Transact(tctx, func(q *store.Q) error {
					_, err := db.NextDocNumber(tctx, q, domain.DocOrder, now)
					return err
				}); err != nil {
					t.Fatalf("second action's number: %v", err)
				}
			}
		})
		t.Run("FailedTransactionLeavesNothing", func(t *testing.T) {
			err := db.Transact(ctx, func(q *store.Q) error {
				if _, err := q.Exec(ctx, "INSERT INTO warehouses (number, name) VALUES (?, ?)", "9", "Test"); err != nil {
					return err
				}
				return domain.Errorf(domain.EInvalid, "stop")
			})
			if domain.ErrorCode(err) != domain.EInvalid {
				t.Fatalf("err = %v", err)
			}
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM warehouses WHERE number = ?", []any{"9"}, &n); err != nil || n != 0 {
				t.Fatalf("count = %d, %v; want 0", n, err)
			}
		})
		t.Run("StockNeverBelowZero", func(t *testing.T) {
			err := db.Transact(ctx, func(q *store.Q) error {
				now := domain.FormatTimestamp(time.Now())
				for _, s := range []string{
					"INSERT INTO warehouses (number, name) VALUES ('1', 'W')",
					"INSERT INTO iso_classes (code, name) VALUES ('12', 'X')",
				} {
					if _, err := q.Exec(ctx, s); err != nil {
						return err
					}
				}
				if _, err := q.Exec(ctx, `INSERT INTO articles (number, name, iso_code, status, purpose, created_at, updated_at)
					VALUES ('1', 'A', '12', 'stocked', 'rent', ?, ?)`, now, now); err != nil {
					return err
				}
				_, err := q.Exec(ctx, "INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('1', '1', 1, 0)")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Transact(ctx, func(q *store.Q) error {
				_, err := q.Exec(ctx, "UPDATE stock SET reserved = reserved + 2 WHERE warehouse = '1'")
				return err
			})
			if domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("reserving more than on hand: err = %v; want conflict", err)
			}
		})
		t.Run("AuditLogAppendOnly", func(t *testing.T) {
			err := db.Transact(ctx, func(q *store.Q) error {
				_, err := q.Exec(ctx, "INSERT INTO audit_log (at, action) VALUES (?, 'test')", domain.FormatTimestamp(time.Now()))
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, stmt := range []string{"UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"} {
				err := db.Transact(ctx, func(q *store.Q) error {
					_, err := q.Exec(ctx, stmt)
					return err
				})
				if err == nil {
					t.Errorf("%s succeeded on the append-only audit log", stmt)
				}
			}
		})
		t.Run("NestedTransactFailsAtOnce", func(t *testing.T) {
			// On SQLite the inner action would wait for the writer the outer one holds.
			var inner error
			err := db.Transact(ctx, func(q *store.Q) error {
				inner = db.Transact(ctx, func(q *store.Q) error { return nil })
				return nil
			})
			if err != nil || !errors.Is(inner, store.ErrNestedTransact) {
				t.Fatalf("outer %v, inner %v; want the inner one refused", err, inner)
			}
			// The goroutine may transact again once the outer transaction is over.
			if err := db.Transact(ctx, func(q *store.Q) error { return nil }); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("AuditListNamesEveryPerson", func(t *testing.T) {
			// 700 persons span more than one insert batch; the single look-up's
			// person also appears in the list and is written once.
			persons := []domain.AuditPerson{{Personnummer: "191212121212", Protected: true}}
			for i := range 700 {
				persons = append(persons, domain.AuditPerson{Personnummer: fmt.Sprintf("1950%08d", i)})
			}
			err := db.Transact(ctx, func(q *store.Q) error {
				return q.AppendAudit(ctx, domain.AuditEntry{At: time.Now(), Username: "LIST", Action: "person.list",
					Personnummer: "191212121212", Persons: persons})
			})
			if err != nil {
				t.Fatal(err)
			}
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM audit_persons WHERE audit_id = (SELECT MAX(id) FROM audit_log)", nil, &n); err != nil {
				t.Fatal(err)
			}
			if n != 701 {
				t.Errorf("audit_persons rows = %d, want 701", n)
			}
			for _, pnr := range []string{"191212121212", "195000000699"} {
				got, err := db.Read().FindAudit(ctx, domain.AuditFilter{Personnummer: pnr, Username: "LIST"})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 1 || !got[0].Protected {
					t.Errorf("FindAudit(%s) = %+v, want the protected list entry", pnr, got)
				}
			}
			err = db.Transact(ctx, func(q *store.Q) error {
				_, err := q.Exec(ctx, "DELETE FROM audit_persons")
				return err
			})
			if err == nil {
				t.Error("DELETE succeeded on the append-only audit_persons")
			}
		})
	})
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Rullstol Cröss": "rullstol cross", "ÅÄÖ": "aao", "Éclair": "eclair"} {
		if got := domain.Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
}

// Rows loaded with explicit ids (as the demo data does) must not make the next
// ordinary insert collide: SyncSequences moves PostgreSQL's sequences past them.
func TestSyncSequences(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO routes (id, name, weekdays) VALUES (1, 'Turbil A', '2'), (7, 'Turbil B', '3')")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // twice: it never moves a sequence back
			if err := db.SyncSequences(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var id int64
		err = db.Transact(ctx, func(q *store.Q) error {
			var err error
			id, err = q.Insert(ctx, "INSERT INTO routes (name, weekdays) VALUES (?, ?)", "Turbil C", "4")
			return err
		})
		if err != nil || id != 8 {
			t.Fatalf("insert after explicit ids: id %d, %v; want 8", id, err)
		}
	})
}
