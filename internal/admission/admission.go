// Package admission bounds how many requests use the CPU at once.
//
// On PostgreSQL the bound is wider (Places): the database's processes share
// the CPU and a request keeps its place while it waits for them.
//
// Go shares the CPU evenly among runnable goroutines. On SQLite one goroutine
// runs every write action in turn; with fifty requests runnable it gets a small
// share of the CPU, and every action and logged look-up waits for it. So a
// request takes one of a few places before its handler runs and gives it up
// while it waits: for the writer (Wait) and for a large body from the network
// (a small one it reads before it queues). It leaves for good when it writes
// its answer. The rest wait for a place, parked, using no CPU; one taking its
// place again goes first. (Mixed bench, quiet phase, four places on two cores:
// Hjälpmedel p99 167 → 150 ms, look-ups 506 → 550 req/s, orders 133 → 164 per
// s. Reading small bodies first and the returning requests' turn, on
// PostgreSQL: orders 112 → 145 per s, their p99 229 → 197 ms.)
package admission

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Places is how many requests a server serves at once (0: no limit), given
// the --max-active flag (0: automatic, negative: no limit).
//
// On SQLite, whose one writer needs its share of the CPU, twice the CPUs.
//
// On PostgreSQL eight times the CPUs: a request keeps its place while it waits
// for the database, whose processes do much of its work, so it needs more
// places than on SQLite, but not one per client. Unbounded, fifty requests'
// database processes and goroutines share the CPUs, and every round trip of an
// order waits its turn to be scheduled, at both ends. (Mixed bench on
// PostgreSQL, 2 CPUs, quiet phase: orders 72–76 → 105–116 per s, their p99
// 364–375 → 198–252 ms; look-ups' p99 136–160 → 97–121 ms at the same
// throughput. Four places starved the static page; 24 were as none.)
func Places(flag int, oneWriter bool) int {
	switch {
	case flag < 0:
		return 0
	case flag > 0:
		return flag
	case oneWriter:
		return 2 * runtime.GOMAXPROCS(0)
	}
	return 8 * runtime.GOMAXPROCS(0)
}

// Gate admits a fixed number of requests at a time. A request taking its
// place again after a Wait goes before the requests not yet begun: it has
// work under way (on SQLite a written action whose answer is all that is
// left), and at the back of the queue it would wait once more for every
// look-up that arrived meanwhile.
type Gate struct {
	mu        sync.Mutex
	places    int
	free      int             // may fall below zero while Favour holds places
	returning []chan struct{} // waiting to take their place again, first first
	arriving  []chan struct{} // waiting for their first place
	waited    *prometheus.HistogramVec
	// waitedRead and waitedWrite are waited's two series, looked up once
	// rather than by label on every request.
	waitedRead, waitedWrite prometheus.Observer
}

// New returns a gate of n places.
func New(n int) *Gate {
	n = max(n, 1)
	waited := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "hjalpmedel_admission_wait_seconds",
		Help: "How long requests waited for their first place in the gate, reading (GET, HEAD) or writing.",
		// Under a saturating load the wait is half of an order's time (mixed bench on PostgreSQL, 1M persons: 48 of 93 ms, p50).
		Buckets: []float64{0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
	}, []string{"method"})
	return &Gate{places: n, free: n, waited: waited,
		waitedRead: waited.WithLabelValues("read"), waitedWrite: waited.WithLabelValues("write")}
}

// Metrics returns the gate's figures for a Prometheus registry: the waits
// for a place, and the places taken and requests waiting for one now. An operator
// sizing --max-active reads them beside the requests' own latency, which
// starts once a request has its place.
func (g *Gate) Metrics() prometheus.Collector { return gateMetrics{g} }

type gateMetrics struct{ g *Gate }

var (
	gateServing = prometheus.NewDesc("hjalpmedel_admission_serving", "Places in the gate taken: by requests, and on SQLite for a moment by the writer (Favour).", nil, nil)
	gateWaiting = prometheus.NewDesc("hjalpmedel_admission_waiting", "Requests waiting for a place in the gate.", nil, nil)
)

func (m gateMetrics) Describe(ch chan<- *prometheus.Desc) {
	m.g.waited.Describe(ch)
	ch <- gateServing
	ch <- gateWaiting
}

