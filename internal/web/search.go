package web

import (
	"net/http"
	"net/url"
	"strconv"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Kundtjänst (SPEC §10.9): customer service's search lists of orders, pickup
// orders, work orders and transfers by patient, customer, status and date,
// each row with its action (Makulera, Lås upp) done by the document's own
// routes, which come back here.

func (s *Server) routesSearch() {
	cs := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.page("GET /kundtjanst", s.searchPage, cs...)
	params := []QueryParam{{"personnummer", "patientens personnummer"}, {"name", "patientens namn: Efternamn Förnamn, början av orden räcker"},
		{"customer", "kundnummer"}, {"status", "status; open = alla som inte är avslutade (kundorder, arbetsorder, BMB)"},
		{"from", "registrerad (BMB: skickad) från och med YYYY-MM-DD"}, {"to", "till och med YYYY-MM-DD"}}
	for _, k := range domain.SearchKinds {
		s.apiRoute("GET /api/v1/search/"+string(k), APIDoc{Summary: "Kundtjänst: sök " + k.Name() + ", senaste först (högst 100; more = fler träffar)",
			Tag: "search", Query: params, Response: searchJSON{}}, s.apiSearch(k), cs...)
	}
}

// searchRow is one document of a search list, as the page shows it and the API
// answers it.
type searchRow struct {
	Number       string              `json:"number,omitempty"` // order, pickup and work-order number
	ID           string              `json:"id,omitempty"`     // a transfer's id
	Status       string              `json:"status"`
	StatusText   string              `json:"statusText"`
	Date         string              `json:"date"` // registered (a transfer: sent)
	Recipient    orderRecipientJSON  `json:"recipient"`
	From         *orderRecipientJSON `json:"from,omitempty"` // a transfer: the holder the holdings come from
	Customer     string              `json:"customer"`
	CustomerName string              `json:"customerName"`
	Prescriber   string              `json:"prescriber"`             // who registered it (a transfer: who sent it)
	ToPrescriber string              `json:"toPrescriber,omitempty"` // a transfer's addressee
	Priority     int                 `json:"priority,omitempty"`
	PriorityText string              `json:"priorityText,omitempty"`
	Article      string              `json:"article,omitempty"`
	Unit         string              `json:"unit,omitempty"`
	Technician   string              `json:"technician,omitempty"`
	PickupDate   string              `json:"pickupDate,omitempty"`
	Reason       string              `json:"reason,omitempty"`
	ReasonText   string              `json:"reasonText,omitempty"`
	// Actions are what customer service can do with it now: cancel (an order or
	// a pickup order), unlock (a locked transfer).
	Actions []string `json:"actions"`
	Href    string   `json:"-"` // the document's page
}

// Can reports whether the row offers an action (for the page).
func (r searchRow) Can(action string) bool {
	for _, a := range r.Actions {
		if a == action {
			return true
		}
	}
	return false
}

type searchJSON struct {
	Kind      string      `json:"kind" enum:"orders,pickuporders,workorders,transfers"`
	Documents []searchRow `json:"documents"`
	More      bool        `json:"more"`
}

func recipientOf(pnr, customer, name string) orderRecipientJSON {
	return orderRecipientJSON{Personnummer: pnr, Customer: customer, Name: name}
}

// searchRows turns a search result into its rows.
func searchRows(res *service.SearchResult) []searchRow {
	rows := []searchRow{}
	k := res.Kind
	for _, o := range res.Orders {
		r := searchRow{Number: o.Number, Status: o.Status, StatusText: k.StatusText(o.Status), Date: dateString(domain.DateOf(o.RegisteredAt)),
			Recipient: recipientOf(o.RecipientPersonnummer, o.RecipientCustomer, o.RecipientName), Customer: o.CustomerNumber,
			CustomerName: o.CustomerName, Prescriber: o.PrescriberUsername, Actions: []string{}, Href: "/kundorder/order/" + o.Number}
		if o.Status == "registered" || o.Status == "partly_delivered" {
			r.Actions = append(r.Actions, "cancel")
		}
		rows = append(rows, r)
	}
	for _, p := range res.PickupOrders {
		r := searchRow{Number: p.Number, Status: p.Status, StatusText: k.StatusText(p.Status), Date: dateString(domain.DateOf(p.RegisteredAt)),
			Recipient: recipientOf(p.Personnummer, p.RecipientCustomer, p.RecipientName), Customer: p.Customer, CustomerName: p.CustomerName,
			Prescriber: p.PrescriberUsername, PickupDate: dateString(p.PickupDate), Reason: p.ReasonCode, ReasonText: p.ReasonName,
			Actions: []string{}, Href: "/hamtorder/" + p.Number}
		if p.Status == "registered" {
			r.Actions = append(r.Actions, "cancel")
		}
		rows = append(rows, r)
	}
	for _, w := range res.WorkOrders {
		rows = append(rows, searchRow{Number: w.Number, Status: w.Status, StatusText: k.StatusText(w.Status),
			Date: dateString(domain.DateOf(w.RegisteredAt)), Recipient: recipientOf(w.Personnummer, "", w.PatientName()),
			Customer: w.Customer, CustomerName: w.CustomerName, Prescriber: w.PrescriberUsername, Priority: w.Priority,
			PriorityText: domain.PriorityName(w.Priority), Article: w.Article, Unit: w.Unit, Technician: w.TechnicianUsername,
			Actions: []string{}, Href: "/arbetsorder/" + w.Number})
	}
	for _, v := range res.Transfers {
		id := strconv.FormatInt(v.ID, 10)
		from := recipientOf(v.From.Personnummer, v.From.Customer, v.From.Name)
		r := searchRow{ID: id, Status: string(v.State), StatusText: v.StatusText(), Date: v.SentDate(),
			Recipient: recipientOf(v.To.Personnummer, v.To.Customer, v.To.Name), From: &from, Prescriber: v.FromUsername,
			ToPrescriber: v.ToUsername, Actions: []string{}, Href: "/bmb/" + id}
		if len(v.Items) > 0 {
			r.Customer, r.CustomerName = v.Items[0].Customer, v.Items[0].CustomerName
		}
		if v.CanUnlock {
			r.Actions = append(r.Actions, "unlock")
		}
		rows = append(rows, r)
	}
	return rows
}

// searchInputOf reads the search's criteria from the query.
func searchInputOf(q url.Values) service.SearchInput {
	return service.SearchInput{Personnummer: q.Get("personnummer"), Name: q.Get("name"), Customer: q.Get("customer"),
		Status: q.Get("status"), From: q.Get("from"), To: q.Get("to")}
}

func (s *Server) apiSearch(kind domain.SearchKind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		res, err := s.svc.SearchDocuments(r.Context(), actor(r), kind, searchInputOf(r.URL.Query()))
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, searchJSON{Kind: string(kind), Documents: searchRows(res), More: res.More})
	}
}

