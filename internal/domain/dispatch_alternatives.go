package domain

import (
	"slices"
	"time"
)

// Faster alternatives (SPEC §10.11, "Why this date"): when a line waits for
// the supplier, what would reach the patient sooner. Each candidate's date is
// decided by DispatchDate, the rule of the line itself.

// AlternativeKind is where a faster alternative comes from.
type AlternativeKind string

const (
	// AltLocalStore: a care unit's own store (närförråd) the prescriber is
	// linked to holds the article or one of its ISO class; handed out today.
	AltLocalStore AlternativeKind = "local_store"
	// AltSameClass: another article of the same ISO class is in stock at the
	// customer's warehouse.
	AltSameClass AlternativeKind = "iso_class"
	// AltWarehouse: the article is in stock at another warehouse.
	AltWarehouse AlternativeKind = "warehouse"
)

// AlternativeCandidate is a possible alternative as the service found it.
type AlternativeCandidate struct {
	Kind    AlternativeKind
	Article string
	Name    string
	Where   string        // the warehouse's or the care unit's name
	Stock   DispatchInput // what DispatchDate needs (not for a local store)
	// Customer and Holding name a local store's holding to hand out.
	Customer string
	Holding  int64
}

// Alternative is a faster way to the same need.
type Alternative struct {
	AlternativeCandidate
	Dispatch time.Time
	Why      Formatted
}

// MaxAlternatives is how many alternatives a line offers at most.
const MaxAlternatives = 5

// FasterAlternatives returns the candidates that leave before current, the
// line's dispatch date, soonest first (a local store's hand-out is today).
func FasterAlternatives(current time.Time, cands []AlternativeCandidate, now time.Time) []Alternative {
	today := DateOf(now)
	var out []Alternative
	for _, c := range cands {
		a := Alternative{AlternativeCandidate: c}
		switch c.Kind {
		case AltLocalStore:
			a.Dispatch = today
			a.Why = Msgf("Närförrådet %s har artikel %s: lämna ut den till patienten i dag (Lämna ut ur förrådet).", c.Where, c.Article)
		case AltSameClass:
			a.Dispatch = DispatchDate(c.Stock, now).Date
			a.Why = Msgf("Artikel %s %s i samma ISO-klass finns i lager (%s): leveransdatum %s.", c.Article, c.Name, c.Where, FormatDate(a.Dispatch))
		case AltWarehouse:
			a.Dispatch = DispatchDate(c.Stock, now).Date
			a.Why = Msgf("Artikeln finns i lager i %s: kundtjänst kan skicka den därifrån, leveransdatum %s.", c.Where, FormatDate(a.Dispatch))
		default:
			continue
		}
		if a.Dispatch.Before(DateOf(current)) {
			out = append(out, a)
		}
	}
	rank := map[AlternativeKind]int{AltLocalStore: 0, AltSameClass: 1, AltWarehouse: 2}
	slices.SortStableFunc(out, func(a, b Alternative) int {
		if c := a.Dispatch.Compare(b.Dispatch); c != 0 {
			return c
		}
		return rank[a.Kind] - rank[b.Kind]
	})
	return out[:min(len(out), MaxAlternatives)]
}
