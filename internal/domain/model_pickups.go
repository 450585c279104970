package domain

import "time"

// PickupHolding is a holding as the Hämtorder form lists it.
type PickupHolding struct {
	ID                  int64
	Personnummer        string
	RecipientCustomer   string
	Customer            string
	Article, Name       string
	Unit                string
	AttachedUnit        string // a component attached to this unit follows it
	Quantity            int
	Owner               string // region, other
	DebitForm           string // buyback, sale
	VisionAid           bool
	DeliveryDate        string
	EndDate             string
	OpenPickup          string // number of an open pickup order the holding is on
	InTransfer          bool   // on a BMB not yet answered
	PrescriberID        int64
	CustomerWarehouseID string
	Purpose             string // rent, buy (återköp rules)
	ArticleStatus       string // stocked, order_item, discontinued
}

// PickupOrder is a pickup order (hämtorder) with its items.
type PickupOrder struct {
	ID                 int64
	Number             string
	Status             string // registered, closed, cancelled
	Personnummer       string
	RecipientCustomer  string
	RecipientName      string
	RecipientProtected bool
	Customer           string
	CustomerName       string
	CustomerWarehouse  string
	RouteName          string
	PrescriberID       int64
	PrescriberUsername string
	PrescriberName     string
	ReasonCode         string
	ReasonName         string
	Information        string
	AddressSource      string
	Address            ServiceAddress
	PickupDate         time.Time
	RegisteredAt       time.Time
	ClosedAt           time.Time
	CancelledAt        time.Time
	CancelledBy        string
	// RentStopsAtPickup: a pickup order of a death, whose rent stops at the
	// pickup date even when the aids come in later.
	RentStopsAtPickup bool
	Items             []PickupItem
}

// PickupItem is one holding to collect, with its own status.
type PickupItem struct {
	ID         int64
	HoldingID  int64
	Article    string
	Name       string
	Unit       string
	Quantity   int
	Owner      string
	DebitForm  string
	Purpose    string // rent, buy: a purchase received back is återköp
	Status     string // registered, received, cancelled
	ReceivedAt time.Time
}

// PickupOrderFilter selects pickup orders.
type PickupOrderFilter struct {
	OpenOnly     bool
	Warehouse    string // customers served by this warehouse
	Personnummer string
	Name         string // the recipient patient's name, "Efternamn Förnamn" as in CFR
	Customer     string
	Statuses     []string
	From, To     time.Time // registered at or after From and before To (zero: open)
	NewestFirst  bool      // newest registered first instead of by pickup date and route
	Limit        int
}

// ReconditioningUnit is a returned unit waiting for reconditioning.
type ReconditioningUnit struct {
	Unit, Article, Name, Warehouse string
	Since                          time.Time
	Components                     int
}
