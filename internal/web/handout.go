package web

import (
	"net/http"
	"net/url"
	"strconv"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Utlämning ur närförråd (SPEC §10.7): from a row of the care unit's
// Hjälpmedel, the prescriber hands the unit or a quantity to a patient.
func (s *Server) routesHandOut() {
	pres := []domain.Role{domain.RolePrescriber}
	s.page("GET /hjalpmedel/utlamning", s.handOutForm, pres...)
	s.page("POST /hjalpmedel/utlamning", s.handOutSubmit, pres...)
	s.apiRoute("POST /api/v1/customers/{number}/handout", APIDoc{Summary: "Lämna ut ur vårdenhetens förråd till en patient", Tag: "holdings",
		Description: "Ange unit, eller article och quantity. Vårdenhetens innehav avslutas i dag och patientens börjar i dag (hyresstart) med kunden och betalaren (som standard kundens); ingen order, inget avsändningsdatum. En spärrad individ lämnas aldrig ut.",
		Request:     handOutRequest{}, Response: handOutJSON{}, Status: http.StatusCreated}, s.apiHandOut, pres...)
}

type handOutRequest struct {
	Unit         string `json:"unit"`
	Article      string `json:"article"`
	Quantity     int    `json:"quantity"`
	Personnummer string `json:"personnummer"`
	Payer        string `json:"payer"`
}

type handOutJSON struct {
	Personnummer string   `json:"personnummer"`
	Customer     string   `json:"customer"`
	Payer        string   `json:"payer"`
	RentStart    string   `json:"rentStart"`
	Holdings     []string `json:"holdings"`
}

type handOutData struct {
	Holding *domain.TransferHolding
}

func (s *Server) handOutForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("innehav"), 10, 64)
	h, payer, err := s.svc.HandOutHolding(r.Context(), actor(r), q.Get("kund"), id)
	if err != nil {
		return err
	}
	form := url.Values{"kund": {q.Get("kund")}, "innehav": {q.Get("innehav")}, "payer": {payer}, "quantity": {"1"}}
	return s.renderPage(w, r, http.StatusOK, "lookups/handout", &Page{Title: "Lämna ut ur förrådet", Form: form, Data: handOutData{Holding: h}})
}

func (s *Server) handOutSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	id, _ := strconv.ParseInt(f.Get("innehav"), 10, 64)
	h, _, err := s.svc.HandOutHolding(r.Context(), actor(r), f.Get("kund"), id)
	if err != nil {
		return err
	}
	in := service.HandOutInput{Customer: f.Get("kund"), Personnummer: f.Get("personnummer"), Payer: f.Get("payer")}
	if h.Unit != "" {
		in.Unit = h.Unit
	} else {
		in.Article = h.Article
		in.Quantity, _ = strconv.Atoi(f.Get("quantity"))
	}
	res, err := s.svc.HandOut(r.Context(), actor(r), in)
	if err != nil {
		return s.renderForm(w, r, "lookups/handout", "Lämna ut ur förrådet", handOutData{Holding: h}, err)
	}
	return s.redirectWithFlash(w, r, "/hjalpmedel?personnummer="+res.Personnummer,
		"Hjälpmedlet är utlämnat till patienten. Hyran börjar i dag.")
}

func (s *Server) apiHandOut(w http.ResponseWriter, r *http.Request) error {
	var in handOutRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	res, err := s.svc.HandOut(r.Context(), actor(r), service.HandOutInput{Customer: r.PathValue("number"), Unit: in.Unit,
		Article: in.Article, Quantity: in.Quantity, Personnummer: in.Personnummer, Payer: in.Payer})
	if err != nil {
		return err
	}
	out := handOutJSON{Personnummer: res.Personnummer, Customer: res.Customer, Payer: res.Payer, RentStart: res.Date, Holdings: []string{}}
	for _, id := range res.Holdings {
		out.Holdings = append(out.Holdings, strconv.FormatInt(id, 10))
	}
	return writeJSON(w, http.StatusCreated, out)
}
