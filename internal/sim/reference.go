package sim

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// The reference billing is SPEC §7 written a second time, on purpose sharing no
// code with domain.BillMonth or the billing run: it walks the month day by day
// from the holdings' history, finds the price record in force each day, and
// rounds per holding and price record. A month's stored billing must equal it
// to the öre, per payer, holding and kind.

// refKey identifies what the reference and the stored billing are compared by.
type refKey struct {
	Payer   string
	Holding int64
	Kind    string // rent, component, purchase, credit or spare_part (holding 0)
}

type refHolding struct {
	id                 int64
	payer, purpose     string
	article            string
	qty                int64
	rentStart, end     string // YYYY-MM-DD; end "" while held
	endReason          string
	delivery           string
	transferred        bool
	unit, attachedUnit string
}

type refPrice struct {
	id        int64
	kind      string
	amount    int64
	validFrom string
}

// refData is everything the reference reads, loaded once per comparison.
type refData struct {
	holdings []refHolding
	prices   map[string][]refPrice // article -> prices
	freeFrom map[string]string     // unit -> first day it costs nothing ("" never)
}

func loadRefData(ctx context.Context, q *store.Q) (*refData, error) {
	d := &refData{prices: map[string][]refPrice{}, freeFrom: map[string]string{}}
	rows, err := q.Query(ctx, `SELECT id, payer_number, purpose, article_number, quantity, rent_start, end_date,
		delivery_date, previous_holding_id, unit_number, attached_unit, end_reason FROM holdings ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h refHolding
		var end, unit, attached sql.NullString
		var prev sql.NullInt64
		if err := rows.Scan(&h.id, &h.payer, &h.purpose, &h.article, &h.qty, &h.rentStart, &end, &h.delivery,
			&prev, &unit, &attached, &h.endReason); err != nil {
			rows.Close()
			return nil, err
		}
		h.end, h.unit, h.attachedUnit, h.transferred = end.String, unit.String, attached.String, prev.Valid
		d.holdings = append(d.holdings, h)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT id, article_number, kind, amount_ore, valid_from FROM article_prices ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p refPrice
		var art string
		if err := rows.Scan(&p.id, &art, &p.kind, &p.amount, &p.validFrom); err != nil {
			rows.Close()
			return nil, err
		}
		d.prices[art] = append(d.prices[art], p)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT u.number, u.purchase_date, a.depreciation_months FROM units u
		JOIN articles a ON a.number = u.article_number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var unit string
		var purchase sql.NullString
		var months int
		if err := rows.Scan(&unit, &purchase, &months); err != nil {
			return nil, err
		}
		if purchase.Valid && purchase.String != "" {
			d.freeFrom[unit] = plusMonthsEndClamped(purchase.String, months)
		}
	}
	return d, rows.Err()
}

// plusMonthsEndClamped is SPEC §7's depreciation date: the purchase date plus
// months, on the same day of the month or the target month's last day when that
// month is shorter (2022-01-31 + 61 months = 2027-02-28).
func plusMonthsEndClamped(date string, months int) string {
	var y, m, day int
	fmt.Sscanf(date, "%d-%d-%d", &y, &m, &day)
	total := y*12 + (m - 1) + months
	ty, tm := total/12, total%12+1
	last := monthLength(ty, tm)
	if day > last {
		day = last
	}
	return fmt.Sprintf("%04d-%02d-%02d", ty, tm, day)
}

// monthLength counts the days of a month by the Gregorian leap-year rule.
func monthLength(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// priceOn is the price record of kind in force on day: the latest valid-from on or
// before it (nil: none yet).
func priceOn(prices []refPrice, kind, day string) *refPrice {
	var best *refPrice
	for i := range prices {
		p := &prices[i]
		if p.kind != kind || p.validFrom > day {
			continue
		}
		if best == nil || p.validFrom > best.validFrom {
			best = p
		}
	}
	return best
}

// roundHalfUp is a×n÷d rounded half up for non-negative a and n, positive d.
func roundHalfUp(a, n, d int64) int64 { return (2*a*n + d) / (2 * d) }

// referenceMonth bills month ("2027-03") by SPEC §7, in öre per payer, holding and kind.
func (d *refData) referenceMonth(month string) map[refKey]int64 {
	var y, m int
	fmt.Sscanf(month, "%d-%d", &y, &m)
	dim := monthLength(y, m)
	days := make([]string, dim)
	for i := range days {
		days[i] = fmt.Sprintf("%04d-%02d-%02d", y, m, i+1)
	}
	out := map[refKey]int64{}
	for _, h := range d.holdings {
		prices := d.prices[h.article]
		switch h.purpose {
		case "buy":
			// Charged once, at delivery, at the sales price of that day; a holding a
			// transfer created was paid for by the first holder. Återköp credits
			// that price in the month the article came back.
			p := priceOn(prices, "sale", h.delivery)
			if h.transferred || p == nil || p.amount == 0 {
				continue
			}
			if h.delivery >= days[0] && h.delivery <= days[dim-1] {
				out[refKey{h.payer, h.id, "purchase"}] += p.amount * h.qty
			}
			if h.endReason == "bought_back" && h.end >= days[0] && h.end <= days[dim-1] {
				out[refKey{h.payer, h.id, "credit"}] -= p.amount * h.qty
			}
		case "rent":
			perPrice := map[*refPrice]int64{} // days billed at each price record
			for _, day := range days {
				if day < h.rentStart || (h.end != "" && day >= h.end) {
					continue // the start day counts, the return or transfer day does not
				}
				if free := d.freeFrom[h.unit]; h.unit != "" && free != "" && day >= free {
					continue // the unit is depreciated
				}
				if free := d.freeFrom[h.attachedUnit]; h.attachedUnit != "" && free != "" && day >= free {
					continue // the unit the component sits on is depreciated
				}
				if p := priceOn(prices, "rent", day); p != nil {
					perPrice[p]++
				}
			}
			kind := "rent"
			if h.attachedUnit != "" {
				kind = "component"
			}
			for p, n := range perPrice {
				if amount := roundHalfUp(p.amount*h.qty, n, int64(dim)); amount != 0 {
					out[refKey{h.payer, h.id, kind}] += amount
				}
			}
		}
	}
	return out
}

// spareParts bills the spare parts of the chargeable work orders closed in month
// (on a civil date in Sweden) at the sales price of the closing day, to the payer
// of the unit's holding that day, or the work order's customer's payer.
func (d *refData) spareParts(ctx context.Context, q *store.Q, month string, out map[refKey]int64) error {
	rows, err := q.Query(ctx, `SELECT w.closed_at, COALESCE(w.unit_number, ''), c.default_payer, p.article_number, p.quantity
		FROM work_orders w JOIN action_types t ON t.id = w.action_type_id JOIN work_order_parts p ON p.work_order_id = w.id
		JOIN customers c ON c.number = w.customer_number
		WHERE w.status = 'closed' AND t.chargeable ORDER BY p.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var closedAt, unit, payer, article string
		var qty int64
		if err := rows.Scan(&closedAt, &unit, &payer, &article, &qty); err != nil {
			return err
		}
		day := civil(domain.ParseTimestamp(closedAt).In(domain.Stockholm))
		if day[:7] != month {
			continue
		}
		for _, h := range d.holdings {
			if unit != "" && h.unit == unit && h.rentStart <= day && (h.end == "" || h.end > day) {
				payer = h.payer
			}
		}
		if p := priceOn(d.prices[article], "sale", day); p != nil && p.amount > 0 {
			out[refKey{payer, 0, "spare_part"}] += p.amount * qty
		}
	}
	return rows.Err()
}

