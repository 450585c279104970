package store

import (
	"context"
	"hjalpmedel/internal/domain"
	"strings"
)

// Registers the administration keeps: customers, payers, routes, service
// departments, action types and pickup reasons.

const adminCustomerColumns = `c.number, c.name, c.street, c.postal_code, c.town, c.phone, c.default_payer, c.warehouse,
	COALESCE(c.route_id, 0), COALESCE(r.name, ''), c.daily_delivery, c.local_store, c.active`

func scanAdminCustomer(sc rowScanner) (*domain.AdminCustomer, error) {
	var c domain.AdminCustomer
	err := sc.Scan(&c.Number, &c.Name, &c.Street, &c.PostalCode, &c.Town, &c.Phone, &c.DefaultPayer, &c.Warehouse,
		&c.RouteID, &c.RouteName, &c.DailyDelivery, &c.LocalStore, &c.Active)
	if err != nil {
		return nil, mapError(err)
	}
	return &c, nil
}

// FindAdminCustomers lists every customer by number.
func (q *Q) FindAdminCustomers(ctx context.Context) ([]domain.AdminCustomer, error) {
	rows, err := q.Query(ctx, `SELECT `+adminCustomerColumns+` FROM customers c LEFT JOIN routes r ON r.id = c.route_id ORDER BY c.number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AdminCustomer
	for rows.Next() {
		c, err := scanAdminCustomer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// FindAdminCustomer finds a customer by number.
func (q *Q) FindAdminCustomer(ctx context.Context, number string) (*domain.AdminCustomer, error) {
	return scanAdminCustomer(q.QueryRow(ctx, `SELECT `+adminCustomerColumns+` FROM customers c LEFT JOIN routes r ON r.id = c.route_id
		WHERE c.number = ?`, number))
}

// SaveAdminCustomer inserts (create) or updates a customer.
func (q *Q) SaveAdminCustomer(ctx context.Context, c *domain.AdminCustomer, create bool) error {
	if create {
		_, err := q.Exec(ctx, `INSERT INTO customers (number, name, street, postal_code, town, phone, default_payer, warehouse,
			route_id, daily_delivery, local_store, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.Number, c.Name, c.Street, c.PostalCode, c.Town, c.Phone, c.DefaultPayer, c.Warehouse, nullInt(c.RouteID),
			c.DailyDelivery, c.LocalStore, c.Active)
		return err
	}
	n, err := q.ExecAffected(ctx, `UPDATE customers SET name = ?, street = ?, postal_code = ?, town = ?, phone = ?, default_payer = ?,
		warehouse = ?, route_id = ?, daily_delivery = ?, local_store = ?, active = ? WHERE number = ?`,
		c.Name, c.Street, c.PostalCode, c.Town, c.Phone, c.DefaultPayer, c.Warehouse, nullInt(c.RouteID), c.DailyDelivery,
		c.LocalStore, c.Active, c.Number)
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// FindPayers lists every payer by number.
func (q *Q) FindPayers(ctx context.Context) ([]domain.Payer, error) {
	rows, err := q.Query(ctx, "SELECT number, name, active FROM payers ORDER BY number")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Payer
	for rows.Next() {
		var p domain.Payer
		if err := rows.Scan(&p.Number, &p.Name, &p.Active); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePayer inserts or updates a payer.
func (q *Q) SavePayer(ctx context.Context, p domain.Payer) error {
	_, err := q.Exec(ctx, `INSERT INTO payers (number, name, active) VALUES (?, ?, ?)
		ON CONFLICT (number) DO UPDATE SET name = excluded.name, active = excluded.active`, p.Number, p.Name, p.Active)
	return err
}

// FindRoutes lists the routes.
func (q *Q) FindRoutes(ctx context.Context) ([]domain.RouteRow, error) {
	rows, err := q.Query(ctx, "SELECT id, name, weekdays FROM routes ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RouteRow
	for rows.Next() {
		var r domain.RouteRow
		if err := rows.Scan(&r.ID, &r.Name, &r.Weekdays); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SaveRoute inserts (ID 0) or updates a route.
func (q *Q) SaveRoute(ctx context.Context, r *domain.RouteRow) error {
	if r.ID == 0 {
		id, err := q.Insert(ctx, "INSERT INTO routes (name, weekdays) VALUES (?, ?)", r.Name, r.Weekdays)
		r.ID = id
		return err
	}
	return q.mustAffect(ctx, "UPDATE routes SET name = ?, weekdays = ? WHERE id = ?", r.Name, r.Weekdays, r.ID)
}

func (q *Q) mustAffect(ctx context.Context, query string, args ...any) error {
	n, err := q.ExecAffected(ctx, query, args...)
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

// SaveServiceDepartment inserts (ID 0) or renames a service department.
func (q *Q) SaveServiceDepartment(ctx context.Context, d *domain.Named) error {
	if d.ID == 0 {
		id, err := q.Insert(ctx, "INSERT INTO service_departments (name) VALUES (?)", d.Name)
		d.ID = id
		return err
	}
	return q.mustAffect(ctx, "UPDATE service_departments SET name = ? WHERE id = ?", d.Name, d.ID)
}

// FindActionTypes lists the action types.
func (q *Q) FindActionTypes(ctx context.Context) ([]domain.ActionType, error) {
	rows, err := q.Query(ctx, "SELECT id, code, name, sets_maintenance, active, chargeable FROM action_types ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ActionType
	for rows.Next() {
		var a domain.ActionType
		if err := rows.Scan(&a.ID, &a.Code, &a.Name, &a.SetsMaintenance, &a.Active, &a.Chargeable); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveActionType inserts (ID 0) or updates an action type.
func (q *Q) SaveActionType(ctx context.Context, a *domain.ActionType) error {
	if a.ID == 0 {
		id, err := q.Insert(ctx, "INSERT INTO action_types (code, name, sets_maintenance, active, chargeable) VALUES (?, ?, ?, ?, ?)",
			strings.TrimSpace(a.Code), a.Name, a.SetsMaintenance, a.Active, a.Chargeable)
		a.ID = id
		return err
	}
	return q.mustAffect(ctx, "UPDATE action_types SET name = ?, sets_maintenance = ?, active = ?, chargeable = ? WHERE id = ?",
		a.Name, a.SetsMaintenance, a.Active, a.Chargeable, a.ID)
}

// FindPickupReasons lists the pickup reasons in order.
func (q *Q) FindPickupReasons(ctx context.Context) ([]domain.PickupReason, error) {
	rows, err := q.Query(ctx, "SELECT code, name, position FROM pickup_reasons ORDER BY position, code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PickupReason
	for rows.Next() {
		var p domain.PickupReason
		if err := rows.Scan(&p.Code, &p.Name, &p.Position); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SavePickupReason inserts or updates a pickup reason by code.
func (q *Q) SavePickupReason(ctx context.Context, p domain.PickupReason) error {
	_, err := q.Exec(ctx, `INSERT INTO pickup_reasons (code, name, position) VALUES (?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET name = excluded.name, position = excluded.position`, p.Code, p.Name, p.Position)
	return err
}
