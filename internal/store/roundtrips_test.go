package store_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// A PostgreSQL transaction's BEGIN waits to go with its first statement: in
// one message with it where that statement can carry it (an idempotent
// action's key look-up, a delivery's lock of its order), and its last
// statements go with the COMMIT. So an idempotent action that looks up its
// key and then only writes takes two round trips instead of three, and one
// refused before it reads anything takes none (it took a BEGIN and a
// ROLLBACK). What the transactions did is checked too.
func TestTransactionRoundTrips(t *testing.T) {
	db, trips := storetest.PostgresCountingRoundTrips(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var user int64
	err := db.Transact(ctx, func(q *store.Q) (err error) {
		user, err = q.CreateUser(ctx, domain.NewUser{Username: "k082lno", Name: "Lena Nordin", PasswordHash: "x"}, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	lookUpThenSave := func(key string) func(q *store.Q) error {
		return func(q *store.Q) error {
			ref, err := q.IdempotentReference(ctx, user, key, "order")
			if err != nil || ref != "" {
				return errors.Join(err, errors.New("the key was already there: "+ref))
			}
			return q.SaveIdempotencyKey(ctx, user, key, "order", "17", now)
		}
	}
	cases := []struct {
		name  string
		fn    func(key string) func(q *store.Q) error
		trips int64
		err   error
	}{
		{"a key looked up, then saved with the commit", lookUpThenSave, 2, nil},
		{"refused before any statement", func(string) func(*store.Q) error {
			return func(*store.Q) error { return refused }
		}, 0, refused},
		{"only a write sent with the commit", func(key string) func(*store.Q) error {
			return func(q *store.Q) error { return q.SaveIdempotencyKey(ctx, user, key, "order", "18", now) }
		}, 2, nil},
		{"a key looked up, then refused", func(key string) func(*store.Q) error {
			return func(q *store.Q) error {
				if _, err := q.IdempotentReference(ctx, user, key, "order"); err != nil {
					return err
				}
				return refused
			}
		}, 2, refused}, // the look-up with its BEGIN, the ROLLBACK
		{"an order locked first, not found", func(string) func(*store.Q) error {
			return func(q *store.Q) error {
				_, err := q.LockOrderByNumber(ctx, "KO-404")
				return err
			}
		}, 2, store.ErrNotFound}, // the lock with its BEGIN, the ROLLBACK
	}
	// The first round prepares each statement on the connection (a round trip
	// of its own, once); the second is counted.
	for round, prefix := range []string{"warm-", ""} {
		for i, c := range cases {
			// A connection used a moment ago is taken again: no new
			// connection and no ping is counted.
			if err := db.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			trips.Reset()
			if err := db.Transact(ctx, c.fn(prefix+"k"+strconv.Itoa(i+1))); !errors.Is(err, c.err) {
				t.Fatalf("%s: %v; want %v", c.name, err, c.err)
			}
			if got := trips.Count(); round == 1 && got != c.trips {
				t.Errorf("%s: %d round trips; want %d:\n%s", c.name, got, c.trips, trips)
			}
		}
	}
	for key, want := range map[string]string{"k1": "17", "k3": "18", "k4": ""} {
		got, err := db.Read().IdempotentReference(ctx, user, key, "order")
		if err != nil || got != want {
			t.Errorf("key %s: %q, %v; want %q (committed only where the action succeeded)", key, got, err, want)
		}
	}
	// The look-up that carried the BEGIN ran in the transaction: a key saved
	// by an action is found by a second look-up in the same transaction, and
	// neither is left when the action fails.
	err = db.Transact(ctx, func(q *store.Q) error {
		if err := lookUpThenSave("k9")(q); err != nil {
			return err
		}
		if ref, err := q.IdempotentReference(ctx, user, "k9", "order"); err != nil || ref != "17" {
			t.Errorf("the key saved in the transaction: %q, %v; want 17", ref, err)
		}
		return refused
	})
	if err != refused {
		t.Fatalf("look-up after the save: %v; want %v", err, refused)
	}
	if got, _ := db.Read().IdempotentReference(ctx, user, "k9", "order"); got != "" {
		t.Errorf("key k9 of a refused action: %q; want none", got)
	}
}

// A statement prepared in a transaction runs past q's deferred statements:
// preparing it sends the transaction's BEGIN first, so what it writes is
// undone with the transaction (the scale data generator's bulk inserts).
func TestPreparedStatementRunsInTheTransaction(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		refused := errors.New("refused")
		err := db.Transact(ctx, func(q *store.Q) error {
			st, err := q.Prepare(ctx, "INSERT INTO news (title, published_at) VALUES (?, '2026-12-07')")
			if err != nil {
				return err
			}
			defer st.Close()
			if _, err := st.ExecContext(ctx, "Förberedd"); err != nil {
				return err
			}
			return refused
		})
		if err != refused {
			t.Fatalf("transaction: %v; want %v", err, refused)
		}
		var n int
		if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM news WHERE title = 'Förberedd'", nil, &n); err != nil || n != 0 {
			t.Errorf("rows the refused transaction's prepared statement wrote: %d, %v; want 0", n, err)
		}
	})
}
