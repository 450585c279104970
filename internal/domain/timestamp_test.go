package domain

import (
	"testing"
	"time"
)

// ParseDate reads what time.Parse reads with time.DateOnly, and gives the zero
// time wherever that fails.
func TestParseDateAsTimeParse(t *testing.T) {
	inputs := []string{
		"", "2026-11-30", "2026-02-28", "2024-02-29", "2026-02-29", "2026-02-30", "2026-04-31", "2026-12-31",
		"2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01", "9999-12-31", "2026-1-05", "2026/01/05",
		"2026-01-05T00:00:00Z", " 2026-01-05", "2026-01-0x", "+026-01-05", "2026--1-05", "2026-01-5 ",
		"abcd-ef-gh", "2026-01-05\n",
	}
	for d := time.Date(1999, 12, 25, 0, 0, 0, 0, time.UTC); d.Year() < 2101; d = d.AddDate(0, 0, 17) {
		inputs = append(inputs, d.Format(time.DateOnly))
	}
	for _, in := range inputs {
		want, _ := time.Parse(time.DateOnly, in)
		if got := ParseDate(in); !got.Equal(want) || got.Location() != want.Location() {
			t.Errorf("ParseDate(%q) = %v; time.Parse gives %v", in, got, want)
		}
	}
}
