package domain

import (
	"testing"
	"time"
)

func TestDispatchDate(t *testing.T) {
	// now is in the middle of a working day in Sweden.
	at := func(s string) time.Time { return day(t, s).Add(10 * time.Hour) }
	tests := []struct {
		name string
		now  string
		in   DispatchInput
		want string
	}{
		{"stocked and available, ordinary Tuesday", "2026-03-10", DispatchInput{Stocked: true, Available: true, LeadTimeDays: 10}, "2026-03-11"},
		{"stocked and available on a Friday goes Monday", "2026-03-13", DispatchInput{Stocked: true, Available: true}, "2026-03-16"},
		// Easter 2026: Good Friday 04-03, Easter Monday 04-06.
		{"Thursday before Easter: next working day is Tuesday after Easter", "2026-04-02", DispatchInput{Stocked: true, Available: true}, "2026-04-07"},
		{"ordered on Good Friday", "2026-04-03", DispatchInput{Stocked: true, Available: true}, "2026-04-07"},
		{"lead time 3 across Easter", "2026-04-01", DispatchInput{Stocked: true, Available: false, LeadTimeDays: 3}, "2026-04-08"},
		{"order item uses lead time even when in stock", "2026-04-01", DispatchInput{Stocked: false, Available: true, LeadTimeDays: 2}, "2026-04-07"},
		// Midsummer 2026: Midsummer Eve Friday 06-19.
		{"Thursday before Midsummer Eve: next working day is Monday", "2026-06-18", DispatchInput{Stocked: true, Available: true}, "2026-06-22"},
		{"lead time 5 across Midsummer", "2026-06-16", DispatchInput{Stocked: true, LeadTimeDays: 5}, "2026-06-24"},
		{"lead time 0 still leaves the next working day", "2026-06-18", DispatchInput{LeadTimeDays: 0}, "2026-06-22"},
		{"lead time 10 across Christmas and New Year", "2026-12-21", DispatchInput{Stocked: true, LeadTimeDays: 10}, "2027-01-11"},
		// Open purchase orders (incoming): the working day after they are expected, when sooner than the lead time.
		{"incoming Thursday leaves Friday", "2026-03-10", DispatchInput{Stocked: true, LeadTimeDays: 10, Incoming: day(t, "2026-03-12")}, "2026-03-13"},
		{"incoming on Maundy Thursday leaves after Easter", "2026-03-30", DispatchInput{Stocked: true, LeadTimeDays: 10, Incoming: day(t, "2026-04-02")}, "2026-04-07"},
		{"incoming later than the lead time: the lead time", "2026-03-10", DispatchInput{Stocked: true, LeadTimeDays: 2, Incoming: day(t, "2026-03-20")}, "2026-03-12"},
		{"late incoming leaves the next working day", "2026-03-10", DispatchInput{Stocked: true, LeadTimeDays: 10, Incoming: day(t, "2026-03-02")}, "2026-03-11"},
		{"incoming for an order item", "2026-03-10", DispatchInput{LeadTimeDays: 10, Incoming: day(t, "2026-03-11")}, "2026-03-12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DispatchDate(tt.in, at(tt.now)).Date
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("DispatchDate(%+v, %s) = %s, want %s", tt.in, tt.now, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestArrivalDate(t *testing.T) {
	tueThu := Route{Weekdays: ParseWeekdays("2,4")}
	tests := []struct {
		name     string
		dispatch string
		route    Route
		want     string
	}{
		{"route Tue/Thu, dispatch Tuesday arrives same day", "2026-03-10", tueThu, "2026-03-10"},
		{"route Tue/Thu, dispatch Wednesday arrives Thursday", "2026-03-11", tueThu, "2026-03-12"},
		{"route Tue/Thu, dispatch Friday arrives Tuesday", "2026-03-13", tueThu, "2026-03-17"},
		{"daily delivery arrives next working day", "2026-03-13", Route{Daily: true}, "2026-03-16"},
		{"no route counts as daily", "2026-03-10", Route{}, "2026-03-11"},
		// Maundy Thursday 2026-04-02 is a working day; Easter Monday 04-06 is not.
		{"route Tue/Thu over Easter", "2026-04-03", tueThu, "2026-04-07"},
		{"route Monday skips Easter Monday", "2026-04-03", Route{Weekdays: ParseWeekdays("1")}, "2026-04-13"},
		{"daily delivery over Easter", "2026-04-02", Route{Daily: true}, "2026-04-07"},
		{"route Friday skips Midsummer Eve", "2026-06-17", Route{Weekdays: ParseWeekdays("5")}, "2026-06-26"},
		{"daily delivery over Midsummer", "2026-06-18", Route{Daily: true}, "2026-06-22"},
		{"route Wednesday", "2026-06-18", Route{Weekdays: ParseWeekdays("3")}, "2026-06-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ArrivalDate(day(t, tt.dispatch), tt.route).Date
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("ArrivalDate(%s, %+v) = %s, want %s", tt.dispatch, tt.route, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestParseWeekdays(t *testing.T) {
	got := ParseWeekdays(" 2,4 ,x,7")
	want := []time.Weekday{time.Tuesday, time.Thursday, time.Sunday}
	if len(got) != len(want) {
		t.Fatalf("ParseWeekdays = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ParseWeekdays = %v, want %v", got, want)
		}
	}
}

func TestChooseFromChain(t *testing.T) {
	chain := func(avail ...int) []ChainCandidate {
		names := []string{"16952", "16953", "16954"}
		var out []ChainCandidate
		for i, a := range avail {
			out = append(out, ChainCandidate{Article: names[i], Available: a})
		}
		return out
	}
	tests := []struct {
		name     string
		chain    []ChainCandidate
		ordered  string
		qty      int
		want     string
		withNote bool
	}{
		{"no chain", nil, "11109", 1, "11109", false},
		{"newer ordered, older in stock: older delivered", chain(2, 5), "16953", 1, "16952", true},
		{"older ordered and in stock", chain(2, 5), "16952", 1, "16952", false},
		{"oldest has too few: next oldest", chain(1, 5, 5), "16954", 2, "16953", true},
		{"nothing in stock: the ordered article after lead time", chain(0, 0), "16953", 1, "16953", true},
		{"ordering the oldest when only the newer has stock gives the newer", chain(0, 3), "16952", 1, "16953", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note := ChooseFromChain(tt.chain, tt.ordered, tt.qty)
			if got != tt.want || (note != "") != tt.withNote {
				t.Errorf("ChooseFromChain = %q, %q; want %q (note %v)", got, note, tt.want, tt.withNote)
			}
		})
	}
}
