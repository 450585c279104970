package web

import (
	"net/http"
	"net/url"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Manual "Hämtorder"; receiving returns and reconditioning (SPEC §4 Returns).
func (s *Server) routesPickups() {
	pres := []domain.Role{domain.RolePrescriber}
	wh := []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}
	s.page("GET /hamtorder", s.pickupForm, pres...)
	s.page("POST /hamtorder", s.pickupSubmit, pres...)
	s.page("GET /hamtorder/{number}", s.pickupPage, append([]domain.Role{domain.RoleWarehouse}, domain.StaffReaders...)...)
	s.page("POST /hamtorder/{number}/mottag", s.pickupReceive, wh...)
	s.page("POST /hamtorder/{number}/makulera", s.pickupCancel, domain.RoleCustomerService, domain.RoleAdmin, domain.RolePrescriber)
	s.page("GET /lager/returer", s.returnsPage, wh...)
	s.page("POST /lager/rekonditionering/{unit}/godkann", s.reconditionApprove, wh...)
	s.page("POST /lager/rekonditionering/{unit}/skrota", s.reconditionScrap, wh...)
	s.routesPickupsAPI()
}

type pickupFormData struct {
	Personnummer string
	Form         *service.PickupForm
	Ticked       map[string]bool
	Notice       string
	OwnerText    map[string]string
	DebitText    map[string]string
}

var debitFormText = map[string]string{"buyback": "Återköp", "sale": "Försäljning"}
var ownerText = map[string]string{"region": "Regionen", "other": "Andra ägare"}

func (s *Server) pickupForm(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	pnr := strings.TrimSpace(r.URL.Query().Get("personnummer"))
	kund := strings.TrimSpace(r.URL.Query().Get("kund"))
	d := pickupFormData{Personnummer: pnr, Ticked: map[string]bool{}, OwnerText: ownerText, DebitText: debitFormText}
	if pnr == "" && kund == "" {
		return s.render(w, r, "pickups/form", "Hämtorder", d)
	}
	f, err := s.svc.PickupForm(r.Context(), a, pnr, kund)
	if err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			r.Form = url.Values{"personnummer": {pnr}}
			return s.renderForm(w, r, "pickups/form", "Hämtorder", d, err)
		}
		return err
	}
	d.Form = f
	form := url.Values{"reason": {"need_ended"}, "addressSource": {"customer"}, "addressSourceShown": {"customer"}}
	if f.Person != nil {
		d.Personnummer = f.Person.Personnummer
		form.Set("personnummer", f.Person.Personnummer)
	}
	if f.Customer != nil {
		form.Set("customer", f.Customer.Number)
		ad := f.Customer.Address
		form.Set("addressName", ad.Name)
		form.Set("addressStreet", ad.Street)
		form.Set("addressPostalCode", ad.PostalCode)
		form.Set("addressTown", ad.Town)
		form.Set("addressPhone", ad.Phone)
	}
	return s.renderPage(w, r, http.StatusOK, "pickups/form", &Page{Title: "Hämtorder", Form: form, Data: d})
}

func pickupInputOf(r *http.Request) service.PickupInput {
	f := r.PostForm
	addr := service.AddressInput{Source: f.Get("addressSource"), Name: f.Get("addressName"), CO: f.Get("addressCo"),
		Street: f.Get("addressStreet"), PostalCode: f.Get("addressPostalCode"), Town: f.Get("addressTown"), Phone: f.Get("addressPhone"),
		Mobile: f.Get("addressMobile"), DoorCode: f.Get("addressDoorCode"), Instructions: f.Get("addressInstructions")}
	if shown := f.Get("addressSourceShown"); shown != "" && shown != addr.Source {
		addr.Name, addr.CO, addr.Street, addr.PostalCode, addr.Town, addr.Phone = "", "", "", "", "", ""
	}
	return service.PickupInput{Personnummer: f.Get("personnummer"), Customer: f.Get("customer"), Reason: f.Get("reason"),
		Information: f.Get("information"), Holdings: f["holding"], Address: addr}
}

func (s *Server) pickupSubmit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	pnr := r.PostForm.Get("personnummer")
	kund := ""
	if pnr == "" {
		kund = r.PostForm.Get("customer")
	}
	f, err := s.svc.PickupForm(r.Context(), a, pnr, kund)
	if err != nil {
		return err
	}
	d := pickupFormData{Personnummer: pnr, Form: f, Ticked: map[string]bool{}, OwnerText: ownerText, DebitText: debitFormText}
	for _, h := range r.PostForm["holding"] {
		d.Ticked[h] = true
	}
	in := pickupInputOf(r)
	if r.PostForm.Get("action") == "adress" {
		// Hämta adress från: fill the address block from the chosen source.
		addr, notice, err := s.svc.PickupAddressFor(r.Context(), a, pnr, in.Customer, in.Address.Source)
		if err != nil {
			return s.renderForm(w, r, "pickups/form", "Hämtorder", d, err)
		}
		form := r.PostForm
		for k, v := range map[string]string{"addressSource": addr.Source, "addressSourceShown": addr.Source, "addressName": addr.Name,
			"addressCo": "", "addressStreet": addr.Street, "addressPostalCode": addr.PostalCode, "addressTown": addr.Town, "addressPhone": addr.Phone} {
			form.Set(k, v)
		}
		d.Notice = notice
		return s.renderPage(w, r, http.StatusOK, "pickups/form", &Page{Title: "Hämtorder", Form: form, Data: d})
	}
	p, _, err := s.svc.RegisterPickup(r.Context(), a, in)
	if err != nil {
		return s.renderForm(w, r, "pickups/form", "Hämtorder", d, err)
	}
	http.Redirect(w, r, "/hamtorder/"+p.Number+"?registrerad=1", http.StatusSeeOther)
	return nil
}

