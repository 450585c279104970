package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// CreateOrder inserts an order row and returns its id: a draft, or an order
// registered at once (the API's), with its number and registration time.
func (q *Q) CreateOrder(ctx context.Context, o *domain.Order) (int64, error) {
	columns, args := orderRow(o)
	id, err := q.Insert(ctx, "INSERT INTO orders ("+columns+") VALUES (?"+strings.Repeat(", ?", len(args)-1)+")", args...)
	o.ID = id
	return id, err
}

// CreateOrderWithLines inserts an order registered at once with its main
// lines, from position 1, and their components (comps[i] are mains[i]'s), and
// sets every id. With the ids NextOrderNumber took ahead (PostgreSQL) every
// row goes with the transaction's next statement or its commit: the order and
// its main lines each took a round trip to learn their ids. Without them
// (SQLite) the rows take theirs as they are inserted.
func (q *Q) CreateOrderWithLines(ctx context.Context, o *domain.Order, ids repo.OrderIDs, mains []*domain.OrderLine, comps [][]*domain.OrderLine) error {
	for i, l := range mains {
		l.Position = i + 1
	}
	if ids.Order == 0 {
		id, err := q.CreateOrder(ctx, o)
		if err != nil {
			return err
		}
		for _, l := range mains {
			l.OrderID = id
		}
		return q.CreateLineTrees(ctx, mains, comps)
	}
	lines := slices.Concat(append([][]*domain.OrderLine{mains}, comps...)...)
	if len(ids.Lines) != len(lines) {
		return fmt.Errorf("store: %d line ids taken for %d lines", len(ids.Lines), len(lines))
	}
	o.ID = ids.Order
	for i, l := range lines {
		l.OrderID, l.ID = o.ID, ids.Lines[i]
	}
	for i, cs := range comps {
		for _, c := range cs {
			c.ParentID, c.Position = mains[i].ID, mains[i].Position
		}
	}
	columns, args := orderRow(o)
	args = append(args, o.ID)
	if err := q.execLater(ctx, "INSERT INTO orders ("+columns+", id) VALUES (?"+strings.Repeat(", ?", len(args)-1)+")", args...); err != nil {
		return err
	}
	return q.insertLines(ctx, lines, 0, nil)
}

// orderRow is an order's row as CreateOrder writes it: its columns and their values.
func orderRow(o *domain.Order) (columns string, args []any) {
	d := o.Delivery
	if d.Source == "" {
		d.Source = "customer"
	}
	registered := sql.NullString{}
	if !o.RegisteredAt.IsZero() {
		registered = sql.NullString{String: domain.FormatTimestamp(o.RegisteredAt), Valid: true}
	}
	return `number, status, recipient_personnummer, recipient_customer, customer_number,
		payer_number, prescriber_id, urgent, address_source, address_name, address_co, address_street, address_postal_code,
		address_town, address_phone, address_mobile, door_code, instructions, warehouse_info, deliver_together, created_at,
		registered_at`,
		[]any{nullString(o.Number), o.Status, nullString(o.RecipientPersonnummer), nullString(o.RecipientCustomer), o.CustomerNumber,
			o.PayerNumber, o.PrescriberID, o.Urgent, d.Source, d.Name, d.CO, d.Street, d.PostalCode, d.Town, d.Phone,
			d.Mobile, d.DoorCode, d.Instructions, d.WarehouseInfo, d.DeliverTogether, domain.FormatTimestamp(o.CreatedAt), registered}
}

// UpdateOrderDelivery saves the delivery information and the urgent flag of a draft.
func (q *Q) UpdateOrderDelivery(ctx context.Context, id int64, d domain.OrderDelivery, urgent bool) error {
	_, err := q.Exec(ctx, `UPDATE orders SET address_source = ?, address_name = ?, address_co = ?, address_street = ?,
		address_postal_code = ?, address_town = ?, address_phone = ?, address_mobile = ?, door_code = ?, instructions = ?,
		warehouse_info = ?, deliver_together = ?, urgent = ? WHERE id = ?`,
		d.Source, d.Name, d.CO, d.Street, d.PostalCode, d.Town, d.Phone, d.Mobile, d.DoorCode, d.Instructions,
		d.WarehouseInfo, d.DeliverTogether, urgent, id)
	return err
}

