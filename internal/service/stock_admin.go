package service

import (
	"context"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Stock (SPEC §4, warehouse and admin): receiving goods, moving stock, count
// corrections, balances and reservations, a unit's history.

var stockRoles = []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}

// UnitIn is one serial-numbered unit received.
type UnitIn struct {
	Serial        string
	PurchaseDate  string // YYYY-MM-DD; empty: today
	WarrantyUntil string // YYYY-MM-DD or empty
}

// ReceiptInput is a goods receipt: a quantity, or units for an individually tracked article.
type ReceiptInput struct {
	Warehouse string
	Article   string
	Quantity  int
	Units     []UnitIn
}

// ReceivedUnit is a unit created by a receipt.
type ReceivedUnit struct {
	Number, Serial              string
	PurchaseDate, WarrantyUntil time.Time
}

// Receipt is what a receipt did.
type Receipt struct {
	Warehouse, Article, ArticleName string
	Quantity                        int
	Units                           []ReceivedUnit
	Balance                         domain.StockBalance
}

func parseOptDate(s, field string, fe fieldErrors) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		fe.add(field, "Ange datum som ÅÅÅÅ-MM-DD.")
	}
	return d
}

func (s *Service) checkWarehouse(ctx context.Context, q repo.Queries, number, field string, fe fieldErrors) {
	if number == "" {
		fe.add(field, "Välj lager.")
		return
	}
	if ok, err := q.WarehouseExists(ctx, number); err != nil || !ok {
		fe.add(field, "Lagret finns inte.")
	}
}

