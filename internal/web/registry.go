package web

import (
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Population-register events (SPEC §10.8): the API the registry feed calls, and
// customer service's Att hantera, where a death's proposed pickup orders are
// confirmed or adjusted and changed delivery addresses are checked.

func (s *Server) routesRegistry() {
	cs := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.apiRoute("POST /api/v1/registry/events", APIDoc{Summary: "Händelse från folkbokföringen (avliden, ny adress, nytt namn, skyddade personuppgifter, utflyttad)", Tag: "registry",
		Description: "type: deceased, address_changed (med address), name_changed (med firstName, lastName), protected_set, protected_removed, moved_out. " +
			"Samma id igen ger 200 med det som den första gjorde och ändrar inget.",
		Request: service.RegistryEventJSON{}, Response: registryEventJSON{}, Status: http.StatusCreated}, s.apiRegistryEvent, domain.RoleAdmin)
	s.apiRoute("GET /api/v1/registry/proposals", APIDoc{Summary: "Att hantera: föreslagna hämtordrar och ordrar vars leveransadress ska kontrolleras", Tag: "registry",
		Response: registryWorkJSON{}}, s.apiRegistryWork, cs...)
	s.apiRoute("POST /api/v1/registry/proposals/{id}/confirm", APIDoc{Summary: "Bekräfta en föreslagen hämtorder (Verkställ): den blir en hämtorder", Tag: "registry",
		Description: "Utan holdings hämtas allt i förslaget som patienten fortfarande har; pickupDate är som standard det föreslagna; addressSource recipient (standard) eller customer.",
		EmptyBody:   true, Request: service.ProposalInput{}, Response: pickupJSON{}, Status: http.StatusCreated}, s.apiConfirmProposal, cs...)
	s.apiRoute("POST /api/v1/registry/proposals/{id}/dismiss", APIDoc{Summary: "Avvisa en föreslagen hämtorder", Tag: "registry",
		EmptyBody: true, Response: registryWorkJSON{}}, s.apiDismissProposal, cs...)
	s.page("GET /kundtjanst/att-hantera", s.registryWorkPage, cs...)
	s.page("POST /kundtjanst/att-hantera/forslag/{id}", s.proposalSubmit, cs...)
	s.page("POST /kundtjanst/att-hantera/order/{number}", s.addressFlagSubmit, cs...)
}

type registryEventJSON struct {
	ID           string                  `json:"id"`
	Type         string                  `json:"type"`
	TypeText     string                  `json:"typeText"`
	Personnummer string                  `json:"personnummer"`
	Date         string                  `json:"date"`
	ReceivedAt   string                  `json:"receivedAt"`
	Outcome      service.RegistryOutcome `json:"outcome"`
}

func (s *Server) apiRegistryEvent(w http.ResponseWriter, r *http.Request) error {
	var in service.RegistryEventJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	res, created, err := s.svc.ApplyRegistryEvent(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	e := res.Event
	return writeCreated(w, created, registryEventJSON{ID: e.ID, Type: e.Type, TypeText: domain.RegistryEventText(e.Type),
		Personnummer: e.Personnummer, Date: e.Date.Format(time.DateOnly), ReceivedAt: e.ReceivedAt.UTC().Format(time.RFC3339),
		Outcome: res.Outcome})
}

type proposalItemJSON struct {
	Holding  string  `json:"holding"`
	Article  string  `json:"article"`
	Name     string  `json:"name"`
	Unit     *string `json:"unit"`
	Quantity int     `json:"quantity"`
	Held     bool    `json:"held"` // still held by the person and on no pickup order
}

type proposalJSON struct {
	ID                string             `json:"id"`
	Event             string             `json:"event"`
	EventType         string             `json:"eventType"`
	EventTypeText     string             `json:"eventTypeText"`
	EventDate         string             `json:"eventDate"`
	Personnummer      string             `json:"personnummer"`
	Name              string             `json:"name"`
	Customer          string             `json:"customer"`
	CustomerName      string             `json:"customerName"`
	Reason            string             `json:"reason"`
	Information       string             `json:"information"`
	PickupDate        string             `json:"pickupDate"`
	RentStopsAtPickup bool               `json:"rentStopsAtPickup"`
	Items             []proposalItemJSON `json:"items"`
}

type flaggedOrderJSON struct {
	Order           string       `json:"order"`
	Personnummer    string       `json:"personnummer"`
	Name            string       `json:"name"`
	Customer        string       `json:"customer"`
	ChangedOn       string       `json:"changedOn"`
	DeliveryAddress addressJSON  `json:"deliveryAddress"`
	RegistryAddress *addressJSON `json:"registryAddress"` // null for a protected identity
}

type registryWorkJSON struct {
	Proposals []proposalJSON     `json:"proposals"`
	Orders    []flaggedOrderJSON `json:"orders"`
}

func registryWorkOf(w *service.RegistryWork) registryWorkJSON {
	out := registryWorkJSON{Proposals: []proposalJSON{}, Orders: []flaggedOrderJSON{}}
	for _, p := range w.Proposals {
		j := proposalJSON{ID: strconv.FormatInt(p.ID, 10), Event: p.EventID, EventType: p.EventType, EventTypeText: domain.RegistryEventText(p.EventType),
			EventDate: p.EventDate.Format(time.DateOnly), Personnummer: p.Personnummer, Name: p.PersonName, Customer: p.Customer,
			CustomerName: p.CustomerName, Reason: p.ReasonCode, Information: p.Information, PickupDate: p.PickupDate.Format(time.DateOnly),
			RentStopsAtPickup: p.RentStopsAtPickup, Items: []proposalItemJSON{}}
		for _, it := range p.Items {
			j.Items = append(j.Items, proposalItemJSON{Holding: strconv.FormatInt(it.HoldingID, 10), Article: it.Article, Name: it.Name,
				Unit: optString(it.Unit), Quantity: it.Quantity, Held: it.Held()})
		}
		out.Proposals = append(out.Proposals, j)
	}
	for _, f := range w.Flagged {
		j := flaggedOrderJSON{Order: f.Number, Personnummer: f.Personnummer, Name: f.PersonName, Customer: f.Customer,
			ChangedOn:       f.ChangedOn.Format(time.DateOnly),
			DeliveryAddress: addressJSON{Street: f.DeliveryStreet, PostalCode: f.DeliveryPostal, Town: f.DeliveryTown}}
		if !f.PersonProtected {
			j.RegistryAddress = &addressJSON{Street: f.RegistryStreet, PostalCode: f.RegistryPostal, Town: f.RegistryTown}
		}
		out.Orders = append(out.Orders, j)
	}
	return out
}

func (s *Server) apiRegistryWork(w http.ResponseWriter, r *http.Request) error {
	work, err := s.svc.RegistryWork(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, registryWorkOf(work))
}

// proposalID reads the {id} of a proposal's path; a malformed id is not found.
func proposalID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, domain.Errorf(domain.ENotFound, "Förslaget finns inte.")
	}
	return id, nil
}

