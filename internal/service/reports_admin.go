package service

import (
	"context"

	"hjalpmedel/internal/domain"
)

// Reports (admin).

// ReportUnitsOut counts the units out per ISO class and payer.
func (s *Service) ReportUnitsOut(ctx context.Context, a *Actor) ([]domain.UnitsOutRow, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().ReportUnitsOut(ctx)
}

// ReportStockValue values the stock at today's sales prices.
func (s *Service) ReportStockValue(ctx context.Context, a *Actor) ([]domain.StockValueRow, domain.Ore, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Read().ReportStockValue(ctx, s.Today())
	var total domain.Ore
	for _, r := range rows {
		total += r.Value
	}
	return rows, total, err
}

// ReportWorkOrders counts work orders per priority with the overdue ones.
func (s *Service) ReportWorkOrders(ctx context.Context, a *Actor) ([]domain.WorkOrderPriorityRow, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	counts, err := s.db.Read().WorkOrderTimings(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.WorkOrderPriorityRow, len(domain.Priorities))
	for i := range out {
		out[i].Priority = i + 1
	}
	now := s.Now()
	for _, c := range counts {
		if !domain.ValidPriority(c.Priority) {
			continue
		}
		r := &out[c.Priority-1]
		switch c.Status {
		case "closed":
			r.Closed += c.N
		case "registered", "started":
			r.Open += c.N
			if domain.WorkOrderOverdue(c.Priority, c.Due, c.Started, false, now) {
				r.Overdue += c.N
			}
		}
	}
	return out, nil
}
