package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Shelf locations (lagerplatser, SPEC §10.9): where an article stands in a
// warehouse. The pick list walks the shelves in their order and a count
// counts what stands at a location.

// LocationInput sets an article's shelf location at a warehouse; an empty
// Location removes it.
type LocationInput struct {
	Warehouse, Article, Location string
}

// SetStockLocation sets an article's shelf location at a warehouse.
func (s *Service) SetStockLocation(ctx context.Context, a *Actor, in LocationInput) (*domain.StockLocation, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	in.Warehouse, in.Article = strings.TrimSpace(in.Warehouse), strings.TrimSpace(in.Article)
	if in.Warehouse != "" {
		if err := a.RequireWarehouse(in.Warehouse); err != nil {
			return nil, err
		}
	}
	out := &domain.StockLocation{Warehouse: in.Warehouse, Article: in.Article}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
		art, err := s.stockArticle(ctx, q, in.Article, "article", fe)
		if err != nil {
			return err
		}
		loc, err := domain.ParseLocation("location", in.Location)
		if err := fe.addErr(err); err != nil {
			return err
		}
		if err := fe.err(); err != nil {
			return err
		}
		before, err := q.FindStockLocations(ctx, domain.LocationFilter{Warehouse: in.Warehouse, Article: art.Number})
		if err != nil {
			return err
		}
		out.Article, out.ArticleName, out.Individual, out.Location = art.Number, art.Name, art.Individual, loc
		if err := q.SetStockLocation(ctx, in.Warehouse, art.Number, loc); err != nil {
			return err
		}
		var was string
		if len(before) == 1 {
			was = before[0].Location
		}
		return s.audit(ctx, q, a, Audit{Action: "stock.location", Entity: "article", EntityID: art.Number,
			Before: map[string]string{"warehouse": in.Warehouse, "location": was}, After: map[string]string{"warehouse": in.Warehouse, "location": loc}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// StockLocations lists the articles with a shelf location, in shelf order.
func (s *Service) StockLocations(ctx context.Context, a *Actor, f domain.LocationFilter) ([]domain.StockLocation, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	f.Warehouse, f.Article = strings.TrimSpace(f.Warehouse), strings.TrimSpace(f.Article)
	loc, err := domain.ParseLocation("location", f.Location)
	if err != nil {
		return nil, err
	}
	f.Location = loc
	return s.db.Read().FindStockLocations(ctx, f)
}
