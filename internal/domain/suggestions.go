package domain

import "time"

// Accessory suggestions (SPEC §10.11): the accessories most often ordered with
// a main article in the last 24 months. An accessory counts once per order line
// it is on: a component chosen in the components guide (not the base
// configuration) for its main line's article, and a component ordered alone
// for a unit (Kompl. individ) for the unit's article. An order counts when it
// is placed; a later cancellation does not take the prescriber's choice back.

// SuggestionMonths is how many months the suggestions look back, this one included.
const SuggestionMonths = 24

// Month is the month (YYYY-MM) of t as accessory counts are kept: that of the
// stored timestamp (UTC), so counts filled from stored orders agree.
func Month(t time.Time) string { return t.UTC().Format("2006-01") }

// SuggestionsFrom is the first month the suggestions count at now.
func SuggestionsFrom(now time.Time) string {
	u := now.UTC()
	return time.Date(u.Year(), u.Month()-(SuggestionMonths-1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

// AccessoryPair is one accessory ordered with a main article, counted per month.
type AccessoryPair struct {
	Main, Accessory, Month string
	Count                  int
}

// Suggestion is an accessory often ordered with an article, and how often.
type Suggestion struct {
	Article, Name string
	Count         int
}
