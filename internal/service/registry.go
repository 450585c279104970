package service

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Population-register events (SPEC §10.8): POST /registry/events and
// hjalpmedel registry import apply them here, each once by its id, in one
// transaction with its audit entry.

// RegistryEventJSON is an event as the registry sends it (the API's body, one
// line of an import file).
type RegistryEventJSON struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Personnummer string `json:"personnummer"`
	Date         string `json:"date"`
	FirstName    string `json:"firstName,omitempty"`
	LastName     string `json:"lastName,omitempty"`
	Address      *struct {
		Street     string `json:"street"`
		PostalCode string `json:"postalCode"`
		Town       string `json:"town"`
	} `json:"address,omitempty"`
}

func (j RegistryEventJSON) input() domain.RegistryEventInput {
	in := domain.RegistryEventInput{ID: j.ID, Type: j.Type, Personnummer: j.Personnummer, Date: j.Date, FirstName: j.FirstName, LastName: j.LastName}
	if j.Address != nil {
		in.Street, in.PostalCode, in.Town = j.Address.Street, j.Address.PostalCode, j.Address.Town
	}
	return in
}

// RegistryOutcome is what an event did.
type RegistryOutcome struct {
	Changed       []string        `json:"changed"`             // name, address, protected, deceased
	Proposals     []int64         `json:"proposals,omitempty"` // pickup proposals of Att hantera
	Messages      int             `json:"messages"`            // prescribers told
	FlaggedOrders []string        `json:"flaggedOrders,omitempty"`
	Rerouted      domain.Rerouted `json:"rerouted"`
}

// RegistryEventResult is a kept event and what it did.
type RegistryEventResult struct {
	Event   *domain.RegistryEventRow
	Outcome RegistryOutcome
}

// RegistryImporter is who an import from the command line acts as: the audit
// log names it.
func RegistryImporter() *Actor {
	return &Actor{User: &domain.User{Username: "FOLKBOKFORINGEN", Active: true, Roles: []domain.Role{domain.RoleAdmin}}}
}

// ApplyRegistryEvent applies an event once: a repeat of its id returns what the
// first did and changes nothing (created false); the same id with another
// content is a conflict. An event of a person not in the registry is refused.
func (s *Service) ApplyRegistryEvent(ctx context.Context, a *Actor, in RegistryEventJSON) (*RegistryEventResult, bool, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, false, err
	}
	e, err := domain.ParseRegistryEvent(in.input(), s.Today())
	if err != nil {
		return nil, false, err
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return nil, false, err
	}
	var res RegistryEventResult
	created := false
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		pnr := string(e.Personnummer)
		if err := q.LockPerson(ctx, pnr); err != nil {
			return err
		}
		person, err := q.FindPersonByNumber(ctx, pnr)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Personnummer %s finns inte i folkbokföringsregistret.", e.Personnummer)
		} else if err != nil {
			return err
		}
		row := domain.RegistryEventRow{ID: e.ID, Type: e.Type, Personnummer: pnr, Date: e.Date, Payload: string(payload),
			ReceivedAt: s.Now(), ReceivedBy: a.Username}
		if created, err = q.CreateRegistryEvent(ctx, row); err != nil {
			return err
		}
		if !created {
			kept, err := q.FindRegistryEvent(ctx, e.ID)
			if err != nil {
				return err
			}
			if kept.Payload != row.Payload {
				return domain.Errorf(domain.EConflict, "Händelse %s är redan mottagen med ett annat innehåll.", e.ID)
			}
			res.Event = kept
			return json.Unmarshal([]byte(kept.Outcome), &res.Outcome)
		}
		res.Event = &row
		if res.Outcome, err = s.applyRegistryEvent(ctx, q, e, person); err != nil {
			return err
		}
		outcome, err := json.Marshal(res.Outcome)
		if err != nil {
			return err
		}
		row.Outcome = string(outcome)
		if err := q.SetRegistryEventOutcome(ctx, e.ID, row.Outcome); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "registry.event", Entity: "registry_event", EntityID: e.ID, Personnummer: pnr,
			Screen: "Folkbokföring", Protected: person.Protected || (e.Type == domain.EventProtectedSet),
			Before: map[string]any{"protected": person.Protected, "deceased": person.DeceasedDate},
			After:  map[string]any{"type": e.Type, "date": domain.FormatDate(e.Date), "outcome": res.Outcome}})
	})
	if err != nil {
		return nil, false, err
	}
	return &res, created, nil
}

