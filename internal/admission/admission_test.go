package admission

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// serveAsync runs one request through h in a goroutine; the channel closes
// when the handler has returned.
func serveAsync(h http.Handler, body string) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var r *http.Request
		if body == "" {
			r = httptest.NewRequest(http.MethodGet, "/", nil)
		} else {
			r = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
	}()
	return done
}

func inUse(g *Gate) int { return len(g.places) }

// eventually waits for cond, failing the test after a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGateAdmitsItsPlacesAndParksTheRest(t *testing.T) {
	g := New(2)
	release := make(chan struct{})
	running := make(chan struct{}, 3)
	h := g.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		running <- struct{}{}
		<-release
	}))
	var done []<-chan struct{}
	for range 3 {
		done = append(done, serveAsync(h, ""))
	}
	<-running
	<-running
	select {
	case <-running:
		t.Fatal("a third request ran on a gate of two places")
	case <-time.After(50 * time.Millisecond):
	}
	release <- struct{}{} // one ends: the third gets its place
	<-running
	close(release)
	for _, d := range done {
		<-d
	}
	if n := inUse(g); n != 0 {
		t.Fatalf("%d places still taken after every request ended", n)
	}
}

func TestWaitGivesThePlaceToAnotherRequest(t *testing.T) {
	g := New(1)
	writerDone := make(chan struct{})
	entered := make(chan string, 2)
	h := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("write") == "" {
			entered <- "look-up"
			return
		}
		entered <- "action"
		Wait(r.Context(), func() { <-writerDone }) // the writer runs the action
		if n := inUse(g); n != 1 {
			t.Errorf("after Wait the action holds %d places, want 1", n)
		}
	}))
	action := make(chan struct{})
	go func() {
		defer close(action)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/?write=1", nil))
	}()
	if got := <-entered; got != "action" {
		t.Fatalf("first in: %s", got)
	}
	eventually(t, "the waiting action gives its place up", func() bool { return inUse(g) == 0 })
	<-serveAsync(h, "") // a look-up gets the one place while the action waits
	if got := <-entered; got != "look-up" {
		t.Fatalf("second in: %s", got)
	}
	close(writerDone)
	<-action
	if n := inUse(g); n != 0 {
		t.Fatalf("%d places taken after both ended", n)
	}
}

func TestWaitOutsideAGatedRequestJustWaits(t *testing.T) {
	ran := false
	Wait(context.Background(), func() { ran = true })
	if !ran {
		t.Fatal("Wait did not run its function")
	}
}

func TestGoroutineLeftRunningTakesNoPlace(t *testing.T) {
	g := New(1)
	ctxs := make(chan context.Context, 1)
	h := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		ctxs <- r.Context() // as a job started by the request and left running
	}))
	<-serveAsync(h, "")
	ctx := <-ctxs
	Wait(ctx, func() {})
	if n := inUse(g); n != 0 {
		t.Fatalf("a goroutine outliving its request holds %d places", n)
	}
	// A Wait that spans the handler's end gives back the place it takes again.
	started, finish := make(chan struct{}), make(chan struct{})
	h2 := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		go Wait(r.Context(), func() { close(started); <-finish })
		<-started
	}))
	<-serveAsync(h2, "")
	close(finish)
	eventually(t, "every place free again", func() bool { return inUse(g) == 0 })
}

func TestBodyAndAnswerTravelOutsideTheGate(t *testing.T) {
	g := New(1)
	var during []int
	h := g.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != "rader" {
			t.Errorf("body %q, %v", b, err)
		}
		w.Write([]byte("svar"))
		if n := inUse(g); n != 0 {
			t.Errorf("after writing its answer the request holds %d places", n)
		}
		Wait(r.Context(), func() {}) // an export's later work: no place is taken again
		w.Write([]byte(" och mer"))
	}))
	slow := &spy{g: g, seen: &during}
	network := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = slow.wrap(r.Body)
		h.ServeHTTP(spyWriter{w, slow}, r)
	})
	<-serveAsync(network, "rader")
	for i, n := range during {
		if n != 0 {
			t.Fatalf("network call %d ran holding %d places", i, n)
		}
	}
	if len(during) < 2 {
		t.Fatalf("saw %d network calls, want the body's reads and the answer's write", len(during))
	}
}

// spy records how many places are taken while the network is read or written.
type spy struct {
	g    *Gate
	seen *[]int
}

func (s *spy) wrap(rc io.ReadCloser) io.ReadCloser { return spyBody{rc, s} }

type spyBody struct {
	io.ReadCloser
	s *spy
}

func (b spyBody) Read(p []byte) (int, error) {
	*b.s.seen = append(*b.s.seen, inUse(b.s.g))
	return b.ReadCloser.Read(p)
}

type spyWriter struct {
	http.ResponseWriter
	s *spy
}

func (w spyWriter) Write(p []byte) (int, error) {
	*w.s.seen = append(*w.s.seen, inUse(w.s.g))
	return w.ResponseWriter.Write(p)
}

func TestPlaces(t *testing.T) {
	cpus := runtime.GOMAXPROCS(0)
	for _, c := range []struct {
		flag      int
		oneWriter bool
		want      int
	}{
		{0, true, 2 * cpus},  // SQLite: the writer's share of the CPU
		{0, false, 8 * cpus}, // PostgreSQL: a request waiting for it keeps its place
		{-1, false, 0},
		{-1, true, 0},
		{6, true, 6},
		{6, false, 6},
	} {
		if got := Places(c.flag, c.oneWriter); got != c.want {
			t.Errorf("Places(%d, %v) = %d, want %d", c.flag, c.oneWriter, got, c.want)
		}
	}
}