// ReceiveGoods receives a quantity, or units with serial numbers, into a warehouse.
func (s *Service) ReceiveGoods(ctx context.Context, a *Actor, in ReceiptInput) (*Receipt, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	in.Warehouse, in.Article = strings.TrimSpace(in.Warehouse), strings.TrimSpace(in.Article)
	if in.Warehouse != "" {
		if err := a.RequireWarehouse(in.Warehouse); err != nil {
			return nil, err
		}
	}
	res := &Receipt{Warehouse: in.Warehouse, Article: in.Article}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
		var art *domain.CatalogArticle
		if in.Article == "" {
			fe.add("article", "Ange artikelnummer.")
		} else if found, err := q.FindCatalogArticle(ctx, in.Article); domain.ErrorCode(err) == domain.ENotFound {
			fe.add("article", "Artikeln finns inte.")
		} else if err != nil {
			return err
		} else {
			art = found
			res.ArticleName = art.Name
		}
		var units []ReceivedUnit
		if art != nil {
			var err error
			if units, err = s.checkReceipt(ctx, q, art, in.Quantity, in.Units, fe, "quantity", "units"); err != nil {
				return err
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		var err error
		if res.Quantity, res.Units, err = s.putInStock(ctx, q, a, in.Warehouse, art, in.Quantity, units, "Mottagning"); err != nil {
			return err
		}
		bal, err := q.FindStockBalances(ctx, domain.StockFilter{Warehouse: in.Warehouse, Article: art.Number})
		if err != nil {
			return err
		}
		if len(bal) == 1 {
			res.Balance = bal[0]
		}
		return s.audit(ctx, q, a, Audit{Action: "stock.receive", Entity: "article", EntityID: art.Number,
			After: map[string]any{"warehouse": in.Warehouse, "quantity": res.Quantity, "units": res.Units}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// MoveInput moves a quantity, or one unit, between warehouses.
type MoveInput struct {
	From, To, Article string
	Quantity          int
	Unit              string
}

// MoveStock moves stock between warehouses.
func (s *Service) MoveStock(ctx context.Context, a *Actor, in MoveInput) error {
	if err := a.Require(stockRoles...); err != nil {
		return err
	}
	in.From, in.To, in.Article, in.Unit = strings.TrimSpace(in.From), strings.TrimSpace(in.To), strings.TrimSpace(in.Article), strings.TrimSpace(in.Unit)
	if in.Unit == "" && in.From != "" {
		// A move is made where the stock is.
		if err := a.RequireWarehouse(in.From); err != nil {
			return err
		}
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.To, "to", fe)
		now := s.Now()
		if in.Unit != "" {
			if err := fe.err(); err != nil {
				return err
			}
			// A move is made where the unit is.
			if u, err := q.FindStockUnit(ctx, in.Unit); err == nil {
				if err := a.RequireWarehouse(u.Warehouse); err != nil {
					return err
				}
			}
			if err := q.MoveUnit(ctx, in.Unit, in.To, "Flytt", a.Username, now); err != nil {
				if domain.ErrorCode(err) == domain.ENotFound {
					return domain.Invalid("unit", "Individen finns inte.")
				}
				return err
			}
			return s.audit(ctx, q, a, Audit{Action: "stock.move", Entity: "unit", EntityID: in.Unit, After: map[string]string{"to": in.To}})
		}
		s.checkWarehouse(ctx, q, in.From, "from", fe)
		if in.From == in.To && in.From != "" {
			fe.add("to", "Välj ett annat lager än det du flyttar från.")
		}
		art, err := q.FindCatalogArticle(ctx, in.Article)
		if domain.ErrorCode(err) == domain.ENotFound || in.Article == "" {
			fe.add("article", "Artikeln finns inte.")
		} else if err != nil {
			return err
		} else if art.Individual {
			fe.add("unit", "Artikeln är individmärkt: flytta en individ i taget med dess individnummer.")
		}
		if in.Quantity <= 0 {
			fe.add("quantity", "Ange ett antal större än noll.")
		}
		if err := fe.err(); err != nil {
			return err
		}
		if err := q.MoveStock(ctx, in.From, in.To, in.Article, in.Quantity, "Flytt", a.Username, now); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "stock.move", Entity: "article", EntityID: in.Article,
			After: map[string]any{"from": in.From, "to": in.To, "quantity": in.Quantity}})
	})
}

// CorrectionInput is a stock count (inventering) with its reason.
type CorrectionInput struct {
	Warehouse, Article string
	Counted            int
	Reason             string
}

// CorrectStock sets the counted quantity of a non-unit article; the difference is
// recorded as a correction with the reason.
func (s *Service) CorrectStock(ctx context.Context, a *Actor, in CorrectionInput) (int, error) {
	if err := a.requireStockWarehouse(&in.Warehouse); err != nil {
		return 0, err
	}
	var delta int
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
		art, err := q.FindCatalogArticle(ctx, strings.TrimSpace(in.Article))
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.add("article", "Artikeln finns inte.")
		} else if err != nil {
			return err
		} else if art.Individual {
			fe.add("article", "Individmärkta artiklar räknas per individ: ta emot eller skrota individerna i stället.")
		}
		if in.Counted < 0 {
			fe.add("counted", "Antalet kan inte vara negativt.")
		}
		in.Reason = strings.TrimSpace(in.Reason)
		if in.Reason == "" {
			fe.add("reason", "Ange orsak till korrigeringen.")
		}
		if err := fe.err(); err != nil {
			return err
		}
		delta, err = q.CorrectStock(ctx, in.Warehouse, art.Number, in.Counted, in.Reason, a.Username, s.Now())
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "stock.correct", Entity: "article", EntityID: art.Number,
			After: map[string]any{"warehouse": in.Warehouse, "counted": in.Counted, "delta": delta, "reason": in.Reason}})
	})
	return delta, err
}

// StockBalances lists balances and reservations per warehouse.
func (s *Service) StockBalances(ctx context.Context, a *Actor, f domain.StockFilter) ([]domain.StockBalance, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	return s.db.Read().FindStockBalances(ctx, f)
}

// Warehouses lists the warehouses.
func (s *Service) Warehouses(ctx context.Context) ([]domain.Warehouse, error) {
	return s.db.Read().FindWarehouses(ctx)
}

// UnitHistory is a unit with its full history.
type UnitHistory struct {
	Unit       *domain.StockUnit
	Components []domain.UnitComponent // attached now, wherever the unit is
	Events     []domain.UnitEvent
}

// UnitHistory returns a unit's full history (received, delivered, transferred,
// returned, reconditioned, scrapped …), found by its unit or serial number.
func (s *Service) UnitHistory(ctx context.Context, a *Actor, code string) (*UnitHistory, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	q := s.db.Read()
	number, err := unitOfCode(ctx, q, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	u, err := q.FindStockUnit(ctx, number)
	if err != nil {
		return nil, err
	}
	comps, err := q.FindAttachedComponents(ctx, u.Number)
	if err != nil {
		return nil, err
	}
	ev, err := q.FindUnitEvents(ctx, u.Number)
	return &UnitHistory{Unit: u, Components: comps, Events: ev}, err
}
