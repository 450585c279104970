// Package store is the one database layer of Hjälpmedel. The same SQL runs on
// SQLite (embedded default) and PostgreSQL; the few differences live in the
// migrations and in Dialect.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"hjalpmedel/internal/admission"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// Dialect names the backend.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB holds a writer and a reader pool. On SQLite the writer is one connection,
// which serialises writes without SQLITE_BUSY; readers are many (WAL). On
// PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	stmts   *stmtCache // SQLite reader statements, prepared once (pgx caches its own per connection)
	numbers *sql.DB    // PostgreSQL: a small pool for document numbers (NextDocNumber); nil on SQLite
	wstmts  *stmtCache // SQLite writer statements, lent to each transaction
	group   *committer // SQLite: runs the write transactions, in groups (group.go)
	// checkpoints copies SQLite's log into the file (checkpoint.go); nil on PostgreSQL.
	checkpoints *checkpointer
	// snapshots counts the read snapshots open (Snapshot): while one is, old
	// row versions stay (PostgreSQL) and the log is not checkpointed past it (SQLite).
	snapshots atomic.Int64
}

// ErrNestedTransact is returned by Transact called inside a Transact's function:
// the inner action would wait for the outer one's writer (SQLite) or commit
// apart from it (PostgreSQL). Pass the outer q down instead.
var ErrNestedTransact = errors.New("store: Transact called inside Transact; use the q of the outer transaction")

// Open connects to a postgres:// URL or an SQLite file path (its folder is created).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(pgPoolSize)
		pool.SetMaxIdleConns(pgPoolSize)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		if err := pool.PingContext(ctx); err != nil {
			pool.Close()
			return nil, fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		// The number statements commit without waiting for the WAL flush: a
		// number matters only to the action that takes it, whose own commit
		// flushes the WAL written before it, this increment included.
		numbers, err := sql.Open("pgx", withParam(dsn, "synchronous_commit", "off"))
		if err != nil {
			pool.Close()
			return nil, err
		}
		numbers.SetMaxOpenConns(2)
		numbers.SetMaxIdleConns(2)
		numbers.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{Dialect: Postgres, write: pool, read: pool, numbers: numbers}, nil
	}
	if dir := filepath.Dir(dsn); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	// Temporary storage is SQLite's default, a file written only when a sort
	// or temporary table outgrows its memory, except for the writer (below).
	// Kept in memory instead, a sort allocates each of its rows apart, and
	// modernc's allocator takes one lock for the whole process: on the mixed
	// bench that allocator and its lock were 9 % of serve's CPU, half of it
	// Sök artikel's sorts. On the read bench (1M persons) the look-ups went
	// from 860–886 to 982–1,020 per s and Sök artikel's p99 from 67–70 to 56–57
	// ms (three runs each, alternated).
	pragmas := "?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)"
	// The writer never checkpoints the log (checkpoint.go). Its temporary
	// tables (IN lists, VALUES joined to a table) stay in memory: with a file
	// behind them it placed 4 % fewer orders per second (six runs each).
	write, err := sql.Open("sqlite", "file:"+dsn+pragmas+fmt.Sprintf("&_pragma=temp_store(MEMORY)&_pragma=cache_size(%d)&_pragma=wal_autocheckpoint(0)&_txlock=immediate", writerCache))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	// Readers do not map the file. A reader whose next read finds that anything
	// was committed since its last one empties its page cache, and unmaps the
	// file if it maps it: its next reads then fault each page in again, which
	// took an eighth of serve's CPU on the mixed bench. Read with a system call
	// a page, look-ups held their rate when the jobs write (mixed bench on
	// SQLite, two runs each, alternated: jobs phase 428–475 against 358–374
	// look-ups per s, every class's p99 2.0–2.1× the baseline's against
	// 2.8–2.9×; quiet phase the same within the noise) and serve's resident
	// size, which counted each reader's mapped pages, fell (peak 210–226
	// against 272–278 MB). Each commit empties the page cache, so it is small
	// (readerCache).
	read, err := sql.Open("sqlite", "file:"+dsn+pragmas+fmt.Sprintf("&_pragma=cache_size(%d)&_pragma=query_only(1)&_pragma=mmap_size(%d)", readerCache, readerMmap))
	if err != nil {
		write.Close()
		return nil, err
	}
	// More readers than cores: a screen of several short queries then does not
	// queue for a connection behind long Sök artikel scans (Individkort p99 on
	// 1M persons: 3.2× → 2.7× the baseline's, median of three alternated runs).
	n := max(8, runtime.NumCPU()*4)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", dsn, err)
	}
	db := &DB{Dialect: SQLite, write: write, read: read, stmts: &stmtCache{db: read}, wstmts: &stmtCache{db: write}}
	if err := db.startCheckpointer("file:" + dsn + pragmas); err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	db.startCommitter()
	return db, nil
}