// RegisterOrder turns a draft into a registered order with its number; it changes
// nothing (and returns false) when the order is no longer a draft, so a second
// Verkställ cannot register it twice.
func (q *Q) RegisterOrder(ctx context.Context, id int64, number string, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE orders SET status = 'registered', number = ?, registered_at = ?
		WHERE id = ? AND status = 'draft'`, number, domain.FormatTimestamp(now), id)
	return n == 1, err
}

// SetOrderStatus sets the status of an order from the state of its lines.
func (q *Q) SetOrderStatus(ctx context.Context, id int64, status string) error {
	return q.execLater(ctx, "UPDATE orders SET status = ? WHERE id = ?", status, id)
}

// CancelOrderRow marks an order cancelled.
func (q *Q) CancelOrderRow(ctx context.Context, id int64, by string, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE orders SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE id = ?",
		domain.FormatTimestamp(now), by, id)
	return err
}

// DeleteDraft removes a draft and its lines (Radera).
func (q *Q) DeleteDraft(ctx context.Context, id int64) error {
	if _, err := q.Exec(ctx, "DELETE FROM order_lines WHERE order_id = ? AND parent_line_id IS NOT NULL", id); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, "DELETE FROM order_lines WHERE order_id = ?", id); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "DELETE FROM orders WHERE id = ? AND status = 'draft'", id)
	return err
}

const orderColumns = `o.id, COALESCE(o.number, ''), o.status, COALESCE(o.recipient_personnummer, ''),
	COALESCE(o.recipient_customer, ''), o.customer_number, c.name, o.payer_number, p.name, c.warehouse, o.prescriber_id,
	u.username, u.name, o.urgent, o.address_source, o.address_name, o.address_co, o.address_street, o.address_postal_code,
	o.address_town, o.address_phone, o.address_mobile, o.door_code, o.instructions, o.warehouse_info, o.deliver_together,
	o.created_at, COALESCE(o.registered_at, ''), COALESCE(o.cancelled_at, ''), o.cancelled_by,
	COALESCE(pe.last_name || ', ' || pe.first_name, rc.name, ''), COALESCE(o.address_changed_on, '')`

const orderFrom = ` FROM orders o JOIN customers c ON c.number = o.customer_number JOIN payers p ON p.number = o.payer_number
	JOIN users u ON u.id = o.prescriber_id LEFT JOIN persons pe ON pe.personnummer = o.recipient_personnummer
	LEFT JOIN customers rc ON rc.number = o.recipient_customer`

func scanOrder(sc rowScanner) (*domain.Order, error) {
	var o domain.Order
	dest, parse := orderFields(&o)
	if err := sc.Scan(dest...); err != nil {
		return nil, mapError(err)
	}
	parse()
	return &o, nil
}

// orderFields returns where orderColumns scan into o, and what parses the
// scanned dates into it afterwards.
func orderFields(o *domain.Order) ([]any, func()) {
	var created, registered, cancelled, changed string
	d := &o.Delivery
	return []any{&o.ID, &o.Number, &o.Status, &o.RecipientPersonnummer, &o.RecipientCustomer, &o.CustomerNumber,
			&o.CustomerName, &o.PayerNumber, &o.PayerName, &o.Warehouse, &o.PrescriberID, &o.PrescriberUsername, &o.PrescriberName,
			&o.Urgent, &d.Source, &d.Name, &d.CO, &d.Street, &d.PostalCode, &d.Town, &d.Phone, &d.Mobile, &d.DoorCode,
			&d.Instructions, &d.WarehouseInfo, &d.DeliverTogether, &created, &registered, &cancelled, &o.CancelledBy, &o.RecipientName, &changed},
		func() {
			d.ChangedOn = domain.ParseDate(changed)
			o.CreatedAt, o.RegisteredAt, o.CancelledAt = domain.ParseTimestamp(created), domain.ParseTimestamp(registered), domain.ParseTimestamp(cancelled)
		}
}

// FindOrderByID loads an order with its lines.
func (q *Q) FindOrderByID(ctx context.Context, id int64) (*domain.Order, error) {
	return q.findOrder(ctx, "o.id = ?", id, false)
}

// FindOrderByNumber loads a registered order with its lines.
func (q *Q) FindOrderByNumber(ctx context.Context, number string) (*domain.Order, error) {
	return q.findOrder(ctx, "o.number = ?", number, false)
}

// LockOrderByNumber loads a registered order with its lines, first taking its
// row lock on PostgreSQL, so that picking, delivering and cancelling one order
// are serialised: what it returns is the order as the action that held the
// lock before (a cancel racing a delivery) left it.
func (q *Q) LockOrderByNumber(ctx context.Context, number string) (*domain.Order, error) {
	return q.findOrder(ctx, "o.number = ?", number, true)
}

// findOrder reads an order with its lines in one query, a row per line (an
// order without lines, a new draft, in a second query), so that reading an
// order is one round trip on PostgreSQL, in a transaction sent with the
// statements waiting to go.
//
// Locked, it takes the order's row lock first, in a statement of its own, sent
// in the same message: a statement that waits for the lock reads the rows it
// joins as they were when it began, so the lines would be those from before
// the action that held the lock (a second delivery of the same lines would
// pass); the next statement begins once it has the lock.
func (q *Q) findOrder(ctx context.Context, where string, arg any, lock bool) (*domain.Order, error) {
	lines, order := q.orderWithLines(where, arg)
	if lock && q.Dialect == Postgres {
		// Often a transaction's first statement: it carries the BEGIN.
		var id int64
		locked := &batchRow{query: "SELECT o.id FROM orders o WHERE " + where + " FOR UPDATE", args: []any{arg}, dest: []any{&id}}
		if err := q.getAllAfterDeferred(ctx, locked, lines); err != nil {
			return nil, err
		}
		if !locked.found {
			return nil, ErrNotFound
		}
	} else if err := q.getAllAfterDeferred(ctx, lines); err != nil {
		return nil, err
	}
	if o := order(); o != nil {
		return o, nil
	}
	return scanOrder(q.QueryRow(ctx, "SELECT "+orderColumns+orderFrom+" WHERE "+where, arg))
}

// orderWithLines is the statement that reads an order with its lines, a row
// per line, and what gives the order once it has run (nil: no lines).
func (q *Q) orderWithLines(where string, arg any) (*batchRow, func() *domain.Order) {
	o := &domain.Order{}
	var all []domain.OrderLine
	return &batchRow{query: "SELECT " + orderColumns + ", " + q.lineUnits() + ", " + lineColumns + orderFrom +
			" JOIN order_lines l ON l.order_id = o.id" + lineJoins + " WHERE " + where + " ORDER BY l.position, l.id",
			args: []any{arg}, each: scanLineRow(&all, func() ([]any, func()) { return orderFields(o) })},
		func() *domain.Order {
			if len(all) == 0 {
				return nil
			}
			o.Lines = nestLines(all)
			return o
		}
}

// FindOrderByIDLater reads a registered order with its lines as
// FindOrderByID would now, but on PostgreSQL sends the read with the
// transaction's next message, at the latest its COMMIT (an action's answer
// that need not cost a round trip of its own). The func it returns gives the
// order once the transaction has committed.
func (q *Q) FindOrderByIDLater(ctx context.Context, id int64) (func() (*domain.Order, error), error) {
	if !q.deferring {
		o, err := q.FindOrderByID(ctx, id)
		return func() (*domain.Order, error) { return o, err }, err
	}
	lines, order := q.orderWithLines("o.id = ?", id)
	q.deferred = append(q.deferred, lines)
	return func() (*domain.Order, error) {
		if o := order(); o != nil {
			return o, nil
		}
		return nil, ErrNotFound // a registered order has lines
	}, nil
}

// FindOrders lists orders without their lines, newest first.
func (q *Q) FindOrders(ctx context.Context, f domain.OrderFilter) ([]*domain.Order, error) {
	var w where
	if f.PrescriberID != 0 {
		w.add("o.prescriber_id = ?", f.PrescriberID)
	}
	w.in("o.status", f.Statuses)
	if f.Personnummer != "" {
		w.add("o.recipient_personnummer = ?", f.Personnummer)
	}
	w.personNamed("o.recipient_personnummer", f.Name)
	if f.Customer != "" {
		w.add("o.customer_number = ?", f.Customer)
	}
	w.during("o.registered_at", f.From, f.To)
	// Newest first by when the order was registered (a draft: created); the
	// demo's and a migration's ids need not follow the dates.
	query := "SELECT " + orderColumns + orderFrom + w.sql() + " ORDER BY COALESCE(o.registered_at, o.created_at) DESC, o.id DESC"
	args := w.args
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryAll(ctx, q, scanOrder, query, args...)
}

const lineColumns = `l.id, l.order_id, l.position, COALESCE(l.parent_line_id, 0), l.from_base_config, l.article_number, a.name,
	l.delivered_article_number, da.name, da.individual, l.chain_note, l.payer_number, lp.name, l.warehouse, l.quantity, l.purpose,
	l.unit_price_ore, l.reserved_quantity, l.delivered_quantity, COALESCE(l.dispatch_date, ''), COALESCE(l.arrival_date, ''),
	COALESCE(l.complement_unit, ''), l.status, COALESCE(l.delivered_at, ''), COALESCE(l.cancelled_at, ''), l.date_reasons`

const lineFrom = ` FROM order_lines l` + lineJoins

// lineJoins joins a line's articles and payer to order_lines l.
const lineJoins = ` JOIN articles a ON a.number = l.article_number
	JOIN articles da ON da.number = l.delivered_article_number JOIN payers lp ON lp.number = l.payer_number`

// scanLineAfter scans a row of before's columns, then lineColumns.
func scanLineAfter(sc rowScanner, before ...any) (domain.OrderLine, error) {
	var l domain.OrderLine
	var dispatch, arrival, delivered, cancelled, reasons string
	err := sc.Scan(append(before, &l.ID, &l.OrderID, &l.Position, &l.ParentID, &l.FromBase, &l.Article, &l.ArticleName,
		&l.DeliveredArticle, &l.DeliveredName, &l.Individual, &l.ChainNote, &l.Payer, &l.PayerName, &l.Warehouse, &l.Quantity,
		&l.Purpose, &l.UnitPrice, &l.Reserved, &l.Delivered, &dispatch, &arrival, &l.ComplementUnit, &l.Status,
		&delivered, &cancelled, &reasons)...)
	l.Dispatch, l.Arrival = domain.ParseDate(dispatch), domain.ParseDate(arrival)
	l.DispatchBecause, l.ArrivalBecause = readDateReasons(reasons)
	l.DeliveredAt, l.CancelledAt = domain.ParseTimestamp(delivered), domain.ParseTimestamp(cancelled)
	return l, err
}

// FindOrderLines lists an order's lines: main lines by position, each followed
// by its components, each with its allocated units (read in the same query).
func (q *Q) FindOrderLines(ctx context.Context, orderID int64) ([]domain.OrderLine, error) {
	var all []domain.OrderLine
	err := q.getAllAfterDeferred(ctx, &batchRow{query: "SELECT " + q.lineUnits() + ", " + lineColumns + lineFrom +
		" WHERE l.order_id = ? ORDER BY l.position, l.id", args: []any{orderID}, each: scanLineRow(&all, nil)})
	if err != nil {
		return nil, err
	}
	return nestLines(all), nil
}

// scanLineRow returns what scans a row of lineUnits and lineColumns, after the
// columns before returns destinations for (nil: none; its func runs after
// the row's scan), onto *all.
func scanLineRow(all *[]domain.OrderLine, before func() ([]any, func())) func(rowScanner) error {
	return func(sc rowScanner) error {
		var dest []any
		scanned := func() {}
		if before != nil {
			dest, scanned = before()
		}
		var units string
		l, err := scanLineAfter(sc, append(dest, &units)...)
		if err != nil {
			return err
		}
		scanned()
		l.Units = splitList(units)
		*all = append(*all, l)
		return nil
	}
}

// lineUnits is a column of the units allocated to line l, as a list.
func (q *Q) lineUnits() string {
	return "COALESCE((SELECT " + q.listOf("lu.unit_number") + " FROM order_line_units lu WHERE lu.line_id = l.id), '')"
}

// nestLines orders lines so that each main line is followed by its components.
func nestLines(all []domain.OrderLine) []domain.OrderLine {
	children := map[int64][]domain.OrderLine{}
	var mains []domain.OrderLine
	for _, l := range all {
		if l.ParentID != 0 {
			children[l.ParentID] = append(children[l.ParentID], l)
		} else {
			mains = append(mains, l)
		}
	}
	out := make([]domain.OrderLine, 0, len(all))
	for _, m := range mains {
		out = append(out, m)
		out = append(out, children[m.ID]...)
	}
	return out
}

// DeleteOrderLine removes a draft line and its components.
func (q *Q) DeleteOrderLine(ctx context.Context, orderID, lineID int64) error {
	if _, err := q.Exec(ctx, "DELETE FROM order_lines WHERE order_id = ? AND parent_line_id = ?", orderID, lineID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "DELETE FROM order_lines WHERE order_id = ? AND id = ?", orderID, lineID)
	return err
}

// UpdateLineQuantity changes a draft line's quantity.
func (q *Q) UpdateLineQuantity(ctx context.Context, lineID int64, qty int) error {
	_, err := q.Exec(ctx, "UPDATE order_lines SET quantity = ? WHERE id = ?", qty, lineID)
	return err
}

// SetComplementUnit sets the unit a component line is to be attached to (Kompl. individ).
func (q *Q) SetComplementUnit(ctx context.Context, lineID int64, unit string) error {
	_, err := q.Exec(ctx, "UPDATE order_lines SET complement_unit = ? WHERE id = ?", nullString(unit), lineID)
	return err
}

// SetLinePlan saves what registration decided for a line: the delivered article,
// why, what was reserved and the dates.
func (q *Q) SetLinePlan(ctx context.Context, l *domain.OrderLine) error {
	_, err := q.Exec(ctx, `UPDATE order_lines SET delivered_article_number = ?, chain_note = ?, reserved_quantity = ?,
		dispatch_date = ?, arrival_date = ?, date_reasons = ? WHERE id = ?`,
		l.DeliveredArticle, l.ChainNote, l.Reserved, nullDate(l.Dispatch), nullDate(l.Arrival), dateReasonsJSON(l), l.ID)
	return err
}

// SetLineReserved changes a line's reserved quantity.
func (q *Q) SetLineReserved(ctx context.Context, lineID int64, reserved int) error {
	_, err := q.Exec(ctx, "UPDATE order_lines SET reserved_quantity = ? WHERE id = ?", reserved, lineID)
	return err
}

// MarkLineDelivered records a line's delivery.
func (q *Q) MarkLineDelivered(ctx context.Context, lineID int64, qty int, now time.Time) error {
	return q.execLater(ctx, `UPDATE order_lines SET status = 'delivered', delivered_quantity = delivered_quantity + ?,
		reserved_quantity = 0, delivered_at = ? WHERE id = ? AND status = 'open'`, qty, domain.FormatTimestamp(now), lineID)
}

// CancelLineRow marks an open line cancelled; false when it was not open.
func (q *Q) CancelLineRow(ctx context.Context, lineID int64, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE order_lines SET status = 'cancelled', reserved_quantity = 0, cancelled_at = ?
		WHERE id = ? AND status = 'open'`, domain.FormatTimestamp(now), lineID)
	return n == 1, err
}

