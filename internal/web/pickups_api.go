package web

import (
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesPickupsAPI() {
	wh := []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}
	s.apiRoute("POST /api/v1/pickuporders", APIDoc{Summary: "Registrera hämtorder (Verkställ)", Tag: "pickuporders",
		Description: "units är individnummer, holdings innehav-id. Utan personnummer är mottagaren vårdenheten customer (t.ex. ett närförråd). Utelämnad adress hämtas från kunden; reason är som standard need_ended.",
		Request:     pickupRequest{}, Response: pickupJSON{}, Status: http.StatusCreated}, s.apiCreatePickup, domain.RolePrescriber)
	s.apiRoute("GET /api/v1/pickuporders", APIDoc{Summary: "Öppna hämtordrar efter hämtdatum och turbil (lager), eller en patients hämtordrar",
		Tag: "pickuporders", Query: []QueryParam{{"personnummer", "en patients hämtordrar, senaste först"}},
		Response: pickupListJSON{}}, s.apiOpenPickups, append([]domain.Role{domain.RoleWarehouse}, domain.StaffReaders...)...)
	s.apiRoute("GET /api/v1/pickuporders/{number}", APIDoc{Summary: "En hämtorder med status per rad", Tag: "pickuporders",
		Response: pickupJSON{}}, s.apiPickup, append([]domain.Role{domain.RoleWarehouse}, domain.StaffReaders...)...)
	s.apiRoute("POST /api/v1/pickuporders/{number}/receive", APIDoc{Summary: "Ta emot returer; tom kropp tar emot alla rader", Tag: "pickuporders",
		Description: "items är rad-id (items[].id), holdings innehav-id, units individnummer.",
		EmptyBody:   true, Request: service.ReceiveInput{}, Response: pickupJSON{}}, s.apiReceivePickup, wh...)
	s.apiRoute("POST /api/v1/pickuporders/{number}/cancel", APIDoc{Summary: "Makulera hämtorder (kundtjänst)", Tag: "pickuporders",
		EmptyBody: true, Response: pickupJSON{}}, s.apiCancelPickup, domain.RoleCustomerService, domain.RoleAdmin, domain.RolePrescriber)
	s.apiRoute("GET /api/v1/reconditioning", APIDoc{Summary: "Individer under rekonditionering", Tag: "pickuporders",
		Response: reconditioningListJSON{}}, s.apiReconditioning, wh...)
	s.apiRoute("POST /api/v1/reconditioning/{unit}/approve", APIDoc{Summary: "Godkänn rekonditionerad individ: åter i lager med nytt FIFO-datum",
		Tag: "pickuporders", EmptyBody: true, Response: reconditioningJSON{}}, s.apiApproveReconditioning, wh...)
	s.apiRoute("POST /api/v1/reconditioning/{unit}/scrap", APIDoc{Summary: "Skrota individ (Skrotad med datum)", Tag: "pickuporders",
		EmptyBody: true, Request: scrapRequest{}, Response: reconditioningJSON{}}, s.apiScrapUnit, wh...)
}

type pickupRequest struct {
	Personnummer   string                `json:"personnummer"`
	Customer       string                `json:"customer"`
	Reason         string                `json:"reason"`
	Information    string                `json:"information"`
	Units          []string              `json:"units"`
	Holdings       []string              `json:"holdings"`
	Address        *service.AddressInput `json:"address"`
	IdempotencyKey string                `json:"idempotencyKey"`
}

type pickupItemJSON struct {
	ID            string  `json:"id"`
	Holding       string  `json:"holding"`
	Article       string  `json:"article"`
	Name          string  `json:"name"`
	Unit          *string `json:"unit"`
	Quantity      int     `json:"quantity"`
	Owner         string  `json:"owner"`
	OwnerText     string  `json:"ownerText"`
	DebitForm     string  `json:"debitForm"`
	DebitFormText string  `json:"debitFormText"`
	Status        string  `json:"status"`
	StatusText    string  `json:"statusText"`
	ReceivedDate  *string `json:"receivedDate"`
}

type pickupJSON struct {
	Number        string           `json:"number"`
	Status        string           `json:"status"`
	StatusText    string           `json:"statusText"`
	Personnummer  *string          `json:"personnummer"`
	Recipient     *string          `json:"recipientCustomer"`
	RecipientName string           `json:"recipientName"`
	Customer      string           `json:"customer"`
	CustomerName  string           `json:"customerName"`
	Prescriber    string           `json:"prescriber"`
	Date          string           `json:"date"`
	PickupDate    string           `json:"pickupDate"`
	Route         string           `json:"route,omitempty"`
	Reason        string           `json:"reason"`
	ReasonText    string           `json:"reasonText"`
	Information   string           `json:"information"`
	Address       addressJSON      `json:"address"`
	ClosedDate    *string          `json:"closedDate"`
	CancelledDate *string          `json:"cancelledDate"`
	Items         []pickupItemJSON `json:"items"`
}

type pickupListJSON struct {
	PickupOrders []pickupJSON `json:"pickupOrders"`
}

func datePtr(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := domain.DateOf(t).Format(time.DateOnly)
	return &s
}

