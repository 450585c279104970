package web

// JSON API of the prescriber look-ups (SPEC §9).

import (
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesLookupsAPI() {
	readers := domain.StaffReaders
	s.apiRoute("GET /api/v1/patients/{personnummer}/aids", APIDoc{Summary: "Hjälpmedel: patientens aktuella hjälpmedel och det som är beställt men inte levererat",
		Tag: "lookups", Query: []QueryParam{{"onlyUnits", "true: endast individer"}, {"iso", "ISO-kod (början)"}},
		Description: "The look-up is written to the audit log as person.view. An invalid personnummer gives 400 and is not logged.",
		Response:    holdingsJSON{}}, s.apiPatientAids(false), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/returned", APIDoc{Summary: "Återlämnade hjälpmedel", Tag: "lookups",
		Response: holdingsJSON{}}, s.apiPatientAids(true), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/workorders", APIDoc{Summary: "Registrerade AO för en patient", Tag: "lookups",
		Response: recipientDocsJSON{}}, s.apiRecipientDocs(service.ScreenWorkOrders), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/pickuporders", APIDoc{Summary: "Hämtorder för en patient", Tag: "lookups",
		Response: recipientDocsJSON{}}, s.apiRecipientDocs(service.ScreenPickups), readers...)
	s.apiRoute("GET /api/v1/patients/{personnummer}/components-on-the-way", APIDoc{Summary: "Komponenter på väg till en patient", Tag: "lookups",
		Response: recipientDocsJSON{}}, s.apiRecipientDocs(service.ScreenComponents), readers...)
	s.apiRoute("GET /api/v1/customers/{number}/aids", APIDoc{Summary: "Hjälpmedel beställda under en vårdenhet (kund): det den har själv och det den beställt till patienter, med patientens namn; sidindelat",
		Query: []QueryParam{{"onlyUnits", "true: endast individer"}, {"iso", "ISO-kod (början)"}, {"page", "sida, 1 är den första (100 rader per sida)"}}, Response: holdingsJSON{}},
		s.apiCustomerAids, readers...)
	s.apiRoute("GET /api/v1/holdings/{id}/order", APIDoc{Summary: "Ordinationsöversikt: beställningen som den gjordes", Tag: "lookups",
		Response: orderOverviewJSON{}}, s.apiOrderOverview, readers...)
	s.apiRoute("GET /api/v1/units/{unit}", APIDoc{Summary: "Individkort", Tag: "lookups",
		Description: "When a person holds the unit, the look-up is logged as person.view (screen Individkort).",
		Response:    unitCardJSON{}}, s.apiUnit, readers...)
	s.apiRoute("GET /api/v1/articles", APIDoc{Summary: "Sök artikel", Tag: "lookups",
		Query: []QueryParam{{"q", "artikelnummer, leverantörens artikelnummer eller ord ur benämningen"}, {"number", "artikelnummer"},
			{"supplierArticleNumber", "leverantörens artikelnummer"}, {"name", "ord ur benämningen, i valfri ordning"},
			{"product", "produkt"}, {"productName", "produktnamn"}, {"supplier", "leverantör (id eller namn)"},
			{"inAssortment", "true (förval): i sortiment; false: alla"}, {"withBalance", "true: tillgängligt saldo på det egna lagret"}},
		Response: articleSearchJSON{}}, s.apiArticles)
	s.apiRoute("GET /api/v1/articles/{number}", APIDoc{Summary: "Artikel: priser som gäller i dag och saldo per lager (eget lager först)", Tag: "lookups",
		Response: articlePageJSON{}}, s.apiArticle)
	s.apiRoute("GET /api/v1/iso", APIDoc{Summary: "Varukatalog: ISO-klasserna på översta nivån", Tag: "lookups", Response: isoPageJSON{}}, s.apiISO)
	s.apiRoute("GET /api/v1/iso/{code}", APIDoc{Summary: "Varukatalog: en ISO-kod med underkoder eller artiklar", Tag: "lookups",
		Query: []QueryParam{{"inAssortment", "true (förval) eller false"}}, Response: isoPageJSON{}}, s.apiISO)
	s.apiRoute("GET /api/v1/registry", APIDoc{Summary: "CFR: sök i folkbokföringsregistret", Tag: "lookups",
		Query: []QueryParam{{"name", "efternamn först"}, {"personnummer", "12 siffror"}, {"street", "gatuadress"}, {"postalCode", "postnummer"},
			{"town", "postort"}, {"sex", "M eller K"}, {"page", "sida, från 1"}},
		Response: registryPageJSON{}}, s.apiRegistry, readers...)
	s.apiRoute("GET /api/v1/registry/{personnummer}", APIDoc{Summary: "CFR: en person (loggas)", Tag: "lookups",
		Response: registryPersonJSON{}}, s.apiRegistryPerson, readers...)
	s.apiRoute("PUT /api/v1/me", APIDoc{Summary: "Dina uppgifter: ändra namn, telefon, mobil och e-post", Tag: "auth",
		Request: myContactJSON{}, Response: meJSON{}}, s.apiUpdateMe)
	s.apiRoute("GET /api/v1/me/documents", APIDoc{Summary: "Dina uppgifter: egna ordrar, arbetsordrar och hämtordrar, öppna och levererade", Tag: "auth",
		Response: myDocumentsJSON{}}, s.apiMyDocuments)
}

