package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// Deviations (avvikelse och reklamation, SPEC §10.3) and attachments (§10.6).

const deviationColumns = `d.id, d.type, d.status, d.event_date, d.description, d.harm,
	COALESCE(d.unit_number, ''), COALESCE(un.serial, ''), COALESCE(d.article_number, ''), COALESCE(a.name, ''),
	COALESCE(s.name, ''), d.order_number, d.work_order_number, d.personnummer,
	COALESCE(p.last_name || ', ' || p.first_name, ''), COALESCE(p.protected, FALSE),
	d.customer_number, COALESCE(c.name, ''), d.reporter_id, u.username, u.name, d.registered_at,
	d.reported_to_supplier, d.reported_to_authority, d.outcome, d.updated_at`

const deviationFrom = ` FROM deviations d
	JOIN users u ON u.id = d.reporter_id
	LEFT JOIN units un ON un.number = d.unit_number
	LEFT JOIN articles a ON a.number = d.article_number
	LEFT JOIN suppliers s ON s.id = a.supplier_id
	LEFT JOIN persons p ON p.personnummer = d.personnummer AND d.personnummer <> ''
	LEFT JOIN customers c ON c.number = d.customer_number AND d.customer_number <> ''`

func scanDeviation(r rowScanner) (*domain.Deviation, error) {
	var d domain.Deviation
	var registered, updated string
	err := r.Scan(&d.ID, &d.Type, &d.Status, &d.EventDate, &d.Description, &d.Harm,
		&d.Unit, &d.UnitSerial, &d.Article, &d.ArticleName, &d.SupplierName, &d.Order, &d.WorkOrder, &d.Personnummer,
		&d.PatientName, &d.PatientProtected, &d.Customer, &d.CustomerName, &d.ReporterID, &d.ReporterUsername, &d.ReporterName,
		&registered, &d.ReportedToSupplier, &d.ReportedToAuthority, &d.Outcome, &updated)
	d.RegisteredAt, d.UpdatedAt = domain.ParseTimestamp(registered), domain.ParseTimestamp(updated)
	return &d, err
}

