package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Kundorder's drafts: the HTML steps of an order (manual "Beställa hjälpmedel").

// --- Drafts (the HTML steps). A draft is an order with status 'draft'; it
// survives logout and is the prescriber's own.

// CreateOrderDraft starts an order (Orderinformation → Fortsätt).
func (s *Service) CreateOrderDraft(ctx context.Context, a *Actor, in DraftInput) (int64, error) {
	var id int64
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		o, _, _, err := s.resolveDraft(ctx, q, a, in)
		if err != nil {
			return err
		}
		id, err = q.CreateOrder(ctx, o)
		return err
	})
	return id, err
}

// OrderDraftView is a draft with what its pages show.
type OrderDraftView struct {
	Order     *domain.Order
	Customer  *domain.OrderCustomer
	Person    *domain.OrderPerson // nil for a care-unit recipient
	Recipient *domain.OrderCustomer
	Trees     []*LineView
}

// LineView is a main line with its components and totals.
type LineView struct {
	domain.OrderLine
	Components []domain.OrderLine
	Total      domain.Ore // own price × quantity + the components'
	// Alternatives are faster ways to the line's need when it waits (whydate.go).
	Alternatives []domain.Alternative
}

// ComponentCount is the number shown in brackets after the article, e.g. 11109 (11).
func (v *LineView) ComponentCount() int {
	n := 0
	for _, c := range v.Components {
		if c.Open() || c.Status == "delivered" {
			n += c.Quantity / max(v.Quantity, 1)
		}
	}
	return n
}

// HasComponents reports whether the line is a main aid with components.
func (v *LineView) HasComponents() bool { return len(v.Components) > 0 }

func lineViews(lines []domain.OrderLine) []*LineView {
	var out []*LineView
	for _, t := range treesOf(lines) {
		v := &LineView{OrderLine: *t.main}
		v.Total = t.main.UnitPrice * domain.Ore(t.main.Quantity)
		for _, c := range t.comps {
			v.Components = append(v.Components, *c)
			if c.Status != "cancelled" {
				v.Total += c.UnitPrice * domain.Ore(c.Quantity)
			}
		}
		out = append(out, v)
	}
	return out
}

// LineViews groups an order's lines for display.
func LineViews(o *domain.Order) []*LineView { return lineViews(o.Lines) }

func (s *Service) draftForEdit(ctx context.Context, q repo.Queries, a *Actor, id int64) (*domain.Order, *domain.OrderCustomer, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, nil, err
	}
	o, err := q.FindOrderByID(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil, domain.Errorf(domain.ENotFound, "Ordern finns inte.")
	}
	if err != nil {
		return nil, nil, err
	}
	if err := a.MaySee(draftScope(o)); err != nil {
		return nil, nil, err
	}
	if o.Status != "draft" {
		return o, nil, errNotDraft
	}
	cust, err := q.FindOrderCustomer(ctx, o.CustomerNumber)
	return o, cust, err
}

var errNotDraft = domain.Errorf(domain.EConflict, "Ordern är redan verkställd och kan inte ändras här.")

// IsNotDraft reports whether err says the order was already registered.
func IsNotDraft(err error) bool { return err == errNotDraft }

// OrderDraft loads a draft for its pages.
func (s *Service) OrderDraft(ctx context.Context, a *Actor, id int64) (*OrderDraftView, error) {
	q := s.db.Read()
	o, cust, err := s.draftForEdit(ctx, q, a, id)
	if err != nil {
		if err == errNotDraft {
			return &OrderDraftView{Order: o}, err
		}
		return nil, err
	}
	v := &OrderDraftView{Order: o, Customer: cust, Trees: lineViews(o.Lines)}
	if err := s.withAlternatives(ctx, q, a, o.RecipientPersonnummer != "", v.Trees); err != nil {
		return nil, err
	}
	if o.RecipientPersonnummer != "" {
		if v.Person, err = q.FindOrderPerson(ctx, o.RecipientPersonnummer); err != nil {
			return nil, err
		}
		// The draft's pages name the recipient; some without the personnummer.
		PersonAccessFrom(ctx).Show(o.RecipientPersonnummer)
	} else if v.Recipient, err = q.FindOrderCustomer(ctx, o.RecipientCustomer); err != nil {
		return nil, err
	}
	return v, nil
}

// OrderDrafts lists the actor's drafts (to continue after logging in again).
func (s *Service) OrderDrafts(ctx context.Context, a *Actor) ([]*domain.Order, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	return s.db.Read().FindOrders(ctx, domain.OrderFilter{PrescriberID: a.ID, Statuses: []string{"draft"}, Limit: 50})
}

