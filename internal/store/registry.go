package store

import (
	"context"
	"hjalpmedel/internal/domain"
	"slices"
	"time"
)

// Population-register events (0020): the events kept by id, what they change
// in persons and documents, and the pickup proposals of Att hantera.

// CreateRegistryEvent keeps an event as the first statement of its action;
// false: an event with its id is kept already (on PostgreSQL after the other
// transaction keeping it has committed), and nothing is written.
func (q *Q) CreateRegistryEvent(ctx context.Context, e domain.RegistryEventRow) (bool, error) {
	n, err := q.ExecAffected(ctx, `INSERT INTO registry_events (id, type, personnummer, event_date, payload, received_at, received_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, e.ID, e.Type, e.Personnummer, domain.FormatDate(e.Date), e.Payload,
		domain.FormatTimestamp(e.ReceivedAt), e.ReceivedBy)
	return n == 1, err
}

// SetRegistryEventOutcome records what an event did.
func (q *Q) SetRegistryEventOutcome(ctx context.Context, id, outcome string) error {
	_, err := q.Exec(ctx, "UPDATE registry_events SET outcome = ? WHERE id = ?", outcome, id)
	return err
}

// FindRegistryEvent finds a kept event by its id.
func (q *Q) FindRegistryEvent(ctx context.Context, id string) (*domain.RegistryEventRow, error) {
	var e domain.RegistryEventRow
	var d, at string
	err := q.Get(ctx, `SELECT id, type, personnummer, event_date, payload, received_at, received_by, outcome FROM registry_events WHERE id = ?`,
		[]any{id}, &e.ID, &e.Type, &e.Personnummer, &d, &e.Payload, &at, &e.ReceivedBy, &e.Outcome)
	if err != nil {
		return nil, err
	}
	e.Date, e.ReceivedAt = domain.ParseDate(d), domain.ParseTimestamp(at)
	return &e, nil
}

// LockPerson locks a person's row for the rest of the transaction (PostgreSQL),
// so two events of one person apply one after the other.
func (q *Q) LockPerson(ctx context.Context, pnr string) error {
	_, err := q.Exec(ctx, "SELECT personnummer FROM persons WHERE personnummer = ?"+q.ForUpdate(), pnr)
	return err
}

// UpdatePersonName sets a person's name (and its search form).
func (q *Q) UpdatePersonName(ctx context.Context, pnr, first, last string) error {
	_, err := q.Exec(ctx, `UPDATE persons SET first_name = ?, last_name = ?, first_name_folded = ?, last_name_folded = ? WHERE personnummer = ?`,
		first, last, domain.Fold(first), domain.Fold(last), pnr)
	return err
}

// UpdatePersonAddress sets a person's address (and its search form).
func (q *Q) UpdatePersonAddress(ctx context.Context, pnr, street, postalCode, town string) error {
	_, err := q.Exec(ctx, `UPDATE persons SET street = ?, postal_code = ?, town = ?, street_folded = ?, town_folded = ? WHERE personnummer = ?`,
		street, postalCode, town, domain.Fold(street), domain.Fold(town), pnr)
	return err
}

// SetPersonProtected sets or removes a person's protected identity.
func (q *Q) SetPersonProtected(ctx context.Context, pnr string, protected bool) error {
	_, err := q.Exec(ctx, "UPDATE persons SET protected = ? WHERE personnummer = ?", protected, pnr)
	return err
}

// SetPersonDeceased records a person's death.
func (q *Q) SetPersonDeceased(ctx context.Context, pnr string, d time.Time) error {
	_, err := q.Exec(ctx, "UPDATE persons SET deceased_date = ? WHERE personnummer = ?", domain.FormatDate(d), pnr)
	return err
}

// documentTables are the documents that copy a delivery or pickup address,
// with the column naming their person and the columns of that address
// besides name, street, postal code, town and phone.
var documentTables = []struct {
	table, person string
	extra         []string
	out           func(*domain.Rerouted) *[]string
}{
	{"orders", "recipient_personnummer", []string{"address_co", "address_mobile", "door_code"}, func(r *domain.Rerouted) *[]string { return &r.Orders }},
	{"pickup_orders", "recipient_personnummer", []string{"address_co", "address_mobile", "door_code"}, func(r *domain.Rerouted) *[]string { return &r.Pickups }},
	{"work_orders", "personnummer", []string{"address_co", "door_code"}, func(r *domain.Rerouted) *[]string { return &r.WorkOrders }},
}

// RerouteDocuments moves every order, pickup order and work order of a person
// that goes to their home (address source recipient), whatever its status,
// onto its customer's address, and puts the customer's phone wherever a
// document of theirs carries the person's own phone: a protected identity's
// address and phone are then on no document. Address flags of their orders are
// cleared (there is no home address to check). It returns the documents changed.
func (q *Q) RerouteDocuments(ctx context.Context, pnr, personPhone string) (domain.Rerouted, error) {
	var out domain.Rerouted
	for _, d := range documentTables {
		t := d.table
		cond := t + ".address_source = 'recipient'"
		args := []any{pnr}
		if personPhone != "" {
			cond += " OR " + t + ".address_phone = ?"
			args = append(args, personPhone)
			if slices.Contains(d.extra, "address_mobile") {
				cond += " OR " + t + ".address_mobile = ?"
				args = append(args, personPhone)
			}
		}
		where := t + "." + d.person + " = ? AND " + t + ".number IS NOT NULL AND (" + cond + ")"
		numbers, err := queryAll(ctx, q, scanString, "SELECT number FROM "+t+" WHERE "+where+" ORDER BY number", args...)
		if err != nil {
			return out, err
		}
		if len(numbers) == 0 {
			continue
		}
		set := `address_source = 'customer', address_name = c.name, address_street = c.street, address_postal_code = c.postal_code,
			address_town = c.town, address_phone = c.phone`
		for _, col := range d.extra {
			set += ", " + col + " = ''"
		}
		// UPDATE … FROM is in both SQLite (3.33) and PostgreSQL.
		if _, err := q.Exec(ctx, "UPDATE "+t+" SET "+set+" FROM customers c WHERE c.number = "+t+".customer_number AND "+where, args...); err != nil {
			return out, err
		}
		*d.out(&out) = numbers
	}
	_, err := q.Exec(ctx, "UPDATE orders SET address_changed_on = NULL WHERE recipient_personnummer = ? AND address_changed_on IS NOT NULL", pnr)
	return out, err
}

func scanString(r rowScanner) (string, error) {
	var s string
	return s, r.Scan(&s)
}

// FlagHomeOrders marks the open orders of a person delivered to their home
// (address source recipient): their delivery address is to be checked since
// day. It returns their numbers.
func (q *Q) FlagHomeOrders(ctx context.Context, pnr string, day time.Time) ([]string, error) {
	const where = ` WHERE recipient_personnummer = ? AND address_source = 'recipient' AND status IN ('registered','partly_delivered')`
	numbers, err := queryAll(ctx, q, scanString, "SELECT number FROM orders"+where+" ORDER BY number", pnr)
	if err != nil || len(numbers) == 0 {
		return numbers, err
	}
	_, err = q.Exec(ctx, "UPDATE orders SET address_changed_on = ?"+where, domain.FormatDate(day), pnr)
	return numbers, err
}

// PrescribersOf are the active prescribers who ordered for a person (an order
// of theirs that was registered) or are named on what the person holds.
func (q *Q) PrescribersOf(ctx context.Context, pnr string) ([]int64, error) {
	return queryAll(ctx, q, func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT u.id FROM users u WHERE u.active AND (
		EXISTS (SELECT 1 FROM orders o WHERE o.prescriber_id = u.id AND o.recipient_personnummer = ? AND o.number IS NOT NULL)
		OR EXISTS (SELECT 1 FROM holdings h WHERE h.prescriber_id = u.id AND h.recipient_personnummer = ? AND h.end_date IS NULL))
		ORDER BY u.id`, pnr, pnr)
}

