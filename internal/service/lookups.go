package service

// The read side of the prescriber portal (manual: Hjälpmedel, Individkort,
// Varukatalog, Sök artikel, CFR, Dina uppgifter). A look-up of a person's data
// is written to the audit log (Patient Data Act); an invalid personnummer is
// refused before anything is read or logged.

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Screens named in the audit log.
const (
	ScreenAids         = "Hjälpmedel"
	ScreenReturned     = "Återlämnade hjälpmedel"
	ScreenWorkOrders   = "Registrerade AO"
	ScreenPickups      = "Hämtorder"
	ScreenComponents   = "Komponenter på väg"
	ScreenTransfers    = "BMB"
	ScreenOrderSummary = "Ordinationsöversikt"
	ScreenUnitCard     = "Individkort"
	ScreenRegistry     = "CFR"
	ScreenAccessLog    = "Loggutdrag"
)

// AidsRecipient is whose aids are looked up: a person or a care unit.
type AidsRecipient struct {
	Person   *domain.Person   // nil for a care unit
	Customer *domain.Customer // nil for a person
}

// Number is the personnummer or the customer number.
func (r AidsRecipient) Number() string {
	if r.Person != nil {
		return r.Person.Personnummer
	}
	if r.Customer != nil {
		return r.Customer.Number
	}
	return ""
}

// AidsQuery is a Hjälpmedel search: a personnummer in any accepted form, or a customer number.
type AidsQuery struct {
	Personnummer string
	Customer     string
	OnlyUnits    bool   // Endast individer
	ISO          string // ISO-kod (prefix)
	Returned     bool   // Återlämnade hjälpmedel
	Page         int    // a care unit's list is paged (CustomerAidsPageSize); 1 is the first
}

// CustomerAidsPageSize is how many of a care unit's aids one page lists: a
// unit that orders for many patients has thousands.
const CustomerAidsPageSize = 100

// Aids is what the Hjälpmedel screen shows.
type Aids struct {
	AidsRecipient
	Holdings []domain.Holding
	More     bool // more holdings than shown (a care unit's: on the next page)
	Page     int  // the page of a care unit's list
	OnOrder  []domain.OpenLine
}

// byCustomer reports whether a look-up names a care unit (a customer number and no personnummer).
func byCustomer(personnummer, customer string) bool {
	return strings.TrimSpace(customer) != "" && strings.TrimSpace(personnummer) == ""
}

// personNotFound is the answer for a personnummer the registry does not have.
func personNotFound() error {
	return &domain.Error{Code: domain.ENotFound, Message: "Personnumret finns inte i folkbokföringsregistret.",
		Fields: map[string]string{"personnummer": "Personnumret finns inte i folkbokföringsregistret."}}
}

// ParseRecipient checks a personnummer or customer number and loads the person or
// the care unit, which must be in the actor's scope. Nothing is logged here.
func (s *Service) ParseRecipient(ctx context.Context, a *Actor, personnummer, customer string) (AidsRecipient, error) {
	q := s.db.Read()
	if byCustomer(personnummer, customer) {
		c, err := q.FindCustomerByNumber(ctx, strings.TrimSpace(customer))
		if domain.ErrorCode(err) == domain.ENotFound {
			return AidsRecipient{}, &domain.Error{Code: domain.ENotFound, Message: "Kundnumret finns inte.",
				Fields: map[string]string{"kund": "Kundnumret finns inte."}}
		}
		if err != nil {
			return AidsRecipient{}, err
		}
		if err := a.MaySee(customerScope(c.Number)); err != nil {
			return AidsRecipient{}, err
		}
		return AidsRecipient{Customer: c}, nil
	}
	pnr, err := domain.ParsePersonnummer(personnummer)
	if err != nil {
		return AidsRecipient{}, err
	}
	p, err := q.FindPersonByNumber(ctx, string(pnr))
	if domain.ErrorCode(err) == domain.ENotFound {
		return AidsRecipient{}, personNotFound()
	}
	if err != nil {
		return AidsRecipient{}, err
	}
	return AidsRecipient{Person: p}, nil
}

