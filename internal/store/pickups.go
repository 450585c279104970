package store

import (
	"context"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
)

const pickupHoldingColumns = `h.id, COALESCE(h.recipient_personnummer, ''), COALESCE(h.recipient_customer, ''), h.customer_number,
	h.article_number, a.name, COALESCE(h.unit_number, ''), COALESCE(h.attached_unit, ''), h.quantity, h.owner, h.debit_form,
	a.vision_aid, h.delivery_date, COALESCE(h.end_date, ''), COALESCE(po.number, ''), COALESCE(h.prescriber_id, 0), c.warehouse,
	EXISTS (SELECT 1 FROM transfer_items ti WHERE ti.holding_id = h.id AND ti.open), h.purpose, a.status`

const pickupHoldingFrom = ` FROM holdings h
	JOIN articles a ON a.number = h.article_number
	JOIN customers c ON c.number = h.customer_number
	LEFT JOIN pickup_items pi ON pi.holding_id = h.id AND pi.status = 'registered'
	LEFT JOIN pickup_orders po ON po.id = pi.pickup_order_id`

func scanPickupHolding(sc rowScanner) (*domain.PickupHolding, error) {
	var h domain.PickupHolding
	err := sc.Scan(&h.ID, &h.Personnummer, &h.RecipientCustomer, &h.Customer, &h.Article, &h.Name, &h.Unit, &h.AttachedUnit,
		&h.Quantity, &h.Owner, &h.DebitForm, &h.VisionAid, &h.DeliveryDate, &h.EndDate, &h.OpenPickup, &h.PrescriberID,
		&h.CustomerWarehouseID, &h.InTransfer, &h.Purpose, &h.ArticleStatus)
	if err != nil {
		return nil, mapError(err)
	}
	return &h, nil
}

// FindCurrentHoldingsForPickup lists what a person (or, with pnr "", a care unit)
// holds now, main aids before the components attached to them, in delivery order.
func (q *Q) FindCurrentHoldingsForPickup(ctx context.Context, pnr, careUnit string) ([]*domain.PickupHolding, error) {
	where, arg := "h.recipient_personnummer = ?", pnr
	if pnr == "" {
		where, arg = "h.recipient_customer = ?", careUnit
	}
	return queryAll(ctx, q, scanPickupHolding, "SELECT "+pickupHoldingColumns+pickupHoldingFrom+`
		WHERE `+where+` AND h.end_date IS NULL
		ORDER BY h.delivery_date, COALESCE(h.attached_unit, h.unit_number, ''), CASE WHEN h.attached_unit IS NULL THEN 0 ELSE 1 END, h.id`, arg)
}

// FindHoldingForPickup finds one holding by id.
func (q *Q) FindHoldingForPickup(ctx context.Context, id int64) (*domain.PickupHolding, error) {
	return scanPickupHolding(q.QueryRow(ctx, "SELECT "+pickupHoldingColumns+pickupHoldingFrom+" WHERE h.id = ?", id))
}

// FindCurrentHoldingOfUnit finds the current holding of a unit.
func (q *Q) FindCurrentHoldingOfUnit(ctx context.Context, unit string) (*domain.PickupHolding, error) {
	return scanPickupHolding(q.QueryRow(ctx, "SELECT "+pickupHoldingColumns+pickupHoldingFrom+
		" WHERE h.unit_number = ? AND h.end_date IS NULL ORDER BY h.id DESC LIMIT 1", unit))
}

