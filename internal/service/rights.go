package service

import (
	"context"
	"slices"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// MayOrder enforces the manual's rule that only authorised prescribers may order
// (Inloggning: "Endast förskrivare med förskrivningsrätt kan beställa"): the user
// must have the prescriber role and the förskrivningsrätt an admin gives in
// Användare (users.can_prescribe). Ordering calls it before anything else.
func (a *Actor) MayOrder() error {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return err
	}
	if !a.CanPrescribe {
		return domain.Errorf(domain.EForbidden, "Du saknar förskrivningsrätt och kan inte beställa. Kontakta hjälpmedelsverksamheten.")
	}
	return nil
}

// Object scoping (SPEC §6, §10.2) is decided here and nowhere else: every
// service action and look-up that names a customer, payer, holding, order, work
// order, pickup order, transfer or unit asks MaySee, MayPrescribeFor or mayBill
// before it shows or changes anything, so a handler never decides.
//
// Reading: back-office roles (customer service, technician, warehouse, admin)
// see every object; what they may do with it is their roles' business. A
// prescriber sees the objects of the customers linked to them and the documents
// they registered themselves; a transfer is visible to its sender and its
// addressee only (and the back office).
// Prescribing (ordering, registering a work order, a pickup or a transfer, and
// billing a payer) needs a link to the customer whatever other roles the user
// has: an admin who also prescribes orders only for their own customers.
//
// A refusal of an object that exists is 403: a customer number or a document
// number says nothing about a person, and 404 stays reserved for what does not
// exist, so each answer means one thing everywhere. Reads answer the standard
// message; a refused choice on a form names the field, so the form shows it.

// Scope is who may see an object.
type Scope struct {
	Customers []string // the customers the object belongs to: a link to any one suffices
	Users     []int64  // users who see it whatever their links (who registered it; a transfer's sender and addressee)
	Personal  bool     // only Users see it, the back office too (an order draft)
}

// ErrOutOfScope is the refusal of an object outside the actor's scope.
var ErrOutOfScope = domain.Errorf(domain.EForbidden, "Du saknar behörighet för detta.")

// Sees reports whether the actor may see an object of scope o.
func (a *Actor) Sees(o Scope) bool {
	if a == nil || a.User == nil {
		return false
	}
	if slices.Contains(o.Users, a.ID) {
		return true
	}
	if o.Personal {
		return false
	}
	if a.HasRole(domain.BackOffice...) {
		return true
	}
	return slices.ContainsFunc(o.Customers, func(c string) bool { return c != "" && a.LinkedTo(c) })
}

// MaySee returns nil when the actor may see (and, as their roles allow, act on)
// an object of scope o, else the refusal (401 when nobody is logged in).
func (a *Actor) MaySee(o Scope) error {
	if a == nil || a.User == nil {
		return domain.Errorf(domain.EUnauthorized, "Du är inte inloggad.")
	}
	if !a.Sees(o) {
		return ErrOutOfScope
	}
	return nil
}

// MayPrescribeFor returns nil when the actor is linked to customer, else a
// refusal about the form field that chose it.
func (a *Actor) MayPrescribeFor(field, customer string) error {
	if a != nil && a.User != nil && a.LinkedTo(customer) {
		return nil
	}
	return outOfScopef(field, "Du är inte kopplad till kund %s.", customer)
}

// outOfScopef is a 403 about one form field.
func outOfScopef(field, format string, args ...any) *domain.Error {
	e := domain.Invalidf(field, format, args...)
	e.Code = domain.EForbidden
	return e
}

// Scopes of the objects. A holding belongs to its customer (the one its order
// was placed under, or the one a transfer moved it to); a care unit's own
// things to that customer.
func customerScope(customer string) Scope { return Scope{Customers: []string{customer}} }

func orderScope(o *domain.Order) Scope {
	return Scope{Customers: []string{o.CustomerNumber}, Users: []int64{o.PrescriberID}}
}

func draftScope(o *domain.Order) Scope { return Scope{Users: []int64{o.PrescriberID}, Personal: true} }

func workOrderScope(w *domain.WorkOrder) Scope {
	return Scope{Customers: []string{w.Customer}, Users: []int64{w.PrescriberID}}
}

func pickupScope(p *domain.PickupOrder) Scope {
	return Scope{Customers: []string{p.Customer}, Users: []int64{p.PrescriberID}}
}

// showDocument finds a document that names a patient (Hämtorder, Arbetsorder)
// for a user to see: a number that is not one, or of no such document, is
// missing; the document is checked against the user's customers (scope), and
// the user seeing its patient is logged (viewed, when it names one).
func showDocument[T any](ctx context.Context, s *Service, a *Actor, number string, missing error,
	find func(context.Context, string) (T, error), scope func(T) Scope, viewed func(T) Audit) (T, error) {
	var none T
	if !domain.ValidDocNumber(number) {
		return none, missing
	}
	d, err := find(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return none, missing
	}
	if err != nil {
		return none, err
	}
	if err := a.MaySee(scope(d)); err != nil {
		return none, err
	}
	if v := viewed(d); v.Personnummer != "" {
		if err := s.Audit(ctx, a, v); err != nil {
			return none, err
		}
	}
	return d, nil
}

func transferScope(t domain.Transfer) Scope { return Scope{Users: []int64{t.FromUserID, t.ToUserID}} }

// mayBill refuses a payer that is neither the chosen customer's payer nor the
// payer of a customer linked to the actor (SPEC §10.2).
func (s *Service) mayBill(ctx context.Context, q repo.Queries, a *Actor, field, customerPayer, payer string) error {
	if payer == customerPayer {
		return nil
	}
	mine, err := q.PayersOfUser(ctx, a.ID)
	if err != nil {
		return err
	}
	if !slices.Contains(mine, payer) {
		return outOfScopef(field, "Betalare %s är varken kundens betalare eller betalare för någon av dina kunder.", payer)
	}
	return nil
}

// visible keeps the items of a list the actor may see, so a list about a
// patient shows a prescriber only what is under their customers.
func visible[T any](a *Actor, list []T, scope func(T) Scope) []T {
	out := list[:0:0]
	for _, it := range list {
		if a.Sees(scope(it)) {
			out = append(out, it)
		}
	}
	return out
}

func holdingScope(h domain.Holding) Scope         { return customerScope(h.CustomerNumber) }
func openLineScope(l domain.OpenLine) Scope       { return customerScope(l.CustomerNumber) }
func summaryScope(d domain.DocumentSummary) Scope { return customerScope(d.Customer) }

// unitScope is a unit's for what goes beyond its public Individkort (SPEC §5),
// such as its label: a unit in stock is the centre's (the back office's); a
// held unit also belongs to its holding's customer ("" when nobody holds it).
func unitScope(holdingCustomer string) Scope { return customerScope(holdingCustomer) }