// logPerson writes the person.view entry of a look-up and hides a protected
// person's address and phone, so no page or answer can show them.
func (s *Service) logPerson(ctx context.Context, a *Actor, p *domain.Person, screen, entity, entityID string) error {
	if p == nil {
		return nil
	}
	if p.Protected {
		p.Street, p.PostalCode, p.Town, p.Phone = "", "", "", ""
	}
	return s.Audit(ctx, a, Audit{Action: "person.view", Entity: entity, EntityID: entityID,
		Personnummer: p.Personnummer, Screen: screen, Protected: p.Protected})
}

// logListedPatients logs the patients a care unit's list of aids names.
func (s *Service) logListedPatients(ctx context.Context, a *Actor, customer string, hs []domain.Holding) error {
	seen := map[string]bool{}
	var persons []domain.AuditPerson
	for _, h := range hs {
		if h.RecipientPersonnummer != "" && !seen[h.RecipientPersonnummer] {
			seen[h.RecipientPersonnummer] = true
			persons = append(persons, domain.AuditPerson{Personnummer: h.RecipientPersonnummer, Protected: h.RecipientProtected})
		}
	}
	if len(persons) == 0 {
		return nil
	}
	return s.Audit(ctx, a, Audit{Action: "person.list", Entity: "customer", EntityID: customer, Screen: ScreenAids, Persons: persons})
}

// PatientAids is the Hjälpmedel screen: a patient's (or a care unit's) current
// holdings and what is on order, or the returned holdings. A patient's are read
// in one query with the person.
func (s *Service) PatientAids(ctx context.Context, a *Actor, in AidsQuery) (*Aids, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	iso := strings.TrimSpace(in.ISO)
	if iso != "" && !allDigits(iso) {
		return nil, domain.Invalid("iso", "ISO-kod skrivs med siffror, till exempel 1222.")
	}
	f := domain.HoldingFilter{OnlyUnits: in.OnlyUnits, ISO: iso, Returned: in.Returned}
	var out *Aids
	var err error
	if byCustomer(in.Personnummer, in.Customer) {
		out, err = s.customerAids(ctx, a, in, f)
	} else {
		out, err = s.personAids(ctx, a, in, f)
	}
	if err != nil {
		return nil, err
	}
	if !in.Returned {
		out.OnOrder = visible(a, out.OnOrder, openLineScope)
	}
	screen := ScreenAids
	if in.Returned {
		screen = ScreenReturned
	}
	if err := s.logPerson(ctx, a, out.Person, screen, "person", out.Number()); err != nil {
		return nil, err
	}
	return out, nil
}

// personAids reads a patient with their holdings and what is on order for them.
func (s *Service) personAids(ctx context.Context, a *Actor, in AidsQuery, f domain.HoldingFilter) (*Aids, error) {
	pnr, err := domain.ParsePersonnummer(in.Personnummer)
	if err != nil {
		return nil, err
	}
	f.Personnummer = string(pnr)
	pa, err := s.db.Read().FindPersonAids(ctx, f)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, personNotFound()
	}
	if err != nil {
		return nil, err
	}
	return &Aids{AidsRecipient: AidsRecipient{Person: &pa.Person}, Holdings: visible(a, pa.Holdings, holdingScope),
		More: pa.More, Page: in.Page, OnOrder: pa.OnOrder}, nil
}

