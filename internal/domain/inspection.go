package domain

import "time"

// Planned maintenance and inspection (FU/besiktning, SPEC §10.5).

// The results of an inspection.
const (
	InspectionApproved = "approved"
	InspectionFailed   = "failed"
)

// InspectionResultText is the Swedish word for a result.
func InspectionResultText(r string) string {
	switch r {
	case InspectionApproved:
		return "Godkänd"
	case InspectionFailed:
		return "Underkänd"
	}
	return r
}

// InspectionPriority is the priority of the work orders a due list creates:
// planned maintenance (5).
const InspectionPriority = 5

// InspectionActionType is the action type code of an inspection work order.
const InspectionActionType = "inspection"

// NextInspection is a unit's next FU: its last FU, or its delivery when it has
// had none, plus the article's interval in months; zero when the article has
// no interval or there is nothing to count from. A month end is kept (the
// 31st plus one month is the last day of the next month, not the 1st after).
func NextInspection(lastFU, delivered time.Time, months int) time.Time {
	from := lastFU
	if from.IsZero() {
		from = delivered
	}
	if months <= 0 || from.IsZero() {
		return time.Time{}
	}
	next := from.AddDate(0, months, 0)
	if next.Day() != from.Day() {
		// AddDate overflowed into the next month: step back to its last day.
		next = next.AddDate(0, 0, -next.Day())
	}
	return next
}

// InspectionDue reports whether a unit's next FU falls within days from today
// (overdue ones included).
func InspectionDue(next, today time.Time, days int) bool {
	return !next.IsZero() && !next.After(today.AddDate(0, 0, days))
}