func nullDate(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: domain.FormatDate(t), Valid: true}
}

const orderArticleSelect = "SELECT " + orderArticleColumns + " FROM articles a WHERE "

// orderArticleColumns are an article's as ordering needs them, with the price
// valid on a day (the one argument).
const orderArticleColumns = `a.number, a.name, a.status, a.in_assortment, a.individual, a.purpose, a.not_orderable,
		a.not_orderable_text, a.lead_time_days, COALESCE((SELECT pr.amount_ore FROM article_prices pr
			WHERE pr.article_number = a.number AND pr.kind = CASE WHEN a.purpose = 'buy' THEN 'sale' ELSE 'rent' END
			AND pr.valid_from <= ? ORDER BY pr.valid_from DESC LIMIT 1), 0)`

// scanOrderArticle scans orderArticleColumns, then into after.
func scanOrderArticle(sc rowScanner, after ...any) (*domain.OrderArticle, error) {
	var a domain.OrderArticle
	err := sc.Scan(append([]any{&a.Number, &a.Name, &a.Status, &a.InAssortment, &a.Individual, &a.Purpose, &a.NotOrderable,
		&a.NotOrderableText, &a.LeadTimeDays, &a.Price}, after...)...)
	return &a, err
}

// FindOrderArticle loads an article with the price valid on a day.
func (q *Q) FindOrderArticle(ctx context.Context, number string, day time.Time) (*domain.OrderArticle, error) {
	a, err := scanOrderArticle(q.QueryRow(ctx, orderArticleSelect+"a.number = ?", domain.FormatDate(day), strings.TrimSpace(number)))
	if err != nil {
		return nil, mapError(err)
	}
	return a, nil
}

