package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Shelf locations and counts (lagerplatser och inventering, SPEC §10.9).

// MaxLocationLength bounds a shelf location.
const MaxLocationLength = 20

// ParseLocation reads a shelf location as typed: letters and digits in parts
// separated by dashes ("A-03-2"), upper-cased; "" is no location.
func ParseLocation(field, s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if len([]rune(s)) > MaxLocationLength {
		return "", Invalidf(field, "Lagerplatsen får vara högst %d tecken.", MaxLocationLength)
	}
	for _, part := range strings.Split(s, "-") {
		if part == "" || strings.IndexFunc(part, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
			return "", Invalid(field, "Ange lagerplats med bokstäver och siffror åtskilda av bindestreck, till exempel A-03-2.")
		}
	}
	return s, nil
}

// LocationMatches reports whether a location is the one asked for or lies
// under it: "A-03" takes "A-03", "A-03-1" and "A-03-2", not "A-030".
func LocationMatches(location, prefix string) bool {
	return location == prefix || strings.HasPrefix(location, prefix+"-")
}

// CompareLocations orders shelf locations as a picker walks them: part by
// part, numbers by their value ("A-9" before "A-10"), no location last.
func CompareLocations(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	pa, pb := strings.Split(a, "-"), strings.Split(b, "-")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		var c int
		if ea == nil && eb == nil {
			c = na - nb
		} else {
			c = strings.Compare(pa[i], pb[i])
		}
		if c != 0 {
			return c
		}
	}
	return len(pa) - len(pb)
}

// CountDifference is what a count found that the system did not have:
// Delta = Counted − Expected; for an individually tracked article the units
// missing and those found that the system did not have here (Unit "" for an
// unknown serial, which becomes a new unit).
type CountDifference struct {
	Article                  string
	Expected, Counted, Delta int
	Missing                  []string
	Extra                    []CountUnit
}

// None reports whether the count agrees with the system.
func (d CountDifference) None() bool { return d.Delta == 0 && len(d.Missing) == 0 && len(d.Extra) == 0 }

// CountDifferenceOf compares a counted line with what the system has. A line
// not yet counted, a count below what is reserved for orders, and a missing
// unit that is picked for an order cannot be approved: the order must be
// delivered or cancelled first. The field of every message is "lines".
func CountDifferenceOf(l CountLine, st CountStock) (CountDifference, error) {
	d := CountDifference{Article: l.Article}
	if !l.IsCounted {
		return d, Invalidf("lines", "Artikel %s är inte räknad.", l.Article)
	}
	if !l.Individual {
		d.Expected, d.Counted, d.Delta = st.OnHand, l.Counted, l.Counted-st.OnHand
		if l.Counted < st.Reserved {
			return d, Invalidf("lines", "Artikel %s: räknat %d, men %d är reserverade för kundordrar. Leverera eller makulera ordrarna först.",
				l.Article, l.Counted, st.Reserved)
		}
		return d, nil
	}
	found := map[string]bool{}
	for _, u := range l.Units {
		if u.Unit != "" {
			found[u.Unit] = true
		}
	}
	expected := map[string]bool{}
	for _, u := range st.Units {
		expected[u.Number] = true
		if found[u.Number] {
			continue
		}
		if u.Reserved {
			return d, Invalidf("lines", "Individ %s saknas men är plockad till en kundorder. Leverera eller makulera ordern först.", u.Number)
		}
		d.Missing = append(d.Missing, u.Number)
	}
	for _, u := range l.Units {
		if u.Unit == "" || !expected[u.Unit] {
			d.Extra = append(d.Extra, u)
		}
	}
	slices.Sort(d.Missing)
	d.Expected, d.Counted = len(st.Units), len(l.Units)
	d.Delta = d.Counted - d.Expected
	return d, nil
}

// Difference is what an approved line recorded: the system's quantity then,
// what was counted, and the units missing and extra.
func (l CountLine) Difference() CountDifference {
	d := CountDifference{Article: l.Article, Expected: l.Expected, Counted: l.Counted, Delta: l.Counted - l.Expected}
	for _, u := range l.Units {
		switch u.Outcome {
		case "missing":
			d.Missing = append(d.Missing, u.Unit)
		case "extra":
			d.Extra = append(d.Extra, u)
		}
	}
	return d
}
