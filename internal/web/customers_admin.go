package web

import (
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
)

// Kunder och betalare (admin): customers, payers, routes, service departments,
// action types and pickup reasons.

func (s *Server) routesCustomersAdmin() {
	admin := domain.RoleAdmin
	s.page("GET /admin/kunder", s.customersPage, admin)
	s.page("GET /admin/kunder/ny", s.customerNewPage, admin)
	s.page("POST /admin/kunder/ny", s.customerSubmit(true), admin)
	s.page("GET /admin/kunder/{number}", s.customerEditPage, admin)
	s.page("POST /admin/kunder/{number}", s.customerSubmit(false), admin)
	s.page("GET /admin/kunder/betalare", s.registerPage("payers"), admin)
	s.page("POST /admin/kunder/betalare", s.registerSubmit("payers"), admin)
	s.page("GET /admin/kunder/turer", s.registerPage("routes"), admin)
	s.page("POST /admin/kunder/turer", s.registerSubmit("routes"), admin)
	s.page("GET /admin/kunder/serviceavdelningar", s.registerPage("departments"), admin)
	s.page("POST /admin/kunder/serviceavdelningar", s.registerSubmit("departments"), admin)
	s.page("GET /admin/kunder/atgardstyper", s.registerPage("actiontypes"), admin)
	s.page("POST /admin/kunder/atgardstyper", s.registerSubmit("actiontypes"), admin)
	s.page("GET /admin/kunder/hamtorsaker", s.registerPage("reasons"), admin)
	s.page("POST /admin/kunder/hamtorsaker", s.registerSubmit("reasons"), admin)

	s.apiRoute("GET /api/v1/customers", APIDoc{Summary: "Alla kunder (admin)", Tag: "customers", Response: map[string][]adminCustomerJSON{}}, s.apiCustomers, admin)
	s.apiRoute("POST /api/v1/customers", APIDoc{Summary: "Skapa kund (admin)", Tag: "customers", Request: adminCustomerJSON{}, Response: adminCustomerJSON{}, Status: http.StatusCreated},
		s.apiSaveCustomer(true), admin)
	s.apiRoute("PUT /api/v1/customers/{number}", APIDoc{Summary: "Ändra kund (admin)", Tag: "customers", Request: adminCustomerJSON{}, Response: adminCustomerJSON{}},
		s.apiSaveCustomer(false), admin)
	s.apiRoute("GET /api/v1/payers", APIDoc{Summary: "Alla betalare (admin)", Tag: "customers", Response: map[string][]payerJSON{}}, s.apiPayers, admin)
	s.apiRoute("POST /api/v1/payers", APIDoc{Summary: "Skapa eller ändra betalare (admin)", Tag: "customers", Request: payerJSON{}, Response: payerJSON{}, Status: http.StatusCreated},
		s.apiSavePayer, admin)
	s.apiRoute("GET /api/v1/action-types", APIDoc{Summary: "Typ av åtgärd (admin), med chargeable: reservdelarna debiteras (skada/felanvändning)", Tag: "customers",
		Response: map[string][]actionTypeJSON{}}, s.apiActionTypes, admin)
	s.apiRoute("PUT /api/v1/action-types/{code}", APIDoc{Summary: "Ändra typ av åtgärd (admin); chargeable: arbetsordrarnas reservdelar debiteras betalaren", Tag: "customers",
		Request: actionTypeJSON{}, Response: actionTypeJSON{}}, s.apiSaveActionType, admin)
}

func (s *Server) customersPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.AdminCustomers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/customers", "Kunder och betalare", cs)
}

type customerFormData struct {
	New        bool
	Number     string
	Payers     []boOption
	Warehouses []boOption
	Routes     []boOption
}

