package domain

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

func bday(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func billPrice(amount Ore, from string) []PricePoint {
	return []PricePoint{{ValidFrom: bday(from), Amount: amount}}
}

// line is a compact expected line: holding, payer, kind, from, to, days, price, amount.
type bline struct {
	H      int64
	Payer  string
	Kind   string
	From   string
	To     string
	Days   int
	Price  Ore
	Amount Ore
	Qty    int
}

func compact(ls []BillingLine) []bline {
	out := []bline{}
	for _, l := range ls {
		out = append(out, bline{l.HoldingID, l.Payer, l.Kind, l.From.Format(time.DateOnly), l.To.Format(time.DateOnly),
			l.Days, l.Price, l.Amount, l.Quantity})
	}
	return out
}

// October 2026 has 31 days; every rent below is "monthly rent × days ÷ 31",
// rounded half-up to whole öre per line.
func TestBillMonth(t *testing.T) {
	oct := bday("2026-10-01")
	cases := []struct {
		name     string
		month    time.Time
		holdings []BillingHolding
		want     []bline
	}{
		{
			// Delivered (rent start) 2026-10-10, still held: 10 … 31 October = 22 days.
			// 45,50 kr × 22 ÷ 31 = 4550 × 22 / 31 = 100100 / 31 = 3229,03 → 3229 öre.
			name:  "mid-month delivery",
			month: oct,
			holdings: []BillingHolding{{ID: 1, Payer: "2990", Purpose: "rent", Quantity: 1,
				RentStart: bday("2026-10-10"), DeliveryDate: bday("2026-10-10"), RentPrices: billPrice(4550, "2020-01-01")}},
			want: []bline{{1, "2990", "rent", "2026-10-10", "2026-10-31", 22, 4550, 3229, 1}},
		},
		{
			// Held since January, returned 2026-10-20 (the return day is not billed):
			// 1 … 19 October = 19 days. 4550 × 19 / 31 = 86450 / 31 = 2788,71 → 2789 öre.
			name:  "mid-month return",
			month: oct,
			holdings: []BillingHolding{{ID: 2, Payer: "2990", Purpose: "rent", Quantity: 1,
				RentStart: bday("2026-01-05"), EndDate: bday("2026-10-20"), RentPrices: billPrice(4550, "2020-01-01")}},
			want: []bline{{2, "2990", "rent", "2026-10-01", "2026-10-19", 19, 4550, 2789, 1}},
		},
		{
			// BMB-datum 2026-10-16: the old holding ends that day (not billed to 2990),
			// the new one starts that day (billed to 3110).
			// 2990: 1 … 15 October = 15 days: 4550 × 15 / 31 = 68250 / 31 = 2201,61 → 2202.
			// 3110: 16 … 31 October = 16 days: 4550 × 16 / 31 = 72800 / 31 = 2348,39 → 2348.
			// Together 4550: the whole month, split between the payers.
			name:  "transfer mid-month",
			month: oct,
			holdings: []BillingHolding{
				{ID: 3, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-05-01"), EndDate: bday("2026-10-16"),
					RentPrices: billPrice(4550, "2020-01-01")},
				{ID: 4, Payer: "3110", Purpose: "rent", Quantity: 1, RentStart: bday("2026-10-16"), Transferred: true,
					RentPrices: billPrice(4550, "2020-01-01")},
			},
			want: []bline{
				{3, "2990", "rent", "2026-10-01", "2026-10-15", 15, 4550, 2202, 1},
				{4, "3110", "rent", "2026-10-16", "2026-10-31", 16, 4550, 2348, 1},
			},
		},
		{
			// Unit bought 2021-10-12 with 60 months' depreciation: free from 2026-10-12,
			// so it and its attached components are billed 1 … 11 October = 11 days.
			// Main unit 100,00: 10000 × 11 / 31 = 110000 / 31 = 3548,39 → 3548.
			// Armrest 9,92 attached: 992 × 11 / 31 = 10912 / 31 = 352 exactly.
			// Leg rests 6,27 × 2 attached: 1254 × 11 / 31 = 13794 / 31 = 444,97 → 445.
			// Drive-wheel kit 84,98 NOT attached: charged for all 31 days = 8498.
			name:  "unit depreciated mid-month with two attached components and one unattached accessory",
			month: oct,
			holdings: []BillingHolding{
				{ID: 10, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2024-03-01"),
					UnitDepreciated: DepreciationDate(bday("2021-10-12"), 60), RentPrices: billPrice(10000, "2020-01-01")},
				{ID: 11, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2024-03-01"),
					AttachedDepreciated: DepreciationDate(bday("2021-10-12"), 60), RentPrices: billPrice(992, "2020-01-01")},
				{ID: 12, Payer: "2990", Purpose: "rent", Quantity: 2, RentStart: bday("2024-03-01"),
					AttachedDepreciated: DepreciationDate(bday("2021-10-12"), 60), RentPrices: billPrice(627, "2020-01-01")},
				{ID: 13, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2024-03-01"),
					RentPrices: billPrice(8498, "2020-01-01")},
			},
			want: []bline{
				{10, "2990", "rent", "2026-10-01", "2026-10-11", 11, 10000, 3548, 1},
				{11, "2990", "rent", "2026-10-01", "2026-10-11", 11, 992, 352, 1},
				{12, "2990", "rent", "2026-10-01", "2026-10-11", 11, 627, 445, 2},
				{13, "2990", "rent", "2026-10-01", "2026-10-31", 31, 8498, 8498, 1},
			},
		},
		{
			// Rent 45,50 until 14 October, 50,00 from the 15th: the month splits at the change.
			// 1 … 14 = 14 days: 4550 × 14 / 31 = 63700 / 31 = 2054,84 → 2055.
			// 15 … 31 = 17 days: 5000 × 17 / 31 = 85000 / 31 = 2741,94 → 2742.
			name:  "price change on the 15th",
			month: oct,
			holdings: []BillingHolding{{ID: 20, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2025-01-01"),
				RentPrices: []PricePoint{{bday("2026-10-15"), 5000}, {bday("2020-01-01"), 4550}}}},
			want: []bline{
				{20, "2990", "rent", "2026-10-01", "2026-10-14", 14, 4550, 2055, 1},
				{20, "2990", "rent", "2026-10-15", "2026-10-31", 17, 5000, 2742, 1},
			},
		},
		{
			// Bought, delivered 2026-10-07: charged once at the sales price valid that day,
			// 2 471,60 (the 2 600,00 price only applies from the 8th) = 247160 öre.
			// A purchase delivered in September is not charged in October, and a purchase
			// that reached its holder by transfer is never charged again.
			name:  "purchase",
			month: oct,
			holdings: []BillingHolding{
				{ID: 30, Payer: "2990", Purpose: "buy", Quantity: 1, RentStart: bday("2026-10-07"), DeliveryDate: bday("2026-10-07"),
					SalePrices: []PricePoint{{bday("2021-12-02"), 247160}, {bday("2026-10-08"), 260000}}},
				{ID: 31, Payer: "2990", Purpose: "buy", Quantity: 1, RentStart: bday("2026-09-30"), DeliveryDate: bday("2026-09-30"),
					SalePrices: billPrice(247160, "2021-12-02")},
				{ID: 32, Payer: "3110", Purpose: "buy", Quantity: 1, RentStart: bday("2026-10-12"), DeliveryDate: bday("2026-10-12"),
					Transferred: true, SalePrices: billPrice(247160, "2021-12-02")},
			},
			want: []bline{{30, "2990", "purchase", "2026-10-07", "2026-10-07", 0, 247160, 247160, 1}},
		},
		{
			// The demo's cushions: bought 2026-02-02 (depreciated 2031-02-02), delivered
			// 2026-03-02, held all of October: the full monthly rent, 31 ÷ 31.
			name:  "held all month, not depreciated",
			month: oct,
			holdings: []BillingHolding{{ID: 40, Payer: "2990", Purpose: "rent", Quantity: 1, RentStart: bday("2026-03-02"),
				UnitDepreciated: DepreciationDate(bday("2026-02-02"), 60), RentPrices: billPrice(3120, "2020-01-01")}},
			want: []bline{{40, "2990", "rent", "2026-10-01", "2026-10-31", 31, 3120, 3120, 1}},
		},
		{
			// Nothing: returned before the month, started after it, depreciated before it,
			// a future price only, a free (0,00) main aid.
			name:  "nothing to bill",
			month: oct,
			holdings: []BillingHolding{
				{ID: 50, Payer: "2990", Purpose: "rent", RentStart: bday("2026-01-01"), EndDate: bday("2026-10-01"), RentPrices: billPrice(4550, "2020-01-01")},
				{ID: 51, Payer: "2990", Purpose: "rent", RentStart: bday("2026-11-01"), RentPrices: billPrice(4550, "2020-01-01")},
				{ID: 52, Payer: "2990", Purpose: "rent", RentStart: bday("2016-01-01"), UnitDepreciated: DepreciationDate(bday("2016-01-01"), 60), RentPrices: billPrice(4550, "2020-01-01")},
				{ID: 53, Payer: "2990", Purpose: "rent", RentStart: bday("2026-01-01"), RentPrices: billPrice(4550, "2026-11-01")},
				{ID: 54, Payer: "2990", Purpose: "rent", RentStart: bday("2026-01-01"), RentPrices: billPrice(0, "2020-01-01")},
			},
			want: []bline{},
		},
		{
			// Half-up: November has 30 days; 0,01 kr × 15 ÷ 30 = 0,5 öre → 1 öre.
			name:  "half an öre rounds up",
			month: bday("2026-11-01"),
			holdings: []BillingHolding{{ID: 60, Payer: "2990", Purpose: "rent", RentStart: bday("2026-11-16"),
				RentPrices: billPrice(1, "2020-01-01")}},
			want: []bline{{60, "2990", "rent", "2026-11-16", "2026-11-30", 15, 1, 1, 1}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := compact(BillMonth(c.month, c.holdings))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("BillMonth:\n got %+v\nwant %+v", got, c.want)
			}
			// Repeatable: the same input gives the same lines.
			if again := compact(BillMonth(c.month, c.holdings)); !reflect.DeepEqual(again, got) {
				t.Errorf("second run differs: %+v", again)
			}
		})
	}
}