func pickupJSONOf(p *domain.PickupOrder) pickupJSON {
	out := pickupJSON{Number: p.Number, Status: p.Status, StatusText: pickupStatusText[p.Status], Personnummer: strPtr(p.Personnummer),
		Recipient: strPtr(p.RecipientCustomer), RecipientName: p.RecipientName, Customer: p.Customer, CustomerName: p.CustomerName, Prescriber: p.PrescriberUsername,
		Date: *datePtr(p.RegisteredAt), PickupDate: p.PickupDate.Format(time.DateOnly), Route: p.RouteName, Reason: p.ReasonCode,
		ReasonText: p.ReasonName, Information: p.Information,
		Address: addressJSON{Source: p.AddressSource, SourceText: map[string]string{"customer": "Kund/leveransadress", "recipient": "Patient"}[p.AddressSource],
			Name: p.Address.Name, CO: p.Address.CO, Street: p.Address.Street, PostalCode: p.Address.PostalCode, Town: p.Address.Town,
			Phone: p.Address.Phone, Mobile: p.Address.Mobile, DoorCode: p.Address.DoorCode, Instructions: p.Address.Instructions},
		ClosedDate: datePtr(p.ClosedAt), CancelledDate: datePtr(p.CancelledAt), Items: []pickupItemJSON{}}
	for _, it := range p.Items {
		out.Items = append(out.Items, pickupItemJSON{ID: strconv.FormatInt(it.ID, 10), Holding: strconv.FormatInt(it.HoldingID, 10),
			Article: it.Article, Name: it.Name, Unit: strPtr(it.Unit), Quantity: it.Quantity, Owner: it.Owner, OwnerText: ownerText[it.Owner],
			DebitForm: it.DebitForm, DebitFormText: debitFormText[it.DebitForm], Status: it.Status, StatusText: pickupItemStatusText[it.Status],
			ReceivedDate: datePtr(it.ReceivedAt)})
	}
	return out
}

func (s *Server) apiCreatePickup(w http.ResponseWriter, r *http.Request) error {
	var in pickupRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	si := service.PickupInput{Personnummer: in.Personnummer, Customer: in.Customer, Reason: in.Reason, Information: in.Information,
		Units: in.Units, Holdings: in.Holdings, IdempotencyKey: in.IdempotencyKey}
	if in.Address != nil {
		si.Address = *in.Address
	}
	p, created, err := s.svc.RegisterPickup(r.Context(), actor(r), si)
	if err != nil {
		return err
	}
	return writeCreated(w, created, pickupJSONOf(p))
}

func (s *Server) apiPickup(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.PickupOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pickupJSONOf(p))
}

func (s *Server) apiOpenPickups(w http.ResponseWriter, r *http.Request) error {
	var list []*domain.PickupOrder
	var err error
	if pnr := r.URL.Query().Get("personnummer"); pnr != "" {
		list, err = s.svc.PickupOrdersOf(r.Context(), actor(r), pnr)
	} else {
		list, err = s.svc.OpenPickupOrders(r.Context(), actor(r))
	}
	if err != nil {
		return err
	}
	out := pickupListJSON{PickupOrders: []pickupJSON{}}
	for _, p := range list {
		out.PickupOrders = append(out.PickupOrders, pickupJSONOf(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReceivePickup(w http.ResponseWriter, r *http.Request) error {
	var in service.ReceiveInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	p, err := s.svc.ReceivePickup(r.Context(), actor(r), r.PathValue("number"), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pickupJSONOf(p))
}

func (s *Server) apiCancelPickup(w http.ResponseWriter, r *http.Request) error {
	var in struct{}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	p, err := s.svc.CancelPickup(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pickupJSONOf(p))
}

type reconditioningJSON struct {
	Unit       string `json:"unit"`
	Article    string `json:"article"`
	Name       string `json:"name"`
	Warehouse  string `json:"warehouse"`
	Since      string `json:"since,omitempty"`
	Components int    `json:"components"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	// Detached lists the components a scrapping took off the unit into stock.
	Detached []unitComponentJSON `json:"detached,omitempty"`
}

type reconditioningListJSON struct {
	Units []reconditioningJSON `json:"units"`
}

func (s *Server) apiReconditioning(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.ReconditioningUnits(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := reconditioningListJSON{Units: []reconditioningJSON{}}
	for _, u := range list {
		out.Units = append(out.Units, reconditioningJSON{Unit: u.Unit, Article: u.Article, Name: u.Name, Warehouse: u.Warehouse,
			Since: u.Since.Format(time.DateOnly), Components: u.Components, Status: "reconditioning", StatusText: "Rekonditionering"})
	}
	return writeJSON(w, http.StatusOK, out)
}

type scrapRequest struct {
	Note string `json:"note"`
}

func (s *Server) apiApproveReconditioning(w http.ResponseWriter, r *http.Request) error {
	var in struct{}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	unit := r.PathValue("unit")
	if err := s.svc.ApproveReconditioning(r.Context(), actor(r), unit); err != nil {
		return err
	}
	return s.writeUnitState(w, r, unit, nil)
}

func (s *Server) apiScrapUnit(w http.ResponseWriter, r *http.Request) error {
	var in scrapRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	unit := r.PathValue("unit")
	detached, err := s.svc.ScrapUnit(r.Context(), actor(r), unit, in.Note)
	if err != nil {
		return err
	}
	return s.writeUnitState(w, r, unit, detached)
}

// writeUnitState answers with a unit's state after approval or scrapping, and the
// components a scrapping detached into stock.
func (s *Server) writeUnitState(w http.ResponseWriter, r *http.Request, unit string, detached []domain.UnitComponent) error {
	u, status, err := s.svc.ReconditioningState(r.Context(), actor(r), unit)
	if err != nil {
		return err
	}
	date := ""
	if status == "scrapped" {
		date = u.Since.Format(time.DateOnly)
	}
	text := domain.UnitStatusText(status, date)
	return writeJSON(w, http.StatusOK, reconditioningJSON{Unit: u.Unit, Article: u.Article, Name: u.Name, Warehouse: u.Warehouse,
		Status: status, StatusText: text, Detached: unitComponentsJSON(detached)})
}
