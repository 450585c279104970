package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// NextNumber takes the next value of a sequence inside the caller's transaction.
// The UPDATE … RETURNING is atomic on both backends, so numbers are unique under
// concurrency and, being in the transaction, never handed out by an action that failed.
func (q *Q) NextNumber(ctx context.Context, kind string, year int) (int64, error) {
	// One statement (one round trip while the row is locked until commit).
	var n int64
	err := q.QueryRow(ctx, `INSERT INTO number_sequences (kind, year, last) VALUES (?, ?, 1)
		ON CONFLICT (kind, year) DO UPDATE SET last = number_sequences.last + 1 RETURNING last`, kind, year).Scan(&n)
	return n, mapError(err)
}

// NextDocNumber returns the next document number of a kind for the year of now,
// e.g. 26000001 for the first order of 2026.
func (q *Q) NextDocNumber(ctx context.Context, kind domain.DocKind, now time.Time) (string, error) {
	year := now.Year()
	n, err := q.NextNumber(ctx, string(kind), year)
	if err != nil {
		return "", err
	}
	return domain.FormatDocNumber(year, n), nil
}
