package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The writer never checkpoints the log; the checkpointer copies it into the
// file after commits, all of it once no reader needs it.
func TestCheckpointsLeaveTheWriter(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "checkpoint.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
