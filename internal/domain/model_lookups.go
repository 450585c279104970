package domain

import "strings"

// Person is a registry (CFR) person.
type Person struct {
	Personnummer string
	FirstName    string
	LastName     string
	Street       string
	PostalCode   string
	Town         string
	Phone        string
	Sex          string
	Protected    bool
	DeceasedDate string
}

// Name is the registry's "Efternamn, Förnamn".
func (p *Person) Name() string { return p.LastName + ", " + p.FirstName }

// PersonFilter is a CFR search. Empty fields match everything; at least one of
// the indexed fields (name, street, postal code, personnummer, town) must be set.
type PersonFilter struct {
	Name         string // "Efternamn Förnamn": the first word is a prefix of the last name
	Street       string // prefix
	PostalCode   string // prefix, spaces ignored
	Personnummer string // 12 digits
	Town         string // prefix
	Sex          string // M or K
	Offset       int
	Limit        int
}

// Indexed reports whether the filter has a criterion an index can serve.
func (f PersonFilter) Indexed() bool {
	return len(Words(f.Name)) > 0 || Fold(strings.TrimSpace(f.Street)) != "" || strings.ReplaceAll(f.PostalCode, " ", "") != "" ||
		f.Personnummer != "" || Fold(strings.TrimSpace(f.Town)) != ""
}

// Customer is a care unit (kund) with its delivery address.
type Customer struct {
	Number       string
	Name         string
	Street       string
	PostalCode   string
	Town         string
	Phone        string
	DefaultPayer string
	Warehouse    string
	LocalStore   bool
}

// Holding is something a patient or care unit holds (or held), as the Hjälpmedel screen lists it.
type Holding struct {
	ID                    int64
	RecipientPersonnummer string
	RecipientName         string // the patient's "Efternamn, Förnamn"
	RecipientProtected    bool   // the patient has protected identity
	RecipientCustomer     string
	ArticleNumber         string
	ArticleName           string
	ISOCode               string
	Individual            bool
	UnitNumber            string
	AttachedUnit          string // a component attached to this unit
	Quantity              int    // delivered
	OrderedQuantity       int
	CustomerNumber        string
	PayerNumber           string
	Prescriber            string // user name
	Owner                 string // region, other
	DebitForm             string // buyback, sale
	Purpose               string // rent, buy
	OrderLineID           int64
	OrderNumber           string
	OrderDate             string
	DeliveryDate          string
	RentStart             string
	EndDate               string
	EndReason             string
	ReturnReason          string // code of the reason of the pickup order that received it (Återlämnade hjälpmedel)
	ReturnReasonText      string
}

// HoldingFilter selects holdings of one recipient.
type HoldingFilter struct {
	Personnummer string
	// Customer selects every holding ordered under the care unit: what it
	// holds itself and what it ordered for patients (SPEC §3.3).
	Customer  string
	Returned  bool   // returned holdings instead of current ones
	OnlyUnits bool   // Endast individer
	ISO       string // ISO-kod prefix
	Limit     int
	Offset    int // rows to skip: the pages after the first
}

// OpenLine is an ordered line not yet delivered (onOrder, Komponenter på väg).
type OpenLine struct {
	OrderNumber       string
	OrderStatus       string
	LineID            int64
	Position          int
	ArticleNumber     string
	ArticleName       string
	DeliveredArticle  string
	Quantity          int
	DeliveredQuantity int
	DispatchDate      string
	ArrivalDate       string
	ComplementUnit    string
	Component         bool
	RegisteredAt      string
	PayerNumber       string
	CustomerNumber    string
}

// PersonAids is a person with their holdings and the lines on order for them,
// as the Hjälpmedel screen reads them in one query.
type PersonAids struct {
	Person   Person
	Holdings []Holding
	More     bool       // more holdings than the filter's limit
	OnOrder  []OpenLine // none when the returned holdings are asked for
}

// OpenLineFilter selects open order lines of one recipient or for one unit.
type OpenLineFilter struct {
	Personnummer   string
	Customer       string
	ComplementUnit string // lines ordered to complete this unit (Kompl. individ)
	OnlyComponents bool
}

// OrderOverview is an order as it was placed (Ordinationsöversikt).
type OrderOverview struct {
	ID                    int64
	Number                string
	Status                string
	RecipientPersonnummer string
	RecipientCustomer     string
	CustomerNumber        string
	CustomerName          string
	PayerNumber           string
	PayerName             string
	Prescriber            string
	PrescriberName        string
	RegisteredAt          string
	Lines                 []OrderOverviewLine
}

// OrderOverviewLine is one line of an order overview.
type OrderOverviewLine struct {
	Position          int
	Component         bool
	ArticleNumber     string
	ArticleName       string
	DeliveredArticle  string
	PayerNumber       string
	Quantity          int
	DeliveredQuantity int
	Purpose           string
	UnitPriceOre      int64
	DispatchDate      string
	Status            string
	ComplementUnit    string
}

