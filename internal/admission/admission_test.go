package admission

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
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

// inUse is how many of g's n places are taken.
func inUse(g *Gate, n int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return n - g.free
}

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
	if n := inUse(g, 2); n != 0 {
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
		if n := inUse(g, 1); n != 1 {
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
	eventually(t, "the waiting action gives its place up", func() bool { return inUse(g, 1) == 0 })
	<-serveAsync(h, "") // a look-up gets the one place while the action waits
	if got := <-entered; got != "look-up" {
		t.Fatalf("second in: %s", got)
	}
	close(writerDone)
	<-action
	if n := inUse(g, 1); n != 0 {
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
	if n := inUse(g, 1); n != 0 {
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
	eventually(t, "every place free again", func() bool { return inUse(g, 1) == 0 })
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
		if n := inUse(g, 1); n != 0 {
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
	*b.s.seen = append(*b.s.seen, inUse(b.s.g, 1))
	return b.ReadCloser.Read(p)
}

type spyWriter struct {
	http.ResponseWriter
	s *spy
}

func (w spyWriter) Write(p []byte) (int, error) {
	*w.s.seen = append(*w.s.seen, inUse(w.s.g, 1))
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

func TestARequestTakingItsPlaceAgainGoesFirst(t *testing.T) {
	g := New(1)
	waiting, writerDone, lookUpDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	order := make(chan string, 3)
	h := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("as") {
		case "action":
			Wait(r.Context(), func() { close(waiting); <-writerDone })
			order <- "action answers"
		case "first look-up":
			order <- "first look-up"
			<-lookUpDone
		default:
			order <- "next look-up"
		}
	}))
	serve := func(as string) <-chan struct{} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/?as="+url.QueryEscape(as), nil))
		}()
		return done
	}
	action := serve("action")
	<-waiting
	first := serve("first look-up")
	<-order
	next := serve("next look-up")
	eventually(t, "the next look-up queues", func() bool { return queued(g) == 1 })
	close(writerDone) // the action queues to take its place again, behind the look-up
	eventually(t, "the action queues", func() bool { return queued(g) == 2 })
	close(lookUpDone)
	for _, d := range []<-chan struct{}{action, first, next} {
		<-d
	}
	if got := <-order; got != "action answers" {
		t.Fatalf("after the first look-up ran %q, want the action that had begun", got)
	}
}

// queued is how many requests wait for a place.
func queued(g *Gate) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.returning) + len(g.arriving)
}

func TestASmallBodyIsReadBeforeThePlaceIsTaken(t *testing.T) {
	g := New(1)
	const handlerRuns = -1
	var events []int // places taken at each read of the network, then handlerRuns
	h := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		events = append(events, handlerRuns)
		b, err := io.ReadAll(r.Body)
		if err != nil || string(b) != `{"rader":[]}` {
			t.Errorf("body %q, %v", b, err)
		}
	}))
	s := &spy{g: g, seen: &events}
	<-serveAsync(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = s.wrap(r.Body)
		h.ServeHTTP(w, r)
	}), `{"rader":[]}`)
	if len(events) < 2 || events[len(events)-1] != handlerRuns || slices.Max(events) != 0 {
		t.Fatalf("places taken at each read, -1 when the handler ran: %v; want the body read whole, with no place taken, before", events)
	}
}

func TestABodyCutShortReportsItsError(t *testing.T) {
	h := New(1).Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if string(b) != "rad" || !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("read %q, %v; want the bytes that came, then the connection's error", b, err)
		}
	}))
	r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader("rad"), failing{io.ErrUnexpectedEOF}))
	r.ContentLength = 10
	h.ServeHTTP(httptest.NewRecorder(), r)
}

func TestAClientThatLeavesWhileQueuedTakesNoPlace(t *testing.T) {
	g := New(1)
	release := make(chan struct{})
	ran := make(chan string, 3)
	h := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		ran <- r.URL.Path
		if r.URL.Path == "/first" {
			<-release
		}
	}))
	first := make(chan struct{})
	go func() {
		defer close(first)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/first", nil))
	}()
	<-ran
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/gone", nil).WithContext(ctx))
	}()
	eventually(t, "the second request queues", func() bool { return queued(g) == 1 })
	cancel()
	<-gone
	close(release)
	<-first
	if n, q := inUse(g, 1), queued(g); n != 0 || q != 0 {
		t.Fatalf("%d places taken and %d queued after the client left", n, q)
	}
	<-serveAsync(h, "")
	if got := <-ran; got != "/" {
		t.Fatalf("ran %q, want only the request after (the one that left never runs)", got)
	}
}

