package store

import (
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// where collects the AND-ed conditions of a list query and their arguments, so
// that a filter's optional fields become SQL one line each.
type where struct {
	conds []string
	args  []any
}

// add appends a condition and its arguments.
func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in appends "column IN (…)" for a non-empty list.
func (w *where) in(column string, values []string) {
	if len(values) == 0 {
		return
	}
	w.conds = append(w.conds, column+" IN ("+Placeholders(len(values))+")")
	for _, v := range values {
		w.args = append(w.args, v)
	}
}

// during appends from <= column < to for the bounds that are set (column holds
// stored timestamps, which sort as they read).
func (w *where) during(column string, from, to time.Time) {
	if !from.IsZero() {
		w.add(column+" >= ?", domain.FormatTimestamp(from))
	}
	if !to.IsZero() {
		w.add(column+" < ?", domain.FormatTimestamp(to))
	}
}

// sql is " WHERE a AND b", or "" without conditions.
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// nameConds are the conditions on persons of a CFR name search ("Efternamn
// Förnamn"): the first word is a prefix of the last name (an index range), each
// other word appears in the name. ok is false when name has no word.
func nameConds(name string) (conds []string, args []any, ok bool) {
	words := domain.Words(name)
	if len(words) == 0 {
		return nil, nil, false
	}
	conds = append(conds, "last_name_folded >= ? AND last_name_folded < ?")
	args = append(args, words[0], PrefixEnd(words[0]))
	for _, w := range words[1:] {
		conds = append(conds, "(last_name_folded || ' ' || first_name_folded) LIKE ?")
		args = append(args, "%"+w+"%")
	}
	return conds, args, true
}

// personsNamed is a subquery of the personnummers of the persons a CFR name
// search finds, with its arguments; "" when name has no word.
func personsNamed(name string) (string, []any) {
	conds, args, ok := nameConds(name)
	if !ok {
		return "", nil
	}
	return "SELECT personnummer FROM persons WHERE " + strings.Join(conds, " AND "), args
}

// personNamed appends "column IN (the persons named name)" when name has a word.
func (w *where) personNamed(column, name string) {
	if sub, args := personsNamed(name); sub != "" {
		w.add(column+" IN ("+sub+")", args...)
	}
}
