package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Leverans (manual, "Leverans"): the dispatch date (leveransdatum) is the earliest
// day a device can leave the HMC; when it reaches the customer depends on the
// customer's route (turbil) or on daily delivery.
//
// Why this date (SPEC §10.11): each rule returns its date with the reasons for
// it, made by the same lines of code that decide the date, so the explanation
// a prescriber reads can never disagree with the date.

// Dated is a date with the reasons for it, in the order the rule applied them:
// Swedish formats with their arguments, shown in the reader's language.
type Dated struct {
	Date    time.Time
	Because []Formatted
}

// DispatchInput is what the dispatch date of an order line depends on.
type DispatchInput struct {
	Stocked      bool // lagervara (article status 'stocked')
	Available    bool // the quantity was reserved from available stock
	LeadTimeDays int  // the supplier's lead time in working days
	// Incoming is the day open purchase orders bring the quantity (IncomingDate);
	// zero when they do not.
	Incoming time.Time
	// For the reasons only, never for the date: the warehouse, the quantity
	// needed there and, when it was not enough, its balance (on hand and
	// reserved for other orders).
	Warehouse        string
	Quantity         int
	OnHand, Reserved int
}

// DispatchDate returns the dispatch date (SPEC §5): a stocked article that is
// available leaves the next working day; anything else leaves after the supplier's
// lead time, counted in working days from today (a lead time of 0 still means the
// next working day: nothing leaves the day it is ordered). Stock that open
// purchase orders bring leaves the working day after it is expected (after
// today when it is late), when that is sooner than the lead time.
func DispatchDate(in DispatchInput, now time.Time) Dated {
	today := DateOf(now)
	if in.Stocked && in.Available {
		d := NextWorkingDay(today)
		return Dated{d, append([]Formatted{Msgf("Lagervara som finns i lager (%s): leveransdatum är nästa arbetsdag, %s.",
			in.Warehouse, FormatDate(d))}, daysOff(today, d)...)}
	}
	var why []Formatted
	switch {
	case !in.Stocked:
		why = append(why, Msgf("Beställningsvara: artikeln lagerhålls inte utan beställs från leverantören."))
	case in.OnHand == 0 && in.Reserved == 0:
		why = append(why, Msgf("Lagervara, men %s har inget i lager av artikeln just nu.", in.Warehouse))
	default:
		why = append(why, Msgf("Lagervara, men %s har för få: %d i lager, varav %d reserverade för andra ordrar; %d lediga, %d behövs.",
			in.Warehouse, in.OnHand, in.Reserved, max(in.OnHand-in.Reserved, 0), in.Quantity))
	}
	lead := AddWorkingDays(today, max(in.LeadTimeDays, 1))
	leadWhy := Msgf("Leverantörens leveranstid är %d arbetsdagar: leveransdatum %s.", in.LeadTimeDays, FormatDate(lead))
	if in.LeadTimeDays < 1 {
		leadWhy = Msgf("Leverantörens leveranstid är 0 dagar, men inget lämnar lagret samma dag som det beställs: leveransdatum nästa arbetsdag, %s.", FormatDate(lead))
	}
	if !in.Incoming.IsZero() {
		arrives := DateOf(in.Incoming)
		if arrives.Before(today) {
			why = append(why, Msgf("En inköpsorder var väntad %s men har inte kommit in; den räknas som väntad i dag.", FormatDate(arrives)))
			arrives = today
		}
		if d := NextWorkingDay(arrives); d.Before(lead) {
			why = append(why, Msgf("En inköpsorder väntas in %s och räcker till denna order: leveransdatum arbetsdagen efter, %s, tidigare än leverantörens leveranstid på %d arbetsdagar.",
				FormatDate(arrives), FormatDate(d), in.LeadTimeDays))
			return Dated{d, append(why, daysOff(today, d)...)}
		}
		why = append(why, Msgf("En inköpsorder väntas in %s, men leverantörens leveranstid ger ett tidigare datum.", FormatDate(arrives)))
	}
	return Dated{lead, append(append(why, leadWhy), daysOff(today, lead)...)}
}

