package domain

import (
	"slices"
	"strconv"
	"strings"
)

// Compatibility of components (SPEC §10.11): an accessory or spare part can name
// the main articles it fits, the side it is mounted on and the sizes it fits.
// Without fit data a component fits everything, as before.

// Side is the side of the unit a component is mounted on.
type Side string

// The sides. Both is a pair, or one part across both sides (a footrest plate
// the width of the chair): it takes the left and the right side.
const (
	SideNone  Side = ""
	SideLeft  Side = "left"
	SideRight Side = "right"
	SideBoth  Side = "both"
)

// Sides are the sides a component can be given, none first.
var Sides = []Side{SideNone, SideLeft, SideRight, SideBoth}

// SideText is the Swedish text of a side ("" for none).
func SideText(s Side) string {
	switch s {
	case SideLeft:
		return "Vänster"
	case SideRight:
		return "Höger"
	case SideBoth:
		return "Båda"
	}
	return ""
}

// ParseSide reads a side from its code or its Swedish text (a CSV file's
// "vänster"); ok is false for anything else.
func ParseSide(s string) (Side, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return SideNone, true
	case "left", "vänster", "v":
		return SideLeft, true
	case "right", "höger", "h":
		return SideRight, true
	case "both", "båda":
		return SideBoth, true
	}
	return "", false
}

// takes reports whether a component on side s takes side x (left or right).
func (s Side) takes(x Side) bool { return s == x || s == SideBoth }

// FitPart is a component (an accessory or a spare part) with its fit data.
type FitPart struct {
	Article, Name string
	// ISOCode says which components are of the same kind: two components of one
	// ISO class cannot take the same side (two left armrests).
	ISOCode string
	// Fits are the main articles the component fits; none: any.
	Fits []string
	Side Side
	// Size is, for a main aid, its size (a seat width "40" or a code "M"); for a
	// component, the sizes of the main aid it fits ("38-42", "S, M"). Empty: any.
	Size string
}

// FitUnit is what a component is mounted on: a main aid's article (a unit's, or
// an order line's) with the components it carries already, or will carry.
type FitUnit struct {
	Article, Name, Size string
	Installed           []FitPart
}

// CheckFit says why part does not fit u, or nothing (no Format) when it fits:
// the main article must be one it fits, the sizes must meet, and it must not
// take a side that a component of the same kind takes already. A spare part
// replaces a part, so it is checked with no Installed.
func CheckFit(u FitUnit, part FitPart) Formatted {
	if len(part.Fits) > 0 && !slices.Contains(part.Fits, u.Article) {
		return Msgf("%s %s passar inte %s %s: den passar bara %s.", part.Article, part.Name, u.Article, u.Name, strings.Join(part.Fits, ", "))
	}
	if part.Size != "" && u.Size != "" && !SizesMeet(part.Size, u.Size) {
		return Msgf("%s %s passar inte %s %s i storlek %s: den passar storlek %s.", part.Article, part.Name, u.Article, u.Name, u.Size, part.Size)
	}
	if part.Side == SideNone {
		return Formatted{}
	}
	for _, x := range []Side{SideLeft, SideRight} {
		if !part.Side.takes(x) {
			continue
		}
		for _, in := range u.Installed {
			if in.Side.takes(x) && in.ISOCode == part.ISOCode {
				return Msgf("%s %s passar inte: %s sida har redan %s %s av samma slag.", part.Article, part.Name,
					Term(strings.ToLower(SideText(x))), in.Article, in.Name)
			}
		}
	}
	return Formatted{}
}

// sizeItem is one item of a size list: a number range, or a code.
type sizeItem struct {
	lo, hi float64
	code   string // lower case; "" for a range
}

// parseSizes reads a size list: items separated by commas, semicolons or
// spaces, each a number ("40"), a range ("38-42") or a code ("M", "XL").
func parseSizes(spec string) ([]sizeItem, bool) {
	var out []sizeItem
	for _, f := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' }) {
		f = strings.ReplaceAll(f, "–", "-")
		lo, hi, isRange := strings.Cut(f, "-")
		if isRange && lo != "" {
			l, err1 := strconv.ParseFloat(lo, 64)
			h, err2 := strconv.ParseFloat(hi, 64)
			if err1 != nil || err2 != nil || l > h {
				return nil, false
			}
			out = append(out, sizeItem{lo: l, hi: h})
			continue
		}
		if n, err := strconv.ParseFloat(f, 64); err == nil {
			out = append(out, sizeItem{lo: n, hi: n})
			continue
		}
		out = append(out, sizeItem{code: strings.ToLower(f)})
	}
	return out, true
}

// CheckSize returns an error unless spec is a size list (see FitPart.Size).
func CheckSize(field, spec string) error {
	if _, ok := parseSizes(spec); !ok {
		return Invalid(field, "Skriv storleken som tal, intervall eller kod, till exempel 40, 38-42 eller M.")
	}
	return nil
}

// SizesMeet reports whether two size lists have a size in common; a list that
// cannot be read meets nothing.
func SizesMeet(a, b string) bool {
	as, ok1 := parseSizes(a)
	bs, ok2 := parseSizes(b)
	if !ok1 || !ok2 {
		return false
	}
	for _, x := range as {
		for _, y := range bs {
			if x.code != "" || y.code != "" {
				if x.code == y.code {
					return true
				}
				continue
			}
			if x.lo <= y.hi && y.lo <= x.hi {
				return true
			}
		}
	}
	return false
}
