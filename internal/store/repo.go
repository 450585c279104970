package store

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

var _ repo.Queries = (*Q)(nil)

// Repo is db as the services see it: repo.Store over the same pools.
func (db *DB) Repo() repo.Store { return repoStore{db} }

type repoStore struct{ db *DB }

func (r repoStore) Read() repo.Queries { return r.db.Read() }

func (r repoStore) Snapshot(ctx context.Context, fn func(q repo.Queries) error) error {
	return r.db.Snapshot(ctx, func(q *Q) error { return fn(q) })
}

func (r repoStore) SnapshotThen(ctx context.Context, within, after func(q repo.Queries) error) error {
	return r.db.SnapshotThen(ctx, func(q *Q) error { return within(q) }, func(q *Q) error { return after(q) })
}

func (r repoStore) Transact(ctx context.Context, fn func(q repo.Queries) error) error {
	return r.db.Transact(ctx, func(q *Q) error { return fn(q) })
}

// NextDocNumber needs the transaction's own *Q: a Queries that did not come
// from Transact is a programming error.
func (r repoStore) NextDocNumber(ctx context.Context, q repo.Queries, kind domain.DocKind, now time.Time) (string, error) {
	return r.db.NextDocNumber(ctx, q.(*Q), kind, now)
}

func (r repoStore) NextOrderNumber(ctx context.Context, q repo.Queries, now time.Time, lines int) func() (string, repo.OrderIDs, error) {
	return r.db.NextOrderNumber(ctx, q.(*Q), now, lines)
}

func (r repoStore) AppendAuditAlone(ctx context.Context, e domain.AuditEntry) error {
	return r.db.AppendAuditAlone(ctx, e)
}

func (r repoStore) Ping(ctx context.Context) error { return r.db.Ping(ctx) }

func (r repoStore) OneWriter() bool { return r.db.Dialect == SQLite }

func (r repoStore) Collector() prometheus.Collector { return NewCollector(r.db) }
