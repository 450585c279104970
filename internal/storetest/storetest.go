// Package storetest opens fresh, migrated databases for tests: SQLite always, and
// PostgreSQL when HJALPMEDEL_TEST_POSTGRES is set (a test fails loudly when it is set
// but the server does not answer). Each PostgreSQL database is a schema of its own,
// so parallel runs cannot collide.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
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
