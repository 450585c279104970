package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Manual "Hämtorder": the prescriber orders return transport; the warehouse receives
// the returns and reconditions or scraps the units; customer service may cancel.

// Why a holding cannot be ticked on the Hämtorder form.
const (
	visionAidText  = "Synhjälpmedel återlämnas inte via hämtorder. Kontakta syncentralen."
	componentText  = "Följer med individ %s."
	inTransferText = "Ingår i en BMB som ännu inte är kvitterad."
)

// PickupRow is a holding on the Hämtorder form with whether it can be ticked.
type PickupRow struct {
	*domain.PickupHolding
	Tickable bool
	Why      string // why it cannot be ticked
}

// PickupForm is what the Hämtorder form shows for a patient or a care unit.
type PickupForm struct {
	Person    *domain.ServicePerson   // the address is blank for a protected person; nil for a care unit
	CareUnit  *domain.ServiceCustomer // the recipient when it is a care unit (e.g. a local store)
	Rows      []PickupRow
	Customers []domain.ServiceCustomer
	Reasons   []struct{ Code, Name string }
	Customer  *domain.ServiceCustomer // the default Kund/leveransadress
}

func pickupRowOf(h *domain.PickupHolding, today time.Time) PickupRow {
	r := PickupRow{PickupHolding: h, Tickable: true}
	buyback, buybackRefused := domain.BuybackRefusal(h.Purpose, h.ArticleStatus, domain.ParseDate(h.DeliveryDate), today)
	switch {
	case h.VisionAid:
		r.Tickable, r.Why = false, visionAidText
	case h.AttachedUnit != "":
		r.Tickable, r.Why = false, fmt.Sprintf(componentText, h.AttachedUnit)
	case h.OpenPickup != "":
		r.Tickable, r.Why = false, "Finns redan på hämtorder "+h.OpenPickup+"."
	case h.InTransfer:
		r.Tickable, r.Why = false, inTransferText
	case buybackRefused:
		r.Tickable, r.Why = false, buyback.String()
	}
	return r
}

func (s *Service) loadPerson(ctx context.Context, q repo.Queries, pnr string) (*domain.ServicePerson, error) {
	pn, err := domain.ParsePersonnummer(pnr)
	if err != nil {
		return nil, err
	}
	p, err := q.FindServicePerson(ctx, string(pn))
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalidf("personnummer", "Det finns ingen person med personnummer %s.", pn)
	}
	return p, err
}

func (s *Service) loadCareUnit(ctx context.Context, q repo.Queries, a *Actor, number string) (*domain.ServiceCustomer, error) {
	number = strings.TrimSpace(number)
	if err := a.MayPrescribeFor("kund", number); err != nil {
		return nil, err
	}
	return q.FindServiceCustomer(ctx, number)
}

// PickupForm loads the Hämtorder form of a patient (pnr) or, with pnr "", of a care
// unit the actor is linked to (careUnit); seeing the patient is logged.
func (s *Service) PickupForm(ctx context.Context, a *Actor, pnr, careUnit string) (*PickupForm, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, err
	}
	q := s.db.Read()
	f := &PickupForm{Reasons: domain.PickupReasons}
	var p *domain.ServicePerson
	var err error
	if pnr == "" && careUnit != "" {
		if f.CareUnit, err = s.loadCareUnit(ctx, q, a, careUnit); err != nil {
			return nil, err
		}
	} else if p, err = s.loadPerson(ctx, q, pnr); err != nil {
		return nil, err
	}
	f.Person = p
	hs, err := q.FindCurrentHoldingsForPickup(ctx, personnummerOf(p), careUnit)
	if err != nil {
		return nil, err
	}
	hs = visible(a, hs, func(h *domain.PickupHolding) Scope { return customerScope(h.Customer) })
	if p != nil && p.Protected {
		p.Address = domain.ServiceAddress{Name: p.FullName()}
	}
	for _, h := range hs {
		f.Rows = append(f.Rows, pickupRowOf(h, s.Today()))
	}
	names, err := q.ServiceCustomerNames(ctx, a.Customers)
	if err != nil {
		return nil, err
	}
	for _, c := range a.Customers {
		f.Customers = append(f.Customers, domain.ServiceCustomer{Number: c, Name: names[c]})
	}
	def := ""
	for _, h := range hs {
		if a.LinkedTo(h.Customer) {
			def = h.Customer
			break
		}
	}
	if f.CareUnit != nil {
		def = f.CareUnit.Number
	}
	if def == "" && len(a.Customers) > 0 {
		def = a.Customers[0]
	}
	if def != "" {
		if f.Customer, err = q.FindServiceCustomer(ctx, def); err != nil {
			return nil, err
		}
	}
	if p != nil {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: p.Personnummer, Personnummer: p.Personnummer,
			Screen: "Hämtorder", Protected: p.Protected}); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func personnummerOf(p *domain.ServicePerson) string {
	if p == nil {
		return ""
	}
	return p.Personnummer
}