func TestBillMonthTotals(t *testing.T) {
	lines := BillMonth(bday("2026-10-01"), []BillingHolding{
		{ID: 3, Payer: "2990", Purpose: "rent", RentStart: bday("2026-05-01"), EndDate: bday("2026-10-16"), RentPrices: billPrice(4550, "2020-01-01")},
		{ID: 4, Payer: "3110", Purpose: "rent", RentStart: bday("2026-10-16"), Transferred: true, RentPrices: billPrice(4550, "2020-01-01")},
	})
	got := SumLines(lines)
	if got["2990"] != 2202 || got["3110"] != 2348 {
		t.Errorf("totals %v, want 2990: 2202, 3110: 2348", got)
	}
}

func TestParseMonth(t *testing.T) {
	if m, err := ParseMonth("2026-10"); err != nil || !m.Equal(bday("2026-10-01")) {
		t.Errorf("ParseMonth(2026-10) = %v, %v", m, err)
	}
	for _, bad := range []string{"", "2026-13", "2026-1", "202610", "2026-10-01"} {
		if _, err := ParseMonth(bad); ErrorCode(err) != EInvalid {
			t.Errorf("ParseMonth(%q) error %v, want invalid", bad, err)
		}
	}
	if DaysInMonth(bday("2028-02-01")) != 29 || DaysInMonth(bday("2026-10-01")) != 31 {
		t.Error("DaysInMonth")
	}
}

