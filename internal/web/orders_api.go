package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesOrdersAPI() {
	s.apiRoute("POST /api/v1/orders", APIDoc{Summary: "Lägg en komplett kundorder (verkställs direkt)", Tag: "orders",
		Description: "Recipient is a patient {personnummer} or a care unit {customer}. An omitted payer is the customer's; an omitted delivery address is the customer's. components.remove removes one occurrence per entry. A repeated idempotencyKey from the same user returns 200 with the order first created.",
		Request:     orderRequestJSON{}, Response: orderJSON{}, Status: http.StatusCreated}, s.apiCreateOrder, domain.RolePrescriber)
	s.apiRoute("GET /api/v1/orders/{number}", APIDoc{Summary: "Kundorder med orderrader och datum", Tag: "orders", Response: orderJSON{}}, s.apiGetOrder)
	s.apiRoute("POST /api/v1/orders/{number}/cancel", APIDoc{Summary: "Makulera kundorder eller orderrader (kundtjänst)", Tag: "orders",
		Description: "Empty body cancels every open line; {\"lines\": [lineId, …]} cancels those main lines with their components.",
		Request:     cancelRequestJSON{}, Response: orderJSON{}, EmptyBody: true}, s.apiCancelOrder, domain.RoleCustomerService, domain.RoleAdmin, domain.RolePrescriber) // prescribers get the manual's advice
	s.apiRoute("GET /api/v1/picklists", APIDoc{Summary: "Plocklista per lager och leveransdatum", Tag: "orders",
		Description: "routes: raderna att plocka per turbil (kundens), i lagerplatsernas ordning; orders: ordrarna tur för tur.",
		Query:       []QueryParam{{"warehouse", "lager (standard: användarens)"}, {"date", "leveransdatum t.o.m. YYYY-MM-DD (standard: nästa arbetsdag)"}},
		Response:    pickListJSON{}}, s.apiPickList, domain.RoleWarehouse, domain.RoleAdmin)
	s.apiRoute("POST /api/v1/orders/{number}/deliver", APIDoc{Summary: "Plocka och leverera", Tag: "orders",
		Description: "An empty body picks and delivers every open line whose stock is available now, whatever its dispatch date; {\"lines\": [...]} only those.",
		Request:     cancelRequestJSON{}, Response: deliverJSON{}, EmptyBody: true}, s.apiDeliverOrder, domain.RoleWarehouse, domain.RoleAdmin)
	s.apiRoute("GET /api/v1/articles/{number}/dispatch", APIDoc{Summary: "Varför detta datum: leveransdatum och beräknad ankomst med skälen och snabbare alternativ", Tag: "orders",
		Description: "Plans a line of the article for the customer as an order would now (replacement chain, stock, purchase orders, lead time, holidays, route) without reserving anything. A prescriber asks for a customer of their own.",
		Query:       []QueryParam{{"customer", "kund/leveransadress"}, {"quantity", "antal (standard 1)"}},
		Response:    dispatchJSON{}}, s.apiDispatch, domain.RolePrescriber, domain.RoleCustomerService, domain.RoleAdmin)
	s.apiRoute("POST /api/v1/orders/{number}/pick", APIDoc{Summary: "Plocka (utan att leverera)", Tag: "orders",
		Description: "Reserves stock and takes units (first in, first out) for every open line whose stock is available now; waitingLines are those that wait for stock.",
		Response:    deliverJSON{}, EmptyBody: true}, s.apiPickOrder, domain.RoleWarehouse, domain.RoleAdmin)
}

type orderRecipientJSON struct {
	Personnummer string `json:"personnummer,omitempty"`
	Customer     string `json:"customer,omitempty"`
	Name         string `json:"name,omitempty"`
}

type componentsJSON struct {
	Add    []string `json:"add,omitempty"`
	Remove []string `json:"remove,omitempty"`
}

type orderLineRequestJSON struct {
	Article    string          `json:"article"`
	Quantity   int             `json:"quantity,omitempty"`
	Payer      string          `json:"payer,omitempty"`
	Unit       string          `json:"unit,omitempty"`
	Components *componentsJSON `json:"components,omitempty"`
}

type deliveryJSON struct {
	AddressFrom      string `json:"addressFrom,omitempty"` // customer (default) or recipient
	Name             string `json:"name,omitempty"`
	Street           string `json:"street,omitempty"`
	PostalCode       string `json:"postalCode,omitempty"`
	Town             string `json:"town,omitempty"`
	Phone            string `json:"phone,omitempty"`
	Mobile           string `json:"mobile,omitempty"`
	DoorCode         string `json:"doorCode,omitempty"`
	Instructions     string `json:"instructions,omitempty"`
	OtherInformation string `json:"otherInformation,omitempty"`
	DeliverTogether  bool   `json:"deliverTogether,omitempty"`
}

