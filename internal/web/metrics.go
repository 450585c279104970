package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
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

// newMetrics registers the request figures beside db's (the database's pools and
// statement caches, read at scrape time).
func newMetrics(db prometheus.Collector) *metrics {
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
	m.registry.MustRegister(m.requests, m.latency, db, collectors.NewGoCollector(),
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

// RegisterMetrics adds figures kept outside the server (the admission
// gate's, which serve wraps around it) to the ones it serves.
func (s *Server) RegisterMetrics(c prometheus.Collector) error { return s.metrics.registry.Register(c) }

// MetricsHandler serves the metrics in Prometheus' format. The application's
// own address does not serve them (the route table and the figures are no
// one else's business); serve --metrics-addr serves them on an address of
// their own, for the scraper only.
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler }
