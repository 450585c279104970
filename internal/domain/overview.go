package domain

import (
	"fmt"
	"time"
)

// The centre's overview (SPEC §10.9): its figures per day, week, priority,
// ISO class and payer, as the store aggregates them; charts group days into
// ISO weeks.

// OverviewMaxDays is the longest period the overview shows.
const OverviewMaxDays = 366

// CheckOverviewPeriod checks a period: both dates, from not after to, at most
// a year.
func CheckOverviewPeriod(from, to time.Time) error {
	switch {
	case from.IsZero():
		return Invalid("from", "Ange datum som ÅÅÅÅ-MM-DD.")
	case to.IsZero():
		return Invalid("to", "Ange datum som ÅÅÅÅ-MM-DD.")
	case from.After(to):
		return Invalid("to", "Till och med kan inte vara före från och med.")
	case to.Sub(from) > OverviewMaxDays*24*time.Hour:
		return Invalidf("to", "Välj en period på högst %d dagar.", OverviewMaxDays)
	}
	return nil
}

// ISOWeek names a day's ISO week, "2026-V48".
func ISOWeek(day time.Time) string {
	y, w := day.ISOWeek()
	return fmt.Sprintf("%d-V%02d", y, w)
}

// DayCount is a count on a day (YYYY-MM-DD).
type DayCount struct {
	Day   string
	Count int
}

// DayDelivery is the order lines delivered on a day, on time (on or before
// their dispatch date) and late.
type DayDelivery struct {
	Day          string
	OnTime, Late int
}

// KindDayCount is a count of one kind of event on a day.
type KindDayCount struct {
	Kind, Day string
	Count     int
}

// StatusCount is the units of an article in one status.
type StatusCount struct {
	ISOClass, Status string
	Count            int
}

// PayerMonthAmount is what a payer was billed in a month.
type PayerMonthAmount struct {
	Month, Payer, PayerName string
	Amount                  Ore
}

// WeekCounts sums day counts into ISO weeks, in order, with every week of the
// period present.
func WeekCounts(from, to time.Time, days map[string][]int, width int) (weeks []string, sums map[string][]int) {
	sums = map[string][]int{}
	for d := DateOf(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		w := ISOWeek(d)
		if _, ok := sums[w]; !ok {
			weeks = append(weeks, w)
			sums[w] = make([]int, width)
		}
		for i, n := range days[FormatDate(d)] {
			sums[w][i] += n
		}
	}
	return weeks, sums
}
