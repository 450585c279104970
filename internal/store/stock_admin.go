package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// Stock administration: receiving goods, moving stock, count corrections,
// balances, and a unit's history. Every change is a row of stock_movements.

// FindWarehouses lists the warehouses.
func (q *Q) FindWarehouses(ctx context.Context) ([]domain.Warehouse, error) {
	rows, err := q.Query(ctx, "SELECT number, name FROM warehouses ORDER BY number")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Warehouse
	for rows.Next() {
		var w domain.Warehouse
		if err := rows.Scan(&w.Number, &w.Name); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// addMovement writes one row of the stock journal.
func (q *Q) addMovement(ctx context.Context, m domain.JournalRow, now time.Time) error {
	return q.AddStockMovements(ctx, []domain.JournalRow{m}, now)
}

func (q *Q) addOnHand(ctx context.Context, warehouse, article string, qty int) error {
	_, err := q.Exec(ctx, `INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES (?, ?, ?, 0)
		ON CONFLICT (warehouse, article_number) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand`, warehouse, article, qty)
	return err
}

// takeOnHand lowers on hand by qty if that much is available (not reserved).
func (q *Q) takeOnHand(ctx context.Context, warehouse, article string, qty int) error {
	n, err := q.ExecAffected(ctx, `UPDATE stock SET on_hand = on_hand - ? WHERE warehouse = ? AND article_number = ?
		AND on_hand - reserved >= ?`, qty, warehouse, article, qty)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Det finns inte %d tillgängliga av artikel %s i lager %s.", qty, article, warehouse)
	}
	return nil
}

// ReceiveStock adds a quantity of an article to a warehouse.
func (q *Q) ReceiveStock(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) error {
	return q.putOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: article, OnHandDelta: qty, Reason: "receipt",
		Reference: ref, User: username}, now)
}

// ReturnToStock puts returned goods without a unit number back on hand at a
// warehouse; ref is the pickup order.
func (q *Q) ReturnToStock(ctx context.Context, warehouse, article string, qty int, ref, username string, now time.Time) error {
	return q.putOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: article, OnHandDelta: qty, Reason: "return",
		Reference: ref, User: username}, now)
}

// putOnHand raises on hand by the movement's quantity and journals it.
func (q *Q) putOnHand(ctx context.Context, m domain.JournalRow, now time.Time) error {
	if err := q.addOnHand(ctx, m.Warehouse, m.Article, m.OnHandDelta); err != nil {
		return err
	}
	return q.addMovement(ctx, m, now)
}

// nextUnitNumber takes the next unit number from the 'unit' sequence, first moving
// the sequence past the highest existing unit number, so units created by other
// means (demo, imports) are never collided with.
func (q *Q) nextUnitNumber(ctx context.Context) (string, error) {
	var maxLen int
	if err := q.Get(ctx, "SELECT COALESCE(MAX(LENGTH(number)), 0) FROM units", nil, &maxLen); err != nil {
		return "", err
	}
	var highest int64
	if maxLen > 0 {
		nums, err := q.Strings(ctx, "SELECT number FROM units WHERE LENGTH(number) = ? ORDER BY number DESC LIMIT 20", maxLen)
		if err != nil {
			return "", err
		}
		for _, s := range nums {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				highest = n
				break
			}
		}
	}
	n, err := q.NextNumber(ctx, "unit", 0)
	if err != nil {
		return "", err
	}
	if n <= highest {
		if _, err := q.Exec(ctx, "UPDATE number_sequences SET last = ? WHERE kind = 'unit' AND year = 0 AND last < ?", highest+1, highest+1); err != nil {
			return "", err
		}
		n = highest + 1
	}
	return strconv.FormatInt(n, 10), nil
}

// CreateStockUnit creates a unit in stock with a new unit number, counts it in the
// warehouse's stock and writes its first history event.
func (q *Q) CreateStockUnit(ctx context.Context, u domain.NewStockUnit, ref, username string, now time.Time) (string, error) {
	if !u.PurchaseDate.IsZero() {
		if err := q.EnsureOpen(ctx, u.PurchaseDate, domain.Term("Inköpsdatum")); err != nil {
			return "", err
		}
	}
	number, err := q.nextUnitNumber(ctx)
	if err != nil {
		return "", err
	}
	today := domain.FormatDate(domain.DateOf(now))
	if _, err := q.Exec(ctx, `INSERT INTO units (number, article_number, serial, warehouse, delivered_from, purchase_date,
		warranty_until, status, status_date, fifo_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'in_stock', ?, ?, ?)`,
		number, u.Article, u.Serial, u.Warehouse, u.DeliveredFrom, nullDate(u.PurchaseDate), nullDate(u.WarrantyUntil),
		today, today, domain.FormatTimestamp(now)); err != nil {
		return "", err
	}
	reason := u.Reason
	if reason == "" {
		reason = "receipt"
	}
	if err := q.putOnHand(ctx, domain.JournalRow{Warehouse: u.Warehouse, Article: u.Article, Unit: number, OnHandDelta: 1,
		Reason: reason, Reference: ref + " " + number, User: username}, now); err != nil {
		return "", err
	}
	return number, q.AddUnitEvent(ctx, number, "received", "Mottagen i lager "+u.Warehouse+", serienummer "+u.Serial, ref, username, now)
}

