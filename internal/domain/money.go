package domain

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"unicode"
)

// Ore is an amount of money in öre (1/100 krona). Money is always an integer
// so sums and billing runs are exact and repeatable; never use float64.
type Ore int64

// Swedish messages for an amount that cannot be read; also catalogue keys.
const (
	MsgAmountFormat   = "Skriv beloppet med siffror, till exempel 45,50."
	MsgAmountDecimals = "Beloppet får ha högst två decimaler."
	MsgAmountTooLarge = "Beloppet är för stort."
)

// magnitude returns |o| as uint64; correct for math.MinInt64 too.
func (o Ore) magnitude() uint64 {
	if o < 0 {
		return uint64(-(o + 1)) + 1
	}
	return uint64(o)
}

// APIString returns the amount in kronor with a decimal point and exactly two
// decimals ("119.20", "-5.05", "0.00"), the machine form used in JSON and CSV.
func (o Ore) APIString() string {
	m := o.magnitude()
	s := strconv.FormatUint(m/100, 10) + "." + twoDigits(m%100)
	if o < 0 {
		return "-" + s
	}
	return s
}

// Display returns the amount the Swedish way, "2 471,60": a non-breaking
// space (U+00A0) between thousands, so a number never wraps across lines,
// and a decimal comma. The caller adds " kr" where the page needs it.
func (o Ore) Display() string {
	m := o.magnitude()
	whole := strconv.FormatUint(m/100, 10)
	var b strings.Builder
	if o < 0 {
		b.WriteByte('-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteByte(whole[i])
	}
	b.WriteByte(',')
	b.WriteString(twoDigits(m % 100))
	return b.String()
}

func twoDigits(n uint64) string {
	if n < 10 {
		return "0" + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n, 10)
}

// ParseOre reads an amount in kronor as users and files write it: "45.50",
// "45,50", "45", "2 471,60" (spaces, including non-breaking ones, may group
// thousands), with an optional leading minus. More than two decimals is
// refused rather than rounded, since the user meant something we cannot
// guess. The error has code EInvalid and no field: the caller knows which
// field it parsed, e.g. Invalid("price", ErrorMessage(err)).
func ParseOre(s string) (Ore, error) {
	s = strings.TrimSpace(s)
	negative := false
	if strings.HasPrefix(s, "-") {
		negative = true
		s = strings.TrimSpace(s[1:])
	}
	whole, frac, hasSep := s, "", false
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, frac, hasSep = s[:i], s[i+1:], true
	}
	whole = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1 // thousands grouping
		}
		return r
	}, whole)
	if whole == "" || !allASCIIDigits(whole) || (hasSep && (frac == "" || !allASCIIDigits(frac))) {
		return 0, Errorf(EInvalid, "%s", MsgAmountFormat)
	}
	if len(frac) > 2 {
		return 0, Errorf(EInvalid, "%s", MsgAmountDecimals)
	}
	kronor, err := strconv.ParseUint(whole, 10, 64)
	if err != nil || kronor > math.MaxInt64/100 {
		return 0, Errorf(EInvalid, "%s", MsgAmountTooLarge)
	}
	ore := int64(kronor) * 100
	if frac != "" {
		f, _ := strconv.Atoi(frac)
		if len(frac) == 1 {
			f *= 10 // "45,5" is 45,50
		}
		if ore > math.MaxInt64-int64(f) {
			return 0, Errorf(EInvalid, "%s", MsgAmountTooLarge)
		}
		ore += int64(f)
	}
	if negative {
		ore = -ore
	}
	return Ore(ore), nil
}

func allASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MulDivRoundHalfUp returns amount × num ÷ den rounded half-up to whole öre,
// with halves rounded away from zero for negative results (−0,5 öre → −1).
// Billing uses it for "monthly rent × days held ÷ days in month" (SPEC §7).
// The product is computed in 128 bits, so it is exact and cannot overflow
// midway. It panics if den is 0 or the result does not fit in an Ore; both are
// programming errors, not user input.
func MulDivRoundHalfUp(amount Ore, num, den int64) Ore {
	if den == 0 {
		panic("domain.MulDivRoundHalfUp: division by zero")
	}
	negative := (amount < 0) != (num < 0) != (den < 0)
	a, n, d := amount.magnitude(), Ore(num).magnitude(), Ore(den).magnitude()
	hi, lo := bits.Mul64(a, n)
	if hi >= d {
		panic("domain.MulDivRoundHalfUp: result overflows")
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // r/d ≥ ½, written so that 2r cannot overflow
		q++
	}
	if negative {
		if q > 1<<63 {
			panic("domain.MulDivRoundHalfUp: result overflows")
		}
		return Ore(-int64(q-1) - 1)
	}
	if q > math.MaxInt64 {
		panic("domain.MulDivRoundHalfUp: result overflows")
	}
	return Ore(q)
}
