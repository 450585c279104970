package domain

import "time"

// TimestampLayout is how every timestamp is stored: UTC, fixed width, so text order is time order.
const TimestampLayout = "2006-01-02T15:04:05.000000Z"

// FormatTimestamp formats t for storage.
func FormatTimestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// ParseTimestamp reads a stored timestamp; an empty string gives the zero time.
func ParseTimestamp(s string) time.Time {
	t, _ := time.Parse(TimestampLayout, s)
	return t
}

// FormatDate formats a civil date for storage and the API (YYYY-MM-DD).
func FormatDate(t time.Time) string { return t.Format(time.DateOnly) }

// ParseDate reads a stored date; an empty string gives the zero time.
func ParseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// StoredTimestamp is t as a timestamp reads back from the database: UTC, to the microsecond.
func StoredTimestamp(t time.Time) time.Time { return ParseTimestamp(FormatTimestamp(t)) }

// StoredDate is t as a date reads back from the database (the zero time stays zero).
func StoredDate(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return ParseDate(FormatDate(t))
}
