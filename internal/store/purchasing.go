package store

import (
	"context"
	"database/sql"
	"time"

	"hjalpmedel/internal/domain"
)

// Purchasing (inköp, SPEC §10.9): reorder settings, proposals, purchase orders
// and their receipts. The stock a receipt brings is put on hand by
// ReceiveStock or CreateStockUnit, journalled as any goods receipt.

// openPurchase is the SQL condition of a purchase order that still brings goods.
const openPurchase = "po.status IN ('registered', 'partly_received')"

// SetReorderSetting sets an article's reorder point and order quantity at a warehouse.
func (q *Q) SetReorderSetting(ctx context.Context, s domain.ReorderSetting) error {
	_, err := q.Exec(ctx, `INSERT INTO stock_settings (warehouse, article_number, reorder_point, order_quantity) VALUES (?, ?, ?, ?)
		ON CONFLICT (warehouse, article_number) DO UPDATE SET reorder_point = excluded.reorder_point, order_quantity = excluded.order_quantity`,
		s.Warehouse, s.Article, s.ReorderPoint, s.OrderQuantity)
	return err
}

// RemoveReorderSetting stops reordering an article at a warehouse.
func (q *Q) RemoveReorderSetting(ctx context.Context, warehouse, article string) error {
	_, err := q.Exec(ctx, "UPDATE stock_settings SET reorder_point = NULL, order_quantity = 0 WHERE warehouse = ? AND article_number = ?",
		warehouse, article)
	return err
}

// FindReorderSettings lists the articles with a reorder point, by warehouse and article.
func (q *Q) FindReorderSettings(ctx context.Context, f domain.ReorderFilter) ([]domain.ReorderSetting, error) {
	w := where{}
	w.add("ss.reorder_point IS NOT NULL")
	if f.Warehouse != "" {
		w.add("ss.warehouse = ?", f.Warehouse)
	}
	if f.Article != "" {
		w.add("ss.article_number = ?", f.Article)
	}
	return queryAll(ctx, q, func(r rowScanner) (domain.ReorderSetting, error) {
		var s domain.ReorderSetting
		err := r.Scan(&s.Warehouse, &s.Article, &s.ArticleName, &s.ReorderPoint, &s.OrderQuantity)
		return s, err
	}, `SELECT ss.warehouse, ss.article_number, a.name, ss.reorder_point, ss.order_quantity
		FROM stock_settings ss JOIN articles a ON a.number = ss.article_number`+w.sql()+` ORDER BY ss.warehouse, ss.article_number LIMIT 2000`, w.args...)
}

// FindReorderProposals lists the articles of a warehouse (every warehouse for
// "") whose on hand − reserved + open purchase-order quantity is at or below
// their reorder point, by supplier and article.
func (q *Q) FindReorderProposals(ctx context.Context, warehouse string) ([]domain.ReorderProposal, error) {
	w := where{}
	w.add("ss.reorder_point IS NOT NULL")
	if warehouse != "" {
		w.add("ss.warehouse = ?", warehouse)
	}
	w.add("COALESCE(s.on_hand, 0) - COALESCE(s.reserved, 0) + COALESCE(inc.qty, 0) <= ss.reorder_point")
	return queryAll(ctx, q, func(r rowScanner) (domain.ReorderProposal, error) {
		var p domain.ReorderProposal
		err := r.Scan(&p.Warehouse, &p.WarehouseName, &p.Article, &p.ArticleName, &p.Unit, &p.SupplierID, &p.SupplierName,
			&p.SupplierArticle, &p.OnHand, &p.Reserved, &p.Incoming, &p.ReorderPoint, &p.OrderQuantity)
		return p, err
	}, `SELECT ss.warehouse, wh.name, ss.article_number, a.name, a.unit_of_measure, COALESCE(a.supplier_id, 0), COALESCE(su.name, ''),
		a.supplier_article_number, COALESCE(s.on_hand, 0), COALESCE(s.reserved, 0), COALESCE(inc.qty, 0), ss.reorder_point, ss.order_quantity
		FROM stock_settings ss
		JOIN articles a ON a.number = ss.article_number
		JOIN warehouses wh ON wh.number = ss.warehouse
		LEFT JOIN suppliers su ON su.id = a.supplier_id
		LEFT JOIN stock s ON s.warehouse = ss.warehouse AND s.article_number = ss.article_number
		LEFT JOIN (SELECT po.warehouse, l.article_number, SUM(l.quantity - l.received_quantity) AS qty
			FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id
			WHERE `+openPurchase+` GROUP BY po.warehouse, l.article_number) inc
			ON inc.warehouse = ss.warehouse AND inc.article_number = ss.article_number`+w.sql()+`
		ORDER BY COALESCE(su.name, ''), ss.warehouse, ss.article_number LIMIT 2000`, w.args...)
}