// CreatePickupOrder inserts a pickup order with its items.
func (q *Q) CreatePickupOrder(ctx context.Context, p *domain.PickupOrder, holdingIDs []int64) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO pickup_orders (number, status, recipient_personnummer, recipient_customer, customer_number,
		prescriber_id, reason_code, information, address_source, address_name, address_co, address_street, address_postal_code,
		address_town, address_phone, address_mobile, door_code, instructions, pickup_date, registered_at, rent_stops_at_pickup)
		VALUES (?, 'registered', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Number, nullString(p.Personnummer), nullString(p.RecipientCustomer), p.Customer, p.PrescriberID, p.ReasonCode,
		p.Information, p.AddressSource, p.Address.Name, p.Address.CO, p.Address.Street, p.Address.PostalCode, p.Address.Town,
		p.Address.Phone, p.Address.Mobile, p.Address.DoorCode, p.Address.Instructions, domain.FormatDate(p.PickupDate), domain.FormatTimestamp(p.RegisteredAt),
		p.RentStopsAtPickup)
	if err != nil {
		return 0, err
	}
	for _, h := range holdingIDs {
		if _, err := q.Exec(ctx, "INSERT INTO pickup_items (pickup_order_id, holding_id, status) VALUES (?, ?, 'registered')", id, h); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const pickupOrderColumns = `po.id, po.number, po.status, COALESCE(po.recipient_personnummer, ''), COALESCE(po.recipient_customer, ''),
	COALESCE(p.last_name || ', ' || p.first_name, rc.name, ''), COALESCE(p.protected, FALSE), po.customer_number, c.name, c.warehouse,
	COALESCE(r.name, ''), po.prescriber_id, u.username, u.name, po.reason_code, pr.name, po.information, po.address_source,
	po.address_name, po.address_co, po.address_street, po.address_postal_code, po.address_town, po.address_phone,
	po.address_mobile, po.door_code, po.instructions, po.pickup_date, po.registered_at, COALESCE(po.closed_at, ''),
	COALESCE(po.cancelled_at, ''), po.cancelled_by, po.rent_stops_at_pickup`

const pickupOrderFrom = ` FROM pickup_orders po
	LEFT JOIN persons p ON p.personnummer = po.recipient_personnummer
	LEFT JOIN customers rc ON rc.number = po.recipient_customer
	JOIN customers c ON c.number = po.customer_number
	LEFT JOIN routes r ON r.id = c.route_id
	JOIN users u ON u.id = po.prescriber_id
	JOIN pickup_reasons pr ON pr.code = po.reason_code`

func scanPickupOrder(sc rowScanner) (*domain.PickupOrder, error) {
	var p domain.PickupOrder
	var pickup, reg, closed, cancelled string
	err := sc.Scan(&p.ID, &p.Number, &p.Status, &p.Personnummer, &p.RecipientCustomer, &p.RecipientName, &p.RecipientProtected,
		&p.Customer, &p.CustomerName, &p.CustomerWarehouse, &p.RouteName, &p.PrescriberID, &p.PrescriberUsername, &p.PrescriberName,
		&p.ReasonCode, &p.ReasonName, &p.Information, &p.AddressSource, &p.Address.Name, &p.Address.CO, &p.Address.Street,
		&p.Address.PostalCode, &p.Address.Town, &p.Address.Phone, &p.Address.Mobile, &p.Address.DoorCode, &p.Address.Instructions,
		&pickup, &reg, &closed, &cancelled, &p.CancelledBy, &p.RentStopsAtPickup)
	if err != nil {
		return nil, mapError(err)
	}
	p.PickupDate, p.RegisteredAt = domain.ParseDate(pickup), domain.ParseTimestamp(reg)
	p.ClosedAt, p.CancelledAt = domain.ParseTimestamp(closed), domain.ParseTimestamp(cancelled)
	return &p, nil
}

// FindPickupOrderByNumber finds a pickup order with its items.
func (q *Q) FindPickupOrderByNumber(ctx context.Context, number string) (*domain.PickupOrder, error) {
	p, err := scanPickupOrder(q.QueryRow(ctx, "SELECT "+pickupOrderColumns+pickupOrderFrom+" WHERE po.number = ?", number))
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT pi.id, pi.holding_id, h.article_number, a.name, COALESCE(h.unit_number, ''), h.quantity,
		h.owner, h.debit_form, h.purpose, pi.status, COALESCE(pi.received_at, '')
		FROM pickup_items pi JOIN holdings h ON h.id = pi.holding_id JOIN articles a ON a.number = h.article_number
		WHERE pi.pickup_order_id = ? ORDER BY pi.id`, p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it domain.PickupItem
		var rec string
		if err := rows.Scan(&it.ID, &it.HoldingID, &it.Article, &it.Name, &it.Unit, &it.Quantity, &it.Owner, &it.DebitForm,
			&it.Purpose, &it.Status, &rec); err != nil {
			return nil, err
		}
		it.ReceivedAt = domain.ParseTimestamp(rec)
		p.Items = append(p.Items, it)
	}
	return p, rows.Err()
}

// FindPickupOrders lists pickup orders (without items): open ones by pickup date and route.
func (q *Q) FindPickupOrders(ctx context.Context, f domain.PickupOrderFilter) ([]*domain.PickupOrder, error) {
	var w where
	if f.OpenOnly {
		w.add("po.status = 'registered'")
	}
	w.in("po.status", f.Statuses)
	if f.Warehouse != "" {
		w.add("c.warehouse = ?", f.Warehouse)
	}
	if f.Personnummer != "" {
		w.add("po.recipient_personnummer = ?", f.Personnummer)
	}
	w.personNamed("po.recipient_personnummer", f.Name)
	if f.Customer != "" {
		w.add("po.customer_number = ?", f.Customer)
	}
	w.during("po.registered_at", f.From, f.To)
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 500
	}
	order := " ORDER BY po.pickup_date, COALESCE(r.name, ''), po.number LIMIT ?"
	if f.NewestFirst {
		order = " ORDER BY po.registered_at DESC, po.id DESC LIMIT ?"
	}
	return queryAll(ctx, q, scanPickupOrder, "SELECT "+pickupOrderColumns+pickupOrderFrom+w.sql()+order, append(w.args, f.Limit)...)
}

// ReceivePickupItem marks an item received; false when it was not open.
func (q *Q) ReceivePickupItem(ctx context.Context, itemID int64, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, "UPDATE pickup_items SET status = 'received', received_at = ? WHERE id = ? AND status = 'registered'",
		domain.FormatTimestamp(now), itemID)
	return n == 1, err
}

// EndHoldingReturned ends a current holding on date as returned; rent stops that day.
func (q *Q) EndHoldingReturned(ctx context.Context, holdingID int64, date time.Time) (bool, error) {
	return q.endHolding(ctx, holdingID, date, "returned")
}

// EndHoldingBoughtBack ends a purchased holding taken back (återköp) on date:
// billing credits its price in that month.
func (q *Q) EndHoldingBoughtBack(ctx context.Context, holdingID int64, date time.Time) (bool, error) {
	return q.endHolding(ctx, holdingID, date, "bought_back")
}

func (q *Q) endHolding(ctx context.Context, holdingID int64, date time.Time, reason string) (bool, error) {
	if err := q.EnsureOpen(ctx, date, domain.Term("Återlämningsdatum")); err != nil {
		return false, err
	}
	n, err := q.ExecAffected(ctx, "UPDATE holdings SET end_date = ?, end_reason = ? WHERE id = ? AND end_date IS NULL",
		domain.FormatDate(date), reason, holdingID)
	return n == 1, err
}

// CurrentHoldingsAttachedTo lists the ids of the current component holdings attached to a unit.
func (q *Q) CurrentHoldingsAttachedTo(ctx context.Context, unit string) ([]int64, error) {
	ss, err := q.Strings(ctx, "SELECT CAST(id AS TEXT) FROM holdings WHERE attached_unit = ? AND end_date IS NULL ORDER BY id", unit)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(ss))
	for _, s := range ss {
		n, _ := strconv.ParseInt(s, 10, 64)
		out = append(out, n)
	}
	return out, nil
}

// ReceiveUnitForReconditioning puts a returned unit (and so its attached components) in reconditioning.
func (q *Q) ReceiveUnitForReconditioning(ctx context.Context, unit, warehouse string, date time.Time) error {
	_, err := q.Exec(ctx, "UPDATE units SET status = 'reconditioning', status_date = ?, warehouse = ? WHERE number = ?",
		domain.FormatDate(date), warehouse, unit)
	return err
}

// ClosePickupOrderIfDone closes a registered pickup order when no item is still open.
func (q *Q) ClosePickupOrderIfDone(ctx context.Context, id int64, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE pickup_orders SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'registered'
		AND NOT EXISTS (SELECT 1 FROM pickup_items WHERE pickup_order_id = ? AND status = 'registered')`, domain.FormatTimestamp(now), id, id)
	return n == 1, err
}