// SPEC §7: the depreciation date keeps the purchase day, clamped to the last day
// of a shorter month.
func TestDepreciationDate(t *testing.T) {
	for _, c := range []struct {
		purchase string
		months   int
		want     string
	}{
		{"2022-01-31", 61, "2027-02-28"}, // the SPEC's example; AddDate gave 2027-03-03
		{"2022-01-31", 1, "2022-02-28"},
		{"2023-01-31", 13, "2024-02-29"}, // leap year
		{"2022-03-31", 1, "2022-04-30"},
		{"2022-08-31", 60, "2027-08-31"},
		{"2021-10-12", 60, "2026-10-12"},
		{"2022-12-31", 2, "2023-02-28"},
		{"2022-11-30", 3, "2023-02-28"},
		{"2022-01-15", 0, "2022-01-15"},
		{"2020-02-29", 12, "2021-02-28"},
	} {
		if got := DepreciationDate(bday(c.purchase), c.months).Format(time.DateOnly); got != c.want {
			t.Errorf("DepreciationDate(%s, %d) = %s, want %s", c.purchase, c.months, got, c.want)
		}
	}
	if !DepreciationDate(time.Time{}, 60).IsZero() {
		t.Error("unknown purchase date: want never depreciated")
	}
}

// SPEC §7: a run for month M is possible from the first day of M+1.
func TestCheckMonthEnded(t *testing.T) {
	for _, c := range []struct {
		month, today string
		ok           bool
	}{
		{"2026-02-01", "2026-03-01", true},
		{"2026-02-01", "2026-02-28", false}, // the last day: not ended yet
		{"2026-03-01", "2026-03-15", false}, // the current month
		{"2026-06-01", "2026-03-15", false}, // a future month
		{"2027-03-01", "2026-03-15", false}, // a year ahead
		{"2025-12-01", "2026-01-01", true},
		{"2025-12-01", "2025-12-31", false},
	} {
		err := CheckMonthEnded(bday(c.month), bday(c.today))
		if (err == nil) != c.ok {
			t.Errorf("CheckMonthEnded(%s, %s) = %v, want ok %v", c.month, c.today, err, c.ok)
		}
	}
	err := CheckMonthEnded(bday("2026-03-01"), bday("2026-03-15"))
	if want := "Mars 2026 har inte tagit slut: faktureringen för den kan köras från 2026-04-01."; ErrorMessage(err) != want || ErrorCode(err) != EInvalid {
		t.Errorf("message %q (%s), want %q", ErrorMessage(err), ErrorCode(err), want)
	}
}

