package store

import (
	"context"
	"embed"
	"fmt"
	"hjalpmedel/internal/domain"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of a dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := "migrations/" + d.String()
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		b, err := migrationFS.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the migrations not applied yet, each in its own transaction.
// Several app servers may start at once against one PostgreSQL: an advisory lock
// lets one of them migrate while the others wait.
func (db *DB) Migrate(ctx context.Context) error {
	migrations, err := Migrations(db.Dialect)
	if err != nil {
		return err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.Dialect == Postgres {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(727274)"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock(727274)")
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range migrations {
		if applied[m.Version] {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		ins := "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"
		if db.Dialect == Postgres {
			ins = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"
		}
		if _, err := tx.ExecContext(ctx, ins, m.Version, m.Name, domain.FormatTimestamp(time.Now())); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		db.checkpoints.committed()
	}
	return nil
}

// SyncSequences moves every identity sequence on PostgreSQL past the largest id
// in its table. Data loaded with explicit ids (the demo's route 1, template 1 …)
// does not advance a sequence, so the next ordinary insert would collide with
// it. SQLite needs nothing: its row ids follow the largest id by themselves.
func (db *DB) SyncSequences(ctx context.Context) error {
	if db.Dialect != Postgres {
		return nil
	}
	rows, err := db.write.QueryContext(ctx, `SELECT c.table_name, c.column_name,
		pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name)
		FROM information_schema.columns c
		WHERE c.table_schema = current_schema()
		AND pg_get_serial_sequence(quote_ident(c.table_schema) || '.' || quote_ident(c.table_name), c.column_name) IS NOT NULL`)
	if err != nil {
		return err
	}
	type seq struct{ table, column, name string }
	var seqs []seq
	for rows.Next() {
		var s seq
		if err := rows.Scan(&s.table, &s.column, &s.name); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, s := range seqs {
		// setval with is_called false: the next value is max+1 (1 in an empty table),
		// and never lower than where the sequence already is.
		_, err := db.write.ExecContext(ctx, fmt.Sprintf(`SELECT setval($1, GREATEST(
			(SELECT COALESCE(MAX(%[2]s), 0) + 1 FROM %[1]s),
			(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM %[3]s)), false)`,
			quoteIdent(s.table), quoteIdent(s.column), s.name), s.name)
		if err != nil {
			return fmt.Errorf("sync sequence %s: %w", s.name, err)
		}
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
