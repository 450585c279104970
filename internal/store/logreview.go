package store

import (
	"context"
	"hjalpmedel/internal/domain"
	"time"
)

// Log review and log extracts (SPEC §10.2) read the audit log by person: an
// access is one audit entry and one person it names (audit_persons), so a list
// that showed forty persons is forty accesses of one entry.

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
func (q *Q) FindAccesses(ctx context.Context, from, to time.Time, username string) ([]domain.PersonAccessRow, error) {
	query := accessColumns + " WHERE a.at >= ? AND a.at < ?"
	args := []any{domain.FormatTimestamp(from), domain.FormatTimestamp(to)}
	if username != "" {
		query += " AND a.username = ?"
		args = append(args, domain.NormalizeUsername(username))
	}
	return q.scanAccesses(ctx, query+" ORDER BY a.at, a.id, p.personnummer LIMIT ?", append(args, maxAccessRows)...)
}

// FindPersonAccesses lists every access to one person's data, oldest first (Loggutdrag).
func (q *Q) FindPersonAccesses(ctx context.Context, personnummer string) ([]domain.PersonAccessRow, error) {
	return q.scanAccesses(ctx, accessColumns+" WHERE p.personnummer = ? ORDER BY a.at, a.id LIMIT ?", personnummer, maxAccessRows)
}

func (q *Q) scanAccesses(ctx context.Context, query string, args ...any) ([]domain.PersonAccessRow, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PersonAccessRow
	for rows.Next() {
		var a domain.PersonAccessRow
		var at string
		var reviewer, reviewedAt, comment *string
		if err := rows.Scan(&a.AuditID, &at, &a.Username, &a.UserName, &a.Action, &a.Screen, &a.Entity, &a.EntityID,
			&a.Criteria, &a.Personnummer, &a.PersonName, &a.Protected, &reviewer, &reviewedAt, &comment); err != nil {
			return nil, err
		}
		a.At = domain.ParseTimestamp(at)
		if reviewer != nil {
			a.Review = &domain.LogReview{Reviewer: *reviewer, ReviewedAt: domain.ParseTimestamp(*reviewedAt), Comment: *comment}
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindCareEvents returns the care events of the given persons (one query per
// batch of persons, not one per access).
func (q *Q) FindCareEvents(ctx context.Context, personnummers []string) ([]domain.CareEvent, error) {
	var out []domain.CareEvent
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
			var e domain.CareEvent
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

// FindReviewedUsers returns the named users by username, with their linked
// customers and whether they prescribe.
func (q *Q) FindReviewedUsers(ctx context.Context, usernames []string) (map[string]*domain.ReviewedUser, error) {
	out := map[string]*domain.ReviewedUser{}
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
			u = &domain.ReviewedUser{ID: id}
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
func (q *Q) FindAuditEntry(ctx context.Context, id int64) (*domain.AuditEntry, error) {
	var e domain.AuditEntry
	var at string
	err := q.Get(ctx, `SELECT id, at, username, action, entity, entity_id, personnummer, screen, protected,
		before_json, after_json, request_id FROM audit_log WHERE id = ?`, []any{id}, &e.ID, &at, &e.Username, &e.Action,
		&e.Entity, &e.EntityID, &e.Personnummer, &e.Screen, &e.Protected, &e.Before, &e.After, &e.RequestID)
	e.At = domain.ParseTimestamp(at)
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
func (q *Q) SaveLogReview(ctx context.Context, auditID int64, r domain.LogReview) error {
	_, err := q.Exec(ctx, `INSERT INTO log_reviews (audit_id, reviewer, reviewed_at, comment) VALUES (?, ?, ?, ?)
		ON CONFLICT (audit_id) DO UPDATE SET reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at, comment = excluded.comment`,
		auditID, r.Reviewer, domain.FormatTimestamp(r.ReviewedAt), r.Comment)
	return err
}