// PickupAddressFor is the address a source gives (for the form's "Hämta adress från").
func (s *Service) PickupAddressFor(ctx context.Context, a *Actor, pnr, customer, source string) (AddressInput, string, error) {
	q := s.db.Read()
	var person *domain.ServicePerson
	if pnr != "" {
		p, err := s.loadPerson(ctx, q, pnr)
		if err != nil {
			return AddressInput{}, "", err
		}
		person = p
	}
	if err := a.MayPrescribeFor("customer", customer); err != nil {
		return AddressInput{}, "", err
	}
	c, err := q.FindServiceCustomer(ctx, customer)
	if err != nil {
		return AddressInput{}, "", err
	}
	addr, notice := fillAddress(AddressInput{Source: source}, c, person)
	return addr, notice, nil
}

// PickupInput is a pickup order as the prescriber fills it in. Without a
// personnummer the recipient is the care unit Customer (e.g. its local store).
type PickupInput struct {
	Personnummer   string
	Customer       string
	Reason         string
	Information    string
	Holdings       []string // holding ids
	Units          []string // unit numbers: their current holdings
	Address        AddressInput
	IdempotencyKey string
}

// RegisterPickup registers a pickup order (Verkställ): status Registrerad with a
// planned pickup date by the customer's route.
func (s *Service) RegisterPickup(ctx context.Context, a *Actor, in PickupInput) (*domain.PickupOrder, bool, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, false, err
	}
	number, created, err := s.once(ctx, a, in.IdempotencyKey, "pickup", func(q repo.Queries, _ func(string) error) (string, bool, error) {
		number, err := s.registerPickup(ctx, q, a, in)
		return number, err == nil, err
	})
	if err != nil {
		return nil, false, err
	}
	p, err := s.db.Read().FindPickupOrderByNumber(ctx, number)
	return p, created, err
}

