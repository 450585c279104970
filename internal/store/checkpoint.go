package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// A checkpointer copies SQLite's log into the database file on a connection of
// its own, never in the writer.
// By default SQLite copies the log back into the database file when a commit
// finds it longer than 1,000 pages, inside that commit: the one writer then
// copies pages and syncs the file while every write action, and every look-up
// that logs a patient's data, waits for it. In a five-second trace of the mixed
// bench on the 1M-person set the writer spent 213 ms so, 167 ms of it in fsync.
// A long snapshot (a billing run's, two minutes under that load) keeps the copy
// from passing it, and the first commit after it copied the whole grown log: with
// the checkpoints moved off the writer, the largest wait of a write action during
// the jobs fell from 1.7 s to 0.7 s (one run each).
// The writer's connection has these checkpoints off; a goroutine checkpoints
// instead whenever commits have happened since its last one. Its checkpoints
// are PASSIVE: they copy what no reader still needs and never wait for, or hold
// up, the writer or a reader. The writer starts the log over from its
// beginning once all of it is copied, as before. (Checkpointing at most once a
// second instead, the quiet phase of the mixed bench on the 20,000-person set
// placed 220 and 270 orders per s against 282 and 277, the longer log between
// copies being the likely cost: every page read looks through it. After every
// commit: 268 against 262.)
//
// While a long snapshot is read (a billing run's: Snapshot), the checkpointer
// waits for its end. A snapshot begun when the whole log had been copied reads
// the file itself, and no checkpoint can copy anything until it ends; but each
// one first sorts every page written to the log since the snapshot began, to
// find what it would copy. Tried after every commit, on the mixed bench on the
// 1M-person set, that sorting was 12 % of serve's CPU in the first 35 s of a
// billing run, and it grows with the log.
type checkpointer struct {
	conn *sql.DB
	kick chan struct{} // a commit happened (buffered: one pending kick is enough)
	quit chan struct{}
	once sync.Once
	wg   sync.WaitGroup
	// held counts the long snapshots open (the DB's snapshots): while any is,
	// kicks wait for the last one's end, which kicks again.
	held *atomic.Int64
	// The last checkpoint's outcome: frames in the log, and frames copied;
	// and how many checkpoints have run.
	logFrames, copiedFrames, runs atomic.Int64
}

// startCheckpointer opens the checkpoint connection (source: the SQLite file
// with the pragmas of the others) and starts its goroutine.
func (db *DB) startCheckpointer(source string) error {
	conn, err := sql.Open("sqlite", source)
	if err != nil {
		return err
	}
	conn.SetMaxOpenConns(1)
	conn.SetMaxIdleConns(1)
	conn.SetConnMaxLifetime(0)
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), quit: make(chan struct{}), held: &db.snapshots}
	db.checkpoints = c
	c.wg.Add(1)
	go c.loop()
	return nil
}

// committed tells the checkpointer that the log has grown.
func (c *checkpointer) committed() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer c.wg.Done()
	for {
		select {
		case <-c.kick:
		case <-c.quit:
			return
		}
		if c.held.Load() == 0 {
			c.checkpoint()
		}
	}
}

// checkpoint copies what it can of the log into the database file. A failure
// is left for the next one: the log is then only longer, as a reader's old
// snapshot also makes it.
func (c *checkpointer) checkpoint() {
	var busy, logFrames, copied int64
	c.runs.Add(1)
	if err := c.conn.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logFrames, &copied); err == nil {
		c.logFrames.Store(logFrames)
		c.copiedFrames.Store(copied)
	}
}

func (c *checkpointer) stop() error {
	if c == nil {
		return nil
	}
	c.once.Do(func() { close(c.quit) })
	c.wg.Wait()
	return c.conn.Close()
}