// searchTab is a link to the same search in another kind of document.
type searchTab struct {
	Label, URL string
	Current    bool
}

type searchPageData struct {
	Kind     domain.SearchKind
	Tabs     []searchTab
	Statuses []boOption
	Searched bool
	Rows     []searchRow
	More     bool
	Back     string // this page, for the actions to come back to
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	kind := domain.SearchKind(q.Get("typ"))
	if kind == "" {
		kind = domain.SearchOrders
	}
	d := &searchPageData{Kind: kind, Searched: q.Has("sok"), Back: r.URL.RequestURI(),
		Statuses: []boOption{{"", "Alla"}}}
	for _, st := range kind.Statuses() {
		d.Statuses = append(d.Statuses, boOption{st, kind.StatusText(st)})
	}
	for _, k := range domain.SearchKinds {
		tq := url.Values{}
		for key, vs := range q {
			tq[key] = vs
		}
		tq.Set("typ", string(k))
		tq.Del("status") // the statuses differ between kinds
		d.Tabs = append(d.Tabs, searchTab{Label: k.Name(), URL: "/kundtjanst?" + tq.Encode(), Current: k == kind})
	}
	r.Form = q
	if d.Searched {
		res, err := s.svc.SearchDocuments(r.Context(), actor(r), kind, searchInputOf(q))
		if err != nil {
			d.Searched = false
			return s.renderForm(w, r, "search/list", "Kundtjänst", d, err)
		}
		d.Rows, d.More = searchRows(res), res.More
	}
	return s.renderPage(w, r, http.StatusOK, "search/list", &Page{Title: "Kundtjänst", Form: q, Data: d})
}
