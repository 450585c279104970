// Package bench measures the whole system under load over HTTP on loopback.
// Each workload is a mode in the modes map, registered from its own file
// (orders.go: "orders" and "orders-html"; read.go: "read"); Main parses the
// common flags, sets up a fresh database with the demo data (or, for the modes
// in onExisting, opens a generated data set) and a server, and runs the mode.
package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"hjalpmedel/internal/admission"
	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/profiling"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/web"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Config is what every mode gets.
type Config struct {
	Clients  int
	Duration time.Duration
	BaseURL  string
	DB       *store.DB
	Svc      *service.Service
	Out      io.Writer
	NoJobs   bool          // mixed: end after the quiet phase
	Server   *serveProcess // the server's process, for the modes in servedApart; nil when it runs in the bench's
}

// Mode runs one workload against a running server.
type Mode func(ctx context.Context, c *Config) error

// modes maps a mode name to its workload; files register theirs in init.
var modes = map[string]Mode{}

func register(name string, m Mode) { modes[name] = m }

// Main runs the bench subcommand; parse reads its flags (with the command's
// environment variables).
func Main(ctx context.Context, args []string, parse func(*flag.FlagSet, []string) error) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	mode := fs.String("mode", "orders", "workload: "+strings.Join(modeNames(), ", "))
	dsn := fs.String("db", "", "SQLite file or postgres:// URL (default: a new SQLite file in a temporary folder; a PostgreSQL URL gets a new schema; read: data/bench.db as made by seed --scale)")
	clients := fs.Int("clients", 16, "concurrent clients (read: 32; mixed: 32 prescribers, with 16 ordering and 4 delivering)")
	dur := fs.Duration("duration", 10*time.Second, "how long to run (read: 20s per phase; mixed: 20s for the baseline and the quiet phase each, the job phase lasts as long as the jobs)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	noJobs := fs.Bool("nojobs", false, "mixed: end after the quiet phase, without the jobs (for quick comparisons)")
	existing := fs.Bool("existing", false, "run on the data set at --db as it is (made by seed --scale), not on a fresh database with the demo data; an orders run adds its orders, units and stock to it")
	if err := parse(fs, args); err != nil {
		return err
	}
	m, ok := modes[*mode]
	if !ok {
		return fmt.Errorf("bench: unknown mode %q (%s)", *mode, strings.Join(modeNames(), ", "))
	}
	var db *store.DB
	var err error
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if def, ok := onExisting[*mode]; ok || *existing {
		// A read mode measures a generated data set as it is: its own defaults
		// apply unless the flag was given.
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["db"] {
			*dsn = def.DB
		}
		if !set["clients"] && def.Clients > 0 {
			*clients = def.Clients
		}
		if !set["duration"] && def.Duration > 0 {
			*dur = def.Duration
		}
		if *dsn == "" {
			return fmt.Errorf("bench: --existing needs --db (a data set made by seed --scale)")
		}
		if db, err = openExisting(ctx, *dsn); err != nil {
			return err
		}
		defer db.Close()
	} else {
		var cleanup func()
		if db, *dsn, cleanup, err = openFresh(ctx, *dsn); err != nil {
			return err
		}
		defer cleanup()
		if err := demo.Load(ctx, db, time.Now()); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	svc := service.New(db.Repo(), log)
	c := &Config{Clients: *clients, Duration: *dur, DB: db, Svc: svc, Out: os.Stdout, NoJobs: *noJobs}
	if servedApart[*mode] {
		// The real server in a process of its own, on the same database, with
		// the defaults; the CPU profile is the server's.
		bin, err := os.Executable()
		if err != nil {
			return err
		}
		args := []string{"serve", "--db", *dsn, "--addr", "127.0.0.1:0", "--log-level", "warn", "--bench-baseline"}
		if *cpuprofile != "" {
			args = append(args, "--cpuprofile", *cpuprofile)
		}
		if c.Server, err = startServe(ctx, bin, args...); err != nil {
			return err
		}
		defer c.Server.stop()
		c.BaseURL = c.Server.base
	} else {
		srv, err := web.New(svc, web.Config{Log: log})
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /bench/baseline", BaselineHandler()) // the yardstick of the read mode (baseline.go)
		mux.Handle("/", srv)
		var h http.Handler = mux
		if n := admission.Places(0, db.Dialect == store.SQLite); n > 0 {
			gate := admission.New(n) // as serve does
			h = gate.Handler(h)
			db.FavourWriter(gate)
		}
		hs := &http.Server{Handler: h}
		go hs.Serve(ln)
		defer hs.Close()
		c.BaseURL = "http://" + ln.Addr().String()
		stopProfile, err := profiling.StartCPU(*cpuprofile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	fmt.Fprintf(c.Out, "bench %s on %s, %d clients, %s\n", *mode, db.Dialect, c.Clients, c.Duration)
	return m(ctx, c)
}

func modeNames() []string {
	var out []string
	for k := range modes {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// servedApart lists the modes that run the server as a child process,
// `hjalpmedel serve`, so that its memory can be measured apart (serve.go).
var servedApart = map[string]bool{}

// existingDefaults are the flag defaults of a mode that runs on an existing data set.
type existingDefaults struct {
	DB       string
	Clients  int
	Duration time.Duration
}

// onExisting lists the modes that measure a database made by `hjalpmedel seed
// --scale N` instead of a fresh one with the demo data.
var onExisting = map[string]existingDefaults{
	"read": {DB: "data/bench.db", Clients: 32, Duration: 20 * time.Second},
}

// openExisting opens a generated data set (migrated, so new indexes are there).
func openExisting(ctx context.Context, dsn string) (*store.DB, error) {
	if !strings.Contains(dsn, "://") {
		if _, err := os.Stat(dsn); err != nil {
			return nil, fmt.Errorf("bench: %w (make it with `hjalpmedel seed --scale N --db %s`)", err, dsn)
		}
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openFresh opens a migrated, empty database: a new SQLite file, or a new schema
// on the PostgreSQL server of the URL; it returns the database's own URL.
func openFresh(ctx context.Context, dsn string) (*store.DB, string, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	suffix := hex.EncodeToString(b)
	var cleanup []func()
	done := func() {
		for i := len(cleanup) - 1; i >= 0; i-- {
			cleanup[i]()
		}
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, "", nil, err
		}
		schema := "bench_" + suffix
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			admin.Close()
			return nil, "", nil, err
		}
		cleanup = append(cleanup, func() { admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); admin.Close() })
		u, err := url.Parse(dsn)
		if err != nil {
			done()
			return nil, "", nil, err
		}
		v := u.Query()
		v.Set("search_path", schema)
		u.RawQuery = v.Encode()
		dsn = u.String()
	} else if dsn == "" {
		dir, err := os.MkdirTemp("", "hjalpmedel-bench-")
		if err != nil {
			return nil, "", nil, err
		}
		cleanup = append(cleanup, func() { os.RemoveAll(dir) })
		dsn = filepath.Join(dir, "bench.db")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		done()
		return nil, "", nil, err
	}
	cleanup = append(cleanup, func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		done()
		return nil, "", nil, err
	}
	return db, dsn, done, nil
}

// Latencies collects durations from many goroutines.
type Latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

// Add records one duration.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

// Percentile returns the p-th percentile (0–100).
func (l *Latencies) Percentile(p float64) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.d) == 0 {
		return 0
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

// Count returns how many durations were recorded.
func (l *Latencies) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.d)
}

// runFor runs fn in n goroutines until d has passed, counting errors.
func runFor(ctx context.Context, n int, d time.Duration, fn func(ctx context.Context, worker int) error) (errs int64, firstErr error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	var once sync.Once
	var e atomic.Int64
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				if err := fn(ctx, w); err != nil && ctx.Err() == nil {
					e.Add(1)
					once.Do(func() { firstErr = err })
				}
			}
		}()
	}
	wg.Wait()
	return e.Load(), firstErr
}

