package store

import (
	"database/sql"
	"errors"
	"fmt"

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
)

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