// CancelPickupOrder cancels a registered pickup order and its open items.
func (q *Q) CancelPickupOrder(ctx context.Context, id int64, now time.Time, by string) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE pickup_orders SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?
		WHERE id = ? AND status = 'registered'`, domain.FormatTimestamp(now), by, id)
	if err != nil || n == 0 {
		return false, err
	}
	_, err = q.Exec(ctx, "UPDATE pickup_items SET status = 'cancelled' WHERE pickup_order_id = ? AND status = 'registered'", id)
	return true, err
}

// FindReconditioningUnits lists units in reconditioning, oldest first.
func (q *Q) FindReconditioningUnits(ctx context.Context, warehouse string) ([]domain.ReconditioningUnit, error) {
	query := `SELECT u.number, u.article_number, a.name, u.warehouse, u.status_date,
		(SELECT COUNT(*) FROM unit_components uc WHERE uc.unit_number = u.number AND uc.removed_at IS NULL)
		FROM units u JOIN articles a ON a.number = u.article_number WHERE u.status = 'reconditioning'`
	var args []any
	if warehouse != "" {
		query += " AND u.warehouse = ?"
		args = append(args, warehouse)
	}
	query += " ORDER BY u.status_date, u.number"
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ReconditioningUnit
	for rows.Next() {
		var r domain.ReconditioningUnit
		var since string
		if err := rows.Scan(&r.Unit, &r.Article, &r.Name, &r.Warehouse, &since, &r.Components); err != nil {
			return nil, err
		}
		r.Since = domain.ParseDate(since)
		out = append(out, r)
	}
	return out, rows.Err()
}

// FindReconditioningUnit finds one unit in reconditioning.
func (q *Q) FindReconditioningUnit(ctx context.Context, unit string) (*domain.ReconditioningUnit, string, error) {
	var r domain.ReconditioningUnit
	var since, status string
	err := q.Get(ctx, `SELECT u.number, u.article_number, a.name, u.warehouse, u.status_date, u.status
		FROM units u JOIN articles a ON a.number = u.article_number WHERE u.number = ?`, []any{unit},
		&r.Unit, &r.Article, &r.Name, &r.Warehouse, &since, &status)
	if err != nil {
		return nil, "", err
	}
	r.Since = domain.ParseDate(since)
	return &r, status, nil
}

// ApproveReconditionedUnit puts a reconditioned unit back in stock with a new
// first-in-first-out date, and counts it in the warehouse's balance.
func (q *Q) ApproveReconditionedUnit(ctx context.Context, r *domain.ReconditioningUnit, today, now time.Time, username string) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE units SET status = 'in_stock', status_date = ?, fifo_date = ?
		WHERE number = ? AND status = 'reconditioning'`, domain.FormatDate(today), domain.FormatDate(today), r.Unit)
	if err != nil || n == 0 {
		return false, err
	}
	return true, q.putOnHand(ctx, domain.JournalRow{Warehouse: r.Warehouse, Article: r.Article, Unit: r.Unit, OnHandDelta: 1,
		Reason: "return", Reference: r.Unit, User: username}, now)
}

// ScrapReconditioningUnit scraps a unit in reconditioning (Skrotad with date).
func (q *Q) ScrapReconditioningUnit(ctx context.Context, unit string, date time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, "UPDATE units SET status = 'scrapped', status_date = ? WHERE number = ? AND status = 'reconditioning'",
		domain.FormatDate(date), unit)
	return n == 1, err
}