type registryPersonJSON struct {
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

func registryPersonOf(p *domain.Person) *registryPersonJSON {
	if p == nil {
		return nil
	}
	return &registryPersonJSON{Personnummer: p.Personnummer, Name: p.Name(), FirstName: p.FirstName, LastName: p.LastName,
		Street: p.Street, PostalCode: p.PostalCode, Town: p.Town, Phone: p.Phone, Sex: p.Sex, Protected: p.Protected, Deceased: p.DeceasedDate}
}

type careUnitJSON struct {
	Number     string `json:"number"`
	Name       string `json:"name"`
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	Town       string `json:"town"`
	Phone      string `json:"phone"`
	LocalStore bool   `json:"localStore"`
}

func careUnitOf(c *domain.Customer) *careUnitJSON {
	if c == nil {
		return nil
	}
	return &careUnitJSON{Number: c.Number, Name: c.Name, Street: c.Street, PostalCode: c.PostalCode, Town: c.Town, Phone: c.Phone, LocalStore: c.LocalStore}
}

type holdingRowJSON struct {
	ID              string  `json:"id"`
	Position        int     `json:"position"`
	Recipient       string  `json:"recipient,omitempty"`     // the patient's personnummer; none for the care unit's own
	RecipientName   string  `json:"recipientName,omitempty"` // Efternamn, Förnamn
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
	Purpose         string  `json:"purpose" enum:"rent,buy"`
	PurposeText     string  `json:"purposeText"`
	Owner           string  `json:"owner"`
	DebitForm       string  `json:"debitForm"`
	EndDate         string  `json:"endDate,omitempty"`
	EndReason       string  `json:"endReason,omitempty"`
	ReturnReason    string  `json:"returnReason,omitempty"`     // pickup reason code, for returned holdings
	ReturnReasonTxt string  `json:"returnReasonText,omitempty"` // Behovet upphört …
}

func holdingRowOf(i int, h domain.Holding) holdingRowJSON {
	return holdingRowJSON{ID: strconv.FormatInt(h.ID, 10), Position: i + 1, Recipient: h.RecipientPersonnummer, RecipientName: h.RecipientName, Article: h.ArticleNumber, Name: h.ArticleName, ISOCode: h.ISOCode,
		Unit: strPtr(h.UnitNumber), AttachedUnit: strPtr(h.AttachedUnit), Quantity: h.Quantity, OrderedQuantity: h.OrderedQuantity,
		OrderNumber: h.OrderNumber, OrderDate: h.OrderDate, DeliveryDate: h.DeliveryDate, RentStart: h.RentStart, Customer: h.CustomerNumber,
		Payer: h.PayerNumber, Prescriber: h.Prescriber, Purpose: h.Purpose, PurposeText: domain.PurposeText(h.Purpose),
		Owner: h.Owner, DebitForm: h.DebitForm, EndDate: h.EndDate, EndReason: h.EndReason,
		ReturnReason: h.ReturnReason, ReturnReasonTxt: h.ReturnReasonText}
}

type onOrderLineJSON struct {
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

func onOrderLinesOf(ls []domain.OpenLine) []onOrderLineJSON {
	out := []onOrderLineJSON{}
	for _, l := range ls {
		out = append(out, onOrderLineJSON{Order: l.OrderNumber, Status: l.OrderStatus, StatusText: domain.DocumentStatusText(l.OrderStatus),
			Position: l.Position, Article: l.ArticleNumber, Name: l.ArticleName, DeliveredArticle: l.DeliveredArticle,
			Quantity: l.Quantity, DeliveredQuantity: l.DeliveredQuantity, DispatchDate: l.DispatchDate, ArrivalDate: l.ArrivalDate,
			ComplementUnit: l.ComplementUnit, Component: l.Component, Payer: l.PayerNumber, Customer: l.CustomerNumber})
	}
	return out
}

type holdingsJSON struct {
	Patient  *registryPersonJSON `json:"patient,omitempty"`
	Customer *careUnitJSON       `json:"customer,omitempty"`
	Aids     []holdingRowJSON    `json:"aids"`
	More     bool                `json:"more"`
	Page     int                 `json:"page,omitempty"` // a care unit's list: the page shown
	OnOrder  []onOrderLineJSON   `json:"onOrder"`
}

func holdingsOf(a *service.Aids) holdingsJSON {
	out := holdingsJSON{Patient: registryPersonOf(a.Person), Customer: careUnitOf(a.Customer), Aids: []holdingRowJSON{}, More: a.More, Page: a.Page, OnOrder: onOrderLinesOf(a.OnOrder)}
	for i, h := range a.Holdings {
		out.Aids = append(out.Aids, holdingRowOf(i, h))
	}
	return out
}

func queryBool(r *http.Request, name string, def bool) bool {
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
			OnlyUnits: queryBool(r, "onlyUnits", false), ISO: r.URL.Query().Get("iso"), Returned: returned})
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, holdingsOf(a))
	}
}