// TestFavourKeepsPlacesForTheWriter: while Favour runs, a gate of four places
// lets one request run beside it; the others wait until it has ended, or
// until favourLimit has passed.
func TestFavourKeepsPlacesForTheWriter(t *testing.T) {
	for _, long := range []bool{false, true} {
		g := New(4)
		release := make(chan struct{})
		running := make(chan struct{}, 4)
		h := g.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
			running <- struct{}{}
			<-release
		}))
		favoured, ended := make(chan struct{}), make(chan struct{})
		go g.Favour(func() {
			close(favoured)
			if long {
				time.Sleep(favourLimit + 50*time.Millisecond)
			} else {
				<-ended
			}
		})
		<-favoured
		var done []<-chan struct{}
		for range 4 {
			done = append(done, serveAsync(h, ""))
		}
		<-running
		eventually(t, "three requests wait", func() bool { return queued(g) == 3 })
		if !long {
			select {
			case <-running:
				t.Fatal("a second request ran while the writer was favoured")
			case <-time.After(favourLimit / 2):
			}
			close(ended)
		}
		<-running // the favour ended, or ran out
		<-running
		<-running
		close(release)
		for _, d := range done {
			<-d
		}
		eventually(t, "every place free again", func() bool { return inUse(g, 4) == 0 })
	}
}

// A job's step is followed by a pause only while other requests are served:
// not alone, in the request that runs it or left running after it, and not
// outside a gate; beside a request holding a place it waits until it is over.
func TestPaceWaitsOnlyBesideOtherRequests(t *testing.T) {
	g := New(2)
	jobCtx := make(chan context.Context, 1)
	jobDone := make(chan struct{})
	job := g.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		jobCtx <- r.Context()
		<-jobDone
	}))
	jobEnded := serveAsync(job, "")
	ctx := <-jobCtx
	pacesNot(t, "alone", ctx)
	pacesNot(t, "outside a gate", context.Background())

	release := make(chan struct{})
	other := serveAsync(g.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release })), "")
	eventually(t, "the other request holds its place", func() bool { return inUse(g, 2) == 2 })
	cancelled, cancel := context.WithCancel(ctx)
	paced := make(chan struct{})
	go func() {
		defer close(paced)
		Pace(cancelled, time.Hour)
	}()
	select {
	case <-paced:
		t.Fatal("Pace did not wait beside a request holding a place")
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	<-paced
	close(release)
	<-other
	close(jobDone)
	<-jobEnded
	pacesNot(t, "left running after its request", ctx)
}

// pacesNot fails the test unless Pace returns at once (within seconds, not
// the hour it is given).
func pacesNot(t *testing.T, when string, ctx context.Context) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		Pace(ctx, time.Hour)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("Pace waited %s", when)
	}
}

// The gate's metrics count each request's wait for its first place, by
// reading and writing, and show the requests holding and waiting for places.
func TestGateMetricsCountTheWaits(t *testing.T) {
	g := New(1)
	release := make(chan struct{})
	h := g.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	reading := serveAsync(h, "")
	eventually(t, "the read holds the place", func() bool { return inUse(g, 1) == 1 })
	writing := serveAsync(h, "x")
	eventually(t, "the write waits", func() bool { return gauge(t, g, "hjalpmedel_admission_waiting") == 1 })
	if n := gauge(t, g, "hjalpmedel_admission_serving"); n != 1 {
		t.Errorf("serving %v, want 1", n)
	}
	time.Sleep(20 * time.Millisecond)
	close(release)
	<-reading
	<-writing
	waits := map[string]*dto.Histogram{}
	for _, m := range family(t, g, "hjalpmedel_admission_wait_seconds").GetMetric() {
		waits[m.GetLabel()[0].GetValue()] = m.GetHistogram()
	}
	if r := waits["read"]; r.GetSampleCount() != 1 {
		t.Errorf("read waits counted %d, want 1", r.GetSampleCount())
	}
	if w := waits["write"]; w.GetSampleCount() != 1 || w.GetSampleSum() < 0.02 {
		t.Errorf("write waits counted %d, %.3f s in all; want 1, at least the 20 ms it waited", w.GetSampleCount(), w.GetSampleSum())
	}
	if n := gauge(t, g, "hjalpmedel_admission_serving") + gauge(t, g, "hjalpmedel_admission_waiting"); n != 0 {
		t.Errorf("%v requests serving or waiting after both ended", n)
	}
}

// family gathers one metric family of g's.
func family(t *testing.T, g *Gate, name string) *dto.MetricFamily {
	t.Helper()
	reg := prometheus.NewRegistry()
	reg.MustRegister(g.Metrics())
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() == name {
			return f
		}
	}
	t.Fatalf("no metric %s", name)
	return nil
}

func gauge(t *testing.T, g *Gate, name string) float64 {
	t.Helper()
	return family(t, g, name).GetMetric()[0].GetGauge().GetValue()
}