// SerialExists reports whether an article already has a unit with the serial number.
func (q *Q) SerialExists(ctx context.Context, article, serial string) (bool, error) {
	var n int
	err := q.Get(ctx, "SELECT COUNT(*) FROM units WHERE article_number = ? AND serial = ?", []any{article, serial}, &n)
	return n > 0, err
}

// FindUnitsByCode lists the units a scanned or typed code names: the unit of
// that number, else those whose serial number it is (as typed or in capitals).
func (q *Q) FindUnitsByCode(ctx context.Context, code string) ([]string, error) {
	return q.Strings(ctx, `SELECT number FROM units WHERE number = ?
		UNION ALL SELECT number FROM units WHERE serial IN (?, ?) AND NOT EXISTS (SELECT 1 FROM units WHERE number = ?)
		ORDER BY 1 LIMIT 10`, code, code, strings.ToUpper(code), code)
}

// MoveStock moves a quantity of a non-unit article between warehouses.
func (q *Q) MoveStock(ctx context.Context, from, to, article string, qty int, ref, username string, now time.Time) error {
	return q.moveStock(ctx, from, to, qty, domain.JournalRow{Article: article, Reason: "move", Reference: ref, User: username}, now)
}

// moveStock moves qty of m's article (or m's unit) from one warehouse to another:
// a journal row out of the one and one into the other.
func (q *Q) moveStock(ctx context.Context, from, to string, qty int, m domain.JournalRow, now time.Time) error {
	if err := q.takeOnHand(ctx, from, m.Article, qty); err != nil {
		return err
	}
	if err := q.addOnHand(ctx, to, m.Article, qty); err != nil {
		return err
	}
	out, in := m, m
	out.Warehouse, out.OnHandDelta, out.Reference = from, -qty, m.Reference+" till "+to
	in.Warehouse, in.OnHandDelta, in.Reference = to, qty, m.Reference+" från "+from
	return q.AddStockMovements(ctx, []domain.JournalRow{out, in}, now)
}

// FindStockUnit finds a unit.
func (q *Q) FindStockUnit(ctx context.Context, number string) (*domain.StockUnit, error) {
	var u domain.StockUnit
	var pd, wu, sd string
	err := q.Get(ctx, `SELECT u.number, u.article_number, a.name, u.serial, u.warehouse, u.status, COALESCE(u.purchase_date, ''),
		COALESCE(u.warranty_until, ''), u.status_date FROM units u JOIN articles a ON a.number = u.article_number WHERE u.number = ?`,
		[]any{number}, &u.Number, &u.Article, &u.ArticleName, &u.Serial, &u.Warehouse, &u.Status, &pd, &wu, &sd)
	if err != nil {
		return nil, err
	}
	u.PurchaseDate, u.WarrantyUntil, u.StatusDate = domain.ParseDate(pd), domain.ParseDate(wu), domain.ParseDate(sd)
	return &u, nil
}

// MoveUnit moves a unit in stock to another warehouse.
func (q *Q) MoveUnit(ctx context.Context, number, to, ref, username string, now time.Time) error {
	u, err := q.FindStockUnit(ctx, number)
	if err != nil {
		return err
	}
	if u.Status != "in_stock" {
		return domain.Errorf(domain.EConflict, "Individ %s är inte i lager och kan inte flyttas.", number)
	}
	if u.Warehouse == to {
		return domain.Errorf(domain.EInvalid, "Individ %s finns redan i lager %s.", number, to)
	}
	n, err := q.ExecAffected(ctx, "UPDATE units SET warehouse = ? WHERE number = ? AND status = 'in_stock' AND warehouse = ?", to, number, u.Warehouse)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Individ %s ändrades samtidigt av någon annan.", number)
	}
	if err := q.moveStock(ctx, u.Warehouse, to, 1, domain.JournalRow{Article: u.Article, Unit: number, Reason: "move",
		Reference: ref + " " + number, User: username}, now); err != nil {
		return err
	}
	return q.AddUnitEvent(ctx, number, "moved", "Flyttad från lager "+u.Warehouse+" till "+to, ref, username, now)
}

