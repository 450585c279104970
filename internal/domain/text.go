package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Text limits from the manual (SPEC §5 Limits), in characters.
const (
	MaxFaultDescription  = 250 // felbeskrivning on a work order
	MaxPickupInformation = 255 // information on a pickup order
)

// CheckMaxLength refuses value when it has more than max characters, counted
// as Unicode code points so "åäö" is 3. Text is never cut: the user must see
// and shorten it. label is the Swedish field name shown in the message
// ("Felbeskrivning"), field the form field the message belongs to.
func CheckMaxLength(field, label, value string, max int) error {
	n := utf8.RuneCountInString(value)
	if n <= max {
		return nil
	}
	return Invalidf(field, "%s får vara högst %d tecken (du skrev %d).", Term(label), max, n)
}

// FileTooLarge is the refusal of a file over max bytes, naming the limit. A
// file is taken whole or not at all: one over the limit is never read in part
// (a cut CSV would import its first rows and drop the rest without a word).
func FileTooLarge(field string, max int64) *Error {
	return Invalidf(field, "Filen är för stor: högst %d MiB. Inget är ändrat.", max>>20)
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

// NormalizeUsername gives the stored form of a user name: trimmed, upper case.
func NormalizeUsername(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
