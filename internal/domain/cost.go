package domain

import "time"

// The cost view (SPEC §10.11): what a holding has cost and will cost, read from
// the billing rules themselves. Every figure is a sum of BillMonth's lines, so
// the view cannot drift from what the monthly runs bill.

// BillMonths is the lines BillMonth gives the holdings for every month from
// the month of from through the month of through.
func BillMonths(from, through time.Time, holdings []BillingHolding) []BillingLine {
	var lines []BillingLine
	for m, last := MonthOf(from), MonthOf(through); !m.After(last); m = m.AddDate(0, 1, 0) {
		lines = append(lines, BillMonth(m, holdings)...)
	}
	return lines
}

// HoldingCost is one holding's cost by the billing rules.
type HoldingCost struct {
	// Billed is the sum of the ended months' lines (through BilledThrough, the
	// first day of the latest ended month): what the billing runs bill.
	Billed        Ore
	BilledThrough time.Time
	// Remaining is what the months from the current one will bill if the
	// holding is kept until it costs nothing (FreeFrom), at the prices known
	// today; zero for a holding returned or free already.
	Remaining Ore
	// FreeFrom is the day from which the holding costs nothing: its unit, or
	// the unit it is attached to, is depreciated. Zero: never.
	FreeFrom time.Time
	// Open marks a rented holding still held that never stops costing (no
	// depreciation date): Remaining is then not known, and MonthlyRent is what
	// it goes on costing.
	Open bool
	// MonthlyRent is the rent of a whole month today (× quantity); zero for a
	// purchase or a holding that costs nothing any more.
	MonthlyRent Ore
	// BuyPrice is what buying would have cost: the sales price valid on the
	// delivery date × quantity (HasBuyPrice false when the article has none).
	BuyPrice    Ore
	HasBuyPrice bool
}

// Total is what the holding costs from its start until it costs nothing: the
// billed months and the remaining ones (for an Open holding, so far).
func (c HoldingCost) Total() Ore { return c.Billed + c.Remaining }

// BuyingCheaper reports whether buying the aid at delivery would have cost
// less than renting it does over its whole time (for an Open holding: already
// so far). A purchase is never compared with itself.
func (c HoldingCost) BuyingCheaper(purpose string) bool {
	return purpose == "rent" && c.HasBuyPrice && c.BuyPrice < c.Total()
}

// CostOf computes a holding's cost on the day today from BillMonth, month by
// month: the months before today's month as billed (the runs can bill only
// ended months), and the months from today's on as they will be billed if the
// holding is kept, until it is returned or costs nothing.
func CostOf(h BillingHolding, today time.Time) HoldingCost {
	qty := Ore(max(h.Quantity, 1))
	current := MonthOf(today)
	c := HoldingCost{BilledThrough: current.AddDate(0, -1, 0), FreeFrom: h.FreeFrom()}
	if p, ok := PriceAt(h.SalePrices, h.DeliveryDate); ok && p.Amount > 0 && !h.Transferred {
		c.BuyPrice, c.HasBuyPrice = p.Amount*qty, true
	}
	start := h.RentStart
	if h.Purpose == "buy" || start.IsZero() {
		start = h.DeliveryDate
	}
	// The last month with a line: the return (or the credit of a buy-back), else
	// the day it costs nothing, else the delivery of a purchase; a rented
	// holding without an end costs on.
	var end time.Time
	switch {
	case !h.EndDate.IsZero():
		end = h.EndDate
	case h.Purpose == "buy":
		end = h.DeliveryDate
	case !c.FreeFrom.IsZero():
		end = c.FreeFrom
	default:
		c.Open = true
		end = c.BilledThrough
	}
	billedEnd := end
	if billedEnd.After(c.BilledThrough) {
		billedEnd = c.BilledThrough
	}
	for _, l := range BillMonths(start, billedEnd, []BillingHolding{h}) {
		c.Billed += l.Amount
	}
	if !MonthOf(end).Before(current) {
		for _, l := range BillMonths(current, end, []BillingHolding{h}) {
			c.Remaining += l.Amount
		}
	}
	if h.Purpose == "rent" && (h.EndDate.IsZero() || h.EndDate.After(today)) && (c.FreeFrom.IsZero() || c.FreeFrom.After(today)) {
		if p, ok := PriceAt(h.RentPrices, today); ok {
			c.MonthlyRent = p.Amount * qty
		}
	}
	return c
}
