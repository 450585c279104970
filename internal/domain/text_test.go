package domain

import (
	"strings"
	"testing"
)

func TestCheckMaxLength(t *testing.T) {
	tests := []struct {
		name    string
		value   string
		max     int
		wantMsg string // "" means accepted
	}{
		{"empty", "", MaxFaultDescription, ""},
		{"exactly at limit", strings.Repeat("a", 250), MaxFaultDescription, ""},
		{"Swedish letters count once", strings.Repeat("ö", 250), MaxFaultDescription, ""},
		{"one over", strings.Repeat("a", 251), MaxFaultDescription, "Felbeskrivning får vara högst 250 tecken (du skrev 251)."},
		{"Swedish letters over", strings.Repeat("å", 251), MaxFaultDescription, "Felbeskrivning får vara högst 250 tecken (du skrev 251)."},
		{"åäö is 3", "åäö", 3, ""},
		{"åäö over 2", "åäö", 2, "Felbeskrivning får vara högst 2 tecken (du skrev 3)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckMaxLength("fault_description", "Felbeskrivning", tt.value, tt.max)
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("got %v, want ok", err)
				}
				return
			}
			if ErrorCode(err) != EInvalid || ErrorMessage(err) != tt.wantMsg || err.(*Error).Fields["fault_description"] != tt.wantMsg {
				t.Fatalf("got %v, want %q", err, tt.wantMsg)
			}
		})
	}
}
