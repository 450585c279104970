package domain

import (
	"reflect"
	"testing"
)

func TestWorkOrderChanges(t *testing.T) {
	base := WorkOrder{Personnummer: "191212121212", Customer: "2990", Article: "24310", Unit: "112408", Priority: 3, ActionTypeID: 1,
		DepartmentID: 1, AddressMode: "pickup", AddressSource: "customer", Address: ServiceAddress{Street: "Hedenbrovägen 1"},
		FaultDescription: "Bromsen tar dåligt."}
	for _, c := range []struct {
		name   string
		change func(w *WorkOrder)
		want   []string
	}{
		{"nothing", func(w *WorkOrder) {}, nil},
		{"fault and priority", func(w *WorkOrder) { w.FaultDescription, w.Priority = "Bromsen tar dåligt på höger sida.", 2 },
			[]string{"Aktivitetsprioritet", "Felbeskrivning"}},
		{"door code", func(w *WorkOrder) { w.Address.DoorCode = "1234" }, []string{"Adressuppgifter"}},
		{"unit and department", func(w *WorkOrder) { w.Unit, w.DepartmentID = "98114", 2 }, []string{"Individ", "Utföres av"}},
	} {
		after := base
		c.change(&after)
		if got := WorkOrderChanges(&base, &after); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
