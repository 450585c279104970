package domain

import (
	"strings"
	"time"
	_ "time/tzdata" // the server may lack a zoneinfo database; Stockholm must always load
)

// Stockholm is the time zone in which the region's civil dates are counted:
// "today" for a dispatch date is today in Sweden, whatever the server's zone.
var Stockholm = loadStockholm()

func loadStockholm() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		// Unreachable with embedded tzdata; a fixed CET is the least-wrong fallback.
		return time.FixedZone("CET", 60*60)
	}
	return loc
}

// DateOf returns t's civil date in Sweden as midnight UTC. All calendar
// functions work on such dates, so comparisons and arithmetic never trip over
// daylight-saving changes. DateOf is idempotent: a date it returned maps to
// itself.
func DateOf(t time.Time) time.Time {
	y, m, d := t.In(Stockholm).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// SwedishMidnight is the instant a Swedish date (as DateOf returns it) begins.
func SwedishMidnight(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Stockholm)
}

// Easter returns Easter Sunday of the given year (Gregorian calendar),
// by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm.
func Easter(year int) time.Time {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// holidayNames returns the Swedish names of the holidays and de facto days
// off (SPEC §5: SFS 1989:253 plus Midsummer Eve, Christmas Eve and New Year's
// Eve) that fall on the civil date d. Usually none or one; Ascension Day can
// fall on 1 May (as in 2008).
func holidayNames(d time.Time) []string {
	d = DateOf(d)
	year, month, day := d.Date()
	var names []string
	add := func(name string) { names = append(names, name) }

	switch {
	case month == time.January && day == 1:
		add("Nyårsdagen")
	case month == time.January && day == 6:
		add("Trettondedag jul")
	case month == time.May && day == 1:
		add("Första maj")
	case month == time.June && day == 6:
		add("Sveriges nationaldag")
	case month == time.December && day == 24:
		add("Julafton")
	case month == time.December && day == 25:
		add("Juldagen")
	case month == time.December && day == 26:
		add("Annandag jul")
	case month == time.December && day == 31:
		add("Nyårsafton")
	}

	// Midsummer and All Saints' are fixed to a weekday within a span of dates.
	weekday := d.Weekday()
	if month == time.June && weekday == time.Friday && day >= 19 && day <= 25 {
		add("Midsommarafton")
	}
	if month == time.June && weekday == time.Saturday && day >= 20 && day <= 26 {
		add("Midsommardagen")
	}
	if weekday == time.Saturday &&
		((month == time.October && day == 31) || (month == time.November && day <= 6)) {
		add("Alla helgons dag")
	}

	easter := Easter(year)
	switch int(d.Sub(easter).Hours() / 24) {
	case -2:
		add("Långfredagen")
	case 0:
		add("Påskdagen")
	case 1:
		add("Annandag påsk")
	case 39:
		add("Kristi himmelsfärdsdag")
	case 49:
		add("Pingstdagen")
	}
	return names
}

// IsPublicHoliday reports whether d's civil date is a Swedish public holiday
// or one of the de facto days off (Midsummer Eve, Christmas Eve, New Year's
// Eve). Holidays that always fall on a weekend are included too, so the
// calendar can name them; ordinary Sundays are not.
func IsPublicHoliday(d time.Time) bool {
	return len(holidayNames(d)) > 0
}

// HolidayName returns the Swedish name of the holiday on d's civil date, or
// "" for an ordinary day. Two holidays on one day are joined with " och ".
func HolidayName(d time.Time) string {
	return strings.Join(holidayNames(d), " och ")
}

// IsWorkingDay reports whether d's civil date is a working day at the HMC:
// Monday to Friday and not a holiday or de facto day off.
func IsWorkingDay(d time.Time) bool {
	d = DateOf(d)
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	return !IsPublicHoliday(d)
}

// NextWorkingDay returns the first working day strictly after d's civil date.
func NextWorkingDay(d time.Time) time.Time {
	return AddWorkingDays(d, 1)
}

// AddWorkingDays returns the civil date n working days after d's civil date
// (before it, for negative n). n = 0 returns d's civil date unchanged, even if
// that is not a working day: "today + lead time 0" is today.
func AddWorkingDays(d time.Time, n int) time.Time {
	d = DateOf(d)
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after a's civil date up to and
// including b's: from a Monday to the Wednesday of the same week is 2. When
// b is after a and the count is positive, AddWorkingDays(a, count) is the last
// working day on or before b. When b is before a the result is
// -WorkingDaysBetween(b, a); the same date gives 0.
func WorkingDaysBetween(a, b time.Time) int {
	a, b = DateOf(a), DateOf(b)
	sign := 1
	if b.Before(a) {
		// Count the working days in (b, a], mirrored.
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}
