package store

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// NewCollector reports db's connection pools and statement caches to Prometheus,
// read at scrape time.
func NewCollector(db *DB) prometheus.Collector { return collector{db} }

type collector struct{ db *DB }

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
	dbSnapshots = prometheus.NewDesc("hjalpmedel_db_snapshots_open",
		"Read snapshots open (billing jobs); while one is, PostgreSQL keeps old row versions and SQLite its log.", nil, nil)
	dbWriteActions = prometheus.NewDesc("hjalpmedel_db_write_actions_total",
		"Write transactions run by SQLite's group commit.", nil, nil)
	dbWriteCommits = prometheus.NewDesc("hjalpmedel_db_write_commits_total",
		"Commits of SQLite's group commit (each holds one or more actions).", nil, nil)
)

func (c collector) Describe(ch chan<- *prometheus.Desc) { prometheus.DescribeByCollect(c, ch) }

func (c collector) Collect(ch chan<- prometheus.Metric) {
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
	gauge(dbSnapshots, float64(c.db.OpenSnapshots()))
	write, read := c.db.Stats()
	pool("write", write.OpenConnections, write.InUse, write.Idle, write.WaitCount, write.WaitDuration)
	if c.db.Dialect != SQLite { // PostgreSQL has one pool for both, and pgx its own statements
		return
	}
	pool("read", read.OpenConnections, read.InUse, read.Idle, read.WaitCount, read.WaitDuration)
	writeStmts, readStmts := c.db.StmtStats()
	for name, st := range map[string]StmtStats{"write": writeStmts, "read": readStmts} {
		gauge(dbStatementsCached, float64(st.Cached), name)
		counter(dbStatementRuns, float64(st.Hits), name, "true")
		counter(dbStatementRuns, float64(st.Misses), name, "false")
	}
	actions, commits := c.db.GroupStats()
	counter(dbWriteActions, float64(actions))
	counter(dbWriteCommits, float64(commits))
}
