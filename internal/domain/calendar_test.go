package domain

import (
	"testing"
	"time"
)

// day parses a civil date written YYYY-MM-DD, the way the tables read best.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEasterAndMovableHolidays(t *testing.T) {
	tests := []struct {
		year                                        int
		easter, goodFriday, easterMonday, ascension string
	}{
		{2024, "2024-03-31", "2024-03-29", "2024-04-01", "2024-05-09"},
		{2025, "2025-04-20", "2025-04-18", "2025-04-21", "2025-05-29"},
		{2026, "2026-04-05", "2026-04-03", "2026-04-06", "2026-05-14"},
		{2027, "2027-03-28", "2027-03-26", "2027-03-29", "2027-05-06"},
		{2028, "2028-04-16", "2028-04-14", "2028-04-17", "2028-05-25"},
		{2029, "2029-04-01", "2029-03-30", "2029-04-02", "2029-05-10"},
		{2030, "2030-04-21", "2030-04-19", "2030-04-22", "2030-05-30"},
	}
	for _, tt := range tests {
		if got := Easter(tt.year); !got.Equal(day(t, tt.easter)) {
			t.Errorf("Easter(%d) = %s, want %s", tt.year, got.Format(time.DateOnly), tt.easter)
		}
		for _, h := range []struct{ date, name string }{
			{tt.easter, "Påskdagen"},
			{tt.goodFriday, "Långfredagen"},
			{tt.easterMonday, "Annandag påsk"},
			{tt.ascension, "Kristi himmelsfärdsdag"},
		} {
			d := day(t, h.date)
			if got := HolidayName(d); got != h.name {
				t.Errorf("HolidayName(%s) = %q, want %q", h.date, got, h.name)
			}
			if !IsPublicHoliday(d) || IsWorkingDay(d) {
				t.Errorf("%s (%s): IsPublicHoliday %v, IsWorkingDay %v", h.date, h.name, IsPublicHoliday(d), IsWorkingDay(d))
			}
		}
		// The Thursday before Good Friday and the Tuesday after Easter are ordinary.
		for _, d := range []time.Time{day(t, tt.goodFriday).AddDate(0, 0, -1), day(t, tt.easterMonday).AddDate(0, 0, 1)} {
			if !IsWorkingDay(d) {
				t.Errorf("%s should be a working day", d.Format(time.DateOnly))
			}
		}
	}
}

func TestWeekdayRangeHolidays(t *testing.T) {
	midsummerEve := []string{"2024-06-21", "2025-06-20", "2026-06-19", "2027-06-25", "2028-06-23", "2029-06-22", "2030-06-21"}
	allSaints := []string{"2024-11-02", "2025-11-01", "2026-10-31", "2027-11-06", "2028-11-04", "2029-11-03", "2030-11-02"}
	for _, s := range midsummerEve {
		d := day(t, s)
		if got := HolidayName(d); got != "Midsommarafton" {
			t.Errorf("HolidayName(%s) = %q, want Midsommarafton", s, got)
		}
		if IsWorkingDay(d) {
			t.Errorf("%s: Midsummer Eve is not a working day", s)
		}
		if got := HolidayName(d.AddDate(0, 0, 1)); got != "Midsommardagen" {
			t.Errorf("HolidayName(day after %s) = %q, want Midsommardagen", s, got)
		}
		if !IsWorkingDay(d.AddDate(0, 0, -7)) || IsPublicHoliday(d.AddDate(0, 0, -7)) {
			t.Errorf("the Friday a week before %s is ordinary", s)
		}
	}
	for _, s := range allSaints {
		d := day(t, s)
		if got := HolidayName(d); got != "Alla helgons dag" {
			t.Errorf("HolidayName(%s) = %q, want Alla helgons dag", s, got)
		}
		if IsPublicHoliday(d.AddDate(0, 0, 7)) || IsPublicHoliday(d.AddDate(0, 0, -7)) {
			t.Errorf("only one Saturday around %s is All Saints' Day", s)
		}
	}
}