// customerForm renders the customer form with its choices (an error loading
// them is the page's: saved without them the customer would lose its payer),
// and the action's error if any.
func (s *Server) customerForm(w http.ResponseWriter, r *http.Request, title string, isNew bool, number string, actionErr error) error {
	d := customerFormData{New: isNew, Number: number, Payers: []boOption{{"", "Välj betalare"}},
		Routes: []boOption{{"", "Ingen turbil (daglig leverans)"}}}
	var err error
	if d.Warehouses, err = s.warehouseOptions(r); err != nil {
		return err
	}
	ps, err := s.svc.Payers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	for _, p := range ps {
		d.Payers = append(d.Payers, boOption{p.Number, p.Number + " " + p.Name})
	}
	rs, err := s.svc.Routes(r.Context())
	if err != nil {
		return err
	}
	for _, rt := range rs {
		d.Routes = append(d.Routes, boOption{strconv.FormatInt(rt.ID, 10), rt.Name})
	}
	if actionErr != nil {
		return s.renderForm(w, r, "backoffice/customer_form", title, d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/customer_form", &Page{Title: title, Form: r.Form, Data: d})
}

func fillCustomerForm(r *http.Request, c *domain.AdminCustomer) {
	f := r.Form
	f.Set("number", c.Number)
	f.Set("name", c.Name)
	f.Set("street", c.Street)
	f.Set("postalCode", c.PostalCode)
	f.Set("town", c.Town)
	f.Set("phone", c.Phone)
	f.Set("defaultPayer", c.DefaultPayer)
	f.Set("warehouse", c.Warehouse)
	if c.RouteID != 0 {
		f.Set("route", strconv.FormatInt(c.RouteID, 10))
	}
	f.Set("dailyDelivery", boolForm(c.DailyDelivery))
	f.Set("localStore", boolForm(c.LocalStore))
	f.Set("active", boolForm(c.Active))
}

func (s *Server) customerNewPage(w http.ResponseWriter, r *http.Request) error {
	fillCustomerForm(r, &domain.AdminCustomer{Warehouse: "2000", Active: true, DailyDelivery: true})
	return s.customerForm(w, r, "Ny kund", true, "", nil)
}

func (s *Server) customerEditPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.AdminCustomer(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	fillCustomerForm(r, c)
	return s.customerForm(w, r, "Kund "+c.Number, false, c.Number, nil)
}

func (s *Server) customerSubmit(create bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := r.PostForm
		c := domain.AdminCustomer{Number: f.Get("number"), Name: f.Get("name"), Street: strings.TrimSpace(f.Get("street")),
			PostalCode: strings.TrimSpace(f.Get("postalCode")), Town: strings.TrimSpace(f.Get("town")), Phone: strings.TrimSpace(f.Get("phone")),
			DefaultPayer: f.Get("defaultPayer"), Warehouse: f.Get("warehouse"), DailyDelivery: f.Get("dailyDelivery") != "",
			LocalStore: f.Get("localStore") != "", Active: f.Get("active") != ""}
		c.RouteID, _ = strconv.ParseInt(f.Get("route"), 10, 64)
		title := "Ny kund"
		if !create {
			c.Number = r.PathValue("number")
			r.Form.Set("number", c.Number)
			title = "Kund " + c.Number
		}
		if _, err := s.svc.SaveCustomer(r.Context(), actor(r), c, create); err != nil {
			return s.customerForm(w, r, title, create, c.Number, err)
		}
		return s.redirectWithFlash(w, r, "/admin/kunder/"+strings.TrimSpace(c.Number), "Kunden är sparad.")
	}
}

// registerData is one of the small registers, listed with an edit form per row.
type registerData struct {
	Kind     string
	Title    string
	Payers   []domain.Payer
	Routes   []domain.RouteRow
	Depts    []domain.Named
	Actions  []domain.ActionType
	Reasons  []domain.PickupReason
	PostPath string
}

var registerTitles = map[string][2]string{
	"payers":      {"Betalare", "/admin/kunder/betalare"},
	"routes":      {"Turbilar", "/admin/kunder/turer"},
	"departments": {"Serviceavdelningar", "/admin/kunder/serviceavdelningar"},
	"actiontypes": {"Typ av åtgärd", "/admin/kunder/atgardstyper"},
	"reasons":     {"Orsaker till hämtning", "/admin/kunder/hamtorsaker"},
}

func (s *Server) loadRegister(r *http.Request, kind string) (registerData, error) {
	d := registerData{Kind: kind, Title: registerTitles[kind][0], PostPath: registerTitles[kind][1]}
	var err error
	switch kind {
	case "payers":
		d.Payers, err = s.svc.Payers(r.Context(), actor(r))
	case "routes":
		d.Routes, err = s.svc.Routes(r.Context())
	case "departments":
		d.Depts, err = s.svc.ServiceDepartments(r.Context())
	case "actiontypes":
		d.Actions, err = s.svc.ActionTypes(r.Context())
	case "reasons":
		d.Reasons, err = s.svc.PickupReasons(r.Context())
	}
	return d, err
}

func (s *Server) registerPage(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.loadRegister(r, kind)
		if err != nil {
			return err
		}
		return s.renderPage(w, r, http.StatusOK, "backoffice/register", &Page{Title: d.Title, Form: r.Form, Data: d})
	}
}

