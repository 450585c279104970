package service

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// A batch queue hands the batches over in the order they were put, whether
// they waited in memory or in the file, and however the taking interleaves
// with the putting; with spool the sender never waits.
func TestBatchQueueKeepsTheOrder(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inMemory int
		takes    map[int]int // after this many puts, take that many batches
	}{
		{"all in memory", 100, nil},
		{"all but one in the file", 1, nil},
		{"memory with room while the file has batches", 2, map[int]int{4: 1, 5: 1, 8: 3}},
		{"the file emptied, then memory again", 2, map[int]int{5: 5, 6: 1, 12: 6}},
		{"taken as they come", 3, map[int]int{1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			q := newBatchQueue[[]string](tc.inMemory, true)
			defer q.release()
			var got [][]string
			take := func() bool {
				t.Helper()
				b, ok, err := q.take(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if ok {
					got = append(got, b)
				}
				return ok
			}
			var want [][]string
			for i := 1; i <= 20; i++ {
				b := []string{string(rune('a' + i)), "å ä ö"}
				want = append(want, b)
				if err := q.put(context.Background(), b); err != nil {
					t.Fatal(err)
				}
				for range tc.takes[i] {
					take()
				}
			}
			q.close()
			for take() {
			}
			if len(got) != len(want) {
				t.Fatalf("%d batches taken, want %d", len(got), len(want))
			}
			for i := range want {
				if !slices.Equal(got[i], want[i]) {
					t.Fatalf("batch %d is %q, want %q", i, got[i], want[i])
				}
			}
			// The file is unlinked as it is made: nothing is left behind.
			if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "*")); len(left) != 0 {
				t.Errorf("left in the temporary folder: %v", left)
			}
		})
	}
}

// A receiver waiting for a batch gets it, or the end, as soon as it comes,
// and stops waiting when its context ends.
func TestBatchQueueWakesTheReceiver(t *testing.T) {
	q := newBatchQueue[int](1, true)
	defer q.release()
	got := make(chan int)
	go func() {
		for {
			b, ok, err := q.take(context.Background())
			if err != nil || !ok {
				close(got)
				return
			}
			got <- b
		}
	}()
	for i := 1; i <= 3; i++ {
		time.Sleep(time.Millisecond)
		if err := q.put(context.Background(), i); err != nil {
			t.Fatal(err)
		}
		if b := <-got; b != i {
			t.Fatalf("got %d, want %d", b, i)
		}
	}
	q.close()
	if _, open := <-got; open {
		t.Fatal("a batch after the close")
	}

	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(time.Millisecond); cancel() }()
	if _, ok, err := newBatchQueue[int](1, true).take(ctx); ok || err != context.Canceled {
		t.Errorf("take with its context ended: ok %v, err %v", ok, err)
	}
}

// Without spool the sender waits while the queue is full, until a batch is
// taken or its context ends, and the batches come in order all the same.
func TestBatchQueueWithoutSpoolMakesTheSenderWait(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	q := newBatchQueue[int](2, false)
	defer q.release()
	ctx := context.Background()
	for i := 1; i <= 2; i++ {
		if err := q.put(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	put := make(chan error, 1)
	go func() { put <- q.put(ctx, 3) }()
	select {
	case err := <-put:
		t.Fatalf("the third batch was put into a full queue (%v)", err)
	case <-time.After(20 * time.Millisecond):
	}
	if b, ok, err := q.take(ctx); b != 1 || !ok || err != nil {
		t.Fatalf("took %d, %v, %v; want 1", b, ok, err)
	}
	select {
	case err := <-put:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the sender still waits after a batch was taken")
	}
	q.close()
	for want := 2; want <= 3; want++ {
		if b, ok, err := q.take(ctx); b != want || !ok || err != nil {
			t.Fatalf("took %d, %v, %v; want %d", b, ok, err, want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "*")); len(left) != 0 {
		t.Errorf("spooled without spool: %v", left)
	}

	full := newBatchQueue[int](1, false)
	if err := full.put(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ended, cancel := context.WithCancel(ctx)
	go func() { time.Sleep(time.Millisecond); cancel() }()
	if err := full.put(ended, 2); err != context.Canceled {
		t.Errorf("put into a full queue with its context ended: %v; want context.Canceled", err)
	}
}