// registerPickup checks and writes a pickup order inside the caller's transaction and returns its number.
func (s *Service) registerPickup(ctx context.Context, q repo.Queries, a *Actor, in PickupInput) (string, error) {
	fe := fieldErrors{}
	var person *domain.ServicePerson
	careUnit := ""
	if strings.TrimSpace(in.Personnummer) == "" && strings.TrimSpace(in.Customer) != "" {
		careUnit = strings.TrimSpace(in.Customer)
		if err := a.MayPrescribeFor("customer", careUnit); err != nil {
			return "", err
		}
	} else {
		var err error
		if person, err = s.loadPerson(ctx, q, strings.TrimSpace(in.Personnummer)); err != nil {
			if ferr := fe.addErr(err); ferr != nil {
				return "", ferr
			}
		}
	}
	reason := pickupReason(in.Reason, fe)
	info := strings.TrimSpace(in.Information)
	if err := fe.addErr(domain.CheckMaxLength("information", "Hämtorderinformation", info, domain.MaxPickupInformation)); err != nil {
		return "", err
	}
	holdings, err := s.pickupHoldings(ctx, q, in, person, careUnit, fe)
	if err != nil {
		return "", err
	}
	customer := strings.TrimSpace(in.Customer)
	if customer == "" {
		for _, h := range holdings {
			if a.LinkedTo(h.Customer) {
				customer = h.Customer
				break
			}
		}
		if customer == "" && len(a.Customers) > 0 {
			customer = a.Customers[0]
		}
	}
	var cust *domain.ServiceCustomer
	if customer == "" {
		fe.add("customer", "Välj en kund/leveransadress som du är kopplad till.")
	} else if err := a.MayPrescribeFor("customer", customer); err != nil {
		return "", err
	} else if cust, err = q.FindServiceCustomer(ctx, customer); err != nil {
		return "", err
	}
	for _, h := range holdings {
		if err := a.MayPrescribeFor("holdings", h.Customer); err != nil {
			return "", err
		}
	}
	addr := in.Address.trimmed()
	if addr.Source != "" && addr.Source != "customer" && addr.Source != "recipient" {
		fe.add("addressSource", "Välj Kund/leveransadress eller Patient.")
	}
	if err := fe.addErr(domain.CheckMaxLength("addressInstructions", "Instruktioner", addr.Instructions, 250)); err != nil {
		return "", err
	}
	if err := fe.err(); err != nil {
		return "", err
	}
	addr, _ = fillAddress(addr, cust, person)
	now := s.Now()
	po := &domain.PickupOrder{Personnummer: personnummerOf(person), RecipientCustomer: careUnit, Customer: cust.Number, PrescriberID: a.ID, ReasonCode: reason,
		Information: info, AddressSource: addr.Source, PickupDate: pickupDateFor(cust, s.Today()), RegisteredAt: now, Address: addr.address()}
	ids := make([]int64, len(holdings))
	items := make([]map[string]string, len(holdings))
	for i, h := range holdings {
		ids[i] = h.ID
		items[i] = map[string]string{"holding": strconv.FormatInt(h.ID, 10), "article": h.Article, "unit": h.Unit}
	}
	if err := s.createPickup(ctx, q, po, ids); err != nil {
		return "", err
	}
	return po.Number, s.audit(ctx, q, a, Audit{Action: "pickup.register", Entity: "pickup", EntityID: po.Number, Personnummer: po.Personnummer,
		Screen: "Hämtorder", Protected: person != nil && person.Protected, After: map[string]any{"number": po.Number, "customer": po.Customer,
			"reason": reason, "information": info, "pickupDate": domain.FormatDate(po.PickupDate), "items": items, "addressSource": addr.Source}})
}

// pickupReason finds the reason (Orsak) by code or name; need_ended by default.
func pickupReason(in string, fe fieldErrors) string {
	reason := strings.TrimSpace(in)
	if reason == "" {
		reason = "need_ended"
	}
	name := ""
	for _, r := range domain.PickupReasons {
		if r.Code == reason || strings.EqualFold(r.Name, reason) {
			reason, name = r.Code, r.Name
		}
	}
	if name == "" {
		fe.add("reason", "Välj en orsak i listan.")
	}
	return reason
}

// pickupHoldings are the holdings to collect: each once, held by the patient (or
// the care unit) now, not a vision aid, not a component that follows its unit,
// not on another open pickup order or transfer, and not a bought aid the centre
// will not buy back.
func (s *Service) pickupHoldings(ctx context.Context, q repo.Queries, in PickupInput, person *domain.ServicePerson, careUnit string,
	fe fieldErrors) ([]*domain.PickupHolding, error) {
	var holdings []*domain.PickupHolding
	seen := map[int64]bool{}
	addHolding := func(h *domain.PickupHolding, label domain.Formatted) {
		if seen[h.ID] {
			return
		}
		buyback, buybackRefused := domain.BuybackRefusal(h.Purpose, h.ArticleStatus, domain.ParseDate(h.DeliveryDate), s.Today())
		switch {
		case person == nil && careUnit == "":
		case h.EndDate != "" || (person != nil && h.Personnummer != person.Personnummer) || (person == nil && h.RecipientCustomer != careUnit):
			fe.addf("holdings", "%s innehas inte av mottagaren.", label)
		case h.VisionAid:
			fe.addf("holdings", "%s: %s", label, domain.Term(visionAidText))
		case h.AttachedUnit != "":
			fe.addf("holdings", "%s: %s Markera individen.", label, domain.Msgf(componentText, h.AttachedUnit))
		case h.OpenPickup != "":
			fe.addf("holdings", "%s finns redan på hämtorder %s.", label, h.OpenPickup)
		case h.InTransfer:
			fe.addf("holdings", "%s: %s", label, domain.Term(inTransferText))
		case buybackRefused:
			fe.addf("holdings", "%s: %s", label, buyback)
		default:
			seen[h.ID] = true
			holdings = append(holdings, h)
		}
	}
	for _, hs := range in.Holdings {
		id, err := strconv.ParseInt(strings.TrimSpace(hs), 10, 64)
		if err != nil {
			fe.addf("holdings", "Hjälpmedel %s finns inte.", hs)
			continue
		}
		h, err := q.FindHoldingForPickup(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("holdings", "Hjälpmedel %s finns inte.", hs)
			continue
		}
		if err != nil {
			return nil, err
		}
		addHolding(h, domain.Msgf("Artikel %s", h.Article))
	}
	for _, u := range in.Units {
		u = strings.TrimPrefix(strings.TrimSpace(u), "K-")
		h, err := q.FindCurrentHoldingOfUnit(ctx, u)
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("holdings", "Individ %s är inte utlånad.", u)
			continue
		}
		if err != nil {
			return nil, err
		}
		addHolding(h, domain.Msgf("Individ %s", u))
	}
	if len(in.Holdings)+len(in.Units) == 0 {
		fe.add("holdings", "Markera de hjälpmedel som ska hämtas.")
	}
	return holdings, nil
}

