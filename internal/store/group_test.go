package store_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"hjalpmedel/internal/admission"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

func openSQLite(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "group.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func insertWarehouse(ctx context.Context, q *store.Q, number string) error {
	_, err := q.Exec(ctx, "INSERT INTO warehouses (number, name) VALUES (?, ?)", number, "Lager "+number)
	return err
}

func warehouses(t *testing.T, db *store.DB) map[string]bool {
	t.Helper()
	got, err := db.Read().Strings(context.Background(), "SELECT number FROM warehouses WHERE number LIKE 'G%'")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, n := range got {
		out[n] = true
	}
	return out
}

// TestGroupCommit: write transactions that wait while another runs share one
// commit, and each is still all or nothing: failed, panicking and cancelled
// actions leave nothing, the others are written.
func TestGroupCommit(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	release := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Transact(ctx, func(q *store.Q) error {
			<-release // the others queue meanwhile
			return insertWarehouse(ctx, q, "G-first")
		})
	}()
	time.Sleep(50 * time.Millisecond)

	const n = 20
	errs := make([]error, n)
	panics := make([]any, n)
	var runs [n]atomic.Int32
	cancelled, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			actx := ctx
			if i == 7 {
				actx = cancelled // cancelled before its turn
			}
			errs[i] = db.Transact(actx, func(q *store.Q) error {
				runs[i].Add(1)
				if err := insertWarehouse(actx, q, fmt.Sprintf("G%02d", i)); err != nil {
					return err
				}
				switch i % 5 {
				case 1:
					return domain.Errorf(domain.EInvalid, "stopp")
				case 2:
					panic("trasig")
				case 3:
					// Its own context ends mid-action: its statements still run,
					// and the rest of the group is not rolled back with it.
					c, stop := context.WithCancel(actx)
					stop()
					return insertWarehouse(c, q, fmt.Sprintf("G%02d-b", i))
				}
				return nil
			})
		}()
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}

	got := warehouses(t, db)
	for i := range n {
		name := fmt.Sprintf("G%02d", i)
		switch {
		case i == 7:
			if !errors.Is(errs[i], context.Canceled) || got[name] {
				t.Errorf("%s (cancelled before its turn): err %v, written %v", name, errs[i], got[name])
			}
		case i%5 == 1:
			if domain.ErrorCode(errs[i]) != domain.EInvalid || got[name] {
				t.Errorf("%s (failed): err %v, written %v", name, errs[i], got[name])
			}
		case i%5 == 2:
			if panics[i] != "trasig" || got[name] {
				t.Errorf("%s (panicked): panic %v, written %v", name, panics[i], got[name])
			}
		case i%5 == 3:
			if errs[i] != nil || !got[name] || !got[name+"-b"] {
				t.Errorf("%s (own context ended): err %v, written %v %v", name, errs[i], got[name], got[name+"-b"])
			}
		default:
			if errs[i] != nil || !got[name] {
				t.Errorf("%s: err %v, written %v", name, errs[i], got[name])
			}
		}
	}
	if !got["G-first"] {
		t.Error("the first action was not written")
	}
	for i := range n {
		if r := runs[i].Load(); i != 7 && r != 1 {
			t.Errorf("G%02d ran %d times; want once", i, r)
		}
	}
	actions, commits := db.GroupStats()
	// The cancelled one never reached the writer.
	if actions != n || commits >= actions/2 {
		t.Errorf("%d actions in %d commits; want %d actions sharing few commits", actions, commits, n)
	}
}

// TestGroupCommitOnce: a group whose actions all succeed runs each of them once.
func TestGroupCommitOnce(t *testing.T) {
	db := openSQLite(t)
	ctx := context.Background()
	release := make(chan struct{})
	go db.Transact(ctx, func(q *store.Q) error { <-release; return nil })
	time.Sleep(50 * time.Millisecond)
	const n = 10
	var runs atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if err := db.Transact(ctx, func(q *store.Q) error {
				runs.Add(1)
				return insertWarehouse(ctx, q, fmt.Sprintf("G%02d", i))
			}); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if r, got := runs.Load(), warehouses(t, db); r != n || len(got) != n {
		t.Errorf("%d actions ran %d times and wrote %d rows; want each once", n, r, len(got))
	}
}