// applyRegistryEvent does what the plan of an event says, inside its transaction.
func (s *Service) applyRegistryEvent(ctx context.Context, q repo.Queries, e domain.RegistryEvent, person *domain.Person) (RegistryOutcome, error) {
	pnr := person.Personnummer
	plan := domain.PlanRegistryEvent(e, domain.RegistryPerson{Protected: person.Protected, Deceased: domain.ParseDate(person.DeceasedDate)})
	out := RegistryOutcome{Changed: []string{}}
	for _, c := range []struct {
		do     bool
		change string
		fn     func() error
	}{
		{plan.SetName, "name", func() error { return q.UpdatePersonName(ctx, pnr, e.FirstName, e.LastName) }},
		{plan.SetAddress, "address", func() error { return q.UpdatePersonAddress(ctx, pnr, e.Street, e.PostalCode, e.Town) }},
		{plan.ChangeProtected, "protected", func() error { return q.SetPersonProtected(ctx, pnr, plan.SetProtected) }},
		{plan.SetDeceased, "deceased", func() error { return q.SetPersonDeceased(ctx, pnr, e.Date) }},
	} {
		if !c.do {
			continue
		}
		if err := c.fn(); err != nil {
			return out, err
		}
		out.Changed = append(out.Changed, c.change)
	}
	if plan.SetName {
		person.FirstName, person.LastName = e.FirstName, e.LastName
	}
	if plan.RerouteDocuments {
		var err error
		if out.Rerouted, err = q.RerouteDocuments(ctx, pnr, person.Phone); err != nil {
			return out, err
		}
	}
	if plan.FlagOpenOrders {
		var err error
		if out.FlaggedOrders, err = q.FlagHomeOrders(ctx, pnr, e.Date); err != nil {
			return out, err
		}
	}
	if plan.ProposePickup {
		var err error
		if out.Proposals, err = s.proposePickups(ctx, q, e, plan); err != nil {
			return out, err
		}
	}
	if plan.NotifyPrescribers {
		ids, err := q.PrescribersOf(ctx, pnr)
		if err != nil {
			return out, err
		}
		name := person.LastName + ", " + person.FirstName
		subject := domain.Msgf("Folkbokföringen: %s är avliden", name)
		if e.Type == domain.EventMovedOut {
			subject = domain.Msgf("Folkbokföringen: %s har flyttat ur regionen", name)
		}
		body := domain.Msgf("%s Kundtjänst har fått förslag på hämtorder för det som patienten har, och bekräftar eller ändrar dem.", plan.PickupInformation)
		if len(out.Proposals) == 0 {
			body = domain.Msgf("%s Patienten har inga hjälpmedel som hämtas.", plan.PickupInformation)
		}
		for _, id := range ids {
			if err := s.NotifyAbout(ctx, q, id, pnr, subject, body, "/hjalpmedel?personnummer="+pnr); err != nil {
				return out, err
			}
		}
		out.Messages = len(ids)
	}
	return out, nil
}

// proposePickups proposes a pickup order per customer of what the person holds
// that a pickup order can collect (not a vision aid, not a component that
// follows its unit, not already on a pickup order or a transfer, not a purchase
// that is not taken back), with the customer's next pickup date.
func (s *Service) proposePickups(ctx context.Context, q repo.Queries, e domain.RegistryEvent, plan domain.RegistryPlan) ([]int64, error) {
	holdings, err := q.FindCurrentHoldingsForPickup(ctx, string(e.Personnummer), "")
	if err != nil {
		return nil, err
	}
	today := s.Today()
	byCustomer := map[string][]int64{}
	var customers []string
	for _, h := range holdings {
		if !pickupRowOf(h, today).Tickable {
			continue
		}
		if byCustomer[h.Customer] == nil {
			customers = append(customers, h.Customer)
		}
		byCustomer[h.Customer] = append(byCustomer[h.Customer], h.ID)
	}
	var ids []int64
	for _, c := range customers {
		cust, err := q.FindServiceCustomer(ctx, c)
		if err != nil {
			return nil, err
		}
		id, err := q.CreatePickupProposal(ctx, &domain.PickupProposal{EventID: e.ID, Personnummer: string(e.Personnummer), Customer: c,
			ReasonCode: plan.PickupReason, Information: plan.PickupInformation.String(), PickupDate: pickupDateFor(cust, today),
			RentStopsAtPickup: plan.RentStopsAtPickup, CreatedAt: s.Now()}, byCustomer[c])
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// RegistryImportLine is what one line of an import file did.
type RegistryImportLine struct {
	Line    int
	ID      string
	Created bool   // applied now (false: a repeat)
	Error   string // why it was refused; empty: applied or repeated
}

// MaxRegistryLine is the longest line of an import file, in bytes.
const MaxRegistryLine = 64 << 10

// ImportRegistryEvents applies a JSON Lines file of events, each line in its
// own transaction: a refused line is reported and the rest still applied, so
// the file can be imported again once it is fixed (applied events repeat as
// nothing). Empty lines are skipped.
func (s *Service) ImportRegistryEvents(ctx context.Context, a *Actor, r io.Reader) ([]RegistryImportLine, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	ctx = repo.Background(ctx)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), MaxRegistryLine)
	var out []RegistryImportLine
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		res := RegistryImportLine{Line: n}
		var ev RegistryEventJSON
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ev); err != nil {
			res.Error = fmt.Sprintf("not an event: %v", err)
			out = append(out, res)
			continue
		}
		res.ID = ev.ID
		_, created, err := s.ApplyRegistryEvent(ctx, a, ev)
		var de *domain.Error
		switch {
		case errors.As(err, &de) && de.Code != domain.EInternal && de.Code != domain.EUnavailable:
			res.Error = describe(de)
		case err != nil:
			return out, fmt.Errorf("line %d: %w", n, err)
		}
		res.Created = created
		out = append(out, res)
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("line %d: %w", len(out)+1, err)
	}
	return out, nil
}