// MyOrders lists the actor's registered orders, newest first.
// DefaultOrderCustomer is the Kund/leveransadress a Kundorder for a patient
// starts with, as Arbetsorder and Hämtorder start: the customer the patient's
// current aids are under (article's first) when the actor is linked to it,
// else the actor's only customer. Otherwise "": the prescriber chooses, the
// form never silently takes the first customer of the list.
func (s *Service) DefaultOrderCustomer(ctx context.Context, a *Actor, personnummer, article string) (string, error) {
	return defaultOrderCustomer(ctx, s.db.Read(), a, personnummer, article)
}

func defaultOrderCustomer(ctx context.Context, q repo.Queries, a *Actor, personnummer, article string) (string, error) {
	if pnr, err := domain.ParsePersonnummer(personnummer); err == nil {
		custs, err := q.PatientCustomers(ctx, string(pnr), strings.TrimSpace(article))
		if err != nil {
			return "", err
		}
		for _, c := range custs {
			if a.LinkedTo(c) {
				return c, nil
			}
		}
	}
	if len(a.Customers) == 1 {
		return a.Customers[0], nil
	}
	return "", nil
}

func (s *Service) MyOrders(ctx context.Context, a *Actor, limit int) ([]*domain.Order, error) {
	return s.db.Read().FindOrders(ctx, domain.OrderFilter{PrescriberID: a.ID,
		Statuses: []string{"registered", "partly_delivered", "delivered", "cancelled"}, Limit: limit})
}

func (s *Service) editDraft(ctx context.Context, a *Actor, id int64, fn func(c *orderCtx, o *domain.Order) error) error {
	return s.db.Transact(ctx, func(q repo.Queries) error {
		o, cust, err := s.draftForEdit(ctx, q, a, id)
		if err != nil {
			return err
		}
		return fn(s.newOrderCtx(q, a, cust), o)
	})
}

// AddOrderLine adds a line to a draft (Spara ändringarna / Enter).
func (s *Service) AddOrderLine(ctx context.Context, a *Actor, id int64, in LineInput) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		t, err := c.buildLine(ctx, o, in, "")
		if err != nil {
			return err
		}
		if err := c.planTree(ctx, t, "", false); err != nil {
			return err
		}
		pos := 1
		for _, l := range o.Lines {
			pos = max(pos, l.Position+1)
		}
		return c.insertTrees(ctx, []*lineTree{t}, pos)
	})
}

func findLine(o *domain.Order, lineID int64) *domain.OrderLine {
	for i := range o.Lines {
		if o.Lines[i].ID == lineID {
			return &o.Lines[i]
		}
	}
	return nil
}

// RemoveOrderLines removes lines from a draft (Ta bort).
func (s *Service) RemoveOrderLines(ctx context.Context, a *Actor, id int64, lineIDs []int64) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		for _, lid := range lineIDs {
			if findLine(o, lid) == nil {
				return domain.Errorf(domain.ENotFound, "Orderraden finns inte.")
			}
			if err := c.q.DeleteOrderLine(ctx, o.ID, lid); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddLineComponents adds accessories to a main line (komponentguide: Beställ, or an article number).
func (s *Service) AddLineComponents(ctx context.Context, a *Actor, id, lineID int64, articles []string) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		main := findLine(o, lineID)
		if main == nil || main.ParentID != 0 {
			return domain.Errorf(domain.ENotFound, "Orderraden finns inte.")
		}
		if err := c.loadArticles(ctx, articles); err != nil {
			return err
		}
		fu, err := c.fit.unit(ctx, main.Article, lineConfiguration(main, o.Lines))
		if err != nil {
			return err
		}
		var comps []*domain.OrderLine
		for _, n := range articles {
			ca, err := c.orderable(ctx, "article", n)
			if err != nil {
				return err
			}
			if err := c.fit.mount(ctx, &fu, "article", ca.Number, 1); err != nil {
				return err
			}
			l := c.componentLine(main, ca, 1, false)
			l.Position = main.Position
			if err := c.plan(ctx, l, "", false); err != nil {
				return err
			}
			comps = append(comps, l)
		}
		if err := c.q.CreateComponentLines(ctx, comps); err != nil {
			return err
		}
		return c.replanMain(ctx, o.ID, lineID)
	})
}

// RemoveLineComponents removes components from a main line (komponentguide: Ta bort).
func (s *Service) RemoveLineComponents(ctx context.Context, a *Actor, id, lineID int64, compIDs []int64) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		for _, cid := range compIDs {
			l := findLine(o, cid)
			if l == nil || l.ParentID != lineID {
				return domain.Errorf(domain.ENotFound, "Komponenten finns inte.")
			}
			if err := c.q.DeleteOrderLine(ctx, o.ID, cid); err != nil {
				return err
			}
		}
		return c.replanMain(ctx, o.ID, lineID)
	})
}

