package store

import (
	"context"
	"database/sql"
	"errors"
)

// Prepare prepares a statement on q (inside its transaction when q is one), with the
// placeholders rebound for the dialect. Bulk loaders (the scale data generator) prepare
// their multi-row INSERT once per transaction and run it many times. The statement runs
// past q, so what q has waiting to be sent goes first, a PostgreSQL transaction's BEGIN
// among it: else the statement would run, and commit, outside the transaction.
func (q *Q) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := q.sendDeferred(ctx); err != nil {
		return nil, err
	}
	p, ok := q.x.(interface {
		PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	})
	if !ok {
		return nil, errors.New("store: this handle cannot prepare statements")
	}
	st, err := p.PrepareContext(ctx, q.rebind(query))
	return st, mapError(err)
}
