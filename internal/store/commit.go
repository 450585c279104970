package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"hjalpmedel/internal/domain"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// A PostgreSQL transaction sends its last statements with the COMMIT.
//
// Every order, delivery and cancellation changes the same few stock rows, as
// its last statement (ChangeStock, ReserveMany), and holds their locks until its
// commit. Sent apart, the lock is held while the statement's answer travels to
// serve, serve reacts and the COMMIT travels back: on a busy machine each of
// those waits to be scheduled, and the next order of the same article waits on
// all of it. Sent in one message with the COMMIT, the rows are locked only while
// the server runs the two.
//
// Such a statement is deferred only where its caller does nothing after it and
// would act only on a row it failed to change (a reservation the stock cannot
// meet, a delivery of what is no longer reserved, a unit blocked since it was
// picked). Deferred, it is written to fail unless it changed every row it
// must, so that its COMMIT does not run; the transaction is then rolled back
// and runs again with the statement sent at once, where the caller sees which
// rows were not changed, as it always did. The closed-month guard waits the
// same way (EnsureOpen): as a check that fails unless the months are open.
//
// Writes whose result an action does not read (the stock journal, the audit
// entry, the accessory counts) wait the same way (execLater), so that the end
// of an order is one round trip, and the accessory counts' rows, which every
// order of the same aid changes too, are locked as briefly. Any statement that
// answers the caller sends the waiting ones first, in one message with them
// where it is read through getAfterDeferred or getAllAfterDeferred; a read
// whose answer the action only returns waits with them (FindOrderByIDLater).
//
// The BEGIN waits too, for the transaction's first statement: sent in one
// message with it where that statement is read through getAfterDeferred or
// getAllAfterDeferred (an idempotent action's key, a delivery's order, an
// order's customer and patient), else alone before it; a transaction refused
// before it sends anything sends nothing.

// The stock rows' locks are let go before the commit is flushed. A
// transaction that changed them commits asynchronously, and the same message
// then commits one more synchronously, which writes only a message to the log
// (PostgreSQL flushes no commit of a transaction that wrote nothing there).
// Its records lie after the first's, so when the message is answered both are
// on disk, and an action is reported only once it is durable, as before. The
// next order of the same article need not wait, under the rows' locks, for the
// flush and for the first's process to be scheduled again after it. Others
// may read the action a moment before it is flushed; a crash in that moment
// loses it with all the log after it, as the log is one sequence, and the
// caller, who had no answer, places it again.
const (
	stockCommitFirst = "SET LOCAL synchronous_commit TO off"
	stockCommitFlush = "SELECT pg_logical_emit_message(true, 'hjalpmedel', 'flush')"
)

// errDeferredMissed says a deferred statement did not change every row it had
// to, or a deferred check failed: the transaction was rolled back, to run again
// without deferring.
var errDeferredMissed = errors.New("store: a deferred change or check failed")

// pgDivisionByZero is how a deferred statement fails: 1 / (changed / expected).
const pgDivisionByZero = "22012"

// deferChange defers a query that returns a row for each row it changed and
// must change exactly rows rows (only where q.deferring).
func (q *Q) deferChange(query string, args []any, rows int) {
	q.deferred = append(q.deferred, &batchRow{
		query: fmt.Sprintf("WITH changed AS (%s) SELECT 1 / (COUNT(*) / %d) FROM changed", query, rows),
		args:  args,
	})
}

// execLater runs a statement whose outcome the caller needs only as the
// action's: on PostgreSQL, where q may defer, it goes with the next statement
// that answers the caller or with the COMMIT (an error then fails the action,
// as it would have now).
func (q *Q) execLater(ctx context.Context, query string, args ...any) error {
	if q.deferring {
		q.deferred = append(q.deferred, &batchRow{query: query, args: args})
		return nil
	}
	_, err := q.Exec(ctx, query, args...)
	return err
}

// sendDeferred runs the deferred statements now, before a statement that
// follows them.
func (q *Q) sendDeferred(ctx context.Context) error {
	if len(q.deferred) == 0 {
		return nil
	}
	conn, ok := q.x.(*sql.Conn)
	if !ok {
		return errors.New("store: statements deferred outside a transaction")
	}
	return deferredError(q.sendBatch(ctx, conn, nil))
}

// getAfterDeferred is Get for a statement of one row, sent in one message with
// the deferred statements (PostgreSQL, in a transaction), rather than after
// them: a transaction's first statement carries its BEGIN. Its columns are
// scanned by pgx, not database/sql, so dest holds only plain types (string,
// integers, bool), which both scan alike.
func (q *Q) getAfterDeferred(ctx context.Context, query string, args []any, dest ...any) error {
	row := &batchRow{query: query, args: args, dest: dest}
	if err := q.getAllAfterDeferred(ctx, row); err != nil || row.found {
		return err
	}
	return ErrNotFound
}

