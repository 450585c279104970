package sim

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"hjalpmedel/internal/store"
)

// The invariants (issue 11.2) are read-only queries that hold on any database
// state the system can reach, whatever the actors did. Each returns a list of
// violations, described so that a failing run names the rows to look at.

// invariant is one named check.
type invariant struct {
	name string
	fn   func(ctx context.Context, q *store.Q) ([]string, error)
}

var invariants = []invariant{
	{"stock equals journal", stockEqualsJournal},
	{"reservations equal open lines", reservationsEqualOpenLines},
	{"units on hand equal stock", unitsOnHandEqualStock},
	{"reserved units are on open lines", reservedUnitsOnOpenLines},
	{"each unit held at most once and only when delivered", unitsHeldOnce},
	{"a unit's holdings do not overlap in time", holdingsDoNotOverlap},
	{"unit status agrees with history", unitStatusAgreesWithHistory},
	{"components are where their unit is", componentsFollowUnit},
	{"billing lines name holdings that exist", billingLinesNameHoldings},
	{"billing totals are the shown lines summed", billingTotalsEqualLines},
}

// checkAll runs every invariant and returns the violations, prefixed by the invariant's name.
func checkAll(ctx context.Context, q *store.Q) ([]string, int, error) {
	var out []string
	for _, inv := range invariants {
		v, err := inv.fn(ctx, q)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", inv.name, err)
		}
		for _, s := range v {
			out = append(out, inv.name+": "+s)
		}
	}
	return out, len(invariants), nil
}

// rowsOf runs a query whose every row is a violation and formats each row.
func rowsOf(ctx context.Context, q *store.Q, format, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		args := make([]any, len(vals))
		for i, v := range vals {
			args[i] = v.String
		}
		out = append(out, fmt.Sprintf(format, args...))
	}
	return out, rows.Err()
}

// stockEqualsJournal: on hand and reserved per article and warehouse are the sums
// of the stock journal (stock_movements), both ways round.
func stockEqualsJournal(ctx context.Context, q *store.Q) ([]string, error) {
	a, err := rowsOf(ctx, q, "warehouse %s article %s: on hand %s reserved %s, journal %s / %s",
		`SELECT s.warehouse, s.article_number, CAST(s.on_hand AS TEXT), CAST(s.reserved AS TEXT),
			CAST(COALESCE(m.oh, 0) AS TEXT), CAST(COALESCE(m.rs, 0) AS TEXT)
		FROM stock s LEFT JOIN (SELECT warehouse, article_number, SUM(on_hand_delta) AS oh, SUM(reserved_delta) AS rs
			FROM stock_movements GROUP BY warehouse, article_number) m
			ON m.warehouse = s.warehouse AND m.article_number = s.article_number
		WHERE s.on_hand <> COALESCE(m.oh, 0) OR s.reserved <> COALESCE(m.rs, 0)
		ORDER BY s.warehouse, s.article_number`)
	if err != nil {
		return nil, err
	}
	b, err := rowsOf(ctx, q, "warehouse %s article %s: no stock row, journal %s / %s",
		`SELECT m.warehouse, m.article_number, CAST(SUM(m.on_hand_delta) AS TEXT), CAST(SUM(m.reserved_delta) AS TEXT)
		FROM stock_movements m
		WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.warehouse = m.warehouse AND s.article_number = m.article_number)
		GROUP BY m.warehouse, m.article_number
		HAVING SUM(m.on_hand_delta) <> 0 OR SUM(m.reserved_delta) <> 0`)
	return append(a, b...), err
}

// openLines are the order lines that still hold a reservation legitimately.
const openLines = `SELECT ol.warehouse, ol.delivered_article_number AS article_number, SUM(ol.reserved_quantity) AS r
	FROM order_lines ol JOIN orders o ON o.id = ol.order_id
	WHERE ol.status = 'open' AND o.status IN ('registered', 'partly_delivered')
	GROUP BY ol.warehouse, ol.delivered_article_number`

