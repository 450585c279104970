package domain

import (
	"database/sql"
	"time"
)

// ServiceAddress is an address block of a work order or pickup order (name, c/o,
// street, post code, town, phone …), and also the address of a person or a
// customer that such a block is filled from.
type ServiceAddress struct {
	Name, CO, Street, PostalCode, Town, Phone, Mobile string
	DoorCode, Instructions                            string
}

// ServicePerson is what the service flows need of a registry person.
type ServicePerson struct {
	Personnummer        string
	FirstName, LastName string
	Address             ServiceAddress
	Protected           bool
}

// FullName is "Efternamn, Förnamn" as the manual writes it.
func (p ServicePerson) FullName() string { return p.LastName + ", " + p.FirstName }

// ServiceCustomer is what the service flows need of a customer (care unit).
type ServiceCustomer struct {
	Number, Name  string
	Address       ServiceAddress
	Warehouse     string
	RouteName     string
	RouteWeekdays string // "2,4"
	DailyDelivery bool
}

// WorkOrderActionType is a type of action (typ av åtgärd) on a work order.
type WorkOrderActionType struct {
	ID              int64
	Code, Name      string
	SetsMaintenance bool
}

// WorkOrderDepartment is a technicians' department (utföres av).
type WorkOrderDepartment struct {
	ID   int64
	Name string
}

// ServiceArticle is an article or unit as the service flows show it.
type ServiceArticle struct {
	Article, Name string
	Unit          string
	UnitStatus    string
	VisionAid     bool
}

// WorkOrder is a work order (arbetsorder) with the names it refers to.
type WorkOrder struct {
	ID                   int64
	Number               string
	Status               string // registered, started, closed, cancelled
	Personnummer         string
	PatientFirstName     string
	PatientLastName      string
	PatientProtected     bool
	Customer             string
	CustomerName         string
	Article, ArticleName string
	Unit                 string
	Priority             int
	ActionTypeID         int64
	ActionTypeCode       string
	ActionTypeName       string
	SetsMaintenance      bool
	Chargeable           bool // the action type's spare parts are billed (skada/felanvändning)
	DepartmentID         int64
	DepartmentName       string
	FaultDescription     string
	AddressMode          string // pickup (Hämtas för åtgärd), onsite (Utföres på plats)
	AddressSource        string // customer, recipient
	Address              ServiceAddress
	PrescriberID         int64
	PrescriberUsername   string
	PrescriberName       string
	RegisteredAt         time.Time
	DueAt                time.Time
	TechnicianUsername   string
	StartedAt, ClosedAt  time.Time
	ActionText           string
	Minutes              sql.NullInt64
	CancelledAt          time.Time
	// ReturnedAt is when customer service or a technician returned the work
	// order to the prescriber to correct (zero: not returned), by whom and why.
	ReturnedAt   time.Time
	ReturnedBy   string
	ReturnReason string
	Notes        []WorkOrderNote
	Parts        []WorkOrderPart
}

// WorkOrderPart is a spare part used on a work order (work_order_parts).
type WorkOrderPart struct {
	ID          int64
	Article     string
	ArticleName string
	Warehouse   string
	Quantity    int
	AddedAt     time.Time
	AddedBy     string
}

// PatientName is "Efternamn, Förnamn", or "" for a work order without a patient.
func (w *WorkOrder) PatientName() string {
	if w.Personnummer == "" {
		return ""
	}
	return w.PatientLastName + ", " + w.PatientFirstName
}

// AtPrescriber reports whether the work order waits for the prescriber's
// correction (SPEC §10.11 Fix in place): returned and not yet sent again.
func (w *WorkOrder) AtPrescriber() bool { return !w.ReturnedAt.IsZero() }

// StatusCode is the work order's status as the API names it: "returned" while
// it waits for the prescriber, else its stored status.
func (w *WorkOrder) StatusCode() string {
	if w.AtPrescriber() {
		return "returned"
	}
	return w.Status
}

// WorkOrderNote is a line of a work order's history: a technician's note, a
// change of priority, its return to the prescriber (the reason) or the
// prescriber's correction (what changed).
type WorkOrderNote struct {
	At       time.Time
	Username string
	Kind     string // note, priority, returned, corrected
	Text     string
}

// WorkOrderFilter selects work orders; empty fields match everything.
type WorkOrderFilter struct {
	Personnummer string
	Name         string // the patient's name, "Efternamn Förnamn" as in CFR
	Unit         string
	Customer     string
	DepartmentID int64
	TechnicianID int64 // taken by this technician
	OpenOnly     bool  // registered or started
	Statuses     []string
	From, To     time.Time // registered at or after From and before To (zero: open)
	// ClosedSince keeps, of the closed work orders, those closed at or after it;
	// the others that are not open are left out (zero: no such condition).
	ClosedSince time.Time
	Limit       int
}
