package domain

import (
	"fmt"
	"time"
)

// Order is a customer order (kundorder) with its lines; a draft has no number.
type Order struct {
	ID                    int64
	Number                string
	Status                string // draft, registered, partly_delivered, delivered, cancelled
	RecipientPersonnummer string
	RecipientCustomer     string
	RecipientName         string
	CustomerNumber        string
	CustomerName          string
	PayerNumber           string
	PayerName             string
	Warehouse             string
	PrescriberID          int64
	PrescriberUsername    string
	PrescriberName        string
	Urgent                bool
	Delivery              OrderDelivery
	CreatedAt             time.Time
	RegisteredAt          time.Time
	CancelledAt           time.Time
	CancelledBy           string
	Lines                 []OrderLine // in position order; components follow their main line
}

// OrderDelivery is the order's delivery information (Leveransuppgifter).
type OrderDelivery struct {
	Source          string // customer or recipient
	Name            string
	CO              string
	Street          string
	PostalCode      string
	Town            string
	Phone           string
	Mobile          string
	DoorCode        string
	Instructions    string // to the transporter
	WarehouseInfo   string // övrig information to the warehouse
	DeliverTogether bool
	// ChangedOn: the registry changed the recipient's address on this day after
	// the order was registered for delivery to it; to be checked (zero: no flag).
	ChangedOn time.Time
}

// OrderLine is a line of an order; a component of a main aid has ParentID set.
type OrderLine struct {
	ID               int64
	OrderID          int64
	Position         int
	ParentID         int64
	FromBase         bool
	Article          string
	ArticleName      string
	DeliveredArticle string
	DeliveredName    string
	Individual       bool // the delivered article is tracked as units
	ChainNote        string
	Payer            string
	PayerName        string
	Warehouse        string
	Quantity         int
	Purpose          string
	UnitPrice        Ore
	Reserved         int
	Delivered        int
	Dispatch         time.Time
	Arrival          time.Time
	// DispatchBecause and ArrivalBecause are the reasons the rules gave for the
	// dates when they set them (DispatchDate, ArrivalDate): why this date.
	DispatchBecause []Formatted
	ArrivalBecause  []Formatted
	ComplementUnit  string
	Status          string // open, delivered, cancelled
	DeliveredAt     time.Time
	CancelledAt     time.Time
	Units           []string // allocated at picking
}

// Because is why the line has its dates: the dispatch date's reasons, then the arrival's.
func (l OrderLine) Because() []Formatted {
	return append(append([]Formatted{}, l.DispatchBecause...), l.ArrivalBecause...)
}

// Open reports whether the line still waits for delivery.
func (l *OrderLine) Open() bool { return l.Status == "open" }

// OrderFilter selects orders for lists.
type OrderFilter struct {
	PrescriberID int64
	Statuses     []string
	Personnummer string    // the recipient patient
	Name         string    // the recipient patient's name, "Efternamn Förnamn" as in CFR
	Customer     string    // the customer (Kund/leveransadress) the order is under
	From, To     time.Time // registered at or after From and before To (zero: open)
	Limit        int
}

// OrderArticle is what ordering needs to know of an article.
type OrderArticle struct {
	Number           string
	Name             string
	Status           string // stocked, order_item, discontinued
	InAssortment     bool
	Individual       bool
	Purpose          string
	NotOrderable     bool
	NotOrderableText string
	LeadTimeDays     int
	Price            Ore // rent for rent articles, sales price for purchases, valid on the day asked
}

// BaseComponent is one component of an article's base configuration.
type BaseComponent struct {
	Article  string
	Quantity int
}

// OrderFacts is what placing an order reads of the catalogue: the articles
// (unknown numbers absent), and of each article found its base configuration
// and its replacement chain, oldest first (absent: none).
type OrderFacts struct {
	Articles map[string]*OrderArticle
	Base     map[string][]BaseComponent
	Chains   map[string][]string
}

// AccessoryTemplate is a template "Vanligaste tillbehören" with its articles.
type AccessoryTemplate struct {
	Name  string
	Items []TemplateItem
}

// TemplateItem is an accessory of a template.
type TemplateItem struct {
	Article string
	Name    string
	Price   Ore
}

// NewHolding is a delivered item on a recipient.
type NewHolding struct {
	RecipientPersonnummer, RecipientCustomer string
	Article, Unit, AttachedUnit              string
	Quantity                                 int
	Customer, Payer                          string
	PrescriberID                             int64
	Purpose                                  string
	OrderLineID                              int64
	OrderDate, DeliveryDate                  time.Time
}

// RecipientUnit is a unit a recipient holds now (for Kompl. individ).
type RecipientUnit struct {
	Unit, Article, Name string
}

// OrderCustomer is what ordering needs of a customer.
type OrderCustomer struct {
	Number, Name, Street, PostalCode, Town, Phone string
	Payer, PayerName, Warehouse, WarehouseName    string
	RouteWeekdays                                 string
	Daily, LocalStore, Active                     bool
}

// OrderPerson is what ordering needs of a patient.
type OrderPerson struct {
	Personnummer, FirstName, LastName, Street, PostalCode, Town, Phone string
	Protected                                                          bool
}

// PickLine is a line of a pick list. Route is the delivery route (turbil) of
// the order's customer ("" none) and Daily its daily delivery; Location is the
// delivered article's shelf location at the line's warehouse.
type PickLine struct {
	OrderNumber string
	Recipient   string
	Urgent      bool
	Route       string
	Daily       bool
	Location    string
	Line        OrderLine
}

// LineTotal is the line's own price times its quantity.
func (l OrderLine) LineTotal() Ore { return l.UnitPrice * Ore(l.Quantity) }

// JournalRow is a stock-journal row to write (StockMovement is one as read).
type JournalRow struct {
	Warehouse, Article         string
	Unit                       string // the unit that moves; "" for a quantity
	OnHandDelta, ReservedDelta int
	Reason, Reference, User    string
}

// IssueRows are the journal rows of reserved goods leaving a warehouse at
// delivery: one for each unit when the units are given (as many as qty), else
// one for the quantity.
func IssueRows(warehouse, article string, qty int, units []string, ref, user string) ([]JournalRow, error) {
	if len(units) > 0 && len(units) != qty {
		return nil, fmt.Errorf("issue %d of article %s with %d units", qty, article, len(units))
	}
	m := JournalRow{Warehouse: warehouse, Article: article, OnHandDelta: -qty, ReservedDelta: -qty, Reason: "delivery",
		Reference: ref, User: user}
	if len(units) == 0 {
		return []JournalRow{m}, nil
	}
	rows := make([]JournalRow, len(units))
	for i, u := range units {
		rows[i] = m
		rows[i].Unit, rows[i].OnHandDelta, rows[i].ReservedDelta = u, -1, -1
	}
	return rows, nil
}

// ReleaseRow is the journal row of a reservation given back.
func ReleaseRow(warehouse, article string, qty int, ref, user string) JournalRow {
	return JournalRow{Warehouse: warehouse, Article: article, ReservedDelta: -qty, Reason: "release", Reference: ref, User: user}
}