// daysOff names the days after from and before to that were not counted as
// working days: each holiday by name, the weekends in one line.
func daysOff(from, to time.Time) []Formatted {
	var out []Formatted
	weekend := false
	for d := DateOf(from).AddDate(0, 0, 1); d.Before(DateOf(to)); d = d.AddDate(0, 0, 1) {
		if name := HolidayName(d); name != "" {
			out = append(out, Msgf("%s är %s och ingen arbetsdag.", FormatDate(d), Term(name)))
		} else if !IsWorkingDay(d) {
			weekend = true
		}
	}
	if weekend {
		out = append(out, Msgf("Lördag och söndag räknas inte som arbetsdagar."))
	}
	return out
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
func ArrivalDate(dispatch time.Time, r Route) Dated {
	d := DateOf(dispatch)
	if r.Daily || len(r.Weekdays) == 0 {
		next := NextWorkingDay(d)
		why := Msgf("Kunden har daglig leverans: framme arbetsdagen efter leveransdatum, %s.", FormatDate(next))
		if !r.Daily {
			why = Msgf("Kunden har ingen turbil och får daglig leverans: framme arbetsdagen efter leveransdatum, %s.", FormatDate(next))
		}
		return Dated{next, append([]Formatted{why}, daysOff(d, next)...)}
	}
	var skipped []Formatted
	for i := 0; i < 366; i++ {
		day := d.AddDate(0, 0, i)
		if !slices.Contains(r.Weekdays, day.Weekday()) {
			continue
		}
		if IsWorkingDay(day) {
			return Dated{day, append([]Formatted{Msgf("Turbilen till kunden går %s: framme första turdagen på eller efter leveransdatum, %s.",
				weekdayList(r.Weekdays), FormatDate(day))}, skipped...)}
		}
		skipped = append(skipped, Msgf("%s är %s: turbilen går inte.", FormatDate(day), Term(HolidayName(day))))
	}
	return ArrivalDate(dispatch, Route{Daily: true})
}

// weekdayNames are the route days as the reasons name them.
var weekdayNames = [7]string{"söndagar", "måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar"}

// weekdayList names route days: "tisdagar och torsdagar".
func weekdayList(days []time.Weekday) Formatted {
	switch len(days) {
	case 0:
		return Msgf("")
	case 1:
		return Msgf("%s", Term(weekdayNames[days[0]]))
	case 2:
		return Msgf("%s och %s", Term(weekdayNames[days[0]]), Term(weekdayNames[days[1]]))
	}
	return Msgf("%s, %s", Term(weekdayNames[days[0]]), weekdayList(days[1:]))
}

// componentReason is the reason LeavesWithComponents gives; it replaces the
// one an earlier call gave.
const componentReason = "Huvudhjälpmedlet skickas tillsammans med sina komponenter: komponent %s har leveransdatum %s."

// ComponentDate is a component's article and dispatch date.
type ComponentDate struct {
	Article  string
	Dispatch time.Time
}

// LeavesWithComponents: a main aid leaves with its components, so its dispatch
// date is the latest of its own and theirs; the reason names the component
// that decides it.
func LeavesWithComponents(main Dated, comps []ComponentDate) Dated {
	out := Dated{Date: main.Date}
	late := -1
	for i, c := range comps {
		if c.Dispatch.After(out.Date) {
			out.Date, late = c.Dispatch, i
		}
	}
	for _, f := range main.Because {
		if f.Format != componentReason || late < 0 {
			out.Because = append(out.Because, f)
		}
	}
	if late >= 0 {
		out.Because = append(out.Because, Msgf(componentReason, comps[late].Article, FormatDate(out.Date)))
	}
	return out
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
