package web

import (
	"net/http"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesWorkOrdersAPI() {
	pres := []domain.Role{domain.RolePrescriber}
	tech := []domain.Role{domain.RoleTechnician, domain.RoleAdmin}
	s.apiRoute("POST /api/v1/workorders", APIDoc{Summary: "Registrera arbetsorder (Verkställ)", Tag: "workorders",
		Description: "Utelämnad adress hämtas från kunden, actionType är som standard Avhjälpande underhåll (corrective) och performedBy förskrivarens serviceavdelning.",
		Request:     workOrderRequest{}, Response: workOrderJSON{}, Status: http.StatusCreated}, s.apiCreateWorkOrder, pres...)
	s.apiRoute("GET /api/v1/workorders", APIDoc{Summary: "Registrerade AO för en patient, individ eller kund; queue=1 ger teknikerns kö, mine=1 Mina arbetsordrar", Tag: "workorders",
		Query: []QueryParam{{"personnummer", "patientens personnummer"}, {"unit", "individnummer"}, {"customer", "kundnummer"}, {"queue", "1: min serviceavdelnings öppna arbetsordrar, mest brådskande först"},
			{"mine", "1: Mina arbetsordrar, de jag tagit: öppna först efter prioritet (mest brådskande först) och förfallotid, sedan de avslutade de senaste 30 dagarna"}},
		Response: workOrderListJSON{}}, s.apiWorkOrders, domain.StaffReaders...)
	s.apiRoute("GET /api/v1/workorders/{number}", APIDoc{Summary: "En arbetsorder med förfallotid (due)", Tag: "workorders",
		Response: workOrderJSON{}}, s.apiWorkOrder, domain.StaffReaders...)
	s.apiRoute("POST /api/v1/workorders/{number}/take", APIDoc{Summary: "Ta arbetsordern (status started)", Tag: "workorders",
		EmptyBody: true, Response: workOrderJSON{}}, s.apiTakeWorkOrder, tech...)
	s.apiRoute("POST /api/v1/workorders/{number}/notes", APIDoc{Summary: "Anteckning på arbetsordern", Tag: "workorders",
		Request: workOrderNoteRequest{}, Response: workOrderJSON{}}, s.apiNoteWorkOrder, tech...)
	s.apiRoute("POST /api/v1/workorders/{number}/priority", APIDoc{Summary: "Ändra prioritet med orsak; förfallotiden räknas om", Tag: "workorders",
		Request: workOrderPriorityRequest{}, Response: workOrderJSON{}}, s.apiPriorityWorkOrder, tech...)
	s.apiRoute("POST /api/v1/workorders/{number}/parts", APIDoc{Summary: "Reservdel som använts på arbetsordern: tas ur lager (lagret: kundens om inget anges); debiteras bara för en åtgärdstyp som debiteras (skada/felanvändning)",
		Tag: "workorders", Request: workOrderPartRequest{}, Response: workOrderJSON{}, Status: http.StatusCreated}, s.apiWorkOrderPart, tech...)
	s.apiRoute("POST /api/v1/workorders/{number}/return", APIDoc{Summary: "Återsänd arbetsordern till förskrivaren för rättelse, med orsak (kundtjänst, tekniker)",
		Tag: "workorders", Description: "Status returned tills förskrivaren rättat den med PUT /api/v1/workorders/{number}; förskrivaren får ett meddelande. " +
			"Arbetsordern lämnar teknikerkön och är otagen; historiken (notes, kind returned) behåller orsak och vem.",
		Request: workOrderReturnRequest{}, Response: workOrderJSON{}}, s.apiReturnWorkOrder, service.ReturnRoles...)
	s.apiRoute("PUT /api/v1/workorders/{number}", APIDoc{Summary: "Rätta en återsänd arbetsorder och skicka den igen (förskrivaren): samma nummer, samma fält som när den registreras",
		Tag: "workorders", Description: "Kontrolleras som en ny arbetsorder; förfallotiden räknas från nu. Historiken (notes, kind corrected) säger vem som rättade och vilka fält som ändrades. " +
			"409 när arbetsordern inte är återsänd.",
		Request: workOrderRequest{}, Response: workOrderJSON{}}, s.apiResubmitWorkOrder, pres...)
	s.apiRoute("POST /api/v1/workorders/{number}/close", APIDoc{Summary: "Avsluta arbetsordern; en otagen arbetsorder tas i samma steg",
		Tag: "workorders", Request: workOrderCloseRequest{}, Response: workOrderJSON{}}, s.apiCloseWorkOrder, tech...)
}

type addressJSON struct {
	Mode         string `json:"mode,omitempty"`
	ModeText     string `json:"modeText,omitempty"`
	Source       string `json:"source,omitempty"`
	SourceText   string `json:"sourceText,omitempty"`
	Name         string `json:"name"`
	CO           string `json:"co"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	Town         string `json:"town"`
	Phone        string `json:"phone"`
	Mobile       string `json:"mobile,omitempty"`
	DoorCode     string `json:"doorCode"`
	Instructions string `json:"instructions"`
}

type workOrderRequest struct {
	Personnummer     string                `json:"personnummer"`
	Customer         string                `json:"customer"`
	Article          string                `json:"article"`
	Unit             string                `json:"unit"`
	Priority         int                   `json:"priority"`
	ActionType       string                `json:"actionType"`
	PerformedBy      string                `json:"performedBy"`
	FaultDescription string                `json:"faultDescription"`
	Address          *service.AddressInput `json:"address"`
	IdempotencyKey   string                `json:"idempotencyKey"`
}

type workOrderNoteJSON struct {
	At   string `json:"at"`
	User string `json:"user"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type workOrderJSON struct {
	Number           string              `json:"number"`
	Status           string              `json:"status"`
	StatusText       string              `json:"statusText"`
	Personnummer     *string             `json:"personnummer"`
	PatientName      string              `json:"patientName,omitempty"`
	Customer         string              `json:"customer"`
	CustomerName     string              `json:"customerName"`
	Article          string              `json:"article"`
	Name             string              `json:"name"`
	Unit             *string             `json:"unit"`
	Priority         int                 `json:"priority"`
	PriorityText     string              `json:"priorityText"`
	ActionType       string              `json:"actionType"`
	ActionTypeText   string              `json:"actionTypeText"`
	PerformedBy      string              `json:"performedBy"`
	FaultDescription string              `json:"faultDescription"`
	Address          addressJSON         `json:"address"`
	Prescriber       string              `json:"prescriber"`
	RegisteredAt     string              `json:"registeredAt"`
	Due              *string             `json:"due"`
	DueDate          *string             `json:"dueDate"`
	DueKind          string              `json:"dueKind,omitempty"`
	DueText          string              `json:"dueText,omitempty"`
	Overdue          bool                `json:"overdue"`
	Technician       string              `json:"technician,omitempty"`
	StartedAt        *string             `json:"startedAt"`
	ClosedAt         *string             `json:"closedAt"`
	Action           string              `json:"action,omitempty"`
	Minutes          *int64              `json:"minutes"`
	Notes            []workOrderNoteJSON `json:"notes"`
	// Returned: returned to the prescriber, waiting for the correction (status returned).
	Returned *workOrderReturnedJSON `json:"returned"`
	// Chargeable: the action type's spare parts are billed to the unit's payer.
	Chargeable bool                `json:"chargeable"`
	Parts      []workOrderPartJSON `json:"parts"`
}

// workOrderPartJSON is a spare part used on a work order.
type workOrderPartJSON struct {
	Article     string `json:"article"`
	ArticleName string `json:"articleName"`
	Quantity    int    `json:"quantity"`
	Warehouse   string `json:"warehouse"`
	AddedAt     string `json:"addedAt"`
	AddedBy     string `json:"addedBy"`
}

type workOrderPartRequest struct {
	Article   string `json:"article"`
	Quantity  int    `json:"quantity"`
	Warehouse string `json:"warehouse,omitempty"`
}

func (s *Server) apiWorkOrderPart(w http.ResponseWriter, r *http.Request) error {
	var in workOrderPartRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.AddWorkOrderPart(r.Context(), actor(r), r.PathValue("number"), service.WorkOrderPartInput(in))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, s.workOrderJSONOf(wo))
}

type workOrderListJSON struct {
	WorkOrders []workOrderJSON `json:"workOrders"`
}

var workOrderStatusText = map[string]string{"registered": "Registrerad", "started": "Påbörjad", "closed": "Avslutad", "cancelled": "Makulerad",
	"returned": "Återsänd till förskrivaren"}

// workOrderReturnedJSON is when, by whom and why a work order was returned to the prescriber.
type workOrderReturnedJSON struct {
	At     string `json:"at"`
	By     string `json:"by"`
	Reason string `json:"reason"`
}

type workOrderReturnRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) apiReturnWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderReturnRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.ReturnWorkOrder(r.Context(), actor(r), r.PathValue("number"), in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

func (s *Server) apiResubmitWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.ResubmitWorkOrder(r.Context(), actor(r), r.PathValue("number"), in.input())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

// input is the request as the service takes it; an omitted address is filled from its source.
func (in workOrderRequest) input() service.WorkOrderInput {
	si := service.WorkOrderInput{Personnummer: in.Personnummer, Customer: in.Customer, Article: in.Article, Unit: in.Unit,
		Priority: in.Priority, ActionType: in.ActionType, PerformedBy: in.PerformedBy, FaultDescription: in.FaultDescription,
		IdempotencyKey: in.IdempotencyKey}
	if in.Address != nil {
		si.Address = *in.Address
	}
	return si
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func timePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.In(domain.Stockholm).Format(time.RFC3339)
	return &s
}

func (s *Server) workOrderJSONOf(w *domain.WorkOrder) workOrderJSON {
	v := s.workOrderView(nil, w)
	out := workOrderJSON{Number: w.Number, Status: w.StatusCode(), StatusText: workOrderStatusText[w.StatusCode()],
		Personnummer: strPtr(w.Personnummer), PatientName: w.PatientName(), Customer: w.Customer, CustomerName: w.CustomerName,
		Article: w.Article, Name: w.ArticleName, Unit: strPtr(w.Unit), Priority: w.Priority, PriorityText: domain.PriorityName(w.Priority),
		ActionType: w.ActionTypeCode, ActionTypeText: w.ActionTypeName, PerformedBy: w.DepartmentName, FaultDescription: w.FaultDescription,
		Address: addressJSON{Mode: w.AddressMode, ModeText: addressModeText[w.AddressMode], Source: w.AddressSource,
			SourceText: addressSourceText[w.AddressSource], Name: w.Address.Name, CO: w.Address.CO, Street: w.Address.Street,
			PostalCode: w.Address.PostalCode, Town: w.Address.Town, Phone: w.Address.Phone, DoorCode: w.Address.DoorCode,
			Instructions: w.Address.Instructions},
		Prescriber: w.PrescriberUsername, RegisteredAt: *timePtr(w.RegisteredAt), Due: timePtr(w.DueAt), DueKind: v.DueKind,
		Overdue: v.Overdue, Technician: w.TechnicianUsername, StartedAt: timePtr(w.StartedAt), ClosedAt: timePtr(w.ClosedAt),
		Action: w.ActionText, Notes: []workOrderNoteJSON{}, Chargeable: w.Chargeable, Parts: []workOrderPartJSON{}}
	for _, p := range w.Parts {
		out.Parts = append(out.Parts, workOrderPartJSON{Article: p.Article, ArticleName: p.ArticleName, Quantity: p.Quantity,
			Warehouse: p.Warehouse, AddedAt: *timePtr(p.AddedAt), AddedBy: p.AddedBy})
	}
	if !w.DueAt.IsZero() {
		d := w.DueAt.In(domain.Stockholm).Format(time.DateOnly)
		out.DueDate = &d
		out.DueText = dueText(v.DueKind) + " " + v.Due
	}
	if w.Minutes.Valid {
		out.Minutes = &w.Minutes.Int64
	}
	if w.AtPrescriber() {
		out.Returned = &workOrderReturnedJSON{At: *timePtr(w.ReturnedAt), By: w.ReturnedBy, Reason: w.ReturnReason}
	}
	for _, n := range w.Notes {
		out.Notes = append(out.Notes, workOrderNoteJSON{At: *timePtr(n.At), User: n.Username, Kind: n.Kind, Text: n.Text})
	}
	return out
}

var addressModeText = map[string]string{"pickup": "Hämtas för åtgärd", "onsite": "Utföres på plats"}
var addressSourceText = map[string]string{"customer": "Kund/leveransadress", "recipient": "Mottagare"}

func dueText(kind string) string {
	switch kind {
	case string(domain.DueStarted):
		return "Ska vara påbörjad senast"
	case string(domain.DueDone):
		return "Ska vara åtgärdad senast"
	}
	return ""
}

func (s *Server) apiCreateWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, created, err := s.svc.RegisterWorkOrder(r.Context(), actor(r), in.input())
	if err != nil {
		return err
	}
	return writeCreated(w, created, s.workOrderJSONOf(wo))
}