func (s *Server) registerSubmit(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f := r.PostForm
		a := actor(r)
		id, _ := strconv.ParseInt(f.Get("id"), 10, 64)
		var err error
		switch kind {
		case "payers":
			err = s.svc.SavePayer(r.Context(), a, domain.Payer{Number: f.Get("number"), Name: f.Get("name"), Active: f.Get("active") != ""})
		case "routes":
			err = s.svc.SaveRoute(r.Context(), a, domain.RouteRow{ID: id, Name: f.Get("name"), Weekdays: f.Get("weekdays")})
		case "departments":
			err = s.svc.SaveServiceDepartment(r.Context(), a, domain.Named{ID: id, Name: f.Get("name")})
		case "actiontypes":
			err = s.svc.SaveActionType(r.Context(), a, domain.ActionType{ID: id, Code: strings.TrimSpace(f.Get("code")), Name: f.Get("name"),
				SetsMaintenance: f.Get("setsMaintenance") != "", Active: f.Get("active") != "", Chargeable: f.Get("chargeable") != ""})
		case "reasons":
			pos, _ := strconv.Atoi(f.Get("position"))
			err = s.svc.SavePickupReason(r.Context(), a, domain.PickupReason{Code: strings.TrimSpace(f.Get("code")), Name: f.Get("name"), Position: pos})
		}
		if err != nil {
			d, lerr := s.loadRegister(r, kind)
			if lerr != nil {
				return lerr
			}
			return s.renderForm(w, r, "backoffice/register", d.Title, d, err)
		}
		return s.redirectWithFlash(w, r, registerTitles[kind][1], "Ändringen är sparad.")
	}
}

// API

type adminCustomerJSON struct {
	Number        string `json:"number"`
	Name          string `json:"name"`
	Street        string `json:"street"`
	PostalCode    string `json:"postalCode"`
	Town          string `json:"town"`
	Phone         string `json:"phone"`
	DefaultPayer  string `json:"defaultPayer"`
	Warehouse     string `json:"warehouse"`
	Route         string `json:"route"`
	RouteName     string `json:"routeName,omitempty"`
	DailyDelivery bool   `json:"dailyDelivery"`
	LocalStore    bool   `json:"localStore"`
	Active        *bool  `json:"active,omitempty"`
}

func adminCustomerOf(c *domain.AdminCustomer) adminCustomerJSON {
	active := c.Active
	j := adminCustomerJSON{Number: c.Number, Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, Town: c.Town, Phone: c.Phone,
		DefaultPayer: c.DefaultPayer, Warehouse: c.Warehouse, RouteName: c.RouteName, DailyDelivery: c.DailyDelivery,
		LocalStore: c.LocalStore, Active: &active}
	if c.RouteID != 0 {
		j.Route = strconv.FormatInt(c.RouteID, 10)
	}
	return j
}

func (s *Server) apiCustomers(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.AdminCustomers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := []adminCustomerJSON{}
	for i := range cs {
		out = append(out, adminCustomerOf(&cs[i]))
	}
	return writeJSON(w, http.StatusOK, map[string][]adminCustomerJSON{"customers": out})
}

