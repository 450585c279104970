package store

// The read side of the prescriber portal (SPEC §3 items 3–6, 12, 14): persons,
// holdings, units, articles, ISO classes. Every query is served by an index, so
// that look-ups stay fast on a national registry (see lookups_plan_test.go).

import (
	"context"
	"fmt"
	"hjalpmedel/internal/domain"
	"slices"
	"strconv"
	"strings"
)

// personFields are a registry person's columns (persons pe), in scanPerson's order.
var personFields = []field{{"Personnummer", "pe.personnummer", false}, {"FirstName", "pe.first_name", false},
	{"LastName", "pe.last_name", false}, {"Street", "pe.street", false}, {"PostalCode", "pe.postal_code", false},
	{"Town", "pe.town", false}, {"Phone", "pe.phone", false}, {"Sex", "pe.sex", false}, {"Protected", "pe.protected", true},
	{"DeceasedDate", "COALESCE(pe.deceased_date, '')", false}}

var personColumns = columns(personFields)

func scanPerson(sc rowScanner, extra ...any) (domain.Person, error) {
	var p domain.Person
	err := sc.Scan(append([]any{&p.Personnummer, &p.FirstName, &p.LastName, &p.Street, &p.PostalCode, &p.Town, &p.Phone, &p.Sex,
		&p.Protected, &p.DeceasedDate}, extra...)...)
	return p, err
}

// FindPersonByNumber finds a registry person by the 12-digit personnummer.
func (q *Q) FindPersonByNumber(ctx context.Context, pnr string) (*domain.Person, error) {
	p, err := scanPerson(q.QueryRow(ctx, `SELECT `+personColumns+` FROM persons pe WHERE personnummer = ?`, pnr))
	if err != nil {
		return nil, mapError(err)
	}
	return &p, nil
}

// FindPersonAids loads a person with their holdings, as FindHoldings lists them
// for f, and, unless f asks for the returned ones, their open order lines, in
// one query: the lists are JSON arrays (jsonList). ErrNotFound when the
// personnummer is not in the registry.
func (q *Q) FindPersonAids(ctx context.Context, f domain.HoldingFilter) (*domain.PersonAids, error) {
	from, order, args := holdingPage(f)
	limit := holdingLimit(f)
	args = append(args, limit+1, 0)
	onOrder := "'[]'"
	if !f.Returned {
		lfrom, lwhere, largs := openLineSource(domain.OpenLineFilter{Personnummer: f.Personnummer})
		onOrder = q.jsonFirst(openLineFields, lfrom, lwhere, openLineOrder)
		args = append(append(args, largs...), openLineLimit, 0)
	}
	var holdings, lines string
	p, err := scanPerson(q.QueryRow(ctx, `SELECT `+personColumns+`, `+
		q.jsonFirst(holdingFields, from, "1 = 1", order)+`, `+onOrder+`
		FROM persons pe WHERE pe.personnummer = ?`, append(args, f.Personnummer)...), &holdings, &lines)
	if err != nil {
		return nil, mapError(err)
	}
	out := &domain.PersonAids{Person: p}
	if out.Holdings, err = decodeHoldings(holdings); err != nil {
		return nil, err
	}
	out.Holdings, out.More = firstPage(out.Holdings, limit)
	if out.OnOrder, err = decodeList[domain.OpenLine](lines); err != nil {
		return nil, err
	}
	return out, nil
}

// FindPersons searches the registry, ordered by name. It returns at most Limit
// persons and whether there are more.
func (q *Q) FindPersons(ctx context.Context, f domain.PersonFilter) ([]domain.Person, bool, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 25
	}
	query := `SELECT ` + personColumns + ` FROM persons pe WHERE 1 = 1`
	var args []any
	add := func(cond string, v ...any) { query += " AND " + cond; args = append(args, v...) }
	conds, nameArgs, byName := nameConds(f.Name)
	for _, c := range conds {
		query += " AND " + c
	}
	args = append(args, nameArgs...)
	if s := domain.Fold(strings.TrimSpace(f.Street)); s != "" {
		add("street_folded >= ? AND street_folded < ?", s, PrefixEnd(s))
	}
	if p := strings.ReplaceAll(f.PostalCode, " ", ""); p != "" {
		add("postal_code >= ? AND postal_code < ?", p, PrefixEnd(p))
	}
	if f.Personnummer != "" {
		add("personnummer = ?", f.Personnummer)
	}
	if t := domain.Fold(strings.TrimSpace(f.Town)); t != "" {
		add("town_folded >= ? AND town_folded < ?", t, PrefixEnd(t))
	}
	if f.Sex == "M" || f.Sex == "K" {
		add("sex = ?", f.Sex)
	}
	if byName {
		query += " ORDER BY last_name_folded, first_name_folded, personnummer"
	} else {
		// The expressions keep the planner from walking the whole name index to
		// avoid a sort: the filter's own index finds the few rows, then they are sorted.
		query += " ORDER BY last_name_folded || '', first_name_folded || '', personnummer || ''"
	}
	query += " LIMIT ? OFFSET ?"
	args = append(args, f.Limit+1, f.Offset)
	out, err := queryAll(ctx, q, func(sc rowScanner) (domain.Person, error) { return scanPerson(sc) }, query, args...)
	if err != nil {
		return nil, false, err
	}
	out, more := firstPage(out, f.Limit)
	return out, more, nil
}

