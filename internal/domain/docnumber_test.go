package domain

import "testing"

func TestFormatDocNumber(t *testing.T) {
	tests := []struct {
		year int
		seq  int64
		want string
	}{
		{2015, 500607, "15500607"},
		{2026, 1, "26000001"},
		{2026, 999999, "26999999"},
		{2026, 1000000, "261000000"},
		{2000, 42, "00000042"},
		{2105, 7, "05000007"},
	}
	for _, tt := range tests {
		got := FormatDocNumber(tt.year, tt.seq)
		if got != tt.want {
			t.Errorf("FormatDocNumber(%d, %d) = %q, want %q", tt.year, tt.seq, got, tt.want)
		}
		if !ValidDocNumber(got) {
			t.Errorf("ValidDocNumber(%q) = false for a formatted number", got)
		}
	}
}

func TestValidDocNumber(t *testing.T) {
	tests := map[string]bool{
		"15500607":              true,
		"261000000":             true,
		"1550060":               false,
		"":                      false,
		"15 500607":             false,
		"1550060a":              false,
		"-5500607":              false,
		"１５５００６０７":              false, // full-width digits
		"269223372036854775807": true,  // largest int64 sequence
		"269223372036854775808": false, // past int64
	}
	for s, want := range tests {
		if got := ValidDocNumber(s); got != want {
			t.Errorf("ValidDocNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDocKind(t *testing.T) {
	for _, k := range DocKinds {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("DocKind %q: Valid %v, Label %q", k, k.Valid(), k.Label())
		}
	}
	if DocKind("invoice").Valid() {
		t.Error("unknown kind accepted")
	}
}
