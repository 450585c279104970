package web

// JSON API of the prescriber look-ups (SPEC §9).

import (
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

func (s *Server) routesLookupsAPI() {
	readers := domain.StaffReaders
	s.apiRoute("GET /api/v1/patients/{personnummer}/aids", APIDoc{Summary: "Hjälpmedel: patientens aktuella hjälpmedel och det som är beställt men inte levererat",
		Tag: "lookups", Query: []QueryParam{{"onlyUnits", "true: endast individer"}, {"iso", "ISO-kod (början)"}},
		Description: "The look-up is written to the audit log as person.view. An invalid personnummer gives 400 and is not logged.",
		Response:    aidsJSON{}}, s.apiPatientAids(false), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/returned", APIDoc{Summary: "Återlämnade hjälpmedel", Tag: "lookups",
		Response: aidsJSON{}}, s.apiPatientAids(true), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/workorders", APIDoc{Summary: "Registrerade AO för en patient", Tag: "lookups",
		Response: docsJSON{}}, s.apiRecipientDocs(service.ScreenWorkOrders), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/pickuporders", APIDoc{Summary: "Hämtorder för en patient", Tag: "lookups",
		Response: docsJSON{}}, s.apiRecipientDocs(service.ScreenPickups), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/components-on-the-way", APIDoc{Summary: "Komponenter på väg till en patient", Tag: "lookups",
		Response: docsJSON{}}, s.apiRecipientDocs(service.ScreenComponents), readers...)
	s.apiRoute("GET /api/v1/customers/{number}/aids", APIDoc{Summary: "Hjälpmedel som en vårdenhet (kund) har", Tag: "lookups",
		Query: []QueryParam{{"onlyUnits", "true: endast individer"}, {"iso", "ISO-kod (början)"}}, Response: aidsJSON{}},
		s.apiCustomerAids, readers...)
	s.apiRoute("GET /api/v1/holdings/{id}/order", APIDoc{Summary: "Ordinationsöversikt: beställningen som den gjordes", Tag: "lookups",
		Response: orderOverviewJSON{}}, s.apiOrderOverview, readers...)
	s.apiRoute("GET /api/v1/units/{unit}", APIDoc{Summary: "Individkort", Tag: "lookups",
		Description: "When a person holds the unit, the look-up is logged as person.view (screen Individkort).",
		Response:    unitJSON{}}, s.apiUnit, readers...)
	s.apiRoute("GET /api/v1/articles", APIDoc{Summary: "Sök artikel", Tag: "lookups",
		Query: []QueryParam{{"q", "artikelnummer, leverantörens artikelnummer eller ord ur benämningen"}, {"number", "artikelnummer"},
			{"supplierArticleNumber", "leverantörens artikelnummer"}, {"name", "ord ur benämningen, i valfri ordning"},
			{"product", "produkt"}, {"productName", "produktnamn"}, {"supplier", "leverantör (id eller namn)"},
			{"inAssortment", "true (förval): i sortiment; false: alla"}, {"withBalance", "true: tillgängligt saldo på det egna lagret"}},
		Response: articlesJSON{}}, s.apiArticles)
	s.apiRoute("GET /api/v1/articles/{number}", APIDoc{Summary: "Artikel: priser som gäller i dag och saldo per lager (eget lager först)", Tag: "lookups",
		Response: articlePageJSON{}}, s.apiArticle)
	s.apiRoute("GET /api/v1/iso", APIDoc{Summary: "Varukatalog: ISO-klasserna på översta nivån", Tag: "lookups", Response: isoJSON{}}, s.apiISO)
	s.apiRoute("GET /api/v1/iso/{code}", APIDoc{Summary: "Varukatalog: en ISO-kod med underkoder eller artiklar", Tag: "lookups",
		Query: []QueryParam{{"inAssortment", "true (förval) eller false"}}, Response: isoJSON{}}, s.apiISO)
	s.apiRoute("GET /api/v1/registry", APIDoc{Summary: "CFR: sök i folkbokföringsregistret", Tag: "lookups",
		Query: []QueryParam{{"name", "efternamn först"}, {"personnummer", "12 siffror"}, {"street", "gatuadress"}, {"postalCode", "postnummer"},
			{"town", "postort"}, {"sex", "M eller K"}, {"page", "sida, från 1"}},
		Response: registryJSON{}}, s.apiRegistry, readers...)
	s.apiRoute("GET /api/v1/registry/{personnummer}", APIDoc{Summary: "CFR: en person (loggas)", Tag: "lookups",
		Response: personJSON{}}, s.apiRegistryPerson, readers...)
	s.apiRoute("PUT /api/v1/me", APIDoc{Summary: "Dina uppgifter: ändra namn, telefon, mobil och e-post", Tag: "auth",
		Request: contactJSON{}, Response: meJSON{}}, s.apiUpdateMe)
	s.apiRoute("GET /api/v1/me/documents", APIDoc{Summary: "Dina uppgifter: egna ordrar, arbetsordrar och hämtordrar, öppna och levererade", Tag: "auth",
		Response: myDocumentsJSON{}}, s.apiMyDocuments)
}

