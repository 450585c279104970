package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Components stay on their unit (SPEC §5, §10.1) through pickup, reconditioning
// and stock, and go out again with it, until the warehouse detaches them.

// Detached is a component taken off a unit and the warehouse it went to.
type Detached struct {
	Unit, Warehouse string
	Component       domain.UnitComponent
}

// DetachComponent takes a component off a unit that is in the warehouse (in stock
// or in reconditioning) and puts it on hand at the unit's warehouse (warehouse).
func (s *Service) DetachComponent(ctx context.Context, a *Actor, unit string, component int64) (*Detached, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	unit = strings.TrimPrefix(strings.TrimSpace(unit), "K-")
	var out *Detached
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		u, err := q.FindStockUnit(ctx, unit)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Individ %s finns inte.", unit)
		}
		if err != nil {
			return err
		}
		if err := a.RequireWarehouse(u.Warehouse); err != nil {
			return err
		}
		ok, err := q.LockUnitInWarehouse(ctx, unit)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Individ %s är inte i lager: komponenter kopplas loss när individen är i lager eller under rekonditionering.", unit)
		}
		c, err := q.DetachComponent(ctx, unit, component, u.Warehouse, a.Username, s.Now())
		if err != nil {
			return err
		}
		out = &Detached{Unit: unit, Warehouse: u.Warehouse, Component: *c}
		return s.audit(ctx, q, a, Audit{Action: "unit.detach_component", Entity: "unit", EntityID: unit, Screen: "Individhistorik",
			Before: map[string]any{"component": c.ID, "article": c.ArticleNumber, "quantity": c.Quantity},
			After:  map[string]any{"warehouse": u.Warehouse}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// detachAll takes every component off a unit into stock at the warehouse (a
// scrapped unit's components are still good).
func (s *Service) detachAll(ctx context.Context, q repo.Queries, unit, warehouse, username string) ([]domain.UnitComponent, error) {
	comps, err := q.FindAttachedComponents(ctx, unit)
	if err != nil {
		return nil, err
	}
	for _, c := range comps {
		if _, err := q.DetachComponent(ctx, unit, c.ID, warehouse, username, s.Now()); err != nil {
			return nil, err
		}
	}
	return comps, nil
}