// customerAids reads a page of a care unit's holdings and what is on order for
// it; the patients its list names are logged.
func (s *Service) customerAids(ctx context.Context, a *Actor, in AidsQuery, f domain.HoldingFilter) (*Aids, error) {
	r, err := s.ParseRecipient(ctx, a, in.Personnummer, in.Customer)
	if err != nil {
		return nil, err
	}
	q := s.db.Read()
	f.Customer = r.Customer.Number
	in.Page = max(in.Page, 1)
	f.Limit, f.Offset = CustomerAidsPageSize, (in.Page-1)*CustomerAidsPageSize
	out := &Aids{AidsRecipient: r, Page: in.Page}
	if out.Holdings, out.More, err = q.FindHoldings(ctx, f); err != nil {
		return nil, err
	}
	out.Holdings = visible(a, out.Holdings, holdingScope)
	// A care unit's list names the patients it ordered for.
	if err := s.logListedPatients(ctx, a, r.Customer.Number, out.Holdings); err != nil {
		return nil, err
	}
	if !in.Returned {
		if out.OnOrder, err = q.FindOpenLines(ctx, domain.OpenLineFilter{Customer: r.Customer.Number}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RecipientDocs is a list about one patient or care unit: its work orders,
// pickup orders, transfers or components on their way.
type RecipientDocs struct {
	AidsRecipient
	Docs       []domain.DocumentSummary
	Components []domain.OpenLine
}

// RecipientDocuments lists the work orders (Registrerade AO), pickup orders
// (Hämtorder) or components on their way (Komponenter på väg) of a recipient.
func (s *Service) RecipientDocuments(ctx context.Context, a *Actor, personnummer, customer, screen string) (*RecipientDocs, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	r, err := s.ParseRecipient(ctx, a, personnummer, customer)
	if err != nil {
		return nil, err
	}
	q := s.db.Read()
	f := domain.DocumentFilter{}
	lf := domain.OpenLineFilter{OnlyComponents: true}
	if r.Person != nil {
		f.Personnummer, lf.Personnummer = r.Person.Personnummer, r.Person.Personnummer
	} else {
		f.Customer, lf.Customer = r.Customer.Number, r.Customer.Number
	}
	out := &RecipientDocs{AidsRecipient: r}
	switch screen {
	case ScreenWorkOrders:
		if r.Person == nil {
			break // work orders are filed per person; a care unit's are found by unit
		}
		out.Docs, err = q.FindWorkOrderSummaries(ctx, f)
	case ScreenPickups:
		out.Docs, err = q.FindPickupSummaries(ctx, f)
	case ScreenComponents:
		out.Components, err = q.FindOpenLines(ctx, lf)
	default:
		return nil, domain.Errorf(domain.ENotFound, "Sidan finns inte.")
	}
	if err != nil {
		return nil, err
	}
	out.Docs = visible(a, out.Docs, summaryScope)
	out.Components = visible(a, out.Components, openLineScope)
	if err := s.logPerson(ctx, a, r.Person, screen, "person", r.Number()); err != nil {
		return nil, err
	}
	return out, nil
}

// OrderSummary is the Ordinationsöversikt of a holding: the order as it was
// placed, with its payer and prescriber; a holding from before the system (no
// order) shows its own facts.
type OrderSummary struct {
	Holding   *domain.Holding
	Recipient AidsRecipient
	Order     *domain.OrderOverview // nil when the holding has no order
	PayerName string
	Customer  string
}

// OrderOverview loads the Ordinationsöversikt of a holding.
func (s *Service) OrderOverview(ctx context.Context, a *Actor, holdingID string) (*OrderSummary, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(holdingID, 10, 64)
	if err != nil {
		return nil, domain.Errorf(domain.ENotFound, "Hjälpmedlet finns inte.")
	}
	q := s.db.Read()
	h, err := q.FindHoldingByID(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Hjälpmedlet finns inte.")
	}
	if err != nil {
		return nil, err
	}
	if err := a.MaySee(customerScope(h.CustomerNumber)); err != nil {
		return nil, err
	}
	out := &OrderSummary{Holding: h, PayerName: q.NameOfPayer(ctx, h.PayerNumber), Customer: q.NameOfCustomer(ctx, h.CustomerNumber)}
	if h.RecipientPersonnummer != "" {
		if out.Recipient.Person, err = q.FindPersonByNumber(ctx, h.RecipientPersonnummer); err != nil {
			return nil, err
		}
	} else if out.Recipient.Customer, err = q.FindCustomerByNumber(ctx, h.RecipientCustomer); err != nil {
		return nil, err
	}
	if h.OrderLineID != 0 {
		if out.Order, err = q.FindOrderOverviewByLine(ctx, h.OrderLineID); err != nil {
			return nil, err
		}
	}
	if err := s.logPerson(ctx, a, out.Recipient.Person, ScreenOrderSummary, "holding", holdingID); err != nil {
		return nil, err
	}
	return out, nil
}

// UnitCard is the Individkort: the unit, who holds it now, work orders and components on their way.
type UnitCard struct {
	Unit       *domain.Unit
	Holding    *domain.Holding // nil when nobody holds it
	Holder     AidsRecipient
	PayerName  string
	WorkOrders []domain.DocumentSummary
	OnTheWay   []domain.OpenLine
	// NextInspection is the unit's next FU (SPEC §10.5): zero when its
	// article has no interval or nobody holds it.
	NextInspection time.Time
	// MayPrintLabel: the user may print the unit's label (SPEC §10.9).
	MayPrintLabel bool
}

// UnitCard loads a unit card in one query (and a care unit that holds it in a
// second). Any staff reader may open any unit (SPEC §5); when
// the unit is held by a person, showing the holder is logged as an access to them.
func (s *Service) UnitCard(ctx context.Context, a *Actor, number string) (*UnitCard, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	number = strings.TrimSpace(number)
	if number == "" {
		return nil, domain.Invalid("individ", "Skriv individnummer.")
	}
	q := s.db.Read()
	c, err := q.FindUnitCard(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "Individen finns inte.", Fields: map[string]string{"individ": "Individen finns inte."}}
	}
	if err != nil {
		return nil, err
	}
	card := &UnitCard{Unit: &c.Unit, Holding: c.Holding, WorkOrders: c.WorkOrders, OnTheWay: c.OnTheWay}
	holdingCustomer := ""
	if card.Holding != nil {
		card.PayerName, card.Holder.Person = c.PayerName, c.Person
		if c.Person == nil {
			if card.Holder.Customer, err = q.FindCustomerByNumber(ctx, c.Holding.RecipientCustomer); err != nil {
				return nil, err
			}
		}
		holdingCustomer = card.Holding.CustomerNumber
		card.NextInspection = domain.NextInspection(domain.ParseDate(c.Unit.LastMaintenance), domain.ParseDate(card.Holding.DeliveryDate), c.Unit.InspectionMonths)
	}
	card.MayPrintLabel = a.Can(LabelRoles...) && a.Sees(unitScope(holdingCustomer))
	if err := s.logPerson(ctx, a, card.Holder.Person, ScreenUnitCard, "unit", number); err != nil {
		return nil, err
	}
	return card, nil
}

// ownWarehouseOf says what "the prescriber's warehouse" is: the user's own,
// or the one that serves the first customer the user is linked to.
func ownWarehouseOf(a *Actor) domain.OwnWarehouseOf {
	return domain.OwnWarehouseOf{Warehouse: a.Warehouse, Customers: a.Customers}
}

// ArticleSearch is a Sök artikel search as the user typed it.
type ArticleSearch struct {
	Number                string
	SupplierArticleNumber string
	Name                  string
	Product               string
	ProductName           string
	Supplier              string // id, or a name (API)
	All                   bool   // Visa: Alla instead of I sortiment
	WithBalance           bool   // Inkl. tillgängligt saldo
	Query                 string // the API's q: article number, supplier article number or name words
	// WithSuppliers: also list every supplier (the web form's choice), read
	// with the own warehouse in one query.
	WithSuppliers bool
}

// ArticleResults is the result list of Sök artikel.
type ArticleResults struct {
	Articles  []domain.Article
	More      bool
	Warehouse string            // whose balance is shown
	Suppliers []domain.Supplier // with ArticleSearch.WithSuppliers
}

// ArticleSearchLimit is how many articles Sök artikel lists, as many as the
// other search lists; when more match, the page asks for a narrower search.
// Each listed article costs its row, its balance and its line of the page:
// two words of a name matched 580 articles on the generated catalogue, and the
// 200 listed before were most of the search's time on both databases.
const ArticleSearchLimit = 100

// SearchArticles runs Sök artikel.
func (s *Service) SearchArticles(ctx context.Context, a *Actor, in ArticleSearch) (*ArticleResults, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	q := s.db.Read()
	f := domain.ArticleFilter{Number: in.Number, SupplierArticleNumber: in.SupplierArticleNumber, Name: in.Name,
		Product: in.Product, ProductName: in.ProductName, All: in.All, Limit: ArticleSearchLimit}
	out := &ArticleResults{}
	var of domain.OwnWarehouseOf // whose balance is shown: nobody's unless asked
	if in.WithBalance {
		of = ownWarehouseOf(a)
	}
	// The own warehouse takes a query only when it is the one serving a customer.
	if in.WithSuppliers || of.Warehouse == "" && len(of.Customers) > 0 {
		var err error
		if out.Warehouse, out.Suppliers, err = q.FindOwnWarehouse(ctx, of, in.WithSuppliers); err != nil {
			return nil, err
		}
	} else {
		out.Warehouse = of.Warehouse
	}
	f.BalanceAt = out.Warehouse
	if sup := strings.TrimSpace(in.Supplier); sup != "" {
		if id, err := strconv.ParseInt(sup, 10, 64); err == nil {
			f.SupplierID = id
		} else if s, err := q.FindSupplierByName(ctx, sup); domain.ErrorCode(err) == domain.ENotFound {
			return &ArticleResults{Suppliers: out.Suppliers}, nil
		} else if err != nil {
			return nil, err
		} else {
			f.SupplierID = s.ID
		}
	}
	if qs := strings.TrimSpace(in.Query); qs != "" {
		// The API's free text: an article number or a supplier article number wins, else name words.
		for _, g := range []domain.ArticleFilter{{Number: qs}, {SupplierArticleNumber: qs}} {
			g.All, g.BalanceAt, g.SupplierID = f.All, f.BalanceAt, f.SupplierID
			arts, _, err := q.FindArticles(ctx, g)
			if err != nil {
				return nil, err
			}
			if len(arts) > 0 {
				out.Articles = arts
				return out, nil
			}
		}
		f.Name = strings.TrimSpace(f.Name + " " + qs)
	}
	if f.Empty() {
		return nil, domain.Invalid("benamning", "Ange minst ett sökbegrepp: artikel, leverantörens artikelnummer, benämning, produkt, produktnamn eller leverantör.")
	}
	var err error
	out.Articles, out.More, err = q.FindArticles(ctx, f)
	return out, err
}

// ArticlePage is the article page: facts, prices valid today, balances with the own warehouse first.
type ArticlePage struct {
	Article       *domain.Article
	Rent, Sale    *domain.Price
	OwnWarehouse  string
	Own           domain.Balance   // the own warehouse (0 when it has no stock row)
	Others        []domain.Balance // Lagersaldo andra lager
	Balances      []domain.Balance // own first, then the others
	BaseComponent []domain.ArticleListItem
	Fit           domain.FitPart // what it fits, as a component (SPEC §10.11); its size as a main aid
}

// Article loads the article page.
func (s *Service) Article(ctx context.Context, a *Actor, number string) (*ArticlePage, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	sh, err := s.db.Read().FindArticleSheet(ctx, strings.TrimSpace(number), domain.FormatDate(s.Today()), ownWarehouseOf(a))
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Artikeln finns inte.")
	}
	if err != nil {
		return nil, err
	}
	p := &ArticlePage{Article: &sh.Article, OwnWarehouse: sh.OwnWarehouse, BaseComponent: sh.BaseConfiguration, Fit: sh.Fit}
	if pr, ok := sh.Prices["rent"]; ok {
		p.Rent = &pr
	}
	if pr, ok := sh.Prices["sale"]; ok {
		p.Sale = &pr
	}
	if p.OwnWarehouse != "" {
		p.Own = domain.Balance{Warehouse: p.OwnWarehouse, WarehouseName: sh.OwnWarehouseName}
	}
	for _, b := range sh.Balances {
		if b.Warehouse == p.OwnWarehouse {
			p.Own = b
		} else {
			p.Others = append(p.Others, b)
		}
	}
	if p.OwnWarehouse != "" {
		p.Balances = append(p.Balances, p.Own)
	}
	p.Balances = append(p.Balances, p.Others...)
	return p, nil
}

// Catalogue is a Varukatalog page: an ISO class with its path, children and articles.
type Catalogue struct {
	Class    *domain.ISOClass  // nil at the top
	Path     []domain.ISOClass // breadcrumbs from the top class down to Class
	Children []domain.ISOClass // subclasses
	Articles []domain.Article  // for a 6-digit division
	More     bool
}

// Catalogue loads the Varukatalog at an ISO code ("" for the top classes).
func (s *Service) Catalogue(ctx context.Context, a *Actor, code string, all bool) (*Catalogue, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	q := s.db.Read()
	out := &Catalogue{}
	if code != "" {
		if !allDigits(code) || len(code)%2 != 0 || len(code) > 6 {
			return nil, domain.Errorf(domain.ENotFound, "ISO-koden finns inte.")
		}
		c, err := q.FindISOClass(ctx, code)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "ISO-koden finns inte.")
		}
		if err != nil {
			return nil, err
		}
		out.Class = c
		for p := c; ; {
			out.Path = append([]domain.ISOClass{*p}, out.Path...)
			if p.ParentCode == "" {
				break
			}
			if p, err = q.FindISOClass(ctx, p.ParentCode); err != nil {
				return nil, err
			}
		}
	}
	var err error
	if out.Children, err = q.FindISOChildren(ctx, code); err != nil {
		return nil, err
	}
	if code != "" && len(out.Children) == 0 || len(code) == 6 {
		out.Articles, out.More, err = q.FindArticles(ctx, domain.ArticleFilter{ISOCode: code, All: all})
	}
	return out, err
}