type personJSON struct {
	Personnummer string `json:"personnummer"`
	Name         string `json:"name"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	Town         string `json:"town"`
	Phone        string `json:"phone"`
	Sex          string `json:"sex"`
	Protected    bool   `json:"protected"`
	Deceased     string `json:"deceasedDate,omitempty"`
}

func personOf(p *store.Person) *personJSON {
	if p == nil {
		return nil
	}
	return &personJSON{Personnummer: p.Personnummer, Name: p.Name(), FirstName: p.FirstName, LastName: p.LastName,
		Street: p.Street, PostalCode: p.PostalCode, Town: p.Town, Phone: p.Phone, Sex: p.Sex, Protected: p.Protected, Deceased: p.DeceasedDate}
}

type customerJSON struct {
	Number     string `json:"number"`
	Name       string `json:"name"`
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	Town       string `json:"town"`
	Phone      string `json:"phone"`
	LocalStore bool   `json:"localStore"`
}

func customerOf(c *store.Customer) *customerJSON {
	if c == nil {
		return nil
	}
	return &customerJSON{Number: c.Number, Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, Town: c.Town, Phone: c.Phone, LocalStore: c.LocalStore}
}

type aidJSON struct {
	ID              string  `json:"id"`
	Position        int     `json:"position"`
	Article         string  `json:"article"`
	Name            string  `json:"name"`
	ISOCode         string  `json:"isoCode"`
	Unit            *string `json:"unit"`
	AttachedUnit    *string `json:"attachedUnit"`
	Quantity        int     `json:"quantity"`
	OrderedQuantity int     `json:"orderedQuantity"`
	OrderNumber     string  `json:"orderNumber,omitempty"`
	OrderDate       string  `json:"orderDate"`
	DeliveryDate    string  `json:"deliveryDate"`
	RentStart       string  `json:"rentStart"`
	Customer        string  `json:"customer"`
	Payer           string  `json:"payer"`
	Prescriber      string  `json:"prescriber"`
	Purpose         string  `json:"purpose"`
	PurposeText     string  `json:"purposeText"`
	Owner           string  `json:"owner"`
	DebitForm       string  `json:"debitForm"`
	EndDate         string  `json:"endDate,omitempty"`
	EndReason       string  `json:"endReason,omitempty"`
}

func aidOf(i int, h store.Holding) aidJSON {
	return aidJSON{ID: strconv.FormatInt(h.ID, 10), Position: i + 1, Article: h.ArticleNumber, Name: h.ArticleName, ISOCode: h.ISOCode,
		Unit: strPtr(h.UnitNumber), AttachedUnit: strPtr(h.AttachedUnit), Quantity: h.Quantity, OrderedQuantity: h.OrderedQuantity,
		OrderNumber: h.OrderNumber, OrderDate: h.OrderDate, DeliveryDate: h.DeliveryDate, RentStart: h.RentStart, Customer: h.CustomerNumber,
		Payer: h.PayerNumber, Prescriber: h.Prescriber, Purpose: h.Purpose, PurposeText: domain.PurposeText(h.Purpose),
		Owner: h.Owner, DebitForm: h.DebitForm, EndDate: h.EndDate, EndReason: h.EndReason}
}

type openLineJSON struct {
	Order             string `json:"order"`
	Status            string `json:"status"`
	StatusText        string `json:"statusText"`
	Position          int    `json:"position"`
	Article           string `json:"article"`
	Name              string `json:"name"`
	DeliveredArticle  string `json:"deliveredArticle"`
	Quantity          int    `json:"quantity"`
	DeliveredQuantity int    `json:"deliveredQuantity"`
	DispatchDate      string `json:"dispatchDate"`
	ArrivalDate       string `json:"arrivalDate"`
	ComplementUnit    string `json:"complementUnit,omitempty"`
	Component         bool   `json:"component"`
	Payer             string `json:"payer"`
	Customer          string `json:"customer"`
}

func openLinesOf(ls []store.OpenLine) []openLineJSON {
	out := []openLineJSON{}
	for _, l := range ls {
		out = append(out, openLineJSON{Order: l.OrderNumber, Status: l.OrderStatus, StatusText: domain.DocumentStatusText(l.OrderStatus),
			Position: l.Position, Article: l.ArticleNumber, Name: l.ArticleName, DeliveredArticle: l.DeliveredArticle,
			Quantity: l.Quantity, DeliveredQuantity: l.DeliveredQuantity, DispatchDate: l.DispatchDate, ArrivalDate: l.ArrivalDate,
			ComplementUnit: l.ComplementUnit, Component: l.Component, Payer: l.PayerNumber, Customer: l.CustomerNumber})
	}
	return out
}

type aidsJSON struct {
	Patient  *personJSON    `json:"patient,omitempty"`
	Customer *customerJSON  `json:"customer,omitempty"`
	Aids     []aidJSON      `json:"aids"`
	More     bool           `json:"more"`
	OnOrder  []openLineJSON `json:"onOrder"`
}

func aidsOf(a *service.Aids) aidsJSON {
	out := aidsJSON{Patient: personOf(a.Person), Customer: customerOf(a.Customer), Aids: []aidJSON{}, More: a.More, OnOrder: openLinesOf(a.OnOrder)}
	for i, h := range a.Holdings {
		out.Aids = append(out.Aids, aidOf(i, h))
	}
	return out
}

func boolParam(r *http.Request, name string, def bool) bool {
	switch r.URL.Query().Get(name) {
	case "true", "1", "yes", "ja":
		return true
	case "false", "0", "no", "nej":
		return false
	}
	return def
}

func (s *Server) apiPatientAids(returned bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, err := s.svc.PatientAids(r.Context(), actor(r), service.AidsQuery{Personnummer: r.PathValue("personnummer"),
			OnlyUnits: boolParam(r, "onlyUnits", false), ISO: r.URL.Query().Get("iso"), Returned: returned})
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, aidsOf(a))
	}
}

func (s *Server) apiCustomerAids(w http.ResponseWriter, r *http.Request) error {
	a, err := s.svc.PatientAids(r.Context(), actor(r), service.AidsQuery{Customer: r.PathValue("number"),
		OnlyUnits: boolParam(r, "onlyUnits", false), ISO: r.URL.Query().Get("iso"), Returned: boolParam(r, "returned", false)})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, aidsOf(a))
}

type docJSON struct {
	Number     string `json:"number"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	Registered string `json:"registered"`
	Recipient  string `json:"recipient"`
	Customer   string `json:"customer"`
	Prescriber string `json:"prescriber"`
	Article    string `json:"article,omitempty"`
	Unit       string `json:"unit,omitempty"`
	Priority   int    `json:"priority,omitempty"`
	Closed     string `json:"closed,omitempty"`
	Text       string `json:"text,omitempty"`
}

