package store

import (
	"context"
	"time"
)

// Log review and log extracts (SPEC §10.2) read the audit log by person: an
// access is one audit entry and one person it names (audit_persons), so a list
// that showed forty persons is forty accesses of one entry.

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

// maxAccessRows bounds one period's or one person's accesses read at once.
const maxAccessRows = 50000

const accessColumns = `SELECT a.id, a.at, a.username, COALESCE(u.name, ''), a.action, a.screen, a.entity, a.entity_id,
	a.after_json, p.personnummer, COALESCE(pe.last_name || ', ' || pe.first_name, ''), p.protected,
	r.reviewer, r.reviewed_at, r.comment
	FROM audit_persons p JOIN audit_log a ON a.id = p.audit_id
	LEFT JOIN users u ON u.username = a.username
	LEFT JOIN persons pe ON pe.personnummer = p.personnummer
	LEFT JOIN log_reviews r ON r.audit_id = a.id`

// FindAccesses lists the accesses to person data in [from, to), of one user
// when username is set, oldest first.
func (q *Q) FindAccesses(ctx context.Context, from, to time.Time, username string) ([]PersonAccessRow, error) {
	query := accessColumns + " WHERE a.at >= ? AND a.at < ?"
	args := []any{Timestamp(from), Timestamp(to)}
	if username != "" {
		query += " AND a.username = ?"
		args = append(args, NormalizeUsername(username))
	}
	return q.scanAccesses(ctx, query+" ORDER BY a.at, a.id, p.personnummer LIMIT ?", append(args, maxAccessRows)...)
}

// FindPersonAccesses lists every access to one person's data, oldest first (Loggutdrag).
func (q *Q) FindPersonAccesses(ctx context.Context, personnummer string) ([]PersonAccessRow, error) {
	return q.scanAccesses(ctx, accessColumns+" WHERE p.personnummer = ? ORDER BY a.at, a.id LIMIT ?", personnummer, maxAccessRows)
}

func (q *Q) scanAccesses(ctx context.Context, query string, args ...any) ([]PersonAccessRow, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PersonAccessRow
	for rows.Next() {
		var a PersonAccessRow
		var at string
		var reviewer, reviewedAt, comment *string
		if err := rows.Scan(&a.AuditID, &at, &a.Username, &a.UserName, &a.Action, &a.Screen, &a.Entity, &a.EntityID,
			&a.Criteria, &a.Personnummer, &a.PersonName, &a.Protected, &reviewer, &reviewedAt, &comment); err != nil {
			return nil, err
		}
		a.At = ParseTimestamp(at)
		if reviewer != nil {
			a.Review = &LogReview{Reviewer: *reviewer, ReviewedAt: ParseTimestamp(*reviewedAt), Comment: *comment}
		}
		out = append(out, a)
	}
	return out, rows.Err()
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

// CareHolding is the kind of a holding's event: it lasts from Start to End.
const CareHolding = "holding"

// FindCareEvents returns the care events of the given persons (one query per
// batch of persons, not one per access).
func (q *Q) FindCareEvents(ctx context.Context, personnummers []string) ([]CareEvent, error) {
	var out []CareEvent
	for len(personnummers) > 0 {
		batch := personnummers[:min(len(personnummers), auditPersonsBatch)]
		personnummers = personnummers[len(batch):]
		in := "(" + Placeholders(len(batch)) + ")"
		var args []any
		for range 5 {
			args = withStrings(args, batch)
		}
		rows, err := q.Query(ctx, `
			SELECT 'holding', recipient_personnummer, customer_number, 0, 0, delivery_date, COALESCE(end_date, '') FROM holdings WHERE recipient_personnummer IN `+in+`
			UNION ALL SELECT 'order', recipient_personnummer, customer_number, 0, 0, substr(created_at, 1, 10), '' FROM orders WHERE recipient_personnummer IN `+in+`
			UNION ALL SELECT 'work_order', personnummer, customer_number, 0, 0, substr(registered_at, 1, 10), '' FROM work_orders WHERE personnummer IN `+in+`
			UNION ALL SELECT 'pickup', recipient_personnummer, customer_number, 0, 0, pickup_date, '' FROM pickup_orders WHERE recipient_personnummer IN `+in+`
			UNION ALL SELECT 'transfer', recipient_personnummer, '', from_user_id, to_user_id, substr(sent_at, 1, 10), '' FROM transfers WHERE recipient_personnummer IN `+in,
			args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var e CareEvent
			if err := rows.Scan(&e.Kind, &e.Personnummer, &e.Customer, &e.Users[0], &e.Users[1], &e.Start, &e.End); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, e)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReviewedUser is what log review needs of a user whose accesses it reviews.
type ReviewedUser struct {
	ID         int64
	Prescriber bool
	Customers  []string
}

// FindReviewedUsers returns the named users by username, with their linked
// customers and whether they prescribe.
func (q *Q) FindReviewedUsers(ctx context.Context, usernames []string) (map[string]*ReviewedUser, error) {
	out := map[string]*ReviewedUser{}
	if len(usernames) == 0 {
		return out, nil
	}
	in := "(" + Placeholders(len(usernames)) + ")"
	rows, err := q.Query(ctx, `SELECT u.username, u.id, 'customer', uc.customer_number FROM users u
		JOIN user_customers uc ON uc.user_id = u.id WHERE u.username IN `+in+`
		UNION ALL SELECT u.username, u.id, 'role', r.role FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.username IN `+in,
		withStrings(withStrings(nil, usernames), usernames)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, kind, value string
		var id int64
		if err := rows.Scan(&name, &id, &kind, &value); err != nil {
			return nil, err
		}
		u := out[name]
		if u == nil {
			u = &ReviewedUser{ID: id}
			out[name] = u
		}
		switch {
		case kind == "customer":
			u.Customers = append(u.Customers, value)
		case value == "prescriber":
			u.Prescriber = true
		}
	}
	return out, rows.Err()
}

// FindAuditEntry reads one audit entry (without its persons).
func (q *Q) FindAuditEntry(ctx context.Context, id int64) (*AuditEntry, error) {
	var e AuditEntry
	var at string
	err := q.Get(ctx, `SELECT id, at, username, action, entity, entity_id, personnummer, screen, protected,
		before_json, after_json, request_id FROM audit_log WHERE id = ?`, []any{id}, &e.ID, &at, &e.Username, &e.Action,
		&e.Entity, &e.EntityID, &e.Personnummer, &e.Screen, &e.Protected, &e.Before, &e.After, &e.RequestID)
	e.At = ParseTimestamp(at)
	return &e, err
}

// IsPersonAccess reports whether an audit entry names a person, so it can be reviewed.
func (q *Q) IsPersonAccess(ctx context.Context, auditID int64) (bool, error) {
	var n int
	err := q.Get(ctx, "SELECT COUNT(*) FROM audit_persons WHERE audit_id = ?", []any{auditID}, &n)
	return n > 0, err
}

// SaveLogReview records or replaces the review of an audit entry (the audit
// log keeps every earlier review as its own entry).
func (q *Q) SaveLogReview(ctx context.Context, auditID int64, r LogReview) error {
	_, err := q.Exec(ctx, `INSERT INTO log_reviews (audit_id, reviewer, reviewed_at, comment) VALUES (?, ?, ?, ?)
		ON CONFLICT (audit_id) DO UPDATE SET reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at, comment = excluded.comment`,
		auditID, r.Reviewer, Timestamp(r.ReviewedAt), r.Comment)
	return err
}