// replanMain refreshes a main line's preview dates after its components changed.
func (c *orderCtx) replanMain(ctx context.Context, orderID, lineID int64) error {
	lines, err := c.q.FindOrderLines(ctx, orderID)
	if err != nil {
		return err
	}
	for _, t := range treesOf(lines) {
		if t.main.ID != lineID {
			continue
		}
		if err := c.plan(ctx, t.main, "", false); err != nil {
			return err
		}
		c.mainDates(t)
		return c.q.SetLinePlan(ctx, t.main)
	}
	return nil
}

// SetLineUnit chooses the recipient's unit a component line is attached to (Kompl. individ).
func (s *Service) SetLineUnit(ctx context.Context, a *Actor, id, lineID int64, unit string) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		l := findLine(o, lineID)
		if l == nil || l.ParentID != 0 {
			return domain.Errorf(domain.ENotFound, "Orderraden finns inte.")
		}
		unit = strings.TrimSpace(unit)
		if unit == "" {
			return domain.Invalid("unit", "Välj en individ.")
		}
		if err := c.complementUnit(ctx, o, "unit", unit, l.Article, l.Quantity, l.ID); err != nil {
			return err
		}
		return c.q.SetComplementUnit(ctx, lineID, unit)
	})
}

// RecipientUnits lists the units the draft's recipient holds (Kompl. individ),
// each with why the line's component does not fit it.
func (s *Service) RecipientUnits(ctx context.Context, a *Actor, id, lineID int64) ([]UnitChoice, error) {
	q := s.db.Read()
	o, cust, err := s.draftForEdit(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	l := findLine(o, lineID)
	if l == nil || l.ParentID != 0 {
		return nil, domain.Errorf(domain.ENotFound, "Orderraden finns inte.")
	}
	c := s.newOrderCtx(q, a, cust)
	units, err := c.recipientUnits(ctx, o)
	if err != nil {
		return nil, err
	}
	var out []UnitChoice
	for _, ru := range units {
		u, err := c.unitFit(ctx, o, ru, l.ID)
		if err != nil {
			return nil, err
		}
		why, err := c.fit.why(ctx, *u, l.Article, l.Quantity)
		if err != nil {
			return nil, err
		}
		out = append(out, UnitChoice{RecipientUnit: ru, NotFit: why})
	}
	return out, nil
}

// SaveOrderDelivery saves the delivery information of a draft.
func (s *Service) SaveOrderDelivery(ctx context.Context, a *Actor, id int64, in DeliveryInput) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error {
		d, err := s.delivery(ctx, c.q, o, c.cust, nil, in)
		if err != nil {
			return err
		}
		return c.q.UpdateOrderDelivery(ctx, o.ID, d, in.Urgent)
	})
}

// RegisterOrderDraft registers a draft (Verkställ). token is the form's one-time
// token: a resubmitted form (double click, back and submit again) returns the
// order first registered with created=false.
func (s *Service) RegisterOrderDraft(ctx context.Context, a *Actor, id int64, in DeliveryInput, token string) (*domain.Order, bool, error) {
	key := ""
	if t := strings.TrimSpace(token); t != "" {
		key = "form:" + t
	}
	return s.placeOnce(ctx, a, key, nil, func(q repo.Queries, claim func(string) error) (string, bool, error) {
		o, cust, err := s.draftForEdit(ctx, q, a, id)
		if err == errNotDraft {
			return strconv.FormatInt(o.ID, 10), false, nil // already registered: show it
		}
		if err != nil {
			return "", false, err
		}
		if len(o.Lines) == 0 {
			return "", false, domain.Errorf(domain.EInvalid, "Ordern saknar orderrader.")
		}
		if err := claim(strconv.FormatInt(o.ID, 10)); err != nil {
			return "", false, err
		}
		if o.Delivery, err = s.delivery(ctx, q, o, cust, nil, in); err != nil {
			return "", false, err
		}
		o.Urgent = in.Urgent
		if err := q.UpdateOrderDelivery(ctx, o.ID, o.Delivery, o.Urgent); err != nil {
			return "", false, err
		}
		if err := s.newOrderCtx(q, a, cust).registerDraft(ctx, o, treesOf(o.Lines)); err != nil {
			return "", false, err
		}
		return strconv.FormatInt(o.ID, 10), true, nil
	})
}

// DeleteOrderDraft removes a draft (Radera / Avbryt).
func (s *Service) DeleteOrderDraft(ctx context.Context, a *Actor, id int64) error {
	return s.editDraft(ctx, a, id, func(c *orderCtx, o *domain.Order) error { return c.q.DeleteDraft(ctx, o.ID) })
}