// FindCustomerByNumber finds a customer (care unit).
func (q *Q) FindCustomerByNumber(ctx context.Context, number string) (*domain.Customer, error) {
	var c domain.Customer
	err := q.Get(ctx, `SELECT number, name, street, postal_code, town, phone, default_payer, warehouse, local_store
		FROM customers WHERE number = ?`, []any{number},
		&c.Number, &c.Name, &c.Street, &c.PostalCode, &c.Town, &c.Phone, &c.DefaultPayer, &c.Warehouse, &c.LocalStore)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ownWarehouseFrom is the own warehouse of of as a one-row table ow(number),
// "" for none, for a page's query to read it with the rest: of.Warehouse when
// set, else the one serving the first of of.Customers that exists.
func ownWarehouseFrom(of domain.OwnWarehouseOf) (string, []any) {
	serving := "NULL"
	args := []any{of.Warehouse}
	if n := len(of.Customers); n > 0 {
		first := "CASE c.number"
		for i := range n {
			first += " WHEN ? THEN " + strconv.Itoa(i)
		}
		serving = "(SELECT c.warehouse FROM customers c WHERE c.number IN (" + Placeholders(n) + ") ORDER BY " + first + " END LIMIT 1)"
		args = withStrings(withStrings(args, of.Customers), of.Customers)
	}
	// LIMIT 1 keeps PostgreSQL from pulling the subquery up, which copies its
	// expression into each use of ow.number.
	return "(SELECT COALESCE(NULLIF(CAST(? AS TEXT), ''), " + serving + ", '') AS number LIMIT 1) ow", args
}

// FindOwnWarehouse returns the own warehouse of of ("" for none) and, with
// suppliers, every supplier by name (Sök artikel's form), in one query.
func (q *Q) FindOwnWarehouse(ctx context.Context, of domain.OwnWarehouseOf, suppliers bool) (number string, sups []domain.Supplier, err error) {
	from, args := ownWarehouseFrom(of)
	list := "'[]'"
	if suppliers {
		list = q.jsonList("'ID', id, 'Name', name, 'Phone', phone, 'Email', email", "FROM suppliers", "name")
	}
	var text string
	if err := q.Get(ctx, "SELECT ow.number, "+list+" FROM "+from, args, &number, &text); err != nil {
		return "", nil, err
	}
	sups, err = decodeList[domain.Supplier](text)
	return number, sups, err
}

// holdingFields are a holding's columns, in scanHolding's order (holdingFrom
// names the tables). ReturnReason is "code|name".
var holdingFields = []field{{"ID", "h.id", false}, {"RecipientPersonnummer", "COALESCE(h.recipient_personnummer, '')", false},
	{"RecipientName", "COALESCE(pe.last_name || ', ' || pe.first_name, '')", false},
	{"RecipientProtected", "COALESCE(pe.protected, FALSE)", true}, {"RecipientCustomer", "COALESCE(h.recipient_customer, '')", false},
	{"ArticleNumber", "h.article_number", false}, {"ArticleName", "a.name", false}, {"ISOCode", "a.iso_code", false},
	{"Individual", "a.individual", true}, {"UnitNumber", "COALESCE(h.unit_number, '')", false},
	{"AttachedUnit", "COALESCE(h.attached_unit, '')", false}, {"Quantity", "h.quantity", false},
	{"OrderedQuantity", "COALESCE(l.quantity, h.quantity)", false}, {"CustomerNumber", "h.customer_number", false},
	{"PayerNumber", "h.payer_number", false}, {"Prescriber", "COALESCE(u.username, '')", false}, {"Owner", "h.owner", false},
	{"DebitForm", "h.debit_form", false}, {"Purpose", "h.purpose", false}, {"OrderLineID", "COALESCE(h.order_line_id, 0)", false},
	{"OrderNumber", "COALESCE(o.number, '')", false}, {"OrderDate", "COALESCE(h.order_date, '')", false},
	{"DeliveryDate", "h.delivery_date", false}, {"RentStart", "h.rent_start", false}, {"EndDate", "COALESCE(h.end_date, '')", false},
	{"EndReason", "h.end_reason", false},
	{"ReturnReason", `COALESCE((SELECT r.code || '|' || r.name FROM pickup_items pi JOIN pickup_orders p ON p.id = pi.pickup_order_id
		JOIN pickup_reasons r ON r.code = p.reason_code WHERE pi.holding_id = h.id AND pi.status = 'received'
		ORDER BY pi.id DESC LIMIT 1), '')`, false}}

var holdingColumns = "SELECT " + columns(holdingFields)

const holdingFrom = `
	FROM holdings h
	JOIN articles a ON a.number = h.article_number
	LEFT JOIN users u ON u.id = h.prescriber_id
	LEFT JOIN order_lines l ON l.id = h.order_line_id
	LEFT JOIN orders o ON o.id = l.order_id
	LEFT JOIN persons pe ON pe.personnummer = h.recipient_personnummer`

var holdingSelect = holdingColumns + holdingFrom

func scanHolding(sc rowScanner, extra ...any) (domain.Holding, error) {
	var h domain.Holding
	dest := []any{&h.ID, &h.RecipientPersonnummer, &h.RecipientName, &h.RecipientProtected, &h.RecipientCustomer, &h.ArticleNumber, &h.ArticleName, &h.ISOCode,
		&h.Individual, &h.UnitNumber, &h.AttachedUnit, &h.Quantity, &h.OrderedQuantity, &h.CustomerNumber, &h.PayerNumber,
		&h.Prescriber, &h.Owner, &h.DebitForm, &h.Purpose, &h.OrderLineID, &h.OrderNumber, &h.OrderDate, &h.DeliveryDate,
		&h.RentStart, &h.EndDate, &h.EndReason, &h.ReturnReason}
	err := sc.Scan(append(dest, extra...)...)
	splitReturnReason(&h)
	return h, err
}

func splitReturnReason(h *domain.Holding) {
	h.ReturnReason, h.ReturnReasonText, _ = strings.Cut(h.ReturnReason, "|")
}

// decodeHoldings reads a jsonList of holdingFields.
func decodeHoldings(text string) ([]domain.Holding, error) {
	hs, err := decodeList[domain.Holding](text)
	for i := range hs {
		splitReturnReason(&hs[i])
	}
	return hs, err
}

// holdingLimit is FindHoldings' row limit: 500 unless the filter sets one.
func holdingLimit(f domain.HoldingFilter) int {
	if f.Limit <= 0 {
		return 500
	}
	return f.Limit
}

// holdingWhere is the condition (on holdingFrom), its arguments and the order
// of the holdings a filter selects.
func holdingWhere(f domain.HoldingFilter) (where, order string, args []any) {
	if f.Personnummer != "" {
		where = "h.recipient_personnummer = ?"
		args = append(args, f.Personnummer)
	} else {
		where = "(h.recipient_customer = ? OR h.customer_number = ?)"
		args = append(args, f.Customer, f.Customer)
	}
	order = "h.order_date DESC, h.delivery_date DESC, h.id DESC"
	if f.Returned {
		where += " AND h.end_date IS NOT NULL AND h.end_reason = 'returned'"
		order = "h.end_date DESC, h.id DESC"
	} else {
		where += " AND h.end_date IS NULL"
	}
	if f.OnlyUnits {
		where += " AND h.unit_number IS NOT NULL"
	}
	if iso := strings.TrimSpace(f.ISO); iso != "" {
		where += " AND a.iso_code >= ? AND a.iso_code < ?"
		args = append(args, iso, PrefixEnd(iso))
	}
	return where, order, args
}

// holdingPage is holdingFrom over the page of holdings a filter selects (one
// more than its limit, to tell whether there are more), its order and its
// arguments. The page is chosen from the holdings alone before the joins: a
// recipient with very many holdings (the order bench's test patient: 40,000)
// then has only the page's order lines read, not every holding's.
func holdingPage(f domain.HoldingFilter) (from, order string, args []any) {
	where, order, args := holdingWhere(f)
	page := "FROM (SELECT h.* FROM holdings h JOIN articles a ON a.number = h.article_number WHERE " + where +
		" ORDER BY " + order + " LIMIT ? OFFSET ?) h"
	return strings.Replace(holdingFrom, "FROM holdings h", page, 1), order, append(args, holdingLimit(f)+1, f.Offset)
}

// FindHoldings lists a recipient's current holdings (newest order first), or the
// returned ones. It returns at most Limit rows and whether there are more.
func (q *Q) FindHoldings(ctx context.Context, f domain.HoldingFilter) ([]domain.Holding, bool, error) {
	from, order, args := holdingPage(f)
	limit := holdingLimit(f)
	out, err := queryAll(ctx, q, func(sc rowScanner) (domain.Holding, error) { return scanHolding(sc) },
		holdingColumns+from+" ORDER BY "+order, args...)
	if err != nil {
		return nil, false, err
	}
	out, more := firstPage(out, limit)
	return out, more, nil
}

// FindHoldingByID finds one holding.
func (q *Q) FindHoldingByID(ctx context.Context, id int64) (*domain.Holding, error) {
	h, err := scanHolding(q.QueryRow(ctx, holdingSelect+" WHERE h.id = ?", id))
	if err != nil {
		return nil, mapError(err)
	}
	return &h, nil
}

// FindUnitHolding finds who holds a unit now, as the Hjälpmedel screen lists it; ErrNotFound when nobody does.
func (q *Q) FindUnitHolding(ctx context.Context, unit string) (*domain.Holding, error) {
	h, err := scanHolding(q.QueryRow(ctx, holdingSelect+" WHERE h.unit_number = ? AND h.end_date IS NULL ORDER BY h.id DESC LIMIT 1", unit))
	if err != nil {
		return nil, mapError(err)
	}
	return &h, nil
}

// openLineFields are an open order line's columns, in FindOpenLines' order.
var openLineFields = []field{{"OrderNumber", "COALESCE(o.number, '')", false}, {"OrderStatus", "o.status", false},
	{"LineID", "l.id", false}, {"Position", "l.position", false}, {"ArticleNumber", "l.article_number", false},
	{"ArticleName", "a.name", false}, {"DeliveredArticle", "l.delivered_article_number", false}, {"Quantity", "l.quantity", false},
	{"DeliveredQuantity", "l.delivered_quantity", false}, {"DispatchDate", "COALESCE(l.dispatch_date, '')", false},
	{"ArrivalDate", "COALESCE(l.arrival_date, '')", false}, {"ComplementUnit", "COALESCE(l.complement_unit, '')", false},
	{"Component", "l.parent_line_id IS NOT NULL OR l.complement_unit IS NOT NULL", true},
	{"RegisteredAt", "COALESCE(o.registered_at, '')", false}, {"PayerNumber", "l.payer_number", false},
	{"CustomerNumber", "o.customer_number", false}}

const (
	openLineFrom  = "FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN articles a ON a.number = l.article_number"
	openLineOrder = "o.number, l.position"
	openLineLimit = 1000
)

// openLineSource is the FROM part (in openLineFrom's names), the condition and
// the arguments of the lines a filter selects. A person's or care unit's lines
// come from its first openLineLimit open orders by number: the page shows the
// first openLineLimit lines in that order, and one with very many open orders
// (the order bench's test patient: 18,000) has only those read, not all its
// lines sorted (a whole run's 175,000 lines, 160 MB of pages).
func openLineSource(f domain.OpenLineFilter) (from, where string, args []any) {
	const open = "o.status IN ('registered', 'partly_delivered')"
	if f.ComplementUnit != "" {
		from, where, args = openLineFrom, "l.complement_unit = ? AND "+open+" AND l.status = 'open'", []any{f.ComplementUnit}
	} else {
		recipient, arg := "o.recipient_customer = ?", any(f.Customer)
		if f.Personnummer != "" {
			recipient, arg = "o.recipient_personnummer = ?", f.Personnummer
		}
		from = fmt.Sprintf(`FROM (SELECT o.id, o.number, o.status, o.registered_at, o.customer_number FROM orders o
			WHERE %s AND %s ORDER BY o.number LIMIT %d) o
			JOIN order_lines l ON l.order_id = o.id JOIN articles a ON a.number = l.article_number`, recipient, open, openLineLimit)
		where, args = "l.status = 'open'", []any{arg}
	}
	if f.OnlyComponents {
		where += " AND (l.parent_line_id IS NOT NULL OR l.complement_unit IS NOT NULL)"
	}
	return from, where, args
}

// FindOpenLines lists ordered lines that are not yet delivered.
func (q *Q) FindOpenLines(ctx context.Context, f domain.OpenLineFilter) ([]domain.OpenLine, error) {
	from, where, args := openLineSource(f)
	return queryAll(ctx, q, func(sc rowScanner) (domain.OpenLine, error) {
		var l domain.OpenLine
		err := sc.Scan(&l.OrderNumber, &l.OrderStatus, &l.LineID, &l.Position, &l.ArticleNumber, &l.ArticleName,
			&l.DeliveredArticle, &l.Quantity, &l.DeliveredQuantity, &l.DispatchDate, &l.ArrivalDate, &l.ComplementUnit,
			&l.Component, &l.RegisteredAt, &l.PayerNumber, &l.CustomerNumber)
		return l, err
	}, "SELECT "+columns(openLineFields)+" "+from+" WHERE "+where+" ORDER BY "+openLineOrder+" LIMIT ?", append(args, openLineLimit)...)
}

// FindOrderOverviewByLine finds the order a line belongs to, with every line.
func (q *Q) FindOrderOverviewByLine(ctx context.Context, lineID int64) (*domain.OrderOverview, error) {
	var o domain.OrderOverview
	err := q.Get(ctx, `SELECT o.id, COALESCE(o.number, ''), o.status, COALESCE(o.recipient_personnummer, ''), COALESCE(o.recipient_customer, ''),
		o.customer_number, c.name, o.payer_number, p.name, u.username, u.name, COALESCE(o.registered_at, o.created_at)
		FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN customers c ON c.number = o.customer_number
		JOIN payers p ON p.number = o.payer_number JOIN users u ON u.id = o.prescriber_id WHERE l.id = ?`, []any{lineID},
		&o.ID, &o.Number, &o.Status, &o.RecipientPersonnummer, &o.RecipientCustomer, &o.CustomerNumber, &o.CustomerName,
		&o.PayerNumber, &o.PayerName, &o.Prescriber, &o.PrescriberName, &o.RegisteredAt)
	if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT l.position, l.parent_line_id IS NOT NULL, l.article_number, a.name, l.delivered_article_number,
		l.payer_number, l.quantity, l.delivered_quantity, l.purpose, l.unit_price_ore, COALESCE(l.dispatch_date, ''), l.status,
		COALESCE(l.complement_unit, '')
		FROM order_lines l JOIN articles a ON a.number = l.article_number WHERE l.order_id = ? ORDER BY l.position, l.id`, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l domain.OrderOverviewLine
		if err := rows.Scan(&l.Position, &l.Component, &l.ArticleNumber, &l.ArticleName, &l.DeliveredArticle, &l.PayerNumber,
			&l.Quantity, &l.DeliveredQuantity, &l.Purpose, &l.UnitPriceOre, &l.DispatchDate, &l.Status, &l.ComplementUnit); err != nil {
			return nil, err
		}
		o.Lines = append(o.Lines, l)
	}
	return &o, rows.Err()
}

// NameOfPayer returns a payer's name ("" when unknown).
func (q *Q) NameOfPayer(ctx context.Context, number string) string {
	var name string
	_ = q.Get(ctx, "SELECT name FROM payers WHERE number = ?", []any{number}, &name)
	return name
}

// NameOfCustomer returns a customer's name ("" when unknown).
func (q *Q) NameOfCustomer(ctx context.Context, number string) string {
	var name string
	_ = q.Get(ctx, "SELECT name FROM customers WHERE number = ?", []any{number}, &name)
	return name
}

// FindAttachedComponents lists the components attached to a unit now, in the order
// they were attached. They are part of the unit wherever it is: with its holder,
// in reconditioning or in stock.
func (q *Q) FindAttachedComponents(ctx context.Context, unit string) ([]domain.UnitComponent, error) {
	var out []domain.UnitComponent
	err := q.getAllAfterDeferred(ctx, &batchRow{query: "SELECT " + componentColumns + " FROM unit_components c" + componentJoin +
		" WHERE c.unit_number = ? AND c.removed_at IS NULL ORDER BY c.id", args: []any{unit}, each: func(sc rowScanner) error {
		c, err := scanComponent(sc)
		out = append(out, c)
		return err
	}})
	return out, err
}

// A component attached to a unit, c, and its article's name.
const (
	componentColumns = "c.id, c.article_number, a.name, c.quantity, c.attached_at"
	componentJoin    = " JOIN articles a ON a.number = c.article_number"
)

// scanComponent scans a row of before's columns, then componentColumns.
func scanComponent(sc rowScanner, before ...any) (domain.UnitComponent, error) {
	var c domain.UnitComponent
	err := sc.Scan(append(before, &c.ID, &c.ArticleNumber, &c.ArticleName, &c.Quantity, &c.AttachedAt)...)
	return c, err
}

// FindUnitByNumber loads a unit card with adaptations, attached components, open
// blocks and history in one query: each list is a JSON array (jsonList).
func (q *Q) FindUnitByNumber(ctx context.Context, number string) (*domain.Unit, error) {
	return q.findUnit(ctx, number, "", nil)
}

// FindUnitCard loads the Individkort in one query: the unit as FindUnitByNumber
// does, who holds it now (as FindUnitHolding) with the payer's name and the
// person, its work orders and the lines on their way to complete it.
func (q *Q) FindUnitCard(ctx context.Context, number string) (*domain.UnitCard, error) {
	var holder, workOrders, onTheWay string
	wwhere, wargs := workOrderWhere(domain.DocumentFilter{Unit: number})
	lfrom, lwhere, largs := openLineSource(domain.OpenLineFilter{ComplementUnit: number})
	extra := q.jsonFirst(slices.Concat(holdingFields, []field{{"PayerName", "COALESCE(py.name, '')", false}}, personFields),
		holdingFrom+" LEFT JOIN payers py ON py.number = h.payer_number", "h.unit_number = ? AND h.end_date IS NULL", "h.id DESC") + ", " +
		q.jsonFirst(workOrderFields, workOrderSummaryFrom, wwhere, workOrderOrder) + ", " +
		q.jsonFirst(openLineFields, lfrom, lwhere, openLineOrder)
	args := append(append(append([]any{number, 1, 0}, wargs...), documentLimit(domain.DocumentFilter{}), 0), largs...)
	u, err := q.findUnit(ctx, number, ", "+extra, append(args, openLineLimit, 0), &holder, &workOrders, &onTheWay)
	if err != nil {
		return nil, err
	}
	card := &domain.UnitCard{Unit: *u}
	hs, err := decodeList[struct {
		domain.Holding
		domain.Person
		PayerName string
	}](holder)
	if err != nil {
		return nil, err
	}
	if len(hs) > 0 {
		h := hs[0]
		splitReturnReason(&h.Holding)
		card.Holding, card.PayerName = &h.Holding, h.PayerName
		if h.Person.Personnummer != "" {
			card.Person = &h.Person
		}
	}
	if card.WorkOrders, err = decodeList[domain.DocumentSummary](workOrders); err != nil {
		return nil, err
	}
	if card.OnTheWay, err = decodeList[domain.OpenLine](onTheWay); err != nil {
		return nil, err
	}
	return card, nil
}

// findUnit loads a unit with its lists and, extra, more columns: their
// expressions (from ", "), the arguments they take and where to scan them.
func (q *Q) findUnit(ctx context.Context, number, extra string, extraArgs []any, extraDest ...any) (*domain.Unit, error) {
	var u domain.Unit
	var adaptations, components, blocks, history string
	err := q.Get(ctx, `SELECT u.number, u.article_number, a.name, u.serial, u.warehouse, w.name, u.delivered_from,
		COALESCE(s.name, ''), COALESCE(u.purchase_date, ''), COALESCE(u.warranty_until, ''), u.status, u.status_date,
		COALESCE(u.last_maintenance, ''), u.last_inspection_result, a.inspection_months, `+
		q.jsonList(`'Date', ad.date, 'Text', ad.text, 'Username', ad.username`,
			`FROM unit_adaptations ad WHERE ad.unit_number = u.number`, `ad.date, ad.id`)+`, `+
		q.jsonList(`'ID', c.id, 'ArticleNumber', c.article_number, 'ArticleName', ca.name, 'Quantity', c.quantity, 'AttachedAt', c.attached_at`,
			`FROM unit_components c JOIN articles ca ON ca.number = c.article_number WHERE c.unit_number = u.number AND c.removed_at IS NULL`,
			`c.id`)+`, `+
		q.jsonList(`'ID', b.id, 'Unit', b.unit_number, 'Source', b.source, 'SourceRef', b.source_ref, 'Reason', b.reason,
			'BlockedAt', b.blocked_at, 'BlockedBy', b.blocked_by`,
			`FROM unit_blocks b WHERE b.unit_number = u.number AND b.released_at IS NULL`, `b.blocked_at, b.id`)+`, `+
		q.jsonList(`'At', e.at, 'Kind', e.kind, 'Text', e.text, 'Reference', e.reference, 'By', e.username`,
			`FROM unit_events e WHERE e.unit_number = u.number AND e.id IN (SELECT id FROM unit_events
				WHERE unit_number = u.number ORDER BY at DESC, id DESC LIMIT 100)`, `e.at DESC, e.id DESC`)+extra+`
		FROM units u JOIN articles a ON a.number = u.article_number JOIN warehouses w ON w.number = u.warehouse
		LEFT JOIN suppliers s ON s.id = a.supplier_id WHERE u.number = ?`, append(extraArgs, number),
		append([]any{&u.Number, &u.ArticleNumber, &u.ArticleName, &u.Serial, &u.Warehouse, &u.WarehouseName, &u.DeliveredFrom,
			&u.Supplier, &u.PurchaseDate, &u.WarrantyUntil, &u.Status, &u.StatusDate, &u.LastMaintenance,
			&u.LastInspectionResult, &u.InspectionMonths, &adaptations, &components, &blocks, &history}, extraDest...)...)
	if err != nil {
		return nil, err
	}
	if u.Adaptations, err = decodeList[domain.Adaptation](adaptations); err != nil {
		return nil, err
	}
	if u.Components, err = decodeList[domain.UnitComponent](components); err != nil {
		return nil, err
	}
	// The timestamps are text, as stored: each shadows the domain's time field.
	bs, err := decodeList[struct {
		domain.UnitBlock
		BlockedAt string
	}](blocks)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		b.UnitBlock.BlockedAt = domain.ParseTimestamp(b.BlockedAt)
		u.Blocks = append(u.Blocks, b.UnitBlock)
	}
	es, err := decodeList[struct {
		domain.UnitEvent
		At string
	}](history)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		e.UnitEvent.At = domain.ParseTimestamp(e.At)
		u.History = append(u.History, e.UnitEvent)
	}
	return &u, nil
}

const articleColumns = `a.number, a.name, a.unit_of_measure, a.iso_code, COALESCE(a.supplier_id, 0), COALESCE(s.name, ''),
	a.supplier_article_number, a.product, a.product_name, a.status, a.in_assortment, a.individual, a.purpose,
	a.service_level, a.responsibility, a.vision_aid, a.not_orderable, a.not_orderable_text, a.description`

func scanArticle(sc rowScanner, extra ...any) (domain.Article, error) {
	var a domain.Article
	dest := []any{&a.Number, &a.Name, &a.UnitOfMeasure, &a.ISOCode, &a.SupplierID, &a.Supplier, &a.SupplierArticleNumber,
		&a.Product, &a.ProductName, &a.Status, &a.InAssortment, &a.Individual, &a.Purpose, &a.ServiceLevel, &a.Responsibility,
		&a.VisionAid, &a.NotOrderable, &a.NotOrderableText, &a.Description}
	err := sc.Scan(append(dest, extra...)...)
	return a, err
}

// FindArticleSheet loads the article page in one query, its lists as JSON
// arrays (jsonList): the article with its ISO class name and whether it has a
// picture and a manual, its prices valid on date, its balances, the own
// warehouse of own, its base configuration and its fit data.
func (q *Q) FindArticleSheet(ctx context.Context, number, date string, own domain.OwnWarehouseOf) (*domain.ArticleSheet, error) {
	var sh domain.ArticleSheet
	var iso, side, size, prices, balances, base, fits string
	var pic, man int
	from, ownArgs := ownWarehouseFrom(own)
	args := append(append([]any{date}, ownArgs...), number)
	a, err := scanArticle(q.QueryRow(ctx, `SELECT `+articleColumns+`, COALESCE(i.name, ''),
		(SELECT COUNT(*) FROM article_files f WHERE f.article_number = a.number AND f.kind = 'picture'),
		(SELECT COUNT(*) FROM article_files f WHERE f.article_number = a.number AND f.kind = 'manual'),
		a.fit_side, a.size, ow.number, COALESCE(oww.name, ''), `+
		// each kind's newest price up to the date
		q.jsonList(`'Kind', p.kind, 'AmountOre', p.amount_ore, 'ValidFrom', p.valid_from`,
			`FROM article_prices p WHERE p.article_number = a.number AND p.valid_from = (SELECT MAX(x.valid_from) FROM article_prices x
				WHERE x.article_number = p.article_number AND x.kind = p.kind AND x.valid_from <= ?)`, `p.kind`)+`, `+
		q.jsonList(`'Warehouse', st.warehouse, 'WarehouseName', wh.name, 'OnHand', st.on_hand, 'Reserved', st.reserved,
			'Available', st.on_hand - st.reserved`,
			`FROM stock st JOIN warehouses wh ON wh.number = st.warehouse WHERE st.article_number = a.number`, `st.warehouse`)+`, `+
		q.jsonList(`'Article', b.component_number, 'Name', ca.name, 'Quantity', b.quantity`,
			`FROM article_base_components b JOIN articles ca ON ca.number = b.component_number WHERE b.article_number = a.number`, `b.position`)+`,
		COALESCE((SELECT `+q.listOf("f.main_article")+` FROM article_fits f WHERE f.article_number = a.number), '')
		FROM articles a LEFT JOIN suppliers s ON s.id = a.supplier_id LEFT JOIN iso_classes i ON i.code = a.iso_code
		CROSS JOIN `+from+` LEFT JOIN warehouses oww ON oww.number = ow.number WHERE a.number = ?`, args...),
		&iso, &pic, &man, &side, &size, &sh.OwnWarehouse, &sh.OwnWarehouseName, &prices, &balances, &base, &fits)
	if err != nil {
		return nil, mapError(err)
	}
	a.ISOName, a.HasPicture, a.HasManual = iso, pic > 0, man > 0
	sh.Article = a
	ps, err := decodeList[struct {
		domain.Price
		Kind string
	}](prices)
	if err != nil {
		return nil, err
	}
	sh.Prices = map[string]domain.Price{}
	for _, p := range ps {
		sh.Prices[p.Kind] = p.Price
	}
	if sh.Balances, err = decodeList[domain.Balance](balances); err != nil {
		return nil, err
	}
	if sh.BaseConfiguration, err = decodeList[domain.ArticleListItem](base); err != nil {
		return nil, err
	}
	sh.Fit = domain.FitPart{Article: a.Number, Name: a.Name, ISOCode: a.ISOCode, Fits: splitList(fits), Side: domain.Side(side), Size: size}
	return &sh, nil
}

// FindArticles searches the catalogue, ordered by article number. Name words are
// answered from article_words with one index range scan per word.
func (q *Q) FindArticles(ctx context.Context, f domain.ArticleFilter) ([]domain.Article, bool, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 200
	}
	words := domain.Words(f.Name)
	words = append(words, domain.Words(f.Product)...)
	words = append(words, domain.Words(f.ProductName)...)
	var args []any
	query := `SELECT ` + articleColumns + `, `
	if f.BalanceAt != "" {
		query += `COALESCE((SELECT st.on_hand - st.reserved FROM stock st WHERE st.warehouse = ? AND st.article_number = a.number), 0)`
		args = append(args, f.BalanceAt)
	} else {
		query += "0"
	}
	order := "a.number"
	byWords := len(words) > 0 && q.Dialect == Postgres
	if byWords && slices.ContainsFunc(words, func(w string) bool { return len(w) > maxLexeme }) {
		return nil, false, nil // no article holds such a word, and the text search would refuse it
	}
	if byWords {
		// PostgreSQL: the articles holding every word from the inverted index
		// (article_search, migration 0046), sorted by number, each match's
		// article then found by its key in that order until the page is full.
		// The plan has one shape whatever the words, so the prepared
		// statement's generic plan serves every search: a join the planner
		// chose would, for common words, walk the whole catalogue in number
		// order expecting to stop early (1–15 ms), and planning each search
		// anew cost 0.4 ms. The fence (OFFSET 0) keeps the page's LIMIT from
		// choosing that walk for the matches too.
		query += " FROM (SELECT article_number FROM (SELECT article_number FROM article_search WHERE words @@ CAST(? AS TSQUERY) OFFSET 0) w" +
			" ORDER BY article_number) m CROSS JOIN LATERAL (SELECT * FROM articles a WHERE a.number = m.article_number OFFSET 0) a"
		args = append(args, prefixQuery(words))
		order = "m.article_number" // = a.number, in the order the matches come
	} else {
		query += " FROM articles a"
	}
	query += " LEFT JOIN suppliers s ON s.id = a.supplier_id"
	query += " WHERE 1 = 1"
	add := func(cond string, v ...any) { query += " AND " + cond; args = append(args, v...) }
	if n := strings.TrimSpace(f.Number); n != "" {
		add("a.number = ?", n)
	}
	if n := strings.TrimSpace(f.SupplierArticleNumber); n != "" {
		add("a.supplier_article_number = ?", n)
	}
	if len(words) > 0 && !byWords {
		// SQLite: the articles holding every word, one intersection of the
		// words' index range scans, as a list the articles are looked up from.
		// One IN per word had SQLite read every article matching the first
		// word and test it against the others: 10–55 % slower for two words
		// one of which is common ("silver sittdy"), on 10,000 articles.
		var sets []string
		var wordArgs []any
		for _, w := range words {
			sets = append(sets, "SELECT article_number FROM article_words WHERE word >= ? AND word < ?")
			wordArgs = append(wordArgs, w, PrefixEnd(w))
		}
		add("a.number IN ("+strings.Join(sets, " INTERSECT ")+")", wordArgs...)
	}
	if f.SupplierID != 0 {
		add("a.supplier_id = ?", f.SupplierID)
	}
	if f.ISOCode != "" {
		add("a.iso_code = ?", f.ISOCode)
	}
	if !f.All {
		query += " AND a.in_assortment = TRUE"
	}
	query += " ORDER BY " + order + " LIMIT ?"
	args = append(args, f.Limit+1)
	if !byWords {
		args = q.PlannedForValues(args)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []domain.Article
	for rows.Next() {
		var avail int
		a, err := scanArticle(rows, &avail)
		if err != nil {
			return nil, false, err
		}
		a.Available = avail
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	out = filterFields(out, f)
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, nil
}

// filterFields keeps articles whose product and product name hold the words asked
// for in those fields (article_words mixes name, product and product name).
func filterFields(in []domain.Article, f domain.ArticleFilter) []domain.Article {
	pw, nw := domain.Words(f.Product), domain.Words(f.ProductName)
	if len(pw) == 0 && len(nw) == 0 {
		return in
	}
	out := in[:0]
	for _, a := range in {
		if hasWordPrefixes(a.Product, pw) && hasWordPrefixes(a.ProductName, nw) {
			out = append(out, a)
		}
	}
	return out
}

func hasWordPrefixes(text string, words []string) bool {
	have := domain.Words(text)
	for _, w := range words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// maxLexeme is the longest word, in bytes, PostgreSQL's text search takes.
// An article's words are far shorter (its name is at most 200 characters).
const maxLexeme = 2046

// prefixQuery asks PostgreSQL's text search for articles holding every word
// as a prefix of one of theirs: 'svart':* & 'rullst':*. The words are
// domain.Words, letters and digits only, so quoting them is enough.
func prefixQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = "'" + w + "':*"
	}
	return strings.Join(terms, " & ")
}

// SetArticleWords replaces the search words of an article: the folded words of
// its name, product and product name. Call it whenever these change. The words
// go in with one statement (an import writes thousands of articles).
func (q *Q) SetArticleWords(ctx context.Context, number, name, product, productName string) error {
	if _, err := q.Exec(ctx, "DELETE FROM article_words WHERE article_number = ?", number); err != nil {
		return err
	}
	words := domain.Words(name + " " + product + " " + productName)
	if len(words) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(words))
	for _, w := range words {
		args = append(args, w, number)
	}
	_, err := q.Exec(ctx, "INSERT INTO article_words (word, article_number) VALUES "+
		strings.TrimSuffix(strings.Repeat("(?, ?), ", len(words)), ", ")+" ON CONFLICT DO NOTHING", args...)
	return err
}

// FindISOClass finds one ISO class.
func (q *Q) FindISOClass(ctx context.Context, code string) (*domain.ISOClass, error) {
	var c domain.ISOClass
	err := q.Get(ctx, "SELECT code, COALESCE(parent_code, ''), name, info FROM iso_classes WHERE code = ?", []any{code},
		&c.Code, &c.ParentCode, &c.Name, &c.Info)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// FindISOChildren lists the classes under a code ("" for the top classes).
func (q *Q) FindISOChildren(ctx context.Context, parent string) ([]domain.ISOClass, error) {
	query := "SELECT code, COALESCE(parent_code, ''), name, info FROM iso_classes WHERE parent_code = ? ORDER BY code"
	args := []any{parent}
	if parent == "" {
		query = "SELECT code, COALESCE(parent_code, ''), name, info FROM iso_classes WHERE parent_code IS NULL ORDER BY code"
		args = nil
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ISOClass
	for rows.Next() {
		var c domain.ISOClass
		if err := rows.Scan(&c.Code, &c.ParentCode, &c.Name, &c.Info); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// documentLimit is the filter's row limit: 200 unless a smaller positive one is asked for (at most 500).
func documentLimit(f domain.DocumentFilter) int {
	if f.Limit <= 0 || f.Limit > 500 {
		return 200
	}
	return f.Limit
}

func (q *Q) docRows(ctx context.Context, kind, query string, args ...any) ([]domain.DocumentSummary, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.DocumentSummary
	for rows.Next() {
		d := domain.DocumentSummary{Kind: kind}
		if err := rows.Scan(&d.Number, &d.Status, &d.Date, &d.Recipient, &d.Article, &d.Unit, &d.Priority, &d.Customer,
			&d.Prescriber, &d.ClosedAt, &d.ReasonOrText); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FindOrderSummaries lists registered (not draft) orders, newest first.
func (q *Q) FindOrderSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error) {
	query := `SELECT COALESCE(o.number, ''), o.status, COALESCE(o.registered_at, o.created_at),
		COALESCE(o.recipient_personnummer, o.recipient_customer, ''), '', '', 0, o.customer_number, u.username, '', ''
		FROM orders o JOIN users u ON u.id = o.prescriber_id WHERE o.status <> 'draft' AND `
	var arg any
	switch {
	case f.PrescriberID != 0:
		query += "o.prescriber_id = ?"
		arg = f.PrescriberID
	case f.Personnummer != "":
		query += "o.recipient_personnummer = ?"
		arg = f.Personnummer
	default:
		query += "o.recipient_customer = ?"
		arg = f.Customer
	}
	return q.docRows(ctx, "order", query+" ORDER BY COALESCE(o.registered_at, o.created_at) DESC, o.id DESC LIMIT ?", arg, documentLimit(f))
}

// workOrderFields are a work order's summary columns (workOrderSummaryFrom), in docRows' order.
var workOrderFields = []field{{"Number", "w.number", false}, {"Status", "w.status", false}, {"Date", "w.registered_at", false},
	{"Recipient", "COALESCE(w.personnummer, w.customer_number)", false}, {"Article", "COALESCE(w.article_number, '')", false},
	{"Unit", "COALESCE(w.unit_number, '')", false}, {"Priority", "w.priority", false}, {"Customer", "w.customer_number", false},
	{"Prescriber", "u.username", false}, {"ClosedAt", "COALESCE(w.closed_at, '')", false},
	{"ReasonOrText", "w.fault_description", false}, {"Kind", "CAST('workorder' AS TEXT)", false}}

const (
	workOrderSummaryFrom = "FROM work_orders w JOIN users u ON u.id = w.prescriber_id"
	workOrderOrder       = "w.registered_at DESC, w.id DESC"
)

// workOrderWhere is the condition (on workOrderSummaryFrom) and the argument of the work orders a filter selects.
func workOrderWhere(f domain.DocumentFilter) (string, []any) {
	switch {
	case f.PrescriberID != 0:
		return "w.prescriber_id = ?", []any{f.PrescriberID}
	case f.Unit != "":
		return "w.unit_number = ?", []any{f.Unit}
	default:
		return "w.personnummer = ?", []any{f.Personnummer}
	}
}

// FindWorkOrderSummaries lists work orders, newest first.
func (q *Q) FindWorkOrderSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error) {
	where, args := workOrderWhere(f)
	cols := workOrderFields[:len(workOrderFields)-1] // docRows sets the kind
	return q.docRows(ctx, "workorder", "SELECT "+columns(cols)+" "+workOrderSummaryFrom+" WHERE "+where+" ORDER BY "+workOrderOrder+" LIMIT ?",
		append(args, documentLimit(f))...)
}

// FindPickupSummaries lists pickup orders, newest first.
func (q *Q) FindPickupSummaries(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentSummary, error) {
	query := `SELECT p.number, p.status, p.registered_at, COALESCE(p.recipient_personnummer, p.recipient_customer, ''), '', '', 0,
		p.customer_number, u.username, COALESCE(p.closed_at, ''), COALESCE(r.name, p.reason_code)
		FROM pickup_orders p JOIN users u ON u.id = p.prescriber_id LEFT JOIN pickup_reasons r ON r.code = p.reason_code WHERE `
	var arg any
	switch {
	case f.PrescriberID != 0:
		query += "p.prescriber_id = ?"
		arg = f.PrescriberID
	case f.Personnummer != "":
		query += "p.recipient_personnummer = ?"
		arg = f.Personnummer
	default:
		query += "p.recipient_customer = ?"
		arg = f.Customer
	}
	return q.docRows(ctx, "pickup", query+" ORDER BY p.registered_at DESC, p.id DESC LIMIT ?", arg, documentLimit(f))
}

// UpdateUserContact changes a user's own contact details.
func (q *Q) UpdateUserContact(ctx context.Context, id int64, name, phone, mobile, email string) error {
	_, err := q.Exec(ctx, "UPDATE users SET name = ?, phone = ?, mobile = ?, email = ? WHERE id = ?", name, phone, mobile, email, id)
	return err
}
