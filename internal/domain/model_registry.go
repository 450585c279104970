package domain

import "time"

// RegistryEventRow is a row of registry_events.
type RegistryEventRow struct {
	ID           string
	Type         string
	Personnummer string
	Date         time.Time
	Payload      string // the event as received (JSON)
	ReceivedAt   time.Time
	ReceivedBy   string
	Outcome      string // what it did (JSON)
}

// Rerouted are the documents whose address a protected identity moved to the customer.
type Rerouted struct {
	Orders     []string `json:"orders,omitempty"`
	Pickups    []string `json:"pickupOrders,omitempty"`
	WorkOrders []string `json:"workOrders,omitempty"`
}

// Empty reports whether nothing was moved.
func (r Rerouted) Empty() bool { return len(r.Orders)+len(r.Pickups)+len(r.WorkOrders) == 0 }

// PickupProposal is a proposed pickup order of Att hantera (pickup_proposals).
type PickupProposal struct {
	ID                 int64
	EventID            string
	EventType          string
	EventDate          time.Time
	Personnummer       string
	PersonName         string
	PersonProtected    bool
	Customer           string
	CustomerName       string
	ReasonCode         string
	Information        string
	PickupDate         time.Time
	Status             string // open, confirmed, dismissed
	CreatedAt          time.Time
	HandledAt          time.Time
	HandledBy          string
	PickupOrder        string // the number of the pickup order it became
	Items              []ProposalItem
	RentStopsAtPickup  bool
	PrescriberID       int64 // the prescriber of its first holding that names one; 0: none
	CustomerWarehouse  string
	CustomerRouteDays  string
	CustomerDailyRoute bool
}

// ProposalItem is a holding a proposal would collect, as it is now.
type ProposalItem struct {
	HoldingID int64
	Article   string
	Name      string
	Unit      string
	Quantity  int
	Ended     bool   // the holding has ended since (returned, transferred)
	OnPickup  string // an open pickup order it is on
}

// Held reports whether the item can still be collected: held and on no pickup order.
func (it ProposalItem) Held() bool { return !it.Ended && it.OnPickup == "" }

// FlaggedOrder is an open order whose delivery address is to be checked after
// the recipient's address changed in the registry.
type FlaggedOrder struct {
	Number           string
	Personnummer     string
	PersonName       string
	Customer         string
	ChangedOn        time.Time
	DeliveryStreet   string
	DeliveryPostal   string
	DeliveryTown     string
	RegistryStreet   string
	RegistryPostal   string
	RegistryTown     string
	PersonProtected  bool
	AddressIsCurrent bool // the delivery address already is the registry's
}
