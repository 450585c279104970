package domain

import "testing"

func TestCheckFit(t *testing.T) {
	leftArm := FitPart{Article: "11338", Name: "Armstöd vänster", ISOCode: "122415", Fits: []string{"11109"}, Side: SideLeft}
	rightArm := FitPart{Article: "11336", Name: "Armstöd höger", ISOCode: "122415", Fits: []string{"11109"}, Side: SideRight}
	leftPlate := FitPart{Article: "13891", Name: "Fotplatta vänster", ISOCode: "122412", Side: SideLeft, Size: "40"}
	plates := FitPart{Article: "13899", Name: "Fotplattor par", ISOCode: "122412", Side: SideBoth}
	cross := func(installed ...FitPart) FitUnit {
		return FitUnit{Article: "11109", Name: "Rullstol Cross", Size: "40", Installed: installed}
	}
	tests := []struct {
		name string
		unit FitUnit
		part FitPart
		want string // the Swedish reason; "" fits
	}{
		{"no fit data fits anything", FitUnit{Article: "23993", Name: "Telefontillkoppling"}, FitPart{Article: "17346"}, ""},
		{"a listed main article", cross(), FitPart{Article: "17346", Fits: []string{"22876", "11109"}}, ""},
		{"an article not listed", FitUnit{Article: "23993", Name: "Telefontillkoppling"},
			FitPart{Article: "33001", Name: "Headset", Fits: []string{"25800"}}, "33001 Headset passar inte 23993 Telefontillkoppling: den passar bara 25800."},
		{"two articles listed", FitUnit{Article: "16952", Name: "Rollator Dolomite"},
			FitPart{Article: "19922", Name: "Bord", Fits: []string{"11109", "22876"}}, "19922 Bord passar inte 16952 Rollator Dolomite: den passar bara 11109, 22876."},
		{"size in the range", cross(), FitPart{Article: "18250", Size: "38-42"}, ""},
		{"size in a list", cross(), FitPart{Article: "18250", Size: "36, 40; 44"}, ""},
		{"size out of the range", cross(), FitPart{Article: "18251", Name: "Sittdyna", Size: "44-48"},
			"18251 Sittdyna passar inte 11109 Rullstol Cross i storlek 40: den passar storlek 44-48."},
		{"size codes, any case", FitUnit{Article: "R1", Name: "Rollator", Size: "m"}, FitPart{Article: "H1", Size: "S, M"}, ""},
		{"size code against another", FitUnit{Article: "R1", Name: "Rollator", Size: "L"}, FitPart{Article: "H1", Name: "Hjul", Size: "S,M"},
			"H1 Hjul passar inte R1 Rollator i storlek L: den passar storlek S,M."},
		{"a main aid without a size takes any", FitUnit{Article: "R1", Name: "Rollator"}, FitPart{Article: "H1", Size: "S"}, ""},
		{"the fitted articles are checked before the size", cross(), FitPart{Article: "X", Name: "Bord", Fits: []string{"22876"}, Size: "45"},
			"X Bord passar inte 11109 Rullstol Cross: den passar bara 22876."},
		{"a left armrest on a chair with the right one", cross(rightArm), leftArm, ""},
		{"a second left armrest", cross(leftArm, rightArm), leftArm,
			"11338 Armstöd vänster passar inte: vänster sida har redan 11338 Armstöd vänster av samma slag."},
		{"a left footplate beside a left armrest (another kind)", cross(leftArm), leftPlate, ""},
		{"a pair where the left one is", cross(leftPlate), plates,
			"13899 Fotplattor par passar inte: vänster sida har redan 13891 Fotplatta vänster av samma slag."},
		{"a right one where a pair is", cross(plates), FitPart{Article: "13892", Name: "Fotplatta höger", ISOCode: "122412", Side: SideRight},
			"13892 Fotplatta höger passar inte: höger sida har redan 13899 Fotplattor par av samma slag."},
		{"a spare part is checked without the installed parts", cross(), leftArm, ""},
		{"unsided parts of one kind go together", cross(FitPart{Article: "17333", ISOCode: "122412"}),
			FitPart{Article: "17333", ISOCode: "122412"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckFit(tt.unit, tt.part)
			if got.Format == "" && tt.want != "" || got.Format != "" && got.String() != tt.want {
				t.Errorf("CheckFit = %q, want %q", got.String(), tt.want)
			}
		})
	}
}

func TestSizes(t *testing.T) {
	tests := []struct {
		a, b string
		meet bool
	}{
		{"40", "40", true},
		{"40", "41", false},
		{"38-42", "40", true},
		{"38–42", "42", true},
		{"38-42", "43-50", false},
		{"38-42", "42-50", true},
		{"39.5", "38-40", true},
		{"M", "m", true},
		{"S M", "L", false},
		{"24", "M", false},
		{"42-38", "40", false}, // not a size list
	}
	for _, tt := range tests {
		if got := SizesMeet(tt.a, tt.b); got != tt.meet {
			t.Errorf("SizesMeet(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.meet)
		}
	}
	for spec, ok := range map[string]bool{"": true, "40": true, "38-42, 44": true, "S; M; XL": true, "42-38": false, "a-b": false} {
		if err := CheckSize("size", spec); (err == nil) != ok {
			t.Errorf("CheckSize(%q) = %v, want ok %v", spec, err, ok)
		}
	}
	for in, want := range map[string]Side{"": SideNone, "left": SideLeft, "Vänster": SideLeft, "höger": SideRight, "båda": SideBoth} {
		if got, ok := ParseSide(in); !ok || got != want {
			t.Errorf("ParseSide(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseSide("upp"); ok {
		t.Error(`ParseSide("upp") is ok`)
	}
}

func TestSuggestionsFrom(t *testing.T) {
	for now, want := range map[string]string{"2026-12-04": "2025-01", "2026-01-31": "2024-02", "2026-03-31": "2024-04"} {
		if got := SuggestionsFrom(ParseDate(now).Add(12 * 3600e9)); got != want {
			t.Errorf("SuggestionsFrom(%s) = %s, want %s", now, got, want)
		}
	}
}
