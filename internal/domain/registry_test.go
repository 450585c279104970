package domain

import (
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestParseRegistryEvent(t *testing.T) {
	today := day(t, "2026-12-03")
	ok := RegistryEventInput{ID: "e1", Type: EventDeceased, Personnummer: "19121212-1212", Date: "2026-12-01"}
	tests := []struct {
		name   string
		change func(*RegistryEventInput)
		fields []string
	}{
		{"a death", func(*RegistryEventInput) {}, nil},
		{"today", func(in *RegistryEventInput) { in.Date = "2026-12-03" }, nil},
		{"tomorrow", func(in *RegistryEventInput) { in.Date = "2026-12-04" }, []string{"date"}},
		{"no date", func(in *RegistryEventInput) { in.Date = "" }, []string{"date"}},
		{"no id", func(in *RegistryEventInput) { in.ID = " " }, []string{"id"}},
		{"long id", func(in *RegistryEventInput) { in.ID = strings.Repeat("x", MaxRegistryEventID+1) }, []string{"id"}},
		{"unknown type", func(in *RegistryEventInput) { in.Type = "married" }, []string{"type"}},
		{"bad personnummer", func(in *RegistryEventInput) { in.Personnummer = "19121212-1213" }, []string{"personnummer"}},
		{"name change", func(in *RegistryEventInput) {
			in.Type, in.FirstName, in.LastName = EventNameChanged, "Tova", "Svensson"
		}, nil},
		{"name change without last name", func(in *RegistryEventInput) { in.Type, in.FirstName = EventNameChanged, "Tova" }, []string{"lastName"}},
		{"address change", func(in *RegistryEventInput) {
			in.Type, in.Street, in.PostalCode, in.Town = EventAddressChanged, "Storgatan 1", "972 31", "luleå"
		}, nil},
		{"address change without town", func(in *RegistryEventInput) {
			in.Type, in.Street, in.PostalCode = EventAddressChanged, "Storgatan 1", "97231"
		}, []string{"address"}},
		{"address change with a bad postal code", func(in *RegistryEventInput) {
			in.Type, in.Street, in.PostalCode, in.Town = EventAddressChanged, "Storgatan 1", "9723", "LULEÅ"
		}, []string{"address"}},
		{"three problems", func(in *RegistryEventInput) { in.ID, in.Type, in.Date = "", "x", "1.12" }, []string{"id", "type", "date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ok
			tt.change(&in)
			e, err := ParseRegistryEvent(in, today)
			var fields []string
			if err != nil {
				de := err.(*Error)
				if de.Code != EInvalid {
					t.Fatalf("code %s", de.Code)
				}
				for f := range de.Fields {
					fields = append(fields, f)
				}
			}
			sort.Strings(fields)
			want := append([]string(nil), tt.fields...)
			sort.Strings(want)
			if !reflect.DeepEqual(fields, want) && !(len(fields) == 0 && len(want) == 0) {
				t.Fatalf("fields %v, want %v (%v)", fields, want, err)
			}
			if err == nil && (e.Personnummer != "191212121212" || e.Date.IsZero()) {
				t.Errorf("event %+v", e)
			}
		})
	}
	e, _ := ParseRegistryEvent(RegistryEventInput{ID: "a", Type: EventAddressChanged, Personnummer: "191212121212", Date: "2026-12-01",
		Street: " Storgatan 1 ", PostalCode: "972 31", Town: "luleå"}, today)
	if e.Street != "Storgatan 1" || e.PostalCode != "97231" || e.Town != "LULEÅ" {
		t.Errorf("address %+v", e)
	}
}

func TestPlanRegistryEvent(t *testing.T) {
	death := day(t, "2026-11-20")
	alive, dead, protected := RegistryPerson{}, RegistryPerson{Deceased: death}, RegistryPerson{Protected: true}
	tests := []struct {
		name   string
		typ    string
		person RegistryPerson
		want   RegistryPlan
	}{
		{"a death proposes pickup and tells the prescribers", EventDeceased, alive, RegistryPlan{SetDeceased: true, ProposePickup: true,
			PickupReason: "deceased", RentStopsAtPickup: true, NotifyPrescribers: true,
			PickupInformation: Msgf("Avliden %s enligt folkbokföringen.", "2026-11-20")}},
		{"a second death only corrects the date", EventDeceased, dead, RegistryPlan{SetDeceased: true}},
		{"moving out proposes pickup", EventMovedOut, alive, RegistryPlan{ProposePickup: true, PickupReason: "other", NotifyPrescribers: true,
			PickupInformation: Msgf("Utflyttad ur regionen %s enligt folkbokföringen.", "2026-11-20")}},
		{"moving out after death does nothing", EventMovedOut, dead, RegistryPlan{}},
		{"a new address flags home deliveries", EventAddressChanged, alive, RegistryPlan{SetAddress: true, FlagOpenOrders: true}},
		{"a protected person's new address flags nothing", EventAddressChanged, protected, RegistryPlan{SetAddress: true}},
		{"a new name", EventNameChanged, alive, RegistryPlan{SetName: true}},
		{"protected set reroutes the documents", EventProtectedSet, alive, RegistryPlan{ChangeProtected: true, SetProtected: true, RerouteDocuments: true}},
		{"protected set again checks the documents again", EventProtectedSet, protected, RegistryPlan{ChangeProtected: true, SetProtected: true, RerouteDocuments: true}},
		{"protected removed", EventProtectedRemoved, protected, RegistryPlan{ChangeProtected: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PlanRegistryEvent(RegistryEvent{Type: tt.typ, Date: death}, tt.person)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPickupRentEnd(t *testing.T) {
	tests := []struct {
		name                   string
		received, pickup       string
		stops                  bool
		latestClosed, wantDate string
	}{
		{"an ordinary pickup ends when received", "2026-12-10", "2026-12-04", false, "", "2026-12-10"},
		{"a death's pickup ends at the pickup date", "2026-12-10", "2026-12-04", true, "", "2026-12-04"},
		{"received before the pickup date", "2026-12-03", "2026-12-04", true, "", "2026-12-03"},
		{"a pickup date in a closed month moves to the first open day", "2027-01-05", "2026-11-28", true, "2026-11-01", "2026-12-01"},
		{"an ordinary pickup after a closing", "2026-12-10", "2026-12-04", false, "2026-11-01", "2026-12-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var closed time.Time
			if tt.latestClosed != "" {
				closed = day(t, tt.latestClosed)
			}
			if got := PickupRentEnd(day(t, tt.received), day(t, tt.pickup), tt.stops, closed); !got.Equal(day(t, tt.wantDate)) {
				t.Errorf("got %s, want %s", got.Format(time.DateOnly), tt.wantDate)
			}
		})
	}
}
