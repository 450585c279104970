package store

import (
	"context"
	"encoding/json"
	"time"
)

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
}

// AppendAudit writes an entry; there is deliberately no update or delete.
func (q *Q) AppendAudit(ctx context.Context, e AuditEntry) error {
	_, err := q.Exec(ctx, `INSERT INTO audit_log (at, username, action, entity, entity_id, personnummer,
		screen, protected, before_json, after_json, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		Timestamp(e.At), e.Username, e.Action, e.Entity, e.EntityID, e.Personnummer, e.Screen, e.Protected,
		e.Before, e.After, e.RequestID)
	return err
}

// JSON renders v for the before/after columns; nil gives "".
func JSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
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

// FindAudit lists entries newest first.
func (q *Q) FindAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	query := `SELECT id, at, username, action, entity, entity_id, personnummer, screen, protected,
		before_json, after_json, request_id FROM audit_log WHERE 1 = 1`
	var args []any
	add := func(cond string, v any) { query += " AND " + cond; args = append(args, v) }
	if f.Personnummer != "" {
		add("personnummer = ?", f.Personnummer)
	}
	if f.Username != "" {
		add("username = ?", NormalizeUsername(f.Username))
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		add("entity_id = ?", f.EntityID)
	}
	if !f.From.IsZero() {
		add("at >= ?", Timestamp(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", Timestamp(f.To))
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	query += " ORDER BY at DESC, id DESC LIMIT ?"
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Personnummer,
			&e.Screen, &e.Protected, &e.Before, &e.After, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = ParseTimestamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