func docsOf(ds []store.DocumentSummary) []docJSON {
	out := []docJSON{}
	for _, d := range ds {
		out = append(out, docJSON{Number: d.Number, Status: d.Status, StatusText: domain.DocumentStatusText(d.Status),
			Registered: dateOfStamp(d.Date), Recipient: d.Recipient, Customer: d.Customer, Prescriber: d.Prescriber,
			Article: d.Article, Unit: d.Unit, Priority: d.Priority, Closed: dateOfStamp(d.ClosedAt), Text: d.ReasonOrText})
	}
	return out
}

// dateOfStamp shows a stored timestamp as its Swedish civil date.
func dateOfStamp(ts string) string {
	if ts == "" {
		return ""
	}
	t := store.ParseTimestamp(ts)
	if t.IsZero() {
		return ts
	}
	return store.Date(domain.DateOf(t))
}

type docsJSON struct {
	Patient    *personJSON    `json:"patient,omitempty"`
	Customer   *customerJSON  `json:"customer,omitempty"`
	Documents  []docJSON      `json:"documents"`
	Components []openLineJSON `json:"components"`
}

func (s *Server) apiRecipientDocs(screen string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.svc.RecipientDocuments(r.Context(), actor(r), r.PathValue("personnummer"), "", screen)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, docsJSON{Patient: personOf(d.Person), Customer: customerOf(d.Customer),
			Documents: docsOf(d.Docs), Components: openLinesOf(d.Components)})
	}
}