func (s *Server) apiSaveCustomer(create bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var j adminCustomerJSON
		if err := readJSON(r, &j); err != nil {
			return err
		}
		if !create {
			j.Number = r.PathValue("number")
		}
		c := domain.AdminCustomer{Number: j.Number, Name: j.Name, Street: j.Street, PostalCode: j.PostalCode, Town: j.Town, Phone: j.Phone,
			DefaultPayer: j.DefaultPayer, Warehouse: j.Warehouse, DailyDelivery: j.DailyDelivery, LocalStore: j.LocalStore, Active: true}
		if j.Active != nil {
			c.Active = *j.Active
		}
		if j.Route != "" {
			id, err := strconv.ParseInt(j.Route, 10, 64)
			if err != nil {
				rs, err := s.svc.Routes(r.Context())
				if err != nil {
					return err
				}
				for _, rt := range rs {
					if strings.EqualFold(rt.Name, j.Route) {
						id = rt.ID
					}
				}
				if id == 0 {
					return domain.Invalid("route", "Turbilen finns inte.")
				}
			}
			c.RouteID = id
		}
		if c.Warehouse == "" {
			c.Warehouse = "2000"
		}
		out, err := s.svc.SaveCustomer(r.Context(), actor(r), c, create)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if create {
			status = http.StatusCreated
		}
		return writeJSON(w, status, adminCustomerOf(out))
	}
}

type payerJSON struct {
	Number string `json:"number"`
	Name   string `json:"name"`
	Active *bool  `json:"active,omitempty"`
}

func (s *Server) apiPayers(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.svc.Payers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := []payerJSON{}
	for _, p := range ps {
		active := p.Active
		out = append(out, payerJSON{Number: p.Number, Name: p.Name, Active: &active})
	}
	return writeJSON(w, http.StatusOK, map[string][]payerJSON{"payers": out})
}

func (s *Server) apiSavePayer(w http.ResponseWriter, r *http.Request) error {
	var j payerJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	p := domain.Payer{Number: j.Number, Name: j.Name, Active: true}
	if j.Active != nil {
		p.Active = *j.Active
	}
	if err := s.svc.SavePayer(r.Context(), actor(r), p); err != nil {
		return err
	}
	active := p.Active
	return writeJSON(w, http.StatusCreated, payerJSON{Number: strings.TrimSpace(p.Number), Name: strings.TrimSpace(p.Name), Active: &active})
}

type actionTypeJSON struct {
	Code            string `json:"code"`
	Name            string `json:"name"`
	SetsMaintenance bool   `json:"setsMaintenance"`
	Active          bool   `json:"active"`
	Chargeable      bool   `json:"chargeable"`
}

func actionTypeOf(a domain.ActionType) actionTypeJSON {
	return actionTypeJSON{Code: a.Code, Name: a.Name, SetsMaintenance: a.SetsMaintenance, Active: a.Active, Chargeable: a.Chargeable}
}

func (s *Server) apiActionTypes(w http.ResponseWriter, r *http.Request) error {
	ts, err := s.svc.ActionTypes(r.Context())
	if err != nil {
		return err
	}
	out := []actionTypeJSON{}
	for _, a := range ts {
		out = append(out, actionTypeOf(a))
	}
	return writeJSON(w, http.StatusOK, map[string][]actionTypeJSON{"actionTypes": out})
}

func (s *Server) apiSaveActionType(w http.ResponseWriter, r *http.Request) error {
	var j actionTypeJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	ts, err := s.svc.ActionTypes(r.Context())
	if err != nil {
		return err
	}
	for _, a := range ts {
		if a.Code == r.PathValue("code") {
			t := domain.ActionType{ID: a.ID, Code: a.Code, Name: j.Name, SetsMaintenance: j.SetsMaintenance, Active: j.Active, Chargeable: j.Chargeable}
			if err := s.svc.SaveActionType(r.Context(), actor(r), t); err != nil {
				return err
			}
			t.Name = strings.TrimSpace(t.Name)
			return writeJSON(w, http.StatusOK, actionTypeOf(t))
		}
	}
	return domain.Errorf(domain.ENotFound, "Typen av åtgärd finns inte.")
}