// pickupDateFor is the planned pickup date of a pickup order registered today
// for the customer: by its route (SPEC Hämtorder, domain.PickupDate).
func pickupDateFor(cust *domain.ServiceCustomer, today time.Time) time.Time {
	var days []int
	for _, d := range strings.Split(cust.RouteWeekdays, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(d)); err == nil {
			days = append(days, n)
		}
	}
	return domain.PickupDate(today, days, cust.DailyDelivery)
}

// createPickup numbers a pickup order and saves it with the holdings it collects.
func (s *Service) createPickup(ctx context.Context, q repo.Queries, po *domain.PickupOrder, holdingIDs []int64) error {
	var err error
	if po.Number, err = s.db.NextDocNumber(ctx, q, domain.DocPickup, po.RegisteredAt); err != nil {
		return err
	}
	if po.ID, err = q.CreatePickupOrder(ctx, po, holdingIDs); err != nil {
		if domain.ErrorCode(err) == domain.EConflict {
			return domain.Errorf(domain.EConflict, "Ett av hjälpmedlen har just lagts på en annan hämtorder. Ladda om sidan.")
		}
		return err
	}
	return nil
}

var errNoPickup = domain.Errorf(domain.ENotFound, "Hämtordern finns inte.")

// PickupOrder shows one pickup order; seeing its patient is logged.
func (s *Service) PickupOrder(ctx context.Context, a *Actor, number string) (*domain.PickupOrder, error) {
	return showDocument(ctx, s, a, number, errNoPickup, s.db.Read().FindPickupOrderByNumber, pickupScope,
		func(p *domain.PickupOrder) Audit {
			return Audit{Action: "person.view", Entity: "pickup", EntityID: p.Number, Personnummer: p.Personnummer,
				Screen: "Hämtorder", Protected: p.RecipientProtected}
		})
}

// OpenPickupOrders lists the open pickup orders by pickup date and route (warehouse).
func (s *Service) OpenPickupOrders(ctx context.Context, a *Actor) ([]*domain.PickupOrder, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, err
	}
	list, err := s.db.Read().FindPickupOrders(ctx, domain.PickupOrderFilter{OpenOnly: true, Warehouse: a.Warehouse})
	// The Returer list names the patients without their personnummer.
	access := PersonAccessFrom(ctx)
	for _, p := range list {
		access.Show(p.Personnummer)
	}
	return list, err
}

// PickupOrdersOf lists a patient's pickup orders, newest first; a prescriber sees
// those of the customers they are linked to. The look-up is logged.
func (s *Service) PickupOrdersOf(ctx context.Context, a *Actor, pnr string) ([]*domain.PickupOrder, error) {
	if err := a.Require(append([]domain.Role{domain.RoleWarehouse}, domain.StaffReaders...)...); err != nil {
		return nil, err
	}
	p, err := s.loadPerson(ctx, s.db.Read(), pnr)
	if err != nil {
		return nil, err
	}
	list, err := s.db.Read().FindPickupOrders(ctx, domain.PickupOrderFilter{Personnummer: p.Personnummer})
	if err != nil {
		return nil, err
	}
	var out []*domain.PickupOrder
	for i := len(list) - 1; i >= 0; i-- {
		if a.Sees(pickupScope(list[i])) {
			out = append(out, list[i])
		}
	}
	if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: p.Personnummer, Personnummer: p.Personnummer,
		Screen: "Hämtorder", Protected: p.Protected}); err != nil {
		return nil, err
	}
	return out, nil
}

