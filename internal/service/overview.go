package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"hjalpmedel/internal/domain"

	"golang.org/x/sync/errgroup"
)

// The centre's overview for the admin (Översikt, SPEC §10.9): six charts over
// a period, each with the figures it draws, for the page (SVG), its CSV and
// the API alike.

// Chart is one chart's figures: a value per label and series.
type Chart struct {
	Name   string // orders, deliveries, workorders, units, reconditioning, billed
	Title  string
	Unit   string // "st" or "kr"
	Labels []string
	Series []ChartSeries
}

// ChartSeries is one series of a chart, a value per label.
type ChartSeries struct {
	Name   string
	Values []float64
}

// Overview is the charts of a period.
type Overview struct {
	From, To time.Time
	Charts   []Chart
}

// overviewPayers is how many payers the billing chart names; the rest are summed.
const overviewPayers = 8

// Overview computes the charts of [from, to] from the store's aggregates.
func (s *Service) Overview(ctx context.Context, a *Actor, from, to time.Time) (*Overview, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if err := domain.CheckOverviewPeriod(from, to); err != nil {
		return nil, err
	}
	q := s.db.Read()
	// The aggregates are independent: run on the reader pool side by side, the
	// page costs the slowest of them, not their sum.
	var (
		orders     []domain.DayCount
		deliveries []domain.DayDelivery
		timings    []domain.WorkOrderTimingCount
		units      []domain.StatusCount
		names      map[string]string
		recon      []domain.KindDayCount
		billed     []domain.PayerMonthAmount
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { orders, err = q.OverviewOrdersPerDay(gctx, from, to); return })
	g.Go(func() (err error) { deliveries, err = q.OverviewDeliveries(gctx, from, to); return })
	g.Go(func() (err error) { timings, err = q.WorkOrderTimings(gctx); return })
	g.Go(func() (err error) { units, err = q.OverviewUnits(gctx); return })
	g.Go(func() (err error) { names, err = q.ISOClassNames(gctx); return })
	g.Go(func() (err error) { recon, err = q.OverviewReconditioning(gctx, from, to); return })
	g.Go(func() (err error) {
		billed, err = q.OverviewBilled(gctx, from.Format("2006-01"), to.Format("2006-01"))
		return
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	o := &Overview{From: from, To: to}
	o.Charts = append(o.Charts, ordersChart(from, to, orders))
	days := map[string][]int{}
	for _, d := range deliveries {
		days[d.Day] = []int{d.OnTime, d.Late}
	}
	o.Charts = append(o.Charts, weekChart("deliveries", "Leveranser i tid mot avsändningsdatum", from, to, days, "I tid", "Försenade"))
	o.Charts = append(o.Charts, s.workOrderChart(timings))
	o.Charts = append(o.Charts, unitsChart(units, names))
	days = map[string][]int{}
	for _, r := range recon {
		if days[r.Day] == nil {
			days[r.Day] = make([]int, 3)
		}
		days[r.Day][map[string]int{"returned": 0, "reconditioned": 1, "scrapped": 2}[r.Kind]] += r.Count
	}
	o.Charts = append(o.Charts, weekChart("reconditioning", "Rekonditionering per vecka", from, to, days,
		"Till rekonditionering", "Godkända", "Skrotade"))
	o.Charts = append(o.Charts, billedChart(from, to, billed))
	return o, nil
}

func ordersChart(from, to time.Time, counts []domain.DayCount) Chart {
	byDay := map[string]int{}
	for _, c := range counts {
		byDay[c.Day] = c.Count
	}
	c := Chart{Name: "orders", Title: "Kundorder per dag", Unit: "st", Series: []ChartSeries{{Name: "Kundorder"}}}
	for d := domain.DateOf(from); !d.After(to); d = d.AddDate(0, 0, 1) {
		c.Labels = append(c.Labels, domain.FormatDate(d))
		c.Series[0].Values = append(c.Series[0].Values, float64(byDay[domain.FormatDate(d)]))
	}
	return c
}

// weekChart sums day figures into the period's ISO weeks, one series each.
func weekChart(name, title string, from, to time.Time, days map[string][]int, series ...string) Chart {
	weeks, sums := domain.WeekCounts(from, to, days, len(series))
	c := Chart{Name: name, Title: title, Unit: "st", Labels: weeks}
	for i, s := range series {
		cs := ChartSeries{Name: s}
		for _, w := range weeks {
			cs.Values = append(cs.Values, float64(sums[w][i]))
		}
		c.Series = append(c.Series, cs)
	}
	return c
}

// workOrderChart is the open work orders per priority now, overdue ones by
// the same rule as the work-order page (domain.WorkOrderOverdue).
func (s *Service) workOrderChart(counts []domain.WorkOrderTimingCount) Chart {
	c := Chart{Name: "workorders", Title: "Öppna och försenade arbetsordrar per prioritet", Unit: "st",
		Series: []ChartSeries{{Name: "Öppna i tid"}, {Name: "Försenade"}}}
	open, overdue := make([]float64, len(domain.Priorities)), make([]float64, len(domain.Priorities))
	now := s.Now()
	for _, t := range counts {
		if !domain.ValidPriority(t.Priority) || (t.Status != "registered" && t.Status != "started") {
			continue
		}
		if domain.WorkOrderOverdue(t.Priority, t.Due, t.Started, false, now) {
			overdue[t.Priority-1] += float64(t.N)
		} else {
			open[t.Priority-1] += float64(t.N)
		}
	}
	for _, p := range domain.Priorities {
		c.Labels = append(c.Labels, p.Name)
	}
	c.Series[0].Values, c.Series[1].Values = open, overdue
	return c
}

// unitsChart is the units out (delivered) and in stock per ISO class.
func unitsChart(counts []domain.StatusCount, names map[string]string) Chart {
	c := Chart{Name: "units", Title: "Individer utlämnade och i lager per ISO-klass", Unit: "st",
		Series: []ChartSeries{{Name: "Utlämnade"}, {Name: "I lager"}}}
	index := map[string]int{}
	for _, u := range counts {
		i, ok := index[u.ISOClass]
		if !ok {
			i = len(c.Labels)
			index[u.ISOClass] = i
			c.Labels = append(c.Labels, u.ISOClass+" "+names[u.ISOClass])
			c.Series[0].Values = append(c.Series[0].Values, 0)
			c.Series[1].Values = append(c.Series[1].Values, 0)
		}
		switch u.Status {
		case "delivered":
			c.Series[0].Values[i] += float64(u.Count)
		case "in_stock", "reserved":
			c.Series[1].Values[i] += float64(u.Count)
		}
	}
	return c
}

// billedChart is the amount billed per month for the payers billed most in
// the period, the others together.
func billedChart(from, to time.Time, billed []domain.PayerMonthAmount) Chart {
	c := Chart{Name: "billed", Title: "Fakturerat belopp per betalare och månad", Unit: "kr"}
	for m := domain.MonthOf(from); !m.After(to); m = m.AddDate(0, 1, 0) {
		c.Labels = append(c.Labels, m.Format("2006-01"))
	}
	totals := map[string]domain.Ore{}
	names := map[string]string{}
	for _, b := range billed {
		totals[b.Payer] += b.Amount
		names[b.Payer] = b.Payer + " " + b.PayerName
	}
	payers := make([]string, 0, len(totals))
	for p := range totals {
		payers = append(payers, p)
	}
	slices.SortFunc(payers, func(x, y string) int {
		if totals[x] != totals[y] {
			return int(totals[y] - totals[x])
		}
		return cmp.Compare(x, y)
	})
	series := map[string]int{}
	for i, p := range payers {
		if i == overviewPayers {
			c.Series = append(c.Series, ChartSeries{Name: "Övriga betalare", Values: make([]float64, len(c.Labels))})
		}
		if i >= overviewPayers {
			series[p] = overviewPayers
			continue
		}
		series[p] = i
		c.Series = append(c.Series, ChartSeries{Name: names[p], Values: make([]float64, len(c.Labels))})
	}
	for _, b := range billed {
		if i := slices.Index(c.Labels, b.Month); i >= 0 {
			c.Series[series[b.Payer]].Values[i] += float64(b.Amount) / 100
		}
	}
	return c
}