// reservationsEqualOpenLines: what stock says is reserved is what open lines of
// registered orders reserved; closed lines and drafts reserve nothing.
func reservationsEqualOpenLines(ctx context.Context, q *store.Q) ([]string, error) {
	a, err := rowsOf(ctx, q, "warehouse %s article %s: reserved %s, open lines %s",
		`SELECT s.warehouse, s.article_number, CAST(s.reserved AS TEXT), CAST(COALESCE(l.r, 0) AS TEXT)
		FROM stock s LEFT JOIN (`+openLines+`) l ON l.warehouse = s.warehouse AND l.article_number = s.article_number
		WHERE s.reserved <> COALESCE(l.r, 0) ORDER BY s.warehouse, s.article_number`)
	if err != nil {
		return nil, err
	}
	b, err := rowsOf(ctx, q, "warehouse %s article %s: open lines reserve %s without a stock row",
		`SELECT l.warehouse, l.article_number, CAST(l.r AS TEXT) FROM (`+openLines+`) l
		WHERE l.r <> 0 AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.warehouse = l.warehouse AND s.article_number = l.article_number)`)
	if err != nil {
		return nil, err
	}
	c, err := rowsOf(ctx, q, "order line %s (%s): reserves %s but is not open on a registered order",
		`SELECT CAST(ol.id AS TEXT), ol.status, CAST(ol.reserved_quantity AS TEXT) FROM order_lines ol JOIN orders o ON o.id = ol.order_id
		WHERE ol.reserved_quantity > 0 AND NOT (ol.status = 'open' AND o.status IN ('registered', 'partly_delivered'))`)
	return append(append(a, b...), c...), err
}

// unitsOnHandEqualStock: for an individually tracked article, on hand at a warehouse
// is the number of its units there that are in stock or picked (reserved).
func unitsOnHandEqualStock(ctx context.Context, q *store.Q) ([]string, error) {
	return rowsOf(ctx, q, "warehouse %s article %s: on hand %s, units in stock or picked %s",
		`SELECT x.warehouse, x.article_number, CAST(x.on_hand AS TEXT), CAST(x.units AS TEXT) FROM (
			SELECT s.warehouse, s.article_number, s.on_hand,
				(SELECT COUNT(*) FROM units u WHERE u.warehouse = s.warehouse AND u.article_number = s.article_number
					AND u.status IN ('in_stock', 'reserved')) AS units
			FROM stock s JOIN articles a ON a.number = s.article_number WHERE a.individual
			UNION ALL
			SELECT u.warehouse, u.article_number, 0, COUNT(*) FROM units u
			WHERE u.status IN ('in_stock', 'reserved')
				AND NOT EXISTS (SELECT 1 FROM stock s WHERE s.warehouse = u.warehouse AND s.article_number = u.article_number)
			GROUP BY u.warehouse, u.article_number) x
		WHERE x.on_hand <> x.units ORDER BY x.warehouse, x.article_number`)
}

// reservedUnitsOnOpenLines: a picked unit is allocated to exactly one open line,
// and an open line's allocated units are picked.
func reservedUnitsOnOpenLines(ctx context.Context, q *store.Q) ([]string, error) {
	a, err := rowsOf(ctx, q, "unit %s is picked but on no open order line",
		`SELECT u.number FROM units u WHERE u.status = 'reserved' AND NOT EXISTS (
			SELECT 1 FROM order_line_units olu JOIN order_lines ol ON ol.id = olu.line_id
			WHERE olu.unit_number = u.number AND ol.status = 'open') ORDER BY u.number`)
	if err != nil {
		return nil, err
	}
	b, err := rowsOf(ctx, q, "unit %s is on open order line %s but has status %s",
		`SELECT u.number, CAST(ol.id AS TEXT), u.status FROM order_line_units olu JOIN order_lines ol ON ol.id = olu.line_id
		JOIN units u ON u.number = olu.unit_number WHERE ol.status = 'open' AND u.status <> 'reserved' ORDER BY u.number`)
	return append(a, b...), err
}