func (s *Server) apiWorkOrder(w http.ResponseWriter, r *http.Request) error {
	wo, err := s.svc.WorkOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

func (s *Server) apiWorkOrders(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var list []*domain.WorkOrder
	var err error
	switch {
	case q.Get("mine") == "1" || q.Get("mine") == "true":
		list, err = s.svc.MyWorkOrders(r.Context(), actor(r))
	case q.Get("queue") == "1" || q.Get("queue") == "true":
		list, err = s.svc.TechnicianQueue(r.Context(), actor(r))
	default:
		list, err = s.svc.WorkOrders(r.Context(), actor(r), service.WorkOrderListFilter{Personnummer: q.Get("personnummer"), Unit: q.Get("unit"), Customer: q.Get("customer")})
	}
	if err != nil {
		return err
	}
	out := workOrderListJSON{WorkOrders: []workOrderJSON{}}
	for _, wo := range list {
		out.WorkOrders = append(out.WorkOrders, s.workOrderJSONOf(wo))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiTakeWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in struct{}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.TakeWorkOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

type workOrderNoteRequest struct {
	Text string `json:"text"`
}

func (s *Server) apiNoteWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderNoteRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.NoteWorkOrder(r.Context(), actor(r), r.PathValue("number"), in.Text)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

type workOrderPriorityRequest struct {
	Priority int    `json:"priority"`
	Reason   string `json:"reason"`
}

func (s *Server) apiPriorityWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderPriorityRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.ChangeWorkOrderPriority(r.Context(), actor(r), r.PathValue("number"), in.Priority, in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}

type workOrderCloseRequest struct {
	Action     string `json:"action"`
	Minutes    *int   `json:"minutes"`
	Adaptation string `json:"adaptation"`
	// InspectionResult closes an inspection (FU) of a unit: failed blocks it.
	InspectionResult string `json:"inspectionResult" enum:"approved,failed"`
}

func (s *Server) apiCloseWorkOrder(w http.ResponseWriter, r *http.Request) error {
	var in workOrderCloseRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	wo, err := s.svc.CloseWorkOrder(r.Context(), actor(r), r.PathValue("number"),
		service.CloseWorkOrderInput{Action: in.Action, Minutes: in.Minutes, Adaptation: in.Adaptation,
			InspectionResult: in.InspectionResult})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.workOrderJSONOf(wo))
}