// CorrectStock sets the counted quantity of an article in a warehouse (inventering);
// the difference is a correction movement with the reason. Counted may not go below
// what is reserved.
func (q *Q) CorrectStock(ctx context.Context, warehouse, article string, counted int, reason, username string, now time.Time) (int, error) {
	var onHand, reserved int
	err := q.Get(ctx, "SELECT on_hand, reserved FROM stock WHERE warehouse = ? AND article_number = ?"+q.ForUpdate(),
		[]any{warehouse, article}, &onHand, &reserved)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return 0, err
	}
	if counted < reserved {
		return 0, domain.Invalidf("counted", "Antalet kan inte vara mindre än det reserverade (%d).", reserved)
	}
	delta := counted - onHand
	if delta == 0 {
		return 0, nil
	}
	if _, err := q.Exec(ctx, `INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES (?, ?, ?, 0)
		ON CONFLICT (warehouse, article_number) DO UPDATE SET on_hand = excluded.on_hand`, warehouse, article, counted); err != nil {
		return 0, err
	}
	return delta, q.addMovement(ctx, domain.JournalRow{Warehouse: warehouse, Article: article, OnHandDelta: delta,
		Reason: "correction", Reference: reason, User: username}, now)
}

// FindStockBalances lists balances per warehouse and article.
func (q *Q) FindStockBalances(ctx context.Context, f domain.StockFilter) ([]domain.StockBalance, error) {
	where, args := "1=1", []any{}
	if f.Warehouse != "" {
		where += " AND s.warehouse = ?"
		args = append(args, f.Warehouse)
	}
	if f.Article != "" {
		where += " AND s.article_number = ?"
		args = append(args, f.Article)
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT s.warehouse, w.name, s.article_number, a.name, a.individual, s.on_hand, s.reserved, COALESCE(ss.location, '')
		FROM stock s JOIN warehouses w ON w.number = s.warehouse JOIN articles a ON a.number = s.article_number
		LEFT JOIN stock_settings ss ON ss.warehouse = s.warehouse AND ss.article_number = s.article_number
		WHERE `+where+` ORDER BY s.article_number, s.warehouse LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.StockBalance
	for rows.Next() {
		var b domain.StockBalance
		if err := rows.Scan(&b.Warehouse, &b.WarehouseName, &b.Article, &b.ArticleName, &b.Individual, &b.OnHand, &b.Reserved, &b.Location); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindStockMovements lists the stock journal's rows that match the filter,
// newest first.
func (q *Q) FindStockMovements(ctx context.Context, f domain.MovementFilter) ([]domain.StockMovement, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Article != "" {
		add("m.article_number = ?", f.Article)
	}
	if f.Unit != "" {
		add("m.unit_number = ?", f.Unit)
	}
	if f.Warehouse != "" {
		add("m.warehouse = ?", f.Warehouse)
	}
	if f.Reason != "" {
		add("m.reason = ?", f.Reason)
	}
	if !f.From.IsZero() {
		add("m.at >= ?", domain.FormatTimestamp(f.From))
	}
	if !f.To.IsZero() {
		add("m.at < ?", domain.FormatTimestamp(f.To))
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	rows, err := q.Query(ctx, `SELECT m.id, m.at, m.warehouse, m.article_number, a.name, COALESCE(m.unit_number, ''), m.on_hand_delta,
		m.reserved_delta, m.reason, m.reference, m.username FROM stock_movements m JOIN articles a ON a.number = m.article_number
		WHERE `+strings.Join(where, " AND ")+` ORDER BY m.at DESC, m.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.StockMovement
	for rows.Next() {
		var m domain.StockMovement
		var at string
		if err := rows.Scan(&m.ID, &at, &m.Warehouse, &m.Article, &m.ArticleName, &m.Unit, &m.OnHandDelta, &m.Reserved, &m.Reason,
			&m.Reference, &m.By); err != nil {
			return nil, err
		}
		m.At = domain.ParseTimestamp(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindUnitEvents lists a unit's history, oldest first.
func (q *Q) FindUnitEvents(ctx context.Context, unit string) ([]domain.UnitEvent, error) {
	rows, err := q.Query(ctx, `SELECT at, kind, text, reference, username FROM unit_events WHERE unit_number = ? ORDER BY at, id`, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.UnitEvent
	for rows.Next() {
		var e domain.UnitEvent
		var at string
		if err := rows.Scan(&at, &e.Kind, &e.Text, &e.Reference, &e.By); err != nil {
			return nil, err
		}
		e.At = domain.ParseTimestamp(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
