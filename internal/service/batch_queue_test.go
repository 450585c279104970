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
// with the putting; the sender never waits.
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
			q := newBatchQueue[[]string](tc.inMemory)
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
				if err := q.put(b); err != nil {
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
	q := newBatchQueue[int](1)
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
		if err := q.put(i); err != nil {
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
	if _, ok, err := newBatchQueue[int](1).take(ctx); ok || err != context.Canceled {
		t.Errorf("take with its context ended: ok %v, err %v", ok, err)
	}
}