func (m gateMetrics) Collect(ch chan<- prometheus.Metric) {
	m.g.waited.Collect(ch)
	m.g.mu.Lock()
	serving, waiting := m.g.places-m.g.free, len(m.g.returning)+len(m.g.arriving)
	m.g.mu.Unlock()
	ch <- prometheus.MustNewConstMetric(gateServing, prometheus.GaugeValue, float64(serving))
	ch <- prometheus.MustNewConstMetric(gateWaiting, prometheus.GaugeValue, float64(waiting))
}

// Favour runs fn, work that requests wait for (SQLite's one writer running a
// group of their actions), with the CPU as much to itself as the gate can
// give: meanwhile it gives a place only to keep one request running beside fn
// (those running when fn began go on), for favourLimit at most. Shared evenly
// with the requests it serves, the writer took four times its CPU time in wall
// time, and every write action and logged look-up waited for that: 25–40 ms
// for the group before its turn, as long again for its own. Mixed bench on
// SQLite, quiet phase, none / half the places / all but one kept:
//   - 1M persons: orders 91 / 124 / 143 per s, Hjälpmedel p99 325 / 197 /
//     185 ms, look-ups 261 / 267 / 294 per s (one run each; all but one met
//     the quiet phase's targets in each of nine runs, half in one of two);
//   - 20,000 persons: orders 150 / 162 / 148 per s, Hjälpmedel p99 200 / 154 /
//     165 ms, Sök artikel p99 101 / 126 / 156 ms, look-ups 451 / 372 / 314 per
//     s: where look-ups are cheap, the places kept from them are lost to them
//     (the targets are met all the same).
func (g *Gate) Favour(fn func()) {
	held := g.places - 1
	if held == 0 {
		fn()
		return
	}
	g.mu.Lock()
	g.free -= held
	g.mu.Unlock()
	var once sync.Once
	release := func() {
		once.Do(func() {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.free += held
			g.handOut()
		})
	}
	limit := time.AfterFunc(favourLimit, release)
	defer func() {
		limit.Stop()
		release()
	}()
	fn()
}

// favourLimit bounds how long Favour keeps places from the requests: a large
// action (a recall blocking ten thousand units took 0.66 s) must not stop the
// look-ups with it. A group of the requests' actions takes 2–5 ms.
const favourLimit = 50 * time.Millisecond

// take waits for a place; false if ctx ended first.
func (g *Gate) take(ctx context.Context, returning bool) bool {
	g.mu.Lock()
	if g.free > 0 {
		g.free--
		g.mu.Unlock()
		return true
	}
	turn := make(chan struct{}, 1)
	if returning {
		g.returning = append(g.returning, turn)
	} else {
		g.arriving = append(g.arriving, turn)
	}
	g.mu.Unlock()
	select {
	case <-turn:
		return true
	case <-ctx.Done():
	}
	g.mu.Lock()
	queued := g.dequeue(turn)
	g.mu.Unlock()
	if !queued {
		g.give() // the place came as ctx ended: pass it on
	}
	return false
}

// queues are the waiting requests, in the order they are given places.
func (g *Gate) queues() [2]*[]chan struct{} {
	return [2]*[]chan struct{}{&g.returning, &g.arriving}
}

// dequeue removes turn from its queue; false if it was handed a place.
func (g *Gate) dequeue(turn chan struct{}) bool {
	for _, q := range g.queues() {
		if i := slices.Index(*q, turn); i >= 0 {
			*q = slices.Delete(*q, i, i+1)
			return true
		}
	}
	return false
}

// give frees a place and hands what is free to the waiting requests.
func (g *Gate) give() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.free++
	g.handOut()
}

// handOut gives the free places to the waiting requests, returning ones first.
func (g *Gate) handOut() {
	for g.free > 0 {
		var turn chan struct{}
		for _, q := range g.queues() {
			if len(*q) > 0 {
				turn = (*q)[0]
				*q = (*q)[1:]
				break
			}
		}
		if turn == nil {
			return
		}
		turn <- struct{}{}
		g.free--
	}
}

// ticket is a request's place. The request gives it up while it Waits; a
// goroutine the request left running holds none.
type ticket struct {
	g     *Gate
	mu    sync.Mutex
	held  bool
	ended bool // the handler has returned
}

type ticketKey struct{}

