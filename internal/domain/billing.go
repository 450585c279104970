package domain

import (
	"regexp"
	"sort"
	"time"
)

// Billing (SPEC §7): the monthly invoice basis per payer. The rule is pure: the
// service loads the month's holdings with their prices and units, BillMonth
// turns them into lines, and the service stores the lines.

// PricePoint is a price valid from a date (article_prices). A future price takes
// effect on its date; the history is kept, so a past month is billed at the
// prices that were valid then.
type PricePoint struct {
	ValidFrom time.Time
	Amount    Ore
}

// PriceAt returns the price valid on day d: the one with the latest ValidFrom on
// or before d, with that date (a billing line shows it). ok is false when no
// price was valid yet.
func PriceAt(prices []PricePoint, d time.Time) (PricePoint, bool) {
	var best *PricePoint
	for i := range prices {
		p := &prices[i]
		if p.ValidFrom.After(d) {
			continue
		}
		if best == nil || p.ValidFrom.After(best.ValidFrom) {
			best = p
		}
	}
	if best == nil {
		return PricePoint{}, false
	}
	return *best, true
}

// DepreciationDate is the first day on which a unit bought on purchase costs
// nothing: the purchase date plus the article's depreciation period, the day
// clamped to the last day of a shorter month (SPEC §7: 2022-01-31 + 61 months
// = 2027-02-28). A zero purchase date (unknown) gives the zero time: never
// depreciated.
func DepreciationDate(purchase time.Time, months int) time.Time {
	if purchase.IsZero() {
		return time.Time{}
	}
	return AddMonthsClamped(purchase, months)
}

// AddMonthsClamped adds months to the civil date d, keeping its day unless the
// target month is shorter, then its last day. time.AddDate would normalise
// 2027-02-31 to 2027-03-03.
func AddMonthsClamped(d time.Time, months int) time.Time {
	first := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	day := min(d.Day(), DaysInMonth(first))
	return first.AddDate(0, 0, day-1)
}

// swedishMonths are the month names a closed-month message uses ("Februari
// 2026 är stängd för fakturering").
var swedishMonths = [12]Term{Term("Januari"), Term("Februari"), Term("Mars"), Term("April"), Term("Maj"), Term("Juni"),
	Term("Juli"), Term("Augusti"), Term("September"), Term("Oktober"), Term("November"), Term("December")}

// MonthName is the Swedish name of d's month, capitalised.
func MonthName(d time.Time) Term { return swedishMonths[d.Month()-1] }

// CheckMonthEnded refuses a billing run for the month starting at first before
// that month has ended: a run is possible from the first day of the next month
// (SPEC §7 "Only ended months"), today being the civil date in Sweden.
func CheckMonthEnded(first, today time.Time) error {
	first = MonthOf(first)
	next := first.AddDate(0, 1, 0)
	if today.Before(next) {
		return Invalidf("month", "%s %d har inte tagit slut: faktureringen för den kan köras från %s.",
			MonthName(first), first.Year(), next.Format(time.DateOnly))
	}
	return nil
}

// CheckOpen refuses a change dated d when d is on or before the last day of
// the latest closed billing month (latestClosed: that month's first day; zero:
// none closed). Closing a month freezes it and every earlier month (SPEC §7),
// so any dated billing input (BMB-datum, price valid-from, rent start, return
// date, purchase date, depreciation) must fall after it. what names the date.
func CheckOpen(latestClosed, d time.Time, what Term) error {
	if latestClosed.IsZero() {
		return nil
	}
	last := latestClosed.AddDate(0, 1, -1)
	if d.After(last) {
		return nil
	}
	return Errorf(EConflict, "%s %d är stängd för fakturering: %s %s ligger på eller före %s. Den månaden och alla tidigare kan inte ändras.",
		MonthName(latestClosed), latestClosed.Year(), what, d.Format(time.DateOnly), last.Format(time.DateOnly))
}

// BillingHolding is one holding as billing sees it. Dates are civil dates
// (midnight UTC, as store.ParseDate gives them).
type BillingHolding struct {
	ID       int64
	Payer    string
	Purpose  string // "rent" or "buy"
	Quantity int
	// RentStart is the first day billed (delivery date, or BMB-datum for a holding
	// created by a transfer); EndDate the day it was returned or transferred, which
	// is not billed. Zero EndDate: still held.
	RentStart, EndDate time.Time
	// DeliveryDate is when a purchase is charged; Transferred marks a holding
	// created by a transfer (previous_holding_id set): its purchase was already
	// charged to the first holder.
	DeliveryDate time.Time
	Transferred  bool
	// Component marks a holding attached to a unit (its lines say "component").
	Component bool
	// BoughtBack marks a purchase taken back (återköp) on EndDate: credited that
	// month at the price billed.
	BoughtBack bool
	// UnitDepreciated is the depreciation date of the holding's own unit;
	// AttachedDepreciated that of the unit a component is attached to. From the
	// earlier of the two (zero: none) the holding costs nothing.
	UnitDepreciated     time.Time
	AttachedDepreciated time.Time
	RentPrices          []PricePoint
	SalePrices          []PricePoint
}

