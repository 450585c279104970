package domain

import (
	"reflect"
	"testing"
)

func TestISOWeekAndWeekCounts(t *testing.T) {
	for day, want := range map[string]string{"2026-11-25": "2026-V48", "2027-01-01": "2026-V53", "2026-12-28": "2026-V53", "2025-12-29": "2026-V01"} {
		if got := ISOWeek(ParseDate(day)); got != want {
			t.Errorf("ISOWeek(%s) = %s, want %s", day, got, want)
		}
	}
	weeks, sums := WeekCounts(ParseDate("2026-11-22"), ParseDate("2026-12-01"),
		map[string][]int{"2026-11-22": {1, 0}, "2026-11-23": {2, 1}, "2026-11-29": {1, 1}, "2026-12-01": {0, 4}}, 2)
	if !reflect.DeepEqual(weeks, []string{"2026-V47", "2026-V48", "2026-V49"}) {
		t.Fatalf("weeks %v", weeks)
	}
	want := map[string][]int{"2026-V47": {1, 0}, "2026-V48": {3, 2}, "2026-V49": {0, 4}}
	if !reflect.DeepEqual(sums, want) {
		t.Fatalf("sums %v, want %v", sums, want)
	}
}

func TestCheckOverviewPeriod(t *testing.T) {
	d := ParseDate
	for _, c := range []struct {
		from, to, field string
	}{
		{"2026-11-01", "2026-11-30", ""},
		{"2026-11-30", "2026-11-01", "to"},
		{"", "2026-11-01", "from"},
		{"2025-01-01", "2026-11-01", "to"},
	} {
		err := CheckOverviewPeriod(d(c.from), d(c.to))
		if c.field == "" && err != nil || c.field != "" && (err == nil || err.(*Error).Fields[c.field] == "") {
			t.Errorf("%s–%s: %v, want error on %q", c.from, c.to, err, c.field)
		}
	}
}
