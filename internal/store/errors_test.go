package store_test

import (
	"context"
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
