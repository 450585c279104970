package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// takeNumber takes the next number of a kind and year (arguments in that order).
const takeNumber = `INSERT INTO number_sequences (kind, year, last) VALUES (?, ?, 1)
		ON CONFLICT (kind, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`

// NextNumber takes the next value of a sequence inside q's transaction. The
// UPDATE … RETURNING is atomic on both backends, so numbers are unique under
// concurrency.
func (q *Q) NextNumber(ctx context.Context, kind string, year int) (int64, error) {
	// One statement (one round trip while the row is locked until commit).
	var n int64
	err := q.QueryRow(ctx, takeNumber, kind, year).Scan(&n)
	return n, mapError(err)
}

// NextDocNumber returns the next document number of a kind for the year of now,
// e.g. 26000001 for the first order of 2026, in q's transaction.
func (q *Q) NextDocNumber(ctx context.Context, kind domain.DocKind, now time.Time) (string, error) {
	year := now.Year()
	n, err := q.NextNumber(ctx, string(kind), year)
	if err != nil {
		return "", err
	}
	return domain.FormatDocNumber(year, n), nil
}

// NextDocNumber takes a document number for an action running in q's transaction.
// On PostgreSQL it is taken in a short transaction of its own: taken in q's, the
// sequence row would stay locked until q commits, and every order would queue
// behind the one before it. A number taken by an action that then fails is
// skipped: numbers are unique and never reused (SPEC §5), not gapless. SQLite's
// one writer serialises actions anyway; there the number is taken in q and an
// action that fails hands none out.
func (db *DB) NextDocNumber(ctx context.Context, q *Q, kind domain.DocKind, now time.Time) (string, error) {
	if db.numbers != nil {
		q = &Q{x: db.numbers, Dialect: db.Dialect}
	}
	return q.NextDocNumber(ctx, kind, now)
}

// NextOrderNumber takes an order's number, as NextDocNumber, and on
// PostgreSQL in the same statement the ids its row and its lines will
// have, taken from their sequences (the line ids ascending). With them the
// order and its lines are written with the transaction's commit rather than
// each in a round trip of its own to learn its ids (CreateOrderWithLines).
// SQLite gives the number alone: its rows take their ids as they are
// inserted, at no round trip's cost.
//
// The func it returns gives them. On PostgreSQL the statement runs at once,
// on the numbers' connection, while the action goes on in q (it reads the
// order's stock meanwhile); on SQLite it runs in q when the func is called.
func (db *DB) NextOrderNumber(ctx context.Context, q *Q, now time.Time, lines int) func() (string, repo.OrderIDs, error) {
	if db.numbers == nil {
		return func() (string, repo.OrderIDs, error) {
			number, err := q.NextDocNumber(ctx, domain.DocOrder, now)
			return number, repo.OrderIDs{}, err
		}
	}
	type taken struct {
		number string
		ids    repo.OrderIDs
		err    error
	}
	done := make(chan taken, 1) // an action that fails meanwhile never reads it
	go func() {
		number, ids, err := db.takeOrderNumber(ctx, now, lines)
		done <- taken{number, ids, err}
	}()
	return func() (string, repo.OrderIDs, error) {
		t := <-done
		return t.number, t.ids, t.err
	}
}

// takeOrderNumber is NextOrderNumber's statement on PostgreSQL.
func (db *DB) takeOrderNumber(ctx context.Context, now time.Time, lines int) (string, repo.OrderIDs, error) {
	year := now.Year()
	var n int64
	var ids string
	var taken repo.OrderIDs
	err := (&Q{x: db.numbers, Dialect: db.Dialect}).Get(ctx, `WITH n AS (`+takeNumber+`)
		SELECT n.last, nextval(pg_get_serial_sequence('orders', 'id')),
			COALESCE((SELECT string_agg(CAST(nextval(pg_get_serial_sequence('order_lines', 'id')) AS TEXT), ',') FROM generate_series(1, ?)), '')
		FROM n`, []any{string(domain.DocOrder), year, lines}, &n, &taken.Order, &ids)
	if err != nil {
		return "", repo.OrderIDs{}, err
	}
	for id := range strings.SplitSeq(ids, ",") {
		if id == "" {
			continue
		}
		v, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return "", repo.OrderIDs{}, fmt.Errorf("store: line id %q: %w", id, err)
		}
		taken.Lines = append(taken.Lines, v)
	}
	if len(taken.Lines) != lines {
		return "", repo.OrderIDs{}, fmt.Errorf("store: %d line ids taken for %d lines", len(taken.Lines), lines)
	}
	slices.Sort(taken.Lines)
	return domain.FormatDocNumber(year, n), taken, nil
}
