package store

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// TimestampLayout is how every timestamp is stored: UTC, fixed width, so text order is time order.
const TimestampLayout = "2006-01-02T15:04:05.000000Z"

// Timestamp formats t for storage.
func Timestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// ParseTimestamp reads a stored timestamp; an empty string gives the zero time.
func ParseTimestamp(s string) time.Time {
	t, _ := time.Parse(TimestampLayout, s)
	return t
}

// Date formats a civil date for storage (YYYY-MM-DD).
func Date(t time.Time) string { return t.Format(time.DateOnly) }

// ParseDate reads a stored date; an empty string gives the zero time.
func ParseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// Fold lower-cases s and removes accents, for case- and accent-insensitive search
// ("Rullstol Cröss" and "rullstol cross" fold alike). Å, Ä and Ö fold to a, a, o.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// Words splits folded text into search words (letters and digits; other runes separate).
func Words(s string) []string {
	f := strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	seen := make(map[string]bool, len(f))
	out := f[:0]
	for _, w := range f {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// PrefixEnd returns the smallest string greater than every string with the prefix p,
// so "word >= p AND word < PrefixEnd(p)" is an index range scan on both backends.
func PrefixEnd(p string) string {
	return p + "\U0010FFFF"
}

// NormalizeUsername gives the stored form of a user name: trimmed, upper case.
func NormalizeUsername(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
