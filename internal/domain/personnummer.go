package domain

import (
	"strconv"
	"time"
	"unicode"
)

// Personnummer is a Swedish personal identity number (or samordningsnummer),
// always stored as 12 ASCII digits YYYYMMDDNNNC. Build one with
// ParsePersonnummer so the invariant holds.
type Personnummer string

// The field name used in errors, so forms can show the message next to it.
const personnummerField = "personnummer"

// Swedish messages for a rejected personnummer. They are also keys into the
// English catalogue, so keep them stable.
const (
	MsgPersonnummerEmpty      = "Skriv personnummer."
	MsgPersonnummerCharacters = "Personnummer får bara innehålla siffror, bindestreck och mellanslag."
	MsgPersonnummerLength     = "Skriv personnummer med samtliga 12 siffror (ÅÅÅÅMMDD-NNNN)."
	MsgPersonnummerFormat     = "Skriv personnummer som ÅÅÅÅMMDD-NNNN."
	MsgPersonnummerDate       = "Personnumret innehåller ett datum som inte finns."
	MsgPersonnummerCheckDigit = "Personnumrets sista siffra (kontrollsiffran) stämmer inte. Kontrollera att du skrivit rätt."
)

// Coordination numbers (samordningsnummer) add 60 to the day of birth.
const coordinationDayOffset = 60

// Birth years outside this range are typing errors, not people; the upper
// bound only keeps the number four digits.
const minBirthYear = 1800

// ParsePersonnummer accepts 12 digits with an optional "-" or "+" between the
// date and the last four digits, and spaces anywhere; it returns the
// normalised 12-digit form. The 10-digit form is refused on purpose: the
// century cannot be guessed safely and the manual asks for all 12 digits.
func ParsePersonnummer(s string) (Personnummer, error) {
	digits := make([]byte, 0, 12)
	separatorAt := -1 // number of digits before the separator
	separators := 0
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			// People paste numbers with spaces; they carry no meaning.
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '-' || r == '+':
			separators++
			separatorAt = len(digits)
		default:
			return "", Invalid(personnummerField, MsgPersonnummerCharacters)
		}
	}
	if len(digits) == 0 && separators == 0 {
		return "", Invalid(personnummerField, MsgPersonnummerEmpty)
	}
	if len(digits) != 12 {
		return "", Invalid(personnummerField, MsgPersonnummerLength)
	}
	if separators > 1 || (separators == 1 && separatorAt != 8) {
		return "", Invalid(personnummerField, MsgPersonnummerFormat)
	}
	if _, ok := birthDate(digits); !ok {
		return "", Invalid(personnummerField, MsgPersonnummerDate)
	}
	if LuhnCheckDigit(string(digits[2:11])) != digits[11] {
		return "", Invalid(personnummerField, MsgPersonnummerCheckDigit)
	}
	return Personnummer(digits), nil
}

// birthDate reads the date part of 12 validated digits, undoing the
// samordningsnummer offset; ok is false for a date that does not exist.
func birthDate(digits []byte) (time.Time, bool) {
	year, _ := strconv.Atoi(string(digits[0:4]))
	month, _ := strconv.Atoi(string(digits[4:6]))
	day, _ := strconv.Atoi(string(digits[6:8]))
	if day > coordinationDayOffset {
		day -= coordinationDayOffset
	}
	if year < minBirthYear || month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	d := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 30 Feb to 2 Mar; a changed month means no such day.
	if d.Month() != time.Month(month) || d.Day() != day {
		return time.Time{}, false
	}
	return d, true
}

// LuhnCheckDigit returns the Luhn check digit, as an ASCII character '0'–'9',
// for the nine digits YYMMDDNNN (the last ten digits of a personnummer
// without the check digit). Test-data generators use it to build valid
// numbers: nine + string(LuhnCheckDigit(nine)). It panics unless nine is
// exactly nine ASCII digits, which is a programming error.
func LuhnCheckDigit(nine string) byte {
	if len(nine) != 9 {
		panic("domain.LuhnCheckDigit: want 9 digits, got " + strconv.Quote(nine))
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := nine[i]
		if c < '0' || c > '9' {
			panic("domain.LuhnCheckDigit: want 9 digits, got " + strconv.Quote(nine))
		}
		n := int(c - '0')
		if i%2 == 0 { // weights 2,1,2,1,… from the left
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return byte('0' + (10-sum%10)%10)
}

// BirthDate returns the date of birth (midnight UTC, a civil date); for a
// samordningsnummer the 60 added to the day is taken off.
func (p Personnummer) BirthDate() time.Time {
	if len(p) != 12 {
		return time.Time{}
	}
	d, _ := birthDate([]byte(p))
	return d
}

// Sex returns "M" (man) or "K" (kvinna) from the second-to-last digit:
// odd means man, even means woman.
func (p Personnummer) Sex() string {
	if len(p) != 12 {
		return ""
	}
	if (p[10]-'0')%2 == 1 {
		return "M"
	}
	return "K"
}

// IsCoordinationNumber reports whether p is a samordningsnummer (day + 60),
// given to people who are not or have not been registered in Sweden.
func (p Personnummer) IsCoordinationNumber() bool {
	if len(p) != 12 {
		return false
	}
	day, _ := strconv.Atoi(string(p[6:8]))
	return day > coordinationDayOffset
}

// Formatted returns the form users read and type: YYYYMMDD-NNNN.
func (p Personnummer) Formatted() string {
	if len(p) != 12 {
		return string(p)
	}
	return string(p[:8]) + "-" + string(p[8:])
}

// String returns the stored 12-digit form.
func (p Personnummer) String() string {
	return string(p)
}
