package domain

import (
	"fmt"
	"strconv"
)

// DocKind is a document type with its own number sequence (SPEC §5 Numbers).
type DocKind string

// The document types that are numbered.
const (
	DocOrder     DocKind = "order"     // kundorder
	DocWorkOrder DocKind = "workorder" // arbetsorder
	DocPickup    DocKind = "pickup"    // hämtorder
	DocPurchase  DocKind = "purchase"  // inköpsorder
)

// DocKinds lists every numbered document type, e.g. for seeding sequences.
var DocKinds = []DocKind{DocOrder, DocWorkOrder, DocPickup, DocPurchase}

// Valid reports whether k is one of the known document types.
func (k DocKind) Valid() bool {
	switch k {
	case DocOrder, DocWorkOrder, DocPickup, DocPurchase:
		return true
	}
	return false
}

// Label returns the Swedish name users see before the number
// ("Kundorder 15500607").
func (k DocKind) Label() string {
	switch k {
	case DocOrder:
		return "Kundorder"
	case DocWorkOrder:
		return "Arbetsorder"
	case DocPickup:
		return "Hämtorder"
	case DocPurchase:
		return "Inköpsorder"
	}
	return string(k)
}

// FormatDocNumber returns a document number: the last two digits of the year
// followed by the sequence zero-padded to six digits, e.g. (2015, 500607) ->
// "15500607". A sequence past 999999 is not cut but grows a digit
// ("261000000"), because numbers must never be reused. The store owns the
// sequence; seq is expected to be positive.
func FormatDocNumber(year int, seq int64) string {
	yy := year % 100
	if yy < 0 {
		yy = -yy
	}
	return fmt.Sprintf("%02d%06d", yy, seq)
}

// maxDocNumberLength keeps a number within two year digits plus an int64
// sequence, so a pasted long string cannot pass as a number.
const maxDocNumberLength = 2 + 19

// ValidDocNumber reports whether s looks like a document number: at least
// eight ASCII digits. It says nothing about whether the document exists.
func ValidDocNumber(s string) bool {
	if len(s) < 8 || len(s) > maxDocNumberLength {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if _, err := strconv.ParseInt(s[2:], 10, 64); err != nil {
		return false
	}
	return true
}