// storedMonth reads a month's billing lines of the kinds the reference computes.
func storedMonth(ctx context.Context, q *store.Q, month string) (map[refKey]int64, error) {
	rows, err := q.Query(ctx, `SELECT payer_number, COALESCE(holding_id, 0), kind, SUM(amount_ore) FROM billing_lines
		WHERE month = ? AND kind IN ('rent', 'component', 'purchase', 'credit', 'spare_part') GROUP BY payer_number, holding_id, kind`, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[refKey]int64{}
	for rows.Next() {
		var k refKey
		var amount int64
		if err := rows.Scan(&k.Payer, &k.Holding, &k.Kind, &amount); err != nil {
			return nil, err
		}
		if amount != 0 {
			out[k] = amount
		}
	}
	return out, rows.Err()
}

// compareReference returns the differences between a month's stored billing and
// the reference, and the reference's total.
func compareReference(ctx context.Context, q *store.Q, month string) ([]string, int64, error) {
	d, err := loadRefData(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	ref := d.referenceMonth(month)
	if err := d.spareParts(ctx, q, month, ref); err != nil {
		return nil, 0, err
	}
	got, err := storedMonth(ctx, q, month)
	if err != nil {
		return nil, 0, err
	}
	var diffs []string
	var total int64
	for k, v := range ref {
		total += v
		if got[k] != v {
			diffs = append(diffs, fmt.Sprintf("%s payer %s holding %d %s: billed %d öre, reference %d öre", month, k.Payer, k.Holding, k.Kind, got[k], v))
		}
	}
	for k, v := range got {
		if _, ok := ref[k]; !ok {
			diffs = append(diffs, fmt.Sprintf("%s payer %s holding %d %s: billed %d öre, reference nothing", month, k.Payer, k.Holding, k.Kind, v))
		}
	}
	// Corrections (rättelse) are billed in the month after the latest closed one,
	// one line each, at the amount the admin gave.
	var lines, corrections, linesSum, correctionsSum int64
	if err := q.Get(ctx, `SELECT COUNT(*), COALESCE(SUM(amount_ore), 0) FROM billing_lines WHERE month = ? AND kind = 'correction'`,
		[]any{month}, &lines, &linesSum); err != nil {
		return nil, 0, err
	}
	if err := q.Get(ctx, `SELECT COUNT(*), COALESCE(SUM(amount_ore), 0) FROM billing_corrections WHERE month = ?`,
		[]any{month}, &corrections, &correctionsSum); err != nil {
		return nil, 0, err
	}
	if lines != corrections || linesSum != correctionsSum {
		diffs = append(diffs, fmt.Sprintf("%s: %d correction lines of %d öre, %d corrections of %d öre", month, lines, linesSum, corrections, correctionsSum))
	}
	total += correctionsSum
	sort.Strings(diffs)
	return diffs, total, nil
}

// civil is the date of a simulated day as the store writes it.
func civil(t time.Time) string { return t.Format(time.DateOnly) }
