package service

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Fulfilment of registered orders (SPEC §4): the pick list, picking and delivery.

// PickList is the warehouse's list of lines to pick for a dispatch date,
// grouped per delivery route (SPEC §10.9).
type PickList struct {
	Warehouse string // "": every warehouse
	Date      time.Time
	Routes    []*PickRoute
	Orders    []*PickOrder // every order, route by route
}

// PickRoute is what goes out on one delivery route (turbil): every line to
// pick in the order of the shelves, and the orders. Routes come by name, then
// daily delivery, then the customers without a route.
type PickRoute struct {
	Name   string // "" without a route
	Daily  bool
	Rows   []PickRow
	Orders []*PickOrder
}

// PickRow is a line to pick at its shelf location.
type PickRow struct {
	Location    string
	OrderNumber string
	Line        domain.OrderLine
}

// ToPick is what remains to pick of the line.
func (r PickRow) ToPick() int { return r.Line.Quantity - r.Line.Delivered }

// PickOrder is one order on a pick list.
type PickOrder struct {
	Number    string
	Recipient string
	Urgent    bool
	Lines     []*LineView
}

// PickList lists what a warehouse has to pick: open lines with a dispatch date on or before day.
// The warehouse is the user's own when not given; an admin without one gets every warehouse's.
func (s *Service) PickList(ctx context.Context, a *Actor, warehouse string, day time.Time) (*PickList, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, err
	}
	if warehouse == "" {
		warehouse = a.Warehouse
	}
	// Without a warehouse of their own the admin sees every warehouse's list.
	if warehouse != "" || !a.HasRole(domain.RoleAdmin) {
		if err := a.RequireWarehouse(warehouse); err != nil {
			return nil, err
		}
	}
	if day.IsZero() {
		day = domain.NextWorkingDay(s.Today())
	}
	q := s.db.Read()
	rows, err := q.FindPickLines(ctx, warehouse, day)
	if err != nil {
		return nil, err
	}
	// The units allocated at picking, read once per order.
	orderLines := map[int64][]domain.OrderLine{}
	for i := range rows {
		l := &rows[i].Line
		all, ok := orderLines[l.OrderID]
		if !ok {
			if all, err = q.FindOrderLines(ctx, l.OrderID); err != nil {
				return nil, err
			}
			orderLines[l.OrderID] = all
		}
		if found := findLineIn(all, l.ID); found != nil {
			l.Units = found.Units
		}
	}
	pl := &PickList{Warehouse: warehouse, Date: day, Routes: pickRoutes(rows)}
	for _, pr := range pl.Routes {
		pl.Orders = append(pl.Orders, pr.Orders...)
	}
	return pl, nil
}

