package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// stmtCache keeps one SQLite pool's prepared statements by query text: compiling
// SQL is a large part of a short statement on SQLite. The reader pool prepares a
// statement at its first use; the writer's statements reach a transaction through
// txStmts. database/sql prepares a statement again on each connection that runs it.
// PostgreSQL has none: pgx caches its statements per connection itself.
type stmtCache struct {
	db     *sql.DB
	m      sync.Map // query text -> *sql.Stmt
	n      atomic.Int64
	hits   atomic.Int64
	misses atomic.Int64
}

// maxCachedStmts bounds a cache for queries built with varying IN lists.
const maxCachedStmts = 2000

// StmtStats tells how a statement cache does: statements held, runs of a held
// statement, and runs of a query as text (not held yet, or the cache full).
type StmtStats struct {
	Cached, Hits, Misses int64
}

// StmtStats returns the statement cache figures of the writer and the reader pool
// (zero on PostgreSQL).
func (db *DB) StmtStats() (write, read StmtStats) {
	return db.wstmts.stats(), db.stmts.stats()
}

func (c *stmtCache) stats() StmtStats {
	if c == nil {
		return StmtStats{}
	}
	return StmtStats{Cached: c.n.Load(), Hits: c.hits.Load(), Misses: c.misses.Load()}
}

// get returns the prepared statement of a query, preparing it at the first use,
// or nil to run it unprepared. Only for the reader pool: on the writer, preparing
// waits for the one connection, which a transaction holds.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	if c == nil {
		return nil
	}
	st := c.load(query)
	if st == nil {
		st = c.prepare(ctx, query)
	}
	return c.count(st)
}

// load returns the statement of a query if the cache holds it.
func (c *stmtCache) load(query string) *sql.Stmt {
	if st, ok := c.m.Load(query); ok {
		return st.(*sql.Stmt)
	}
	return nil
}

// count counts a run with the statement st (nil: unprepared) and returns st.
func (c *stmtCache) count(st *sql.Stmt) *sql.Stmt {
	if st == nil {
		c.misses.Add(1)
	} else {
		c.hits.Add(1)
	}
	return st
}

// prepare prepares a query and keeps it, unless the cache is full or the query does
// not prepare (its error shows when it runs unprepared).
func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	if c.n.Load() >= maxCachedStmts {
		return nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := c.m.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt)
	}
	c.n.Add(1)
	return st
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.m.Range(func(_, v any) bool { v.(*sql.Stmt).Close(); return true })
}

// txStmts lends the writer's cached statements to one transaction. tx.StmtContext
// runs a cached statement on the transaction's connection, where it is prepared
// already. A query the cache does not hold runs unprepared and is prepared by
// prepareMissed after the transaction: during it, the writer pool's one connection
// is taken, and preparing on the pool would wait for it forever.
//
// Like the rest of a transaction's Q, it is used by one goroutine at a time.
type txStmts struct {
	c      *stmtCache
	tx     *sql.Tx
	stmts  map[string]*txStmt
	missed map[string]bool
}

type txStmt struct {
	st *sql.Stmt
	// rows are the last rows read through st. SQLite runs a statement once at a
	// time on a connection, so while they are open the query runs unprepared.
	rows *sql.Rows
}

// lend returns the cache's statements for a transaction (nil: no cache).
func (c *stmtCache) lend(tx *sql.Tx) *txStmts {
	if c == nil {
		return nil
	}
	return &txStmts{c: c, tx: tx, stmts: map[string]*txStmt{}}
}

// get returns the statement of a query bound to the transaction, or nil to run it
// unprepared.
func (t *txStmts) get(ctx context.Context, query string) *sql.Stmt {
	if s := t.stmts[query]; s != nil {
		if s.rows != nil {
			if _, err := s.rows.Columns(); err == nil { // still open
				return t.c.count(nil)
			}
			s.rows = nil
		}
		return t.c.count(s.st)
	}
	st := t.c.load(query)
	if st == nil {
		if t.missed == nil {
			t.missed = map[string]bool{}
		}
		t.missed[query] = true
		return t.c.count(nil)
	}
	s := &txStmt{st: t.tx.StmtContext(ctx, st)}
	t.stmts[query] = s
	return t.c.count(s.st)
}

// reading notes rows being read through the statement of a query.
func (t *txStmts) reading(query string, rows *sql.Rows) {
	if t == nil {
		return
	}
	if s := t.stmts[query]; s != nil {
		s.rows = rows
	}
}

// prepareMissed prepares the queries the transaction ran unprepared; call it when
// the transaction has ended and released the writer connection.
func (t *txStmts) prepareMissed(ctx context.Context) {
	if t == nil {
		return
	}
	for query := range t.missed {
		if _, ok := t.c.m.Load(query); !ok {
			t.c.prepare(ctx, query)
		}
	}
}
