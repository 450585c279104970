package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The writer never checkpoints the log; the checkpointer copies it into the
// file after commits, all of it once no reader needs it.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteFile(t, "checkpoint.db")
	var auto int
	if err := db.Transact(ctx, func(q *Q) error {
		if err := q.Get(ctx, "PRAGMA wal_autocheckpoint", nil, &auto); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "CREATE TABLE filler (b TEXT)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if auto != 0 {
		t.Fatalf("the writer checkpoints every %d pages, want never (0)", auto)
	}
	// More than the 1,000 pages after which SQLite would checkpoint by itself.
	page := strings.Repeat("x", 4000)
	for range 30 {
		if err := db.Transact(ctx, func(q *Q) error {
			for range 50 {
				if _, err := q.Exec(ctx, "INSERT INTO filler (b) VALUES (?)", page); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	c := db.checkpoints
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if log := c.logFrames.Load(); log > 0 && c.copiedFrames.Load() == log {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log was never copied whole: %d frames, %d copied", c.logFrames.Load(), c.copiedFrames.Load())
		}
	}
}

// While a long snapshot is read the checkpointer waits: each try would sort
// the whole log written since it began and copy nothing. Its end lets the log
// be copied.
func TestCheckpointsWaitForTheSnapshot(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteFile(t, "snapshot.db")
	write := func() {
		t.Helper()
		if err := db.Transact(ctx, func(q *Q) error {
			_, err := q.Exec(ctx, "INSERT INTO filler (b) VALUES (?)", strings.Repeat("x", 4000))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Transact(ctx, func(q *Q) error {
		_, err := q.Exec(ctx, "CREATE TABLE filler (b TEXT)")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c := db.checkpoints
	copiedWhole := func() bool { log := c.logFrames.Load(); return log > 0 && c.copiedFrames.Load() == log }
	waitFor := func(what string, done func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !done(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d checkpoints, the last of %d frames, %d copied", what, c.runs.Load(), c.logFrames.Load(), c.copiedFrames.Load())
			}
		}
	}
	write()
	waitFor("before the snapshot", copiedWhole)

	reading, release, ended := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		ended <- db.Snapshot(ctx, func(q *Q) error {
			var n int
			if err := q.Get(ctx, "SELECT COUNT(*) FROM filler", nil, &n); err != nil {
				return err
			}
			close(reading)
			<-release
			return nil
		})
	}()
	<-reading
	runs := c.runs.Load()
	for range 20 {
		write()
	}
	time.Sleep(50 * time.Millisecond) // time for checkpoints, were any tried
	if n := c.runs.Load() - runs; n > 0 {
		t.Errorf("%d checkpoints tried while the snapshot was read, want none", n)
	}
	close(release)
	if err := <-ended; err != nil {
		t.Fatal(err)
	}
	waitFor("after the snapshot", func() bool { return c.runs.Load() > runs && copiedWhole() })
}