type overviewLineJSON struct {
	Position          int    `json:"position"`
	Component         bool   `json:"component"`
	Article           string `json:"article"`
	Name              string `json:"name"`
	DeliveredArticle  string `json:"deliveredArticle"`
	Payer             string `json:"payer"`
	Quantity          int    `json:"quantity"`
	DeliveredQuantity int    `json:"deliveredQuantity"`
	Purpose           string `json:"purpose"`
	PurposeText       string `json:"purposeText"`
	UnitPrice         string `json:"unitPrice"`
	DispatchDate      string `json:"dispatchDate"`
	Status            string `json:"status"`
	ComplementUnit    string `json:"complementUnit,omitempty"`
}

type orderOverviewJSON struct {
	Holding    aidJSON            `json:"holding"`
	Patient    *personJSON        `json:"patient,omitempty"`
	Customer   *customerJSON      `json:"customer,omitempty"`
	Order      *string            `json:"order"`
	Status     string             `json:"status,omitempty"`
	StatusText string             `json:"statusText,omitempty"`
	Payer      string             `json:"payer"`
	PayerName  string             `json:"payerName"`
	Prescriber string             `json:"prescriber"`
	Registered string             `json:"registered,omitempty"`
	Lines      []overviewLineJSON `json:"lines"`
}