// withParam adds a run-time parameter to a postgres:// URL (pgx sends unknown
// query parameters to the server as settings).
func withParam(dsn, key, value string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
}

// Close closes the pools.
func (db *DB) Close() error {
	db.group.stop()
	err := db.checkpoints.stop()
	db.stmts.close()
	db.wstmts.close()
	err = errors.Join(err, db.write.Close())
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.numbers != nil {
		err = errors.Join(err, db.numbers.Close())
	}
	return err
}

// Ping reports whether the database answers (used by /healthz).
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}

// Stats returns the pool statistics of the writer and the reader pool.
func (db *DB) Stats() (write, read sql.DBStats) {
	return db.write.Stats(), db.read.Stats()
}

// OpenSnapshots is how many read snapshots (Snapshot) are open now.
func (db *DB) OpenSnapshots() int { return int(db.snapshots.Load()) }

// Read returns a query handle on the reader pool, for look-ups outside a transaction.
func (db *DB) Read() *Q {
	q := &Q{x: db.read, Dialect: db.Dialect, stmts: db.stmts}
	if db.Dialect == Postgres {
		q.reads = db.read // a connection can break only on PostgreSQL
	}
	return q
}

// Transact runs fn in one write transaction: committed when fn returns nil, rolled
// back otherwise, so a failure in the middle of an action leaves nothing behind.
// On PostgreSQL a serialization failure or deadlock is retried a few times, and
// so is a connection that broke before the commit was sent (the server rolled
// the transaction back); one that broke during the commit leaves the outcome
// unknown, which the caller learns as ErrOutcomeUnknown. On SQLite,
// transactions waiting at the same time share one commit (group.go). As fn may
// run more than once, it must start from nothing (reset what it collects
// outside itself).
func (db *DB) Transact(ctx context.Context, fn func(q *Q) error) error {
	if inTransaction() {
		return ErrNestedTransact
	}
	run := db.transactPostgres
	if db.group != nil {
		run = db.transactGrouped
	}
	began := time.Now()
	for attempt := 0; ; attempt++ {
		err := run(ctx, fn)
		if err == nil && db.group == nil && repo.IsBackground(ctx) {
			// On SQLite a long job's writes take turns with the requests'
			// groups (transactGrouped); on PostgreSQL they would run
			// beside the requests flat out.
			admission.Pace(ctx, time.Since(began))
		}
		retry := isRetryable(err) || connLost(err) && !errors.Is(err, domain.ErrOutcomeUnknown) && ctx.Err() == nil
		if err == nil || !retry || attempt >= 4 {
			return unavailable(err)
		}
		if connLost(err) && db.Dialect == Postgres {
			dropIdle(db.write)
		}
		select {
		case <-time.After(time.Duration(attempt+1) * 5 * time.Millisecond):
		case <-ctx.Done():
			return unavailable(err)
		}
	}
}

// How much of an SQLite file a reader maps into memory: none, see Open. A
// long snapshot does not either: the billing run reads the holdings in the
// table's order (EachBillingHolding), its pages once each, and mapped them
// into serve's resident size (peak 860 against 281 MB on the mixed bench on
// the 1M-person set; the run's reading alone 9.4 against 9.3 s). The page
// caches' sizes (PRAGMA cache_size, negative: KiB). A cached page is its
// 4 KiB and ~280 bytes of headers, one 8 KiB slot of the C allocator
// (modernc.org/memory), so a cache is resident at about twice its size: the
// writer's 32 MB was ~60 MB of serve's (issue 17, serve under 300 MB on the
// mixed bench; peak 298 → 275 MB, anonymous 204 → 186 MB with readers 2 MB
// and the writer 16 MB, one full run each).
const (
	readerMmap  = 0
	readerCache = -2000
	writerCache = -16000
)

