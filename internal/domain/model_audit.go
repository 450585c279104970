package domain

import "time"

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID           int64
	At           time.Time
	Username     string
	Action       string // e.g. "order.register", "person.view"
	Entity       string
	EntityID     string
	Personnummer string
	Screen       string
	Protected    bool
	Before       string // JSON
	After        string // JSON
	RequestID    string
	// Persons are the persons whose data the entry shows (audit_persons); a list
	// names every person on it. Personnummer, when set, is among them.
	Persons []AuditPerson
}

// AuditPerson is one person an audit entry shows, and whether their identity is
// protected (skyddade personuppgifter) so log review can flag the access.
type AuditPerson struct {
	Personnummer string
	Protected    bool
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	Personnummer string
	Username     string
	Action       string
	Entity       string
	EntityID     string
	From, To     time.Time // To is exclusive
	Limit        int
}
