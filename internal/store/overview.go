package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// The centre's overview (SPEC §10.9): every figure is aggregated here, over
// indexes, so the page costs the same whatever the number of rows. Its days
// are Swedish civil days. Timestamps are stored in UTC and Sweden is a whole
// number of hours ahead of UTC, so the figures are counted per UTC hour (a
// timestamp's first 13 characters, "2026-11-24T23") and each hour is added to
// the Swedish day it falls on: at most 24 rows a day, whatever the rows counted.

// period is the stored timestamps bounding [from, to]'s Swedish days.
func period(from, to time.Time) (string, string) {
	return domain.FormatTimestamp(domain.SwedishMidnight(domain.DateOf(from))),
		domain.FormatTimestamp(domain.SwedishMidnight(domain.DateOf(to).AddDate(0, 0, 1)))
}

// swedishDay is the Swedish date of a UTC hour ("2026-11-24T23" is 25 November).
func swedishDay(hour string) string {
	t, _ := time.Parse("2006-01-02T15", hour)
	return domain.FormatDate(domain.DateOf(t))
}

// OverviewOrdersPerDay counts the orders registered each day of the period.
func (q *Q) OverviewOrdersPerDay(ctx context.Context, from, to time.Time) ([]domain.DayCount, error) {
	a, b := period(from, to)
	hours, err := queryAll(ctx, q, func(r rowScanner) (domain.DayCount, error) {
		var h domain.DayCount
		return h, r.Scan(&h.Day, &h.Count)
	}, `SELECT SUBSTR(registered_at, 1, 13), COUNT(*) FROM orders WHERE registered_at >= ? AND registered_at < ?
		GROUP BY SUBSTR(registered_at, 1, 13)`, a, b)
	days := map[string]int{}
	for _, h := range hours {
		days[swedishDay(h.Day)] += h.Count
	}
	out := make([]domain.DayCount, 0, len(days))
	for d, n := range days {
		out = append(out, domain.DayCount{Day: d, Count: n})
	}
	return out, err
}

// OverviewDeliveries counts the order lines delivered each day of the period,
// on time (on or before their dispatch date) and late. A line delivered on
// its dispatch date's UTC day is late when that hour is already the next
// Swedish day (Sweden is ahead of UTC, never behind).
func (q *Q) OverviewDeliveries(ctx context.Context, from, to time.Time) ([]domain.DayDelivery, error) {
	a, b := period(from, to)
	type hour struct {
		hour                string
		before, same, after int // delivered before, on and after the dispatch date's UTC day
	}
	hours, err := queryAll(ctx, q, func(r rowScanner) (hour, error) {
		var h hour
		return h, r.Scan(&h.hour, &h.before, &h.same, &h.after)
	}, `SELECT SUBSTR(delivered_at, 1, 13),
			SUM(CASE WHEN dispatch_date IS NULL OR SUBSTR(delivered_at, 1, 10) < dispatch_date THEN 1 ELSE 0 END),
			SUM(CASE WHEN SUBSTR(delivered_at, 1, 10) = dispatch_date THEN 1 ELSE 0 END),
			SUM(CASE WHEN SUBSTR(delivered_at, 1, 10) > dispatch_date THEN 1 ELSE 0 END)
		FROM order_lines WHERE delivered_at >= ? AND delivered_at < ? GROUP BY SUBSTR(delivered_at, 1, 13)`, a, b)
	days := map[string]*domain.DayDelivery{}
	for _, h := range hours {
		day := swedishDay(h.hour)
		d := days[day]
		if d == nil {
			d = &domain.DayDelivery{Day: day}
			days[day] = d
		}
		d.OnTime += h.before
		d.Late += h.after
		if day == h.hour[:10] {
			d.OnTime += h.same
		} else {
			d.Late += h.same
		}
	}
	out := make([]domain.DayDelivery, 0, len(days))
	for _, d := range days {
		out = append(out, *d)
	}
	return out, err
}

// OverviewReconditioning counts the units returned to reconditioning,
// reconditioned and scrapped each day of the period.
func (q *Q) OverviewReconditioning(ctx context.Context, from, to time.Time) ([]domain.KindDayCount, error) {
	a, b := period(from, to)
	hours, err := queryAll(ctx, q, func(r rowScanner) (domain.KindDayCount, error) {
		var h domain.KindDayCount
		return h, r.Scan(&h.Kind, &h.Day, &h.Count)
	}, `SELECT kind, SUBSTR(at, 1, 13), COUNT(*) FROM unit_events
		WHERE kind IN ('returned', 'reconditioned', 'scrapped') AND at >= ? AND at < ?
		GROUP BY kind, SUBSTR(at, 1, 13)`, a, b)
	days := map[domain.KindDayCount]int{}
	for _, h := range hours {
		days[domain.KindDayCount{Kind: h.Kind, Day: swedishDay(h.Day)}] += h.Count
	}
	out := make([]domain.KindDayCount, 0, len(days))
	for d, n := range days {
		d.Count = n
		out = append(out, d)
	}
	return out, err
}

// OverviewUnits counts the units per ISO class (the code's first two digits)
// and status, from an index of the units alone (migration 0040).
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

// OverviewBilled is what each payer was billed per month of [from, to]: the
// totals of each month's shown run (billing_totals).
func (q *Q) OverviewBilled(ctx context.Context, fromMonth, toMonth string) ([]domain.PayerMonthAmount, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.PayerMonthAmount, error) {
		var p domain.PayerMonthAmount
		var amount int64
		err := r.Scan(&p.Month, &p.Payer, &p.PayerName, &amount)
		p.Amount = domain.Ore(amount)
		return p, err
	}, `SELECT t.month, t.payer_number, p.name, t.amount_ore FROM billing_totals t JOIN payers p ON p.number = t.payer_number
		WHERE t.month >= ? AND t.month <= ? ORDER BY t.month, t.payer_number`, fromMonth, toMonth)
}