// unitsHeldOnce: a unit is held by at most one recipient at a time, and it is held
// exactly when its status is delivered.
func unitsHeldOnce(ctx context.Context, q *store.Q) ([]string, error) {
	return rowsOf(ctx, q, "unit %s has status %s and %s open holdings",
		`SELECT u.number, u.status, CAST(COUNT(h.id) AS TEXT) FROM units u
		LEFT JOIN holdings h ON h.unit_number = u.number AND h.end_date IS NULL
		GROUP BY u.number, u.status
		HAVING (u.status = 'delivered' AND COUNT(h.id) <> 1) OR (u.status <> 'delivered' AND COUNT(h.id) <> 0)
		ORDER BY u.number`)
}

// holdingsDoNotOverlap: the periods a unit was held (rent start up to, not
// including, the end date) never overlap, so no day of a unit is billed twice;
// a transfer ends one holding on the day the next starts.
func holdingsDoNotOverlap(ctx context.Context, q *store.Q) ([]string, error) {
	return rowsOf(ctx, q, "unit %s: holdings %s and %s overlap",
		`SELECT a.unit_number, CAST(a.id AS TEXT), CAST(b.id AS TEXT) FROM holdings a
		JOIN holdings b ON b.unit_number = a.unit_number AND b.id > a.id
		WHERE a.unit_number IS NOT NULL AND a.rent_start < COALESCE(b.end_date, '9999-12-31')
			AND b.rent_start < COALESCE(a.end_date, '9999-12-31')
		ORDER BY a.unit_number, a.id`)
}

// statusOfEvent maps the unit events that change where a unit is to the statuses
// they leave it in; the other events (component, maintenance, work order) do not move it.
var statusOfEvent = map[string][]string{
	"received":      {"in_stock", "reserved"},
	"reconditioned": {"in_stock", "reserved"},
	"moved":         {"in_stock", "reserved"},
	"delivered":     {"delivered"},
	"transferred":   {"delivered"},
	"returned":      {"reconditioning"},
	"scrapped":      {"scrapped"},
}

