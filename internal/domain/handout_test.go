package domain

import (
	"reflect"
	"testing"
)

func TestPlanHandOut(t *testing.T) {
	store := []TransferHolding{{ID: 1, Quantity: 2}, {ID: 2, Quantity: 5}, {ID: 3, Quantity: 1}}
	type take struct {
		id         int64
		take, left int
	}
	tests := []struct {
		name     string
		quantity int
		want     []take
		field    string
	}{
		{"one from the oldest", 1, []take{{1, 1, 1}}, ""},
		{"the oldest whole", 2, []take{{1, 2, 0}}, ""},
		{"across two", 4, []take{{1, 2, 0}, {2, 2, 3}}, ""},
		{"everything", 8, []take{{1, 2, 0}, {2, 5, 0}, {3, 1, 0}}, ""},
		{"more than held", 9, nil, "quantity"},
		{"none", 0, nil, "quantity"},
		{"negative", -1, nil, "quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			takes, err := PlanHandOut(store, "10156", tt.quantity)
			if tt.field != "" {
				if e, ok := err.(*Error); !ok || e.Fields[tt.field] == "" {
					t.Fatalf("got %v, want an error on %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []take
			for _, tk := range takes {
				got = append(got, take{tk.Holding.ID, tk.Take, tk.Left()})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}
