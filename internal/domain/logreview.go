package domain

import (
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Log review (SPEC §10.2 Loggranskning): the rules that flag a look-up of a
// person for the log reviewer's attention. Each rule is a pure function over
// what the service has read; the reasons are Swedish (English in the catalogue).

// LogFlag is one reason a look-up is flagged.
type LogFlag string

const (
	FlagProtected     LogFlag = "protected"
	FlagNoCare        LogFlag = "no_care_relation"
	FlagSameSurname   LogFlag = "same_surname"
	FlagOffHours      LogFlag = "off_hours"
	FlagManyLookups   LogFlag = "many_lookups"
	CareRelationDays          = 90 // a care relation counts this many days before or after a look-up
	ManyLookupsFactor         = 3  // a day above this many times the user's own median is flagged
)

// LogFlags lists every flag in display order.
var LogFlags = []LogFlag{FlagProtected, FlagNoCare, FlagSameSurname, FlagOffHours, FlagManyLookups}

// LogFlagReason is the Swedish reason shown with a flag.
func LogFlagReason(f LogFlag) string {
	switch f {
	case FlagProtected:
		return "Skyddad identitet"
	case FlagNoCare:
		return "Ingen vårdrelation"
	case FlagSameSurname:
		return "Samma efternamn som användaren"
	case FlagOffHours:
		return "Utanför arbetstid (06–20 vardagar)"
	case FlagManyLookups:
		return "Fler uppslag än 3 × användarens median per dag"
	}
	return string(f)
}

// NoCareRelation reports whether none of the person's events under the user's
// customers (holdings, orders, work orders, pickups, transfers) lies within
// CareRelationDays before or after the look-up.
func NoCareRelation(at time.Time, events []time.Time) bool {
	window := time.Duration(CareRelationDays) * 24 * time.Hour
	for _, e := range events {
		if d := e.Sub(at); d >= -window && d <= window {
			return false
		}
	}
	return true
}

// Surname is the family name in a name written "Efternamn, Förnamn" (the
// registry's form) or "Förnamn Efternamn" (a user's form), lower-cased. A
// double-barrelled surname counts by each of its parts (see SameSurname).
func Surname(name string) string {
	name = strings.TrimSpace(name)
	if i := strings.Index(name, ","); i >= 0 {
		return strings.ToLower(strings.TrimSpace(name[:i]))
	}
	f := strings.Fields(name)
	if len(f) < 2 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// SameSurname reports whether the user and the person share a surname or a
// part of a double-barrelled one (Nordgren-Hansson and Hansson).
func SameSurname(userName, personName string) bool {
	u, p := Surname(userName), Surname(personName)
	if u == "" || p == "" {
		return false
	}
	for _, a := range strings.Split(u, "-") {
		for _, b := range strings.Split(p, "-") {
			if a != "" && a == b {
				return true
			}
		}
	}
	return false
}

// OffHours reports whether a look-up falls outside 06–20 on a working day
// (Stockholm time): at night, at a weekend or on a holiday.
func OffHours(at time.Time) bool {
	t := at.In(Stockholm)
	return !IsWorkingDay(t) || t.Hour() < 6 || t.Hour() >= 20
}

// ManyLookupDays returns the days (keys of perDay, a user's count of look-ups
// per civil date) on which the user looked up more than ManyLookupsFactor × the
// median of their own days.
func ManyLookupDays(perDay map[string]int) map[string]bool {
	if len(perDay) == 0 {
		return nil
	}
	counts := make([]int, 0, len(perDay))
	for _, n := range perDay {
		counts = append(counts, n)
	}
	sort.Ints(counts)
	m := len(counts) / 2
	median := float64(counts[m])
	if len(counts)%2 == 0 {
		median = float64(counts[m-1]+counts[m]) / 2
	}
	out := map[string]bool{}
	for day, n := range perDay {
		if float64(n) > ManyLookupsFactor*median {
			out[day] = true
		}
	}
	return out
}

// SampleLookups picks n of ids at random, the same n for the same seed (a
// period and a user) so that the review page is stable on reload. The result
// keeps the order of ids.
func SampleLookups(ids []int64, n int, seed string) []int64 {
	if n >= len(ids) {
		return append([]int64(nil), ids...)
	}
	type keyed struct {
		id  int64
		key uint64
	}
	k := make([]keyed, len(ids))
	for i, id := range ids {
		h := fnv.New64a()
		h.Write([]byte(seed + "\x00" + strconv.FormatInt(id, 10)))
		k[i] = keyed{id, h.Sum64()}
	}
	sort.Slice(k, func(i, j int) bool { return k[i].key < k[j].key })
	chosen := map[int64]bool{}
	for _, x := range k[:n] {
		chosen[x.id] = true
	}
	out := make([]int64, 0, n)
	for _, id := range ids {
		if chosen[id] {
			out = append(out, id)
		}
	}
	return out
}