// unitStatusAgreesWithHistory: a unit's status is the one its latest moving event
// leaves it in (a picked unit is still in stock as far as history goes).
func unitStatusAgreesWithHistory(ctx context.Context, q *store.Q) ([]string, error) {
	kinds := make([]string, 0, len(statusOfEvent))
	for k := range statusOfEvent {
		kinds = append(kinds, "'"+k+"'")
	}
	sort.Strings(kinds)
	rows, err := q.Query(ctx, `SELECT u.number, u.status, COALESCE(e.kind, '') FROM units u
		LEFT JOIN unit_events e ON e.id = (SELECT e2.id FROM unit_events e2 WHERE e2.unit_number = u.number
			AND e2.kind IN (`+strings.Join(kinds, ", ")+`) ORDER BY e2.at DESC, e2.id DESC LIMIT 1)
		ORDER BY u.number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var unit, status, kind string
		if err := rows.Scan(&unit, &status, &kind); err != nil {
			return nil, err
		}
		ok := false
		for _, s := range statusOfEvent[kind] {
			ok = ok || s == status
		}
		if !ok {
			out = append(out, fmt.Sprintf("unit %s has status %s but its latest event is %q", unit, status, kind))
		}
	}
	return out, rows.Err()
}

// componentsFollowUnit: a component holding attached to a unit belongs to the
// unit's current holder, and a delivered unit's attached components are exactly
// its open component holdings (article and quantity).
func componentsFollowUnit(ctx context.Context, q *store.Q) ([]string, error) {
	a, err := rowsOf(ctx, q, "component holding %s (article %s) is attached to unit %s, which its holder does not hold",
		`SELECT CAST(c.id AS TEXT), c.article_number, c.attached_unit FROM holdings c
		LEFT JOIN holdings m ON m.unit_number = c.attached_unit AND m.end_date IS NULL
		WHERE c.attached_unit IS NOT NULL AND c.end_date IS NULL AND (m.id IS NULL
			OR COALESCE(m.recipient_personnummer, '') <> COALESCE(c.recipient_personnummer, '')
			OR COALESCE(m.recipient_customer, '') <> COALESCE(c.recipient_customer, ''))
		ORDER BY c.id`)
	if err != nil {
		return nil, err
	}
	b, err := rowsOf(ctx, q, "delivered unit %s: article %s attached %s, held as its components %s",
		`SELECT x.unit, x.article, CAST(SUM(x.attached) AS TEXT), CAST(SUM(x.held) AS TEXT) FROM (
			SELECT uc.unit_number AS unit, uc.article_number AS article, uc.quantity AS attached, 0 AS held
			FROM unit_components uc JOIN units u ON u.number = uc.unit_number
			WHERE uc.removed_at IS NULL AND u.status = 'delivered'
			UNION ALL
			SELECT h.attached_unit, h.article_number, 0, h.quantity FROM holdings h JOIN units u ON u.number = h.attached_unit
			WHERE h.end_date IS NULL AND u.status = 'delivered') x
		GROUP BY x.unit, x.article HAVING SUM(x.attached) <> SUM(x.held) ORDER BY x.unit, x.article`)
	return append(a, b...), err
}

// billingLinesNameHoldings: every billing line of a holding names one that
// exists (PostgreSQL has no foreign key for it, migration 0041).
func billingLinesNameHoldings(ctx context.Context, q *store.Q) ([]string, error) {
	return rowsOf(ctx, q, "billing line %s of %s names holding %s, which does not exist",
		`SELECT CAST(l.id AS TEXT), l.month, CAST(l.holding_id AS TEXT) FROM billing_lines l
		LEFT JOIN holdings h ON h.id = l.holding_id
		WHERE l.holding_id IS NOT NULL AND h.id IS NULL ORDER BY l.id`)
}

// billingTotalsEqualLines: what the overview reads as billed per month and
// payer (billing_totals) is the sum of the month's shown lines, both ways round.
func billingTotalsEqualLines(ctx context.Context, q *store.Q) ([]string, error) {
	return rowsOf(ctx, q, "month %s payer %s: total %s, lines %s",
		`SELECT COALESCE(t.month, l.month), COALESCE(t.payer_number, l.payer_number), CAST(t.amount_ore AS TEXT), CAST(l.amount AS TEXT)
		FROM (SELECT b.month, b.payer_number, SUM(b.amount_ore) AS amount FROM billing_lines b
			JOIN billing_runs r ON r.month = b.month AND r.job_id = b.job_id GROUP BY b.month, b.payer_number) l
		FULL JOIN billing_totals t ON t.month = l.month AND t.payer_number = l.payer_number
		WHERE t.amount_ore IS NULL OR l.amount IS NULL OR t.amount_ore <> l.amount ORDER BY 1, 2`)
}

// monthSnapshot is a closed month's billing as stored: the run and every line,
// column by column, so any change to it is seen.
func monthSnapshot(ctx context.Context, q *store.Q, month string) (string, error) {
	var b strings.Builder
	for _, query := range []string{
		`SELECT month, status, run_at, run_by, COALESCE(closed_at, ''), closed_by FROM billing_runs WHERE month = ?`,
		`SELECT * FROM billing_lines WHERE month = ? ORDER BY id`,
	} {
		rows, err := q.Query(ctx, query, month)
		if err != nil {
			return "", err
		}
		cols, err := rows.Columns()
		if err != nil {
			rows.Close()
			return "", err
		}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v;", cols[i], v)
			}
			b.WriteByte('\n')
		}
		if err := rows.Close(); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}
