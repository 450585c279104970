package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"hjalpmedel/internal/admission"
	"hjalpmedel/internal/repo"
)

// Group commit on SQLite. SQLite has one writer, so write transactions run one
// after another anyway; most of a short one's time is its commit, which writes
// every page it changed to the WAL. One goroutine therefore takes the
// transactions waiting at a time and runs them, each inside a SAVEPOINT of its
// own, in one SQLite transaction with one commit: the pages they share (the
// stock rows, the last pages of the order, journal and audit tables) are written
// once per group. Each action is still all or nothing: a failed one is rolled
// back to its savepoint and the others go on. An action's Transact returns only
// after the group's commit, so what it wrote is durable and visible when it does.
// The statements of a grouped action ignore the cancellation of its context: an
// interrupted SQLite statement may roll back the whole transaction, and with it
// the other actions of the group. An action whose context has ended before its
// turn does not run.

// maxGroup bounds the actions of one commit, and so the wait of the first.
const maxGroup = 64

type writeJob struct {
	ctx        context.Context
	fn         func(q *Q) error
	done       chan jobResult
	background bool // a long job's (repo.Background)
}

type jobResult struct {
	err      error
	panicked bool
	panicVal any
}

type committer struct {
	jobs       chan *writeJob // the requests' actions
	background chan *writeJob // long jobs' (repo.Background)
	favour     atomic.Value   // a favourer, once FavourWriter is called
	quit       chan struct{}
	once       sync.Once
	wg         sync.WaitGroup
	actions    atomic.Int64 // actions run
	commits    atomic.Int64 // transactions committed (or rolled back) for them
}

// GroupStats returns how many write actions ran on SQLite and in how many
// transactions (zero on PostgreSQL, where each action has its own).
func (db *DB) GroupStats() (actions, commits int64) {
	if db.group == nil {
		return 0, 0
	}
	return db.group.actions.Load(), db.group.commits.Load()
}

var errClosed = errors.New("store: the database is closed")

// favourer runs the writer's work ahead of the requests' (admission.Gate).
type favourer interface{ Favour(fn func()) }

// FavourWriter has f run each group of the requests' actions (SQLite; nothing
// on PostgreSQL, whose writes are the requests' own).
func (db *DB) FavourWriter(f favourer) {
	if db.group != nil {
		db.group.favour.Store(f)
	}
}

func (db *DB) startCommitter() {
	db.group = &committer{jobs: make(chan *writeJob), background: make(chan *writeJob), quit: make(chan struct{})}
	db.group.wg.Add(1)
	go db.commitLoop()
}

func (c *committer) stop() {
	if c == nil {
		return
	}
	c.once.Do(func() { close(c.quit) })
	c.wg.Wait()
}

// transactGrouped hands fn to the committer and waits for its group's commit.
func (db *DB) transactGrouped(ctx context.Context, fn func(q *Q) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan jobResult, 1), background: repo.IsBackground(ctx)}
	queue := db.group.jobs
	if j.background {
		queue = db.group.background
	}
	var r jobResult
	admission.Wait(ctx, func() { // the request's place goes to another meanwhile
		select {
		case queue <- j:
		case <-ctx.Done():
			r.err = ctx.Err()
			return
		case <-db.group.quit:
			r.err = errClosed
			return
		}
		r = <-j.done // once taken, the job runs to its end: wait for it
	})
	if r.panicked {
		panic(r.panicVal)
	}
	return r.err
}

func (db *DB) commitLoop() {
	defer db.group.wg.Done()
	// The actions run on this goroutine: a Transact inside one finds this
	// function among its callers (inTransaction).
	passed := 0 // the requests' groups run since a long job's write last ran
	for {
		first := db.nextJob(passed < maxPassed)
		if first == nil {
			return
		}
		if first.background {
			passed = 0
			db.runGroup([]*writeJob{first})
			continue
		}
		passed++
		group := []*writeJob{first}
	more:
		for len(group) < maxGroup {
			select {
			case j := <-db.group.jobs:
				group = append(group, j)
			default:
				break more
			}
		}
		if f, ok := db.group.favour.Load().(favourer); ok {
			f.Favour(func() { db.runGroup(group) })
		} else {
			db.runGroup(group)
		}
	}
}

// maxPassed is how many groups of the requests' actions may run while a long
// job's write waits: the requests go first, but a job under a steady stream of
// them still moves.
const maxPassed = 8

// nextJob waits for the next write to run, a request's first when
// requestsFirst; nil once the database is closed.
func (db *DB) nextJob(requestsFirst bool) *writeJob {
	if requestsFirst {
		select {
		case j := <-db.group.jobs:
			return j
		default:
		}
	}
	select {
	case j := <-db.group.jobs:
		return j
	case j := <-db.group.background:
		return j
	case <-db.group.quit:
		return nil
	}
}

// runGroup runs the jobs in one transaction and reports to each.
func (db *DB) runGroup(group []*writeJob) {
	ctx := context.Background()
	results := make([]jobResult, len(group))
	ran := make([]bool, len(group)) // ran and succeeded: its fate is the commit's
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		for _, j := range group {
			j.done <- jobResult{err: err}
		}
		return
	}
	q := &Q{x: tx, Dialect: db.Dialect, tx: true, lent: db.wstmts.lend(tx), detached: true}
	// The savepoint statements are prepared once, as the actions' are: parsed
	// for every action, they took a twentieth of the writer's time.
	exec := func(stmt string) error { _, err := q.Exec(ctx, stmt); return err }
	var broken error
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		if broken = exec("SAVEPOINT action"); broken != nil {
			break
		}
		results[i] = runJob(j.fn, q)
		if results[i].err != nil || results[i].panicked {
			if broken = exec("ROLLBACK TO action"); broken != nil {
				break
			}
		} else {
			ran[i] = true
		}
		if broken = exec("RELEASE action"); broken != nil {
			break
		}
	}
	var commitErr error
	if broken != nil {
		tx.Rollback()
		commitErr = fmt.Errorf("store: a grouped transaction failed, nothing of the group was written: %w", broken)
	} else {
		commitErr = mapError(tx.Commit())
		db.checkpoints.committed()
	}
	q.lent.prepareMissed(ctx) // the writer connection is free again
	db.group.actions.Add(int64(len(group)))
	db.group.commits.Add(1)
	for i, j := range group {
		r := results[i]
		if ran[i] || (broken != nil && r.err == nil && !r.panicked) {
			r.err = commitErr
		}
		j.done <- r
	}
}

// runJob runs an action's function, catching a panic to pass it on to the action's goroutine.
func runJob(fn func(q *Q) error, q *Q) (r jobResult) {
	defer func() {
		if p := recover(); p != nil {
			r = jobResult{panicked: true, panicVal: p}
		}
	}()
	return jobResult{err: fn(q)}
}

// ctxFor returns the context a statement of q runs with.
func (q *Q) ctxFor(ctx context.Context) context.Context {
	if q.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}
