package store_test

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// TestErrorCodes: the database's refusals become domain errors by their code on
// both backends: a repeated key a conflict, a broken rule a conflict, and text
// PostgreSQL cannot store (a NUL byte) invalid input, never an internal error.
func TestErrorCodes(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		insert := func(title string) error {
			return db.Transact(ctx, func(q *store.Q) error {
				_, err := q.Exec(ctx, "INSERT INTO news (id, title, published_at) VALUES (900, ?, '2026-01-01')", title)
				return err
			})
		}
		if err := insert("Nyhet"); err != nil {
			t.Fatal(err)
		}
		if code := domain.ErrorCode(insert("Igen")); code != domain.EConflict {
			t.Errorf("repeated id: %s, want conflict", code)
		}
		err := db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO messages (user_id, subject, created_at) VALUES (987654, 'x', '2026-01-01')")
			return err
		})
		if code := domain.ErrorCode(err); code != domain.EConflict {
			t.Errorf("missing user: %v (%s), want conflict", err, code)
		}
		err = db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "UPDATE news SET title = ? WHERE id = 900", "a\x00b")
			return err
		})
		if db.Dialect == store.Postgres {
			if code := domain.ErrorCode(err); code != domain.EInvalid {
				t.Errorf("NUL byte: %v (%s), want invalid", err, code)
			}
		} else if err != nil {
			t.Errorf("NUL byte on SQLite: %v", err)
		}
	})
}

// TestBrokenConnectionsPostgres: after the server ended every connection of the
// pool (pg_terminate_backend), a read and a write transaction still succeed:
// the read runs once more, the transaction again from the start.
func TestBrokenConnectionsPostgres(t *testing.T) {
	if os.Getenv(storetest.PostgresURLEnv) == "" {
		t.Skip(storetest.PostgresURLEnv + " is empty")
	}
	db := storetest.OpenPostgres(t)
	ctx := context.Background()
	var app string
	if err := db.Read().Get(ctx, "SELECT current_setting('application_name')", nil, &app); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", os.Getenv(storetest.PostgresURLEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for round := range 5 {
		// Fill the pool with connections used a moment ago (the driver pings
		// only a connection idle for more than a second), then end them all.
		for range 2 {
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var ok bool
					db.Read().Get(ctx, "SELECT pg_sleep(0.01)::text = ''", nil, &ok)
				}()
			}
			wg.Wait()
		}
		var killed int
		if err := admin.QueryRowContext(ctx, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", app).Scan(&killed); err != nil || killed == 0 {
			t.Fatalf("round %d: %d ended: %v", round, killed, err)
		}
		var n int
		if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM news", nil, &n); err != nil {
			t.Fatalf("round %d: read after the connections were ended: %v", round, err)
		}
		err := db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO news (title, published_at) VALUES ('x', '2026-01-01')")
			return err
		})
		if err != nil {
			t.Fatalf("round %d: write after the connections were ended: %v", round, err)
		}
	}
}
