package store

import (
	"testing"
	"time"
)

// A UTC hour falls on the Swedish day it is in Sweden: an hour later in winter
// (CET), two hours later in summer (CEST), across both changes of the clock.
func TestSwedishDayOfUTCHour(t *testing.T) {
	for hour, want := range map[string]string{
		"2026-11-24T22": "2026-11-24", // 23:00 CET
		"2026-11-24T23": "2026-11-25", // 00:00 CET
		"2026-06-30T21": "2026-06-30", // 23:00 CEST
		"2026-06-30T22": "2026-07-01", // 00:00 CEST
		"2026-03-28T23": "2026-03-29", // 00:00 CET, the night the clocks go forward
		"2026-10-24T22": "2026-10-25", // 00:00 CEST, the night they go back
		"2026-10-25T22": "2026-10-25", // 23:00 CET
	} {
		if got := swedishDay(hour); got != want {
			t.Errorf("swedishDay(%s) = %s, want %s", hour, got, want)
		}
	}
	// The period's bounds are Swedish midnights in UTC.
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if a, b := period(day("2026-10-01"), day("2026-11-25")); a != "2026-09-30T22:00:00.000000Z" || b != "2026-11-25T23:00:00.000000Z" {
		t.Errorf("period: %s to %s", a, b)
	}
}
