package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// NextNumber takes the next value of a sequence inside q's transaction. The
// UPDATE … RETURNING is atomic on both backends, so numbers are unique under
// concurrency.
func (q *Q) NextNumber(ctx context.Context, kind string, year int) (int64, error) {
	// One statement (one round trip while the row is locked until commit).
	var n int64
	err := q.QueryRow(ctx, `INSERT INTO number_sequences (kind, year, last) VALUES (?, ?, 1)
		ON CONFLICT (kind, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`, kind, year).Scan(&n)
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
