package domain

// AdminCustomer is a row of customers.
type AdminCustomer struct {
	Number, Name, Street, PostalCode, Town, Phone string
	DefaultPayer, Warehouse                       string
	RouteID                                       int64
	RouteName                                     string
	DailyDelivery, LocalStore, Active             bool
}

// Payer is a row of payers.
type Payer struct {
	Number, Name string
	Active       bool
}

// RouteRow is a row of routes (turbil) with its weekdays, e.g. "2,4".
type RouteRow struct {
	ID             int64
	Name, Weekdays string
}

// ActionType is a row of action_types (typ av åtgärd).
type ActionType struct {
	ID                      int64
	Code, Name              string
	SetsMaintenance, Active bool
	// Chargeable: the spare parts of its work orders are billed to the unit's
	// payer (skada/felanvändning, SPEC §7); otherwise they are on the HMC.
	Chargeable bool
}

// PickupReason is a row of pickup_reasons.
type PickupReason struct {
	Code, Name string
	Position   int
}
