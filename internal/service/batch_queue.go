package service

import (
	"bytes"
	"context"
	"encoding/gob"
	"os"
	"sync"
)

// batchQueue passes batches from one goroutine to another in order. The
// oldest batches wait in memory (up to inMemory of them); with spool, the rest
// wait in a temporary file and the sender never waits, else the sender waits
// for room. A billing run's snapshot reader sends it the month's computed
// batches, so with spool it lets its snapshot go as soon as the month is
// computed whatever the month's size, while the memory a run holds stays
// bounded.
type batchQueue[T any] struct {
	inMemory int
	spool    bool

	mu      sync.Mutex
	mem     []T      // the oldest batches waiting
	spooled []span   // batches in the file, oldest first, each newer than every one in mem
	file    *os.File // created at the first batch spooled, already unlinked
	end     int64    // where the next spooled batch goes (the sender's alone)
	closed  bool
	ready   chan struct{} // a batch or the close has come (capacity 1)
	room    chan struct{} // a batch was taken from memory (capacity 1)
}

// span is where a spooled batch lies in the file.
type span struct{ offset, size int64 }

func newBatchQueue[T any](inMemory int, spool bool) *batchQueue[T] {
	return &batchQueue[T]{inMemory: max(inMemory, 1), spool: spool, ready: make(chan struct{}, 1), room: make(chan struct{}, 1)}
}

// put adds the next batch; without spool it waits for room first, or until
// ctx ends.
func (q *batchQueue[T]) put(ctx context.Context, batch T) error {
	for {
		q.mu.Lock()
		if len(q.spooled) == 0 && len(q.mem) < q.inMemory {
			q.mem = append(q.mem, batch)
			q.mu.Unlock()
			signal(q.ready)
			return nil
		}
		q.mu.Unlock()
		if q.spool {
			break
		}
		select {
		case <-q.room:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// Spooled, and so are the batches after it until the file is taken empty:
	// the receiver takes mem's batches first. Only the sender writes the file,
	// so it encodes and writes without the lock.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(batch); err != nil {
		return err
	}
	if q.file == nil {
		f, err := os.CreateTemp("", "hjalpmedel-batches-*")
		if err != nil {
			return err
		}
		os.Remove(f.Name()) // gone with the last descriptor, whatever ends the run
		q.mu.Lock()
		q.file = f
		q.mu.Unlock()
	}
	if _, err := q.file.WriteAt(buf.Bytes(), q.end); err != nil {
		return err
	}
	q.mu.Lock()
	q.spooled = append(q.spooled, span{offset: q.end, size: int64(buf.Len())})
	q.mu.Unlock()
	q.end += int64(buf.Len())
	signal(q.ready)
	return nil
}

// close ends the batches.
func (q *batchQueue[T]) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	signal(q.ready)
}

// signal wakes the side waiting on c, if it waits; else the next wait.
func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// take waits for the next batch; ok is false once every batch is taken and
// the sender has closed the queue.
func (q *batchQueue[T]) take(ctx context.Context) (batch T, ok bool, err error) {
	for {
		q.mu.Lock()
		switch {
		case len(q.mem) > 0:
			batch, q.mem = q.mem[0], q.mem[1:]
			q.mu.Unlock()
			signal(q.room)
			return batch, true, nil
		case len(q.spooled) > 0:
			s, f := q.spooled[0], q.file
			q.spooled = q.spooled[1:]
			q.mu.Unlock()
			buf := make([]byte, s.size)
			if _, err := f.ReadAt(buf, s.offset); err != nil {
				return batch, false, err
			}
			err := gob.NewDecoder(bytes.NewReader(buf)).Decode(&batch)
			return batch, err == nil, err
		case q.closed:
			q.mu.Unlock()
			return batch, false, nil
		}
		q.mu.Unlock()
		select {
		case <-q.ready:
		case <-ctx.Done():
			return batch, false, ctx.Err()
		}
	}
}

// release closes the file; call it once neither side uses the queue.
func (q *batchQueue[T]) release() {
	if q.file != nil {
		q.file.Close()
	}
}
