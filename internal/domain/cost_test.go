package domain

import (
	"testing"
	"time"
)

// Today is 2026-12-04 in every case: November 2026 is the latest ended month.
func TestCostOf(t *testing.T) {
	today := bday("2026-12-04")
	cases := []struct {
		name string
		h    BillingHolding
		want HoldingCost
	}{
		{
			// The demo's cushion 170098: 32,15 kr a month from 2026-03-02, the unit
			// bought 2026-02-02 and depreciated 60 months later (2031-02-02).
			// Billed: March 32,15 × 30 ÷ 31 = 31,11, April–November 8 × 32,15 = 257,20.
			// Remaining: December 2026–January 2031 = 50 × 32,15 = 1 607,50 and
			// 2031-02-01, 32,15 × 1 ÷ 28 = 1,15. Buying: 6 150,00.
			name: "rented unit until depreciation",
			h: BillingHolding{ID: 1, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-03-02"), DeliveryDate: bday("2026-03-02"),
				UnitDepreciated: DepreciationDate(bday("2026-02-02"), 60), RentPrices: billPrice(3215, "2020-01-01"), SalePrices: billPrice(615000, "2020-01-01")},
			want: HoldingCost{Billed: 28831, BilledThrough: bday("2026-11-01"), Remaining: 160865, FreeFrom: bday("2031-02-02"),
				MonthlyRent: 3215, BuyPrice: 615000, HasBuyPrice: true},
		},
		{
			// No unit, never depreciated: 100,00 kr a month from 2026-01-01, so far
			// 11 × 100,00; buying at 500,00 would already have been cheaper.
			name: "open-ended rent",
			h: BillingHolding{ID: 2, Payer: "2990", Purpose: "rent", Quantity: 2, RentStart: bday("2026-01-01"), DeliveryDate: bday("2026-01-01"),
				RentPrices: billPrice(5000, "2020-01-01"), SalePrices: billPrice(25000, "2020-01-01")},
			want: HoldingCost{Billed: 110000, BilledThrough: bday("2026-11-01"), Open: true, MonthlyRent: 10000, BuyPrice: 50000, HasBuyPrice: true},
		},
		{
			// Returned 2026-03-01: January 17 ÷ 31 × 100,00 = 54,84 and February 100,00;
			// a price change on 2026-02-15 to 200,00 splits February:
			// 14 ÷ 28 × 100,00 = 50,00 and 14 ÷ 28 × 200,00 = 100,00.
			name: "returned, with a price change",
			h: BillingHolding{ID: 3, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-01-15"), DeliveryDate: bday("2026-01-15"),
				EndDate: bday("2026-03-01"), RentPrices: []PricePoint{{bday("2020-01-01"), 10000}, {bday("2026-02-15"), 20000}}},
			want: HoldingCost{Billed: 5484 + 5000 + 10000, BilledThrough: bday("2026-11-01")},
		},
		{
			name: "purchase",
			h: BillingHolding{ID: 4, Payer: "2990", Purpose: "buy", Quantity: 1, RentStart: bday("2026-05-10"), DeliveryDate: bday("2026-05-10"),
				SalePrices: billPrice(80000, "2020-01-01")},
			want: HoldingCost{Billed: 80000, BilledThrough: bday("2026-11-01"), BuyPrice: 80000, HasBuyPrice: true},
		},
		{
			// Delivered this month: billed by the December run, not yet.
			name: "purchase this month",
			h: BillingHolding{ID: 5, Payer: "2990", Purpose: "buy", Quantity: 1, RentStart: bday("2026-12-01"), DeliveryDate: bday("2026-12-01"),
				SalePrices: billPrice(80000, "2020-01-01")},
			want: HoldingCost{Remaining: 80000, BilledThrough: bday("2026-11-01"), BuyPrice: 80000, HasBuyPrice: true},
		},
		{
			// Bought 2026-11-20, taken back 2026-11-25: charged and credited in November.
			name: "bought back",
			h: BillingHolding{ID: 6, Payer: "2990", Purpose: "buy", Quantity: 1, RentStart: bday("2026-11-20"), DeliveryDate: bday("2026-11-20"),
				EndDate: bday("2026-11-25"), BoughtBack: true, SalePrices: billPrice(80000, "2020-01-01")},
			want: HoldingCost{BilledThrough: bday("2026-11-01"), BuyPrice: 80000, HasBuyPrice: true},
		},
		{
			// A component on a unit depreciated 2026-06-10: May 31 days and 9 June days of 30.
			name: "component of a unit depreciated this year",
			h: BillingHolding{ID: 7, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-05-01"), DeliveryDate: bday("2026-05-01"),
				Component: true, AttachedDepreciated: bday("2026-06-10"), RentPrices: billPrice(3000, "2020-01-01")},
			want: HoldingCost{Billed: 3000 + 900, BilledThrough: bday("2026-11-01"), FreeFrom: bday("2026-06-10")},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CostOf(c.h, today)
			if got != c.want {
				t.Errorf("CostOf\n got %+v\nwant %+v", got, c.want)
			}
			// The billed months are exactly what the month's runs bill.
			var runs Ore
			for m := bday("2000-01-01"); m.Before(bday("2026-12-01")); m = m.AddDate(0, 1, 0) {
				for _, l := range BillMonth(m, []BillingHolding{c.h}) {
					runs += l.Amount
				}
			}
			if got.Billed != runs {
				t.Errorf("billed %d, the runs of the ended months bill %d", got.Billed, runs)
			}
		})
	}
}

func TestBuyingCheaper(t *testing.T) {
	for _, c := range []struct {
		purpose string
		c       HoldingCost
		want    bool
	}{
		{"rent", HoldingCost{Billed: 600, Remaining: 100, BuyPrice: 500, HasBuyPrice: true}, true},
		{"rent", HoldingCost{Billed: 200, Remaining: 200, BuyPrice: 500, HasBuyPrice: true}, false},
		{"rent", HoldingCost{Billed: 600}, false}, // no sales price: nothing to compare
		{"buy", HoldingCost{Billed: 600, BuyPrice: 500, HasBuyPrice: true}, false},
	} {
		if got := c.c.BuyingCheaper(c.purpose); got != c.want {
			t.Errorf("%s %+v: %v, want %v", c.purpose, c.c, got, c.want)
		}
	}
}

func TestBillMonthsSpansMonths(t *testing.T) {
	h := []BillingHolding{{ID: 1, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-01-01"), RentPrices: billPrice(3100, "2020-01-01")}}
	lines := BillMonths(bday("2026-01-20"), time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), h)
	if len(lines) != 3 || lines[0].From != bday("2026-01-01") || lines[2].To != bday("2026-03-31") {
		t.Errorf("BillMonths January–March: %+v", compact(lines))
	}
}
