package domain

import "unicode"

// MinPasswordLength is the shortest password accepted, counted in characters
// (Unicode code points), not bytes.
const MinPasswordLength = 8

// Swedish messages for a refused password; also keys into the English catalogue.
const (
	MsgPasswordTooShort = "Lösenordet måste vara minst 8 tecken."
	MsgPasswordMix      = "Lösenordet måste innehålla både små och stora bokstäver och siffror."
)

// CheckPasswordRule checks the password rule: at least 8 characters with a
// lower-case letter, an upper-case letter and a digit. Letters are judged by
// Unicode, so "å" and "Å" count as the Swedish letters they are.
func CheckPasswordRule(pw string) error {
	n := 0
	var lower, upper, digit bool
	for _, r := range pw {
		n++
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if n < MinPasswordLength {
		return Invalid("password", MsgPasswordTooShort)
	}
	if !lower || !upper || !digit {
		return Invalid("password", MsgPasswordMix)
	}
	return nil
}