func TestFixedHolidays(t *testing.T) {
	tests := []struct {
		date, name string
		working    bool
	}{
		{"2026-01-01", "Nyårsdagen", false},
		{"2026-01-06", "Trettondedag jul", false},
		{"2026-05-01", "Första maj", false},
		{"2026-06-06", "Sveriges nationaldag", false},
		{"2026-05-24", "Pingstdagen", false},
		{"2025-12-24", "Julafton", false},
		{"2025-12-25", "Juldagen", false},
		{"2025-12-26", "Annandag jul", false},
		{"2025-12-31", "Nyårsafton", false},
		{"2008-05-01", "Första maj och Kristi himmelsfärdsdag", false},
		{"2026-01-02", "", true},  // Friday after New Year
		{"2026-01-03", "", false}, // Saturday
		{"2026-01-04", "", false}, // Sunday
		{"2026-03-02", "", true},
		{"2025-05-26", "", true}, // Whit Monday is no longer a holiday (since 2005)
	}
	for _, tt := range tests {
		d := day(t, tt.date)
		if got := HolidayName(d); got != tt.name {
			t.Errorf("HolidayName(%s) = %q, want %q", tt.date, got, tt.name)
		}
		if got := IsPublicHoliday(d); got != (tt.name != "") {
			t.Errorf("IsPublicHoliday(%s) = %v", tt.date, got)
		}
		if got := IsWorkingDay(d); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		// 23:30 UTC on 3 April 2026 is already 4 April in Stockholm (CEST).
		{time.Date(2026, 4, 3, 23, 30, 0, 0, time.UTC), "2026-04-04"},
		// 22:59 UTC on 31 December is still New Year's Eve in Stockholm (CET).
		{time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), "2025-12-31"},
		{time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), "2026-01-01"},
		{time.Date(2026, 6, 19, 0, 0, 0, 0, time.UTC), "2026-06-19"},
	}
	for _, tt := range tests {
		got := DateOf(tt.in)
		if !got.Equal(day(t, tt.want)) || got.Location() != time.UTC {
			t.Errorf("DateOf(%v) = %v, want %s UTC", tt.in, got, tt.want)
		}
		if again := DateOf(got); !again.Equal(got) {
			t.Errorf("DateOf is not idempotent: %v -> %v", got, again)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero returns the date itself", "2026-04-04", 0, "2026-04-04"},
		{"ordinary week", "2026-03-02", 3, "2026-03-05"},
		{"over a weekend", "2026-03-06", 1, "2026-03-09"},
		// Easter 2026: Good Friday 3 April, Easter Monday 6 April.
		{"Thursday before Easter", "2026-04-02", 1, "2026-04-07"},
		{"across Easter", "2026-04-01", 3, "2026-04-08"},
		{"from Good Friday", "2026-04-03", 1, "2026-04-07"},
		{"backwards across Easter", "2026-04-07", -1, "2026-04-02"},
		// Christmas 2025: 24–26 Dec Wed–Fri, 31 Dec Wed, 1 Jan Thu, 6 Jan Tue.
		{"Christmas week", "2025-12-23", 1, "2025-12-29"},
		{"across Christmas and New Year", "2025-12-22", 5, "2026-01-05"},
		{"across New Year and Epiphany", "2025-12-30", 2, "2026-01-05"},
		{"over Epiphany", "2026-01-05", 1, "2026-01-07"},
		{"Midsummer 2026", "2026-06-18", 1, "2026-06-22"},
		{"Ascension 2026", "2026-05-13", 1, "2026-05-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddWorkingDays(day(t, tt.from), tt.n)
			if !got.Equal(day(t, tt.want)) {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestNextWorkingDay(t *testing.T) {
	tests := []struct{ from, want string }{
		{"2026-03-02", "2026-03-03"}, // strictly after, even on a working day
		{"2026-03-06", "2026-03-09"},
		{"2026-03-07", "2026-03-09"},
		{"2026-04-02", "2026-04-07"},
		{"2025-12-23", "2025-12-29"},
		{"2025-12-30", "2026-01-02"},
	}
	for _, tt := range tests {
		if got := NextWorkingDay(day(t, tt.from)); !got.Equal(day(t, tt.want)) {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.from, got.Format(time.DateOnly), tt.want)
		}
	}
	// A time late in the Swedish evening counts from the Swedish date.
	late := time.Date(2026, 4, 1, 22, 30, 0, 0, time.UTC) // 00:30 on Thursday 2 April in Stockholm
	if got := NextWorkingDay(late); !got.Equal(day(t, "2026-04-07")) {
		t.Errorf("NextWorkingDay(%v) = %s, want 2026-04-07", late, got.Format(time.DateOnly))
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2026-03-02", "2026-03-02", 0},
		{"2026-03-02", "2026-03-04", 2},
		{"2026-03-06", "2026-03-09", 1},
		{"2026-03-07", "2026-03-08", 0},
		{"2026-04-01", "2026-04-08", 3},
		{"2025-12-22", "2026-01-05", 5},
		{"2026-03-04", "2026-03-02", -2},
		// 2026 has 261 weekdays; take away 1 Jan itself and the nine holidays on
		// weekdays (6 Jan, 3 and 6 Apr, 1 May, 14 May, 19 Jun, 24, 25 and 31 Dec).
		{"2026-01-01", "2026-12-31", 251},
	}
	for _, tt := range tests {
		a, b := day(t, tt.a), day(t, tt.b)
		got := WorkingDaysBetween(a, b)
		if got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got > 0 && (AddWorkingDays(a, got).After(b) || !AddWorkingDays(a, got+1).After(b)) {
			t.Errorf("WorkingDaysBetween(%s, %s) disagrees with AddWorkingDays", tt.a, tt.b)
		}
	}
}

// Whitsunday (Pingstdagen) is Easter Sunday + 49 days: a Sunday, so never a
// working day either way, but it must be named.
func TestWhitsunday(t *testing.T) {
	for _, s := range []string{"2024-05-19", "2025-06-08", "2026-05-24", "2027-05-16", "2028-06-04", "2029-05-20", "2030-06-09"} {
		d := day(t, s)
		if got := HolidayName(d); got != "Pingstdagen" {
			t.Errorf("HolidayName(%s) = %q, want Pingstdagen", s, got)
		}
		if d.Weekday() != time.Sunday {
			t.Errorf("%s is not a Sunday", s)
		}
	}
}

// FuzzWorkingDays checks the calendar's invariants on any date of 1900–2299:
// Easter is a Sunday between 22 March and 25 April, a working day is a weekday
// that is no public holiday, NextWorkingDay is the first working day after, and
// AddWorkingDays and WorkingDaysBetween agree.
func FuzzWorkingDays(f *testing.F) {
	f.Add(uint32(0), int8(1))
	f.Add(uint32(45000), int8(-3))
	f.Add(uint32(9125), int8(10)) // around 1925
	f.Fuzz(func(t *testing.T, offset uint32, n int8) {
		d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(offset%(400*365)))
		e := Easter(d.Year())
		if e.Weekday() != time.Sunday || e.Before(time.Date(d.Year(), 3, 22, 0, 0, 0, 0, time.UTC)) || e.After(time.Date(d.Year(), 4, 25, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("Easter(%d) = %s", d.Year(), e.Format(time.DateOnly))
		}
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		if IsWorkingDay(d) != (!weekend && !IsPublicHoliday(d)) {
			t.Fatalf("%s: IsWorkingDay %v, weekend %v, holiday %q", d.Format(time.DateOnly), IsWorkingDay(d), weekend, HolidayName(d))
		}
		next := NextWorkingDay(d)
		if !next.After(d) || !IsWorkingDay(next) {
			t.Fatalf("NextWorkingDay(%s) = %s", d.Format(time.DateOnly), next.Format(time.DateOnly))
		}
		for x := d.AddDate(0, 0, 1); x.Before(next); x = x.AddDate(0, 0, 1) {
			if IsWorkingDay(x) {
				t.Fatalf("NextWorkingDay(%s) = %s skips the working day %s", d.Format(time.DateOnly), next.Format(time.DateOnly), x.Format(time.DateOnly))
			}
		}
		if n > 0 {
			to := AddWorkingDays(d, int(n))
			if !IsWorkingDay(to) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s is no working day", d.Format(time.DateOnly), n, to.Format(time.DateOnly))
			}
			if got := WorkingDaysBetween(d, to); got != int(n) {
				t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(…, %d) = %s) = %d", d.Format(time.DateOnly), n, to.Format(time.DateOnly), got)
			}
		}
	})
}
