package domain

import (
	"fmt"
	"time"
)

// Work-order priorities (aktivitetsprioritet), manual "Arbetsorder" and SPEC §5.
// The prescriber proposes one; the technician makes the final assessment.
const (
	PriorityNormal     = 1 // started within 3 working days
	PriorityCanWait    = 2 // no due time: waits until it can be coordinated
	PriorityUrgent     = 3 // done within 3 working days
	PriorityAcute      = 4 // done within 24 hours
	PriorityInspection = 5 // planned
	PrioritySupplier   = 6 // supplier action
)

// PriorityInfo is a priority with the manual's name and explanation.
type PriorityInfo struct {
	Level       int
	Name        string // "1. Normal aktivitet"
	Explanation string // shown beside the list so the prescriber chooses right
}

// Priorities lists the six levels in the manual's order and words.
var Priorities = []PriorityInfo{
	{1, "1. Normal aktivitet", "Ska vara påbörjad inom 3 (tre) arbetsdagar efter beställning."},
	{2, "2. Normal kan vänta till samordning kan ske", "Ingen bestämd tid; utförs när besöket kan samordnas."},
	{3, "3. Brådskande", "Ska vara åtgärdad inom 3 (tre) arbetsdagar efter beställning."},
	{4, "4. Akut åtgärdas inom 24 timmar", "Behovet ska vara kopplat till svårigheter att sköta basala behov som att sova, komma till/från toaletten samt klara att äta och dricka."},
	{5, "5. Besiktning/förebyggande underhåll", "Planeras av teknisk service."},
	{6, "6. Leverantörsåtgärd", "Åtgärdas av leverantören."},
}

// ValidPriority reports whether p is one of the six levels.
func ValidPriority(p int) bool { return p >= 1 && p <= 6 }

// PriorityName returns the manual's name of a level ("4. Akut åtgärdas inom 24 timmar").
func PriorityName(p int) string {
	if ValidPriority(p) {
		return Priorities[p-1].Name
	}
	return fmt.Sprint(p)
}

// DueKind says what must have happened by a work order's due time.
type DueKind string

const (
	DueNone    DueKind = ""        // no due time (priorities 2, 5, 6)
	DueStarted DueKind = "started" // the work must have started (priority 1)
	DueDone    DueKind = "done"    // the work must be done (priorities 3 and 4)
)

// WorkOrderDue returns when a work order of priority p registered at
// registered is due, and what is due then (SPEC §5):
//   - 1: started within 3 working days: the end of the third working day after
//     the registration date (registered on a Friday: the Wednesday after);
//   - 3: done within 3 working days, the same day;
//   - 4: done within 24 hours, counted in clock hours, weekends and holidays included;
//   - 2, 5, 6: no due time (ok is false).
//
// "The end of a day" is 23:59:59 Swedish time, so a date shown to the user is
// the day the work is due on.
func WorkOrderDue(p int, registered time.Time) (due time.Time, kind DueKind, ok bool) {
	switch p {
	case PriorityNormal, PriorityUrgent:
		d := AddWorkingDays(registered, 3)
		y, m, dd := d.Date()
		due = time.Date(y, m, dd, 23, 59, 59, 0, Stockholm)
		return due, DueKindOf(p), true
	case PriorityAcute:
		return registered.Add(24 * time.Hour), DueKindOf(p), true
	}
	return time.Time{}, DueNone, false
}

// DueKindOf says what must have happened by the due time of a work order of priority p.
func DueKindOf(p int) DueKind {
	switch p {
	case PriorityNormal:
		return DueStarted
	case PriorityUrgent, PriorityAcute:
		return DueDone
	}
	return DueNone
}

// WorkOrderOverdue reports whether an open work order of priority p is past its
// due time at now: a "started" due (priority 1) is met once the work has
// started, a "done" due once it is closed. It is the one overdue rule: the
// technician's queue, the work-order page, the API and the report all ask it.
func WorkOrderOverdue(p int, due time.Time, started, closed bool, now time.Time) bool {
	kind := DueKindOf(p)
	if kind == DueNone || due.IsZero() || closed {
		return false
	}
	if kind == DueStarted && started {
		return false
	}
	return now.After(due)
}
