package store

import (
	"context"
	"database/sql"
	"hjalpmedel/internal/domain"
	"time"
)

// FindServicePerson finds a registry person by 12-digit personnummer.
func (q *Q) FindServicePerson(ctx context.Context, pnr string) (*domain.ServicePerson, error) {
	var p domain.ServicePerson
	err := q.Get(ctx, `SELECT personnummer, first_name, last_name, street, postal_code, town, phone, protected
		FROM persons WHERE personnummer = ?`, []any{pnr},
		&p.Personnummer, &p.FirstName, &p.LastName, &p.Address.Street, &p.Address.PostalCode, &p.Address.Town, &p.Address.Phone, &p.Protected)
	if err != nil {
		return nil, err
	}
	p.Address.Name = p.FullName()
	return &p, nil
}

// FindServiceCustomer finds a customer with its route.
func (q *Q) FindServiceCustomer(ctx context.Context, number string) (*domain.ServiceCustomer, error) {
	var c domain.ServiceCustomer
	err := q.Get(ctx, `SELECT c.number, c.name, c.street, c.postal_code, c.town, c.phone, c.warehouse,
		COALESCE(r.name, ''), COALESCE(r.weekdays, ''), c.daily_delivery
		FROM customers c LEFT JOIN routes r ON r.id = c.route_id WHERE c.number = ?`, []any{number},
		&c.Number, &c.Name, &c.Address.Street, &c.Address.PostalCode, &c.Address.Town, &c.Address.Phone, &c.Warehouse,
		&c.RouteName, &c.RouteWeekdays, &c.DailyDelivery)
	if err != nil {
		return nil, err
	}
	c.Address.Name = c.Name
	return &c, nil
}

// ServiceCustomerNames maps customer numbers to names, for select lists.
func (q *Q) ServiceCustomerNames(ctx context.Context, numbers []string) (map[string]string, error) {
	out := map[string]string{}
	if len(numbers) == 0 {
		return out, nil
	}
	args := withStrings(nil, numbers)
	rows, err := q.Query(ctx, "SELECT number, name FROM customers WHERE number IN ("+Placeholders(len(numbers))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n, name string
		if err := rows.Scan(&n, &name); err != nil {
			return nil, err
		}
		out[n] = name
	}
	return out, rows.Err()
}

