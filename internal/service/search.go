package service

import (
	"context"
	"slices"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Customer service's search lists (SPEC §10.9): orders, pickup orders, work
// orders and transfers by patient, customer, status and date, each with its
// action (cancel an order or a pickup order, unlock a locked transfer) taken by
// the existing service methods.

// ScreenSearch is the screen customer service searches documents on.
const ScreenSearch = "Kundtjänst"

// SearchLimit is how many documents a search list shows, newest first.
const SearchLimit = 100

// SearchInput is what customer service searches by; empty fields do not filter.
type SearchInput struct {
	Personnummer string // the patient's 12 digits (a dash is accepted)
	Name         string // the patient's name, "Efternamn Förnamn" as in CFR
	Customer     string // customer number
	Status       string // one of the kind's domain.SearchKind.Statuses
	From, To     string // registered (a transfer: sent) from and to, dates YYYY-MM-DD, both included
}

// criteria is the search as the audit entry keeps it.
func (in SearchInput) criteria(kind domain.SearchKind) map[string]string {
	c := map[string]string{"kind": string(kind)}
	for k, v := range map[string]string{"personnummer": in.Personnummer, "name": in.Name, "customer": in.Customer,
		"status": in.Status, "from": in.From, "to": in.To} {
		if v != "" {
			c[k] = v
		}
	}
	return c
}

// SearchResult is one search list: the documents of its kind, newest first.
type SearchResult struct {
	Kind         domain.SearchKind
	Orders       []*domain.Order
	PickupOrders []*domain.PickupOrder
	WorkOrders   []*domain.WorkOrder
	Transfers    []*TransferView
	More         bool // more than SearchLimit documents matched: narrow the search
}

// searchFilter is a checked SearchInput.
type searchFilter struct {
	personnummer, name, customer, status string
	from, to                             time.Time // to is exclusive
}

// SearchDocuments lists the documents of a kind that match the search
// (customer service and admin). The list names patients: one audit entry names
// every person on it (and the person searched for), with the criteria.
func (s *Service) SearchDocuments(ctx context.Context, a *Actor, kind domain.SearchKind, in SearchInput) (*SearchResult, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	if !slices.Contains(domain.SearchKinds, kind) {
		return nil, domain.Errorf(domain.ENotFound, "Sidan finns inte.")
	}
	q := s.db.Read()
	f, err := checkSearch(ctx, q, kind, in)
	if err != nil {
		return nil, err
	}
	res := &SearchResult{Kind: kind}
	var persons []string
	switch kind {
	case domain.SearchOrders:
		res.Orders, err = q.FindOrders(ctx, domain.OrderFilter{Personnummer: f.personnummer, Name: f.name, Customer: f.customer,
			Statuses: kind.StoredStatuses(f.status), From: f.from, To: f.to, Limit: SearchLimit + 1})
		res.Orders, res.More = firstOf(res.Orders)
		for _, o := range res.Orders {
			persons = append(persons, o.RecipientPersonnummer)
		}
	case domain.SearchPickupOrders:
		res.PickupOrders, err = q.FindPickupOrders(ctx, domain.PickupOrderFilter{Personnummer: f.personnummer, Name: f.name,
			Customer: f.customer, Statuses: kind.StoredStatuses(f.status), From: f.from, To: f.to, NewestFirst: true, Limit: SearchLimit + 1})
		res.PickupOrders, res.More = firstOf(res.PickupOrders)
		for _, p := range res.PickupOrders {
			persons = append(persons, p.Personnummer)
		}
	case domain.SearchWorkOrders:
		res.WorkOrders, err = q.FindWorkOrders(ctx, domain.WorkOrderFilter{Personnummer: f.personnummer, Name: f.name,
			Customer: f.customer, Statuses: kind.StoredStatuses(f.status), From: f.from, To: f.to, Limit: SearchLimit + 1})
		res.WorkOrders, res.More = firstOf(res.WorkOrders)
		for _, w := range res.WorkOrders {
			persons = append(persons, w.Personnummer)
		}
	case domain.SearchTransfers:
		res.Transfers, err = s.searchTransfers(ctx, q, a, f)
		res.Transfers, res.More = firstOf(res.Transfers)
		for _, v := range res.Transfers {
			persons = append(persons, v.From.Personnummer, v.To.Personnummer)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.logSearch(ctx, q, a, kind, in, append(persons, f.personnummer)); err != nil {
		return nil, err
	}
	return res, nil
}

// firstOf cuts a list fetched with one row more than SearchLimit.
func firstOf[T any](list []T) ([]T, bool) {
	if len(list) > SearchLimit {
		return list[:SearchLimit], true
	}
	return list, false
}

// checkSearch checks the search's fields: a valid personnummer, a known
// customer, one of the kind's statuses, dates in order.
func checkSearch(ctx context.Context, q repo.Queries, kind domain.SearchKind, in SearchInput) (searchFilter, error) {
	fe := fieldErrors{}
	f := searchFilter{name: strings.TrimSpace(in.Name), customer: strings.TrimSpace(in.Customer), status: strings.TrimSpace(in.Status)}
	if p := strings.TrimSpace(in.Personnummer); p != "" {
		pn, err := domain.ParsePersonnummer(p)
		if err != nil {
			fe.add("personnummer", domain.ErrorMessage(err))
		}
		f.personnummer = string(pn)
	}
	if f.customer != "" {
		if _, err := q.FindServiceCustomer(ctx, f.customer); domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("customer", "Kund %s finns inte.", f.customer)
		} else if err != nil {
			return f, err
		}
	}
	if f.status != "" && !slices.Contains(kind.Statuses(), f.status) {
		fe.add("status", "Välj en status i listan.")
	}
	for _, d := range []struct {
		field, value string
		dst          *time.Time
		days         int
	}{{"from", in.From, &f.from, 0}, {"to", in.To, &f.to, 1}} {
		v := strings.TrimSpace(d.value)
		if v == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, v, domain.Stockholm)
		if err != nil {
			fe.add(d.field, "Ange datum som ÅÅÅÅ-MM-DD.")
			continue
		}
		*d.dst = t.AddDate(0, 0, d.days)
	}
	if !f.from.IsZero() && !f.to.IsZero() && !f.from.Before(f.to) {
		fe.add("to", "Till och med får inte vara före från och med.")
	}
	return f, fe.err()
}

// searchTransfers finds the transfers of a search, each with its parties; the
// status "open" is every unanswered one, locked or not.
func (s *Service) searchTransfers(ctx context.Context, q repo.Queries, a *Actor, f searchFilter) ([]*TransferView, error) {
	tf := domain.TransferFilter{Personnummer: f.personnummer, Name: f.name, Customer: f.customer, From: f.from, To: f.to, Limit: SearchLimit + 1}
	if f.status == "open" {
		tf.Status = string(domain.TransferSent)
	} else if err := transferStatusFilter(&tf, f.status, s.Now()); err != nil {
		return nil, err
	}
	ts, err := q.FindTransfers(ctx, tf)
	if err != nil {
		return nil, err
	}
	out := make([]*TransferView, 0, len(ts))
	for _, t := range ts {
		v, err := s.viewTransfer(ctx, q, a, t, true)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// logSearch writes the search's one audit entry naming every registry person of
// the list, each with their protected flag, and the criteria (SPEC §10.2: a
// list writes one entry naming every person on it; a name search logs its
// criteria and the persons returned). Nothing is written when nobody is named.
func (s *Service) logSearch(ctx context.Context, q repo.Queries, a *Actor, kind domain.SearchKind, in SearchInput, pnrs []string) error {
	var named []string
	for _, p := range pnrs {
		if p != "" && !slices.Contains(named, p) {
			named = append(named, p)
		}
	}
	if len(named) == 0 {
		return nil
	}
	protected, err := q.PersonsProtected(ctx, named)
	if err != nil {
		return err
	}
	e := Audit{Action: "person.list", Entity: "search", EntityID: string(kind), Screen: ScreenSearch,
		After: map[string]any{"criteria": in.criteria(kind)}}
	for _, p := range named {
		if prot, ok := protected[p]; ok {
			e.Persons = append(e.Persons, domain.AuditPerson{Personnummer: p, Protected: prot})
		}
	}
	if len(e.Persons) == 0 {
		return nil
	}
	if len(e.Persons) == 1 {
		e.Personnummer, e.Protected = e.Persons[0].Personnummer, e.Persons[0].Protected
	}
	return s.Audit(ctx, a, e)
}
