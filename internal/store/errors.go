package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"hjalpmedel/internal/domain"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors are told apart by the driver's error type and code (PostgreSQL's
// SQLSTATE, SQLite's extended result code), never by their text.

// PostgreSQL SQLSTATE codes the store acts on.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgCheckViolation      = "23514"
	pgSerialization       = "40001"
	pgDeadlock            = "40P01"
	pgBadCharacter        = "22021" // character_not_in_repertoire: a NUL byte, invalid UTF-8
	pgUntranslatable      = "22P05"
	pgAdminShutdown       = "57P01" // pg_terminate_backend, a restart
	pgCrashShutdown       = "57P02"
	pgCannotConnectNow    = "57P03"
)

// connLost reports whether err says the connection to the database broke: the
// server ended it (pg_terminate_backend, a restart), the network failed, or
// the driver found it closed. Such errors say nothing about the statement.
func connLost(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	switch code := pgCode(err); {
	case strings.HasPrefix(code, "08"), code == pgAdminShutdown, code == pgCrashShutdown, code == pgCannotConnectNow:
		return true
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || pgconn.SafeToRetry(err)
}

// pgPoolSize is the number of connections of the PostgreSQL pool.
const pgPoolSize = 32

// dropIdle closes a pool's idle connections after one was found broken: what
// ended one (a server restart, a failover, an administrator) has most likely
// ended the others, and a retry should not meet them one by one.
func dropIdle(pool *sql.DB) {
	pool.SetMaxIdleConns(0)
	pool.SetMaxIdleConns(pgPoolSize)
}

// unavailable turns a broken connection into ErrUnavailable (keeping the
// driver's error in the chain for Transact and the log).
func unavailable(err error) error {
	if connLost(err) && !errors.Is(err, domain.ErrUnavailable) && !errors.Is(err, domain.ErrOutcomeUnknown) {
		return fmt.Errorf("%w (%w)", domain.ErrUnavailable, err)
	}
	return err
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

// isRetryable reports whether a transaction lost a race it can simply run again.
func isRetryable(err error) bool {
	switch pgCode(err) {
	case pgSerialization, pgDeadlock:
		return true
	}
	return sqliteCode(err)&0xff == sqlite3.SQLITE_BUSY
}

// mapError turns constraint violations into conflicts: the database enforces what it
// can (unique numbers, stock never below zero) and the user sees a 409, not a 500.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return err
	}
	if connLost(err) {
		return unavailable(err)
	}
	code, scode := pgCode(err), sqliteCode(err)
	switch {
	case code == pgUniqueViolation || scode == sqlite3.SQLITE_CONSTRAINT_UNIQUE || scode == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return fmt.Errorf("%w (%v)", domain.Errorf(domain.EConflict, "Uppgiften finns redan."), err)
	case code == pgCheckViolation || scode == sqlite3.SQLITE_CONSTRAINT_CHECK:
		return fmt.Errorf("%w (%v)", domain.Errorf(domain.EConflict, "Ändringen bryter mot en regel (t.ex. saldo under noll)."), err)
	case code == pgForeignKeyViolation || scode == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return fmt.Errorf("%w (%v)", domain.Errorf(domain.EConflict, "Uppgiften hänger ihop med något som saknas eller används."), err)
	case code == pgBadCharacter || code == pgUntranslatable:
		// The web layer refuses such text where it comes in, naming the field;
		// this is the net for text from elsewhere (an imported file).
		return fmt.Errorf("%w (%v)", domain.Errorf(domain.EInvalid, "Texten innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8)."), err)
	}
	return err
}