// FindWorkOrderActionTypes lists the active action types, Avhjälpande underhåll (corrective) first.
func (q *Q) FindWorkOrderActionTypes(ctx context.Context) ([]domain.WorkOrderActionType, error) {
	rows, err := q.Query(ctx, `SELECT id, code, name, sets_maintenance FROM action_types WHERE active
		ORDER BY CASE WHEN code = 'corrective' THEN 0 ELSE 1 END, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.WorkOrderActionType
	for rows.Next() {
		var a domain.WorkOrderActionType
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.SetsMaintenance); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindWorkOrderDepartments lists the service departments by name.
func (q *Q) FindWorkOrderDepartments(ctx context.Context) ([]domain.WorkOrderDepartment, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM service_departments ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.WorkOrderDepartment
	for rows.Next() {
		var d domain.WorkOrderDepartment
		if err := rows.Scan(&d.ID, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindServiceArticle finds an article by number.
func (q *Q) FindServiceArticle(ctx context.Context, number string) (*domain.ServiceArticle, error) {
	var a domain.ServiceArticle
	err := q.Get(ctx, "SELECT number, name, vision_aid FROM articles WHERE number = ?", []any{number}, &a.Article, &a.Name, &a.VisionAid)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// FindServiceUnit finds a unit with its article.
func (q *Q) FindServiceUnit(ctx context.Context, unit string) (*domain.ServiceArticle, error) {
	var a domain.ServiceArticle
	err := q.Get(ctx, `SELECT a.number, a.name, u.number, u.status, a.vision_aid FROM units u
		JOIN articles a ON a.number = u.article_number WHERE u.number = ?`, []any{unit},
		&a.Article, &a.Name, &a.Unit, &a.UnitStatus, &a.VisionAid)
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// CurrentHolderOfUnit returns the personnummer and customer of the current holding
// of a unit ("" when nobody holds it).
func (q *Q) CurrentHolderOfUnit(ctx context.Context, unit string) (pnr, customer string, err error) {
	err = q.Get(ctx, `SELECT COALESCE(recipient_personnummer, ''), customer_number FROM holdings
		WHERE unit_number = ? AND end_date IS NULL ORDER BY id DESC LIMIT 1`, []any{unit}, &pnr, &customer)
	if err == ErrNotFound {
		return "", "", nil
	}
	return pnr, customer, err
}

// AddWorkOrderPart records a spare part used on a work order and takes it from
// the warehouse's stock, journalled with the work order as reference. The stock
// row is the hot one: it is changed last.
func (q *Q) AddWorkOrderPart(ctx context.Context, workOrderID int64, number string, p domain.WorkOrderPart, now time.Time) error {
	if _, err := q.Exec(ctx, `INSERT INTO work_order_parts (work_order_id, article_number, warehouse, quantity, added_at, added_by)
		VALUES (?, ?, ?, ?, ?, ?)`, workOrderID, p.Article, p.Warehouse, p.Quantity, domain.FormatTimestamp(now), p.AddedBy); err != nil {
		return err
	}
	if err := q.addMovement(ctx, domain.JournalRow{Warehouse: p.Warehouse, Article: p.Article, OnHandDelta: -p.Quantity,
		Reason: "work_order", Reference: number, User: p.AddedBy}, now); err != nil {
		return err
	}
	return q.takeOnHand(ctx, p.Warehouse, p.Article, p.Quantity)
}

// CreateWorkOrder inserts a work order and returns its id.
func (q *Q) CreateWorkOrder(ctx context.Context, w *domain.WorkOrder) (int64, error) {
	var due any
	if !w.DueAt.IsZero() {
		due = domain.FormatTimestamp(w.DueAt)
	}
	return q.Insert(ctx, `INSERT INTO work_orders (number, status, personnummer, customer_number, article_number,
		unit_number, priority, action_type_id, service_department_id, fault_description, address_mode, address_source,
		address_name, address_co, address_street, address_postal_code, address_town, address_phone, door_code,
		instructions, prescriber_id, registered_at, due_at)
		VALUES (?, 'registered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.Number, nullString(w.Personnummer), w.Customer, nullString(w.Article), nullString(w.Unit), w.Priority,
		w.ActionTypeID, w.DepartmentID, w.FaultDescription, w.AddressMode, w.AddressSource,
		w.Address.Name, w.Address.CO, w.Address.Street, w.Address.PostalCode, w.Address.Town, w.Address.Phone,
		w.Address.DoorCode, w.Address.Instructions, w.PrescriberID, domain.FormatTimestamp(w.RegisteredAt), due)
}

const workOrderColumns = `w.id, w.number, w.status, COALESCE(w.personnummer, ''), COALESCE(p.first_name, ''),
	COALESCE(p.last_name, ''), COALESCE(p.protected, FALSE), w.customer_number, c.name, COALESCE(w.article_number, ''),
	COALESCE(a.name, ''), COALESCE(w.unit_number, ''), w.priority, w.action_type_id, at.code, at.name,
	at.sets_maintenance, at.chargeable, w.service_department_id, sd.name, w.fault_description, w.address_mode, w.address_source,
	w.address_name, w.address_co, w.address_street, w.address_postal_code, w.address_town, w.address_phone,
	w.door_code, w.instructions, w.prescriber_id, pu.username, pu.name, w.registered_at, COALESCE(w.due_at, ''),
	COALESCE(tu.username, ''), COALESCE(w.started_at, ''), COALESCE(w.closed_at, ''), w.action_text,
	w.minutes_spent, COALESCE(w.cancelled_at, ''), COALESCE(w.returned_at, ''), w.returned_by, w.return_reason`

const workOrderFrom = ` FROM work_orders w
	LEFT JOIN persons p ON p.personnummer = w.personnummer
	JOIN customers c ON c.number = w.customer_number
	LEFT JOIN articles a ON a.number = w.article_number
	JOIN action_types at ON at.id = w.action_type_id
	JOIN service_departments sd ON sd.id = w.service_department_id
	JOIN users pu ON pu.id = w.prescriber_id
	LEFT JOIN users tu ON tu.id = w.technician_id`

func scanWorkOrder(sc rowScanner) (*domain.WorkOrder, error) {
	var w domain.WorkOrder
	var reg, due, started, closed, cancelled, returned string
	err := sc.Scan(&w.ID, &w.Number, &w.Status, &w.Personnummer, &w.PatientFirstName, &w.PatientLastName,
		&w.PatientProtected, &w.Customer, &w.CustomerName, &w.Article, &w.ArticleName, &w.Unit, &w.Priority,
		&w.ActionTypeID, &w.ActionTypeCode, &w.ActionTypeName, &w.SetsMaintenance, &w.Chargeable, &w.DepartmentID,
		&w.DepartmentName, &w.FaultDescription, &w.AddressMode, &w.AddressSource, &w.Address.Name, &w.Address.CO,
		&w.Address.Street, &w.Address.PostalCode, &w.Address.Town, &w.Address.Phone, &w.Address.DoorCode,
		&w.Address.Instructions, &w.PrescriberID, &w.PrescriberUsername, &w.PrescriberName, &reg, &due,
		&w.TechnicianUsername, &started, &closed, &w.ActionText, &w.Minutes, &cancelled, &returned, &w.ReturnedBy, &w.ReturnReason)
	if err != nil {
		return nil, mapError(err)
	}
	w.RegisteredAt, w.DueAt = domain.ParseTimestamp(reg), domain.ParseTimestamp(due)
	w.StartedAt, w.ClosedAt, w.CancelledAt = domain.ParseTimestamp(started), domain.ParseTimestamp(closed), domain.ParseTimestamp(cancelled)
	w.ReturnedAt = domain.ParseTimestamp(returned)
	return &w, nil
}

// FindWorkOrderByNumber finds a work order with its notes; lock takes a row lock
// on PostgreSQL when called inside a transaction.
func (q *Q) FindWorkOrderByNumber(ctx context.Context, number string) (*domain.WorkOrder, error) {
	w, err := scanWorkOrder(q.QueryRow(ctx, "SELECT "+workOrderColumns+workOrderFrom+" WHERE w.number = ?", number))
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, "SELECT at, username, kind, text FROM work_order_notes WHERE work_order_id = ? ORDER BY at, id", w.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n domain.WorkOrderNote
		var at string
		if err := rows.Scan(&at, &n.Username, &n.Kind, &n.Text); err != nil {
			return nil, err
		}
		n.At = domain.ParseTimestamp(at)
		w.Notes = append(w.Notes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	w.Parts, err = queryAll(ctx, q, func(r rowScanner) (domain.WorkOrderPart, error) {
		var p domain.WorkOrderPart
		var at string
		err := r.Scan(&p.ID, &p.Article, &p.ArticleName, &p.Warehouse, &p.Quantity, &at, &p.AddedBy)
		p.AddedAt = domain.ParseTimestamp(at)
		return p, err
	}, `SELECT wp.id, wp.article_number, a.name, wp.warehouse, wp.quantity, wp.added_at, wp.added_by
		FROM work_order_parts wp JOIN articles a ON a.number = wp.article_number WHERE wp.work_order_id = ? ORDER BY wp.id`, w.ID)
	return w, err
}

// FindWorkOrders lists work orders. Open ones come by due time (no due time last),
// then by registration; with OpenOnly false the newest come first.
func (q *Q) FindWorkOrders(ctx context.Context, f domain.WorkOrderFilter) ([]*domain.WorkOrder, error) {
	var w where
	if f.Personnummer != "" {
		w.add("w.personnummer = ?", f.Personnummer)
	}
	w.personNamed("w.personnummer", f.Name)
	if f.Unit != "" {
		w.add("w.unit_number = ?", f.Unit)
	}
	if f.Customer != "" {
		w.add("w.customer_number = ?", f.Customer)
	}
	if f.DepartmentID != 0 {
		w.add("w.service_department_id = ?", f.DepartmentID)
	}
	if f.TechnicianID != 0 {
		w.add("w.technician_id = ?", f.TechnicianID)
	}
	w.in("w.status", f.Statuses)
	w.during("w.registered_at", f.From, f.To)
	if !f.ClosedSince.IsZero() {
		w.add("(w.status IN ('registered', 'started') OR (w.status = 'closed' AND w.closed_at >= ?))", domain.FormatTimestamp(f.ClosedSince))
	}
	order := " ORDER BY w.registered_at DESC, w.id DESC"
	if f.OpenOnly {
		w.add("w.status IN ('registered', 'started') AND w.returned_at IS NULL")
		order = " ORDER BY CASE WHEN w.due_at IS NULL THEN 1 ELSE 0 END, w.due_at, w.registered_at, w.id"
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 500
	}
	return queryAll(ctx, q, scanWorkOrder, "SELECT "+workOrderColumns+workOrderFrom+w.sql()+order+" LIMIT ?", append(w.args, f.Limit)...)
}

// ReturnWorkOrder returns an open work order to its prescriber: registered
// again, untaken, waiting for the correction; false when it was not open or
// was returned already.
func (q *Q) ReturnWorkOrder(ctx context.Context, id int64, by, reason string, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE work_orders SET status = 'registered', technician_id = NULL, started_at = NULL,
		returned_at = ?, returned_by = ?, return_reason = ?
		WHERE id = ? AND status IN ('registered', 'started') AND returned_at IS NULL`, domain.FormatTimestamp(now), by, reason, id)
	return n == 1, err
}

// ResubmitWorkOrder writes a returned work order as the prescriber corrected
// it, with its new due time, and sends it again; false when it was not
// waiting for the correction.
func (q *Q) ResubmitWorkOrder(ctx context.Context, w *domain.WorkOrder) (bool, error) {
	var due any
	if !w.DueAt.IsZero() {
		due = domain.FormatTimestamp(w.DueAt)
	}
	n, err := q.ExecAffected(ctx, `UPDATE work_orders SET personnummer = ?, customer_number = ?, article_number = ?,
		unit_number = ?, priority = ?, action_type_id = ?, service_department_id = ?, fault_description = ?, address_mode = ?,
		address_source = ?, address_name = ?, address_co = ?, address_street = ?, address_postal_code = ?, address_town = ?,
		address_phone = ?, door_code = ?, instructions = ?, due_at = ?, returned_at = NULL, returned_by = '', return_reason = ''
		WHERE id = ? AND status = 'registered' AND returned_at IS NOT NULL`,
		nullString(w.Personnummer), w.Customer, nullString(w.Article), nullString(w.Unit), w.Priority, w.ActionTypeID,
		w.DepartmentID, w.FaultDescription, w.AddressMode, w.AddressSource, w.Address.Name, w.Address.CO, w.Address.Street,
		w.Address.PostalCode, w.Address.Town, w.Address.Phone, w.Address.DoorCode, w.Address.Instructions, due, w.ID)
	return n == 1, err
}

// AddWorkOrderNote appends a line of the history (kind note, priority, returned or corrected).
func (q *Q) AddWorkOrderNote(ctx context.Context, workOrderID int64, at time.Time, username, kind, text string) error {
	_, err := q.Exec(ctx, "INSERT INTO work_order_notes (work_order_id, at, username, kind, text) VALUES (?, ?, ?, ?, ?)",
		workOrderID, domain.FormatTimestamp(at), username, kind, text)
	return err
}

// StartWorkOrder marks a registered work order started by a technician; false when
// it was not registered any more (another technician took it, or it was closed).
func (q *Q) StartWorkOrder(ctx context.Context, id, technicianID int64, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE work_orders SET status = 'started', technician_id = ?, started_at = ?
		WHERE id = ? AND status = 'registered'`, technicianID, domain.FormatTimestamp(now), id)
	return n == 1, err
}

// SetWorkOrderPriority changes the priority and due time of an open work order.
func (q *Q) SetWorkOrderPriority(ctx context.Context, id int64, priority int, due time.Time) (bool, error) {
	var d any
	if !due.IsZero() {
		d = domain.FormatTimestamp(due)
	}
	n, err := q.ExecAffected(ctx, `UPDATE work_orders SET priority = ?, due_at = ?
		WHERE id = ? AND status IN ('registered', 'started')`, priority, d, id)
	return n == 1, err
}

// CloseWorkOrder closes a started work order with the action taken.
func (q *Q) CloseWorkOrder(ctx context.Context, id int64, now time.Time, action string, minutes *int) (bool, error) {
	var spent sql.NullInt64
	if minutes != nil {
		spent = sql.NullInt64{Int64: int64(*minutes), Valid: true}
	}
	n, err := q.ExecAffected(ctx, `UPDATE work_orders SET status = 'closed', closed_at = ?, action_text = ?, minutes_spent = ?
		WHERE id = ? AND status = 'started'`, domain.FormatTimestamp(now), action, spent, id)
	return n == 1, err
}

// RecordUnitMaintenance records a preventive maintenance or inspection (Senaste FU).
func (q *Q) RecordUnitMaintenance(ctx context.Context, unit string, date time.Time) error {
	_, err := q.Exec(ctx, "UPDATE units SET last_maintenance = ? WHERE number = ?", domain.FormatDate(date), unit)
	return err
}

// RecordUnitAdaptation records a special adaptation (specialanpassning) of a unit.
func (q *Q) RecordUnitAdaptation(ctx context.Context, unit string, date time.Time, text, username string) error {
	_, err := q.Exec(ctx, "INSERT INTO unit_adaptations (unit_number, date, text, username) VALUES (?, ?, ?, ?)",
		unit, domain.FormatDate(date), text, username)
	return err
}

// ServiceUnitEvent appends to a unit's history.
func (q *Q) ServiceUnitEvent(ctx context.Context, unit string, at time.Time, kind, text, reference, username string) error {
	_, err := q.Exec(ctx, "INSERT INTO unit_events (unit_number, at, kind, text, reference, username) VALUES (?, ?, ?, ?, ?, ?)",
		unit, domain.FormatTimestamp(at), kind, text, reference, username)
	return err
}

// Idempotency (SPEC §9): a repeated key from the same user returns what was
// first created; service.once uses these two.

// IdempotentReference returns what an earlier request with the same key created ("" when none).
func (q *Q) IdempotentReference(ctx context.Context, userID int64, key, kind string) (string, error) {
	var ref string
	// An idempotent action's first statement: it carries the transaction's BEGIN.
	err := q.getAfterDeferred(ctx, "SELECT reference FROM idempotency_keys WHERE user_id = ? AND key = ? AND kind = ?", []any{userID, key, kind}, &ref)
	if err == ErrNotFound {
		return "", nil
	}
	return ref, err
}

// SaveIdempotencyKey remembers what a request with a key created. A concurrent
// request with the same key fails on the primary key (a conflict), after which
// the caller finds the first request's reference (on PostgreSQL the conflict
// may come with the transaction's next statement or its commit).
func (q *Q) SaveIdempotencyKey(ctx context.Context, userID int64, key, kind, reference string, now time.Time) error {
	return q.execLater(ctx, "INSERT INTO idempotency_keys (user_id, key, kind, reference, created_at) VALUES (?, ?, ?, ?, ?)",
		userID, key, kind, reference, domain.FormatTimestamp(now))
}
