package domain

import (
	"strings"
	"testing"
	"time"
)

// reasons is the Swedish text of a rule's reasons, one a line.
func reasons(d Dated) string {
	var b strings.Builder
	for _, f := range d.Because {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

// The reasons come from the lines that decide the date: each case names the
// date and every reason, in order.
func TestDispatchDateReasons(t *testing.T) {
	at := func(s string) time.Time { return day(t, s).Add(10 * time.Hour) }
	tests := []struct {
		name string
		now  string
		in   DispatchInput
		want string // the date, then the reasons
	}{
		{"in stock on a Friday", "2026-03-13", DispatchInput{Stocked: true, Available: true, Warehouse: "Länsservice Boden"},
			"2026-03-16\nLagervara som finns i lager (Länsservice Boden): leveransdatum är nästa arbetsdag, 2026-03-16.\n" +
				"Lördag och söndag räknas inte som arbetsdagar.\n"},
		{"in stock before Easter names the holidays", "2026-04-02", DispatchInput{Stocked: true, Available: true, Warehouse: "Boden"},
			"2026-04-07\nLagervara som finns i lager (Boden): leveransdatum är nästa arbetsdag, 2026-04-07.\n" +
				"2026-04-03 är Långfredagen och ingen arbetsdag.\n2026-04-05 är Påskdagen och ingen arbetsdag.\n" +
				"2026-04-06 är Annandag påsk och ingen arbetsdag.\nLördag och söndag räknas inte som arbetsdagar.\n"},
		{"too few in stock: the balance and the lead time", "2026-03-10",
			DispatchInput{Stocked: true, LeadTimeDays: 2, Warehouse: "Boden", Quantity: 2, OnHand: 3, Reserved: 2},
			"2026-03-12\nLagervara, men Boden har för få: 3 i lager, varav 2 reserverade för andra ordrar; 1 lediga, 2 behövs.\n" +
				"Leverantörens leveranstid är 2 arbetsdagar: leveransdatum 2026-03-12.\n"},
		{"none in stock", "2026-03-10", DispatchInput{Stocked: true, LeadTimeDays: 1, Warehouse: "Boden", Quantity: 1},
			"2026-03-11\nLagervara, men Boden har inget i lager av artikeln just nu.\nLeverantörens leveranstid är 1 arbetsdagar: leveransdatum 2026-03-11.\n"},
		{"order item with lead time 0", "2026-06-18", DispatchInput{LeadTimeDays: 0},
			"2026-06-22\nBeställningsvara: artikeln lagerhålls inte utan beställs från leverantören.\n" +
				"Leverantörens leveranstid är 0 dagar, men inget lämnar lagret samma dag som det beställs: leveransdatum nästa arbetsdag, 2026-06-22.\n" +
				"2026-06-19 är Midsommarafton och ingen arbetsdag.\n2026-06-20 är Midsommardagen och ingen arbetsdag.\n" +
				"Lördag och söndag räknas inte som arbetsdagar.\n"},
		{"an incoming purchase order sooner than the lead time", "2026-03-10",
			DispatchInput{Stocked: true, LeadTimeDays: 10, Incoming: day(t, "2026-03-12"), Warehouse: "Boden", Quantity: 1},
			"2026-03-13\nLagervara, men Boden har inget i lager av artikeln just nu.\n" +
				"En inköpsorder väntas in 2026-03-12 och räcker till denna order: leveransdatum arbetsdagen efter, 2026-03-13, tidigare än leverantörens leveranstid på 10 arbetsdagar.\n"},
		{"a late purchase order counts as today", "2026-03-10",
			DispatchInput{Stocked: true, LeadTimeDays: 10, Incoming: day(t, "2026-03-02"), Warehouse: "Boden", Quantity: 1},
			"2026-03-11\nLagervara, men Boden har inget i lager av artikeln just nu.\n" +
				"En inköpsorder var väntad 2026-03-02 men har inte kommit in; den räknas som väntad i dag.\n" +
				"En inköpsorder väntas in 2026-03-10 och räcker till denna order: leveransdatum arbetsdagen efter, 2026-03-11, tidigare än leverantörens leveranstid på 10 arbetsdagar.\n"},
		{"a purchase order later than the lead time", "2026-03-10",
			DispatchInput{Stocked: true, LeadTimeDays: 2, Incoming: day(t, "2026-03-20"), Warehouse: "Boden", Quantity: 1},
			"2026-03-12\nLagervara, men Boden har inget i lager av artikeln just nu.\n" +
				"En inköpsorder väntas in 2026-03-20, men leverantörens leveranstid ger ett tidigare datum.\n" +
				"Leverantörens leveranstid är 2 arbetsdagar: leveransdatum 2026-03-12.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DispatchDate(tt.in, at(tt.now))
			if got := FormatDate(d.Date) + "\n" + reasons(d); got != tt.want {
				t.Errorf("DispatchDate(%+v, %s):\n%s\nwant\n%s", tt.in, tt.now, got, tt.want)
			}
		})
	}
}

func TestArrivalDateReasons(t *testing.T) {
	tests := []struct {
		name     string
		dispatch string
		route    Route
		want     string
	}{
		{"route Tue/Thu from a Friday", "2026-03-13", Route{Weekdays: ParseWeekdays("2,4")},
			"2026-03-17\nTurbilen till kunden går tisdagar och torsdagar: framme första turdagen på eller efter leveransdatum, 2026-03-17.\n"},
		{"route Monday skips Easter Monday", "2026-04-03", Route{Weekdays: ParseWeekdays("1")},
			"2026-04-13\nTurbilen till kunden går måndagar: framme första turdagen på eller efter leveransdatum, 2026-04-13.\n" +
				"2026-04-06 är Annandag påsk: turbilen går inte.\n"},
		{"three route days", "2026-03-10", Route{Weekdays: ParseWeekdays("1,3,5")},
			"2026-03-11\nTurbilen till kunden går måndagar, onsdagar och fredagar: framme första turdagen på eller efter leveransdatum, 2026-03-11.\n"},
		{"daily delivery over a weekend", "2026-03-13", Route{Daily: true},
			"2026-03-16\nKunden har daglig leverans: framme arbetsdagen efter leveransdatum, 2026-03-16.\nLördag och söndag räknas inte som arbetsdagar.\n"},
		{"no route", "2026-03-10", Route{},
			"2026-03-11\nKunden har ingen turbil och får daglig leverans: framme arbetsdagen efter leveransdatum, 2026-03-11.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ArrivalDate(day(t, tt.dispatch), tt.route)
			if got := FormatDate(d.Date) + "\n" + reasons(d); got != tt.want {
				t.Errorf("ArrivalDate(%s, %+v):\n%s\nwant\n%s", tt.dispatch, tt.route, got, tt.want)
			}
		})
	}
}