// UnitCard is a unit with who holds it now, its work orders and the lines on
// their way to complete it, as the Individkort reads them in one query.
type UnitCard struct {
	Unit       Unit
	Holding    *Holding // nil when nobody holds it
	PayerName  string   // the holding's payer
	Person     *Person  // the holder, nil unless a person holds it
	WorkOrders []DocumentSummary
	OnTheWay   []OpenLine
}

// Unit is a serial-tracked physical unit (individ) as the Individkort shows it.
type Unit struct {
	Number          string
	ArticleNumber   string
	ArticleName     string
	Serial          string
	Warehouse       string
	WarehouseName   string
	DeliveredFrom   string
	Supplier        string
	PurchaseDate    string
	WarrantyUntil   string
	Status          string
	StatusDate      string
	LastMaintenance string
	// LastInspectionResult is the result of the last FU (InspectionApproved,
	// InspectionFailed) and InspectionMonths the article's FU interval.
	LastInspectionResult string
	InspectionMonths     int
	Adaptations          []Adaptation
	Components           []UnitComponent
	History              []UnitEvent
	Blocks               []UnitBlock // the open blocks; none means the unit is not blocked
}

// Blocked reports whether the unit has an open block.
func (u *Unit) Blocked() bool { return len(u.Blocks) > 0 }

// Adaptation is a special adaptation done on a unit.
type Adaptation struct {
	Date, Text, Username string
}

// UnitComponent is a component attached to a unit.
type UnitComponent struct {
	ID                         int64
	ArticleNumber, ArticleName string
	Quantity                   int
	AttachedAt                 string
}

// PickedUnit is a unit allocated to an order line, with the components it
// carries from earlier loans (SPEC §10.1).
type PickedUnit struct {
	Number     string
	Components []UnitComponent
}

// Article is a catalogue article as the search and the article page show it.
type Article struct {
	Number                string
	Name                  string
	UnitOfMeasure         string
	ISOCode               string
	ISOName               string
	SupplierID            int64
	Supplier              string
	SupplierArticleNumber string
	Product               string
	ProductName           string
	Status                string
	InAssortment          bool
	Individual            bool
	Purpose               string
	ServiceLevel          string
	Responsibility        string
	VisionAid             bool
	NotOrderable          bool
	NotOrderableText      string
	Description           string
	Available             int // at the warehouse asked for (search with balance)
	HasPicture            bool
	HasManual             bool
}

// ArticleFilter is a Sök artikel search. Every set field must match.
type ArticleFilter struct {
	Number                string // exact
	SupplierArticleNumber string // exact
	Name                  string // words in any order, each a prefix of a word of the name, product or product name
	Product               string // words, each a prefix of a word of the product
	ProductName           string // words, each a prefix of a word of the product name
	SupplierID            int64
	All                   bool   // include articles outside the assortment
	BalanceAt             string // warehouse whose available balance is returned ("" for none)
	ISOCode               string // exact (Varukatalog)
	Limit                 int
}

// Empty reports whether the filter has no criterion.
func (f ArticleFilter) Empty() bool {
	return strings.TrimSpace(f.Number) == "" && strings.TrimSpace(f.SupplierArticleNumber) == "" && len(Words(f.Name)) == 0 &&
		len(Words(f.Product)) == 0 && len(Words(f.ProductName)) == 0 && f.SupplierID == 0 && f.ISOCode == ""
}

// Price is a price valid from a date.
type Price struct {
	AmountOre int64
	ValidFrom string
}

// Balance is the available stock of an article at a warehouse.
type Balance struct {
	Warehouse     string
	WarehouseName string
	OnHand        int
	Reserved      int
	Available     int
}

// OwnWarehouseOf says whose "own warehouse" to find (the prescriber's
// warehouse): the user's own, else the one serving the first of the customers
// that exists; none when neither is.
type OwnWarehouseOf struct {
	Warehouse string
	Customers []string
}

// ArticleSheet is what the article page shows, as one query reads it: the
// article, its prices valid on a day, its balances and the own warehouse, its
// base configuration and its fit data.
type ArticleSheet struct {
	Article           Article
	Prices            map[string]Price // by kind (rent, sale); a kind without a price is missing
	Balances          []Balance        // every warehouse with a stock row, by number
	OwnWarehouse      string           // "" when the user has none
	OwnWarehouseName  string
	BaseConfiguration []ArticleListItem
	Fit               FitPart
}

// ISOClass is an ISO 9999 class, subclass or division.
type ISOClass struct {
	Code       string
	ParentCode string
	Name       string
	Info       string
}

// DocumentSummary is one line of a list of orders, work orders or pickup orders.
type DocumentSummary struct {
	Kind         string // order, workorder, pickup
	Number       string
	Status       string
	Date         string // registered
	Recipient    string // personnummer or customer number
	Article      string // work orders
	Unit         string // work orders
	Priority     int    // work orders
	Customer     string
	Prescriber   string
	ClosedAt     string
	ReasonOrText string
}

// DocumentFilter selects documents of a prescriber or about a person or unit.
type DocumentFilter struct {
	PrescriberID int64
	Personnummer string
	Customer     string
	Unit         string
	Limit        int
}