// Snapshot runs fn on one read-only transaction of the reader pool, so every
// query of fn sees the database as of one moment (SQLite: its first read, in
// WAL; PostgreSQL: REPEATABLE READ) whatever commits meanwhile. A long job
// reads through it and writes apart in short transactions (billing, imports):
// it never holds SQLite's one writer, nor PostgreSQL's row locks, while it
// computes.
func (db *DB) Snapshot(ctx context.Context, fn func(q *Q) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return unavailable(err)
	}
	db.snapshots.Add(1)
	defer func() { // after the rollback below has let the snapshot go
		db.snapshots.Add(-1)
		db.checkpoints.committed() // the log it kept: see checkpointer
	}()
	// The reader pool's prepared statements, bound to the snapshot's connection
	// (a job runs the same few queries thousands of times).
	lent := db.stmts.lend(tx)
	defer lent.prepareMissed(ctx)
	defer tx.Rollback()
	return fn(&Q{x: tx, Dialect: db.Dialect, lent: lent})
}

// SnapshotThen runs within on one moment's billing inputs and then after on
// the same connection. On SQLite both run in one read snapshot. On PostgreSQL
// within runs in no transaction, each of its statements short, while the
// billing inputs are frozen (freezeBillingInputs); after runs once they are let
// go and reads what within kept in temporary tables (KeepBillingHoldings),
// which go with the connection's turn. A snapshot held while two million
// holdings are copied holds back the pruning of every row version the requests
// leave meanwhile: each order's update of the same few stock rows walks a
// longer chain of them, under the locks the next orders queue for.
func (db *DB) SnapshotThen(ctx context.Context, within, after func(q *Q) error) error {
	if db.Dialect != Postgres {
		return db.Snapshot(ctx, func(q *Q) error {
			if err := within(q); err != nil {
				return err
			}
			return after(q)
		})
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return unavailable(err)
	}
	defer conn.Close()
	defer conn.ExecContext(context.WithoutCancel(ctx), "DISCARD TEMP")
	q := &Q{x: conn, Dialect: db.Dialect}
	if err := db.freezeBillingInputs(ctx, conn, func() error { return within(q) }); err != nil {
		return unavailable(err)
	}
	return after(&Q{x: conn, Dialect: db.Dialect, kept: q.kept})
}

// billingInputsLock is the advisory lock, with the schema's hash as its
// second key, that freezes the billing inputs (PostgreSQL): held exclusively
// while a billing run reads them, shared by every transaction that writes an
// input dated in an ended month (EnsureOpen).
const billingInputsLock int32 = 0x62696c6c // "bill"

// freezeBillingInputs runs fn while no write dated in an ended month can
// commit (PostgreSQL). The month a billing run reads is ended, and only such a
// write changes what the run reads of it: a change dated today leaves a rented
// holding rented through the month, and a new holding starts after it. So
// fn's statements, each reading as of its own moment, read the month as of
// one. The lock waits for the writes under way; those arriving meanwhile are
// refused (EnsureOpen) rather than left waiting, perhaps under their rows'
// locks, for the whole copy.
func (db *DB) freezeBillingInputs(ctx context.Context, conn *sql.Conn, fn func() error) error {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", billingInputsLock); err != nil {
		return err
	}
	db.snapshots.Add(1)
	defer db.snapshots.Add(-1)
	defer func() {
		var unlocked bool
		err := conn.QueryRowContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1, hashtext(current_schema()))",
			billingInputsLock).Scan(&unlocked)
		if err != nil || !unlocked {
			// Back in the pool still holding the lock, the connection would
			// refuse those writes until it closed: close it now.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn()
}

// inTransaction reports whether the running goroutine is inside a
// transaction, so that a Transact inside Transact fails at once instead of
// waiting for itself on the one writer: (*DB).Transact, or SQLite's commit
// loop, which runs the actions, is among its callers. Walking the return
// addresses costs about a microsecond; the goroutine's number from
// runtime.Stack, a traceback of the whole stack, cost 0.15 ms per order.
func inTransaction() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs) // from the caller of this Transact on
	for n == len(pcs) {
		pcs = make([]uintptr, 2*len(pcs))
		n = runtime.Callers(3, pcs)
	}
	for _, pc := range pcs[:n] {
		if f := runtime.FuncForPC(pc - 1); f != nil && (f.Entry() == transactEntry || f.Entry() == commitLoopEntry) {
			return true
		}
	}
	return false
}

// The entries of the functions inTransaction looks for (set by init: they
// refer to it themselves).
var transactEntry, commitLoopEntry uintptr

func init() {
	transactEntry = runtime.FuncForPC(reflect.ValueOf((*DB).Transact).Pointer()).Entry()
	commitLoopEntry = runtime.FuncForPC(reflect.ValueOf((*DB).commitLoop).Pointer()).Entry()
}

// ErrNotFound is returned by Find… methods when no row matches.
var ErrNotFound = domain.ErrNotFound
