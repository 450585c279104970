package service

import (
	"context"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// Reports (admin).

// ReportUnitsOut counts the units out per ISO class and payer.
func (s *Service) ReportUnitsOut(ctx context.Context, a *Actor) ([]store.UnitsOutRow, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.DB.Read().ReportUnitsOut(ctx)
}

// ReportStockValue values the stock at today's sales prices.
func (s *Service) ReportStockValue(ctx context.Context, a *Actor) ([]store.StockValueRow, domain.Ore, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, 0, err
	}
	rows, err := s.DB.Read().ReportStockValue(ctx, s.Today())
	var total domain.Ore
	for _, r := range rows {
		total += r.Value
	}
	return rows, total, err
}

// ReportWorkOrders counts work orders per priority with the overdue ones.
func (s *Service) ReportWorkOrders(ctx context.Context, a *Actor) ([]store.WorkOrderPriorityRow, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.DB.Read().ReportWorkOrders(ctx, s.Now())
}
