package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"hjalpmedel/internal/admission"
	"hjalpmedel/internal/bench"
	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/profiling"
	"hjalpmedel/internal/progress"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/web"
)

func serve(ctx context.Context, args []string) error {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	withDemo := fs.Bool("demo", false, "load the demo data into an empty database")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure and send HSTS (set when served over HTTPS, also behind a proxy)")
	clientIPHeader := fs.String("client-ip-header", "", "header in which the proxy in front passes the client's address, e.g. X-Forwarded-For (failed logins are counted per client)")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics (Prometheus) on this separate address; off when empty")
	dormant := fs.Duration("dormant-after", 365*24*time.Hour, "deactivate users who have not logged in for this long (0: never)")
	oidcIssuer := fs.String("oidc-issuer", "", "single sign-on (SITHS): the OpenID provider's issuer URL; off when empty")
	oidcClientID := fs.String("oidc-client-id", "", "single sign-on: this service's client id at the provider")
	oidcSecret := fs.String("oidc-client-secret", "", "single sign-on: the client secret (prefer the environment variable)")
	oidcRedirect := fs.String("oidc-redirect-url", "", "single sign-on: this service's public callback, https://…/login/oidc/callback")
	oidcClaim := fs.String("oidc-claim", web.DefaultOIDCClaim, "single sign-on: the ID token claim that holds the user's HSA-id")
	passwordLogin := fs.Bool("password-login", true, "allow logging in with user name and password (false: single sign-on only)")
	training := fs.Bool("training-clock", false, "training installs only: an admin may set the system's date and time (POST /api/v1/training/clock, /admin/ovningsklocka)")
	benchBaseline := fs.Bool("bench-baseline", false, "also serve the bench's yardstick, a static 50-row page without the database, at /bench/baseline (bench --mode mixed runs serve so)")
	maxActive := fs.Int("max-active", 0, "requests served at once, the rest wait their turn (0: twice the CPUs on SQLite, eight times on PostgreSQL; -1: no limit)")
	memoryLimit := fs.Int("memory-limit", 0, "soft limit on the Go runtime's memory in MiB: the garbage collector works harder as it nears it (0: automatic, 160 on SQLite and none on PostgreSQL; -1: none; GOMEMLIMIT, when set, wins)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (bench --mode mixed --cpuprofile runs serve so)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	stopProfile, err := profiling.StartCPU(*cpuprofile)
	if err != nil {
		return err
	}
	defer stopProfile()
	log := newLogger(*logFormat, *logLevel)
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	setMemoryLimit(memoryLimitMiB(*memoryLimit, db.Dialect == store.SQLite))
	svc := service.New(db.Repo(), log)
	svc.DormantAfter = *dormant
	if *training {
		log.Warn("the training clock is on: an admin can set the system's date and time for every server on this database; never use it in production")
		tc, err := service.NewTrainingClock(ctx, db.Repo(), time.Now)
		if err != nil {
			return err
		}
		svc.UseTrainingClock(tc)
		go tc.Run(ctx, func(err error) { log.Warn("training clock: could not read the offset", "err", err) })
	}
	if *withDemo {
		if err := loadDemo(ctx, db, svc.Now()); err != nil {
			return err
		}
	}
	if *oidcIssuer != "" && (*oidcClientID == "" || *oidcRedirect == "") {
		return fmt.Errorf("serve: --oidc-issuer needs --oidc-client-id and --oidc-redirect-url")
	}
	if !*passwordLogin && *oidcIssuer == "" {
		return fmt.Errorf("serve: --password-login=false needs single sign-on (--oidc-issuer)")
	}
	srv, err := web.New(svc, web.Config{Log: log, SecureCookies: *secure, ClientIPHeader: *clientIPHeader,
		OIDC: web.OIDCConfig{Issuer: *oidcIssuer, ClientID: *oidcClientID, ClientSecret: *oidcSecret, RedirectURL: *oidcRedirect,
			Claim: *oidcClaim}, DisablePasswordLogin: !*passwordLogin})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	var h http.Handler = srv
	if *benchBaseline {
		mux := http.NewServeMux()
		mux.Handle("GET /bench/baseline", bench.BaselineHandler())
		mux.Handle("/", srv)
		h = mux
	}
	if n := admission.Places(*maxActive, db.Dialect == store.SQLite); n > 0 {
		gate := admission.New(n)
		h = gate.Handler(h)
		db.FavourWriter(gate)
		if err := srv.RegisterMetrics(gate.Metrics()); err != nil {
			return err
		}
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Printf("Hjälpmedel is running at http://%s/ (database: %s)\n", ln.Addr(), describeDB(*dsn))
	if *withDemo {
		fmt.Printf("Demo logins (password %s):\n", demo.Password)
		for _, u := range demo.Users {
			fmt.Printf("  %-11s %s (%s)\n", u.Username, u.Name, u.Role)
		}
	}
	log.Info("listening", "addr", ln.Addr().String(), "db", describeDB(*dsn))
	// BMB reminders and lock messages: safe on several servers, each is sent once.
	go svc.RunTransferReminders(ctx, service.TransferReminderInterval, func(err error) { log.Warn("BMB reminders", "err", err) })
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	var ms *http.Server
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", srv.MetricsHandler())
		ms = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		log.Info("metrics", "addr", mln.Addr().String())
		go func() { errc <- ms.Serve(mln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, let requests in flight finish.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), web.ShutdownGrace)
	defer cancel()
	if ms != nil {
		ms.Close()
	}
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadDemo loads the demo data unless the database has it. When several servers
// start together on one PostgreSQL, one of them wins the race; the others see a
// conflict and then find the data loaded, which is no error.
func loadDemo(ctx context.Context, db *store.DB, now time.Time) error {
	err := demo.Load(ctx, db, now)
	if err == nil {
		return db.SyncSequences(ctx) // the demo data has explicit ids
	}
	if ok, lerr := demo.Loaded(ctx, db); lerr == nil && ok {
		return nil
	}
	return fmt.Errorf("load demo data: %w", err)
}

// openDB opens and migrates the database.
func openDB(ctx context.Context, dsn string) (*store.DB, error) {
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

// describeDB names the database without a password.
func describeDB(dsn string) string {
	if at := indexAt(dsn); at > 0 {
		return "postgres://…" + dsn[at:]
	}
	return dsn
}

func indexAt(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '@' {
			return i
		}
	}
	return -1
}

func migrate(ctx context.Context, args []string) error {
	fs := newFlags("migrate")
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Println("migrations applied")
	return nil
}

func seed(ctx context.Context, args []string) error {
	fs := newFlags("seed")
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	withDemo := fs.Bool("demo", false, "load the demo data")
	scale := fs.Int("scale", 0, "generate a data set of N persons (with units, holdings and orders in proportion)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*withDemo && *scale <= 0 {
		return fmt.Errorf("seed: give --demo or --scale N")
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now()
	if *withDemo {
		if err := loadDemo(ctx, db, now); err != nil {
			return err
		}
		fmt.Println("demo data loaded")
	}
	if *scale > 0 {
		start := time.Now()
		report, finish := scaleProgress(os.Stdout)
		err := demo.Scale(ctx, db, *scale, now, report)
		finish()
		if err != nil {
			return err
		}
		if err := db.SyncSequences(ctx); err != nil {
			return err
		}
		fmt.Printf("scale data set of %d persons generated in %s\n", *scale, time.Since(start).Round(time.Second))
	}
	return nil
}

// scaleProgress shows the scale generator's phases: a progress bar (on a
// terminal) or plain lines for each phase with a size, its messages as lines.
func scaleProgress(w io.Writer) (report demo.ScaleProgress, finish func()) {
	var bar *progress.Bar
	phase := ""
	finish = func() {
		if bar != nil {
			bar.Finish()
			bar, phase = nil, ""
		}
	}
	return func(p, unit string, done, total int) {
		if total == 0 {
			finish()
			fmt.Fprintln(w, p)
			return
		}
		if p != phase {
			finish()
			bar, phase = progress.New(w, p, unit, total), p
		}
		bar.Set(done)
	}, finish
}

// memoryLimitMiB is serve's soft memory limit in MiB (0: none) for the
// --memory-limit flag. Without one the Go heap grows to twice what is live
// before it is collected.
//
// On SQLite serve holds the database's page caches too, outside the Go heap
// (about 60 MB), so the heap gets 160 MiB by default: on the mixed bench over
// the 1M-person set serve peaked at 287–302 MB resident without a limit
// against the 300 MB target, and at 254–258 MB with it, the requests' latencies
// alike (four runs each, alternated). On PostgreSQL, whose caches are in its
// own processes, none: there the billing run's batches keep more of the heap
// live, and with 160 MiB the collector ran so often that the orders' p99
// during the jobs rose from 151–177 to 172–192 ms (serve 180 against 227–243 MB).
func memoryLimitMiB(flag int, sqlite bool) int {
	switch {
	case flag < 0:
		return 0
	case flag > 0:
		return flag
	case sqlite:
		return 160
	}
	return 0
}

// setMemoryLimit sets the runtime's soft memory limit to mib MiB, unless
// GOMEMLIMIT is set (the runtime has read it already) or mib is 0.
func setMemoryLimit(mib int) {
	if mib > 0 && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(mib) << 20)
	}
}
