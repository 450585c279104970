package domain

import "time"

// PersonAccessRow is one access to one person's data.
type PersonAccessRow struct {
	AuditID      int64
	At           time.Time
	Username     string
	UserName     string // the user's name; empty for a user who no longer exists
	Action       string
	Screen       string
	Entity       string
	EntityID     string
	Criteria     string // the after JSON of a look-up: its search criteria
	Personnummer string
	PersonName   string // "Efternamn, Förnamn"; empty for a number nobody has
	Protected    bool
	Review       *LogReview
}

// LogReview is a log reviewer's note on an audit entry.
type LogReview struct {
	Reviewer   string
	ReviewedAt time.Time
	Comment    string
}

// CareEvent is a dated event of a person under a customer (a holding from its
// delivery to its end, an order, a work order, a pickup) or between two users
// (a transfer: From/To users), for the care-relation rule of log review.
type CareEvent struct {
	Kind         string // CareHolding, or the table of a single-day event
	Personnummer string
	Customer     string // "" for a transfer
	Users        [2]int64
	Start, End   string // dates YYYY-MM-DD; End is "" for an open holding or a single day
}

// ReviewedUser is what log review needs of a user whose accesses it reviews.
type ReviewedUser struct {
	ID         int64
	Prescriber bool
	Customers  []string
}

// CareHolding is the kind of a holding's event: it lasts from Start to End.
const CareHolding = "holding"