type orderRequestJSON struct {
	Recipient      orderRecipientJSON     `json:"recipient"`
	Customer       string                 `json:"customer"`
	Lines          []orderLineRequestJSON `json:"lines"`
	Delivery       *deliveryJSON          `json:"delivery,omitempty"`
	Urgent         bool                   `json:"urgent,omitempty"`
	IdempotencyKey string                 `json:"idempotencyKey,omitempty"`
}

type orderLineJSON struct {
	Line             string          `json:"line"`
	Position         int             `json:"position"`
	Article          string          `json:"article"`
	Name             string          `json:"name"`
	DeliveredArticle string          `json:"deliveredArticle"`
	DeliveredName    string          `json:"deliveredName"`
	ChainNote        string          `json:"chainNote,omitempty"`
	Payer            string          `json:"payer"`
	Warehouse        string          `json:"warehouse"`
	Quantity         int             `json:"quantity"`
	Purpose          string          `json:"purpose" enum:"rent,buy"`
	PurposeText      string          `json:"purposeText"`
	UnitPrice        string          `json:"unitPrice"`
	Total            string          `json:"total"`
	Reserved         int             `json:"reserved"`
	Delivered        int             `json:"delivered"`
	DispatchDate     string          `json:"dispatchDate"`
	ArrivalDate      string          `json:"arrivalDate"`
	Unit             *string         `json:"unit"` // Kompl. individ
	Units            []string        `json:"units"`
	Status           string          `json:"status"`
	StatusText       string          `json:"statusText"`
	FromBase         bool            `json:"fromBaseConfiguration,omitempty"`
	ComponentCount   int             `json:"componentCount"`
	Components       []orderLineJSON `json:"components,omitempty"`
	// Why this date (SPEC §10.11): the reasons for dispatchDate, then for
	// arrivalDate, and what would be faster when the line waits.
	Because      []string          `json:"because"`
	Alternatives []alternativeJSON `json:"alternatives"`
}

// alternativeJSON is a faster alternative of a waiting line.
type alternativeJSON struct {
	Kind         string `json:"kind" enum:"local_store,iso_class,warehouse"`
	Article      string `json:"article"`
	Name         string `json:"name"`
	Where        string `json:"where"`
	DispatchDate string `json:"dispatchDate"`
	Why          string `json:"why"`
	Customer     string `json:"customer,omitempty"` // local_store: the care unit to hand out from
	Holding      string `json:"holding,omitempty"`  // local_store: its holding
}

// becauseOf is reasons in lang.
func becauseOf(lang string, fs []domain.Formatted) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, messageText(lang, f, f.String()))
	}
	return out
}

func alternativesOf(lang string, as []domain.Alternative) []alternativeJSON {
	out := make([]alternativeJSON, 0, len(as))
	for _, a := range as {
		j := alternativeJSON{Kind: string(a.Kind), Article: a.Article, Name: a.Name, Where: a.Where,
			DispatchDate: dateString(a.Dispatch), Why: messageText(lang, a.Why, a.Why.String()), Customer: a.Customer}
		if a.Holding != 0 {
			j.Holding = strconv.FormatInt(a.Holding, 10)
		}
		out = append(out, j)
	}
	return out
}