func (s *Server) apiConfirmProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	var in service.ProposalInput
	if err := readJSON(r, &in); err != nil {
		return err
	}
	p, err := s.svc.ConfirmPickupProposal(r.Context(), actor(r), id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, pickupJSONOf(p))
}

func (s *Server) apiDismissProposal(w http.ResponseWriter, r *http.Request) error {
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	if err := s.svc.DismissPickupProposal(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.apiRegistryWork(w, r)
}

type registryWorkPage struct {
	Work *service.RegistryWork
	// Failed is the proposal whose form failed: its form shows the user's
	// choices (Ticked holdings, PickupDate, AddressSource).
	Failed        int64
	Ticked        map[string]bool
	PickupDate    string
	AddressSource string
}

// EventText is the Swedish name of an event type (for the template).
func (registryWorkPage) EventText(t string) string { return domain.RegistryEventText(t) }

func (s *Server) registryWorkPage(w http.ResponseWriter, r *http.Request) error {
	work, err := s.svc.RegistryWork(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "registry/work", "Att hantera", registryWorkPage{Work: work})
}

func (s *Server) proposalSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := proposalID(r)
	if err != nil {
		return err
	}
	a := actor(r)
	if r.PostForm.Get("action") == "dismiss" {
		if err := s.svc.DismissPickupProposal(r.Context(), a, id); err != nil {
			return err
		}
		return s.redirectWithFlash(w, r, "/kundtjanst/att-hantera", "Förslaget är avvisat. Hjälpmedlen finns kvar hos patienten.")
	}
	in := service.ProposalInput{Holdings: r.PostForm["holdings"], PickupDate: r.PostForm.Get("pickupDate"),
		AddressSource: r.PostForm.Get("addressSource"), Ticked: true}
	p, err := s.svc.ConfirmPickupProposal(r.Context(), a, id, in)
	if err != nil {
		work, werr := s.svc.RegistryWork(r.Context(), a)
		if werr != nil {
			return werr
		}
		page := registryWorkPage{Work: work, Failed: id, Ticked: map[string]bool{}, PickupDate: in.PickupDate, AddressSource: in.AddressSource}
		for _, h := range in.Holdings {
			page.Ticked[h] = true
		}
		return s.renderForm(w, r, "registry/work", "Att hantera", page, err)
	}
	return s.redirectWithFlash(w, r, "/hamtorder/"+p.Number+"?registrerad=1", "Hämtordern är registrerad.")
}

func (s *Server) addressFlagSubmit(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	useRegistry := r.PostForm.Get("action") == "use"
	if err := s.svc.ResolveAddressFlag(r.Context(), actor(r), number, useRegistry); err != nil {
		return err
	}
	msg := "Leveransadressen på ordern är oförändrad."
	if useRegistry {
		msg = "Ordern levereras till den nya adressen."
	}
	return s.redirectWithFlash(w, r, "/kundtjanst/att-hantera", msg)
}
