package domain

import (
	"reflect"
	"slices"
	"testing"
)

func TestParseLocation(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"A-03-2", "A-03-2", true},
		{"  a-03-2 ", "A-03-2", true},
		{"", "", true},
		{"Ö12", "Ö12", true},
		{"HYLLA 3", "", false},
		{"A--3", "", false},
		{"-A3", "", false},
		{"A-3-", "", false},
		{"A/3", "", false},
		{"A-0123456789-01234567", "", false}, // 21 characters
	}
	for _, tt := range tests {
		got, err := ParseLocation("location", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseLocation(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && ErrorCode(err) != EInvalid {
			t.Errorf("ParseLocation(%q): %v is not EInvalid", tt.in, err)
		}
	}
}

func TestLocationMatches(t *testing.T) {
	tests := []struct {
		location, prefix string
		want             bool
	}{
		{"A-03-2", "A-03-2", true},
		{"A-03-2", "A-03", true},
		{"A-03-2", "A", true},
		{"A-030-1", "A-03", false},
		{"A-03", "A-03-2", false},
		{"B-03-2", "A", false},
	}
	for _, tt := range tests {
		if got := LocationMatches(tt.location, tt.prefix); got != tt.want {
			t.Errorf("LocationMatches(%q, %q) = %v", tt.location, tt.prefix, got)
		}
	}
}

func TestCompareLocations(t *testing.T) {
	got := []string{"", "B-01-1", "A-10-1", "A-9-2", "A-9", "A-09-1", "A-9-10", "AA-1"}
	slices.SortStableFunc(got, CompareLocations)
	want := []string{"A-9", "A-09-1", "A-9-2", "A-9-10", "A-10-1", "AA-1", "B-01-1", ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sorted locations %q, want %q", got, want)
	}
}

func TestCountDifferenceOf(t *testing.T) {
	u := func(code, unit string) CountUnit { return CountUnit{Code: code, Unit: unit} }
	tests := []struct {
		name    string
		line    CountLine
		stock   CountStock
		want    CountDifference
		wantErr string
	}{
		{"quantity as expected", CountLine{Article: "A", Counted: 12, IsCounted: true}, CountStock{OnHand: 12, Reserved: 3},
			CountDifference{Article: "A", Expected: 12, Counted: 12}, ""},
		{"two short", CountLine{Article: "A", Counted: 10, IsCounted: true}, CountStock{OnHand: 12, Reserved: 3},
			CountDifference{Article: "A", Expected: 12, Counted: 10, Delta: -2}, ""},
		{"one more", CountLine{Article: "A", Counted: 13, IsCounted: true}, CountStock{OnHand: 12},
			CountDifference{Article: "A", Expected: 12, Counted: 13, Delta: 1}, ""},
		{"down to what is reserved", CountLine{Article: "A", Counted: 3, IsCounted: true}, CountStock{OnHand: 12, Reserved: 3},
			CountDifference{Article: "A", Expected: 12, Counted: 3, Delta: -9}, ""},
		{"below what is reserved", CountLine{Article: "A", Counted: 2, IsCounted: true}, CountStock{OnHand: 12, Reserved: 3},
			CountDifference{}, "Artikel A: räknat 2, men 3 är reserverade för kundordrar. Leverera eller makulera ordrarna först."},
		{"not counted", CountLine{Article: "A"}, CountStock{OnHand: 1}, CountDifference{}, "Artikel A är inte räknad."},
		{"every unit found", CountLine{Article: "U", Individual: true, IsCounted: true, Units: []CountUnit{u("SN2", "102"), u("101", "101")}},
			CountStock{OnHand: 2, Units: []CountedUnit{{Number: "101"}, {Number: "102"}}},
			CountDifference{Article: "U", Expected: 2, Counted: 2}, ""},
		{"one missing", CountLine{Article: "U", Individual: true, IsCounted: true, Units: []CountUnit{u("101", "101")}},
			CountStock{OnHand: 3, Units: []CountedUnit{{Number: "103"}, {Number: "101"}, {Number: "102"}}},
			CountDifference{Article: "U", Expected: 3, Counted: 1, Delta: -2, Missing: []string{"102", "103"}}, ""},
		{"none found", CountLine{Article: "U", Individual: true, IsCounted: true},
			CountStock{OnHand: 1, Units: []CountedUnit{{Number: "101"}}},
			CountDifference{Article: "U", Expected: 1, Delta: -1, Missing: []string{"101"}}, ""},
		{"a reserved unit found", CountLine{Article: "U", Individual: true, IsCounted: true, Units: []CountUnit{u("101", "101")}},
			CountStock{OnHand: 1, Reserved: 1, Units: []CountedUnit{{Number: "101", Reserved: true}}},
			CountDifference{Article: "U", Expected: 1, Counted: 1}, ""},
		{"a reserved unit missing", CountLine{Article: "U", Individual: true, IsCounted: true},
			CountStock{OnHand: 1, Reserved: 1, Units: []CountedUnit{{Number: "101", Reserved: true}}},
			CountDifference{}, "Individ 101 saknas men är plockad till en kundorder. Leverera eller makulera ordern först."},
		{"an extra unit and an unknown serial", CountLine{Article: "U", Individual: true, IsCounted: true,
			Units: []CountUnit{u("101", "101"), u("99", "99"), u("XY-1", "")}},
			CountStock{OnHand: 1, Units: []CountedUnit{{Number: "101"}}},
			CountDifference{Article: "U", Expected: 1, Counted: 3, Delta: 2, Extra: []CountUnit{u("99", "99"), u("XY-1", "")}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CountDifferenceOf(tt.line, tt.stock)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || ErrorCode(err) != EInvalid {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("difference %+v, want %+v", got, tt.want)
			}
			if got.None() != (tt.want.Delta == 0 && tt.want.Missing == nil && tt.want.Extra == nil) {
				t.Errorf("None() = %v", got.None())
			}
		})
	}
}
