package domain

import (
	"testing"
	"time"
)

func TestNextInspection(t *testing.T) {
	d := func(s string) time.Time { return ParseDate(s) }
	tests := []struct {
		name            string
		last, delivered string
		months          int
		want            string
	}{
		{"from the last FU", "2025-03-10", "2024-01-05", 12, "2026-03-10"},
		{"from delivery when never inspected", "", "2025-11-20", 6, "2026-05-20"},
		{"no interval", "2025-03-10", "2024-01-05", 0, ""},
		{"nothing to count from", "", "", 12, ""},
		{"a month end stays a month end", "2026-01-31", "", 1, "2026-02-28"},
		{"leap day", "2024-02-29", "", 12, "2025-02-28"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextInspection(d(tt.last), d(tt.delivered), tt.months)
			if s := FormatDate(got); (tt.want == "" && !got.IsZero()) || (tt.want != "" && s != tt.want) {
				t.Fatalf("got %s, want %q", s, tt.want)
			}
		})
	}
}

func TestInspectionDue(t *testing.T) {
	today := ParseDate("2026-12-04")
	tests := []struct {
		next string
		days int
		want bool
	}{
		{"2026-11-01", 30, true}, // overdue
		{"2026-12-04", 0, true},
		{"2027-01-03", 30, true},
		{"2027-01-04", 30, false},
		{"", 30, false},
	}
	for _, tt := range tests {
		if got := InspectionDue(ParseDate(tt.next), today, tt.days); got != tt.want {
			t.Errorf("next %q within %d: %v, want %v", tt.next, tt.days, got, tt.want)
		}
	}
}
