package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Why this date (SPEC §10.11): a line's dates carry the reasons the rules gave
// when they set them (orders.go, setDates); a line that waits for the supplier
// also offers what would be faster now, each dated by the same dispatch rule.

// OrderLines groups a registered order's lines for display, with the faster
// alternatives of the lines that wait.
func (s *Service) OrderLines(ctx context.Context, a *Actor, o *domain.Order) ([]*LineView, error) {
	views := GroupLines(o)
	return views, s.withAlternatives(ctx, s.db.Read(), a, o.RecipientPersonnummer != "", views)
}

// GroupLines groups a registered order's lines, with their dates and reasons
// but without the alternatives: the answer to placing an order, where they
// would cost a search of stock and local stores per waiting line on the
// busiest path (the order's page and GET offer them).
func GroupLines(o *domain.Order) []*LineView { return lineViews(o.Lines) }

// withAlternatives adds faster alternatives to the open main lines that wait
// because their own article is not in stock (a main aid that waits only for a
// component has none); handOut offers the actor's care units' own stores.
func (s *Service) withAlternatives(ctx context.Context, q repo.Queries, a *Actor, handOut bool, views []*LineView) error {
	now := s.Now()
	for _, v := range views {
		l := &v.OrderLine
		if !l.Open() || l.Reserved >= l.Quantity || !l.Dispatch.After(domain.NextWorkingDay(now)) {
			continue
		}
		avail, err := q.Available(ctx, l.Warehouse, l.DeliveredArticle)
		if err != nil {
			return err
		}
		if avail >= l.Quantity {
			continue
		}
		stock, err := q.FindStockAlternatives(ctx, l.DeliveredArticle, l.Warehouse, l.Quantity)
		if err != nil {
			return err
		}
		var cands []domain.AlternativeCandidate
		for _, b := range stock {
			kind := domain.AltSameClass
			if b.Article == l.DeliveredArticle {
				kind = domain.AltWarehouse
			}
			cands = append(cands, domain.AlternativeCandidate{Kind: kind, Article: b.Article, Name: b.ArticleName, Where: b.WarehouseName,
				Stock: domain.DispatchInput{Stocked: true, Available: true, Warehouse: b.WarehouseName, Quantity: l.Quantity}})
		}
		if handOut && a != nil && a.HasRole(domain.RolePrescriber) {
			local, err := q.FindLocalStoreAlternatives(ctx, a.Customers, l.DeliveredArticle, l.Quantity)
			if err != nil {
				return err
			}
			cands = append(cands, local...)
		}
		v.Alternatives = domain.FasterAlternatives(l.Dispatch, cands, now)
	}
	return nil
}

// DispatchPreview answers GET /articles/{number}/dispatch: the dates, reasons
// and faster alternatives a line of quantity of the article would get now for
// the customer, planned as an order line is (replacement chain included).
// Nothing is reserved. A prescriber asks for a customer of their own.
func (s *Service) DispatchPreview(ctx context.Context, a *Actor, article, customer, quantity string) (*LineView, error) {
	if err := a.Require(domain.RolePrescriber, domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	customer = strings.TrimSpace(customer)
	if customer == "" {
		return nil, domain.Invalid("customer", "Ange kund.")
	}
	if !a.HasRole(domain.RoleCustomerService, domain.RoleAdmin) {
		if err := a.MayPrescribeFor("customer", customer); err != nil {
			return nil, err
		}
	}
	qty := 1
	if quantity = strings.TrimSpace(quantity); quantity != "" {
		n, err := strconv.Atoi(quantity)
		if err != nil || n < 1 || n > 999 {
			return nil, domain.Invalid("quantity", "Antal måste vara mellan 1 och 999.")
		}
		qty = n
	}
	q := s.db.Read()
	cust, err := q.FindOrderCustomer(ctx, customer)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalidf("customer", "Kund %s finns inte.", customer)
	}
	if err != nil {
		return nil, err
	}
	c := s.newOrderCtx(q, a, cust)
	art, err := c.orderable(ctx, "article", article)
	if err != nil {
		return nil, err
	}
	v := &LineView{OrderLine: domain.OrderLine{Article: art.Number, ArticleName: art.Name, Warehouse: cust.Warehouse, Quantity: qty,
		Purpose: art.Purpose, UnitPrice: art.Price, Status: "open"}}
	if err := c.plan(ctx, &v.OrderLine, "", false); err != nil {
		return nil, err
	}
	return v, s.withAlternatives(ctx, q, a, true, []*LineView{v})
}