// FreeFrom is the first day on which the holding costs nothing any more because
// its unit, or the unit it is attached to, is depreciated; zero: never.
func (h BillingHolding) FreeFrom() time.Time {
	a, b := h.UnitDepreciated, h.AttachedDepreciated
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	case b.Before(a):
		return b
	}
	return a
}

// The kinds of billing line (SPEC §7: every line says what it is).
const (
	LineRent       = "rent"       // a rented holding's days
	LineComponent  = "component"  // a component attached to a unit, its days
	LinePurchase   = "purchase"   // a purchase, once at delivery
	LineCredit     = "credit"     // återköp: the purchase credited
	LineCorrection = "correction" // rättelse of a closed month's line
	LineSparePart  = "spare_part" // a spare part of a chargeable work order
)

// LineKindText is the Swedish name of a line kind.
func LineKindText(kind string) string {
	switch kind {
	case LineRent:
		return "Hyra"
	case LineComponent:
		return "Komponent"
	case LinePurchase:
		return "Köp"
	case LineCredit:
		return "Kreditering (återköp)"
	case LineCorrection:
		return "Rättelse"
	case LineSparePart:
		return "Reservdel"
	}
	return kind
}

// BillingLine is one line of the invoice basis: a rent period (From … To, both
// billed days), a purchase, a credit or a spare part (From = To = the day, Days 0).
type BillingLine struct {
	HoldingID   int64
	WorkOrder   string // the work order of a spare part
	Payer       string
	Kind        string
	From, To    time.Time
	Days        int
	DaysInMonth int
	Price       Ore       // monthly rent or sales price per piece
	ValidFrom   time.Time // the day Price is valid from
	Quantity    int
	Amount      Ore
}

var monthPattern = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)

// ParseMonth reads "2026-10" and returns the month's first day.
func ParseMonth(s string) (time.Time, error) {
	if !monthPattern.MatchString(s) {
		return time.Time{}, Invalid("month", "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-10.")
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return time.Time{}, Invalid("month", "Ange månaden som ÅÅÅÅ-MM, till exempel 2026-10.")
	}
	return t, nil
}

// MonthOf returns the first day of d's month.
func MonthOf(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// DaysInMonth is the number of days of the month starting at first.
func DaysInMonth(first time.Time) int {
	return int(first.AddDate(0, 1, 0).Sub(first).Hours() / 24)
}

func daysBetween(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// BillMonth computes the invoice lines of the month that starts on first:
//   - rent: monthly rent × quantity × days held ÷ days in the month, the start
//     day counted and the end (return or transfer) day not, rounded half-up to
//     whole öre per line; a price change inside the month splits the period at
//     the change, one line per price;
//   - nothing from the day the unit, or the unit a component is attached to, is
//     depreciated;
//   - purchases once, at the delivery date, at the sales price valid that day,
//     and never for a holding created by a transfer.
//
// Lines of zero amount are left out. The result is ordered by payer, holding
// and date, so the same input always gives the same lines.
func BillMonth(first time.Time, holdings []BillingHolding) []BillingLine {
	first = MonthOf(first)
	next := first.AddDate(0, 1, 0)
	dim := DaysInMonth(first)
	var lines []BillingLine
	for _, h := range holdings {
		qty := h.Quantity
		if qty <= 0 {
			qty = 1
		}
		inMonth := func(d time.Time) bool { return !d.IsZero() && !d.Before(first) && d.Before(next) }
		switch h.Purpose {
		case "buy":
			if h.Transferred {
				continue
			}
			price, ok := PriceAt(h.SalePrices, h.DeliveryDate)
			if !ok || price.Amount == 0 {
				continue
			}
			if d := h.DeliveryDate; inMonth(d) {
				lines = append(lines, BillingLine{HoldingID: h.ID, Payer: h.Payer, Kind: LinePurchase, From: d, To: d,
					DaysInMonth: dim, Price: price.Amount, ValidFrom: price.ValidFrom, Quantity: qty, Amount: price.Amount * Ore(qty)})
			}
			// Återköp: credited at the price billed (the one valid on the delivery
			// date), in the month of the return.
			if d := h.EndDate; h.BoughtBack && inMonth(d) {
				lines = append(lines, BillingLine{HoldingID: h.ID, Payer: h.Payer, Kind: LineCredit, From: d, To: d,
					DaysInMonth: dim, Price: price.Amount, ValidFrom: price.ValidFrom, Quantity: qty, Amount: -price.Amount * Ore(qty)})
			}
		case "rent":
			kind := LineRent
			if h.Component {
				kind = LineComponent
			}
			start := laterOf(h.RentStart, first)
			end := next
			if !h.EndDate.IsZero() && h.EndDate.Before(end) {
				end = h.EndDate
			}
			if free := h.FreeFrom(); !free.IsZero() && free.Before(end) {
				end = free
			}
			if !start.Before(end) {
				continue
			}
			// Split at every price change inside [start, end).
			cuts := []time.Time{start}
			for _, p := range h.RentPrices {
				if p.ValidFrom.After(start) && p.ValidFrom.Before(end) {
					cuts = append(cuts, p.ValidFrom)
				}
			}
			sort.Slice(cuts, func(i, j int) bool { return cuts[i].Before(cuts[j]) })
			cuts = append(cuts, end)
			for i := 0; i+1 < len(cuts); i++ {
				from, to := cuts[i], cuts[i+1]
				if !from.Before(to) {
					continue
				}
				price, ok := PriceAt(h.RentPrices, from)
				if !ok || price.Amount == 0 {
					continue
				}
				days := daysBetween(from, to)
				amount := MulDivRoundHalfUp(price.Amount*Ore(qty), int64(days), int64(dim))
				if amount == 0 {
					continue
				}
				lines = append(lines, BillingLine{HoldingID: h.ID, Payer: h.Payer, Kind: kind, From: from, To: to.AddDate(0, 0, -1),
					Days: days, DaysInMonth: dim, Price: price.Amount, ValidFrom: price.ValidFrom, Quantity: qty, Amount: amount})
			}
		}
	}
	SortLines(lines)
	return lines
}

// SortLines orders lines by payer, holding (spare parts by work order), date and
// kind, so the same input always gives the same lines.
func SortLines(lines []BillingLine) {
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.Payer != b.Payer {
			return a.Payer < b.Payer
		}
		if a.HoldingID != b.HoldingID {
			return a.HoldingID < b.HoldingID
		}
		if a.WorkOrder != b.WorkOrder {
			return a.WorkOrder < b.WorkOrder
		}
		if !a.From.Equal(b.From) {
			return a.From.Before(b.From)
		}
		return a.Kind > b.Kind // purchase before credit on the same day
	})
}

