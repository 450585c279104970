package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.Read().Get(context.Background(), "SELECT COUNT(*) FROM "+table, nil, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// demoCounts are the sizes of a few demo tables, to see that a second load adds nothing.
func demoCounts(t *testing.T, db *store.DB) string {
	t.Helper()
	var parts []string
	for _, table := range []string{"users", "news", "messages", "persons", "customers", "schema_migrations"} {
		parts = append(parts, fmt.Sprintf("%s=%d", table, countRows(t, db, table)))
	}
	return strings.Join(parts, " ")
}

// A second start on the same database neither fails nor duplicates the demo data.
func TestServeDemoTwiceOnOneFile(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "data", "hjalpmedel.db")
	var first string
	for i := range 2 {
		db, err := openDB(ctx, file)
		if err != nil {
			t.Fatalf("start %d: %v", i+1, err)
		}
		if err := loadDemo(ctx, db, time.Now()); err != nil {
			t.Fatalf("start %d: %v", i+1, err)
		}
		got := demoCounts(t, db)
		db.Close()
		if i == 0 {
			first = got
			if !strings.Contains(got, "users=") || countUsers(t, file) < len(demo.Users) {
				t.Fatalf("first start: %s", got)
			}
		} else if got != first {
			t.Fatalf("the second start changed the data: %s, then %s", first, got)
		}
	}
}

func countUsers(t *testing.T, file string) int {
	t.Helper()
	db, err := store.Open(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return countRows(t, db, "users")
}

// postgresDSN makes a fresh schema on the test server and returns a URL that uses it.
func postgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(storetest.PostgresURLEnv)
	if base == "" {
		t.Skip(storetest.PostgresURLEnv + " is empty")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Several app servers start together against one PostgreSQL: the migrations run
// once (an advisory lock serialises them) and the demo data is loaded once.
func TestServersStartTogetherPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	ctx := context.Background()
	const servers = 3
	dbs := make([]*store.DB, servers)
	errs := make([]error, servers)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := openDB(ctx, dsn)
			if err == nil {
				err = loadDemo(ctx, db, time.Now())
			}
			dbs[i], errs[i] = db, err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: %v", i+1, err)
		}
		defer dbs[i].Close()
	}
	migrations, err := store.Migrations(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, dbs[0], "schema_migrations"); n != len(migrations) {
		t.Errorf("%d migrations recorded, want %d", n, len(migrations))
	}
	var n int
	if err := dbs[0].Read().Get(ctx, "SELECT COUNT(*) FROM users WHERE username = 'K082LNO'", nil, &n); err != nil || n != 1 {
		t.Fatalf("K082LNO is there %d times (%v)", n, err)
	}
	before := demoCounts(t, dbs[0])
	if err := loadDemo(ctx, dbs[1], time.Now()); err != nil {
		t.Fatal(err)
	}
	if after := demoCounts(t, dbs[0]); after != before {
		t.Fatalf("a later start changed the data: %s, then %s", before, after)
	}
}