// ReceiveInput selects what arrived; empty receives every open item.
type ReceiveInput struct {
	Items    []string `json:"items,omitempty"`    // pickup item ids
	Holdings []string `json:"holdings,omitempty"` // holding ids
	Units    []string `json:"units,omitempty"`    // unit numbers
}

func (in ReceiveInput) empty() bool { return len(in.Items)+len(in.Holdings)+len(in.Units) == 0 }

// withPickup runs an action on a locked pickup order in one transaction.
func (s *Service) withPickup(ctx context.Context, number string, fn func(q repo.Queries, p *domain.PickupOrder) error) (*domain.PickupOrder, error) {
	if !domain.ValidDocNumber(number) {
		return nil, errNoPickup
	}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.LockPickupOrder(ctx, number); err != nil {
			return err
		}
		p, err := q.FindPickupOrderByNumber(ctx, number)
		if domain.ErrorCode(err) == domain.ENotFound {
			return errNoPickup
		}
		if err != nil {
			return err
		}
		switch p.Status {
		case "closed":
			return domain.Errorf(domain.EConflict, "Hämtorder %s är redan stängd.", number)
		case "cancelled":
			return domain.Errorf(domain.EConflict, "Hämtorder %s är makulerad.", number)
		}
		return fn(q, p)
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().FindPickupOrderByNumber(ctx, number)
}