// SPEC §7: closing month M freezes M and every earlier month.
func TestCheckOpen(t *testing.T) {
	feb := bday("2026-02-01")
	for _, c := range []struct {
		closed time.Time
		date   string
		ok     bool
	}{
		{time.Time{}, "2020-01-01", true}, // nothing closed
		{feb, "2026-03-01", true},
		{feb, "2026-02-28", false}, // the last day of the closed month
		{feb, "2026-02-01", false},
		{feb, "2026-01-15", false}, // an earlier month is frozen too
		{feb, "2026-01-31", false},
		{feb, "2019-06-30", false},
		{bday("2024-02-01"), "2024-02-29", false}, // leap February
		{bday("2024-02-01"), "2024-03-01", true},
		{bday("2025-12-01"), "2026-01-01", true},
	} {
		err := CheckOpen(c.closed, bday(c.date), "BMB-datum")
		if (err == nil) != c.ok {
			t.Errorf("CheckOpen(%v, %s) = %v, want ok %v", c.closed, c.date, err, c.ok)
		}
	}
	err := CheckOpen(feb, bday("2026-01-15"), "BMB-datum")
	if want := "Februari 2026 är stängd för fakturering: BMB-datum 2026-01-15 ligger på eller före 2026-02-28. Den månaden och alla tidigare kan inte ändras."; ErrorMessage(err) != want || ErrorCode(err) != EConflict {
		t.Errorf("message %q (%s), want %q", ErrorMessage(err), ErrorCode(err), want)
	}
}