// FindOrderArticles loads many articles in one query (unknown numbers are absent).
func (q *Q) FindOrderArticles(ctx context.Context, numbers []string, day time.Time) (map[string]*domain.OrderArticle, error) {
	out := map[string]*domain.OrderArticle{}
	if len(numbers) == 0 {
		return out, nil
	}
	args := withStrings([]any{domain.FormatDate(day)}, numbers)
	rows, err := q.Query(ctx, orderArticleSelect+"a.number IN ("+Placeholders(len(numbers))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanOrderArticle(rows)
		if err != nil {
			return nil, err
		}
		out[a.Number] = a
	}
	return out, unavailable(rows.Err())
}

// FindOrderFacts loads the articles and the components of their base
// configurations, each with its base configuration and its replacement chain, in
// one query: an order's catalogue facts are one round trip on PostgreSQL.
func (q *Q) FindOrderFacts(ctx context.Context, numbers []string, day time.Time) (*domain.OrderFacts, error) {
	f := &domain.OrderFacts{Articles: map[string]*domain.OrderArticle{}, Base: map[string][]domain.BaseComponent{}, Chains: map[string][]string{}}
	if len(numbers) == 0 {
		return f, nil
	}
	// Two selects, not one with OR, which PostgreSQL answers by reading every
	// article.
	columns := orderArticleColumns +
		", COALESCE((SELECT " + q.listOrdered("b.component_number || ':' || b.quantity", "b.position") +
		" FROM article_base_components b WHERE b.article_number = a.number), '')" +
		", COALESCE((SELECT " + q.listOrdered("r2.article_number", "r2.position") +
		` FROM replacement_chain_articles r1 JOIN replacement_chain_articles r2 ON r2.chain_id = r1.chain_id
			WHERE r1.article_number = a.number), '')`
	in := Placeholders(len(numbers))
	args := withStrings([]any{domain.FormatDate(day)}, numbers)
	rows, err := q.Query(ctx, "SELECT "+columns+" FROM articles a WHERE a.number IN ("+in+") UNION SELECT "+columns+
		" FROM articles a WHERE a.number IN (SELECT b.component_number FROM article_base_components b WHERE b.article_number IN ("+in+"))",
		append(args, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var base, chain string
		a, err := scanOrderArticle(rows, &base, &chain)
		if err != nil {
			return nil, err
		}
		f.Articles[a.Number] = a
		for _, c := range splitList(base) {
			i := strings.LastIndexByte(c, ':')
			qty, err := strconv.Atoi(c[i+1:])
			if err != nil {
				return nil, fmt.Errorf("base configuration of %s: %q: %w", a.Number, c, err)
			}
			f.Base[a.Number] = append(f.Base[a.Number], domain.BaseComponent{Article: c[:i], Quantity: qty})
		}
		if chain != "" {
			f.Chains[a.Number] = splitList(chain)
		}
	}
	return f, unavailable(rows.Err())
}

// FindBaseComponents lists the base configurations (grundutförande) of articles
// in order, in one query.
func (q *Q) FindBaseComponents(ctx context.Context, articles []string) (map[string][]domain.BaseComponent, error) {
	out := map[string][]domain.BaseComponent{}
	if len(articles) == 0 {
		return out, nil
	}
	args := withStrings(nil, articles)
	rows, err := q.Query(ctx, `SELECT article_number, component_number, quantity FROM article_base_components
		WHERE article_number IN (`+Placeholders(len(articles))+`) ORDER BY article_number, position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var b domain.BaseComponent
		if err := rows.Scan(&a, &b.Article, &b.Quantity); err != nil {
			return nil, err
		}
		out[a] = append(out[a], b)
	}
	return out, unavailable(rows.Err())
}

// FindAccessoryTemplates lists an article's accessory templates.
func (q *Q) FindAccessoryTemplates(ctx context.Context, article string, day time.Time) ([]domain.AccessoryTemplate, error) {
	rows, err := q.Query(ctx, `SELECT t.id, t.name, a.number, a.name, COALESCE((SELECT pr.amount_ore FROM article_prices pr
			WHERE pr.article_number = a.number AND pr.kind = CASE WHEN a.purpose = 'buy' THEN 'sale' ELSE 'rent' END
			AND pr.valid_from <= ? ORDER BY pr.valid_from DESC LIMIT 1), 0)
		FROM accessory_templates t JOIN accessory_template_items i ON i.template_id = t.id
		JOIN articles a ON a.number = i.component_number WHERE t.article_number = ? ORDER BY t.id, i.position`, domain.FormatDate(day), article)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AccessoryTemplate
	last := int64(-1)
	for rows.Next() {
		var id int64
		var name string
		var it domain.TemplateItem
		if err := rows.Scan(&id, &name, &it.Article, &it.Name, &it.Price); err != nil {
			return nil, err
		}
		if id != last {
			out = append(out, domain.AccessoryTemplate{Name: name})
			last = id
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out, unavailable(rows.Err())
}

// FindChain returns the replacement chain an article belongs to, oldest first (nil: none).
func (q *Q) FindChain(ctx context.Context, article string) ([]string, error) {
	return q.Strings(ctx, `SELECT r2.article_number FROM replacement_chain_articles r1
		JOIN replacement_chain_articles r2 ON r2.chain_id = r1.chain_id
		WHERE r1.article_number = ? ORDER BY r2.position`, article)
}

// unblocked is what a stock row has to promise: on hand, less what is reserved
// and less its blocked units in stock (spärrade, SPEC §10.3), which are never
// allocated, so that an order for an article whose units are blocked gets a
// later dispatch date instead of a reservation no unit can fill. The partial
// index units_blocked makes the count a look-up of the few blocked units;
// SQLite is told to use it, since it prefers units_article_status, which
// matches more columns but reads every unit of the article in stock (400 per
// order in the order bench).
func (q *Q) unblocked() string {
	index := ""
	if q.Dialect == SQLite {
		index = " INDEXED BY units_blocked"
	}
	return `(on_hand - reserved - (SELECT COUNT(*) FROM units b` + index + ` WHERE b.blocked AND b.status = 'in_stock'
	AND b.article_number = stock.article_number AND b.warehouse = stock.warehouse))`
}

// Available returns what an article at a warehouse has to promise (unblocked).
func (q *Q) Available(ctx context.Context, warehouse, article string) (int, error) {
	var n int
	err := q.Get(ctx, "SELECT COALESCE(SUM("+q.unblocked()+"), 0) FROM stock WHERE warehouse = ? AND article_number = ?",
		[]any{warehouse, article}, &n)
	return n, err
}

// AvailableMany returns the stock levels of articles at a warehouse: balance
// and what each has to promise (absent: no stock row).
func (q *Q) AvailableMany(ctx context.Context, warehouse string, articles []string) (map[string]domain.StockLevel, error) {
	out := map[string]domain.StockLevel{}
	if len(articles) == 0 {
		return out, nil
	}
	args := withStrings([]any{warehouse}, articles)
	rows, err := q.Query(ctx, "SELECT article_number, on_hand, reserved, "+q.unblocked()+" FROM stock WHERE warehouse = ? AND article_number IN ("+
		Placeholders(len(articles))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var l domain.StockLevel
		if err := rows.Scan(&a, &l.OnHand, &l.Reserved, &l.Available); err != nil {
			return nil, err
		}
		out[a] = l
	}
	return out, unavailable(rows.Err())
}

// Reserve reserves qty of an article if that much is available, atomically: the
// conditional UPDATE is what decides a race for the last unit. It reports whether
// the reservation was made.
func (q *Q) Reserve(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE stock SET reserved = reserved + ?
		WHERE warehouse = ? AND article_number = ? AND `+q.unblocked()+` >= ?`, qty, warehouse, article, qty)
	if err != nil || n == 0 {
		return false, err
	}
	return true, q.addMovement(ctx, domain.JournalRow{Warehouse: warehouse, Article: article, ReservedDelta: qty, Reason: "reserve",
		Reference: ref, User: username}, now)
}

// ChangeStock writes journal rows and changes each stock row they name by the
// sum of its rows' deltas, refusing (and changing nothing) when on hand or
// reserved would fall below zero or reserved rise above on hand. Actions call it
// last: the stock rows are the rows every order and delivery locks, so they are
// changed in one statement per warehouse, locked in article order on
// PostgreSQL, and held only until the commit.
func (q *Q) ChangeStock(ctx context.Context, rows []domain.JournalRow, now time.Time) error {
	sums := map[string]map[string]stockDelta{} // warehouse → article → sum
	var kept []domain.JournalRow
	for _, r := range rows {
		if r.OnHandDelta == 0 && r.ReservedDelta == 0 {
			continue
		}
		kept = append(kept, r)
		if sums[r.Warehouse] == nil {
			sums[r.Warehouse] = map[string]stockDelta{}
		}
		d := sums[r.Warehouse][r.Article]
		sums[r.Warehouse][r.Article] = stockDelta{d.onHand + r.OnHandDelta, d.reserved + r.ReservedDelta}
	}
	if len(kept) == 0 {
		return nil
	}
	if err := q.AddStockMovements(ctx, kept, now); err != nil {
		return err
	}
	for _, warehouse := range slices.Sorted(maps.Keys(sums)) {
		got, err := q.changeStockRows(ctx, warehouse, sums[warehouse])
		if err != nil {
			return err
		}
		for _, a := range slices.Sorted(maps.Keys(sums[warehouse])) {
			if !got[a] {
				return domain.Errorf(domain.EConflict, "Artikel %s är inte reserverad i lager %s.", a, warehouse)
			}
		}
	}
	return nil
}

// AllocateUnits takes up to n units of an article in stock at a warehouse, oldest
// fifo_date first, and ties them to an order line. Each unit is taken with a
// conditional UPDATE and a picked order_line_units row (unique while picked), so a
// unit can never be allocated twice; the row stays, unpicked, as the line's record
// of the unit it delivered. Each comes with the components it carries from
// earlier loans.
func (q *Q) AllocateUnits(ctx context.Context, lineID int64, warehouse, article string, n int, now time.Time) ([]domain.PickedUnit, error) {
	if n <= 0 {
		return nil, nil
	}
	const candidates = `SELECT number FROM units WHERE article_number = ? AND warehouse = ? AND status = 'in_stock'
		AND NOT blocked ORDER BY fifo_date, number LIMIT ?`
	today := domain.FormatDate(domain.DateOf(now))
	// What the line's picked units carry, read after they are taken.
	carried := map[string][]domain.UnitComponent{}
	components := &batchRow{query: `SELECT lu.unit_number, ` + componentColumns + ` FROM order_line_units lu
		JOIN unit_components c ON c.unit_number = lu.unit_number AND c.removed_at IS NULL` + componentJoin + `
		WHERE lu.line_id = ? AND lu.picked ORDER BY c.id`, args: []any{lineID}, each: func(sc rowScanner) error {
		var unit string
		c, err := scanComponent(sc, &unit)
		carried[unit] = append(carried[unit], c)
		return err
	}}
	var got []string
	if q.Dialect == Postgres {
		// One message. Units another delivery is taking are passed over, not
		// waited for: a wait would last until that delivery commits and then
		// find the unit gone. Those locked here are this transaction's to take.
		var taken string
		err := q.getAllAfterDeferred(ctx, &batchRow{query: `WITH taken AS (UPDATE units SET status = 'reserved', status_date = ?
			WHERE number IN (` + candidates + ` FOR NO KEY UPDATE SKIP LOCKED) RETURNING number, fifo_date),
			linked AS (INSERT INTO order_line_units (line_id, unit_number, picked) SELECT ?, number, TRUE FROM taken)
			SELECT COALESCE(` + q.listOrdered("number", "fifo_date, number") + `, '') FROM taken`,
			args: []any{today, article, warehouse, n, lineID}, dest: []any{&taken}}, components)
		if err != nil {
			return nil, err
		}
		got = splitList(taken)
	} else {
		cands, err := q.Strings(ctx, candidates, article, warehouse, n+8)
		if err != nil {
			return nil, err
		}
		for _, u := range cands {
			if len(got) == n {
				break
			}
			ok, err := q.ExecAffected(ctx, `UPDATE units SET status = 'reserved', status_date = ? WHERE number = ? AND status = 'in_stock' AND NOT blocked`,
				today, u)
			if err != nil {
				return nil, err
			}
			if ok == 0 {
				continue
			}
			if _, err := q.Exec(ctx, "INSERT INTO order_line_units (line_id, unit_number, picked) VALUES (?, ?, TRUE)", lineID, u); err != nil {
				return nil, err
			}
			got = append(got, u)
		}
		if len(got) == 0 {
			return nil, nil
		}
		if err := q.getAllAfterDeferred(ctx, components); err != nil {
			return nil, err
		}
	}
	picked := make([]domain.PickedUnit, len(got))
	for i, u := range got {
		picked[i] = domain.PickedUnit{Number: u, Components: carried[u]}
	}
	return picked, nil
}

// UnallocateUnits puts a line's allocated units back in stock.
func (q *Q) UnallocateUnits(ctx context.Context, lineID int64, now time.Time) error {
	if _, err := q.Exec(ctx, `UPDATE units SET status = 'in_stock', status_date = ? WHERE status = 'reserved'
		AND number IN (SELECT unit_number FROM order_line_units WHERE line_id = ?)`, domain.FormatDate(domain.DateOf(now)), lineID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "DELETE FROM order_line_units WHERE line_id = ? AND picked", lineID)
	return err
}

// DeliverUnit marks an allocated unit delivered and writes its history.
func (q *Q) DeliverUnit(ctx context.Context, unit, text, ref, username string, now time.Time) error {
	const deliver = `UPDATE units SET status = 'delivered', status_date = ? WHERE number = ? AND status = 'reserved' AND NOT blocked`
	args := []any{domain.FormatDate(domain.DateOf(now)), unit}
	if q.deferring {
		// A unit blocked or not picked fails the message it goes in; the
		// delivery then runs again without deferring, and says which.
		q.deferChange(deliver+" RETURNING number", args, 1)
	} else if n, err := q.ExecAffected(ctx, deliver, args...); err != nil {
		return err
	} else if n == 0 {
		if blocked, err := q.UnitBlocked(ctx, unit); err != nil {
			return err
		} else if blocked {
			return domain.UnitBlockedError(unit)
		}
		return domain.Errorf(domain.EConflict, "Individ %s är inte plockad.", unit)
	}
	// The line keeps the unit as delivered; the unit is free for its next loan.
	if err := q.execLater(ctx, "UPDATE order_line_units SET picked = FALSE WHERE unit_number = ? AND picked", unit); err != nil {
		return err
	}
	return q.AddUnitEvent(ctx, unit, "delivered", text, ref, username, now)
}

// AddUnitEvent appends to a unit's history.
func (q *Q) AddUnitEvent(ctx context.Context, unit, kind, text, ref, username string, now time.Time) error {
	return q.execLater(ctx, `INSERT INTO unit_events (unit_number, at, kind, text, reference, username) VALUES (?, ?, ?, ?, ?, ?)`,
		unit, domain.FormatTimestamp(now), kind, text, ref, username)
}

// AttachComponent records a component on a unit.
func (q *Q) AttachComponent(ctx context.Context, unit, article string, qty int, now time.Time) error {
	return q.execLater(ctx, `INSERT INTO unit_components (unit_number, article_number, quantity, attached_at) VALUES (?, ?, ?, ?)`,
		unit, article, qty, domain.FormatTimestamp(now))
}

// CreateHolding inserts a holding; rent starts on the delivery date.
func (q *Q) CreateHolding(ctx context.Context, h domain.NewHolding) error {
	if err := q.EnsureOpen(ctx, h.DeliveryDate, domain.Term("Leveransdatum")); err != nil {
		return err
	}
	return q.execLater(ctx, `INSERT INTO holdings (recipient_personnummer, recipient_customer, article_number, unit_number,
		attached_unit, quantity, customer_number, payer_number, prescriber_id, purpose, order_line_id, order_date,
		delivery_date, rent_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullString(h.RecipientPersonnummer), nullString(h.RecipientCustomer), h.Article, nullString(h.Unit),
		nullString(h.AttachedUnit), h.Quantity, h.Customer, h.Payer, nullInt(h.PrescriberID), h.Purpose,
		nullInt(h.OrderLineID), nullDate(h.OrderDate), domain.FormatDate(h.DeliveryDate), domain.FormatDate(h.DeliveryDate))
}

// FindRecipientUnits lists the units a patient or a care unit holds now.
func (q *Q) FindRecipientUnits(ctx context.Context, personnummer, customer string) ([]domain.RecipientUnit, error) {
	col, arg := "h.recipient_personnummer", personnummer
	if personnummer == "" {
		col, arg = "h.recipient_customer", customer
	}
	rows, err := q.Query(ctx, `SELECT h.unit_number, h.article_number, a.name FROM holdings h JOIN articles a ON a.number = h.article_number
		WHERE `+col+` = ? AND h.end_date IS NULL AND h.unit_number IS NOT NULL ORDER BY h.unit_number`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RecipientUnit
	for rows.Next() {
		var u domain.RecipientUnit
		if err := rows.Scan(&u.Unit, &u.Article, &u.Name); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, unavailable(rows.Err())
}

// FindOrderCustomer loads a customer with its payer, warehouse and route.
func (q *Q) FindOrderCustomer(ctx context.Context, number string) (*domain.OrderCustomer, error) {
	var c domain.OrderCustomer
	row := orderCustomerRow(number, &c)
	if err := q.Get(ctx, row.query, row.args, row.dest...); err != nil {
		return nil, err
	}
	return &c, nil
}

// FindOrderPerson loads a person of the registry.
func (q *Q) FindOrderPerson(ctx context.Context, pnr string) (*domain.OrderPerson, error) {
	var p domain.OrderPerson
	row := orderPersonRow(pnr, &p)
	if err := q.Get(ctx, row.query, row.args, row.dest...); err != nil {
		return nil, err
	}
	return &p, nil
}

// FindOrderCustomerAndPerson loads an order's customer, as FindOrderCustomer,
// and its patient, as FindOrderPerson (none for pnr ""), each nil where there
// is none: on PostgreSQL in one round trip, with the transaction's BEGIN if
// that still waits.
func (q *Q) FindOrderCustomerAndPerson(ctx context.Context, customer, pnr string) (*domain.OrderCustomer, *domain.OrderPerson, error) {
	var c domain.OrderCustomer
	var p domain.OrderPerson
	rows := []*batchRow{orderCustomerRow(customer, &c)}
	if pnr != "" {
		rows = append(rows, orderPersonRow(pnr, &p))
	}
	if err := q.getAllAfterDeferred(ctx, rows...); err != nil {
		return nil, nil, err
	}
	var cust *domain.OrderCustomer
	var person *domain.OrderPerson
	if rows[0].found {
		cust = &c
	}
	if len(rows) > 1 && rows[1].found {
		person = &p
	}
	return cust, person, nil
}

// orderCustomerRow reads a customer with its payer, warehouse and route into c.
func orderCustomerRow(number string, c *domain.OrderCustomer) *batchRow {
	return &batchRow{query: `SELECT c.number, c.name, c.street, c.postal_code, c.town, c.phone, c.default_payer, p.name, c.warehouse, w.name,
		COALESCE(r.weekdays, ''), c.daily_delivery, c.local_store, c.active
		FROM customers c JOIN payers p ON p.number = c.default_payer JOIN warehouses w ON w.number = c.warehouse
		LEFT JOIN routes r ON r.id = c.route_id WHERE c.number = ?`,
		args: []any{strings.TrimSpace(number)},
		dest: []any{&c.Number, &c.Name, &c.Street, &c.PostalCode, &c.Town, &c.Phone, &c.Payer, &c.PayerName,
			&c.Warehouse, &c.WarehouseName, &c.RouteWeekdays, &c.Daily, &c.LocalStore, &c.Active}}
}

// orderPersonRow reads a person of the registry into p.
func orderPersonRow(pnr string, p *domain.OrderPerson) *batchRow {
	return &batchRow{query: `SELECT personnummer, first_name, last_name, street, postal_code, town, phone, protected
		FROM persons WHERE personnummer = ?`, args: []any{pnr},
		dest: []any{&p.Personnummer, &p.FirstName, &p.LastName, &p.Street, &p.PostalCode, &p.Town, &p.Phone, &p.Protected}}
}

// ActivePayerName is the name of an active payer; ok is false when no active
// payer has the number.
func (q *Q) ActivePayerName(ctx context.Context, number string) (name string, ok bool, err error) {
	err = q.Get(ctx, "SELECT name FROM payers WHERE number = ? AND active", []any{number}, &name)
	if errors.Is(err, ErrNotFound) {
		return "", false, nil
	}
	return name, err == nil, err
}

// UserIDsWithRole lists the active users with a role (e.g. customer service for urgent orders).
func (q *Q) UserIDsWithRole(ctx context.Context, role domain.Role) ([]int64, error) {
	rows, err := q.Query(ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = ? AND u.active ORDER BY u.id`, string(role))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, unavailable(rows.Err())
}

// FindPickLines lists the open lines of registered orders at a warehouse (every
// warehouse when it is "") with a dispatch date on or before a day (components
// after their main line).
func (q *Q) FindPickLines(ctx context.Context, warehouse string, day time.Time) ([]domain.PickLine, error) {
	where, args := "", []any{}
	if warehouse != "" {
		where, args = "l.warehouse = ? AND ", []any{warehouse}
	}
	rows, err := q.Query(ctx, `SELECT o.number, COALESCE(o.recipient_personnummer, o.recipient_customer), o.urgent, COALESCE(r.name, ''),
		c.daily_delivery, COALESCE(ss.location, ''), `+lineColumns+lineFrom+`
		JOIN orders o ON o.id = l.order_id JOIN customers c ON c.number = o.customer_number LEFT JOIN routes r ON r.id = c.route_id
		LEFT JOIN stock_settings ss ON ss.warehouse = l.warehouse AND ss.article_number = l.delivered_article_number
		WHERE `+where+`l.status = 'open' AND o.status IN ('registered', 'partly_delivered')
		AND ((l.parent_line_id IS NULL AND l.dispatch_date <= ?)
			OR l.parent_line_id IN (SELECT m.id FROM order_lines m WHERE m.status = 'open' AND m.dispatch_date <= ?))
		ORDER BY o.number, l.position, l.id`, append(args, domain.FormatDate(day), domain.FormatDate(day))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PickLine
	for rows.Next() {
		var p domain.PickLine
		l, err := scanLineAfter(rows, &p.OrderNumber, &p.Recipient, &p.Urgent, &p.Route, &p.Daily, &p.Location)
		if err != nil {
			return nil, err
		}
		p.Line = l
		out = append(out, p)
	}
	return out, unavailable(rows.Err())
}

// FindChains returns the replacement chains of many articles in one query:
// article -> its chain, oldest first (absent: no chain).
func (q *Q) FindChains(ctx context.Context, articles []string) (map[string][]string, error) {
	out := map[string][]string{}
	if len(articles) == 0 {
		return out, nil
	}
	args := withStrings(nil, articles)
	rows, err := q.Query(ctx, `SELECT r1.article_number, r2.article_number FROM replacement_chain_articles r1
		JOIN replacement_chain_articles r2 ON r2.chain_id = r1.chain_id
		WHERE r1.article_number IN (`+Placeholders(len(articles))+`) ORDER BY r1.article_number, r2.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a, c string
		if err := rows.Scan(&a, &c); err != nil {
			return nil, err
		}
		out[a] = append(out[a], c)
	}
	return out, unavailable(rows.Err())
}

// TryReserve reserves qty if that much is available (the conditional UPDATE that
// decides a race) without writing the journal; the caller logs the movements in
// one statement with AddStockMovements.
func (q *Q) TryReserve(ctx context.Context, warehouse, article string, qty int) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE stock SET reserved = reserved + ?
		WHERE warehouse = ? AND article_number = ? AND `+q.unblocked()+` >= ?`, qty, warehouse, article, qty)
	return n == 1, err
}

// AddStockMovements writes many journal rows in one statement (on PostgreSQL
// with the transaction's next statement or its commit).
func (q *Q) AddStockMovements(ctx context.Context, ms []domain.JournalRow, now time.Time) error {
	for len(ms) > 0 {
		batch := ms[:min(len(ms), 50)]
		ms = ms[len(batch):]
		var b strings.Builder
		args := make([]any, 0, len(batch)*9)
		b.WriteString(`INSERT INTO stock_movements (at, warehouse, article_number, unit_number, on_hand_delta, reserved_delta, reason,
			reference, username) VALUES `)
		for i, m := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, domain.FormatTimestamp(now), m.Warehouse, m.Article, nullString(m.Unit), m.OnHandDelta, m.ReservedDelta,
				m.Reason, m.Reference, m.User)
		}
		if err := q.execLater(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// CreateLineTrees inserts main lines of one order and their components
// (comps[i] are mains[i]'s) and sets every line's id; a component takes its
// main line's order, id and position. A main line's id is matched by position,
// unique among an order's main lines: RETURNING does not promise the rows'
// order. On PostgreSQL the components go with the transaction's next statement
// or its commit, with ids the main lines' statement took from the sequence, so
// the order is known whole without reading it back.
func (q *Q) CreateLineTrees(ctx context.Context, mains []*domain.OrderLine, comps [][]*domain.OrderLine) error {
	var flat []*domain.OrderLine
	for _, cs := range comps {
		flat = append(flat, cs...)
	}
	byPos := make(map[int]*domain.OrderLine, len(mains))
	for _, l := range mains {
		byPos[l.Position] = l
	}
	var spare []int64 // PostgreSQL: the components' ids, taken ahead
	reserve := 0
	if q.Dialect == Postgres {
		reserve = len(flat)
	}
	err := q.insertLines(ctx, mains, reserve, func(_ []*domain.OrderLine, rows *sql.Rows) error {
		for rows.Next() {
			var id int64
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				return err
			}
			if pos == 0 {
				spare = append(spare, id)
			} else if l := byPos[pos]; l != nil {
				l.ID = id
			}
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	for i, cs := range comps {
		for _, c := range cs {
			c.OrderID, c.ParentID, c.Position = mains[i].OrderID, mains[i].ID, mains[i].Position
		}
	}
	if q.Dialect != Postgres {
		return q.CreateComponentLines(ctx, flat)
	}
	if len(spare) != len(flat) {
		return fmt.Errorf("store: %d component lines, %d ids taken", len(flat), len(spare))
	}
	slices.Sort(spare)
	for i, c := range flat {
		c.ID = spare[i]
	}
	return q.insertLines(ctx, flat, 0, nil)
}

// CreateComponentLines inserts components of stored main lines in one statement
// (on PostgreSQL with the transaction's next statement or its commit). On
// SQLite it sets their ids: a row inserted without one gets one more than the
// largest (the rowid's documented rule), so a statement's ids, sorted, are its
// rows' in order.
func (q *Q) CreateComponentLines(ctx context.Context, ls []*domain.OrderLine) error {
	if q.Dialect != SQLite {
		return q.insertLines(ctx, ls, 0, nil)
	}
	return q.insertLines(ctx, ls, 0, func(batch []*domain.OrderLine, rows *sql.Rows) error {
		ids := make([]int64, 0, len(batch))
		for rows.Next() {
			var id int64
			var pos int
			if err := rows.Scan(&id, &pos); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil || len(ids) != len(batch) {
			return cmp.Or(err, fmt.Errorf("store: %d component lines inserted, %d ids returned", len(batch), len(ids)))
		}
		slices.Sort(ids)
		for i, l := range batch {
			l.ID = ids[i]
		}
		return nil
	})
}

// insertLines inserts order lines, 40 to a statement, with their ids when
// they have them; with scan, RETURNING id, position, which scan reads for the
// statement's lines. With reserve, PostgreSQL's first statement also returns
// that many ids taken from the lines' sequence, each with position 0.
func (q *Q) insertLines(ctx context.Context, ls []*domain.OrderLine, reserve int, scan func([]*domain.OrderLine, *sql.Rows) error) error {
	for len(ls) > 0 {
		batch := ls[:min(len(ls), 40)]
		ls = ls[len(batch):]
		withIDs := batch[0].ID != 0
		var b strings.Builder
		args := make([]any, 0, len(batch)*19+1)
		if reserve > 0 {
			b.WriteString("WITH ins AS (")
		}
		b.WriteString(`INSERT INTO order_lines (order_id, position, parent_line_id, from_base_config, article_number,
			delivered_article_number, chain_note, payer_number, warehouse, quantity, purpose, unit_price_ore, reserved_quantity,
			dispatch_date, arrival_date, complement_unit, status, date_reasons`)
		if withIDs {
			b.WriteString(", id")
		}
		b.WriteString(") VALUES ")
		for i, l := range batch {
			if l.DeliveredArticle == "" {
				l.DeliveredArticle = l.Article
			}
			if l.Status == "" {
				l.Status = "open"
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?")
			args = append(args, l.OrderID, l.Position, nullInt(l.ParentID), l.FromBase, l.Article, l.DeliveredArticle, l.ChainNote,
				l.Payer, l.Warehouse, l.Quantity, l.Purpose, int64(l.UnitPrice), l.Reserved, nullDate(l.Dispatch), nullDate(l.Arrival),
				nullString(l.ComplementUnit), l.Status, dateReasonsJSON(l))
			if withIDs {
				b.WriteString(", ?")
				args = append(args, l.ID)
			}
			b.WriteString(")")
		}
		if scan == nil {
			if err := q.execLater(ctx, b.String(), args...); err != nil {
				return err
			}
			continue
		}
		b.WriteString(" RETURNING id, position")
		if reserve > 0 {
			b.WriteString(`) SELECT id, position FROM ins
				UNION ALL SELECT nextval(pg_get_serial_sequence('order_lines', 'id')), 0 FROM generate_series(1, ?)`)
			args = append(args, reserve)
			reserve = 0
		}
		rows, err := q.Query(ctx, b.String(), args...)
		if err != nil {
			return err
		}
		err = scan(batch, rows)
		rows.Close()
		if err != nil {
			return mapError(err)
		}
	}
	return nil
}

// ReserveMany reserves several articles at a warehouse in one statement (one
// round trip while the stock rows are locked): each article is reserved in full
// if that much is available, or not at all. It returns the articles reserved.
func (q *Q) ReserveMany(ctx context.Context, warehouse string, qty map[string]int) (map[string]bool, error) {
	deltas := make(map[string]stockDelta, len(qty))
	for a, n := range qty {
		deltas[a] = stockDelta{reserved: n}
	}
	return q.changeStockRows(ctx, warehouse, deltas)
}

// stockDelta is a change of a stock row: of what is on hand and what is reserved.
type stockDelta struct{ onHand, reserved int }

// changeStockRows changes stock rows of a warehouse by deltas, each row only if
// it stays whole (nothing below zero, no more reserved than on hand), in one
// statement. It returns the articles whose row was changed. The rows are locked
// in article order, as every order and delivery locks them, so that two
// actions never wait for each other.
//
// On PostgreSQL apply_stock_deltas (migrations 0047, 0048) finds all the rows
// in one statement before it locks any, then changes each version it locked,
// by its tid: a row that every order changes has as many versions as orders
// since the oldest snapshot still held (a billing run's, a long export's), and
// a look-up by key walks them all, so the rows are looked up once, and not
// under the locks of the rows before them. There the
// statement may go with the COMMIT (commit.go): it then reports every row
// changed, and a row it cannot change makes the transaction run again, with the
// statement sent at once. Their locks are let go before the commit is
// flushed (stockCommit). SQLite has a single writer and changes them in one
// UPDATE.
func (q *Q) changeStockRows(ctx context.Context, warehouse string, deltas map[string]stockDelta) (map[string]bool, error) {
	out := map[string]bool{}
	if len(deltas) == 0 {
		return out, nil
	}
	arts := slices.Sorted(maps.Keys(deltas))
	args := make([]any, 0, len(arts)*3+1)
	var query string
	if q.Dialect == Postgres {
		args = withStrings(append(args, warehouse), arts)
		for _, a := range arts {
			args = append(args, deltas[a].onHand)
		}
		for _, a := range arts {
			args = append(args, deltas[a].reserved)
		}
		list := Placeholders(len(arts))
		query = "SELECT article FROM apply_stock_deltas(CAST(? AS TEXT), ARRAY[" + list + "]::TEXT[], ARRAY[" + list +
			"]::BIGINT[], ARRAY[" + list + "]::BIGINT[]) AS article"
		q.stockChanged = true
	} else {
		var b strings.Builder
		b.WriteString("UPDATE stock SET on_hand = stock.on_hand + v.column2, reserved = stock.reserved + v.column3 FROM (VALUES ")
		for i, a := range arts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS INTEGER))")
			args = append(args, a, deltas[a].onHand, deltas[a].reserved)
		}
		b.WriteString(`) AS v WHERE stock.warehouse = ? AND stock.article_number = v.column1
			AND stock.reserved + v.column3 >= 0 AND stock.on_hand + v.column2 >= stock.reserved + v.column3 RETURNING stock.article_number`)
		args = append(args, warehouse)
		query = b.String()
	}
	if q.deferring {
		q.deferChange(query, args, len(arts))
		for _, a := range arts {
			out[a] = true
		}
		return out, nil
	}
	got, err := q.Strings(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	for _, a := range got {
		out[a] = true
	}
	return out, nil
}

// DeleteReserveMovements removes the reservation journal rows an order's
// transaction wrote for an article that it then failed to reserve (journal rows
// are written before the reservation, to keep the locked tail short).
func (q *Q) DeleteReserveMovements(ctx context.Context, warehouse, article, reference string) error {
	_, err := q.Exec(ctx, `DELETE FROM stock_movements WHERE article_number = ? AND warehouse = ? AND reference = ? AND reason = 'reserve'`,
		article, warehouse, reference)
	return err
}

// SetArticleLinesWaiting marks an order's reserved lines of an article as waiting
// for the supplier as planned (l): nothing reserved, the lead-time dates and their reasons.
func (q *Q) SetArticleLinesWaiting(ctx context.Context, orderID int64, l *domain.OrderLine) error {
	_, err := q.Exec(ctx, `UPDATE order_lines SET reserved_quantity = 0, dispatch_date = ?, arrival_date = ?, date_reasons = ?
		WHERE order_id = ? AND article_number = ? AND delivered_article_number = article_number AND status = 'open'`,
		domain.FormatDate(l.Dispatch), domain.FormatDate(l.Arrival), dateReasonsJSON(l), orderID, l.Article)
	return err
}

// PatientCustomers lists the customers a person's current aids are under: the
// customers of article's holdings first (when given), then the most recently
// delivered.
func (q *Q) PatientCustomers(ctx context.Context, personnummer, article string) ([]string, error) {
	return q.Strings(ctx, `SELECT customer_number FROM holdings WHERE recipient_personnummer = ? AND end_date IS NULL
		GROUP BY customer_number
		ORDER BY MAX(CASE WHEN article_number = ? THEN 1 ELSE 0 END) DESC, MAX(delivery_date) DESC, customer_number`, personnummer, article)
}