// ReceivePickup receives returned items (warehouse): each holding ends on today's
// date, or a death's pickup order's pickup date when that came first (rent stops), a unit goes to reconditioning with the components attached to
// it, an item without a unit goes back in stock, and the order is Stängd when every
// item is in.
func (s *Service) ReceivePickup(ctx context.Context, a *Actor, number string, in ReceiveInput) (*domain.PickupOrder, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.withPickup(ctx, number, func(q repo.Queries, p *domain.PickupOrder) error {
		// Returns are received into the warehouse of the pickup's customer.
		if err := a.RequireWarehouse(p.CustomerWarehouse); err != nil {
			return err
		}
		want := map[int]bool{} // indexes into p.Items
		fe := fieldErrors{}
		find := func(match func(it domain.PickupItem) bool, label domain.Formatted) {
			for i, it := range p.Items {
				if match(it) {
					if it.Status != "registered" {
						fe.addf("items", "%s är redan mottagen.", label)
					}
					want[i] = true
					return
				}
			}
			fe.addf("items", "%s finns inte på hämtorder %s.", label, p.Number)
		}
		for _, v := range in.Items {
			v = strings.TrimSpace(v)
			find(func(it domain.PickupItem) bool { return strconv.FormatInt(it.ID, 10) == v }, domain.Msgf("Rad %s", v))
		}
		for _, v := range in.Holdings {
			v = strings.TrimSpace(v)
			find(func(it domain.PickupItem) bool { return strconv.FormatInt(it.HoldingID, 10) == v }, domain.Msgf("Hjälpmedel %s", v))
		}
		for _, v := range in.Units {
			v = strings.TrimPrefix(strings.TrimSpace(v), "K-")
			find(func(it domain.PickupItem) bool { return it.Unit != "" && it.Unit == v }, domain.Msgf("Individ %s", v))
		}
		if in.empty() {
			for i, it := range p.Items {
				if it.Status == "registered" {
					want[i] = true
				}
			}
		}
		if err := fe.err(); err != nil {
			if de := err.(*domain.Error); strings.Contains(de.Message, "redan mottagen") {
				de.Code = domain.EConflict
			}
			return err
		}
		if len(want) == 0 {
			return domain.Invalid("items", "Markera de hjälpmedel som har kommit in.")
		}
		now, today := s.Now(), s.Today()
		latestClosed, err := q.LatestClosedMonth(ctx)
		if err != nil {
			return err
		}
		// Rent stops the day an item comes in, or at the pickup date of a death's pickup order.
		end := domain.PickupRentEnd(today, p.PickupDate, p.RentStopsAtPickup, latestClosed)
		var received []map[string]any
		for i, it := range p.Items {
			if !want[i] {
				continue
			}
			ok, err := q.ReceivePickupItem(ctx, it.ID, now)
			if err != nil {
				return err
			}
			if !ok {
				return domain.Errorf(domain.EConflict, "Artikel %s på hämtorder %s är redan mottagen.", it.Article, p.Number)
			}
			// A purchase comes back only as återköp (the pickup refused any other):
			// billing credits it in this month.
			endHolding := q.EndHoldingReturned
			if it.Purpose == "buy" {
				endHolding = q.EndHoldingBoughtBack
			}
			if _, err := endHolding(ctx, it.HoldingID, end); err != nil {
				return err
			}
			rec := map[string]any{"item": strconv.FormatInt(it.ID, 10), "holding": strconv.FormatInt(it.HoldingID, 10), "article": it.Article}
			if it.Unit != "" {
				rec["unit"] = it.Unit
				// Components follow the unit: their holdings end with it.
				comps, err := q.CurrentHoldingsAttachedTo(ctx, it.Unit)
				if err != nil {
					return err
				}
				for _, c := range comps {
					if _, err := q.EndHoldingReturned(ctx, c, end); err != nil {
						return err
					}
				}
				if len(comps) > 0 {
					rec["components"] = comps
				}
				if err := q.ReceiveUnitForReconditioning(ctx, it.Unit, p.CustomerWarehouse, today); err != nil {
					return err
				}
				if err := q.ServiceUnitEvent(ctx, it.Unit, now, "returned", "Återlämnad till lager "+p.CustomerWarehouse+", till rekonditionering", p.Number, a.Username); err != nil {
					return err
				}
			} else if it.Purpose == "buy" || it.Owner == "region" && it.DebitForm != "sale" {
				// Goods without a unit number need no reconditioning: the region's go
				// straight back on hand at the warehouse that serves the customer (aids
				// of another owner, or sold ones, are not the region's stock), and so
				// does a purchase taken back (återköp): the region owns it again.
				if err := q.ReturnToStock(ctx, p.CustomerWarehouse, it.Article, it.Quantity, p.Number, a.Username, now); err != nil {
					return err
				}
				rec["stock"] = map[string]any{"warehouse": p.CustomerWarehouse, "quantity": it.Quantity}
			}
			received = append(received, rec)
		}
		closed, err := q.ClosePickupOrderIfDone(ctx, p.ID, now)
		if err != nil {
			return err
		}
		status := "registered"
		if closed {
			status = "closed"
		}
		return s.audit(ctx, q, a, Audit{Action: "pickup.receive", Entity: "pickup", EntityID: p.Number, Personnummer: p.Personnummer,
			Screen: "Returer", Before: map[string]string{"status": p.Status}, After: map[string]any{"status": status, "received": received,
				"date": domain.FormatDate(today), "rentEnd": domain.FormatDate(end)}})
	})
}

// CancelPickup cancels a pickup order (customer service): Makulerad, the holdings stay
// with the recipient and the prescriber is told.
func (s *Service) CancelPickup(ctx context.Context, a *Actor, number string) (*domain.PickupOrder, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		if domain.ErrorCode(err) == domain.EForbidden {
			return nil, domain.Errorf(domain.EForbidden, "För att makulera en gjord hämtorder måste kontakt tas med kundtjänst (via ett C2-ärende) som kan hjälpa till med detta.")
		}
		return nil, err
	}
	return s.withPickup(ctx, number, func(q repo.Queries, p *domain.PickupOrder) error {
		for _, it := range p.Items {
			if it.Status == "received" {
				return domain.Errorf(domain.EConflict, "Hämtorder %s kan inte makuleras: artikel %s är redan mottagen.", p.Number, it.Article)
			}
		}
		ok, err := q.CancelPickupOrder(ctx, p.ID, s.Now(), a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Hämtorder %s kunde inte makuleras.", p.Number)
		}
		subject := domain.Msgf("Hämtorder %s har makulerats", p.Number)
		if p.Personnummer != "" {
			subject = domain.Msgf("Hämtorder %s (gällande %s) har makulerats", p.Number, p.RecipientName)
		}
		if err := s.NotifyAbout(ctx, q, p.PrescriberID, p.Personnummer, subject, domain.Msgf("Hjälpmedlen finns kvar hos mottagaren."), "/hamtorder/"+p.Number); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "pickup.cancel", Entity: "pickup", EntityID: p.Number, Personnummer: p.Personnummer,
			Screen: "Hämtorder", Before: map[string]string{"status": p.Status}, After: map[string]string{"status": "cancelled"}})
	})
}

