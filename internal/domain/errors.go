package domain

import (
	"errors"
	"fmt"
)

// Code classifies an error so that one place (the web layer) can map it to an
// HTTP status and a page or JSON body, after benbjohnson/wtf.
type Code string

// The error codes of the system. Anything that is not a *Error is EInternal.
const (
	EInvalid      Code = "invalid"
	EUnauthorized Code = "unauthorized"
	EForbidden    Code = "forbidden"
	ENotFound     Code = "not_found"
	EConflict     Code = "conflict"
	EUnavailable  Code = "unavailable" // the database could not be reached; safe to retry
	EInternal     Code = "internal"
	// EMethodNotAllowed: the address exists, but not for this method (405 with Allow).
	EMethodNotAllowed Code = "method_not_allowed"
)

// InternalErrorMessage is what a user sees for any error that is not a domain
// error: the details belong in the log, never on the screen.
const InternalErrorMessage = "Ett internt fel inträffade."

// Error is the one error type of the system.
type Error struct {
	Code Code
	// Message is the Swedish user-facing text; it is also the key into the
	// English catalogue, so keep it stable.
	Message string
	// Fields maps a form field name to its Swedish message, so a failed form
	// can show each message next to its field.
	Fields map[string]string
	// Formatted is the Swedish format and arguments Message was made from
	// (Errorf, Invalidf). A formatted message is in no catalogue, its format
	// is: the web layer translates Format and fills in Args.
	Formatted
	// FieldFormats holds the format and arguments of each formatted field
	// message that is not Message itself (see FieldFormat).
	FieldFormats map[string]Formatted
}

// Formatted is a Swedish message made from a format and its arguments. It is
// also an argument of another formatted message, for a message that is part
// of a longer one: the web layer translates both.
type Formatted struct {
	Format string
	Args   []any
}

// Msgf returns the formatted message of format and args.
func Msgf(format string, args ...any) Formatted {
	return Formatted{Format: format, Args: args}
}

// String returns the Swedish message.
func (f Formatted) String() string {
	return fmt.Sprintf(f.Format, f.Args...)
}

// Term marks an argument of a formatted message that is itself Swedish text
// of the user interface (a field's label, a status), not data: the web layer
// translates it along with the format.
type Term string

// Error returns the user-facing message; the code is carried separately.
func (e *Error) Error() string {
	return e.Message
}

// Errorf returns a domain error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	f := Msgf(format, args...)
	return &Error{Code: code, Message: f.String(), Formatted: f}
}

// ErrNotFound is what a look-up of one thing returns when there is none.
var ErrNotFound = Errorf(ENotFound, "Hittades inte.")

// FieldFormat returns the format and arguments of field's message, if it was
// formatted: its own, or Message's when the field says Message.
func (e *Error) FieldFormat(field string) (Formatted, bool) {
	if f, ok := e.FieldFormats[field]; ok {
		return f, true
	}
	if m, ok := e.Fields[field]; ok && m == e.Message && e.Format != "" {
		return e.Formatted, true
	}
	return Formatted{}, false
}

// Invalid returns an EInvalid error about one form field.
func Invalid(field, message string) *Error {
	return &Error{Code: EInvalid, Message: message, Fields: map[string]string{field: message}}
}

// Invalidf returns an EInvalid error about one form field with a formatted message.
func Invalidf(field, format string, args ...any) *Error {
	return InvalidMsg(field, Msgf(format, args...))
}

// InvalidMsg returns an EInvalid error about one form field whose message a
// rule has made (a reason, as format and arguments).
func InvalidMsg(field string, f Formatted) *Error {
	return &Error{Code: EInvalid, Message: f.String(), Formatted: f, Fields: map[string]string{field: f.String()}}
}

// ErrorCode returns the code of a domain error anywhere in err's chain;
// nil gives "", and any other error is EInternal.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the user-facing message of a domain error, or a
// generic message for any other error so raw internal text never leaks.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return InternalErrorMessage
}

// ErrUnavailable is the answer when the database could not be reached: nothing
// was changed, and trying again later is safe.
var ErrUnavailable = Errorf(EUnavailable, "Databasen kunde inte nås. Försök igen om en stund.")

// ErrOutcomeUnknown is the answer when the connection broke while a change was
// being committed: it may or may not have been saved. Repeating it with the
// same idempotency key saves it at most once.
var ErrOutcomeUnknown = Errorf(EUnavailable,
	"Förbindelsen med databasen bröts medan ändringen sparades, så den kan ha sparats. Det är säkert att försöka igen med samma idempotensnyckel (idempotencyKey): ändringen görs då bara en gång.")
