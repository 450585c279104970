package store

import (
	"encoding/json"
	"strconv"
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
	return q.listOrdered(column, column)
}

// listOrdered aggregates an expression's values, in the order of another,
// into one text (splitList).
func (q *Q) listOrdered(expr, order string) string {
	if q.Dialect == Postgres {
		return "string_agg(" + expr + ", chr(31) ORDER BY " + order + ")"
	}
	return "group_concat(" + expr + ", char(31) ORDER BY " + order + ")"
}

// A field is one column of a row that is read both on its own (columns) and
// inside a JSON list (jsonFirst): key is the Go field's name, expr the
// expression, and flag marks a boolean.
type field struct {
	key, expr string
	flag      bool
}

// columns is the fields' expressions, for a SELECT that scans them in order.
func columns(fs []field) string {
	exprs := make([]string, len(fs))
	for i, f := range fs {
		exprs[i] = f.expr
	}
	return strings.Join(exprs, ", ")
}

// jsonList is a correlated subquery's rows as one JSON array of objects, in
// order ('[]' for none), so that a page's lists come with its main row in one
// round trip (decodeList): fields are "'Key', expression" pairs, from is the
// FROM … WHERE part. Keys are the Go fields' names; no booleans (SQLite writes
// 0 and 1; jsonFirst writes them as JSON).
func (q *Q) jsonList(fields, from, order string) string {
	agg := "json_group_array(json_object(" + fields + ") ORDER BY " + order + ")"
	if q.Dialect == Postgres {
		agg = "json_agg(json_build_object(" + fields + ") ORDER BY " + order + ")"
	}
	return "CAST(COALESCE((SELECT " + agg + " " + from + "), '[]') AS TEXT)"
}

// jsonFirst is, as a jsonList, the first rows of from that match where, in
// order: the fields are read once, in a subquery that takes the arguments of
// where and then a LIMIT and an OFFSET. SQLite has no boolean: a flag is
// written as JSON true or false there, as PostgreSQL does.
func (q *Q) jsonFirst(fields []field, from, where, order string) string {
	cols := make([]string, len(fields))
	pairs := make([]string, len(fields))
	for i, f := range fields {
		c := "x.c" + strconv.Itoa(i)
		cols[i] = f.expr + " AS c" + strconv.Itoa(i)
		if f.flag && q.Dialect != Postgres {
			c = "json(CASE WHEN " + c + " THEN 'true' ELSE 'false' END)"
		}
		pairs[i] = "'" + f.key + "', " + c
	}
	return q.jsonList(strings.Join(pairs, ", "), "FROM (SELECT "+strings.Join(cols, ", ")+", row_number() OVER (ORDER BY "+order+") AS n "+
		from+" WHERE "+where+" ORDER BY "+order+" LIMIT ? OFFSET ?) x", "x.n")
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