// CreatePickupProposal inserts a proposal with its holdings.
func (q *Q) CreatePickupProposal(ctx context.Context, p *domain.PickupProposal, holdingIDs []int64) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO pickup_proposals (event_id, personnummer, customer_number, reason_code, information,
		pickup_date, rent_stops_at_pickup, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`, p.EventID, p.Personnummer,
		p.Customer, p.ReasonCode, p.Information, domain.FormatDate(p.PickupDate), p.RentStopsAtPickup, domain.FormatTimestamp(p.CreatedAt))
	if err != nil {
		return 0, err
	}
	for _, h := range holdingIDs {
		if _, err := q.Exec(ctx, "INSERT INTO pickup_proposal_items (proposal_id, holding_id) VALUES (?, ?)", id, h); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const proposalSelect = `SELECT pp.id, pp.event_id, e.type, e.event_date, pp.personnummer, p.last_name || ', ' || p.first_name, p.protected,
	pp.customer_number, c.name, pp.reason_code, pp.information, pp.pickup_date, pp.rent_stops_at_pickup, pp.status, pp.created_at, COALESCE(pp.handled_at, ''),
	pp.handled_by, COALESCE(po.number, ''), c.warehouse, COALESCE(r.weekdays, ''), c.daily_delivery
	FROM pickup_proposals pp
	JOIN registry_events e ON e.id = pp.event_id
	JOIN persons p ON p.personnummer = pp.personnummer
	JOIN customers c ON c.number = pp.customer_number
	LEFT JOIN routes r ON r.id = c.route_id
	LEFT JOIN pickup_orders po ON po.id = pp.pickup_order_id`

func scanProposal(r rowScanner) (*domain.PickupProposal, error) {
	var p domain.PickupProposal
	var ed, pd, created, handled string
	if err := r.Scan(&p.ID, &p.EventID, &p.EventType, &ed, &p.Personnummer, &p.PersonName, &p.PersonProtected, &p.Customer,
		&p.CustomerName, &p.ReasonCode, &p.Information, &pd, &p.RentStopsAtPickup, &p.Status, &created, &handled, &p.HandledBy, &p.PickupOrder,
		&p.CustomerWarehouse, &p.CustomerRouteDays, &p.CustomerDailyRoute); err != nil {
		return nil, mapError(err)
	}
	p.EventDate, p.PickupDate, p.CreatedAt, p.HandledAt = domain.ParseDate(ed), domain.ParseDate(pd), domain.ParseTimestamp(created), domain.ParseTimestamp(handled)
	return &p, nil
}

// FindPickupProposals lists the proposals with a status ("" every one), oldest first, with their items.
func (q *Q) FindPickupProposals(ctx context.Context, status string) ([]*domain.PickupProposal, error) {
	query, args := proposalSelect, []any{}
	if status != "" {
		query += " WHERE pp.status = ?"
		args = append(args, status)
	}
	list, err := queryAll(ctx, q, scanProposal, query+" ORDER BY pp.created_at, pp.id", args...)
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if err := q.proposalItems(ctx, p); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// FindPickupProposal finds one proposal with its items.
func (q *Q) FindPickupProposal(ctx context.Context, id int64) (*domain.PickupProposal, error) {
	p, err := scanProposal(q.QueryRow(ctx, proposalSelect+" WHERE pp.id = ?", id))
	if err != nil {
		return nil, err
	}
	return p, q.proposalItems(ctx, p)
}

func (q *Q) proposalItems(ctx context.Context, p *domain.PickupProposal) error {
	items, err := queryAll(ctx, q, func(r rowScanner) (domain.ProposalItem, error) {
		var it domain.ProposalItem
		var prescriber int64
		err := r.Scan(&it.HoldingID, &it.Article, &it.Name, &it.Unit, &it.Quantity, &it.Ended, &it.OnPickup, &prescriber)
		if p.PrescriberID == 0 {
			p.PrescriberID = prescriber
		}
		return it, err
	}, `SELECT h.id, h.article_number, a.name, COALESCE(h.unit_number, ''), h.quantity,
		CASE WHEN h.end_date IS NULL THEN FALSE ELSE TRUE END,
		COALESCE((SELECT po.number FROM pickup_items pi JOIN pickup_orders po ON po.id = pi.pickup_order_id
			WHERE pi.holding_id = h.id AND pi.status = 'registered'), ''), COALESCE(h.prescriber_id, 0)
		FROM pickup_proposal_items i JOIN holdings h ON h.id = i.holding_id JOIN articles a ON a.number = h.article_number
		WHERE i.proposal_id = ? ORDER BY h.id`, p.ID)
	p.Items = items
	return err
}

// HandlePickupProposal closes an open proposal as confirmed (with the pickup
// order it became) or dismissed; false: it was not open any more.
func (q *Q) HandlePickupProposal(ctx context.Context, id int64, status, by string, at time.Time, pickupOrderID int64) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE pickup_proposals SET status = ?, handled_by = ?, handled_at = ?, pickup_order_id = ?
		WHERE id = ? AND status = 'open'`, status, by, domain.FormatTimestamp(at), nullInt(pickupOrderID), id)
	return n == 1, err
}

