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

// Manual "Arbetsorder" / "Göra arbetsorder": a prescriber orders work from technical
// service; a technician takes, notes, re-prioritises and closes it (SPEC §3.8, §4, §5).

// AddressInput is the "+" address block of a work order or pickup order as typed.
type AddressInput struct {
	Mode         string `json:"mode,omitempty"`   // work orders: pickup (Hämtas för åtgärd) or onsite (Utföres på plats)
	Source       string `json:"source,omitempty"` // customer (Kund/leveansadress) or recipient (Mottagare/Patient)
	Name         string `json:"name,omitempty"`
	CO           string `json:"co,omitempty"`
	Street       string `json:"street,omitempty"`
	PostalCode   string `json:"postalCode,omitempty"`
	Town         string `json:"town,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Mobile       string `json:"mobile,omitempty"`
	DoorCode     string `json:"doorCode,omitempty"`
	Instructions string `json:"instructions,omitempty"`
}

func (a AddressInput) empty() bool {
	return strings.TrimSpace(a.Name+a.CO+a.Street+a.PostalCode+a.Town) == ""
}

// address is the address as documents keep it.
func (a AddressInput) address() domain.ServiceAddress {
	return domain.ServiceAddress{Name: a.Name, CO: a.CO, Street: a.Street, PostalCode: a.PostalCode, Town: a.Town,
		Phone: a.Phone, Mobile: a.Mobile, DoorCode: a.DoorCode, Instructions: a.Instructions}
}

func (a AddressInput) trimmed() AddressInput {
	for _, p := range []*string{&a.Mode, &a.Source, &a.Name, &a.CO, &a.Street, &a.PostalCode, &a.Town, &a.Phone, &a.Mobile, &a.DoorCode, &a.Instructions} {
		*p = strings.TrimSpace(*p)
	}
	return a
}

// addErr adds the field messages of an invalid-input error (a domain rule such as
// CheckMaxLength); any other error is returned.
func (f fieldErrors) addErr(err error) error {
	de, ok := err.(*domain.Error)
	if !ok || de.Code != domain.EInvalid || len(de.Fields) == 0 {
		return err
	}
	for k, v := range de.Fields {
		if ff, ok := de.FieldFormat(k); ok {
			f.addf(k, ff.Format, ff.Args...)
		} else {
			f.add(k, v)
		}
	}
	return nil
}

// addOpen puts the refusal of a closed billing month (store.EnsureOpen) next to
// the form's date field; any other error is returned.
func (f fieldErrors) addOpen(err error, field string) error {
	de, ok := err.(*domain.Error)
	if !ok || de.Code != domain.EConflict {
		return err
	}
	if _, taken := f[field]; !taken {
		e := *de
		e.Fields = map[string]string{field: de.Message}
		f[field] = &e
	}
	return nil
}

// fillAddress completes an address block from its source: the customer's address,
// or the recipient's home. A protected person's address is never used or shown:
// the customer's address stands in (SPEC §5 Protected identity).
func fillAddress(in AddressInput, cust *domain.ServiceCustomer, person *domain.ServicePerson) (AddressInput, string) {
	notice := ""
	if in.Source != "recipient" {
		in.Source = "customer"
	}
	if in.Source == "recipient" && person != nil && person.Protected {
		in.Source = "customer"
		notice = "Patienten har skyddade personuppgifter. Kundens adress används."
		in.Name, in.CO, in.Street, in.PostalCode, in.Town = "", "", "", "", ""
	}
	if in.Source == "recipient" && person == nil {
		in.Source = "customer"
	}
	if in.empty() {
		src := cust.Address
		if in.Source == "recipient" {
			src = person.Address
		}
		in.Name, in.Street, in.PostalCode, in.Town = src.Name, src.Street, src.PostalCode, src.Town
		if in.Phone == "" {
			in.Phone = src.Phone
		}
	}
	return in, notice
}

// WorkOrderInput is a work order as the prescriber fills it in.
type WorkOrderInput struct {
	Personnummer     string
	Customer         string
	Article          string
	Unit             string
	Priority         int
	ActionType       string // code, name or id; default Avhjälpande underhåll
	PerformedBy      string // department id or name; default the prescriber's own
	FaultDescription string
	Address          AddressInput
	IdempotencyKey   string
}

// WorkOrderDraft is the checked work order before Verkställ: what will be registered.
type WorkOrderDraft struct {
	Order   *domain.WorkOrder
	Address AddressInput
	Due     time.Time
	DueKind domain.DueKind
	Notices []string
}

// WorkOrderChoices are the lists of the work-order form.
type WorkOrderChoices struct {
	Customers   []domain.ServiceCustomer
	ActionTypes []domain.WorkOrderActionType
	Departments []domain.WorkOrderDepartment
	Priorities  []domain.PriorityInfo
	Reasons     []struct{ Code, Name string }
}

// WorkOrderChoices loads the select lists: the actor's customers, action types, departments.
func (s *Service) WorkOrderChoices(ctx context.Context, a *Actor) (*WorkOrderChoices, error) {
	q := s.db.Read()
	out := &WorkOrderChoices{Priorities: domain.Priorities, Reasons: domain.PickupReasons}
	names, err := q.ServiceCustomerNames(ctx, a.Customers)
	if err != nil {
		return nil, err
	}
	for _, c := range a.Customers {
		out.Customers = append(out.Customers, domain.ServiceCustomer{Number: c, Name: names[c]})
	}
	if out.ActionTypes, err = q.FindWorkOrderActionTypes(ctx); err != nil {
		return nil, err
	}
	if out.Departments, err = q.FindWorkOrderDepartments(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// DefaultWorkOrderCustomer is the Kund/leveransadress a new work order starts with:
// the customer of the unit's current holding when the actor is linked to it, else
// the actor's first customer.
func (s *Service) DefaultWorkOrderCustomer(ctx context.Context, a *Actor, unit string) string {
	if unit = strings.TrimPrefix(strings.TrimSpace(unit), "K-"); unit != "" {
		if _, c, err := s.db.Read().CurrentHolderOfUnit(ctx, unit); err == nil && c != "" && a.LinkedTo(c) {
			return c
		}
	}
	if len(a.Customers) > 0 {
		return a.Customers[0]
	}
	return ""
}

// PrepareWorkOrder checks a work order and fills in what the system knows
// (Benämning, the address from its source) without saving: "Spara ändringarna".
func (s *Service) PrepareWorkOrder(ctx context.Context, a *Actor, in WorkOrderInput) (*WorkOrderDraft, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, err
	}
	d, err := s.resolveWorkOrder(ctx, s.db.Read(), a, in)
	if err != nil {
		return nil, err
	}
	if w := d.Order; w.Personnummer != "" {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: w.Personnummer,
			Personnummer: w.Personnummer, Screen: "Arbetsorder", Protected: w.PatientProtected}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func requirePrescriber(a *Actor) error {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return err
	}
	if !a.CanPrescribe {
		return domain.Errorf(domain.EForbidden, "Du saknar förskrivningsrätt.")
	}
	return nil
}

// resolveWorkOrder checks a work order's input and fills in what follows from it
// (patient, customer, address, due time); nothing is written.
func (s *Service) resolveWorkOrder(ctx context.Context, q repo.Queries, a *Actor, in WorkOrderInput) (*WorkOrderDraft, error) {
	fe := fieldErrors{}
	w := &domain.WorkOrder{PrescriberID: a.ID, PrescriberUsername: a.Username, PrescriberName: a.Name}
	d := &WorkOrderDraft{Order: w}
	person, holderCustomer, err := s.workOrderObject(ctx, q, a, in, w, fe)
	if err != nil {
		return nil, err
	}
	cust, err := workOrderCustomer(ctx, q, a, in, w, holderCustomer, fe)
	if err != nil {
		return nil, err
	}
	if err := workOrderChoices(ctx, q, a, in, w, fe); err != nil {
		return nil, err
	}
	addr, err := workOrderAddress(in, w, fe)
	if err != nil {
		return nil, err
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	var notice string
	addr, notice = fillAddress(addr, cust, person)
	if notice != "" {
		d.Notices = append(d.Notices, notice)
	}
	d.Address = addr
	w.AddressMode, w.AddressSource = addr.Mode, addr.Source
	w.Address = domain.ServiceAddress{Name: addr.Name, CO: addr.CO, Street: addr.Street, PostalCode: addr.PostalCode,
		Town: addr.Town, Phone: addr.Phone, DoorCode: addr.DoorCode, Instructions: addr.Instructions}
	w.RegisteredAt = s.Now()
	d.Due, d.DueKind, _ = domain.WorkOrderDue(w.Priority, w.RegisteredAt)
	w.DueAt = d.Due
	return d, nil
}

// workOrderObject finds what the work order is about: the patient, and the unit
// (with its current holder's customer) or the article.
func (s *Service) workOrderObject(ctx context.Context, q repo.Queries, a *Actor, in WorkOrderInput, w *domain.WorkOrder,
	fe fieldErrors) (person *domain.ServicePerson, holderCustomer string, err error) {
	if p := strings.TrimSpace(in.Personnummer); p != "" {
		pn, err := domain.ParsePersonnummer(p)
		if err != nil {
			fe.add("personnummer", domain.ErrorMessage(err))
		} else if person, err = q.FindServicePerson(ctx, string(pn)); err != nil {
			if domain.ErrorCode(err) != domain.ENotFound {
				return nil, "", err
			}
			fe.addf("personnummer", "Det finns ingen person med personnummer %s.", pn)
		} else {
			w.Personnummer, w.PatientFirstName, w.PatientLastName, w.PatientProtected = person.Personnummer, person.FirstName, person.LastName, person.Protected
		}
	}
	unit, article := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(in.Unit), "K-")), strings.TrimSpace(in.Article)
	switch {
	case unit != "":
		u, err := q.FindServiceUnit(ctx, unit)
		if err != nil {
			if domain.ErrorCode(err) != domain.ENotFound {
				return nil, "", err
			}
			fe.addf("unit", "Individ %s finns inte.", unit)
			break
		}
		if article != "" && article != u.Article {
			fe.addf("article", "Individ %s är av artikel %s, inte %s.", unit, u.Article, article)
		}
		w.Unit, w.Article, w.ArticleName = u.Unit, u.Article, u.Name
		pnr, cust, err := q.CurrentHolderOfUnit(ctx, unit)
		if err != nil {
			return nil, "", err
		}
		if w.Personnummer != "" && pnr != "" && pnr != w.Personnummer {
			fe.addf("unit", "Individ %s är inte utlånad till patienten.", unit)
		}
		if w.Personnummer == "" && pnr != "" && strings.TrimSpace(in.Personnummer) == "" {
			// The patient follows from the unit's current holding.
			if person, err = q.FindServicePerson(ctx, pnr); err != nil {
				return nil, "", err
			}
			w.Personnummer, w.PatientFirstName, w.PatientLastName, w.PatientProtected = person.Personnummer, person.FirstName, person.LastName, person.Protected
		}
		if cust != "" { // a unit held under a customer of someone else's is not the actor's to report
			if err := a.MayPrescribeFor("unit", cust); err != nil {
				return nil, "", err
			}
		}
		holderCustomer = cust
	case article != "":
		art, err := q.FindServiceArticle(ctx, article)
		if err != nil {
			if domain.ErrorCode(err) != domain.ENotFound {
				return nil, "", err
			}
			fe.addf("article", "Artikel %s finns inte.", article)
			break
		}
		w.Article, w.ArticleName = art.Article, art.Name
	default:
		fe.add("unit", "Ange individnummer för individmärkta hjälpmedel, annars artikelnummer.")
	}
	return person, holderCustomer, nil
}

// workOrderCustomer chooses the customer (Kund/leveransadress): given, the
// unit holder's when the actor is linked to it, else the actor's first.
func workOrderCustomer(ctx context.Context, q repo.Queries, a *Actor, in WorkOrderInput, w *domain.WorkOrder, holderCustomer string,
	fe fieldErrors) (*domain.ServiceCustomer, error) {
	w.Customer = strings.TrimSpace(in.Customer)
	if w.Customer == "" {
		if holderCustomer != "" && a.LinkedTo(holderCustomer) {
			w.Customer = holderCustomer
		} else if len(a.Customers) > 0 {
			w.Customer = a.Customers[0]
		}
	}
	var cust *domain.ServiceCustomer
	switch {
	case w.Customer == "":
		fe.add("customer", "Välj kund/leveransadress.")
	default:
		if err := a.MayPrescribeFor("customer", w.Customer); err != nil {
			return nil, err
		}
		var err error
		if cust, err = q.FindServiceCustomer(ctx, w.Customer); err != nil {
			if domain.ErrorCode(err) != domain.ENotFound {
				return nil, err
			}
			fe.addf("customer", "Kund %s finns inte.", w.Customer)
			cust = nil
		} else {
			w.CustomerName = cust.Name
		}
	}
	return cust, nil
}

// workOrderChoices checks the priority and finds the action type and the
// service department (Utföres av; the actor's own by default).
func workOrderChoices(ctx context.Context, q repo.Queries, a *Actor, in WorkOrderInput, w *domain.WorkOrder, fe fieldErrors) error {
	w.Priority = in.Priority
	if w.Priority == 0 {
		w.Priority = domain.PriorityNormal
	}
	if !domain.ValidPriority(w.Priority) {
		fe.add("priority", "Välj en aktivitetsprioritet 1–6.")
	}
	types, err := q.FindWorkOrderActionTypes(ctx)
	if err != nil {
		return err
	}
	want := strings.TrimSpace(in.ActionType)
	if want == "" {
		want = "corrective"
	}
	for _, t := range types {
		if want == t.Code || strings.EqualFold(want, t.Name) || want == strconv.FormatInt(t.ID, 10) {
			w.ActionTypeID, w.ActionTypeCode, w.ActionTypeName, w.SetsMaintenance = t.ID, t.Code, t.Name, t.SetsMaintenance
		}
	}
	if w.ActionTypeID == 0 {
		fe.add("actionType", "Välj typ av åtgärd i listan.")
	}
	deps, err := q.FindWorkOrderDepartments(ctx)
	if err != nil {
		return err
	}
	want = strings.TrimSpace(in.PerformedBy)
	if want == "" && a.ServiceDepartmentID != 0 {
		want = strconv.FormatInt(a.ServiceDepartmentID, 10)
	}
	for _, dep := range deps {
		if want == strconv.FormatInt(dep.ID, 10) || strings.EqualFold(want, dep.Name) {
			w.DepartmentID, w.DepartmentName = dep.ID, dep.Name
		}
	}
	if w.DepartmentID == 0 {
		fe.add("performedBy", "Välj serviceavdelning i fältet Utföres av.")
	}
	return nil
}

// workOrderAddress checks the fault description and the address choices.
func workOrderAddress(in WorkOrderInput, w *domain.WorkOrder, fe fieldErrors) (AddressInput, error) {
	w.FaultDescription = strings.TrimSpace(in.FaultDescription)
	if err := fe.addErr(domain.CheckMaxLength("faultDescription", "Felbeskrivning", w.FaultDescription, domain.MaxFaultDescription)); err != nil {
		return AddressInput{}, err
	}
	if w.FaultDescription == "" {
		fe.add("faultDescription", "Beskriv felet i Felbeskrivning.")
	}
	addr := in.Address.trimmed()
	switch addr.Mode {
	case "", "pickup":
		addr.Mode = "pickup"
	case "onsite":
	default:
		fe.add("addressMode", "Välj Hämtas för åtgärd eller Utföres på plats.")
	}
	if addr.Source != "" && addr.Source != "customer" && addr.Source != "recipient" {
		fe.add("addressSource", "Välj Kund/leveransadress eller Mottagare.")
	}
	for _, f := range []struct{ field, label, v string }{{"addressInstructions", "Instruktioner", addr.Instructions}, {"addressName", "Namn", addr.Name}, {"addressStreet", "Gatuadress", addr.Street}} {
		if err := fe.addErr(domain.CheckMaxLength(f.field, f.label, f.v, 250)); err != nil {
			return AddressInput{}, err
		}
	}
	return addr, nil
}

// RegisterWorkOrder registers a work order (Verkställ) and returns it with its number.
// A repeated idempotency key returns the work order first created and created=false.
func (s *Service) RegisterWorkOrder(ctx context.Context, a *Actor, in WorkOrderInput) (*domain.WorkOrder, bool, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, false, err
	}
	number, created, err := s.once(ctx, a, in.IdempotencyKey, "workorder", func(q repo.Queries, _ func(string) error) (string, bool, error) {
		number, err := s.registerWorkOrder(ctx, q, a, in)
		return number, err == nil, err
	})
	if err != nil {
		return nil, false, err
	}
	w, err := s.db.Read().FindWorkOrderByNumber(ctx, number)
	return w, created, err
}

// registerWorkOrder checks and writes a work order inside the caller's transaction and returns its number.
func (s *Service) registerWorkOrder(ctx context.Context, q repo.Queries, a *Actor, in WorkOrderInput) (string, error) {
	d, err := s.resolveWorkOrder(ctx, q, a, in)
	if err != nil {
		return "", err
	}
	wo := d.Order
	if wo.Number, err = s.db.NextDocNumber(ctx, q, domain.DocWorkOrder, s.Now()); err != nil {
		return "", err
	}
	if wo.ID, err = q.CreateWorkOrder(ctx, wo); err != nil {
		return "", err
	}
	return wo.Number, s.audit(ctx, q, a, Audit{Action: "workorder.register", Entity: "workorder", EntityID: wo.Number,
		Personnummer: wo.Personnummer, Screen: "Arbetsorder", Protected: wo.PatientProtected, After: workOrderAudit(wo)})
}

func workOrderAudit(w *domain.WorkOrder) map[string]any {
	return map[string]any{"number": w.Number, "status": w.Status, "customer": w.Customer, "article": w.Article, "unit": w.Unit,
		"priority": w.Priority, "actionType": w.ActionTypeCode, "department": w.DepartmentName,
		"faultDescription": w.FaultDescription, "addressMode": w.AddressMode, "addressSource": w.AddressSource}
}

var errNoWorkOrder = domain.Errorf(domain.ENotFound, "Arbetsordern finns inte.")

// WorkOrder shows one work order; seeing its patient is logged.
func (s *Service) WorkOrder(ctx context.Context, a *Actor, number string) (*domain.WorkOrder, error) {
	return showDocument(ctx, s, a, number, errNoWorkOrder, s.db.Read().FindWorkOrderByNumber, workOrderScope,
		func(w *domain.WorkOrder) Audit {
			return Audit{Action: "person.view", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
				Screen: "Arbetsorder", Protected: w.PatientProtected}
		})
}

// WorkOrderListFilter selects Registrerade AO: a patient's, a unit's or a customer's.
type WorkOrderListFilter struct {
	Personnummer, Unit, Customer string
}

// WorkOrders lists registered work orders (Registrerade AO) for a patient, a unit or
// a customer. A prescriber sees those of the customers they are linked to.
func (s *Service) WorkOrders(ctx context.Context, a *Actor, f WorkOrderListFilter) ([]*domain.WorkOrder, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	sf := domain.WorkOrderFilter{Unit: strings.TrimPrefix(strings.TrimSpace(f.Unit), "K-"), Customer: strings.TrimSpace(f.Customer)}
	protected := false
	if p := strings.TrimSpace(f.Personnummer); p != "" {
		pn, err := domain.ParsePersonnummer(p)
		if err != nil {
			return nil, err
		}
		sf.Personnummer = string(pn)
		if person, err := s.db.Read().FindServicePerson(ctx, sf.Personnummer); err == nil {
			protected = person.Protected
		}
	}
	if sf.Personnummer == "" && sf.Unit == "" && sf.Customer == "" {
		return nil, domain.Invalid("personnummer", "Ange patientens personnummer, ett individnummer eller ett kundnummer.")
	}
	if sf.Customer != "" {
		if err := a.MaySee(customerScope(sf.Customer)); err != nil {
			return nil, err
		}
	}
	list, err := s.db.Read().FindWorkOrders(ctx, sf)
	if err != nil {
		return nil, err
	}
	list = visible(a, list, workOrderScope)
	if sf.Personnummer != "" {
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "person", EntityID: sf.Personnummer,
			Personnummer: sf.Personnummer, Screen: "Registrerade AO", Protected: protected}); err != nil {
			return nil, err
		}
	}
	showWorkOrderPersons(ctx, list)
	return list, nil
}

// showWorkOrderPersons tells the request's PersonAccess whose work orders a
// list shows: the lists name patients without their personnummer.
func showWorkOrderPersons(ctx context.Context, list []*domain.WorkOrder) {
	access := PersonAccessFrom(ctx)
	for _, w := range list {
		access.Show(w.Personnummer)
	}
}

// TechnicianQueue lists the open work orders of the actor's service department, the
// most urgent due time first (an admin without a department sees every department's).
func (s *Service) TechnicianQueue(ctx context.Context, a *Actor) ([]*domain.WorkOrder, error) {
	if err := a.Require(domain.RoleTechnician, domain.RoleAdmin); err != nil {
		return nil, err
	}
	if a.ServiceDepartmentID == 0 && !a.Can(domain.RoleAdmin) {
		return nil, domain.Errorf(domain.EForbidden, "Du är inte kopplad till någon serviceavdelning.")
	}
	list, err := s.db.Read().FindWorkOrders(ctx, domain.WorkOrderFilter{DepartmentID: a.ServiceDepartmentID, OpenOnly: true})
	showWorkOrderPersons(ctx, list)
	return list, err
}

// MyClosedDays is how far back Mina arbetsordrar shows the work orders a technician closed.
const MyClosedDays = 30

// MyWorkOrders is Mina arbetsordrar: the work orders the actor has taken, the
// open ones first (most urgent priority, then due time), then those closed in
// the last MyClosedDays days, the latest first.
func (s *Service) MyWorkOrders(ctx context.Context, a *Actor) ([]*domain.WorkOrder, error) {
	if err := a.Require(domain.RoleTechnician, domain.RoleAdmin); err != nil {
		return nil, err
	}
	list, err := s.db.Read().FindWorkOrders(ctx, domain.WorkOrderFilter{TechnicianID: a.ID, ClosedSince: s.Now().AddDate(0, 0, -MyClosedDays)})
	if err != nil {
		return nil, err
	}
	domain.SortMyWorkOrders(list)
	showWorkOrderPersons(ctx, list)
	return list, nil
}

// withWorkOrder runs a technician's action on a locked work order in one transaction.
func (s *Service) withWorkOrder(ctx context.Context, a *Actor, number string, fn func(q repo.Queries, w *domain.WorkOrder) error) (*domain.WorkOrder, error) {
	if err := a.Require(domain.RoleTechnician, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.withOpenWorkOrder(ctx, number, fn)
}

// lockedWorkOrder locks a work order inside q's transaction and reads it as it
// is once locked.
func lockedWorkOrder(ctx context.Context, q repo.Queries, number string) (*domain.WorkOrder, error) {
	if err := q.LockWorkOrder(ctx, number); err != nil {
		return nil, err
	}
	w, err := q.FindWorkOrderByNumber(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, errNoWorkOrder
	}
	return w, err
}

// withOpenWorkOrder runs an action of the centre on a locked open work order,
// not one waiting for the prescriber's correction, in one transaction.
func (s *Service) withOpenWorkOrder(ctx context.Context, number string, fn func(q repo.Queries, w *domain.WorkOrder) error) (*domain.WorkOrder, error) {
	if !domain.ValidDocNumber(number) {
		return nil, errNoWorkOrder
	}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		w, err := lockedWorkOrder(ctx, q, number)
		if err != nil {
			return err
		}
		switch w.Status {
		case "closed":
			return domain.Errorf(domain.EConflict, "Arbetsorder %s är redan avslutad.", number)
		case "cancelled":
			return domain.Errorf(domain.EConflict, "Arbetsorder %s är makulerad.", number)
		}
		if w.AtPrescriber() {
			return domain.Errorf(domain.EConflict, "Arbetsorder %s är återsänd till förskrivaren för rättelse.", number)
		}
		return fn(q, w)
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().FindWorkOrderByNumber(ctx, number)
}

func (s *Service) takeWorkOrder(ctx context.Context, q repo.Queries, a *Actor, w *domain.WorkOrder) error {
	ok, err := q.StartWorkOrder(ctx, w.ID, a.ID, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.EConflict, "Arbetsorder %s är redan påbörjad.", w.Number)
	}
	return s.audit(ctx, q, a, Audit{Action: "workorder.take", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
		Screen: "Teknikerkö", Before: map[string]string{"status": w.Status}, After: map[string]string{"status": "started", "technician": a.Username}})
}

// TakeWorkOrder: a technician takes a registered work order (status Påbörjad).
func (s *Service) TakeWorkOrder(ctx context.Context, a *Actor, number string) (*domain.WorkOrder, error) {
	return s.withWorkOrder(ctx, a, number, func(q repo.Queries, w *domain.WorkOrder) error {
		return s.takeWorkOrder(ctx, q, a, w)
	})
}

// NoteWorkOrder adds a technician's note.
func (s *Service) NoteWorkOrder(ctx context.Context, a *Actor, number, text string) (*domain.WorkOrder, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, domain.Invalid("text", "Skriv en anteckning.")
	}
	if err := domain.CheckMaxLength("text", "Anteckning", text, 1000); err != nil {
		return nil, err
	}
	return s.withWorkOrder(ctx, a, number, func(q repo.Queries, w *domain.WorkOrder) error {
		if err := q.AddWorkOrderNote(ctx, w.ID, s.Now(), a.Username, "note", text); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "workorder.note", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
			Screen: "Arbetsorder", After: map[string]string{"note": text}})
	})
}

// ChangeWorkOrderPriority: the technician's final assessment. The due time is
// counted again from the registration with the new priority.
func (s *Service) ChangeWorkOrderPriority(ctx context.Context, a *Actor, number string, priority int, reason string) (*domain.WorkOrder, error) {
	reason = strings.TrimSpace(reason)
	fe := fieldErrors{}
	if !domain.ValidPriority(priority) {
		fe.add("priority", "Välj en aktivitetsprioritet 1–6.")
	}
	if reason == "" {
		fe.add("reason", "Ange varför prioriteten ändras.")
	}
	if err := fe.addErr(domain.CheckMaxLength("reason", "Orsak", reason, 250)); err != nil {
		return nil, err
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return s.withWorkOrder(ctx, a, number, func(q repo.Queries, w *domain.WorkOrder) error {
		if w.Priority == priority {
			return domain.Invalidf("priority", "Arbetsordern har redan prioritet %d.", priority)
		}
		due, _, _ := domain.WorkOrderDue(priority, w.RegisteredAt)
		if _, err := q.SetWorkOrderPriority(ctx, w.ID, priority, due); err != nil {
			return err
		}
		text := fmt.Sprintf("Prioritet ändrad från %d till %d: %s", w.Priority, priority, reason)
		if err := q.AddWorkOrderNote(ctx, w.ID, s.Now(), a.Username, "priority", text); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "workorder.priority", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
			Screen: "Arbetsorder", Before: map[string]int{"priority": w.Priority}, After: map[string]any{"priority": priority, "reason": reason}})
	})
}

// CloseWorkOrderInput is what the technician writes when closing.
type CloseWorkOrderInput struct {
	Action     string // åtgärd: what was done
	Minutes    *int   // time spent, optional
	Adaptation string // a special adaptation made on the unit, optional
	// InspectionResult is the result of an inspection (FU) work order on a
	// unit: domain.InspectionApproved or InspectionFailed, which blocks the unit.
	InspectionResult string
}

// CloseWorkOrder closes a work order (taking it first if nobody had), records
// maintenance and adaptations on the unit and tells the prescriber.
func (s *Service) CloseWorkOrder(ctx context.Context, a *Actor, number string, in CloseWorkOrderInput) (*domain.WorkOrder, error) {
	in.Action, in.Adaptation = strings.TrimSpace(in.Action), strings.TrimSpace(in.Adaptation)
	fe := fieldErrors{}
	if in.Action == "" {
		fe.add("action", "Beskriv vilken åtgärd som gjorts.")
	}
	if err := fe.addErr(domain.CheckMaxLength("action", "Åtgärd", in.Action, 1000)); err != nil {
		return nil, err
	}
	if err := fe.addErr(domain.CheckMaxLength("adaptation", "Specialanpassning", in.Adaptation, 250)); err != nil {
		return nil, err
	}
	if in.Minutes != nil && (*in.Minutes < 0 || *in.Minutes > 100000) {
		fe.add("minutes", "Ange tid i hela minuter (0 eller mer).")
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return s.withWorkOrder(ctx, a, number, func(q repo.Queries, w *domain.WorkOrder) error {
		if in.Adaptation != "" && w.Unit == "" {
			return domain.Invalid("adaptation", "En specialanpassning kan bara registreras på en individ.")
		}
		inspection := w.ActionTypeCode == domain.InspectionActionType && w.Unit != ""
		switch {
		case inspection && in.InspectionResult != domain.InspectionApproved && in.InspectionResult != domain.InspectionFailed:
			return domain.Invalid("inspectionResult", "Ange resultatet av besiktningen: godkänd eller underkänd.")
		case !inspection && in.InspectionResult != "":
			return domain.Invalid("inspectionResult", "Resultat anges bara för en besiktning av en individ.")
		}
		if w.Status == "registered" {
			if err := s.takeWorkOrder(ctx, q, a, w); err != nil {
				return err
			}
		}
		now, today := s.Now(), s.Today()
		ok, err := q.CloseWorkOrder(ctx, w.ID, now, in.Action, in.Minutes)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Arbetsorder %s kunde inte avslutas.", w.Number)
		}
		if w.Unit != "" {
			if w.SetsMaintenance {
				if err := q.RecordUnitMaintenance(ctx, w.Unit, today); err != nil {
					return err
				}
				if err := q.ServiceUnitEvent(ctx, w.Unit, now, "maintenance", w.ActionTypeName, w.Number, a.Username); err != nil {
					return err
				}
			}
			if inspection {
				if err := s.recordInspection(ctx, q, a, w, in.InspectionResult); err != nil {
					return err
				}
			}
			if in.Adaptation != "" {
				if err := q.RecordUnitAdaptation(ctx, w.Unit, today, in.Adaptation, a.Username); err != nil {
					return err
				}
			}
			if err := q.ServiceUnitEvent(ctx, w.Unit, now, "workorder", "Arbetsorder "+w.Number+" avslutad: "+in.Action, w.Number, a.Username); err != nil {
				return err
			}
		}
		subject := domain.Msgf("Arbetsorder %s har avslutats", w.Number)
		if name := w.PatientName(); name != "" {
			subject = domain.Msgf("Arbetsorder %s (gällande %s) har avslutats", w.Number, name)
		}
		if err := s.NotifyAbout(ctx, q, w.PrescriberID, w.Personnummer, subject, domain.Msgf("Åtgärd: %s", in.Action), "/arbetsorder/"+w.Number); err != nil {
			return err
		}
		after := map[string]any{"status": "closed", "action": in.Action}
		if in.Minutes != nil {
			after["minutes"] = *in.Minutes
		}
		if in.Adaptation != "" {
			after["adaptation"] = in.Adaptation
		}
		if w.SetsMaintenance && w.Unit != "" {
			after["lastMaintenance"] = domain.FormatDate(today)
		}
		if in.InspectionResult != "" {
			after["inspectionResult"] = in.InspectionResult
		}
		return s.audit(ctx, q, a, Audit{Action: "workorder.close", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
			Screen: "Arbetsorder", Before: map[string]string{"status": w.Status}, After: after})
	})
}

// WorkOrderPartInput is a spare part the technician used: an article number, a
// quantity and the warehouse it was taken from (empty: the customer's warehouse).
type WorkOrderPartInput struct {
	Article   string
	Quantity  int
	Warehouse string
}

// AddWorkOrderPart records a spare part used on an open work order and takes it
// from stock through the stock journal. Whether it is billed is decided by the
// action type when the month is billed (SPEC §7): chargeable ones to the unit's
// payer at the sales price on the closing date, others are on the HMC.
func (s *Service) AddWorkOrderPart(ctx context.Context, a *Actor, number string, in WorkOrderPartInput) (*domain.WorkOrder, error) {
	in.Article, in.Warehouse = strings.TrimSpace(in.Article), strings.TrimSpace(in.Warehouse)
	fe := fieldErrors{}
	if in.Article == "" {
		fe.add("article", "Ange artikelnummer.")
	}
	if in.Quantity <= 0 || in.Quantity > 1000 {
		fe.add("quantity", "Ange ett antal mellan 1 och 1000.")
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return s.withWorkOrder(ctx, a, number, func(q repo.Queries, w *domain.WorkOrder) error {
		art, err := q.FindCatalogArticle(ctx, in.Article)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalidf("article", "Artikel %s finns inte.", in.Article)
		} else if err != nil {
			return err
		}
		if art.Individual {
			return domain.Invalidf("article", "Artikel %s är individmärkt och kan inte tas som reservdel.", in.Article)
		}
		if w.Article != "" {
			// A spare part replaces a part of the unit: it must fit the unit's
			// article and size, and the part it replaces is not in its way.
			fit := newFitter(q)
			u, err := fit.unit(ctx, w.Article, nil)
			if err != nil {
				return err
			}
			if err := fit.mount(ctx, &u, "article", art.Number, 1); err != nil {
				return err
			}
		}
		if in.Warehouse == "" {
			var err error
			if in.Warehouse, err = q.CustomerWarehouse(ctx, w.Customer); err != nil {
				return err
			}
		} else {
			fe := fieldErrors{}
			if s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe); len(fe) > 0 {
				return fe.err()
			}
		}
		// The audit goes first: the stock row is the hot one, changed last.
		if err := s.audit(ctx, q, a, Audit{Action: "workorder.part", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
			Screen: "Arbetsorder", After: map[string]any{"article": art.Number, "quantity": in.Quantity, "warehouse": in.Warehouse}}); err != nil {
			return err
		}
		return q.AddWorkOrderPart(ctx, w.ID, w.Number, domain.WorkOrderPart{Article: art.Number, Warehouse: in.Warehouse,
			Quantity: in.Quantity, AddedBy: a.Username}, s.Now())
	})
}