// describe is an error's message with its fields' messages.
func describe(de *domain.Error) string {
	msg := de.Message
	for f, m := range de.Fields {
		if m != de.Message {
			msg += " " + f + ": " + m
		}
	}
	return msg
}

// RegistryWork is customer service's Att hantera: the pickup proposals of deaths
// and moves, and the orders whose delivery address is to be checked.
type RegistryWork struct {
	Proposals []*domain.PickupProposal
	Flagged   []domain.FlaggedOrder
}

// RegistryWork lists the open proposals and the flagged orders.
func (s *Service) RegistryWork(ctx context.Context, a *Actor) (*RegistryWork, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	q := s.db.Read()
	var w RegistryWork
	var err error
	if w.Proposals, err = q.FindPickupProposals(ctx, "open"); err != nil {
		return nil, err
	}
	if w.Flagged, err = q.FindFlaggedOrders(ctx); err != nil {
		return nil, err
	}
	for i := range w.Flagged {
		if f := &w.Flagged[i]; f.PersonProtected {
			f.RegistryStreet, f.RegistryPostal, f.RegistryTown = "", "", ""
		}
	}
	return &w, nil
}

// ProposalInput is customer service's answer to a pickup proposal: the holdings
// to collect (none given: every one still held, unless Ticked), the pickup date
// (empty: the proposed one) and where to collect from (recipient: the person's
// home, the default; customer: the customer's address).
type ProposalInput struct {
	Holdings      []string `json:"holdings,omitempty"`
	PickupDate    string   `json:"pickupDate,omitempty"`
	AddressSource string   `json:"addressSource,omitempty"`
	// Ticked: Holdings are the boxes a user ticked on the form, so none is none.
	Ticked bool `json:"-"`
}

var errNoProposal = domain.Errorf(domain.ENotFound, "Förslaget finns inte.")

