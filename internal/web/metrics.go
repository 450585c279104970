package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hjalpmedel/internal/store"
)

// metrics counts requests and latency per route with the Prometheus client
// library, in a registry of the server's own (tests start many servers). A
// scrape reads the counters without stopping requests that update them.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  http.Handler
}

func newMetrics(db *store.DB) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hjalpmedel_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "hjalpmedel_http_request_duration_seconds", Help: "Request latency by route.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
		}, []string{"route"}),
	}
	// The process's memory and the Go runtime's figures come with the library.
	m.registry.MustRegister(m.requests, m.latency, dbCollector{db}, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// instrument wraps a route's handler with request counting and timing; a panic
// in the handler becomes an internal error, counted as a 500.
func (s *Server) instrument(route string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec, ok := w.(*statusRecorder)
		if !ok {
			rec = &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		}
		defer func() { s.metrics.observe(route, rec.status, time.Since(start)) }()
		defer s.recoverPanic(rec, r)
		h(rec, r)
	})
}

// MetricsHandler serves the metrics in Prometheus' format. The application's
// own address does not serve them (the route table and the figures are no
// one else's business); serve --metrics-addr serves them on an address of
// their own, for the scraper only.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler }

// dbCollector reads the connection pools and statement caches at scrape time.
type dbCollector struct{ db *store.DB }

var (
	dbConnections = prometheus.NewDesc("hjalpmedel_db_connections", "Database connections by pool and state.",
		[]string{"pool", "state"}, nil)
	dbWaits  = prometheus.NewDesc("hjalpmedel_db_wait_total", "Waits for a free connection.", []string{"pool"}, nil)
	dbWaited = prometheus.NewDesc("hjalpmedel_db_wait_seconds_total", "Time spent waiting for a free connection.",
		[]string{"pool"}, nil)
	// Misses that keep climbing once the server is warm mean a full statement cache.
	dbStatementsCached = prometheus.NewDesc("hjalpmedel_db_statements_cached", "Prepared statements in the pool's cache.",
		[]string{"pool"}, nil)
	dbStatementRuns = prometheus.NewDesc("hjalpmedel_db_statement_runs_total", "Statements run, prepared or not.",
		[]string{"pool", "prepared"}, nil)
	dbWriteActions = prometheus.NewDesc("hjalpmedel_db_write_actions_total",
		"Write transactions run by SQLite's group commit.", nil, nil)
	dbWriteCommits = prometheus.NewDesc("hjalpmedel_db_write_commits_total",
		"Commits of SQLite's group commit (each holds one or more actions).", nil, nil)
)

func (c dbCollector) Describe(ch chan<- *prometheus.Desc) { prometheus.DescribeByCollect(c, ch) }

func (c dbCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	pool := func(name string, open, inUse, idle int, waits int64, waited time.Duration) {
		gauge(dbConnections, float64(open), name, "open")
		gauge(dbConnections, float64(inUse), name, "in_use")
		gauge(dbConnections, float64(idle), name, "idle")
		counter(dbWaits, float64(waits), name)
		counter(dbWaited, waited.Seconds(), name)
	}
	write, read := c.db.Stats()
	pool("write", write.OpenConnections, write.InUse, write.Idle, write.WaitCount, write.WaitDuration)
	if c.db.Dialect != store.SQLite { // PostgreSQL has one pool for both, and pgx its own statements
		return
	}
	pool("read", read.OpenConnections, read.InUse, read.Idle, read.WaitCount, read.WaitDuration)
	writeStmts, readStmts := c.db.StmtStats()
	for name, st := range map[string]store.StmtStats{"write": writeStmts, "read": readStmts} {
		gauge(dbStatementsCached, float64(st.Cached), name)
		counter(dbStatementRuns, float64(st.Hits), name, "true")
		counter(dbStatementRuns, float64(st.Misses), name, "false")
	}
	actions, commits := c.db.GroupStats()
	counter(dbWriteActions, float64(actions))
	counter(dbWriteCommits, float64(commits))
}