// RegistrySearch is a CFR search as typed.
type RegistrySearch struct {
	Name, Street, PostalCode, Personnummer, Town, Sex string
	Page                                              int // from 1
}

// RegistryResults is one page of CFR hits.
type RegistryResults struct {
	Persons []domain.Person
	Page    int
	More    bool
}

// RegistryPageSize is how many CFR hits a page shows.
const RegistryPageSize = 25

// SearchRegistry searches the population registry (CFR). The list shows names
// and, except for protected persons, addresses; opening a hit is logged.
func (s *Service) SearchRegistry(ctx context.Context, a *Actor, in RegistrySearch) (*RegistryResults, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	f := domain.PersonFilter{Name: in.Name, Street: in.Street, PostalCode: in.PostalCode, Town: in.Town}
	switch strings.ToUpper(strings.TrimSpace(in.Sex)) {
	case "", "A", "ALLA":
	case "M":
		f.Sex = "M"
	case "K", "F":
		f.Sex = "K"
	default:
		return nil, domain.Invalid("kon", "Välj kön: män, kvinnor eller båda.")
	}
	if strings.TrimSpace(in.Personnummer) != "" {
		pnr, err := domain.ParsePersonnummer(in.Personnummer)
		if err != nil {
			return nil, err
		}
		f.Personnummer = string(pnr)
	}
	if !f.Indexed() {
		return nil, domain.Invalid("namn", "Ange namn, gatuadress, postnummer, personnummer eller postort.")
	}
	if in.Page < 1 {
		in.Page = 1
	}
	f.Limit, f.Offset = RegistryPageSize, (in.Page-1)*RegistryPageSize
	persons, more, err := s.db.Read().FindPersons(ctx, f)
	if err != nil {
		return nil, err
	}
	for i := range persons {
		if persons[i].Protected {
			persons[i].Street, persons[i].PostalCode, persons[i].Town, persons[i].Phone = "", "", "", ""
		}
	}
	return &RegistryResults{Persons: persons, Page: in.Page, More: more}, nil
}