// ReconditioningUnits lists the returned units waiting for reconditioning.
func (s *Service) ReconditioningUnits(ctx context.Context, a *Actor) ([]domain.ReconditioningUnit, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindReconditioningUnits(ctx, a.Warehouse)
}

// ReconditioningState is a returned unit's state after approval or scrapping:
// the unit and its status ("available", "scrapped", …).
func (s *Service) ReconditioningState(ctx context.Context, a *Actor, unit string) (*domain.ReconditioningUnit, string, error) {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return nil, "", err
	}
	return s.db.Read().FindReconditioningUnit(ctx, unit)
}

func (s *Service) withReconditioning(ctx context.Context, a *Actor, unit string, fn func(q repo.Queries, r *domain.ReconditioningUnit) error) error {
	if err := a.Require(domain.RoleWarehouse, domain.RoleAdmin); err != nil {
		return err
	}
	unit = strings.TrimPrefix(strings.TrimSpace(unit), "K-")
	return s.db.Transact(ctx, func(q repo.Queries) error {
		r, status, err := q.FindReconditioningUnit(ctx, unit)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Individ %s finns inte.", unit)
		}
		if err != nil {
			return err
		}
		if err := a.RequireWarehouse(r.Warehouse); err != nil {
			return err
		}
		if status != "reconditioning" {
			return domain.Errorf(domain.EConflict, "Individ %s är inte under rekonditionering.", unit)
		}
		return fn(q, r)
	})
}

// ApproveReconditioning returns a reconditioned unit to available stock with a new
// first-in-first-out date.
func (s *Service) ApproveReconditioning(ctx context.Context, a *Actor, unit string) error {
	return s.withReconditioning(ctx, a, unit, func(q repo.Queries, r *domain.ReconditioningUnit) error {
		now, today := s.Now(), s.Today()
		ok, err := q.ApproveReconditionedUnit(ctx, r, today, now, a.Username)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Individ %s är inte under rekonditionering.", r.Unit)
		}
		if err := q.ServiceUnitEvent(ctx, r.Unit, now, "reconditioned", "Rekonditionerad och åter i lager "+r.Warehouse, "", a.Username); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "unit.recondition", Entity: "unit", EntityID: r.Unit, Screen: "Returer",
			Before: map[string]string{"status": "reconditioning"}, After: map[string]string{"status": "in_stock", "fifoDate": domain.FormatDate(today), "warehouse": r.Warehouse}})
	})
}

// ScrapUnit scraps a returned unit (Skrotad with today's date). Its components are
// detached into stock at the unit's warehouse first: they outlive the unit. It
// returns the components detached.
func (s *Service) ScrapUnit(ctx context.Context, a *Actor, unit, note string) ([]domain.UnitComponent, error) {
	note = strings.TrimSpace(note)
	if err := domain.CheckMaxLength("note", "Orsak", note, 250); err != nil {
		return nil, err
	}
	var detached []domain.UnitComponent
	err := s.withReconditioning(ctx, a, unit, func(q repo.Queries, r *domain.ReconditioningUnit) error {
		now, today := s.Now(), s.Today()
		var err error
		if detached, err = s.detachAll(ctx, q, r.Unit, r.Warehouse, a.Username); err != nil {
			return err
		}
		ok, err := q.ScrapReconditioningUnit(ctx, r.Unit, today)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Individ %s är inte under rekonditionering.", r.Unit)
		}
		text := "Skrotad"
		if note != "" {
			text += ": " + note
		}
		if err := q.ServiceUnitEvent(ctx, r.Unit, now, "scrapped", text, "", a.Username); err != nil {
			return err
		}
		after := map[string]any{"status": "scrapped", "date": domain.FormatDate(today), "note": note}
		if len(detached) > 0 {
			after["detached"] = detached
		}
		return s.audit(ctx, q, a, Audit{Action: "unit.scrap", Entity: "unit", EntityID: r.Unit, Screen: "Returer",
			Before: map[string]string{"status": "reconditioning"}, After: after})
	})
	if err != nil {
		return nil, err
	}
	return detached, nil
}
