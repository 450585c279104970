package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// BMB (byte mottagare/betalare): manual sections "Skicka BMB", "Kvittera BMB" and
// "BMB vid uttag ur eget närförråd"; SPEC §3 items 10–11 and §5 Transfers.

// TransferSource is what the send form starts from: the current recipient and
// what it holds (Hjälpmedel → BMB, or Individkort → BMB).
type TransferSource struct {
	From     domain.TransferParty
	Holdings []domain.TransferHolding
	Selected map[int64]bool // pre-ticked (the unit of Individkort)
	Unit     string
}

// TransferSource loads the current recipient of a send form: by personnummer, by unit
// (its current holder) or by customer (a care unit, e.g. a local store).
func (s *Service) TransferSource(ctx context.Context, a *Actor, personnummer, unit, customer string) (*TransferSource, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	q := s.db.Read()
	src := &TransferSource{Selected: map[int64]bool{}}
	switch {
	case strings.TrimSpace(unit) != "":
		unit = strings.TrimSpace(unit)
		h, err := q.FindTransferHoldingByUnit(ctx, unit)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "Individ %s är inte utlämnad till någon mottagare.", unit)
		}
		if err != nil {
			return nil, err
		}
		if err := a.MaySee(customerScope(h.Customer)); err != nil {
			return nil, err
		}
		src.Unit = unit
		src.Selected[h.ID] = true
		personnummer, customer = h.RecipientPersonnummer, h.RecipientCustomer
	case strings.TrimSpace(personnummer) != "":
		p, err := domain.ParsePersonnummer(personnummer)
		if err != nil {
			return nil, err
		}
		personnummer = string(p)
	case strings.TrimSpace(customer) != "":
		customer = strings.TrimSpace(customer)
		if err := a.MaySee(customerScope(customer)); err != nil {
			return nil, err
		}
	default:
		return nil, domain.Invalid("personnummer", "Ange personnummer, individnummer eller kundnummer.")
	}
	var err error
	if personnummer != "" {
		src.From, err = q.FindTransferPerson(ctx, personnummer)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "Personnumret %s finns inte i folkbokföringsregistret.", personnummer)
		}
	} else {
		src.From, err = q.FindTransferCustomer(ctx, customer)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "Det finns ingen kund med nummer %s.", customer)
		}
	}
	if err != nil {
		return nil, err
	}
	if src.Holdings, err = q.FindTransferableHoldings(ctx, personnummer, customer); err != nil {
		return nil, err
	}
	src.Holdings = visible(a, src.Holdings, func(h domain.TransferHolding) Scope { return customerScope(h.Customer) })
	if personnummer != "" {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: personnummer,
			Personnummer: personnummer, Screen: "BMB", Protected: src.From.Protected}); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// TransferInput is a transfer to send (the form, or POST /api/v1/transfers).
type TransferInput struct {
	ToPrescriber            string
	RecipientPersonnummer   string
	RecipientCustomer       string
	BMBDate                 string // YYYY-MM-DD; empty: today
	Units                   []string
	Holdings                []string // holding ids
	Message                 string
	ConfirmPatientToPatient bool
	IdempotencyKey          string // a repeated key from the same user returns the transfer first sent
}

// TransferPlan is the summary shown by "Spara ändringarna" before "Verkställ".
type TransferPlan struct {
	From             domain.TransferParty // the current recipient
	To               domain.TransferParty // the new recipient
	ToPrescriber     *domain.User
	Customers        []domain.TransferParty // the new prescriber's customers: one is chosen when acknowledging
	BMBDate          time.Time
	Items            []domain.TransferHolding // ticked holdings and the components attached to ticked units
	Message          string
	PatientToPatient bool
	FromLocalStore   bool
}

// PlanTransfer checks a transfer and returns its summary without sending it.
func (s *Service) PlanTransfer(ctx context.Context, a *Actor, in TransferInput) (*TransferPlan, error) {
	plan, err := s.planTransfer(ctx, s.db.Read(), a, in)
	if err != nil {
		return nil, err
	}
	// The summary shows the new recipient's name and address: a look-up of that person.
	if p := plan.To; p.Personnummer != "" && p.Personnummer != plan.From.Personnummer {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: p.Personnummer,
			Personnummer: p.Personnummer, Screen: "BMB", Protected: p.Protected}); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