// pickRoutes groups a pick list's lines per route (routes by name, then daily
// delivery, then none), each route's lines in shelf order and its orders as
// they come.
func pickRoutes(rows []domain.PickLine) []*PickRoute {
	type routeKey struct {
		name  string
		daily bool
	}
	var out []*PickRoute
	routes := map[routeKey]*PickRoute{}
	orders := map[string]*PickOrder{}
	lines := map[*PickOrder][]domain.OrderLine{}
	for _, r := range rows {
		k := routeKey{r.Route, r.Daily}
		if k.daily {
			k.name = ""
		}
		pr := routes[k]
		if pr == nil {
			pr = &PickRoute{Name: k.name, Daily: k.daily}
			routes[k] = pr
			out = append(out, pr)
		}
		po := orders[r.OrderNumber]
		if po == nil {
			po = &PickOrder{Number: r.OrderNumber, Recipient: r.Recipient, Urgent: r.Urgent}
			orders[r.OrderNumber] = po
			pr.Orders = append(pr.Orders, po)
		}
		lines[po] = append(lines[po], r.Line)
		pr.Rows = append(pr.Rows, PickRow{Location: r.Location, OrderNumber: r.OrderNumber, Line: r.Line})
	}
	for po, ls := range lines {
		po.Lines = lineViews(ls)
	}
	rank := func(r *PickRoute) int {
		switch {
		case r.Name != "":
			return 0
		case r.Daily:
			return 1
		}
		return 2
	}
	slices.SortFunc(out, func(a, b *PickRoute) int {
		if c := rank(a) - rank(b); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	for _, pr := range out {
		slices.SortStableFunc(pr.Rows, func(a, b PickRow) int {
			if c := domain.CompareLocations(a.Location, b.Location); c != 0 {
				return c
			}
			if c := strings.Compare(a.Line.DeliveredArticle, b.Line.DeliveredArticle); c != 0 {
				return c
			}
			return strings.Compare(a.OrderNumber, b.OrderNumber)
		})
	}
	return out
}

func findLineIn(lines []domain.OrderLine, id int64) *domain.OrderLine {
	for i := range lines {
		if lines[i].ID == id {
			return &lines[i]
		}
	}
	return nil
}

// pickTree makes sure a main line and its components are reserved and its units
// allocated (first in, first out). It reports false, changing nothing it cannot
// keep, when stock is not available now.
func (s *Service) pickTree(ctx context.Context, q repo.Queries, a *Actor, o *domain.Order, t *lineTree, now time.Time) (bool, error) {
	all := append([]*domain.OrderLine{t.main}, t.comps...)
	for _, l := range all {
		if !l.Open() {
			continue
		}
		if need := l.Quantity - l.Reserved; need > 0 {
			ok, err := q.Reserve(ctx, l.Warehouse, l.DeliveredArticle, need, o.Number, a.Username, now)
			if err != nil {
				return false, err
			}
			if !ok {
				return false, nil
			}
			l.Reserved = l.Quantity
			if err := q.SetLineReserved(ctx, l.ID, l.Reserved); err != nil {
				return false, err
			}
		}
		if l.Individual {
			if need := l.Quantity - len(l.Units); need > 0 {
				got, err := q.AllocateUnits(ctx, l.ID, l.Warehouse, l.DeliveredArticle, need, now)
				if err != nil {
					return false, err
				}
				for _, u := range got {
					l.Units = append(l.Units, u.Number)
					if t.carries == nil {
						t.carries = map[string][]domain.UnitComponent{}
					}
					t.carries[u.Number] = u.Components
				}
				if len(got) < need {
					return false, nil
				}
			}
		}
	}
	return true, nil
}

// DeliverResult tells what a delivery did.
type DeliverResult struct {
	Order     *domain.Order
	Delivered int // main lines delivered now
	Waiting   int // main lines still waiting for stock
}

// PickOrder allocates stock and units for an order's open lines without delivering them.
func (s *Service) PickOrder(ctx context.Context, a *Actor, number string) (*DeliverResult, error) {
	return s.fulfil(ctx, a, number, nil, false)
}

// DeliverOrder picks and delivers every open line (or the given ones) whose stock
// is available now, whatever its dispatch date: the items become holdings of the
// recipient with rent start today, and components are attached to their unit.
func (s *Service) DeliverOrder(ctx context.Context, a *Actor, number string, lineIDs []int64) (*DeliverResult, error) {
	return s.fulfil(ctx, a, number, lineIDs, true)
}

func (s *Service) fulfil(ctx context.Context, a *Actor, number string, lineIDs []int64, deliver bool) (*DeliverResult, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, err
	}
	res := &DeliverResult{}
	var order func() (*domain.Order, error)
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		*res = DeliverResult{}
		o, err := q.LockOrderByNumber(ctx, strings.TrimSpace(number))
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Kundorder %s finns inte.", number)
		}
		if err != nil {
			return err
		}
		if o.Status != "registered" && o.Status != "partly_delivered" {
			return domain.Errorf(domain.EConflict, "Kundorder %s är %s.", o.Number, domain.Term(strings.ToLower(domain.DocumentStatusText(o.Status))))
		}
		for _, l := range o.Lines {
			if err := a.RequireWarehouse(l.Warehouse); err != nil {
				return err
			}
		}
		now := s.Now()
		today := domain.DateOf(now)
		// The deliveries' stock changes are written last (ChangeStock).
		var stock []domain.JournalRow
		for _, t := range treesOf(o.Lines) {
			if !t.main.Open() || len(lineIDs) > 0 && !slices.Contains(lineIDs, t.main.ID) {
				continue
			}
			ok, err := s.pickTree(ctx, q, a, o, t, now)
			if err != nil {
				return err
			}
			if !ok {
				res.Waiting++
				continue
			}
			if !deliver {
				continue
			}
			if err := s.deliverTree(ctx, q, a, o, t, now, today, &stock); err != nil {
				return err
			}
			res.Delivered++
		}
		if deliver && res.Delivered == 0 && res.Waiting == 0 {
			return domain.Errorf(domain.EConflict, "Kundorder %s har inga öppna orderrader att leverera.", o.Number)
		}
		if deliver {
			// The lines as delivered: the order's lock kept anyone else from them.
			status := statusFromLines(o.Lines)
			if status != o.Status {
				if err := q.SetOrderStatus(ctx, o.ID, status); err != nil {
					return err
				}
			}
			if res.Delivered > 0 {
				if err := s.audit(ctx, q, a, Audit{Action: "order.deliver", Entity: "order", EntityID: o.Number, Personnummer: o.RecipientPersonnummer,
					After: map[string]any{"delivered": res.Delivered, "waiting": res.Waiting, "status": status}}); err != nil {
					return err
				}
			}
		}
		if order, err = q.FindOrderByIDLater(ctx, o.ID); err != nil {
			return err
		}
		return q.ChangeStock(ctx, stock, now)
	})
	if err != nil {
		return nil, err
	}
	if res.Order, err = order(); err != nil {
		return nil, err
	}
	return res, nil
}