// hjalpmedel user unlock lifts the lock after too many failed logins, and the
// other user actions do what they say.
func TestUserCommand(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "h.db")
	db, err := openDB(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := loadDemo(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	svc := service.New(db.Repo(), nil)
	run := func(args ...string) {
		t.Helper()
		if err := userCmd(ctx, append(args, "--db", file)); err != nil {
			t.Fatalf("user %s: %v", strings.Join(args, " "), err)
		}
	}
	loginFrom := func(client, user, pw string) error {
		_, _, err := svc.Login(ctx, client, user, pw, "web")
		return err
	}
	login := func(user, pw string) error { return loginFrom("127.0.0.1", user, pw) }

	// Enough clients fail on the account to lock it (service/throttle.go).
	for c := range service.LockingClients {
		for range service.MaxFailedLogins {
			loginFrom(fmt.Sprintf("10.0.0.%d", c), "K082LNO", "Fel12345")
		}
	}
	if err := login("K082LNO", "Demo1234"); err == nil || !strings.Contains(err.Error(), "Kontot är spärrat") {
		t.Fatalf("locked account: %v", err)
	}
	run("unlock", "--username", "k082lno")
	if err := login("K082LNO", "Demo1234"); err != nil {
		t.Fatalf("after unlock: %v", err)
	}

	run("create", "--username", "K082ABC", "--name", "Anna Berg", "--roles", "prescriber", "--customers", "2990", "--password", "Start1234")
	u, err := db.Read().FindUserByUsername(ctx, "K082ABC")
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword || !u.CanPrescribe || len(u.Customers) != 1 || !u.HasRole("prescriber") {
		t.Fatalf("created user: %+v", u)
	}
	run("grant", "--username", "K082ABC", "--roles", "customer_service")
	run("deactivate", "--username", "K082ABC")
	if err := login("K082ABC", "Start1234"); err == nil {
		t.Fatal("a deactivated user logged in")
	}
	run("activate", "--username", "K082ABC")
	run("reset-password", "--username", "K082ABC", "--password", "Ny123456")
	if err := login("K082ABC", "Ny123456"); err != nil {
		t.Fatalf("after reset-password: %v", err)
	}
	if u, _ := db.Read().FindUserByUsername(ctx, "K082ABC"); !u.HasRole("customer_service") || !u.MustChangePassword {
		t.Fatalf("after grant and reset: %+v", u)
	}
	if err := userCmd(ctx, []string{"create", "--db", file, "--username", "X", "--password", "abcdefgh"}); err == nil {
		t.Fatal("create accepted a password that breaks the rule")
	}
	if err := userCmd(ctx, []string{"unlock", "--db", file, "--username", "FINNSINTE"}); err == nil {
		t.Fatal("unlock of an unknown user gave no error")
	}
}

var runningAt = regexp.MustCompile(`running at (http://\S+)/`)

// buildBinary builds the command into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hjalpmedel")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The real binary: `serve --demo` from a working directory with nothing in it
// answers /healthz (everything is embedded), prints the demo logins, finishes a
// request in flight on SIGTERM and exits cleanly; a second start on the same
// file (with --training-clock, which it warns about) works and adds nothing.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	work := t.TempDir()
	file := filepath.Join(work, "data", "hjalpmedel.db")

	base, cmd, out := startBinary(t, bin, work)
	for _, u := range demo.Users {
		if !strings.Contains(out(), u.Username) {
			t.Errorf("serve --demo does not print the login %s:\n%s", u.Username, out())
		}
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("the default database file: %v", err)
	}

	// A request in flight: its handler is reading the body (the server has
	// answered 100 Continue) when SIGTERM comes.
	body := `{"username":"K082LNO","password":"Demo1234"}`
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", len(body))
	br := bufio.NewReader(conn)
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("no 100 Continue: %v %v", resp, err)
	}
	if _, err := io.WriteString(conn, body[:20]); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The server stops accepting new connections…
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 10 s after SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// …but finishes the request in flight.
	if _, err := io.WriteString(conn, body[20:]); err != nil {
		t.Fatalf("finish the request: %v", err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("the request in flight got no answer: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"token"`) {
		t.Fatalf("the request in flight: %d %s", resp.StatusCode, b)
	}
	if err := waitExit(cmd, 20*time.Second); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, out())
	}
	if !strings.Contains(out(), "shutting down") {
		t.Errorf("no shutdown in the log:\n%s", out())
	}
	users := countUsers(t, file)

	if strings.Contains(out(), "training clock") {
		t.Errorf("the training clock is on without --training-clock:\n%s", out())
	}

	// A second start on the same file, as a training install: it says so in the log.
	metricsAddr := freeAddr(t)
	_, cmd2, out2 := startBinary(t, bin, work, "--training-clock", "--metrics-addr", metricsAddr)
	if !strings.Contains(out2(), "level=WARN") || !strings.Contains(out2(), "the training clock is on") {
		t.Errorf("--training-clock logs no warning at start:\n%s", out2())
	}
	// Its metrics count the requests' waits for a place in the gate (the
	// /healthz that found it serving is one), and show the runtime's soft
	// memory limit, SQLite's automatic 160 MiB unless GOMEMLIMIT is set.
	metrics := get(t, "http://"+metricsAddr+"/metrics")
	wants := []string{`hjalpmedel_admission_wait_seconds_count{method="read"}`, "hjalpmedel_admission_serving ", "hjalpmedel_admission_waiting 0"}
	if os.Getenv("GOMEMLIMIT") == "" {
		wants = append(wants, "go_gc_gomemlimit_bytes 1.6777216e+08")
	}
	for _, want := range wants {
		if !strings.Contains(metrics, want) {
			t.Errorf("the metrics have no %s:\n%.2000s", want, metrics)
		}
	}
	if err := cmd2.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := waitExit(cmd2, 20*time.Second); err != nil {
		t.Fatalf("second start: %v\n%s", err, out2())
	}
	if n := countUsers(t, file); n != users {
		t.Fatalf("the second start has %d users, the first had %d", n, users)
	}
}

// freeAddr is a local address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// get returns a page's body, failing the test unless it answers 200.
func get(t *testing.T, url string) string {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, r.StatusCode, err)
	}
	return string(b)
}

// startBinary runs `serve --demo` in dir on a free port, waits until /healthz
// answers (at most 20 s) and returns the base URL, the process and its output so far.
func startBinary(t *testing.T, bin, dir string, flags ...string) (string, *exec.Cmd, func() string) {
	t.Helper()
	cmd, out := launchBinary(t, bin, dir, flags...)
	return awaitServing(t, out), cmd, out
}

// launchBinary starts `serve --demo` in dir and returns the process and its output so far.
func launchBinary(t *testing.T, bin, dir string, flags ...string) (*exec.Cmd, func() string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--demo", "--addr", "127.0.0.1:0"}, flags...)...)
	cmd.Dir = dir
	cmd.Env = slicesWithout(os.Environ(), "HJALPMEDEL_") // defaults: the file data/hjalpmedel.db under dir
	var mu sync.Mutex
	var buf strings.Builder
	w := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return buf.Write(p) })
	cmd.Stdout, cmd.Stderr = w, w
	out := func() string { mu.Lock(); defer mu.Unlock(); return buf.String() }
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd, out
}

// awaitServing waits until a launched server answers /healthz and returns its address.
func awaitServing(t *testing.T, out func() string) string {
	t.Helper()
	start := time.Now()
	for {
		if m := runningAt.FindStringSubmatch(out()); m != nil {
			if r, err := http.Get(m[1] + "/healthz"); err == nil {
				r.Body.Close()
				if r.StatusCode == 200 {
					t.Logf("serve --demo answered /healthz %s after the start", time.Since(start).Round(time.Millisecond))
					return m[1]
				}
			}
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("serve --demo did not answer /healthz within 30 s:\n%s", out())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func slicesWithout(env []string, prefix string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, prefix) {
			out = append(out, e)
		}
	}
	return out
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func waitExit(cmd *exec.Cmd, d time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		cmd.Process.Kill()
		return fmt.Errorf("still running after %s", d)
	}
}