func (s *Service) planTransfer(ctx context.Context, q repo.Queries, a *Actor, in TransferInput) (*TransferPlan, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	plan := &TransferPlan{}
	fe := fieldErrors{}

	// Ny förskrivare/betalare: an active prescriber, by user name.
	if name := strings.TrimSpace(in.ToPrescriber); name == "" {
		fe.add("toPrescriber", "Ange ny förskrivare/betalare (användarnamn).")
	} else {
		u, err := q.FindUserByUsername(ctx, name)
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			fe.addf("toPrescriber", "Det finns ingen förskrivare med användarnamnet %s.", domain.NormalizeUsername(name))
		case err != nil:
			return nil, err
		case !u.Active:
			fe.addf("toPrescriber", "Förskrivaren %s är inte aktiv och kan inte ta emot BMB.", u.Username)
		case !u.HasRole(domain.RolePrescriber):
			fe.addf("toPrescriber", "%s är inte förskrivare och kan inte ta emot BMB.", u.Username)
		default:
			plan.ToPrescriber = u
			if plan.Customers, err = q.FindTransferCustomersOfUser(ctx, u.ID); err != nil {
				return nil, err
			}
		}
	}

	// Ny mottagare: a patient (personnummer) or a care unit (customer).
	pnr, cust := strings.TrimSpace(in.RecipientPersonnummer), strings.TrimSpace(in.RecipientCustomer)
	switch {
	case pnr != "" && cust != "":
		fe.add("recipient", "Ange antingen personnummer eller kundnummer som ny mottagare, inte båda.")
	case pnr != "":
		p, err := domain.ParsePersonnummer(pnr)
		if err != nil {
			fe.add("recipient", domain.ErrorMessage(err))
			break
		}
		plan.To, err = q.FindTransferPerson(ctx, string(p))
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("recipient", "Personnumret %s finns inte i folkbokföringsregistret.", p)
		} else if err != nil {
			return nil, err
		} else if plan.To.Deceased != "" {
			fe.addf("recipient", "%s är avliden (%s) och kan inte vara ny mottagare.", plan.To.Name, plan.To.Deceased)
		}
	case cust != "":
		var err error
		plan.To, err = q.FindTransferCustomer(ctx, cust)
		if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !plan.To.Active) {
			fe.addf("recipient", "Det finns ingen aktiv vårdenhet med kundnummer %s.", cust)
		} else if err != nil {
			return nil, err
		}
	default:
		fe.add("recipient", "Ange ny mottagare: personnummer för en patient eller kundnummer för en vårdenhet.")
	}

	// BMB-datum: today unless given; the new payer and rent start apply from it.
	plan.BMBDate = s.Today()
	if d := strings.TrimSpace(in.BMBDate); d != "" {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			fe.add("bmbDate", "Ange BMB-datum som ÅÅÅÅ-MM-DD.")
		} else {
			plan.BMBDate = t
		}
	}
	if _, bad := fe["bmbDate"]; !bad {
		if err := fe.addOpen(q.EnsureOpen(ctx, plan.BMBDate, domain.Term("BMB-datum")), "bmbDate"); err != nil {
			return nil, err
		}
	}

	in.Message = strings.TrimSpace(in.Message)
	if err := domain.CheckMaxLength("message", "Meddelande", in.Message, domain.MaxTransferMessage); err != nil {
		if ferr := fe.addErr(err); ferr != nil {
			return nil, ferr
		}
	}
	plan.Message = in.Message

	// The holdings: ticked ids and units; components attached to a ticked unit follow it.
	items, err := s.transferItems(ctx, q, in, fe)
	if err != nil {
		return nil, err
	}
	plan.Items = items
	if len(items) > 0 {
		first := items[0]
		if first.RecipientPersonnummer != "" {
			plan.From, err = q.FindTransferPerson(ctx, first.RecipientPersonnummer)
		} else {
			plan.From, err = q.FindTransferCustomer(ctx, first.RecipientCustomer)
		}
		if err != nil {
			return nil, err
		}
		for _, h := range items {
			if h.RecipientPersonnummer != first.RecipientPersonnummer || h.RecipientCustomer != first.RecipientCustomer {
				fe.add("holdings", "Alla markerade hjälpmedel måste ha samma nuvarande mottagare.")
			}
			if h.CustomerLocalStore {
				plan.FromLocalStore = true
			}
			if h.Unit != "" {
				if blocked, err := q.UnitBlocked(ctx, h.Unit); err != nil {
					return nil, err
				} else if blocked {
					fe.addf("holdings", "Individ %s är spärrad och kan inte flyttas med BMB.", h.Unit)
				}
			}
			if _, bad := fe["bmbDate"]; !bad && plan.BMBDate.Before(h.RentStart) {
				fe.addf("bmbDate", "BMB-datum kan inte vara före hyresstarten %s för %s %s.",
					h.RentStart.Format(time.DateOnly), h.Article, h.ArticleName)
			}
		}
	}
	if err := fe.errFirst("toPrescriber", "recipient", "bmbDate", "holdings", "message"); err != nil {
		return nil, err
	}
	for _, h := range items {
		if err := a.MayPrescribeFor("holdings", h.Customer); err != nil {
			return nil, err
		}
	}
	for _, h := range items {
		if err := transferHoldingFree(ctx, q, h, s.Now()); err != nil {
			return nil, err
		}
	}
	plan.PatientToPatient = domain.TransferNeedsPatientConfirmation(plan.From.Personnummer, plan.To.Personnummer)
	return plan, nil
}