const flaggedSelect = `SELECT o.number, o.recipient_personnummer, p.last_name || ', ' || p.first_name, o.customer_number,
	o.address_changed_on, o.address_street, o.address_postal_code, o.address_town, p.street, p.postal_code, p.town, p.protected
	FROM orders o JOIN persons p ON p.personnummer = o.recipient_personnummer
	WHERE o.address_changed_on IS NOT NULL`

func scanFlagged(r rowScanner) (domain.FlaggedOrder, error) {
	var f domain.FlaggedOrder
	var on string
	err := r.Scan(&f.Number, &f.Personnummer, &f.PersonName, &f.Customer, &on, &f.DeliveryStreet, &f.DeliveryPostal, &f.DeliveryTown,
		&f.RegistryStreet, &f.RegistryPostal, &f.RegistryTown, &f.PersonProtected)
	f.ChangedOn = domain.ParseDate(on)
	f.AddressIsCurrent = f.DeliveryStreet == f.RegistryStreet && f.DeliveryPostal == f.RegistryPostal && f.DeliveryTown == f.RegistryTown
	return f, mapError(err)
}

// FindFlaggedOrders lists the flagged orders, oldest flag first.
func (q *Q) FindFlaggedOrders(ctx context.Context) ([]domain.FlaggedOrder, error) {
	return queryAll(ctx, q, scanFlagged, flaggedSelect+" ORDER BY o.address_changed_on, o.number")
}

// FindFlaggedOrder finds a flagged order by number.
func (q *Q) FindFlaggedOrder(ctx context.Context, number string) (*domain.FlaggedOrder, error) {
	f, err := scanFlagged(q.QueryRow(ctx, flaggedSelect+" AND o.number = ?", number))
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// ResolveAddressFlag clears an order's flag; with useRegistry the delivery
// address becomes the recipient's address in the registry (street, postal
// code, town and name). false: the order was not flagged any more.
func (q *Q) ResolveAddressFlag(ctx context.Context, number string, useRegistry bool) (bool, error) {
	set, cond := "address_changed_on = NULL", ""
	if useRegistry {
		// Never a protected identity's address: their orders go via the customer.
		set += `, address_street = p.street, address_postal_code = p.postal_code, address_town = p.town,
			address_name = p.last_name || ', ' || p.first_name`
		cond = " AND NOT p.protected"
	}
	n, err := q.ExecAffected(ctx, "UPDATE orders SET "+set+` FROM persons p WHERE p.personnummer = orders.recipient_personnummer
		AND orders.number = ? AND orders.address_changed_on IS NOT NULL`+cond, number)
	return n == 1, err
}