// Every line says what it is and which price, valid from when (SPEC §7); a
// purchase taken back (återköp) is credited at the price billed in the month of
// the return.
func TestBillMonthKindsAndCredits(t *testing.T) {
	nov := bday("2026-11-01")
	sale := []PricePoint{{ValidFrom: bday("2021-12-02"), Amount: 247160}, {ValidFrom: bday("2026-11-05"), Amount: 300000}}
	cases := []struct {
		name     string
		holdings []BillingHolding
		want     []string // kind from to qty price validFrom amount
	}{
		{
			// A component attached to a unit, all November at 9,92: kind component.
			name: "component",
			holdings: []BillingHolding{{ID: 1, Payer: "2990", Purpose: "rent", Quantity: 2, Component: true,
				RentStart: bday("2026-01-01"), RentPrices: billPrice(992, "2020-01-01")}},
			want: []string{"component 2026-11-01 2026-11-30 2 992 2020-01-01 1984"},
		},
		{
			// Delivered 2026-10-28 (billed in October at 2 471,60), taken back 2026-11-03:
			// credited in November at the price billed, not at the price valid then.
			name: "återköp of an October purchase",
			holdings: []BillingHolding{{ID: 2, Payer: "2990", Purpose: "buy", Quantity: 1, DeliveryDate: bday("2026-10-28"),
				RentStart: bday("2026-10-28"), EndDate: bday("2026-11-03"), BoughtBack: true, SalePrices: sale}},
			want: []string{"credit 2026-11-03 2026-11-03 1 247160 2021-12-02 -247160"},
		},
		{
			// Delivered 2026-11-06 at the new price 3 000,00 and taken back 2026-11-10:
			// the purchase and its credit in the same month.
			name: "återköp in the month of delivery",
			holdings: []BillingHolding{{ID: 3, Payer: "2990", Purpose: "buy", Quantity: 2, DeliveryDate: bday("2026-11-06"),
				RentStart: bday("2026-11-06"), EndDate: bday("2026-11-10"), BoughtBack: true, SalePrices: sale}},
			want: []string{"purchase 2026-11-06 2026-11-06 2 300000 2026-11-05 600000",
				"credit 2026-11-10 2026-11-10 2 300000 2026-11-05 -600000"},
		},
		{
			// Returned but not bought back (a later return is refused; an ended
			// purchase that is not återköp is never credited).
			name: "returned without återköp",
			holdings: []BillingHolding{{ID: 4, Payer: "2990", Purpose: "buy", Quantity: 1, DeliveryDate: bday("2026-10-01"),
				RentStart: bday("2026-10-01"), EndDate: bday("2026-11-03"), SalePrices: sale}},
			want: []string{},
		},
	}
	for _, c := range cases {
		got := []string{}
		for _, l := range BillMonth(nov, c.holdings) {
			got = append(got, fmt.Sprintf("%s %s %s %d %d %s %d", l.Kind, l.From.Format(time.DateOnly), l.To.Format(time.DateOnly),
				l.Quantity, l.Price, l.ValidFrom.Format(time.DateOnly), l.Amount))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

// Spare parts (SPEC §7): billed only for a chargeable action type, at the sales
// price valid on the closing date, to the unit's payer, in the month of closing.
func TestBillSpareParts(t *testing.T) {
	sale := []PricePoint{{ValidFrom: bday("2020-01-01"), Amount: 15000}, {ValidFrom: bday("2026-11-15"), Amount: 17500}}
	parts := []SparePart{
		{WorkOrder: "26000002", Payer: "2990", Chargeable: true, ClosedOn: bday("2026-11-14"), Quantity: 2, SalePrices: sale},
		{WorkOrder: "26000003", Payer: "3110", Chargeable: true, ClosedOn: bday("2026-11-15"), Quantity: 1, SalePrices: sale},
		{WorkOrder: "26000004", Payer: "2990", Chargeable: false, ClosedOn: bday("2026-11-20"), Quantity: 3, SalePrices: sale}, // on the HMC
		{WorkOrder: "26000005", Payer: "2990", Chargeable: true, ClosedOn: bday("2026-12-01"), Quantity: 1, SalePrices: sale},  // December
		{WorkOrder: "26000001", Payer: "2990", Chargeable: true, ClosedOn: bday("2026-10-31"), Quantity: 1, SalePrices: sale},  // October
	}
	got := []string{}
	for _, l := range BillSpareParts(bday("2026-11-01"), parts) {
		got = append(got, fmt.Sprintf("%s %s %s %s %d×%d from %s = %d", l.Payer, l.WorkOrder, l.Kind, l.From.Format(time.DateOnly),
			l.Quantity, l.Price, l.ValidFrom.Format(time.DateOnly), l.Amount))
	}
	want := []string{
		"2990 26000002 spare_part 2026-11-14 2×15000 from 2020-01-01 = 30000",
		"3110 26000003 spare_part 2026-11-15 1×17500 from 2026-11-15 = 17500",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// Återköp (SPEC §7): a purchased lagervara within 14 days of delivery; never a
// beställningsvara; a rented holding is not concerned.
func TestBuybackRefusal(t *testing.T) {
	for _, c := range []struct {
		purpose, status, delivery, today string
		refused                          bool
	}{
		{"buy", "stocked", "2026-11-02", "2026-11-02", false},
		{"buy", "stocked", "2026-11-02", "2026-11-16", false}, // the 14th day
		{"buy", "stocked", "2026-11-02", "2026-11-17", true},
		{"buy", "order_item", "2026-11-02", "2026-11-03", true},
		{"buy", "discontinued", "2026-11-02", "2026-11-03", true},
		{"rent", "order_item", "2020-01-01", "2026-11-17", false},
	} {
		msg, refused := BuybackRefusal(c.purpose, c.status, bday(c.delivery), bday(c.today))
		if refused != c.refused {
			t.Errorf("%+v: refused %v (%s)", c, refused, msg)
		}
	}
	msg, _ := BuybackRefusal("buy", "stocked", bday("2026-11-02"), bday("2026-11-17"))
	if want := "Köpt 2026-11-02 och tas inte tillbaka: återköp gäller 14 dagar efter leverans, till och med 2026-11-16."; msg.String() != want {
		t.Errorf("message %q, want %q", msg, want)
	}
}