// holdingLabel names a holding in a message: its article and, if any, its unit.
func holdingLabel(h domain.TransferHolding) domain.Formatted {
	if h.Unit != "" {
		return domain.Msgf("%s %s (individ %s)", h.Article, h.ArticleName, h.Unit)
	}
	return domain.Msgf("%s %s", h.Article, h.ArticleName)
}

// transferItems resolves the ticked holdings and units, adding the components attached
// to each ticked unit.
func (s *Service) transferItems(ctx context.Context, q repo.Queries, in TransferInput, fe fieldErrors) ([]domain.TransferHolding, error) {
	var items []domain.TransferHolding
	seen := map[int64]bool{}
	units := map[string]bool{}
	add := func(h domain.TransferHolding) {
		if !seen[h.ID] {
			seen[h.ID] = true
			items = append(items, h)
		}
		if h.Unit != "" {
			units[h.Unit] = true
		}
	}
	for _, u := range in.Units {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		h, err := q.FindTransferHoldingByUnit(ctx, u)
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("holdings", "Individ %s är inte utlämnad till någon mottagare.", u)
			continue
		}
		if err != nil {
			return nil, err
		}
		add(h)
	}
	for _, raw := range in.Holdings {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			fe.addf("holdings", "Hjälpmedlet %s finns inte.", raw)
			continue
		}
		h, err := q.FindTransferHolding(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.addf("holdings", "Hjälpmedlet %s finns inte.", raw)
			continue
		}
		if err != nil {
			return nil, err
		}
		if !h.EndDate.IsZero() {
			fe.addf("holdings", "%s är återlämnat eller redan överfört.", holdingLabel(h))
			continue
		}
		add(h)
	}
	if len(items) == 0 {
		fe.add("holdings", "Markera vilket eller vilka hjälpmedel som avses.")
		return nil, nil
	}
	for _, h := range items {
		if h.AttachedUnit != "" && !units[h.AttachedUnit] {
			fe.addf("holdings", "Komponenten %s %s sitter på individ %s och följer med den: markera individen i stället.",
				h.Article, h.ArticleName, h.AttachedUnit)
		}
	}
	for _, h := range append([]domain.TransferHolding(nil), items...) {
		if h.Unit == "" {
			continue
		}
		comps, err := q.FindAttachedTransferHoldings(ctx, h.Unit)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			add(c)
		}
	}
	return items, nil
}

// transferHoldingFree refuses a holding that is in an open (sent or locked) transfer
// or on a registered pickup order.
func transferHoldingFree(ctx context.Context, q repo.Queries, h domain.TransferHolding, now time.Time) error {
	open, err := q.OpenTransferOfHolding(ctx, h.ID)
	if err != nil {
		return err
	}
	if open != 0 {
		t, err := q.FindTransfer(ctx, open)
		if err != nil {
			return err
		}
		if domain.TransferIsLocked(t.SentAt, now) {
			return domain.Errorf(domain.EConflict, "%s finns i en låst BMB (skickad %s till %s). Kontakta Länsservice kundtjänst som kan låsa upp den.",
				holdingLabel(h), domain.DateOf(t.SentAt).Format(time.DateOnly), t.ToUsername)
		}
		return domain.Errorf(domain.EConflict, "%s finns redan i en BMB som inte är kvitterad (skickad %s till %s).",
			holdingLabel(h), domain.DateOf(t.SentAt).Format(time.DateOnly), t.ToUsername)
	}
	onPickup, err := q.HoldingOnOpenPickup(ctx, h.ID)
	if err != nil {
		return err
	}
	if onPickup {
		return domain.Errorf(domain.EConflict, "%s finns på en hämtorder och kan inte skickas med BMB.", holdingLabel(h))
	}
	return nil
}

// PatientToPatientMessage is the error when a transfer between patients is not confirmed.
const PatientToPatientMessage = "BMB mellan patienter får bara göras i undantagsfall: bekräfta att villkoren är uppfyllda."