type orderJSON struct {
	Number       string             `json:"number"`
	Status       string             `json:"status"`
	StatusText   string             `json:"statusText"`
	Recipient    orderRecipientJSON `json:"recipient"`
	Customer     string             `json:"customer"`
	CustomerName string             `json:"customerName"`
	Payer        string             `json:"payer"`
	Warehouse    string             `json:"warehouse"`
	Prescriber   string             `json:"prescriber"`
	Urgent       bool               `json:"urgent"`
	Registered   string             `json:"registered"`
	Delivery     deliveryJSON       `json:"delivery"`
	Lines        []orderLineJSON    `json:"lines"`
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func orderLineOf(lang string, l domain.OrderLine, total domain.Ore, count int) orderLineJSON {
	j := orderLineJSON{Line: strconv.FormatInt(l.ID, 10), Position: l.Position, Article: l.Article, Name: l.ArticleName,
		DeliveredArticle: l.DeliveredArticle, DeliveredName: l.DeliveredName, ChainNote: l.ChainNote, Payer: l.Payer,
		Warehouse: l.Warehouse, Quantity: l.Quantity, Purpose: l.Purpose, PurposeText: domain.PurposeText(l.Purpose),
		UnitPrice: l.UnitPrice.APIString(), Total: total.APIString(), Reserved: l.Reserved, Delivered: l.Delivered,
		DispatchDate: dateString(l.Dispatch), ArrivalDate: dateString(l.Arrival), Units: l.Units, Status: l.Status,
		StatusText: domain.LineStatusText(l.Status), FromBase: l.FromBase, ComponentCount: count,
		Because:      becauseOf(lang, l.Because()),
		Alternatives: []alternativeJSON{}}
	if l.ComplementUnit != "" {
		u := l.ComplementUnit
		j.Unit = &u
	}
	if j.Units == nil {
		j.Units = []string{}
	}
	return j
}

// orderOf is an order as the API shows it, its lines grouped in views (with
// their alternatives when the views have them).
func orderOf(lang string, o *domain.Order, views []*service.LineView) orderJSON {
	d := o.Delivery
	j := orderJSON{Number: o.Number, Status: o.Status, StatusText: domain.DocumentStatusText(o.Status),
		Recipient: orderRecipientJSON{Personnummer: o.RecipientPersonnummer, Customer: o.RecipientCustomer, Name: o.RecipientName},
		Customer:  o.CustomerNumber, CustomerName: o.CustomerName, Payer: o.PayerNumber, Warehouse: o.Warehouse,
		Prescriber: o.PrescriberUsername, Urgent: o.Urgent, Registered: dateString(o.RegisteredAt),
		Delivery: deliveryJSON{AddressFrom: d.Source, Name: d.Name, Street: d.Street, PostalCode: d.PostalCode, Town: d.Town,
			Phone: d.Phone, Mobile: d.Mobile, DoorCode: d.DoorCode, Instructions: d.Instructions, OtherInformation: d.WarehouseInfo,
			DeliverTogether: d.DeliverTogether},
	}
	if !o.RegisteredAt.IsZero() {
		j.Registered = domain.DateOf(o.RegisteredAt).Format(time.DateOnly)
	}
	j.Lines = orderLinesOf(lang, views)
	return j
}

// orderLinesOf is the main lines with their components.
func orderLinesOf(lang string, views []*service.LineView) []orderLineJSON {
	out := []orderLineJSON{}
	for _, v := range views {
		lj := orderLineOf(lang, v.OrderLine, v.Total, v.ComponentCount())
		lj.Alternatives = alternativesOf(lang, v.Alternatives)
		for _, c := range v.Components {
			lj.Components = append(lj.Components, orderLineOf(lang, c, c.UnitPrice*domain.Ore(c.Quantity), 0))
		}
		out = append(out, lj)
	}
	return out
}

func (s *Server) apiCreateOrder(w http.ResponseWriter, r *http.Request) error {
	var in orderRequestJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	oi := service.OrderInput{DraftInput: service.DraftInput{
		Recipient: service.Recipient{Personnummer: in.Recipient.Personnummer, Customer: in.Recipient.Customer}, Customer: in.Customer},
		IdempotencyKey: in.IdempotencyKey}
	for _, l := range in.Lines {
		li := service.LineInput{Article: l.Article, Quantity: l.Quantity, Payer: l.Payer, Unit: l.Unit}
		if l.Components != nil {
			li.Add, li.Remove = l.Components.Add, l.Components.Remove
		}
		oi.Lines = append(oi.Lines, li)
	}
	if d := in.Delivery; d != nil {
		oi.Delivery = service.DeliveryInput{From: d.AddressFrom, Phone: d.Phone, Mobile: d.Mobile, DoorCode: d.DoorCode,
			Instructions: d.Instructions, WarehouseInfo: d.OtherInformation, DeliverTogether: d.DeliverTogether}
	}
	oi.Delivery.Urgent = in.Urgent
	o, created, err := s.svc.PlaceOrder(r.Context(), actor(r), oi)
	if err != nil {
		return err
	}
	return writeCreated(w, created, orderOf(langOf(r), o, service.GroupLines(o)))
}

func (s *Server) apiGetOrder(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.FindOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	views, err := s.svc.OrderLines(r.Context(), actor(r), o)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderOf(langOf(r), o, views))
}

type cancelRequestJSON struct {
	Lines []string `json:"lines,omitempty"`
}

func (s *Server) apiCancelOrder(w http.ResponseWriter, r *http.Request) error {
	var in cancelRequestJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ids, err := service.ParseLineIDs(in.Lines)
	if err != nil {
		return err
	}
	o, err := s.svc.CancelOrder(r.Context(), actor(r), r.PathValue("number"), ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, orderOf(langOf(r), o, service.LineViews(o)))
}

type deliverJSON struct {
	orderJSON
	DeliveredLines int `json:"deliveredLines"`
	WaitingLines   int `json:"waitingLines"`
}

