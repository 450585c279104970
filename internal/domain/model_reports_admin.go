package domain

import "time"

// UnitsOutRow counts what is out per ISO class (two digits) and payer.
type UnitsOutRow struct {
	ISOClass, ISOName string
	Payer, PayerName  string
	Units             int // serial-numbered units
	Aids              int // every holding's quantity
}

// StockValueRow is an article's stock in a warehouse valued at the sales price valid on the day.
type StockValueRow struct {
	Warehouse, Article, Name string
	OnHand                   int
	Price                    Ore
	HasPrice                 bool
	Value                    Ore
}

// WorkOrderPriorityRow counts work orders of a priority.
type WorkOrderPriorityRow struct {
	Priority              int
	Open, Overdue, Closed int
}

// WorkOrderTimingCount is how many work orders share a priority, a status, a
// due time and whether they have started: what the overdue rule needs.
type WorkOrderTimingCount struct {
	Priority int
	Status   string
	Due      time.Time
	Started  bool
	N        int
}