// CreatePurchaseOrder stores a purchase order with its lines and returns its id.
func (q *Q) CreatePurchaseOrder(ctx context.Context, o *domain.PurchaseOrder) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO purchase_orders (number, supplier_id, warehouse, status, expected_date, note, created_at, created_by)
		VALUES (?, ?, ?, 'registered', ?, ?, ?, ?)`, o.Number, o.SupplierID, o.Warehouse, domain.FormatDate(o.Expected), o.Note,
		domain.FormatTimestamp(o.CreatedAt), o.CreatedBy)
	if err != nil {
		return 0, err
	}
	for i, l := range o.Lines {
		if _, err := q.Exec(ctx, `INSERT INTO purchase_order_lines (purchase_order_id, position, article_number, quantity) VALUES (?, ?, ?, ?)`,
			id, i+1, l.Article, l.Quantity); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const purchaseOrderColumns = `po.id, po.number, po.supplier_id, su.name, su.phone, su.email, po.warehouse, wh.name, po.status,
	po.expected_date, po.note, po.created_at, po.created_by, COALESCE(po.closed_at, '')`

const purchaseOrderFrom = ` FROM purchase_orders po JOIN suppliers su ON su.id = po.supplier_id JOIN warehouses wh ON wh.number = po.warehouse`

func scanPurchaseOrder(r rowScanner) (*domain.PurchaseOrder, error) {
	var o domain.PurchaseOrder
	var expected, created, closed string
	if err := r.Scan(&o.ID, &o.Number, &o.SupplierID, &o.SupplierName, &o.SupplierPhone, &o.SupplierEmail, &o.Warehouse,
		&o.WarehouseName, &o.Status, &expected, &o.Note, &created, &o.CreatedBy, &closed); err != nil {
		return nil, err
	}
	o.Expected, o.CreatedAt, o.ClosedAt = domain.ParseDate(expected), domain.ParseTimestamp(created), domain.ParseTimestamp(closed)
	return &o, nil
}

// FindPurchaseOrderByNumber finds a purchase order with its lines and receipts.
func (q *Q) FindPurchaseOrderByNumber(ctx context.Context, number string) (*domain.PurchaseOrder, error) {
	o, err := scanPurchaseOrder(q.QueryRow(ctx, "SELECT "+purchaseOrderColumns+purchaseOrderFrom+" WHERE po.number = ?", number))
	if err != nil {
		return nil, mapError(err)
	}
	if o.Lines, err = queryAll(ctx, q, func(r rowScanner) (domain.PurchaseOrderLine, error) {
		var l domain.PurchaseOrderLine
		err := r.Scan(&l.ID, &l.Position, &l.Article, &l.ArticleName, &l.SupplierArticle, &l.UnitOfMeasure, &l.Individual, &l.Quantity, &l.Received)
		return l, err
	}, `SELECT l.id, l.position, l.article_number, a.name, a.supplier_article_number, a.unit_of_measure, a.individual, l.quantity,
		l.received_quantity FROM purchase_order_lines l JOIN articles a ON a.number = l.article_number
		WHERE l.purchase_order_id = ? ORDER BY l.position`, o.ID); err != nil {
		return nil, err
	}
	type receiptRow struct {
		id int64
		r  domain.PurchaseReceipt
	}
	rows, err := queryAll(ctx, q, func(r rowScanner) (receiptRow, error) {
		var x receiptRow
		var at string
		err := r.Scan(&x.id, &at, &x.r.By, &x.r.Article, &x.r.Quantity)
		x.r.At = domain.ParseTimestamp(at)
		return x, err
	}, `SELECT r.id, r.at, r.username, l.article_number, r.quantity FROM purchase_receipts r
		JOIN purchase_order_lines l ON l.id = r.line_id WHERE r.purchase_order_id = ? ORDER BY r.id`, o.ID)
	if err != nil {
		return nil, err
	}
	units := map[int64][]string{}
	urows, err := q.Query(ctx, `SELECT u.receipt_id, u.unit_number FROM purchase_receipt_units u JOIN purchase_receipts r ON r.id = u.receipt_id
		WHERE r.purchase_order_id = ? ORDER BY u.unit_number`, o.ID)
	if err != nil {
		return nil, err
	}
	defer urows.Close()
	for urows.Next() {
		var id int64
		var u string
		if err := urows.Scan(&id, &u); err != nil {
			return nil, err
		}
		units[id] = append(units[id], u)
	}
	if err := urows.Err(); err != nil {
		return nil, err
	}
	for _, x := range rows {
		x.r.Units = units[x.id]
		o.Receipts = append(o.Receipts, x.r)
	}
	return o, nil
}

// FindPurchaseOrders lists purchase orders, the newest first.
func (q *Q) FindPurchaseOrders(ctx context.Context, f domain.PurchaseOrderFilter) ([]*domain.PurchaseOrder, error) {
	w := where{}
	if f.Warehouse != "" {
		w.add("po.warehouse = ?", f.Warehouse)
	}
	if f.OpenOnly {
		w.add(openPurchase)
	}
	if f.SupplierID != 0 {
		w.add("po.supplier_id = ?", f.SupplierID)
	}
	if f.Limit <= 0 {
		f.Limit = 200
	}
	return queryAll(ctx, q, scanPurchaseOrder, "SELECT "+purchaseOrderColumns+purchaseOrderFrom+w.sql()+
		" ORDER BY po.created_at DESC, po.id DESC LIMIT ?", append(w.args, f.Limit)...)
}

// LockPurchaseOrder locks a purchase order for a receipt or its closing and
// returns its status as it is once locked.
func (q *Q) LockPurchaseOrder(ctx context.Context, id int64) (string, error) {
	var status string
	err := q.Get(ctx, "SELECT status FROM purchase_orders WHERE id = ?"+q.ForUpdate(), []any{id}, &status)
	return status, err
}

// AddPurchaseReceipt records what a receipt brought of a purchase-order line
// and the units it created. The line cannot receive more than was ordered (a
// CHECK constraint refuses it as a conflict).
func (q *Q) AddPurchaseReceipt(ctx context.Context, orderID, lineID int64, quantity int, units []string, username string, now time.Time) error {
	id, err := q.Insert(ctx, `INSERT INTO purchase_receipts (purchase_order_id, line_id, at, username, quantity) VALUES (?, ?, ?, ?, ?)`,
		orderID, lineID, domain.FormatTimestamp(now), username, quantity)
	if err != nil {
		return err
	}
	for _, u := range units {
		if _, err := q.Exec(ctx, "INSERT INTO purchase_receipt_units (receipt_id, unit_number) VALUES (?, ?)", id, u); err != nil {
			return err
		}
	}
	_, err = q.Exec(ctx, "UPDATE purchase_order_lines SET received_quantity = received_quantity + ? WHERE id = ?", quantity, lineID)
	return err
}

// SetPurchaseOrderStatus sets a purchase order's status; closed and cancelled
// ones get their closing time.
func (q *Q) SetPurchaseOrderStatus(ctx context.Context, id int64, status string, now time.Time) error {
	closed := sql.NullString{}
	if status == domain.PurchaseClosed || status == domain.PurchaseCancelled {
		closed = sql.NullString{String: domain.FormatTimestamp(now), Valid: true}
	}
	_, err := q.Exec(ctx, "UPDATE purchase_orders SET status = ?, closed_at = ? WHERE id = ?", status, closed, id)
	return err
}

// FindIncomingSupply lists what open purchase orders bring of an article to a
// warehouse, per expected day.
func (q *Q) FindIncomingSupply(ctx context.Context, warehouse, article string) ([]domain.IncomingSupply, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.IncomingSupply, error) {
		var s domain.IncomingSupply
		var d string
		err := r.Scan(&d, &s.Quantity)
		s.Expected = domain.ParseDate(d)
		return s, err
	}, `SELECT po.expected_date, SUM(l.quantity - l.received_quantity) FROM purchase_order_lines l
		JOIN purchase_orders po ON po.id = l.purchase_order_id
		WHERE l.article_number = ? AND po.warehouse = ? AND `+openPurchase+` AND l.received_quantity < l.quantity
		GROUP BY po.expected_date ORDER BY po.expected_date`, article, warehouse)
}

// WaitingQuantity is how much of an article the open lines of registered
// orders at a warehouse wait for (ordered but not reserved).
func (q *Q) WaitingQuantity(ctx context.Context, warehouse, article string) (int, error) {
	var n int
	err := q.Get(ctx, `SELECT COALESCE(SUM(l.quantity - l.reserved_quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.delivered_article_number = ? AND l.warehouse = ? AND l.status = 'open' AND l.reserved_quantity < l.quantity
		AND o.status IN ('registered', 'partly_delivered')`, []any{article, warehouse}, &n)
	return n, err
}
