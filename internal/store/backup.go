package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres says that a PostgreSQL database is backed up with its own
// tools (pg_dump, or base backups with WAL archiving), not by this program.
var ErrBackupPostgres = errors.New("a PostgreSQL database is backed up with pg_dump or pg_basebackup (docs/OPERATIONS.md)")

// Backup writes a consistent copy of the SQLite database to path while the
// application runs: VACUUM INTO reads one snapshot on a reader connection, so
// writers go on and the copy holds exactly the transactions committed before it
// began. Readers are opened query_only, so the backup takes a reader
// connection of its own, allows it to write the copy, and discards it after.
// path must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect == Postgres {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A connection that was allowed to write never goes back to the readers.
	defer conn.Raw(func(any) error { return driver.ErrBadConn })
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	return err
}