func (s *Server) apiDeliverOrder(w http.ResponseWriter, r *http.Request) error {
	var in cancelRequestJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	ids, err := service.ParseLineIDs(in.Lines)
	if err != nil {
		return err
	}
	res, err := s.svc.DeliverOrder(r.Context(), actor(r), r.PathValue("number"), ids)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, deliverJSON{orderJSON: orderOf(langOf(r), res.Order, service.LineViews(res.Order)), DeliveredLines: res.Delivered, WaitingLines: res.Waiting})
}

func (s *Server) apiPickOrder(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.PickOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, deliverJSON{orderJSON: orderOf(langOf(r), res.Order, service.LineViews(res.Order)), DeliveredLines: res.Delivered, WaitingLines: res.Waiting})
}

type pickOrderJSON struct {
	Number    string          `json:"number"`
	Recipient string          `json:"recipient"`
	Urgent    bool            `json:"urgent"`
	Lines     []orderLineJSON `json:"lines"`
}

type pickListJSON struct {
	Warehouse string          `json:"warehouse"`
	Date      string          `json:"date"`
	Routes    []pickRouteJSON `json:"routes"`
	Orders    []pickOrderJSON `json:"orders"`
}

// pickRouteJSON is what goes out on one delivery route, in shelf order.
type pickRouteJSON struct {
	Route string        `json:"route"` // the route's name; "" daily delivery or none
	Daily bool          `json:"daily"`
	Lines []pickRowJSON `json:"lines"`
}

type pickRowJSON struct {
	Location string   `json:"location"`
	Order    string   `json:"order"`
	Article  string   `json:"article"`
	Name     string   `json:"name"`
	Quantity int      `json:"quantity"`
	Units    []string `json:"units"`
}

func (s *Server) apiPickList(w http.ResponseWriter, r *http.Request) error {
	var day time.Time
	if d := r.URL.Query().Get("date"); d != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, d); err != nil {
			return domain.Invalid("date", "Ange datum som ÅÅÅÅ-MM-DD.")
		}
	}
	pl, err := s.svc.PickList(r.Context(), actor(r), r.URL.Query().Get("warehouse"), day)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pickListOf(langOf(r), pl))
}

func pickListOf(lang string, pl *service.PickList) pickListJSON {
	out := pickListJSON{Warehouse: pl.Warehouse, Date: dateString(pl.Date), Routes: []pickRouteJSON{}, Orders: []pickOrderJSON{}}
	for _, pr := range pl.Routes {
		rj := pickRouteJSON{Route: pr.Name, Daily: pr.Daily, Lines: []pickRowJSON{}}
		for _, row := range pr.Rows {
			rj.Lines = append(rj.Lines, pickRowJSON{Location: row.Location, Order: row.OrderNumber, Article: row.Line.DeliveredArticle,
				Name: row.Line.DeliveredName, Quantity: row.ToPick(), Units: append([]string{}, row.Line.Units...)})
		}
		out.Routes = append(out.Routes, rj)
	}
	for _, po := range pl.Orders {
		out.Orders = append(out.Orders, pickOrderJSON{Number: po.Number, Recipient: po.Recipient, Urgent: po.Urgent,
			Lines: orderLinesOf(lang, po.Lines)})
	}
	return out
}

// dispatchJSON is GET /articles/{number}/dispatch (SPEC §10.11).
type dispatchJSON struct {
	Article          string            `json:"article"`
	DeliveredArticle string            `json:"deliveredArticle"`
	ChainNote        string            `json:"chainNote,omitempty"`
	Customer         string            `json:"customer"`
	Quantity         int               `json:"quantity"`
	DispatchDate     string            `json:"dispatchDate"`
	ArrivalDate      string            `json:"arrivalDate"`
	Because          []string          `json:"because"`
	Alternatives     []alternativeJSON `json:"alternatives"`
}

func (s *Server) apiDispatch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v, err := s.svc.DispatchPreview(r.Context(), actor(r), r.PathValue("number"), q.Get("customer"), q.Get("quantity"))
	if err != nil {
		return err
	}
	lang := langOf(r)
	return writeJSON(w, http.StatusOK, dispatchJSON{Article: v.Article, DeliveredArticle: v.DeliveredArticle, ChainNote: v.ChainNote,
		Customer: strings.TrimSpace(q.Get("customer")), Quantity: v.Quantity, DispatchDate: dateString(v.Dispatch), ArrivalDate: dateString(v.Arrival),
		Because: becauseOf(lang, v.Because()), Alternatives: alternativesOf(lang, v.Alternatives)})
}