// Handler runs next once the request has a place. A small body of known
// length is read before: reading it inside would give the place up and queue
// for it again.
func (g *Gate) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		small := r.ContentLength > 0 && r.ContentLength <= smallBody
		if small {
			r.Body = readAhead(r.Body, r.ContentLength)
		}
		queued := time.Now()
		if !g.take(r.Context(), false) {
			return // the client went away while waiting
		}
		g.observeWait(r.Method, time.Since(queued))
		t := &ticket{g: g, held: true}
		defer t.end()
		r = r.WithContext(context.WithValue(r.Context(), ticketKey{}, t))
		if !small && r.Body != nil && r.Body != http.NoBody {
			r.Body = body{r.Body, t}
		}
		next.ServeHTTP(writer{w, t}, r)
	})
}

// observeWait counts a request's wait for its first place.
func (g *Gate) observeWait(method string, d time.Duration) {
	series := g.waitedWrite
	if method == http.MethodGet || method == http.MethodHead {
		series = g.waitedRead
	}
	series.Observe(d.Seconds())
}

// smallBody is the largest body read before the request takes a place: a
// form or an API order, not an upload.
const smallBody = 64 << 10

// readAhead reads rc, of declared length n, to its end now; the returned
// body gives what it read, then the error it met if any.
func readAhead(rc io.ReadCloser, n int64) io.ReadCloser {
	buf := bytes.NewBuffer(make([]byte, 0, n+1))
	_, err := buf.ReadFrom(io.LimitReader(rc, n+1))
	if err != nil {
		return readCloser{io.MultiReader(buf, failing{err}), rc}
	}
	return readCloser{buf, rc}
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

type readCloser struct {
	io.Reader
	io.Closer
}

func (t *ticket) end() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ended = true
	if t.held {
		t.held = false
		t.g.give()
	}
}

// leave gives the place up; false if the ticket held none.
func (t *ticket) leave() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.held {
		return false
	}
	t.held = false
	t.g.give()
	return true
}

// enter waits for a place again, unless the handler has returned meanwhile.
func (t *ticket) enter() {
	t.g.take(context.Background(), true)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ended {
		t.g.give()
		return
	}
	t.held = true
}

func (t *ticket) wait(wait func()) {
	if t == nil || !t.leave() {
		wait()
		return
	}
	defer t.enter()
	wait()
}

// Wait runs wait, a block on work another goroutine does for the request,
// outside the request's gate, and takes a place again afterwards. Outside a
// gated request it just waits.
func Wait(ctx context.Context, wait func()) {
	t, _ := ctx.Value(ticketKey{}).(*ticket)
	t.wait(wait)
}

// Pace follows a step of a long job (a billing run's batch of lines, an
// import's rows) that took took, in the job a request started: while other
// requests hold or wait for places it waits as long again, so the job has at
// most half the time of whatever it shares with them. On PostgreSQL's mixed
// bench (1M persons, jobs written flat out / paced, three runs each) orders'
// p99 during the jobs was 1.5–1.9 / 1.3–1.5× their quiet p99, and the billing
// run took 145–175 / 256–268 s. Alone it runs as fast as before (36 s);
// outside a gated request (the command line) Pace returns at once.
func Pace(ctx context.Context, took time.Duration) {
	t, _ := ctx.Value(ticketKey{}).(*ticket)
	if t == nil || !t.g.servingBeside(t) {
		return
	}
	timer := time.NewTimer(took)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// servingBeside reports whether requests other than t's hold or wait for places.
func (g *Gate) servingBeside(t *ticket) bool {
	t.mu.Lock()
	own := 0
	if t.held {
		own = 1
	}
	t.mu.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.places-g.free > own || len(g.returning) > 0 || len(g.arriving) > 0
}

// body reads a large request body, or one of unknown length, outside the
// gate: a slow client must not hold a place.
type body struct {
	io.ReadCloser
	t *ticket
}

func (b body) Read(p []byte) (n int, err error) {
	b.t.wait(func() { n, err = b.ReadCloser.Read(p) })
	return n, err
}

// writer gives the request's place up for good once the answer is being
// written: a page is written whole at its end, and an export that streams its
// rows to a slow client must not wait for a place between them while it holds
// a reader connection that a request with a place may be waiting for.
type writer struct {
	http.ResponseWriter
	t *ticket
}

func (w writer) Write(p []byte) (int, error) {
	w.t.leave()
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