// RegistryPerson opens a CFR hit; the look-up is logged.
func (s *Service) RegistryPerson(ctx context.Context, a *Actor, personnummer string) (*domain.Person, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	r, err := s.ParseRecipient(ctx, a, personnummer, "")
	if err != nil {
		return nil, err
	}
	if err := s.logPerson(ctx, a, r.Person, ScreenRegistry, "person", r.Person.Personnummer); err != nil {
		return nil, err
	}
	return r.Person, nil
}

// MyDetails is Dina uppgifter: the user and their open and finished documents.
type MyDetails struct {
	User                             *domain.User
	OpenOrders, DeliveredOrders      []domain.DocumentSummary
	OpenWorkOrders, ClosedWorkOrders []domain.DocumentSummary
	OpenPickups, ClosedPickups       []domain.DocumentSummary
}

// MyDetails loads Dina uppgifter.
func (s *Service) MyDetails(ctx context.Context, a *Actor) (*MyDetails, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	q := s.db.Read()
	u, err := q.FindUserByID(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	out := &MyDetails{User: u}
	f := domain.DocumentFilter{PrescriberID: a.ID}
	orders, err := q.FindOrderSummaries(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, d := range orders {
		switch d.Status {
		case "registered", "partly_delivered":
			out.OpenOrders = append(out.OpenOrders, d)
		case "delivered":
			out.DeliveredOrders = append(out.DeliveredOrders, d)
		}
	}
	wos, err := q.FindWorkOrderSummaries(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, d := range wos {
		switch d.Status {
		case "registered", "started":
			out.OpenWorkOrders = append(out.OpenWorkOrders, d)
		case "closed":
			out.ClosedWorkOrders = append(out.ClosedWorkOrders, d)
		}
	}
	pus, err := q.FindPickupSummaries(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, d := range pus {
		switch d.Status {
		case "registered":
			out.OpenPickups = append(out.OpenPickups, d)
		case "closed":
			out.ClosedPickups = append(out.ClosedPickups, d)
		}
	}
	return out, nil
}

// ContactInput is the editable part of Dina uppgifter.
type ContactInput struct {
	Name, Phone, Mobile, Email string
}

// Me is the logged-in user as stored now (after UpdateMyContact, say).
func (s *Service) Me(ctx context.Context, a *Actor) (*domain.User, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	return s.db.Read().FindUserByID(ctx, a.ID)
}

// UpdateMyContact changes the user's own name, phone, mobile and e-mail.
func (s *Service) UpdateMyContact(ctx context.Context, a *Actor, in ContactInput) error {
	if err := a.Require(); err != nil {
		return err
	}
	in.Name, in.Phone, in.Mobile, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Phone),
		strings.TrimSpace(in.Mobile), strings.TrimSpace(in.Email)
	fields := map[string]string{}
	if in.Name == "" {
		fields["name"] = "Skriv ditt namn."
	}
	for k, v := range map[string]string{"name": in.Name, "phone": in.Phone, "mobile": in.Mobile, "email": in.Email} {
		if utf8.RuneCountInString(v) > 100 && fields[k] == "" {
			fields[k] = "Högst 100 tecken."
		}
	}
	if in.Email != "" && (!strings.Contains(in.Email, "@") || strings.ContainsAny(in.Email, " <>")) && fields["email"] == "" {
		fields["email"] = "Skriv e-postadressen som namn@exempel.se."
	}
	if len(fields) > 0 {
		msg := "Kontrollera uppgifterna."
		if len(fields) == 1 {
			for _, m := range fields {
				msg = m
			}
		}
		return &domain.Error{Code: domain.EInvalid, Message: msg, Fields: fields}
	}
	before := map[string]string{"name": a.Name, "phone": a.Phone, "mobile": a.Mobile, "email": a.Email}
	after := map[string]string{"name": in.Name, "phone": in.Phone, "mobile": in.Mobile, "email": in.Email}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.UpdateUserContact(ctx, a.ID, in.Name, in.Phone, in.Mobile, in.Email); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.update_contact", Entity: "user", EntityID: a.Username, Before: before, After: after})
	})
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
