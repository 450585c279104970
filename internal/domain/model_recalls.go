package domain

import "time"

// Recall is a registered safety notice (SPEC §10.4).
type Recall struct {
	ID                         int64
	Title, Action, Deadline    string
	SerialFrom, SerialTo       string
	PurchasedFrom, PurchasedTo string
	Status                     string // registered, executed
	CreatedAt                  time.Time
	CreatedBy                  string
	ExecutedAt                 time.Time
	ExecutedBy                 string
	Articles                   []string
	Units                      int // how many units it covers
}

// RecallUnit is a unit a notice covers, where it is now and what was done.
type RecallUnit struct {
	Unit, Article, ArticleName, Serial string
	Status, Warehouse                  string
	Blocked                            bool // the notice's own block is open
	HoldingID                          int64
	Personnummer, PatientName          string
	PatientProtected                   bool
	RecipientCustomer                  string
	Customer, CustomerName             string
	LocalStore                         bool
	PrescriberID                       int64
	PrescriberUsername, PrescriberName string
	DepartmentID                       int64 // the prescriber's service department
	WorkOrder, WorkOrderStatus         string
	PickupOrder, PickupOrderStatus     string
	Informed                           bool
	Location                           string // RecallLocation
	Done                               bool   // RecallUnitDone
}