// deliverTree delivers a picked tree; the stock it takes out and the
// reservations it gives back are added to stock, for the caller to write last.
func (s *Service) deliverTree(ctx context.Context, q repo.Queries, a *Actor, o *domain.Order, t *lineTree, now, today time.Time,
	stock *[]domain.JournalRow) error {
	issue := func(l *domain.OrderLine, qty int, units []string) error {
		rows, err := domain.IssueRows(l.Warehouse, l.DeliveredArticle, qty, units, o.Number, a.Username)
		*stock = append(*stock, rows...)
		return err
	}
	h := domain.NewHolding{RecipientPersonnummer: o.RecipientPersonnummer, RecipientCustomer: o.RecipientCustomer,
		Customer: o.CustomerNumber, PrescriberID: o.PrescriberID, OrderDate: domain.DateOf(o.RegisteredAt), DeliveryDate: today}
	m := t.main
	if err := issue(m, m.Quantity, m.Units); err != nil {
		return err
	}
	main := h
	main.Article, main.Payer, main.Purpose, main.OrderLineID = m.DeliveredArticle, m.Payer, m.Purpose, m.ID
	var units []string
	// carried: what each unit already carries from earlier loans (SPEC §10.1); it
	// goes out with the unit and covers this order's components of the same article.
	carried := map[string]map[string]int{}
	if m.Individual {
		units = m.Units
		for _, u := range units {
			comps, picked := t.carries[u]
			if !picked { // picked before, by Plocka
				var err error
				if comps, err = q.FindAttachedComponents(ctx, u); err != nil {
					return err
				}
			}
			carried[u] = map[string]int{}
			for _, c := range comps {
				carried[u][c.ArticleNumber] += c.Quantity
			}
			if err := q.DeliverUnit(ctx, u, "Levererad till "+recipientOf(o), o.Number, a.Username, now); err != nil {
				return err
			}
			main.Unit, main.Quantity = u, 1
			if err := q.CreateHolding(ctx, main); err != nil {
				return err
			}
		}
	} else {
		main.Quantity = m.Quantity
		main.AttachedUnit = m.ComplementUnit // Kompl. individ
		if m.ComplementUnit != "" {
			if err := complementUnitHeld(ctx, q, o, m.ComplementUnit); err != nil {
				return err
			}
		}
		if err := q.CreateHolding(ctx, main); err != nil {
			return err
		}
		if m.ComplementUnit != "" {
			if err := q.AttachComponent(ctx, m.ComplementUnit, m.DeliveredArticle, m.Quantity, now); err != nil {
				return err
			}
			if err := q.AddUnitEvent(ctx, m.ComplementUnit, "component", "Komponent "+m.DeliveredArticle+" kopplad", o.Number, a.Username, now); err != nil {
				return err
			}
		}
	}
	if err := markDelivered(ctx, q, m, now); err != nil {
		return err
	}
	for _, c := range t.comps {
		if !c.Open() {
			continue
		}
		ch := h
		ch.Article, ch.Payer, ch.Purpose, ch.OrderLineID = c.DeliveredArticle, c.Payer, c.Purpose, c.ID
		if len(units) == 0 {
			if err := issue(c, c.Quantity, nil); err != nil {
				return err
			}
			ch.Quantity = c.Quantity
			if err := q.CreateHolding(ctx, ch); err != nil {
				return err
			}
		}
		// Components follow the unit: each delivered unit carries its share, taken
		// first from what the unit already carries, the rest from stock.
		per := c.Quantity / max(len(units), 1)
		fromUnits := 0
		for i, u := range units {
			n := per
			if i == len(units)-1 {
				n = c.Quantity - per*(len(units)-1)
			}
			if n <= 0 {
				continue
			}
			onUnit := min(n, carried[u][c.DeliveredArticle])
			carried[u][c.DeliveredArticle] -= onUnit
			fromUnits += onUnit
			if n > onUnit {
				if err := q.AttachComponent(ctx, u, c.DeliveredArticle, n-onUnit, now); err != nil {
					return err
				}
			}
			ch.AttachedUnit, ch.Quantity = u, n
			if err := q.CreateHolding(ctx, ch); err != nil {
				return err
			}
		}
		if len(units) > 0 {
			// What the units carried needs no stock: its reservation is given back.
			*stock = append(*stock, domain.ReleaseRow(c.Warehouse, c.DeliveredArticle, fromUnits, o.Number, a.Username))
			if rest := c.Quantity - fromUnits; rest > 0 {
				if err := issue(c, rest, nil); err != nil {
					return err
				}
			}
		}
		if err := markDelivered(ctx, q, c, now); err != nil {
			return err
		}
	}
	// The rest of what the units carry goes out with them and is the recipient's
	// from today, on the main line's payer, billed as components (SPEC §7).
	for _, u := range units {
		for _, article := range slices.Sorted(maps.Keys(carried[u])) {
			if n := carried[u][article]; n > 0 {
				ch := h
				ch.Article, ch.Payer, ch.Purpose, ch.OrderLineID, ch.AttachedUnit, ch.Quantity = article, m.Payer, "rent", m.ID, u, n
				if err := q.CreateHolding(ctx, ch); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// markDelivered records a line's delivery, and keeps l as written.
func markDelivered(ctx context.Context, q repo.Queries, l *domain.OrderLine, now time.Time) error {
	l.Status = "delivered"
	return q.MarkLineDelivered(ctx, l.ID, l.Quantity, now)
}

// complementUnitHeld refuses to attach a Kompl. individ component to a unit the
// recipient no longer holds (picked up or transferred since the order).
func complementUnitHeld(ctx context.Context, q repo.Queries, o *domain.Order, unit string) error {
	rs, err := q.FindRecipientUnits(ctx, o.RecipientPersonnummer, o.RecipientCustomer)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Unit == unit {
			return nil
		}
	}
	return domain.Errorf(domain.EConflict, "Kundorder %s: komponenten ska kopplas till individ %s, som mottagaren inte längre har. Makulera orderraden.", o.Number, unit)
}
