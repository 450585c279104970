package web

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"hjalpmedel/internal/store"
)

// metrics counts requests and latency per route in Prometheus' text format,
// without a client library.
type metrics struct {
	mu     sync.Mutex
	routes map[string]*routeMetrics
}

var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type routeMetrics struct {
	byStatus map[int]uint64
	buckets  []uint64
	sum      float64
	count    uint64
}

func newMetrics() *metrics { return &metrics{routes: map[string]*routeMetrics{}} }

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	rm := m.routes[route]
	if rm == nil {
		rm = &routeMetrics{byStatus: map[int]uint64{}, buckets: make([]uint64, len(latencyBuckets))}
		m.routes[route] = rm
	}
	rm.byStatus[status]++
	sec := d.Seconds()
	for i, b := range latencyBuckets {
		if sec <= b {
			rm.buckets[i]++
		}
	}
	rm.sum += sec
	rm.count++
}

// instrument wraps a route's handler with request counting and timing.
func (s *Server) instrument(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec, ok := w.(*statusRecorder)
		if !ok {
			rec = &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		}
		h(rec, r)
		s.metrics.observe(route, rec.status, time.Since(start))
	})
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	s.metrics.mu.Lock()
	names := make([]string, 0, len(s.metrics.routes))
	for n := range s.metrics.routes {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "# HELP hjalpmedel_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE hjalpmedel_http_requests_total counter")
	for _, n := range names {
		rm := s.metrics.routes[n]
		codes := make([]int, 0, len(rm.byStatus))
		for c := range rm.byStatus {
			codes = append(codes, c)
		}
		sort.Ints(codes)
		for _, c := range codes {
			fmt.Fprintf(w, "hjalpmedel_http_requests_total{route=%q,status=\"%d\"} %d\n", n, c, rm.byStatus[c])
		}
	}
	fmt.Fprintln(w, "# HELP hjalpmedel_http_request_duration_seconds Request latency by route.")
	fmt.Fprintln(w, "# TYPE hjalpmedel_http_request_duration_seconds histogram")
	for _, n := range names {
		rm := s.metrics.routes[n]
		for i, b := range latencyBuckets {
			fmt.Fprintf(w, "hjalpmedel_http_request_duration_seconds_bucket{route=%q,le=\"%s\"} %d\n", n, strconv.FormatFloat(b, 'f', -1, 64), rm.buckets[i])
		}
		fmt.Fprintf(w, "hjalpmedel_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", n, rm.count)
		fmt.Fprintf(w, "hjalpmedel_http_request_duration_seconds_sum{route=%q} %g\n", n, rm.sum)
		fmt.Fprintf(w, "hjalpmedel_http_request_duration_seconds_count{route=%q} %d\n", n, rm.count)
	}
	s.metrics.mu.Unlock()
	write, read := s.svc.DB.Stats()
	writePool(w, "write", write.OpenConnections, write.InUse, write.Idle, write.WaitCount, write.WaitDuration)
	if s.svc.DB.Dialect == store.SQLite { // PostgreSQL has one pool for both, and pgx its own statements
		writePool(w, "read", read.OpenConnections, read.InUse, read.Idle, read.WaitCount, read.WaitDuration)
		writeStmts, readStmts := s.svc.DB.StmtStats()
		writeStmtCache(w, "write", writeStmts)
		writeStmtCache(w, "read", readStmts)
		actions, commits := s.svc.DB.GroupStats()
		fmt.Fprintf(w, "hjalpmedel_db_write_actions_total %d\nhjalpmedel_db_write_commits_total %d\n", actions, commits)
	}
	return nil
}

// writeStmtCache tells how a pool's prepared statements do: misses that keep
// climbing once the server is warm mean a full cache.
func writeStmtCache(w io.Writer, pool string, st store.StmtStats) {
	fmt.Fprintf(w, "hjalpmedel_db_statements_cached{pool=%q} %d\n", pool, st.Cached)
	fmt.Fprintf(w, "hjalpmedel_db_statement_runs_total{pool=%q,prepared=\"true\"} %d\n", pool, st.Hits)
	fmt.Fprintf(w, "hjalpmedel_db_statement_runs_total{pool=%q,prepared=\"false\"} %d\n", pool, st.Misses)
}

func writePool(w io.Writer, pool string, open, inUse, idle int, waits int64, waited time.Duration) {
	fmt.Fprintf(w, "hjalpmedel_db_connections{pool=%q,state=\"open\"} %d\n", pool, open)
	fmt.Fprintf(w, "hjalpmedel_db_connections{pool=%q,state=\"in_use\"} %d\n", pool, inUse)
	fmt.Fprintf(w, "hjalpmedel_db_connections{pool=%q,state=\"idle\"} %d\n", pool, idle)
	fmt.Fprintf(w, "hjalpmedel_db_wait_total{pool=%q} %d\n", pool, waits)
	fmt.Fprintf(w, "hjalpmedel_db_wait_seconds_total{pool=%q} %g\n", pool, waited.Seconds())
}
