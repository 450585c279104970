package domain

import (
	"errors"
	"fmt"
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
