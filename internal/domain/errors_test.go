package domain

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode Code
		wantMsg  string
	}{
		{"nil", nil, "", ""},
		{"domain", Errorf(ENotFound, "Kundorder %s finns inte.", "15500607"), ENotFound, "Kundorder 15500607 finns inte."},
		{"wrapped domain", fmt.Errorf("store: %w", Errorf(EConflict, "Artikeln är slut.")), EConflict, "Artikeln är slut."},
		{"plain error", errors.New("pq: connection refused"), EInternal, InternalErrorMessage},
		{"invalid", Invalid("password", "Fel."), EInvalid, "Fel."},
		{"invalid formatted", Invalidf("article", "Artikel %s finns inte.", "9900100"), EInvalid, "Artikel 9900100 finns inte."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.wantMsg)
			}
		})
	}
}

func TestInvalidFields(t *testing.T) {
	e := Invalid("personnummer", "Ogiltigt.")
	if e.Fields["personnummer"] != "Ogiltigt." || e.Error() != "Ogiltigt." {
		t.Fatalf("got %+v", e)
	}
}

// Errorf and Invalidf keep the Swedish format and its arguments, so the web
// layer can say the message in English.
func TestFormattedErrorsKeepTheirFormat(t *testing.T) {
	e := Invalidf("article", "Artikel %s finns inte i lager %s.", "9900100", Term("Huvudlager"))
	if e.Format != "Artikel %s finns inte i lager %s." || !slices.Equal(e.Args, []any{"9900100", Term("Huvudlager")}) ||
		e.Message != "Artikel 9900100 finns inte i lager Huvudlager." || e.Fields["article"] != e.Message {
		t.Fatalf("got %+v", e)
	}
	if e := Errorf(EConflict, "Orderrad %d är inte öppen.", 2); e.Format != "Orderrad %d är inte öppen." || !slices.Equal(e.Args, []any{2}) {
		t.Fatalf("got %+v", e)
	}
}

// A field's message has a format if it was formatted: its own, or the error's
// when the field says the error's message.
func TestFieldFormat(t *testing.T) {
	own := Msgf("Individ %d: ange serienummer.", 2)
	e := &Error{Code: EInvalid, Message: "Kontrollera de markerade fälten.",
		Fields:       map[string]string{"units": own.String(), "name": "Ange namn."},
		FieldFormats: map[string]Formatted{"units": own}}
	if f, ok := e.FieldFormat("units"); !ok || f.Format != own.Format || own.String() != "Individ 2: ange serienummer." {
		t.Errorf("units: %+v %v", f, ok)
	}
	if _, ok := e.FieldFormat("name"); ok {
		t.Error("name has a format")
	}
	e = Invalidf("article", "Artikel %s finns inte.", Msgf("%s-%d", "A", 1))
	if f, ok := e.FieldFormat("article"); !ok || f.Format != "Artikel %s finns inte." || e.Fields["article"] != "Artikel A-1 finns inte." {
		t.Errorf("article: %+v %v %q", f, ok, e.Fields["article"])
	}
}