// SendTransfer sends a transfer (Verkställ): the receiver gets a message at once.
// A repeated idempotency key returns the transfer first sent and created=false.
func (s *Service) SendTransfer(ctx context.Context, a *Actor, in TransferInput) (*TransferView, bool, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, false, err
	}
	ref, created, err := s.once(ctx, a, in.IdempotencyKey, "transfer", func(q repo.Queries, _ func(string) error) (string, bool, error) {
		id, err := s.sendTransfer(ctx, q, a, in)
		return strconv.FormatInt(id, 10), err == nil, err
	})
	if err != nil {
		return nil, false, err
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, fmt.Errorf("transfer reference %q: %w", ref, err)
	}
	v, err := s.Transfer(ctx, a, id)
	return v, created, err
}

// sendTransfer checks and writes a transfer inside the caller's transaction,
// messages the receiver and returns the transfer's id.
func (s *Service) sendTransfer(ctx context.Context, q repo.Queries, a *Actor, in TransferInput) (int64, error) {
	plan, err := s.planTransfer(ctx, q, a, in)
	if err != nil {
		return 0, err
	}
	if plan.PatientToPatient && !in.ConfirmPatientToPatient {
		return 0, domain.Invalid("confirmPatientToPatient", PatientToPatientMessage)
	}
	now := s.Now()
	nt := domain.NewTransfer{FromUserID: a.ID, ToUserID: plan.ToPrescriber.ID, RecipientPersonnummer: plan.To.Personnummer,
		RecipientCustomer: plan.To.Customer, BMBDate: plan.BMBDate, Message: plan.Message,
		PatientToPatient: plan.PatientToPatient, SentAt: now}
	for _, h := range plan.Items {
		nt.Holdings = append(nt.Holdings, h.ID)
	}
	id, err := q.CreateTransfer(ctx, nt)
	if domain.ErrorCode(err) == domain.EConflict {
		// Another transfer took a holding between the check and the insert.
		return 0, domain.Errorf(domain.EConflict, "Något av hjälpmedlen finns redan i en BMB som inte är kvitterad.")
	}
	if err != nil {
		return 0, err
	}
	subject := domain.Msgf("BMB från %s att kvittera (gällande %s)", a.Username, plan.From.Name)
	body := domain.Msgf("%s har skickat en BMB (byte mottagare/betalare) till dig: %d hjälpmedel till %s med BMB-datum %s. "+
		"Kvittera under Kvittera BMB senast %s, annars blir den låst.",
		a.Name, len(plan.Items), plan.To.Name, plan.BMBDate.Format(time.DateOnly),
		domain.TransferLastDay(now).Format(time.DateOnly))
	if plan.Message != "" {
		body = domain.Msgf("%s Meddelande: %s", body, plan.Message)
	}
	if err := s.NotifyAbout(ctx, q, plan.ToPrescriber.ID, plan.From.Personnummer, subject, body, fmt.Sprintf("/bmb/%d", id)); err != nil {
		return 0, err
	}
	after := map[string]any{"toPrescriber": plan.ToPrescriber.Username, "recipient": partyID(plan.To),
		"from": partyID(plan.From), "bmbDate": plan.BMBDate.Format(time.DateOnly), "holdings": nt.Holdings,
		"message": plan.Message, "patientToPatient": plan.PatientToPatient}
	return id, s.auditTransfer(ctx, q, a, "transfer.send", id, plan.From, plan.To, nil, after)
}

func partyID(p domain.TransferParty) string {
	if p.Personnummer != "" {
		return p.Personnummer
	}
	return p.Customer
}

// auditTransfer writes one entry per person touched (a transfer between patients
// touches two), so a search of the audit log by person finds it.
func (s *Service) auditTransfer(ctx context.Context, q repo.Queries, a *Actor, action string, id int64, from, to domain.TransferParty, before, after any) error {
	e := Audit{Action: action, Entity: "transfer", EntityID: strconv.FormatInt(id, 10), Screen: "BMB", Before: before, After: after}
	persons := []domain.TransferParty{}
	if from.Personnummer != "" {
		persons = append(persons, from)
	}
	if to.Personnummer != "" && to.Personnummer != from.Personnummer {
		persons = append(persons, to)
	}
	if len(persons) == 0 {
		return s.audit(ctx, q, a, e)
	}
	for _, p := range persons {
		e.Personnummer, e.Protected = p.Personnummer, p.Protected
		if err := s.audit(ctx, q, a, e); err != nil {
			return err
		}
	}
	return nil
}

