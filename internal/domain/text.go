package domain

import "unicode/utf8"

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
