package domain

import (
	"testing"
	"time"
)

func TestWorkOrderDue(t *testing.T) {
	sto := func(s string) time.Time {
		t.Helper()
		v, err := time.ParseInLocation("2006-01-02 15:04", s, Stockholm)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		priority   int
		registered time.Time
		want       string // Stockholm time "2006-01-02 15:04:05"; "" = no due time
		kind       DueKind
	}{
		{"1 on a Wednesday: started by Monday", 1, sto("2026-11-25 10:00"), "2026-11-30 23:59:59", DueStarted},
		{"3 on a Friday: done by Wednesday", 3, sto("2026-11-27 15:00"), "2026-12-02 23:59:59", DueDone},
		{"3 on a Saturday counts from Monday", 3, sto("2026-11-28 09:00"), "2026-12-02 23:59:59", DueDone},
		{"1 late Sunday UTC is Monday in Sweden", 1, utc("2026-11-29 23:30"), "2026-12-03 23:59:59", DueStarted},
		{"1 over Christmas Eve, Christmas and Boxing Day", 1, sto("2026-12-22 08:00"), "2026-12-29 23:59:59", DueStarted},
		{"3 over Good Friday and Easter Monday", 3, sto("2026-04-02 11:00"), "2026-04-09 23:59:59", DueDone},
		{"3 over Midsummer Eve", 3, sto("2026-06-18 13:00"), "2026-06-24 23:59:59", DueDone},
		{"1 over New Year's Eve, New Year's Day and Epiphany", 1, sto("2026-12-30 12:00"), "2027-01-07 23:59:59", DueStarted},
		{"4 on a Friday: Saturday same time", 4, sto("2026-11-27 15:00"), "2026-11-28 15:00:00", DueDone},
		{"4 on Christmas Eve: holidays count", 4, sto("2026-12-24 18:30"), "2026-12-25 18:30:00", DueDone},
		{"4 across the switch to summer time: 24 clock hours", 4, sto("2026-03-28 12:00"), "2026-03-29 13:00:00", DueDone},
		{"2 has none", 2, sto("2026-11-25 10:00"), "", DueNone},
		{"5 has none", 5, sto("2026-11-25 10:00"), "", DueNone},
		{"6 has none", 6, sto("2026-11-25 10:00"), "", DueNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, kind, ok := WorkOrderDue(tt.priority, tt.registered)
			if tt.want == "" {
				if ok || !due.IsZero() || kind != DueNone {
					t.Fatalf("got %v %q %v, want no due time", due, kind, ok)
				}
				return
			}
			got := due.In(Stockholm).Format("2006-01-02 15:04:05")
			if !ok || got != tt.want || kind != tt.kind {
				t.Fatalf("got %s %q %v, want %s %q", got, kind, ok, tt.want, tt.kind)
			}
		})
	}
}

func TestWorkOrderOverdue(t *testing.T) {
	due := time.Date(2026, 11, 30, 23, 59, 59, 0, Stockholm)
	after, before := due.Add(time.Minute), due.Add(-time.Minute)
	tests := []struct {
		name            string
		priority        int
		started, closed bool
		now             time.Time
		want            bool
	}{
		{"1 not yet due", 1, false, false, before, false},
		{"1 past due, not started", 1, false, false, after, true},
		{"1 started on time, past due, still open", 1, true, false, after, false},
		{"3 not yet due", 3, false, false, before, false},
		{"3 past due, started only", 3, true, false, after, true},
		{"4 past due, not started", 4, false, false, after, true},
		{"4 closed is never overdue", 4, true, true, after, false},
		{"1 closed is never overdue", 1, false, true, after, false},
		{"2 has no due time", 2, false, false, after, false},
		{"5 has no due time", 5, false, false, after, false},
		{"6 has no due time", 6, false, false, after, false},
	}
	for _, tt := range tests {
		if got := WorkOrderOverdue(tt.priority, due, tt.started, tt.closed, tt.now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if WorkOrderOverdue(1, time.Time{}, false, false, after) {
		t.Error("a work order without a due time is never overdue")
	}
}

func TestPriorities(t *testing.T) {
	if len(Priorities) != 6 || PriorityName(4) != "4. Akut åtgärdas inom 24 timmar" || ValidPriority(0) || ValidPriority(7) {
		t.Fatalf("priorities: %v", Priorities)
	}
}

func TestPickupDate(t *testing.T) {
	tests := []struct {
		name  string
		today string
		route []int
		daily bool
		want  string
	}{
		{"Tue/Thu route on a Wednesday", "2026-11-25", []int{2, 4}, false, "2026-11-26"},
		{"Tue/Thu route on a Thursday: strictly after today", "2026-11-26", []int{2, 4}, false, "2026-12-01"},
		{"daily delivery on a Friday", "2026-11-27", nil, true, "2026-11-30"},
		{"no route: next working day", "2026-11-28", nil, false, "2026-11-30"},
		{"Thursday route skips Christmas Eve and New Year's Eve", "2026-12-23", []int{4}, false, "2027-01-07"},
		{"Wednesday route the day before", "2026-12-22", []int{3}, false, "2026-12-23"},
		{"daily over Christmas", "2026-12-23", nil, true, "2026-12-28"},
	}
	for _, tt := range tests {
		got := PickupDate(day(t, tt.today), tt.route, tt.daily).Format(time.DateOnly)
		if got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}