type pickupView struct {
	*domain.PickupOrder
	Registered    bool
	StatusText    string
	ItemStatus    map[string]string
	Owner, Debit  map[string]string
	CanReceive    bool
	CanCancel     bool
	ShowAdvice    bool
	OpenItemCount int
}

var pickupStatusText = map[string]string{"registered": "Registrerad", "closed": "Stängd", "cancelled": "Makulerad"}
var pickupItemStatusText = map[string]string{"registered": "Registrerad", "received": "Mottagen", "cancelled": "Makulerad"}

func (s *Server) pickupViewOf(a *service.Actor, p *domain.PickupOrder) pickupView {
	v := pickupView{PickupOrder: p, StatusText: pickupStatusText[p.Status], ItemStatus: pickupItemStatusText, Owner: ownerText, Debit: debitFormText}
	for _, it := range p.Items {
		if it.Status == "registered" {
			v.OpenItemCount++
		}
	}
	open := p.Status == "registered"
	v.CanReceive = open && a.Can(domain.RoleWarehouse, domain.RoleAdmin)
	v.CanCancel = open && v.OpenItemCount == len(p.Items) && a.Can(domain.RoleCustomerService, domain.RoleAdmin)
	v.ShowAdvice = open && a.Can(domain.RolePrescriber) && !v.CanCancel
	return v
}

func (s *Server) pickupPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	p, err := s.svc.PickupOrder(r.Context(), a, r.PathValue("number"))
	if err != nil {
		return err
	}
	v := s.pickupViewOf(a, p)
	if r.URL.Query().Get("format") == "pdf" {
		return writePDF(w, r, "hamtorder-"+p.Number+".pdf", pickupNotePDF(v, s.svc.Today()))
	}
	v.Registered = r.URL.Query().Get("registrerad") == "1"
	return s.render(w, r, "pickups/show", "Hämtorder "+p.Number, v)
}

func (s *Server) pickupReceive(w http.ResponseWriter, r *http.Request) error {
	a, number := actor(r), r.PathValue("number")
	in := service.ReceiveInput{}
	if r.PostForm.Get("action") != "alla" {
		in.Items = r.PostForm["item"]
		if len(in.Items) == 0 {
			in.Items = []string{}
			err := domain.Invalid("items", "Markera de hjälpmedel som har kommit in.")
			p, lerr := s.svc.PickupOrder(r.Context(), a, number)
			if lerr != nil {
				return lerr
			}
			return s.renderForm(w, r, "pickups/show", "Hämtorder "+number, s.pickupViewOf(a, p), err)
		}
	}
	p, err := s.svc.ReceivePickup(r.Context(), a, number, in)
	if err != nil {
		pp, lerr := s.svc.PickupOrder(r.Context(), a, number)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "pickups/show", "Hämtorder "+number, s.pickupViewOf(a, pp), err)
	}
	msg := "Hjälpmedlen är mottagna. Individer går till rekonditionering, regionens övriga hjälpmedel är åter i lager."
	if p.Status == "closed" {
		msg = "Hjälpmedlen är mottagna. Hämtordern är stängd. Individer går till rekonditionering, regionens övriga hjälpmedel är åter i lager."
	}
	return s.redirectWithFlash(w, r, "/hamtorder/"+number, msg)
}

func (s *Server) pickupCancel(w http.ResponseWriter, r *http.Request) error {
	a, number := actor(r), r.PathValue("number")
	if _, err := s.svc.CancelPickup(r.Context(), a, number); err != nil {
		if domain.ErrorCode(err) != domain.EConflict {
			return err
		}
		p, lerr := s.svc.PickupOrder(r.Context(), a, number)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "pickups/show", "Hämtorder "+number, s.pickupViewOf(a, p), err)
	}
	return s.redirectWithFlash(w, r, backTo(r, "/hamtorder/"+number), "Hämtordern är makulerad. Förskrivaren har fått ett meddelande.")
}

type returnsData struct {
	Orders []*domain.PickupOrder
	Units  []domain.ReconditioningUnit
	Status map[string]string
}

func (s *Server) returnsPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	orders, err := s.svc.OpenPickupOrders(r.Context(), a)
	if err != nil {
		return err
	}
	units, err := s.svc.ReconditioningUnits(r.Context(), a)
	if err != nil {
		return err
	}
	return s.render(w, r, "pickups/returns", "Returer", returnsData{Orders: orders, Units: units, Status: pickupStatusText})
}

func (s *Server) reconditionApprove(w http.ResponseWriter, r *http.Request) error {
	unit := r.PathValue("unit")
	if err := s.svc.ApproveReconditioning(r.Context(), actor(r), unit); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/lager/returer", "Individen är godkänd och åter i lager.")
}

func (s *Server) reconditionScrap(w http.ResponseWriter, r *http.Request) error {
	detached, err := s.svc.ScrapUnit(r.Context(), actor(r), r.PathValue("unit"), r.PostForm.Get("note"))
	if err != nil {
		return err
	}
	if len(detached) > 0 {
		return s.redirectWithFlash(w, r, "/lager/returer", "Individen är skrotad. Komponenterna på den är kopplade loss och åter i lager.")
	}
	return s.redirectWithFlash(w, r, "/lager/returer", "Individen är skrotad.")
}
