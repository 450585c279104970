// Package storetest opens fresh, migrated databases for tests: SQLite always, and
// PostgreSQL when HJALPMEDEL_TEST_POSTGRES is set (a test fails loudly when it is set
// but the server does not answer). Each PostgreSQL database is a schema of its own,
// so parallel runs cannot collide.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hjalpmedel/internal/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// PostgresURLEnv names the variable with the test server's URL.
const PostgresURLEnv = "HJALPMEDEL_TEST_POSTGRES"

// Backends runs fn as the subtests "SQLite" and "Postgres", each on a fresh migrated database.
// The PostgreSQL subtest is skipped only when HJALPMEDEL_TEST_POSTGRES is empty.
func Backends(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("SQLite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("Postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// Postgres returns a migrated PostgreSQL database, for a test of what only
// PostgreSQL does; the test is skipped only when HJALPMEDEL_TEST_POSTGRES is empty.
func Postgres(t *testing.T) *store.DB {
	t.Helper()
	if os.Getenv(PostgresURLEnv) == "" {
		t.Skip(PostgresURLEnv + " is empty")
	}
	return OpenPostgres(t)
}

// OpenSQLite returns a migrated SQLite database in a temporary folder.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("open SQLite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate SQLite: %v", err)
	}
	return db
}

// OpenPostgres returns a migrated database in a new schema of the test server,
// dropped when the test ends.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		t.Fatalf("%s is not set", PostgresURLEnv)
	}
	return openPostgres(t, base)
}

// openPostgres is OpenPostgres on the server at base.
func openPostgres(t testing.TB, base string) *store.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("PostgreSQL at %s does not answer (%s is set): %v", base, PostgresURLEnv, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresURLEnv, err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	v.Set("application_name", schema) // a test can find (and end) this database's connections
	u.RawQuery = v.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatalf("open PostgreSQL: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate PostgreSQL: %v", err)
	}
	return db
}

// RoundTrips counts the round trips between a store and the PostgreSQL server
// (PostgresCountingRoundTrips): each time the store sends after the server
// has answered, or first. Pings of connections taken from the pool (pgx's
// "-- ping", sent when one has been idle for a second) are not counted.
type RoundTrips struct {
	mu    sync.Mutex
	trips []string
}

// Count is the number of round trips since the last Reset.
func (r *RoundTrips) Count() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int64(len(r.trips))
}

// String lists the round trips since the last Reset, a line each: the
// statements sent, as far as the first message of the trip shows them.
func (r *RoundTrips) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.trips, "\n")
}

// Reset starts the count again.
func (r *RoundTrips) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trips = nil
}

func (r *RoundTrips) add(trip string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trips = append(r.trips, trip)
}

// PostgresCountingRoundTrips returns a migrated PostgreSQL database, as
// Postgres, reached through a proxy that counts the round trips to it.
func PostgresCountingRoundTrips(t testing.TB) (*store.DB, *RoundTrips) {
	t.Helper()
	if os.Getenv(PostgresURLEnv) == "" {
		t.Skip(PostgresURLEnv + " is empty")
	}
	u, err := url.Parse(os.Getenv(PostgresURLEnv))
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresURLEnv, err)
	}
	server := u.Host
	if u.Port() == "" {
		server = net.JoinHostPort(u.Hostname(), "5432")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	counter := &RoundTrips{}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go counter.relay(c, server)
		}
	}()
	u.Host = l.Addr().String()
	return openPostgres(t, u.String()), counter
}

// relay carries one connection's bytes both ways, counting the store's turns.
func (r *RoundTrips) relay(client net.Conn, server string) {
	defer client.Close()
	up, err := net.Dial("tcp", server)
	if err != nil {
		return
	}
	defer up.Close()
	var mu sync.Mutex
	answered := true // the server spoke last (or nobody yet)
	go func() {
		buf := make([]byte, 64<<10)
		for {
			n, err := up.Read(buf)
			if n > 0 {
				mu.Lock()
				answered = true
				mu.Unlock()
				if _, werr := client.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				client.Close()
				return
			}
		}
	}()
	prepared := map[string]string{} // this connection's statements by name
	buf := make([]byte, 64<<10)
	for {
		n, err := client.Read(buf)
		if n > 0 {
			mu.Lock()
			turn := answered
			answered = false
			mu.Unlock()
			sent := statementsSent(buf[:n], prepared)
			if turn && sent != "-- ping" {
				r.add(sent)
			}
			if _, werr := up.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// statementsSent names the statements whose messages b holds whole (Query,
// Parse, Bind of a statement parsed before), remembering those parsed.
func statementsSent(b []byte, prepared map[string]string) string {
	var sent []string
	for len(b) >= 5 {
		kind, size := b[0], int(binary.BigEndian.Uint32(b[1:5]))
		if size < 4 || 1+size > len(b) {
			break
		}
		fields := strings.SplitN(string(b[5:1+size]), "\x00", 3)
		b = b[1+size:]
		switch {
		case kind == 'Q':
			sent = append(sent, fields[0])
		case kind == 'P' && len(fields) > 1:
			prepared[fields[0]] = fields[1]
			sent = append(sent, "(prepare) "+fields[1])
		case kind == 'B' && len(fields) > 1:
			sent = append(sent, prepared[fields[1]])
		}
	}
	for i, s := range sent {
		s = strings.Join(strings.Fields(s), " ")
		sent[i] = s[:min(len(s), 60)]
	}
	return strings.Join(sent, " | ")
}