// TransferView is a transfer as the pages and the API show it.
type TransferView struct {
	domain.Transfer
	State           domain.TransferStatus // with locked derived
	LocksAt         time.Time
	Items           []domain.TransferHolding
	From            domain.TransferParty // the recipient the holdings come from
	To              domain.TransferParty // the new recipient
	FromLocalStore  bool
	NewCustomerName string
	NewPayerName    string
	CanAcknowledge  bool // the viewer may acknowledge it now
	CanUnlock       bool
	// DaysLeft is the countdown of an unanswered, unlocked transfer (SPEC
	// §10.11); -1 for any other.
	DaysLeft int
}

// DaysLeftText says the countdown ("" when there is none).
func (v *TransferView) DaysLeftText() domain.Formatted {
	if v.DaysLeft < 0 {
		return domain.Formatted{}
	}
	return domain.TransferDaysLeftText(v.DaysLeft)
}

// StatusText is the Swedish status with its date, e.g. "Godkänd 2026-11-26".
func (v *TransferView) StatusText() string {
	text := domain.TransferStatusText(v.State)
	switch v.State {
	case domain.TransferSent:
		return text + " " + domain.DateOf(v.SentAt).Format(time.DateOnly)
	case domain.TransferLocked:
		return text + " sedan " + domain.DateOf(v.LocksAt).Format(time.DateOnly)
	case domain.TransferAccepted, domain.TransferRejected:
		return text + " " + domain.DateOf(v.AnsweredAt).Format(time.DateOnly)
	case domain.TransferUnlocked:
		return text + " " + domain.DateOf(v.UnlockedAt).Format(time.DateOnly)
	}
	return text
}

// SentDate is the day the transfer was sent (the manual's "Datum").
func (v *TransferView) SentDate() string { return domain.DateOf(v.SentAt).Format(time.DateOnly) }

func (s *Service) viewTransfer(ctx context.Context, q repo.Queries, a *Actor, t domain.Transfer, withItems bool) (*TransferView, error) {
	now := s.Now()
	v := &TransferView{Transfer: t, State: domain.TransferStatusAt(domain.TransferStatus(t.Status), t.SentAt, now),
		LocksAt: domain.TransferLocksAt(t.SentAt), DaysLeft: -1}
	if v.State == domain.TransferSent {
		v.DaysLeft = domain.TransferDaysLeft(t.SentAt, now)
	}
	v.CanAcknowledge = a != nil && domain.CheckTransferAcknowledge(domain.TransferStatus(t.Status), t.SentAt, t.ToUserID, a.ID, now) == nil
	v.CanUnlock = a != nil && a.Can(domain.RoleCustomerService, domain.RoleAdmin) && v.State == domain.TransferLocked
	if !withItems {
		return v, nil
	}
	var err error
	if v.Items, err = q.FindTransferItems(ctx, t.ID); err != nil {
		return nil, err
	}
	if len(v.Items) > 0 {
		first := v.Items[0]
		if first.RecipientPersonnummer != "" {
			v.From, err = q.FindTransferPerson(ctx, first.RecipientPersonnummer)
		} else {
			v.From, err = q.FindTransferCustomer(ctx, first.RecipientCustomer)
		}
		if err != nil {
			return nil, err
		}
		for _, h := range v.Items {
			v.FromLocalStore = v.FromLocalStore || h.CustomerLocalStore
		}
	}
	if t.RecipientPersonnummer != "" {
		v.To, err = q.FindTransferPerson(ctx, t.RecipientPersonnummer)
	} else {
		v.To, err = q.FindTransferCustomer(ctx, t.RecipientCustomer)
	}
	if err != nil {
		return nil, err
	}
	if t.NewCustomer != "" {
		c, err := q.FindTransferCustomer(ctx, t.NewCustomer)
		if err != nil {
			return nil, err
		}
		v.NewCustomerName = c.Name
	}
	if t.NewPayer != "" {
		if v.NewPayerName, err = q.FindTransferPayerName(ctx, t.NewPayer); err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return nil, err
		}
	}
	return v, nil
}

// PrescriberContact is the contact card of a prescriber ("Från" on Kvittera BMB).
func (s *Service) PrescriberContact(ctx context.Context, a *Actor, username string) (*domain.User, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	u, err := s.db.Read().FindUserByUsername(ctx, username)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !u.HasRole(domain.RolePrescriber)) {
		return nil, domain.Errorf(domain.ENotFound, "Förskrivaren finns inte.")
	}
	return u, err
}

// IsPatientToPatient reports whether err is the missing confirmation of a transfer between patients.
func IsPatientToPatient(err error) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Fields["confirmPatientToPatient"] != ""
}

// StateText is the Swedish status without a date ("Låst").
func (v *TransferView) StateText() string { return domain.TransferStatusText(v.State) }
