package store

import (
	"encoding/json"
	"strings"
)

// A page's short lists (a user's roles, a unit's history) come with its main
// row in one round trip: aggregated into one text in the row's query and split
// or decoded here.

// listSeparator separates the values of listOf (ASCII unit separator: no role
// or customer number holds it).
const listSeparator = "\x1f"

// listOf aggregates a column's values, sorted, into one text (splitList).
func (q *Q) listOf(column string) string {
	if q.Dialect == Postgres {
		return "string_agg(" + column + ", chr(31) ORDER BY " + column + ")"
	}
	return "group_concat(" + column + ", char(31) ORDER BY " + column + ")"
}

// jsonList is a correlated subquery's rows as one JSON array of objects, in
// order ('[]' for none), so that a page's lists come with its main row in one
// round trip (decodeList): fields are "'Key', expression" pairs, from is the
// FROM … WHERE part. Keys are the Go fields' names; no booleans (SQLite writes 0 and 1).
func (q *Q) jsonList(fields, from, order string) string {
	agg := "json_group_array(json_object(" + fields + ") ORDER BY " + order + ")"
	if q.Dialect == Postgres {
		agg = "json_agg(json_build_object(" + fields + ") ORDER BY " + order + ")"
	}
	return "CAST(COALESCE((SELECT " + agg + " " + from + "), '[]') AS TEXT)"
}

// decodeList reads a jsonList; none is nil, as rows scanned one by one.
func decodeList[T any](text string) ([]T, error) {
	var out []T
	if err := json.Unmarshal([]byte(text), &out); err != nil || len(out) == 0 {
		return nil, err
	}
	return out, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, listSeparator)
}
