package domain

import "time"

// StockLocation is an article's shelf location at a warehouse (lagerplats)
// with what is on hand there.
type StockLocation struct {
	Warehouse, Article, ArticleName string
	Location                        string
	Individual                      bool
	OnHand                          int
}

// LocationFilter selects shelf locations: every set field must match; Location
// is a location or a prefix of one (LocationMatches).
type LocationFilter struct {
	Warehouse, Article, Location string
}

// Count-session statuses: open while counted, then approved (its differences
// journalled) or cancelled; neither changes again.
const (
	CountOpen      = "open"
	CountApproved  = "approved"
	CountCancelled = "cancelled"
)

// CountSession is a count of the articles at a location of a warehouse
// (inventering).
type CountSession struct {
	ID                       int64
	Warehouse, WarehouseName string
	Location                 string // a location, or a prefix of several
	Status                   string
	CreatedAt                time.Time
	CreatedBy                string
	ClosedAt                 time.Time
	ClosedBy                 string // who approved or cancelled it
	Lines                    []CountLine
}

// Open reports whether the count can still be entered, approved or cancelled.
func (c *CountSession) Open() bool { return c.Status == CountOpen }

// CountLine is an article on a count: what was counted and, for an
// individually tracked article, the units found; Expected is what the system
// had on hand when the count was approved.
type CountLine struct {
	Article, ArticleName, UnitOfMeasure string
	Location                            string
	Individual                          bool
	Counted                             int
	IsCounted                           bool
	Expected                            int
	Units                               []CountUnit
}

// CountUnit is a unit on a count: found ("found" when expected, "extra" when
// not), or missing after approval. Code is the unit or serial number as
// entered; Unit the unit it names ("" for an unknown serial until approval
// makes a unit of it).
type CountUnit struct {
	Code, Unit, Outcome string
}

// CountStock is what the system has of an article at the count's warehouse:
// on hand and reserved, and for an individually tracked article its units in
// stock there.
type CountStock struct {
	OnHand, Reserved int
	Units            []CountedUnit
}

// CountedUnit is a unit the system has in stock at a warehouse; a reserved
// one is allocated to an order line (picked, not yet delivered).
type CountedUnit struct {
	Number   string
	Reserved bool
}
