package domain

import "time"

// Warehouse is a row of warehouses.
type Warehouse struct{ Number, Name string }

// NewStockUnit is a unit received into stock.
type NewStockUnit struct {
	Article, Serial, Warehouse, DeliveredFrom string
	PurchaseDate, WarrantyUntil               time.Time
	Reason                                    string // the journal's type; "" a receipt ("count": found by a count)
}

// StockUnit is a unit's place and state.
type StockUnit struct {
	Number, Article, ArticleName, Serial, Warehouse, Status string
	PurchaseDate, WarrantyUntil, StatusDate                 time.Time
}

// StockLevel is a stock row's balance and what it has to promise: on hand,
// less reserved, less its blocked units in stock.
type StockLevel struct {
	OnHand, Reserved, Available int
}

// StockBalance is an article's stock in one warehouse.
type StockBalance struct {
	Warehouse, WarehouseName string
	Article, ArticleName     string
	Individual               bool
	OnHand, Reserved         int
	Location                 string // the shelf location (lagerplats), "" none
}

// Available is on hand minus reserved.
func (b StockBalance) Available() int { return b.OnHand - b.Reserved }

// StockFilter selects balances.
type StockFilter struct {
	Warehouse, Article string
	Limit              int
}

// StockMovement is a row of stock_movements (the stock journal).
type StockMovement struct {
	ID                    int64
	At                    time.Time
	Warehouse, Article    string
	ArticleName           string
	Unit                  string // the unit that moved; "" for a quantity
	OnHandDelta, Reserved int
	Reason, Reference, By string
}

// MovementFilter selects journal rows, newest first: every set field must match;
// the period is From (inclusive) to To (exclusive).
type MovementFilter struct {
	Article, Unit, Warehouse, Reason string
	From, To                         time.Time
	Limit, Offset                    int
}

// UnitEvent is a row of unit_events.
type UnitEvent struct {
	At                        time.Time
	Kind, Text, Reference, By string
}
