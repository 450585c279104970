package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// The centre's overview (SPEC §10.9): every figure is aggregated here, over
// indexes, so the page costs the same whatever the number of rows. Timestamps
// are stored in UTC and their days are the UTC days.

// period is the stored timestamps of [from, to]'s days.
func period(from, to time.Time) (string, string) {
	return domain.FormatTimestamp(domain.DateOf(from)), domain.FormatTimestamp(domain.DateOf(to).AddDate(0, 0, 1))
}

// OverviewOrdersPerDay counts the orders registered each day of the period.
func (q *Q) OverviewOrdersPerDay(ctx context.Context, from, to time.Time) ([]domain.DayCount, error) {
	a, b := period(from, to)
	return queryAll(ctx, q, func(r rowScanner) (domain.DayCount, error) {
		var d domain.DayCount
		return d, r.Scan(&d.Day, &d.Count)
	}, `SELECT SUBSTR(registered_at, 1, 10), COUNT(*) FROM orders WHERE registered_at >= ? AND registered_at < ?
		GROUP BY SUBSTR(registered_at, 1, 10)`, a, b)
}

// OverviewDeliveries counts the order lines delivered each day of the period,
// on time (on or before their dispatch date) and late.
func (q *Q) OverviewDeliveries(ctx context.Context, from, to time.Time) ([]domain.DayDelivery, error) {
	a, b := period(from, to)
	return queryAll(ctx, q, func(r rowScanner) (domain.DayDelivery, error) {
		var d domain.DayDelivery
		return d, r.Scan(&d.Day, &d.OnTime, &d.Late)
	}, `SELECT SUBSTR(delivered_at, 1, 10),
			SUM(CASE WHEN dispatch_date IS NULL OR SUBSTR(delivered_at, 1, 10) <= dispatch_date THEN 1 ELSE 0 END),
			SUM(CASE WHEN SUBSTR(delivered_at, 1, 10) > dispatch_date THEN 1 ELSE 0 END)
		FROM order_lines WHERE delivered_at >= ? AND delivered_at < ? GROUP BY SUBSTR(delivered_at, 1, 10)`, a, b)
}

// OverviewReconditioning counts the units returned to reconditioning,
// reconditioned and scrapped each day of the period.
func (q *Q) OverviewReconditioning(ctx context.Context, from, to time.Time) ([]domain.KindDayCount, error) {
	a, b := period(from, to)
	return queryAll(ctx, q, func(r rowScanner) (domain.KindDayCount, error) {
		var d domain.KindDayCount
		return d, r.Scan(&d.Kind, &d.Day, &d.Count)
	}, `SELECT kind, SUBSTR(at, 1, 10), COUNT(*) FROM unit_events
		WHERE kind IN ('returned', 'reconditioned', 'scrapped') AND at >= ? AND at < ?
		GROUP BY kind, SUBSTR(at, 1, 10)`, a, b)
}

// OverviewUnits counts the units per ISO class (the code's first two digits)
// and status, from the units' article-and-status index.
func (q *Q) OverviewUnits(ctx context.Context) ([]domain.StatusCount, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.StatusCount, error) {
		var c domain.StatusCount
		return c, r.Scan(&c.ISOClass, &c.Status, &c.Count)
	}, `SELECT SUBSTR(a.iso_code, 1, 2), u.status, SUM(u.n)
		FROM (SELECT article_number, status, COUNT(*) AS n FROM units GROUP BY article_number, status) u
		JOIN articles a ON a.number = u.article_number
		GROUP BY SUBSTR(a.iso_code, 1, 2), u.status ORDER BY 1, 2`)
}

// ISOClassNames names the two-digit ISO classes.
func (q *Q) ISOClassNames(ctx context.Context) (map[string]string, error) {
	rows, err := queryAll(ctx, q, func(r rowScanner) ([2]string, error) {
		var v [2]string
		return v, r.Scan(&v[0], &v[1])
	}, "SELECT code, name FROM iso_classes WHERE LENGTH(code) = 2")
	out := map[string]string{}
	for _, v := range rows {
		out[v[0]] = v[1]
	}
	return out, err
}

// OverviewBilled sums what each payer was billed per month of [from, to]: the
// lines of each month's shown run (a replaced or failed run's lines may wait
// to be deleted).
func (q *Q) OverviewBilled(ctx context.Context, fromMonth, toMonth string) ([]domain.PayerMonthAmount, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.PayerMonthAmount, error) {
		var p domain.PayerMonthAmount
		var amount int64
		err := r.Scan(&p.Month, &p.Payer, &p.PayerName, &amount)
		p.Amount = domain.Ore(amount)
		return p, err
	}, `SELECT b.month, b.payer_number, p.name, SUM(b.amount_ore) FROM billing_lines b JOIN payers p ON p.number = b.payer_number
		WHERE b.month >= ? AND b.month <= ? AND b.job_id = (SELECT r.job_id FROM billing_runs r WHERE r.month = b.month)
		GROUP BY b.month, b.payer_number, p.name ORDER BY b.month, b.payer_number`, fromMonth, toMonth)
}
