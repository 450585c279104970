package domain

import (
	"strconv"
	"strings"
	"time"
)

// Leverans (manual, "Leverans"): the dispatch date (leveransdatum) is the earliest
// day a device can leave the HMC; when it reaches the customer depends on the
// customer's route (turbil) or on daily delivery.

// DispatchInput is what the dispatch date of an order line depends on.
type DispatchInput struct {
	Stocked      bool // lagervara (article status 'stocked')
	Available    bool // the quantity was reserved from available stock
	LeadTimeDays int  // the supplier's lead time in working days
	// Incoming is the day open purchase orders bring the quantity (IncomingDate);
	// zero when they do not.
	Incoming time.Time
}

// DispatchDate returns the dispatch date (SPEC §5): a stocked article that is
// available leaves the next working day; anything else leaves after the supplier's
// lead time, counted in working days from today (a lead time of 0 still means the
// next working day: nothing leaves the day it is ordered). Stock that open
// purchase orders bring leaves the working day after it is expected (after
// today when it is late), when that is sooner than the lead time.
func DispatchDate(in DispatchInput, now time.Time) time.Time {
	today := DateOf(now)
	if in.Stocked && in.Available {
		return NextWorkingDay(today)
	}
	lead := AddWorkingDays(today, max(in.LeadTimeDays, 1))
	if !in.Incoming.IsZero() {
		arrives := DateOf(in.Incoming)
		if arrives.Before(today) {
			arrives = today
		}
		if d := NextWorkingDay(arrives); d.Before(lead) {
			return d
		}
	}
	return lead
}

// Route is a customer's delivery: the weekdays of its route (turbil), or daily delivery.
type Route struct {
	Weekdays []time.Weekday
	Daily    bool
}

// ParseWeekdays reads a route's weekdays as stored ("2,4": ISO numbers, 1 = Monday).
func ParseWeekdays(s string) []time.Weekday {
	var out []time.Weekday
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 7 {
			continue
		}
		out = append(out, time.Weekday(n%7))
	}
	return out
}

// ArrivalDate returns the expected arrival at the customer for a dispatch date:
// daily delivery arrives the next working day; a route arrives on its first
// running weekday on or after dispatch that is a working day; a customer with
// neither is treated as daily delivery.
func ArrivalDate(dispatch time.Time, r Route) time.Time {
	d := DateOf(dispatch)
	if r.Daily || len(r.Weekdays) == 0 {
		return NextWorkingDay(d)
	}
	for i := 0; i < 366; i++ {
		day := d.AddDate(0, 0, i)
		if IsWorkingDay(day) && hasWeekday(r.Weekdays, day.Weekday()) {
			return day
		}
	}
	return NextWorkingDay(d)
}

func hasWeekday(days []time.Weekday, w time.Weekday) bool {
	for _, d := range days {
		if d == w {
			return true
		}
	}
	return false
}

// ChainCandidate is one article of a replacement chain with its available balance
// at the order's warehouse. Candidates are in chain order: the oldest first.
type ChainCandidate struct {
	Article   string
	Available int
}

// ChooseFromChain applies the binding replacement chain (ersättningskedja): the
// oldest article of the chain with enough available stock is delivered. When
// none has stock, the ordered article is delivered after its lead time. The note
// tells the prescriber which article will be delivered and why ("" when it is
// the ordered one for no chain reason).
func ChooseFromChain(chain []ChainCandidate, ordered string, quantity int) (article, note string) {
	if len(chain) == 0 {
		return ordered, ""
	}
	for _, c := range chain {
		if c.Available >= quantity {
			if c.Article == ordered {
				return ordered, ""
			}
			return c.Article, "Ersättningskedja: artikel " + c.Article + " levereras i stället för " + ordered +
				" eftersom äldre artiklar i kedjan levereras först."
		}
	}
	return ordered, "Ersättningskedja: ingen artikel i kedjan finns i lager; " + ordered + " levereras efter leverantörens leveranstid."
}