// TestGroupCommitClosed: after Close, a write fails instead of waiting forever.
func TestGroupCommitClosed(t *testing.T) {
	db := openSQLite(t)
	db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := db.Transact(ctx, func(q *store.Q) error { return insertWarehouse(ctx, q, "G-late") })
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v; want the database closed at once", err)
	}
}

// favourSpy runs what it is asked to favour, noting that it does.
type favourSpy struct{ favoured atomic.Bool }

func (f *favourSpy) Favour(fn func()) {
	f.favoured.Store(true)
	defer f.favoured.Store(false)
	fn()
}

// TestRequestsWriteBeforeLongJobs: the requests' actions run favoured and
// before a long job's write that waited longer; the job's write runs alone and
// not favoured.
func TestRequestsWriteBeforeLongJobs(t *testing.T) {
	db := openSQLite(t)
	spy := &favourSpy{}
	db.FavourWriter(spy)
	ctx := context.Background()
	var mu sync.Mutex
	var ran []string
	note := func(what string) {
		mu.Lock()
		defer mu.Unlock()
		ran = append(ran, fmt.Sprintf("%s favoured=%v", what, spy.favoured.Load()))
	}
	release, running := make(chan struct{}), make(chan struct{})
	errs := make(chan error, 3)
	go func() {
		errs <- db.Transact(ctx, func(q *store.Q) error {
			note("first")
			close(running)
			<-release
			return insertWarehouse(ctx, q, "G-first")
		})
	}()
	<-running
	go func() {
		errs <- db.Transact(repo.Background(ctx), func(q *store.Q) error {
			note("job")
			return insertWarehouse(ctx, q, "G-job")
		})
	}()
	time.Sleep(50 * time.Millisecond) // the job's write waits for the writer
	go func() {
		errs <- db.Transact(ctx, func(q *store.Q) error {
			note("request")
			return insertWarehouse(ctx, q, "G-request")
		})
	}()
	time.Sleep(50 * time.Millisecond)
	close(release)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"first favoured=true", "request favoured=true", "job favoured=false"}
	if !slices.Equal(ran, want) {
		t.Fatalf("ran %q; want %q", ran, want)
	}
	if got := warehouses(t, db); len(got) != 3 {
		t.Fatalf("warehouses %v; want all three written", got)
	}
}

// On PostgreSQL a long job's write, in a request beside another request
// holding a place, commits and then waits (admission.Pace) as long as it took,
// or until its context ends; on SQLite, where it takes turns with the requests' writes, it returns
// at once.
func TestLongJobsWritesArePacedBesideRequests(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		gate := admission.New(2)
		release := make(chan struct{})
		defer close(release)
		holding := make(chan struct{})
		go gate.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			close(holding)
			<-release
		})).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		<-holding
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		wrote := make(chan error, 1)
		returned := make(chan error, 1)
		go gate.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			returned <- db.Transact(repo.Background(r.Context()), func(q *store.Q) error {
				time.Sleep(time.Second) // the pause is as long as the write took
				err := insertWarehouse(ctx, q, "G-paced")
				wrote <- err
				return err
			})
		})).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx))
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
		if db.Dialect == store.Postgres {
			select {
			case err := <-returned:
				t.Fatalf("the job's write returned (%v) without a pause beside a request", err)
			case <-time.After(300 * time.Millisecond):
			}
			cancel()
		}
		if err := <-returned; err != nil {
			t.Fatalf("the paced write: %v", err)
		}
		if exists, err := db.Read().WarehouseExists(context.Background(), "G-paced"); err != nil || !exists {
			t.Fatalf("the paced write is not committed (%v, %v)", exists, err)
		}
	})
}