func (s *Server) apiOrderOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.OrderOverview(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := orderOverviewJSON{Holding: aidOf(0, *o.Holding), Patient: personOf(o.Recipient.Person), Customer: customerOf(o.Recipient.Customer),
		Payer: o.Holding.PayerNumber, PayerName: o.PayerName, Prescriber: o.Holding.Prescriber, Lines: []overviewLineJSON{}}
	if o.Order != nil {
		out.Order, out.Status, out.StatusText = strPtr(o.Order.Number), o.Order.Status, domain.DocumentStatusText(o.Order.Status)
		out.Payer, out.PayerName, out.Prescriber, out.Registered = o.Order.PayerNumber, o.Order.PayerName, o.Order.Prescriber, dateOfStamp(o.Order.RegisteredAt)
		for _, l := range o.Order.Lines {
			out.Lines = append(out.Lines, overviewLineJSON{Position: l.Position, Component: l.Component, Article: l.ArticleNumber, Name: l.ArticleName,
				DeliveredArticle: l.DeliveredArticle, Payer: l.PayerNumber, Quantity: l.Quantity, DeliveredQuantity: l.DeliveredQuantity,
				Purpose: l.Purpose, PurposeText: domain.PurposeText(l.Purpose), UnitPrice: domain.Ore(l.UnitPriceOre).APIString(),
				DispatchDate: l.DispatchDate, Status: l.Status, ComplementUnit: l.ComplementUnit})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

type recipientJSON struct {
	Personnummer string `json:"personnummer,omitempty"`
	Customer     string `json:"customer,omitempty"`
	Name         string `json:"name"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	Town         string `json:"town"`
	Phone        string `json:"phone"`
	Protected    bool   `json:"protected"`
}

type unitHoldingJSON struct {
	Recipient    recipientJSON `json:"recipient"`
	Customer     string        `json:"customer"`
	Payer        string        `json:"payer"`
	PayerName    string        `json:"payerName"`
	Prescriber   string        `json:"prescriber"`
	RentStart    string        `json:"rentStart"`
	DeliveryDate string        `json:"deliveryDate"`
	Purpose      string        `json:"purpose"`
}

type unitJSON struct {
	Unit               string              `json:"unit"`
	Article            string              `json:"article"`
	Name               string              `json:"name"`
	Serial             string              `json:"serial"`
	Status             string              `json:"status"`
	StatusText         string              `json:"statusText"`
	StatusDate         string              `json:"statusDate"`
	Warehouse          string              `json:"warehouse"`
	WarehouseName      string              `json:"warehouseName"`
	DeliveredFrom      string              `json:"deliveredFrom"`
	Supplier           string              `json:"supplier"`
	PurchaseDate       *string             `json:"purchaseDate"`
	WarrantyUntil      *string             `json:"warrantyUntil"`
	LastMaintenance    *string             `json:"lastMaintenance"`
	Adaptations        []adaptationJSON    `json:"adaptations"`
	Components         []componentJSON     `json:"components"`
	Holding            *unitHoldingJSON    `json:"holding"`
	WorkOrders         []docJSON           `json:"workOrders"`
	ComponentsOnTheWay []openLineJSON      `json:"componentsOnTheWay"`
	History            []unitCardEventJSON `json:"history"`
}

type adaptationJSON struct {
	Date string `json:"date"`
	Text string `json:"text"`
}

type componentJSON struct {
	Article  string `json:"article"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

type unitCardEventJSON struct {
	At        string `json:"at"`
	Kind      string `json:"kind"`
	Text      string `json:"text"`
	Reference string `json:"reference,omitempty"`
	User      string `json:"user,omitempty"`
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.UnitCard(r.Context(), actor(r), r.PathValue("unit"))
	if err != nil {
		return err
	}
	u := c.Unit
	out := unitJSON{Unit: u.Number, Article: u.ArticleNumber, Name: u.ArticleName, Serial: u.Serial, Status: u.Status,
		StatusText: domain.UnitStatusText(u.Status, unitStatusDate(u)), StatusDate: u.StatusDate, Warehouse: u.Warehouse,
		WarehouseName: u.WarehouseName, DeliveredFrom: u.DeliveredFrom, Supplier: u.Supplier, PurchaseDate: strPtr(u.PurchaseDate),
		WarrantyUntil: strPtr(u.WarrantyUntil), LastMaintenance: strPtr(u.LastMaintenance), Adaptations: []adaptationJSON{},
		Components: []componentJSON{}, WorkOrders: docsOf(c.WorkOrders), ComponentsOnTheWay: openLinesOf(c.OnTheWay), History: []unitCardEventJSON{}}
	for _, a := range u.Adaptations {
		out.Adaptations = append(out.Adaptations, adaptationJSON{Date: a.Date, Text: a.Text})
	}
	for _, cp := range u.Components {
		out.Components = append(out.Components, componentJSON{Article: cp.ArticleNumber, Name: cp.ArticleName, Quantity: cp.Quantity})
	}
	for _, e := range u.History {
		out.History = append(out.History, unitCardEventJSON{At: e.At.Format(time.RFC3339), Kind: e.Kind, Text: e.Text, Reference: e.Reference, User: e.By})
	}
	if h := c.Holding; h != nil {
		hj := &unitHoldingJSON{Customer: h.CustomerNumber, Payer: h.PayerNumber, PayerName: c.PayerName, Prescriber: h.Prescriber,
			RentStart: h.RentStart, DeliveryDate: h.DeliveryDate, Purpose: h.Purpose}
		if p := c.Holder.Person; p != nil {
			hj.Recipient = recipientJSON{Personnummer: p.Personnummer, Name: p.Name(), Street: p.Street, PostalCode: p.PostalCode,
				Town: p.Town, Phone: p.Phone, Protected: p.Protected}
		} else if cu := c.Holder.Customer; cu != nil {
			hj.Recipient = recipientJSON{Customer: cu.Number, Name: cu.Name, Street: cu.Street, PostalCode: cu.PostalCode, Town: cu.Town, Phone: cu.Phone}
		}
		out.Holding = hj
	}
	return writeJSON(w, http.StatusOK, out)
}

// unitStatusDate is the date shown after a status: the manual shows it for a scrapped unit.
func unitStatusDate(u *store.Unit) string {
	if u.Status == "scrapped" {
		return u.StatusDate
	}
	return ""
}

type articleJSON struct {
	Number                string `json:"number"`
	Name                  string `json:"name"`
	UnitOfMeasure         string `json:"unitOfMeasure"`
	Status                string `json:"status"`
	StatusText            string `json:"statusText"`
	Supplier              string `json:"supplier"`
	SupplierArticleNumber string `json:"supplierArticleNumber"`
	ISOCode               string `json:"isoCode"`
	Product               string `json:"product"`
	ProductName           string `json:"productName"`
	InAssortment          bool   `json:"inAssortment"`
	Individual            bool   `json:"individual"`
	Purpose               string `json:"purpose"`
	PurposeText           string `json:"purposeText"`
	Balance               *int   `json:"balance,omitempty"`
}

func articleOf(a store.Article, withBalance bool) articleJSON {
	j := articleJSON{Number: a.Number, Name: a.Name, UnitOfMeasure: a.UnitOfMeasure, Status: a.Status, StatusText: domain.ArticleStatusText(a.Status),
		Supplier: a.Supplier, SupplierArticleNumber: a.SupplierArticleNumber, ISOCode: a.ISOCode, Product: a.Product, ProductName: a.ProductName,
		InAssortment: a.InAssortment, Individual: a.Individual, Purpose: a.Purpose, PurposeText: domain.PurposeText(a.Purpose)}
	if withBalance {
		b := a.Available
		j.Balance = &b
	}
	return j
}

type articlesJSON struct {
	Articles  []articleJSON `json:"articles"`
	More      bool          `json:"more"`
	Warehouse string        `json:"warehouse,omitempty"`
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	in := service.ArticleSearch{Query: q.Get("q"), Number: q.Get("number"), SupplierArticleNumber: q.Get("supplierArticleNumber"),
		Name: q.Get("name"), Product: q.Get("product"), ProductName: q.Get("productName"), Supplier: q.Get("supplier"),
		All: !boolParam(r, "inAssortment", true), WithBalance: boolParam(r, "withBalance", false)}
	res, err := s.svc.SearchArticles(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	out := articlesJSON{Articles: []articleJSON{}, More: res.More, Warehouse: res.Warehouse}
	for _, a := range res.Articles {
		out.Articles = append(out.Articles, articleOf(a, in.WithBalance))
	}
	return writeJSON(w, http.StatusOK, out)
}

type todayPriceJSON struct {
	Amount    string `json:"amount"`
	ValidFrom string `json:"validFrom"`
}

type warehouseBalanceJSON struct {
	Warehouse     string `json:"warehouse"`
	WarehouseName string `json:"warehouseName"`
	Available     int    `json:"available"`
	OnHand        int    `json:"onHand"`
	Reserved      int    `json:"reserved"`
	Own           bool   `json:"own"`
}

type baseComponentJSON struct {
	Position int    `json:"position"`
	Article  string `json:"article"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

type articlePageJSON struct {
	articleJSON
	ISOName           string                 `json:"isoName"`
	ServiceLevel      string                 `json:"serviceLevel"`
	Responsibility    string                 `json:"responsibility"`
	VisionAid         bool                   `json:"visionAid"`
	NotOrderable      bool                   `json:"notOrderable"`
	NotOrderableText  string                 `json:"notOrderableText,omitempty"`
	Description       string                 `json:"description,omitempty"`
	Rent              *todayPriceJSON        `json:"rent"`
	Sale              *todayPriceJSON        `json:"sale"`
	OwnWarehouse      string                 `json:"ownWarehouse,omitempty"`
	Balances          []warehouseBalanceJSON `json:"balances"`
	BaseConfiguration []baseComponentJSON    `json:"baseConfiguration"`
	Picture           *string                `json:"picture"`
	Manual            *string                `json:"manual"`
}

func todayPriceOf(p *store.Price) *todayPriceJSON {
	if p == nil {
		return nil
	}
	return &todayPriceJSON{Amount: domain.Ore(p.AmountOre).APIString(), ValidFrom: p.ValidFrom}
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Article(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	a := p.Article
	out := articlePageJSON{articleJSON: articleOf(*a, false), ISOName: a.ISOName, ServiceLevel: a.ServiceLevel, Responsibility: a.Responsibility,
		VisionAid: a.VisionAid, NotOrderable: a.NotOrderable, NotOrderableText: a.NotOrderableText, Description: a.Description,
		Rent: todayPriceOf(p.Rent), Sale: todayPriceOf(p.Sale), OwnWarehouse: p.OwnWarehouse, Balances: []warehouseBalanceJSON{}, BaseConfiguration: []baseComponentJSON{}}
	for _, b := range p.Balances {
		out.Balances = append(out.Balances, warehouseBalanceJSON{Warehouse: b.Warehouse, WarehouseName: b.WarehouseName, Available: b.Available,
			OnHand: b.OnHand, Reserved: b.Reserved, Own: b.Warehouse == p.OwnWarehouse})
	}
	for i, b := range p.BaseComponent {
		out.BaseConfiguration = append(out.BaseConfiguration, baseComponentJSON{Position: i + 1, Article: b.Article, Name: b.Name, Quantity: b.Quantity})
	}
	if a.HasPicture {
		out.Picture = strPtr("/api/v1/articles/" + a.Number + "/picture")
	}
	if a.HasManual {
		out.Manual = strPtr("/api/v1/articles/" + a.Number + "/manual")
	}
	return writeJSON(w, http.StatusOK, out)
}

type isoClassJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Info string `json:"info,omitempty"`
}

type isoJSON struct {
	Code     string         `json:"code"`
	Name     string         `json:"name"`
	Info     string         `json:"info"`
	Parent   *string        `json:"parent"`
	Path     []isoClassJSON `json:"path"`
	Children []isoClassJSON `json:"children"`
	Articles []articleJSON  `json:"articles"`
	More     bool           `json:"more"`
}

func (s *Server) apiISO(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.Catalogue(r.Context(), actor(r), r.PathValue("code"), !boolParam(r, "inAssortment", true))
	if err != nil {
		return err
	}
	out := isoJSON{Path: []isoClassJSON{}, Children: []isoClassJSON{}, Articles: []articleJSON{}, More: c.More}
	if c.Class != nil {
		out.Code, out.Name, out.Info, out.Parent = c.Class.Code, c.Class.Name, c.Class.Info, strPtr(c.Class.ParentCode)
	}
	for _, p := range c.Path {
		out.Path = append(out.Path, isoClassJSON{Code: p.Code, Name: p.Name})
	}
	for _, ch := range c.Children {
		out.Children = append(out.Children, isoClassJSON{Code: ch.Code, Name: ch.Name, Info: ch.Info})
	}
	for _, a := range c.Articles {
		out.Articles = append(out.Articles, articleOf(a, false))
	}
	return writeJSON(w, http.StatusOK, out)
}

type registryJSON struct {
	Persons []personJSON `json:"persons"`
	Page    int          `json:"page"`
	More    bool         `json:"more"`
}

func (s *Server) apiRegistry(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	res, err := s.svc.SearchRegistry(r.Context(), actor(r), service.RegistrySearch{Name: q.Get("name"), Street: q.Get("street"),
		PostalCode: q.Get("postalCode"), Personnummer: q.Get("personnummer"), Town: q.Get("town"), Sex: q.Get("sex"), Page: page})
	if err != nil {
		return err
	}
	out := registryJSON{Persons: []personJSON{}, Page: res.Page, More: res.More}
	for i := range res.Persons {
		out.Persons = append(out.Persons, *personOf(&res.Persons[i]))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRegistryPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.RegistryPerson(r.Context(), actor(r), r.PathValue("personnummer"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, personOf(p))
}

type contactJSON struct {
	Name   *string `json:"name"`
	Phone  *string `json:"phone"`
	Mobile *string `json:"mobile"`
	Email  *string `json:"email"`
}

func (s *Server) apiUpdateMe(w http.ResponseWriter, r *http.Request) error {
	var in contactJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	a := actor(r)
	c := service.ContactInput{Name: a.Name, Phone: a.Phone, Mobile: a.Mobile, Email: a.Email}
	for _, f := range []struct {
		src *string
		dst *string
	}{{in.Name, &c.Name}, {in.Phone, &c.Phone}, {in.Mobile, &c.Mobile}, {in.Email, &c.Email}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if err := s.svc.UpdateMyContact(r.Context(), a, c); err != nil {
		return err
	}
	u, err := s.svc.DB.Read().FindUserByID(r.Context(), a.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, meOf(u))
}

type myDocumentsJSON struct {
	Orders     docGroupsJSON `json:"orders"`
	WorkOrders docGroupsJSON `json:"workOrders"`
	Pickups    docGroupsJSON `json:"pickupOrders"`
}

type docGroupsJSON struct {
	Open      []docJSON `json:"open"`
	Delivered []docJSON `json:"delivered"`
}

func (s *Server) apiMyDocuments(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.MyDetails(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, myDocumentsJSON{
		Orders:     docGroupsJSON{Open: docsOf(d.OpenOrders), Delivered: docsOf(d.DeliveredOrders)},
		WorkOrders: docGroupsJSON{Open: docsOf(d.OpenWorkOrders), Delivered: docsOf(d.ClosedWorkOrders)},
		Pickups:    docGroupsJSON{Open: docsOf(d.OpenPickups), Delivered: docsOf(d.ClosedPickups)},
	})
}
