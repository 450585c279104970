package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSearchKindStatuses(t *testing.T) {
	tests := []struct {
		kind   SearchKind
		code   string
		stored []string // nil: every status
		text   string
	}{
		{SearchOrders, "", []string{"registered", "partly_delivered", "delivered", "cancelled"}, ""},
		{SearchOrders, "open", []string{"registered", "partly_delivered"}, "Öppen"},
		{SearchOrders, "partly_delivered", []string{"partly_delivered"}, "Dellevererad"},
		{SearchPickupOrders, "", nil, ""},
		{SearchPickupOrders, "registered", []string{"registered"}, "Registrerad"},
		{SearchPickupOrders, "closed", []string{"closed"}, "Stängd"},
		{SearchWorkOrders, "open", []string{"registered", "started"}, "Öppen"},
		{SearchWorkOrders, "closed", []string{"closed"}, "Avslutad"},
		{SearchWorkOrders, "started", []string{"started"}, "Påbörjad"},
		{SearchTransfers, "locked", []string{"locked"}, "Låst"},
		{SearchTransfers, "rejected", []string{"rejected"}, "Ej godkänd"},
	}
	for _, tc := range tests {
		if got := tc.kind.StoredStatuses(tc.code); !slices.Equal(got, tc.stored) {
			t.Errorf("%s %q selects %v, want %v", tc.kind, tc.code, got, tc.stored)
		}
		if tc.code == "" {
			continue
		}
		if !slices.Contains(tc.kind.Statuses(), tc.code) {
			t.Errorf("%s has no status %q in its list %v", tc.kind, tc.code, tc.kind.Statuses())
		}
		if got := tc.kind.StatusText(tc.code); got != tc.text {
			t.Errorf("%s %q reads %q, want %q", tc.kind, tc.code, got, tc.text)
		}
	}
	for _, k := range SearchKinds {
		for _, s := range k.Statuses() {
			if text := k.StatusText(s); text == s || text == "" {
				t.Errorf("%s status %q has no Swedish text", k, s)
			}
		}
	}
	if slices.Contains(SearchPickupOrders.Statuses(), "open") {
		t.Error("a pickup order's Registrerad already means open")
	}
}

func TestPriorityUrgency(t *testing.T) {
	var byUrgency []int
	for p := 1; p <= 6; p++ {
		byUrgency = append(byUrgency, p)
	}
	slices.SortFunc(byUrgency, func(a, b int) int { return PriorityUrgency(a) - PriorityUrgency(b) })
	if want := []int{4, 3, 1, 2, 5, 6}; !slices.Equal(byUrgency, want) {
		t.Errorf("priorities by urgency: %v, want %v", byUrgency, want)
	}
}

func TestSortMyWorkOrders(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, Stockholm) }
	list := []*WorkOrder{
		{Number: "closed-old", Status: "closed", Priority: 4, RegisteredAt: day(1), ClosedAt: day(2)},
		{Number: "normal-due-30", Status: "started", Priority: 1, RegisteredAt: day(25), DueAt: day(30)},
		{Number: "closed-new", Status: "closed", Priority: 1, RegisteredAt: day(3), ClosedAt: day(20)},
		{Number: "canwait", Status: "started", Priority: 2, RegisteredAt: day(1)},
		{Number: "normal-due-27", Status: "started", Priority: 1, RegisteredAt: day(24), DueAt: day(27)},
		{Number: "acute", Status: "started", Priority: 4, RegisteredAt: day(25), DueAt: day(26)},
		{Number: "urgent", Status: "registered", Priority: 3, RegisteredAt: day(20), DueAt: day(25)},
		{Number: "inspection-b", Status: "started", Priority: 5, RegisteredAt: day(10)},
		{Number: "inspection-a", Status: "started", Priority: 5, RegisteredAt: day(5)},
	}
	SortMyWorkOrders(list)
	var got []string
	for _, w := range list {
		got = append(got, w.Number)
	}
	want := "acute urgent normal-due-27 normal-due-30 canwait inspection-a inspection-b closed-new closed-old"
	if strings.Join(got, " ") != want {
		t.Errorf("Mina arbetsordrar in the order\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}