func (s *Server) apiCustomerAids(w http.ResponseWriter, r *http.Request) error {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if r.URL.Query().Has("page") && (err != nil || page < 1) {
		return domain.Invalid("page", "Sidan anges med ett heltal från 1.")
	}
	a, err := s.svc.PatientAids(r.Context(), actor(r), service.AidsQuery{Customer: r.PathValue("number"),
		OnlyUnits: queryBool(r, "onlyUnits", false), ISO: r.URL.Query().Get("iso"), Returned: queryBool(r, "returned", false), Page: page})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, holdingsOf(a))
}

type docSummaryJSON struct {
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

func docSummariesOf(ds []domain.DocumentSummary) []docSummaryJSON {
	out := []docSummaryJSON{}
	for _, d := range ds {
		out = append(out, docSummaryJSON{Number: d.Number, Status: d.Status, StatusText: domain.DocumentStatusText(d.Status),
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
	t := domain.ParseTimestamp(ts)
	if t.IsZero() {
		return ts
	}
	return domain.FormatDate(domain.DateOf(t))
}

type recipientDocsJSON struct {
	Patient    *registryPersonJSON `json:"patient,omitempty"`
	Customer   *careUnitJSON       `json:"customer,omitempty"`
	Documents  []docSummaryJSON    `json:"documents"`
	Components []onOrderLineJSON   `json:"components"`
}

func (s *Server) apiRecipientDocs(screen string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.svc.RecipientDocuments(r.Context(), actor(r), r.PathValue("personnummer"), "", screen)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, recipientDocsJSON{Patient: registryPersonOf(d.Person), Customer: careUnitOf(d.Customer),
			Documents: docSummariesOf(d.Docs), Components: onOrderLinesOf(d.Components)})
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
	Purpose           string `json:"purpose" enum:"rent,buy"`
	PurposeText       string `json:"purposeText"`
	UnitPrice         string `json:"unitPrice"`
	DispatchDate      string `json:"dispatchDate"`
	Status            string `json:"status"`
	ComplementUnit    string `json:"complementUnit,omitempty"`
}

type orderOverviewJSON struct {
	Holding    holdingRowJSON      `json:"holding"`
	Patient    *registryPersonJSON `json:"patient,omitempty"`
	Customer   *careUnitJSON       `json:"customer,omitempty"`
	Order      *string             `json:"order"`
	Status     string              `json:"status,omitempty"`
	StatusText string              `json:"statusText,omitempty"`
	Payer      string              `json:"payer"`
	PayerName  string              `json:"payerName"`
	Prescriber string              `json:"prescriber"`
	Registered string              `json:"registered,omitempty"`
	Lines      []overviewLineJSON  `json:"lines"`
}

func (s *Server) apiOrderOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.OrderOverview(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := orderOverviewJSON{Holding: holdingRowOf(0, *o.Holding), Patient: registryPersonOf(o.Recipient.Person), Customer: careUnitOf(o.Recipient.Customer),
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

type holderJSON struct {
	Personnummer string `json:"personnummer,omitempty"`
	Customer     string `json:"customer,omitempty"`
	Name         string `json:"name"`
	Street       string `json:"street"`
	PostalCode   string `json:"postalCode"`
	Town         string `json:"town"`
	Phone        string `json:"phone"`
	Protected    bool   `json:"protected"`
}

type unitHolderJSON struct {
	Recipient    holderJSON `json:"recipient"`
	Customer     string     `json:"customer"`
	Payer        string     `json:"payer"`
	PayerName    string     `json:"payerName"`
	Prescriber   string     `json:"prescriber"`
	RentStart    string     `json:"rentStart"`
	DeliveryDate string     `json:"deliveryDate"`
	Purpose      string     `json:"purpose" enum:"rent,buy"`
}

type unitCardJSON struct {
	Unit               string               `json:"unit"`
	Article            string               `json:"article"`
	Name               string               `json:"name"`
	Serial             string               `json:"serial"`
	Status             string               `json:"status"`
	StatusText         string               `json:"statusText"`
	StatusDate         string               `json:"statusDate"`
	Warehouse          string               `json:"warehouse"`
	WarehouseName      string               `json:"warehouseName"`
	DeliveredFrom      string               `json:"deliveredFrom"`
	Supplier           string               `json:"supplier"`
	PurchaseDate       *string              `json:"purchaseDate"`
	WarrantyUntil      *string              `json:"warrantyUntil"`
	LastMaintenance    *string              `json:"lastMaintenance"`
	LastInspection     *inspectionJSON      `json:"lastInspection"`
	NextInspection     *string              `json:"nextInspection"`
	Blocked            bool                 `json:"blocked"`
	Blocks             []unitBlockJSON      `json:"blocks"`
	Adaptations        []unitAdaptationJSON `json:"adaptations"`
	Components         []unitComponentJSON  `json:"components"`
	Holding            *unitHolderJSON      `json:"holding"`
	WorkOrders         []docSummaryJSON     `json:"workOrders"`
	ComponentsOnTheWay []onOrderLineJSON    `json:"componentsOnTheWay"`
	History            []unitEventJSON      `json:"history"`
}

// inspectionJSON is the last FU of a unit (Senaste FU) with its result.
type inspectionJSON struct {
	Date       string `json:"date"`
	Result     string `json:"result,omitempty" enum:"approved,failed"`
	ResultText string `json:"resultText,omitempty"`
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

type unitAdaptationJSON struct {
	Date string `json:"date"`
	Text string `json:"text"`
}

// unitEventJSON is an event of a unit's history (Individkort, the warehouse's
// unit history).
type unitEventJSON struct {
	At        string `json:"at"`
	Kind      string `json:"kind"`
	KindText  string `json:"kindText"`
	Text      string `json:"text"`
	Reference string `json:"reference,omitempty"`
	User      string `json:"user,omitempty"`
}

func unitEventOf(e domain.UnitEvent) unitEventJSON {
	return unitEventJSON{At: e.At.Format(time.RFC3339), Kind: e.Kind, KindText: domain.UnitEventText(e.Kind), Text: e.Text,
		Reference: e.Reference, User: e.By}
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.UnitCard(r.Context(), actor(r), r.PathValue("unit"))
	if err != nil {
		return err
	}
	u := c.Unit
	out := unitCardJSON{Unit: u.Number, Article: u.ArticleNumber, Name: u.ArticleName, Serial: u.Serial, Status: u.Status,
		StatusText: domain.UnitStatusText(u.Status, unitStatusDate(u)), StatusDate: u.StatusDate, Warehouse: u.Warehouse,
		WarehouseName: u.WarehouseName, DeliveredFrom: u.DeliveredFrom, Supplier: u.Supplier, PurchaseDate: strPtr(u.PurchaseDate),
		WarrantyUntil: strPtr(u.WarrantyUntil), LastMaintenance: strPtr(u.LastMaintenance), Blocked: u.Blocked(), Blocks: unitBlocksOf(u.Blocks),
		NextInspection: strPtr(dateOrEmpty(c.NextInspection)), Adaptations: []unitAdaptationJSON{},
		Components: unitComponentsJSON(u.Components), WorkOrders: docSummariesOf(c.WorkOrders), ComponentsOnTheWay: onOrderLinesOf(c.OnTheWay), History: []unitEventJSON{}}
	if u.LastMaintenance != "" {
		out.LastInspection = &inspectionJSON{Date: u.LastMaintenance, Result: u.LastInspectionResult,
			ResultText: domain.InspectionResultText(u.LastInspectionResult)}
	}
	for _, a := range u.Adaptations {
		out.Adaptations = append(out.Adaptations, unitAdaptationJSON{Date: a.Date, Text: a.Text})
	}
	for _, e := range u.History {
		out.History = append(out.History, unitEventOf(e))
	}
	if h := c.Holding; h != nil {
		hj := &unitHolderJSON{Customer: h.CustomerNumber, Payer: h.PayerNumber, PayerName: c.PayerName, Prescriber: h.Prescriber,
			RentStart: h.RentStart, DeliveryDate: h.DeliveryDate, Purpose: h.Purpose}
		if p := c.Holder.Person; p != nil {
			hj.Recipient = holderJSON{Personnummer: p.Personnummer, Name: p.Name(), Street: p.Street, PostalCode: p.PostalCode,
				Town: p.Town, Phone: p.Phone, Protected: p.Protected}
		} else if cu := c.Holder.Customer; cu != nil {
			hj.Recipient = holderJSON{Customer: cu.Number, Name: cu.Name, Street: cu.Street, PostalCode: cu.PostalCode, Town: cu.Town, Phone: cu.Phone}
		}
		out.Holding = hj
	}
	return writeJSON(w, http.StatusOK, out)
}

// unitStatusDate is the date shown after a status: the manual shows it for a scrapped unit.
func unitStatusDate(u *domain.Unit) string {
	if u.Status == "scrapped" {
		return u.StatusDate
	}
	return ""
}

type catalogArticleJSON struct {
	Number                string `json:"number"`
	Name                  string `json:"name"`
	UnitOfMeasure         string `json:"unitOfMeasure"`
	Status                string `json:"status" enum:"stocked,order_item,discontinued"`
	StatusText            string `json:"statusText"`
	Supplier              string `json:"supplier"`
	SupplierArticleNumber string `json:"supplierArticleNumber"`
	ISOCode               string `json:"isoCode"`
	Product               string `json:"product"`
	ProductName           string `json:"productName"`
	InAssortment          bool   `json:"inAssortment"`
	Individual            bool   `json:"individual"`
	Purpose               string `json:"purpose" enum:"rent,buy"`
	PurposeText           string `json:"purposeText"`
	Balance               *int   `json:"balance,omitempty"`
}

func catalogArticleOf(a domain.Article, withBalance bool) catalogArticleJSON {
	j := catalogArticleJSON{Number: a.Number, Name: a.Name, UnitOfMeasure: a.UnitOfMeasure, Status: a.Status, StatusText: domain.ArticleStatusText(a.Status),
		Supplier: a.Supplier, SupplierArticleNumber: a.SupplierArticleNumber, ISOCode: a.ISOCode, Product: a.Product, ProductName: a.ProductName,
		InAssortment: a.InAssortment, Individual: a.Individual, Purpose: a.Purpose, PurposeText: domain.PurposeText(a.Purpose)}
	if withBalance {
		b := a.Available
		j.Balance = &b
	}
	return j
}

type articleSearchJSON struct {
	Articles  []catalogArticleJSON `json:"articles"`
	More      bool                 `json:"more"`
	Warehouse string               `json:"warehouse,omitempty"`
}

func (s *Server) apiArticles(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	in := service.ArticleSearch{Query: q.Get("q"), Number: q.Get("number"), SupplierArticleNumber: q.Get("supplierArticleNumber"),
		Name: q.Get("name"), Product: q.Get("product"), ProductName: q.Get("productName"), Supplier: q.Get("supplier"),
		All: !queryBool(r, "inAssortment", true), WithBalance: queryBool(r, "withBalance", false)}
	res, err := s.svc.SearchArticles(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	out := articleSearchJSON{Articles: []catalogArticleJSON{}, More: res.More, Warehouse: res.Warehouse}
	for _, a := range res.Articles {
		out.Articles = append(out.Articles, catalogArticleOf(a, in.WithBalance))
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
	catalogArticleJSON
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
	fitJSON
	Picture *string `json:"picture"`
	Manual  *string `json:"manual"`
}

// fitJSON is an article's fit data (SPEC §10.11): the main articles it fits
// (none: any), the side it is mounted on and its size or the sizes it fits.
type fitJSON struct {
	Fits     []string `json:"fits"`
	Side     string   `json:"side" enum:",left,right,both"`
	SideText string   `json:"sideText"`
	Size     string   `json:"size"`
}

func fitOf(fits []string, side domain.Side, size string) fitJSON {
	if fits == nil {
		fits = []string{}
	}
	return fitJSON{Fits: fits, Side: string(side), SideText: domain.SideText(side), Size: size}
}

func todayPriceOf(p *domain.Price) *todayPriceJSON {
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
	out := articlePageJSON{catalogArticleJSON: catalogArticleOf(*a, false), ISOName: a.ISOName, ServiceLevel: a.ServiceLevel, Responsibility: a.Responsibility,
		VisionAid: a.VisionAid, NotOrderable: a.NotOrderable, NotOrderableText: a.NotOrderableText, Description: a.Description,
		Rent: todayPriceOf(p.Rent), Sale: todayPriceOf(p.Sale), OwnWarehouse: p.OwnWarehouse, Balances: []warehouseBalanceJSON{}, BaseConfiguration: []baseComponentJSON{}}
	for _, b := range p.Balances {
		out.Balances = append(out.Balances, warehouseBalanceJSON{Warehouse: b.Warehouse, WarehouseName: b.WarehouseName, Available: b.Available,
			OnHand: b.OnHand, Reserved: b.Reserved, Own: b.Warehouse == p.OwnWarehouse})
	}
	for i, b := range p.BaseComponent {
		out.BaseConfiguration = append(out.BaseConfiguration, baseComponentJSON{Position: i + 1, Article: b.Article, Name: b.Name, Quantity: b.Quantity})
	}
	out.fitJSON = fitOf(p.Fit.Fits, p.Fit.Side, p.Fit.Size)
	if a.HasPicture {
		out.Picture = strPtr("/api/v1/articles/" + a.Number + "/picture")
	}
	if a.HasManual {
		out.Manual = strPtr("/api/v1/articles/" + a.Number + "/manual")
	}
	return writeJSON(w, http.StatusOK, out)
}

type isoRefJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Info string `json:"info,omitempty"`
}

type isoPageJSON struct {
	Code     string               `json:"code"`
	Name     string               `json:"name"`
	Info     string               `json:"info"`
	Parent   *string              `json:"parent"`
	Path     []isoRefJSON         `json:"path"`
	Children []isoRefJSON         `json:"children"`
	Articles []catalogArticleJSON `json:"articles"`
	More     bool                 `json:"more"`
}

func (s *Server) apiISO(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.Catalogue(r.Context(), actor(r), r.PathValue("code"), !queryBool(r, "inAssortment", true))
	if err != nil {
		return err
	}
	out := isoPageJSON{Path: []isoRefJSON{}, Children: []isoRefJSON{}, Articles: []catalogArticleJSON{}, More: c.More}
	if c.Class != nil {
		out.Code, out.Name, out.Info, out.Parent = c.Class.Code, c.Class.Name, c.Class.Info, strPtr(c.Class.ParentCode)
	}
	for _, p := range c.Path {
		out.Path = append(out.Path, isoRefJSON{Code: p.Code, Name: p.Name})
	}
	for _, ch := range c.Children {
		out.Children = append(out.Children, isoRefJSON{Code: ch.Code, Name: ch.Name, Info: ch.Info})
	}
	for _, a := range c.Articles {
		out.Articles = append(out.Articles, catalogArticleOf(a, false))
	}
	return writeJSON(w, http.StatusOK, out)
}

type registryPageJSON struct {
	Persons []registryPersonJSON `json:"persons"`
	Page    int                  `json:"page"`
	More    bool                 `json:"more"`
}

func (s *Server) apiRegistry(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	res, err := s.svc.SearchRegistry(r.Context(), actor(r), service.RegistrySearch{Name: q.Get("name"), Street: q.Get("street"),
		PostalCode: q.Get("postalCode"), Personnummer: q.Get("personnummer"), Town: q.Get("town"), Sex: q.Get("sex"), Page: page})
	if err != nil {
		return err
	}
	out := registryPageJSON{Persons: []registryPersonJSON{}, Page: res.Page, More: res.More}
	for i := range res.Persons {
		out.Persons = append(out.Persons, *registryPersonOf(&res.Persons[i]))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRegistryPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.RegistryPerson(r.Context(), actor(r), r.PathValue("personnummer"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, registryPersonOf(p))
}

type myContactJSON struct {
	Name   *string `json:"name"`
	Phone  *string `json:"phone"`
	Mobile *string `json:"mobile"`
	Email  *string `json:"email"`
}

func (s *Server) apiUpdateMe(w http.ResponseWriter, r *http.Request) error {
	var in myContactJSON
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
	u, err := s.svc.Me(r.Context(), a)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, meOf(u))
}

type myDocumentsJSON struct {
	Orders     myDocGroupsJSON `json:"orders"`
	WorkOrders myDocGroupsJSON `json:"workOrders"`
	Pickups    myDocGroupsJSON `json:"pickupOrders"`
}

type myDocGroupsJSON struct {
	Open      []docSummaryJSON `json:"open"`
	Delivered []docSummaryJSON `json:"delivered"`
}

func (s *Server) apiMyDocuments(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.MyDetails(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, myDocumentsJSON{
		Orders:     myDocGroupsJSON{Open: docSummariesOf(d.OpenOrders), Delivered: docSummariesOf(d.DeliveredOrders)},
		WorkOrders: myDocGroupsJSON{Open: docSummariesOf(d.OpenWorkOrders), Delivered: docSummariesOf(d.ClosedWorkOrders)},
		Pickups:    myDocGroupsJSON{Open: docSummariesOf(d.OpenPickups), Delivered: docSummariesOf(d.ClosedPickups)},
	})
}