// SparePart is a spare part used on a work order closed on ClosedOn, as billing
// sees it: Payer is the payer of the work order's unit on that day.
type SparePart struct {
	WorkOrder  string
	Payer      string
	Chargeable bool // the work order's action type is chargeable (skada/felanvändning)
	ClosedOn   time.Time
	Quantity   int
	SalePrices []PricePoint
}

// BillSpareParts returns the lines of the spare parts of work orders closed in the
// month starting at first (SPEC §7): only a chargeable action type is billed, at
// the sales price valid on the closing date, to the unit's payer; any other part
// is on the HMC and gives no line.
func BillSpareParts(first time.Time, parts []SparePart) []BillingLine {
	first = MonthOf(first)
	next := first.AddDate(0, 1, 0)
	var lines []BillingLine
	for _, p := range parts {
		d := p.ClosedOn
		if !p.Chargeable || p.Payer == "" || d.Before(first) || !d.Before(next) || p.Quantity <= 0 {
			continue
		}
		price, ok := PriceAt(p.SalePrices, d)
		if !ok || price.Amount == 0 {
			continue
		}
		lines = append(lines, BillingLine{WorkOrder: p.WorkOrder, Payer: p.Payer, Kind: LineSparePart, From: d, To: d,
			DaysInMonth: DaysInMonth(first), Price: price.Amount, ValidFrom: price.ValidFrom, Quantity: p.Quantity,
			Amount: price.Amount * Ore(p.Quantity)})
	}
	SortLines(lines)
	return lines
}

// SumLines totals lines per payer.
func SumLines(lines []BillingLine) map[string]Ore {
	out := map[string]Ore{}
	for _, l := range lines {
		out[l.Payer] += l.Amount
	}
	return out
}

// BuybackDays is how long after delivery a purchased stocked article is taken
// back (återköp, SPEC §7).
const BuybackDays = 14

// BuybackRefusal says why a purchased holding cannot be picked up: a beställningsvara
// is never taken back, a lagervara only within BuybackDays of its delivery (the day
// the pickup is registered counts). A rented holding (purpose "rent") is never
// refused here.
func BuybackRefusal(purpose, articleStatus string, delivery, today time.Time) (Formatted, bool) {
	if purpose != "buy" {
		return Formatted{}, false
	}
	if articleStatus != "stocked" {
		return Msgf("Köpt beställningsvara tas inte tillbaka (återköp gäller bara lagervaror)."), true
	}
	if last := delivery.AddDate(0, 0, BuybackDays); today.After(last) {
		return Msgf("Köpt %s och tas inte tillbaka: återköp gäller %d dagar efter leverans, till och med %s.",
			delivery.Format(time.DateOnly), BuybackDays, last.Format(time.DateOnly)), true
	}
	return Formatted{}, false
}
