package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestNoCareRelation(t *testing.T) {
	at := time.Date(2026, 6, 15, 10, 0, 0, 0, Stockholm)
	day := 24 * time.Hour
	cases := []struct {
		name   string
		events []time.Time
		want   bool
	}{
		{"no events", nil, true},
		{"90 days before", []time.Time{at.Add(-90 * day)}, false},
		{"91 days before", []time.Time{at.Add(-91 * day)}, true},
		{"90 days after", []time.Time{at.Add(90 * day)}, false},
		{"91 days after", []time.Time{at.Add(91 * day)}, true},
		{"one of several near", []time.Time{at.Add(-400 * day), at.Add(3 * day)}, false},
	}
	for _, c := range cases {
		if got := NoCareRelation(at, c.events); got != c.want {
			t.Errorf("%s: NoCareRelation = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSameSurname(t *testing.T) {
	cases := []struct {
		user, person string
		want         bool
	}{
		{"Lena Nordgren-Hansson", "Hansson, Åke", true},
		{"Lena Nordgren-Hansson", "Nordgren-Hansson, Per", true},
		{"Lena Nordgren-Hansson", "Nordgren, Per", true},
		{"Tekniker Boden", "Andersson, Åke Evert", false},
		{"Anna Lind", "LIND, Sara", true},
		{"Anna Lind", "Lindberg, Sara", false},
		{"Administratör", "Administratör, Per", false}, // a one-word user name has no surname
		{"Anna Lind", "", false},
	}
	for _, c := range cases {
		if got := SameSurname(c.user, c.person); got != c.want {
			t.Errorf("SameSurname(%q, %q) = %v, want %v", c.user, c.person, got, c.want)
		}
	}
}

func TestOffHours(t *testing.T) {
	cases := []struct {
		at   time.Time
		want bool
	}{
		{time.Date(2026, 12, 3, 6, 0, 0, 0, Stockholm), false},   // Thursday 06:00
		{time.Date(2026, 12, 3, 5, 59, 0, 0, Stockholm), true},   // before six
		{time.Date(2026, 12, 3, 19, 59, 0, 0, Stockholm), false}, // before eight
		{time.Date(2026, 12, 3, 20, 0, 0, 0, Stockholm), true},   // eight in the evening
		{time.Date(2026, 12, 5, 10, 0, 0, 0, Stockholm), true},   // Saturday
		{time.Date(2026, 12, 25, 10, 0, 0, 0, Stockholm), true},  // Juldagen, a Friday
		{time.Date(2026, 12, 3, 5, 30, 0, 0, time.UTC), false},   // 05:30 UTC is 06:30 in Stockholm (winter)
		{time.Date(2026, 7, 1, 18, 30, 0, 0, time.UTC), true},    // 20:30 in Stockholm (summer)
	}
	for _, c := range cases {
		if got := OffHours(c.at); got != c.want {
			t.Errorf("OffHours(%v) = %v, want %v", c.at, got, c.want)
		}
	}
}

func TestManyLookupDays(t *testing.T) {
	cases := []struct {
		name   string
		perDay map[string]int
		want   map[string]bool
	}{
		{"none", nil, nil},
		{"even", map[string]int{"a": 4, "b": 4, "c": 5}, map[string]bool{}},
		{"one day above 3× median", map[string]int{"a": 4, "b": 4, "c": 13}, map[string]bool{"c": true}},
		{"exactly 3× is not above", map[string]int{"a": 4, "b": 4, "c": 12}, map[string]bool{}},
		{"even count: median of the two middle", map[string]int{"a": 2, "b": 4, "c": 6, "d": 40}, map[string]bool{"d": true}},
	}
	for _, c := range cases {
		if got := ManyLookupDays(c.perDay); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ManyLookupDays = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSampleLookups(t *testing.T) {
	ids := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	a := SampleLookups(ids, 3, "2026-12|K082LNO")
	if len(a) != 3 {
		t.Fatalf("sample of 3 has %d", len(a))
	}
	if b := SampleLookups(ids, 3, "2026-12|K082LNO"); !reflect.DeepEqual(a, b) {
		t.Errorf("the same seed picked %v, then %v", a, b)
	}
	for i := 1; i < len(a); i++ {
		if a[i] <= a[i-1] {
			t.Errorf("the sample %v does not keep the order", a)
		}
	}
	differs := false
	for _, seed := range []string{"2026-11|K082LNO", "2026-12|K082KBN", "2026-10|K082LNO"} {
		if !reflect.DeepEqual(SampleLookups(ids, 3, seed), a) {
			differs = true
		}
	}
	if !differs {
		t.Errorf("every seed picked %v", a)
	}
	if got := SampleLookups(ids[:2], 3, "x"); !reflect.DeepEqual(got, ids[:2]) {
		t.Errorf("fewer ids than n: %v", got)
	}
}

func TestLogFlagReasons(t *testing.T) {
	for _, f := range LogFlags {
		if LogFlagReason(f) == string(f) {
			t.Errorf("flag %s has no Swedish reason", f)
		}
	}
}