// getAllAfterDeferred runs statements, as getAfterDeferred, all in one
// message on PostgreSQL; each says whether it found a row.
func (q *Q) getAllAfterDeferred(ctx context.Context, rows ...*batchRow) error {
	conn, ok := q.x.(*sql.Conn)
	if ok && q.Dialect == Postgres && q.tx {
		return deferredError(q.sendBatch(ctx, conn, rows))
	}
	for _, r := range rows {
		if r.each != nil {
			if err := q.queryEach(ctx, r); err != nil {
				return err
			}
			continue
		}
		err := q.Get(ctx, r.query, r.args, r.dest...)
		if r.found = err == nil; err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}

// queryEach runs a statement of any number of rows through database/sql.
func (q *Q) queryEach(ctx context.Context, r *batchRow) error {
	rows, err := q.Query(ctx, r.query, r.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return unavailable(r.scanRows(rows))
}

// scanRows scans every row of rows with r.each.
func (r *batchRow) scanRows(rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}) error {
	for rows.Next() {
		r.found = true
		if err := r.each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// deferredError is the error of a message that sent deferred statements.
func deferredError(err error) error {
	if pgCode(err) == pgDivisionByZero {
		return errDeferredMissed
	}
	return mapError(err)
}

// batchRow is a statement sent in a batch, and where its columns go: of one
// row, into dest, or of any number, each scanned by each; without either its
// rows are not read.
type batchRow struct {
	query string // with ? placeholders
	args  []any
	dest  []any
	each  func(rowScanner) error
	found bool // once sent: whether it returned a row
}

// sendBatch sends the deferred statements, then rows, followed by then,
// in one message, as prepared statements in pgx's pipeline: each is parsed and
// planned once per connection rather than with every order, as one text of
// statements was (one client's API orders on PostgreSQL: 163–173 → 182–204 per
// s). The first that fails skips the rest and is the error; a COMMIT that
// rolled back (the transaction had failed) is pgx.ErrTxCommitRollback.
func (q *Q) sendBatch(ctx context.Context, conn *sql.Conn, rows []*batchRow, then ...string) error {
	all := append(q.deferred, rows...)
	q.deferred, q.begun = nil, true
	var b pgx.Batch
	for _, r := range all {
		b.Queue(numbered(r.query), r.args...)
	}
	for _, t := range then {
		b.Queue(t)
	}
	return conn.Raw(func(dc any) error {
		results := dc.(*stdlib.Conn).Conn().SendBatch(ctx, &b)
		var first error
		for i, item := range b.QueuedQueries {
			var err error
			if i < len(all) && all[i].each != nil {
				err = scanEach(results.Query, all[i])
			} else if i < len(all) && all[i].dest != nil {
				err = results.QueryRow().Scan(all[i].dest...)
				if all[i].found = err == nil; errors.Is(err, pgx.ErrNoRows) {
					err = nil
				}
			} else {
				var tag pgconn.CommandTag
				tag, err = results.Exec()
				if err == nil && item.SQL == "COMMIT" && tag.String() != "COMMIT" {
					err = pgx.ErrTxCommitRollback
				}
			}
			if err != nil {
				first = err
				break
			}
		}
		if err := results.Close(); first == nil {
			first = err
		}
		return first
	})
}

// scanEach scans every row of a batch's next result with r.each.
func scanEach(next func() (pgx.Rows, error), r *batchRow) error {
	rows, err := next()
	if err != nil {
		return err
	}
	defer rows.Close()
	return r.scanRows(rows)
}

// transactPostgres runs fn in a transaction on one connection of the pool and
// commits it together with the deferred statements; when one of them did not
// change every row it had to, fn runs once more without deferring.
func (db *DB) transactPostgres(ctx context.Context, fn func(q *Q) error) error {
	err := db.transactConn(ctx, fn, true)
	if errors.Is(err, errDeferredMissed) {
		err = db.transactConn(ctx, fn, false)
	}
	return err
}

func (db *DB) transactConn(ctx context.Context, fn func(q *Q) error, deferring bool) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	// A connection given back inside a transaction (a ROLLBACK that failed) is
	// closed by the driver when next taken from the pool.
	defer conn.Close()
	// The BEGIN waits to go with the first statement sent.
	q := &Q{x: conn, Dialect: db.Dialect, tx: true, deferring: deferring, deferred: []*batchRow{{query: "BEGIN"}}}
	defer func() {
		p := recover()
		if (p != nil || err != nil) && q.begun {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
		if p != nil {
			panic(p)
		}
	}()
	if err = fn(q); err != nil {
		return err
	}
	return q.commit(ctx, conn)
}

// commit sends the deferred statements and the COMMIT in one message; after
// a change of stock rows, as stockCommit.
func (q *Q) commit(ctx context.Context, conn *sql.Conn) error {
	if !q.begun {
		// Nothing was sent yet: the BEGIN goes alone, as the COMMIT goes only
		// in a transaction begun before it, so that a connection found
		// broken with the BEGIN is tried again, not reported as a commit of
		// unknown outcome.
		rest := q.deferred[1:]
		q.deferred = q.deferred[:1]
		if err := q.sendDeferred(ctx); err != nil {
			return err
		}
		q.deferred = rest
	}
	deferred := len(q.deferred) > 0
	then := []string{"COMMIT"}
	if q.stockChanged {
		// In a transaction that had failed, the SET fails, and nothing after it runs.
		q.deferred = slices.Insert(q.deferred, 0, &batchRow{query: stockCommitFirst})
		then = append(then, stockCommitFlush)
	}
	q.stockChanged = false
	err := q.sendBatch(ctx, conn, nil, then...)
	switch {
	case deferred && pgCode(err) == pgDivisionByZero:
		return errDeferredMissed
	case connLost(err):
		return fmt.Errorf("%w (%w)", domain.ErrOutcomeUnknown, err)
	}
	return mapError(err)
}

// copyRows writes rows into a table with COPY, in the transaction's connection
// (PostgreSQL), after the statements waiting to be sent.
func (q *Q) copyRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	conn, ok := q.x.(*sql.Conn)
	if !ok || !q.tx {
		return fmt.Errorf("store: COPY into %s outside a write transaction", table)
	}
	if err := q.sendDeferred(ctx); err != nil {
		return err
	}
	return mapError(conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		return err
	}))
}