// InsertCeiling measures single-row insert transactions per second on the same
// database and pool: the most any write-per-request workload can reach.
func InsertCeiling(ctx context.Context, db *store.DB, clients int, d time.Duration) (float64, error) {
	exec := func(stmt string) error {
		return db.Transact(ctx, func(q *store.Q) error { _, err := q.Exec(ctx, stmt); return err })
	}
	// A table of its own, gone afterwards: a run on an existing data set leaves none behind.
	if err := exec("CREATE TABLE bench_ceiling (id BIGINT PRIMARY KEY, at TEXT NOT NULL, payload TEXT NOT NULL)"); err != nil {
		return 0, err
	}
	defer exec("DROP TABLE bench_ceiling")
	var next atomic.Int64
	var n atomic.Int64
	start := time.Now()
	errs, first := runFor(ctx, clients, d, func(ctx context.Context, _ int) error {
		id := next.Add(1)
		err := db.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO bench_ceiling (id, at, payload) VALUES (?, ?, ?)", id, domain.FormatTimestamp(time.Now()), "x")
			return err
		})
		if err == nil {
			n.Add(1)
		}
		return err
	})
	if errs > 0 {
		return 0, fmt.Errorf("ceiling: %d errors, first: %v", errs, first)
	}
	return float64(n.Load()) / time.Since(start).Seconds(), nil
}
