package store

import (
	"context"
	"hjalpmedel/internal/domain"
	"strings"
)

// auditPersonsBatch keeps one INSERT's argument count well below SQLite's and
// PostgreSQL's limits however long the list is.
const auditPersonsBatch = 300

// AppendAudit writes an entry and the persons it shows; there is deliberately no
// update or delete. On PostgreSQL an entry of up to auditPersonsBatch persons
// is one statement, which needs no transaction of its own (AppendAuditAlone).
func (q *Q) AppendAudit(ctx context.Context, e domain.AuditEntry) error {
	persons := auditPersons(e)
	for _, p := range persons {
		e.Protected = e.Protected || p.Protected
	}
	const insertEntry = `INSERT INTO audit_log (at, username, action, entity, entity_id, personnummer,
		screen, protected, before_json, after_json, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	args := []any{domain.FormatTimestamp(e.At), e.Username, e.Action, e.Entity, e.EntityID, e.Personnummer, e.Screen,
		e.Protected, e.Before, e.After, e.RequestID}
	if q.Dialect == Postgres && len(persons) > 0 && len(persons) <= auditPersonsBatch {
		// One statement, one round trip (a look-up's entry is its only write).
		values := make([]string, len(persons))
		for i, p := range persons {
			values[i] = "(CAST(? AS TEXT), CAST(? AS BOOLEAN))"
			args = append(args, p.Personnummer, p.Protected)
		}
		return q.execLater(ctx, "WITH entry AS ("+insertEntry+` RETURNING id)
			INSERT INTO audit_persons (audit_id, personnummer, protected) SELECT entry.id, v.p, v.prot
			FROM entry, (VALUES `+strings.Join(values, ", ")+") AS v(p, prot)", args...)
	}
	id, err := q.Insert(ctx, insertEntry, args...)
	if err != nil {
		return err
	}
	for len(persons) > 0 {
		batch := persons[:min(len(persons), auditPersonsBatch)]
		persons = persons[len(batch):]
		args := make([]any, 0, 3*len(batch))
		values := make([]string, len(batch))
		for i, p := range batch {
			values[i] = "(?, ?, ?)"
			args = append(args, id, p.Personnummer, p.Protected)
		}
		if _, err := q.Exec(ctx, "INSERT INTO audit_persons (audit_id, personnummer, protected) VALUES "+
			strings.Join(values, ", "), args...); err != nil {
			return err
		}
	}
	return nil
}

// auditPersons is the entry's persons without duplicates, its Personnummer first;
// a person listed twice is protected if either listing says so.
func auditPersons(e domain.AuditEntry) []domain.AuditPerson {
	all := e.Persons
	if e.Personnummer != "" {
		all = append([]domain.AuditPerson{{Personnummer: e.Personnummer, Protected: e.Protected}}, all...)
	}
	out := make([]domain.AuditPerson, 0, len(all))
	index := make(map[string]int, len(all))
	for _, p := range all {
		if p.Personnummer == "" {
			continue
		}
		if i, ok := index[p.Personnummer]; ok {
			out[i].Protected = out[i].Protected || p.Protected
			continue
		}
		index[p.Personnummer] = len(out)
		out = append(out, p)
	}
	return out
}

// FindAudit lists entries newest first.
func (q *Q) FindAudit(ctx context.Context, f domain.AuditFilter) ([]domain.AuditEntry, error) {
	query := `SELECT id, at, username, action, entity, entity_id, personnummer, screen, protected,
		before_json, after_json, request_id FROM audit_log WHERE 1 = 1`
	var args []any
	add := func(cond string, v any) { query += " AND " + cond; args = append(args, v) }
	if f.Personnummer != "" {
		// Lists name their persons only in audit_persons.
		add("id IN (SELECT audit_id FROM audit_persons WHERE personnummer = ?)", f.Personnummer)
	}
	if f.Username != "" {
		add("username = ?", domain.NormalizeUsername(f.Username))
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
		add("at >= ?", domain.FormatTimestamp(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", domain.FormatTimestamp(f.To))
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
	var out []domain.AuditEntry
	for rows.Next() {
		var e domain.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.Personnummer,
			&e.Screen, &e.Protected, &e.Before, &e.After, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = domain.ParseTimestamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// PersonsProtected returns, of the given 12-digit numbers, those of registry
// persons with their protected flag; numbers of nobody are left out. One query
// (in batches for very long lists).
func (q *Q) PersonsProtected(ctx context.Context, pnrs []string) (map[string]bool, error) {
	out := make(map[string]bool, len(pnrs))
	for len(pnrs) > 0 {
		batch := pnrs[:min(len(pnrs), auditPersonsBatch)]
		pnrs = pnrs[len(batch):]
		args := make([]any, len(batch))
		for i, p := range batch {
			args[i] = p
		}
		rows, err := q.Query(ctx, "SELECT personnummer, protected FROM persons WHERE personnummer IN (?"+
			strings.Repeat(", ?", len(batch)-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var pnr string
			var protected bool
			if err := rows.Scan(&pnr, &protected); err != nil {
				rows.Close()
				return nil, err
			}
			out[pnr] = protected
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AppendAuditAlone writes a stand-alone entry (a look-up's, its only write) and
// returns when it is committed: on PostgreSQL as one statement when it fits in
// one (a single round trip instead of four), else in a transaction of its own;
// on SQLite through the one writer.
func (db *DB) AppendAuditAlone(ctx context.Context, e domain.AuditEntry) error {
	if db.Dialect == Postgres && len(auditPersons(e)) <= auditPersonsBatch {
		return (&Q{x: db.write, Dialect: db.Dialect}).AppendAudit(ctx, e)
	}
	return db.Transact(ctx, func(q *Q) error { return q.AppendAudit(ctx, e) })
}