// ConfirmPickupProposal turns a proposal into a pickup order (Verkställ): the
// holdings chosen, the pickup date chosen (not before today), from the
// person's home unless they have a protected identity. The pickup order is the
// prescriber's of the holdings (the confirming user's when none is named); for a
// death, rent stops at its pickup date.
func (s *Service) ConfirmPickupProposal(ctx context.Context, a *Actor, id int64, in ProposalInput) (*domain.PickupOrder, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	var number string
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		p, err := s.openProposal(ctx, q, id)
		if err != nil {
			return err
		}
		today, now := s.Today(), s.Now()
		fe := fieldErrors{}
		pickupDate := p.PickupDate
		if v := strings.TrimSpace(in.PickupDate); v != "" {
			if pickupDate, err = time.Parse(time.DateOnly, v); err != nil {
				fe.add("pickupDate", "Ange hämtdatum som ÅÅÅÅ-MM-DD.")
			}
		}
		if err == nil && pickupDate.Before(today) {
			fe.addf("pickupDate", "Hämtdatum kan inte vara före i dag (%s).", today.Format(time.DateOnly))
		}
		all := len(in.Holdings) == 0 && !in.Ticked
		chosen := map[string]bool{}
		for _, h := range in.Holdings {
			chosen[strings.TrimSpace(h)] = true
		}
		var ids []int64
		for _, it := range p.Items {
			key := strconv.FormatInt(it.HoldingID, 10)
			if !all && !chosen[key] {
				continue
			}
			delete(chosen, key)
			h, err := q.FindHoldingForPickup(ctx, it.HoldingID)
			if err != nil {
				return err
			}
			switch row := pickupRowOf(h, today); {
			case h.EndDate != "" || h.Personnummer != p.Personnummer:
				if !all {
					fe.addf("holdings", "Artikel %s innehas inte längre av patienten.", it.Article)
				}
			case !row.Tickable:
				if !all {
					fe.addf("holdings", "Artikel %s: %s", it.Article, domain.Term(row.Why))
				}
			default:
				ids = append(ids, h.ID)
			}
		}
		for h := range chosen {
			fe.addf("holdings", "Hjälpmedel %s finns inte i förslaget.", h)
		}
		if len(ids) == 0 && len(fe) == 0 {
			fe.add("holdings", "Markera de hjälpmedel som ska hämtas.")
		}
		source := strings.TrimSpace(in.AddressSource)
		if source == "" {
			source = "recipient"
		}
		if source != "recipient" && source != "customer" {
			fe.add("addressSource", "Välj Kund/leveransadress eller Patient.")
		}
		if err := fe.err(); err != nil {
			return err
		}
		cust, err := q.FindServiceCustomer(ctx, p.Customer)
		if err != nil {
			return err
		}
		person, err := q.FindServicePerson(ctx, p.Personnummer)
		if err != nil {
			return err
		}
		addr, _ := fillAddress(AddressInput{Source: source}, cust, person)
		prescriber := p.PrescriberID
		if prescriber == 0 {
			prescriber = a.ID
		}
		po := &domain.PickupOrder{Personnummer: p.Personnummer, Customer: p.Customer, PrescriberID: prescriber, ReasonCode: p.ReasonCode,
			Information: p.Information, AddressSource: addr.Source, PickupDate: pickupDate, RegisteredAt: now, Address: addr.address(),
			RentStopsAtPickup: p.RentStopsAtPickup}
		if err := s.createPickup(ctx, q, po, ids); err != nil {
			return err
		}
		if ok, err := q.HandlePickupProposal(ctx, p.ID, "confirmed", a.Username, now, po.ID); err != nil {
			return err
		} else if !ok {
			return errProposalHandled
		}
		number = po.Number
		return s.audit(ctx, q, a, Audit{Action: "pickup.register", Entity: "pickup", EntityID: po.Number, Personnummer: p.Personnummer,
			Screen: "Att hantera", Protected: person.Protected, After: map[string]any{"number": po.Number, "proposal": p.ID,
				"event": p.EventID, "customer": po.Customer, "reason": po.ReasonCode, "pickupDate": domain.FormatDate(pickupDate),
				"holdings": ids, "addressSource": addr.Source, "rentStopsAtPickup": po.RentStopsAtPickup}})
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().FindPickupOrderByNumber(ctx, number)
}

var errProposalHandled = domain.Errorf(domain.EConflict, "Förslaget är redan hanterat.")

func (s *Service) openProposal(ctx context.Context, q repo.Queries, id int64) (*domain.PickupProposal, error) {
	if err := q.LockPickupProposal(ctx, id); err != nil {
		return nil, err
	}
	p, err := q.FindPickupProposal(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, errNoProposal
	} else if err != nil {
		return nil, err
	}
	if p.Status != "open" {
		return nil, errProposalHandled
	}
	return p, nil
}

// DismissPickupProposal closes a proposal without a pickup order (Avvisa): the
// holdings stay where they are.
func (s *Service) DismissPickupProposal(ctx context.Context, a *Actor, id int64) error {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		p, err := s.openProposal(ctx, q, id)
		if err != nil {
			return err
		}
		if ok, err := q.HandlePickupProposal(ctx, p.ID, "dismissed", a.Username, s.Now(), 0); err != nil {
			return err
		} else if !ok {
			return errProposalHandled
		}
		return s.audit(ctx, q, a, Audit{Action: "registry.proposal_dismiss", Entity: "pickup_proposal", EntityID: fmt.Sprint(p.ID),
			Personnummer: p.Personnummer, Screen: "Att hantera", Protected: p.PersonProtected, After: map[string]any{"event": p.EventID}})
	})
}

// ResolveAddressFlag answers a flagged order: useRegistry puts the registry's
// new address on the order (never a protected identity's), otherwise the
// delivery address is kept; either way the flag is cleared.
func (s *Service) ResolveAddressFlag(ctx context.Context, a *Actor, number string, useRegistry bool) error {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		f, err := q.FindFlaggedOrder(ctx, number)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Order %s har ingen adress att kontrollera.", number)
		} else if err != nil {
			return err
		}
		if useRegistry && f.PersonProtected {
			return domain.Errorf(domain.EConflict, "Patienten har skyddade personuppgifter. Leverans sker till kundens adress.")
		}
		if ok, err := q.ResolveAddressFlag(ctx, number, useRegistry); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.EConflict, "Order %s har redan kontrollerats.", number)
		}
		// The addresses themselves are in the order and the registry: the log
		// names no address, which a protected identity later must not show.
		return s.audit(ctx, q, a, Audit{Action: "order.address_checked", Entity: "order", EntityID: number, Personnummer: f.Personnummer,
			Screen: "Att hantera", Protected: f.PersonProtected, After: map[string]any{"useRegistryAddress": useRegistry,
				"registryChangedOn": domain.FormatDate(f.ChangedOn)}})
	})
}
