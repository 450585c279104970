package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// Reports for the administration: units out per ISO class and payer, stock value,
// work orders per priority with overdue counts.

// ReportUnitsOut counts the current holdings per ISO class and payer.
func (q *Q) ReportUnitsOut(ctx context.Context) ([]domain.UnitsOutRow, error) {
	rows, err := q.Query(ctx, `SELECT SUBSTR(a.iso_code, 1, 2) AS cls, COALESCE(ic.name, ''), h.payer_number, COALESCE(p.name, ''),
		SUM(CASE WHEN h.unit_number IS NULL THEN 0 ELSE 1 END), SUM(h.quantity)
		FROM holdings h JOIN articles a ON a.number = h.article_number
		LEFT JOIN iso_classes ic ON ic.code = SUBSTR(a.iso_code, 1, 2)
		LEFT JOIN payers p ON p.number = h.payer_number
		WHERE h.end_date IS NULL
		GROUP BY SUBSTR(a.iso_code, 1, 2), ic.name, h.payer_number, p.name
		ORDER BY cls, h.payer_number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.UnitsOutRow
	for rows.Next() {
		var r domain.UnitsOutRow
		if err := rows.Scan(&r.ISOClass, &r.ISOName, &r.Payer, &r.PayerName, &r.Units, &r.Aids); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ReportStockValue values the stock on hand at the sales price valid on day.
func (q *Q) ReportStockValue(ctx context.Context, day time.Time) ([]domain.StockValueRow, error) {
	rows, err := q.Query(ctx, `SELECT s.warehouse, s.article_number, a.name, s.on_hand,
		(SELECT pr.amount_ore FROM article_prices pr WHERE pr.article_number = s.article_number AND pr.kind = 'sale'
			AND pr.valid_from <= ? ORDER BY pr.valid_from DESC LIMIT 1)
		FROM stock s JOIN articles a ON a.number = s.article_number WHERE s.on_hand > 0
		ORDER BY s.warehouse, s.article_number`, domain.FormatDate(day))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.StockValueRow
	for rows.Next() {
		var r domain.StockValueRow
		var price *int64
		if err := rows.Scan(&r.Warehouse, &r.Article, &r.Name, &r.OnHand, &price); err != nil {
			return nil, err
		}
		if price != nil {
			r.HasPrice, r.Price = true, domain.Ore(*price)
			r.Value = r.Price * domain.Ore(r.OnHand)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// WorkOrderTimings groups every work order by what the overdue rule reads
// (domain.WorkOrderOverdue); the report counts them with the rule, so it
// cannot disagree with the work-order page.
func (q *Q) WorkOrderTimings(ctx context.Context) ([]domain.WorkOrderTimingCount, error) {
	rows, err := q.Query(ctx, `SELECT priority, status, COALESCE(due_at, ''), started_at IS NOT NULL, COUNT(*)
		FROM work_orders GROUP BY priority, status, due_at, started_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.WorkOrderTimingCount
	for rows.Next() {
		var c domain.WorkOrderTimingCount
		var due string
		if err := rows.Scan(&c.Priority, &c.Status, &due, &c.Started, &c.N); err != nil {
			return nil, err
		}
		c.Due = domain.ParseTimestamp(due)
		out = append(out, c)
	}
	return out, rows.Err()
}