// InsertDeviation registers a deviation and its first event, and returns its id.
func (q *Q) InsertDeviation(ctx context.Context, d domain.Deviation) (int64, error) {
	at := domain.FormatTimestamp(d.RegisteredAt)
	id, err := q.Insert(ctx, `INSERT INTO deviations (type, status, event_date, description, harm, unit_number, article_number,
		order_number, work_order_number, personnummer, customer_number, reporter_id, registered_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Type, domain.DeviationRegistered, d.EventDate, d.Description, d.Harm, nullString(d.Unit), nullString(d.Article),
		d.Order, d.WorkOrder, d.Personnummer, d.Customer, d.ReporterID, at, at)
	if err != nil {
		return 0, err
	}
	return id, q.AddDeviationEvent(ctx, id, domain.DeviationEvent{At: d.RegisteredAt, Status: domain.DeviationRegistered, Username: d.ReporterUsername})
}

// AddDeviationEvent writes one line of a deviation's history.
func (q *Q) AddDeviationEvent(ctx context.Context, id int64, e domain.DeviationEvent) error {
	_, err := q.Exec(ctx, "INSERT INTO deviation_events (deviation_id, at, status, username, comment) VALUES (?, ?, ?, ?, ?)",
		id, domain.FormatTimestamp(e.At), e.Status, e.Username, e.Comment)
	return err
}

// FindDeviation finds a deviation by id.
func (q *Q) FindDeviation(ctx context.Context, id int64) (*domain.Deviation, error) {
	d, err := scanDeviation(q.QueryRow(ctx, "SELECT "+deviationColumns+deviationFrom+" WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.Errorf(domain.ENotFound, "Avvikelse %d finns inte.", id)
	}
	return d, err
}

// FindDeviationEvents lists a deviation's history, oldest first.
func (q *Q) FindDeviationEvents(ctx context.Context, id int64) ([]domain.DeviationEvent, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.DeviationEvent, error) {
		var e domain.DeviationEvent
		var at string
		err := r.Scan(&at, &e.Status, &e.Username, &e.Comment)
		e.At = domain.ParseTimestamp(at)
		return e, err
	}, "SELECT at, status, username, comment FROM deviation_events WHERE deviation_id = ? ORDER BY id", id)
}

// FindDeviations lists deviations, newest first.
func (q *Q) FindDeviations(ctx context.Context, f domain.DeviationFilter) ([]*domain.Deviation, error) {
	query := "SELECT " + deviationColumns + deviationFrom + " WHERE 1 = 1"
	var args []any
	add := func(cond string, v ...any) { query += " AND " + cond; args = append(args, v...) }
	if f.Status != "" {
		add("d.status = ?", f.Status)
	}
	if f.Type != "" {
		add("d.type = ?", f.Type)
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		add("(d.unit_number = ? OR un.serial = ? OR d.article_number = ? OR d.order_number = ? OR d.work_order_number = ? OR LOWER(d.description) LIKE ?)",
			text, text, text, text, text, "%"+strings.ToLower(text)+"%")
	}
	if f.Scoped {
		cond, scopeArgs := "d.reporter_id = ?", []any{f.ReporterID}
		if len(f.Customers) > 0 {
			cond += " OR d.customer_number IN (" + Placeholders(len(f.Customers)) + ")"
			for _, c := range f.Customers {
				scopeArgs = append(scopeArgs, c)
			}
		}
		add("("+cond+")", scopeArgs...)
	}
	query += " ORDER BY d.id DESC"
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryAll(ctx, q, scanDeviation, query, args...)
}

// UpdateDeviationStatus saves a handler's change when the deviation still has
// status from (a concurrent change makes it report false).
func (q *Q) UpdateDeviationStatus(ctx context.Context, id int64, from string, c domain.DeviationChange, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE deviations SET status = ?, reported_to_supplier = ?, reported_to_authority = ?,
		outcome = ?, updated_at = ? WHERE id = ? AND status = ?`,
		c.To, c.ReportedToSupplier, c.ReportedToAuthority, c.Outcome, domain.FormatTimestamp(now), id, from)
	return n == 1, err
}

// AddAttachment stores a file on a document and returns its id.
func (q *Q) AddAttachment(ctx context.Context, f domain.Attachment) (int64, error) {
	return q.Insert(ctx, `INSERT INTO attachments (document, document_ref, filename, content_type, size, data, uploaded_at, uploaded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.Document, f.DocumentRef, f.Filename, f.ContentType, len(f.Data), f.Data,
		domain.FormatTimestamp(f.UploadedAt), f.UploadedBy)
}

// FindAttachments lists a document's files without their content.
func (q *Q) FindAttachments(ctx context.Context, document, ref string) ([]domain.Attachment, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.Attachment, error) {
		var f domain.Attachment
		var at string
		err := r.Scan(&f.ID, &f.Document, &f.DocumentRef, &f.Filename, &f.ContentType, &f.Size, &at, &f.UploadedBy)
		f.UploadedAt = domain.ParseTimestamp(at)
		return f, err
	}, `SELECT id, document, document_ref, filename, content_type, size, uploaded_at, uploaded_by
		FROM attachments WHERE document = ? AND document_ref = ? ORDER BY id`, document, ref)
}

// FindAttachment returns one file of a document with its content.
func (q *Q) FindAttachment(ctx context.Context, document, ref string, id int64) (*domain.Attachment, error) {
	var f domain.Attachment
	var at string
	err := q.Get(ctx, `SELECT id, document, document_ref, filename, content_type, size, data, uploaded_at, uploaded_by
		FROM attachments WHERE document = ? AND document_ref = ? AND id = ?`, []any{document, ref, id},
		&f.ID, &f.Document, &f.DocumentRef, &f.Filename, &f.ContentType, &f.Size, &f.Data, &at, &f.UploadedBy)
	if err != nil {
		return nil, err
	}
	f.UploadedAt = domain.ParseTimestamp(at)
	return &f, nil
}
