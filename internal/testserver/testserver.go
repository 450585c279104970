// Package testserver starts the whole application on a fresh database with the
// demo data, for API and browser tests.
package testserver

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
	"hjalpmedel/internal/web"
)

// Server is a running application.
type Server struct {
	URL string
	DB  *store.DB
	Svc *service.Service
	Web *web.Server

	mu  sync.Mutex
	now time.Time // zero: the real clock
}

// Option adjusts a test server.
type Option func(*options)

type options struct {
	postgres bool
	now      time.Time
	training bool
	db       *store.DB
	config   func(cfg *web.Config, url string)
	trips    **storetest.RoundTrips
}

// Postgres runs the server on a fresh PostgreSQL schema instead of SQLite.
func Postgres() Option { return func(o *options) { o.postgres = true } }

// CountRoundTrips runs the server on PostgreSQL reached through a proxy that
// counts the round trips to it, handed out in *trips
// (storetest.PostgresCountingRoundTrips).
func CountRoundTrips(trips **storetest.RoundTrips) Option {
	return func(o *options) { o.postgres, o.trips = true, trips }
}

// Training runs the server with the training clock (serve --training-clock)
// over the test clock.
func Training() Option { return func(o *options) { o.training = true } }

// SharedDB runs a second server on the database of another (the demo data is
// already there), as a second app server of one installation.
func SharedDB(db *store.DB) Option { return func(o *options) { o.db = db } }

// At fixes the clock at t (advance it with SetNow).
func At(t time.Time) Option { return func(o *options) { o.now = t } }

// Backends runs fn as the subtests "SQLite" and "Postgres", each on a server of
// its own, in parallel: the one way a web, API or browser test runs on both
// databases (store and service tests use storetest.Backends). The PostgreSQL
// subtest fails when HJALPMEDEL_TEST_POSTGRES is set but unreachable, and is
// skipped only when it is empty.
func Backends(t *testing.T, opts []Option, fn func(t *testing.T, srv *Server)) {
	EachBackend(t, func(t *testing.T, backend []Option) { fn(t, Start(t, append(backend, opts...)...)) })
}

// EachBackend runs fn as the parallel subtests "SQLite" and "Postgres" with the
// options that choose the backend, for a test that starts its servers itself.
func EachBackend(t *testing.T, fn func(t *testing.T, backend []Option)) {
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		fn(t, nil)
	})
	t.Run("Postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, []Option{Postgres()})
	})
}

// Start runs the application with the demo data on a fresh SQLite database
// (or PostgreSQL with the Postgres option) until the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	db := o.db
	if db == nil && o.trips != nil {
		db, *o.trips = storetest.PostgresCountingRoundTrips(t)
	} else if db == nil && o.postgres {
		if os.Getenv(storetest.PostgresURLEnv) == "" {
			t.Skip(storetest.PostgresURLEnv + " is empty")
		}
		db = storetest.OpenPostgres(t)
	} else if db == nil {
		db = storetest.OpenSQLite(t)
	}
	s := &Server{DB: db, now: o.now}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	s.Svc = service.New(db.Repo(), log)
	s.Svc.Clock = s.clock
	if o.db == nil {
		if err := demo.Load(context.Background(), db, s.clock()); err != nil {
			t.Fatalf("load demo data: %v", err)
		}
		if err := db.SyncSequences(context.Background()); err != nil {
			t.Fatalf("sync sequences after the demo data: %v", err)
		}
	}
	if o.training {
		tc, err := service.NewTrainingClock(context.Background(), db.Repo(), s.clock)
		if err != nil {
			t.Fatalf("training clock: %v", err)
		}
		s.Svc.UseTrainingClock(tc)
	}
	hs := httptest.NewUnstartedServer(nil)
	s.URL = "http://" + hs.Listener.Addr().String()
	cfg := web.Config{Log: log}
	if o.config != nil {
		o.config(&cfg, s.URL)
	}
	w, err := web.New(s.Svc, cfg)
	if err != nil {
		hs.Listener.Close()
		t.Fatalf("web server: %v", err)
	}
	s.Web = w
	hs.Config.Handler = w
	hs.Start()
	t.Cleanup(hs.Close)
	return s
}

func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.now.IsZero() {
		return time.Now()
	}
	return s.now
}

// Configure sets more of the web server's configuration (single sign-on, say),
// knowing the address the server will answer at.
func Configure(fn func(cfg *web.Config, url string)) Option {
	return func(o *options) { o.config = fn }
}

// SetNow moves the server's clock (for 7-day locks, due times …).
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	s.now = t
	s.mu.Unlock()
}