func TestLeavesWithComponents(t *testing.T) {
	own := Dated{Date: day(t, "2026-03-11"), Because: []Formatted{Msgf("egen")}}
	comps := []ComponentDate{{"100", day(t, "2026-03-11")}, {"200", day(t, "2026-03-20")}, {"300", day(t, "2026-03-13")}}
	got := LeavesWithComponents(own, comps)
	want := "2026-03-20\negen\nHuvudhjälpmedlet skickas tillsammans med sina komponenter: komponent 200 har leveransdatum 2026-03-20.\n"
	if s := FormatDate(got.Date) + "\n" + reasons(got); s != want {
		t.Errorf("LeavesWithComponents:\n%s\nwant\n%s", s, want)
	}
	// Again with a later component: its reason replaces the earlier one.
	again := LeavesWithComponents(got, []ComponentDate{{"400", day(t, "2026-03-25")}})
	want = "2026-03-25\negen\nHuvudhjälpmedlet skickas tillsammans med sina komponenter: komponent 400 har leveransdatum 2026-03-25.\n"
	if s := FormatDate(again.Date) + "\n" + reasons(again); s != want {
		t.Errorf("LeavesWithComponents again:\n%s\nwant\n%s", s, want)
	}
	// No later component: the main aid's own date and reasons.
	if same := LeavesWithComponents(got, comps[:1]); !same.Date.Equal(got.Date) || reasons(same) != reasons(got) {
		t.Errorf("LeavesWithComponents without a later component = %v", same)
	}
}

func TestFasterAlternatives(t *testing.T) {
	now := day(t, "2026-03-10").Add(10 * time.Hour) // a Tuesday
	inStock := DispatchInput{Stocked: true, Available: true}
	cands := []AlternativeCandidate{
		{Kind: AltWarehouse, Article: "100", Where: "Luleå", Stock: inStock},
		{Kind: AltSameClass, Article: "101", Name: "Rollator B", Where: "Boden", Stock: inStock},
		{Kind: AltSameClass, Article: "102", Name: "Rollator C", Where: "Boden", Stock: DispatchInput{Stocked: true, LeadTimeDays: 20}},
		{Kind: AltLocalStore, Article: "100", Where: "Vårdcentralen", Customer: "5", Holding: 7},
	}
	got := FasterAlternatives(day(t, "2026-03-24"), cands, now)
	var s []string
	for _, a := range got {
		s = append(s, FormatDate(a.Dispatch)+" "+a.Why.String())
	}
	want := []string{
		"2026-03-10 Närförrådet Vårdcentralen har artikel 100: lämna ut den till patienten i dag (Lämna ut ur förrådet).",
		"2026-03-11 Artikel 101 Rollator B i samma ISO-klass finns i lager (Boden): leveransdatum 2026-03-11.",
		"2026-03-11 Artikeln finns i lager i Luleå: kundtjänst kan skicka den därifrån, leveransdatum 2026-03-11.",
	}
	if strings.Join(s, "\n") != strings.Join(want, "\n") {
		t.Errorf("FasterAlternatives:\n%s\nwant\n%s", strings.Join(s, "\n"), strings.Join(want, "\n"))
	}
	// A line that leaves the next working day has no faster warehouse alternative.
	if got := FasterAlternatives(day(t, "2026-03-11"), cands[:2], now); len(got) != 0 {
		t.Errorf("FasterAlternatives for a line leaving tomorrow = %v, want none", got)
	}
}
