package domain

import "time"

// ReorderSetting is an article's reorder point and order quantity at a
// warehouse (beställningspunkt, beställningskvantitet).
type ReorderSetting struct {
	Warehouse, Article, ArticleName string
	ReorderPoint, OrderQuantity     int
}

// ReorderFilter selects reorder settings; empty fields select all.
type ReorderFilter struct {
	Warehouse, Article string
}

// ReorderProposal is an article whose available quantity at a warehouse,
// counting what open purchase orders bring, is at or below its reorder point.
type ReorderProposal struct {
	Warehouse, WarehouseName      string
	Article, ArticleName, Unit    string // Unit is the unit of measure
	SupplierID                    int64
	SupplierName, SupplierArticle string
	OnHand, Reserved, Incoming    int
	ReorderPoint, OrderQuantity   int
	Suggested                     int // ProposalQuantity's answer
}

// Available is on hand minus reserved plus what open purchase orders bring.
func (p ReorderProposal) Available() int { return p.OnHand - p.Reserved + p.Incoming }

// Purchase-order statuses: registered until the first receipt, then partly
// received until every line has come (closed); closing one early ends it as
// it is (closed, or cancelled when nothing came).
const (
	PurchaseRegistered     = "registered"
	PurchasePartlyReceived = "partly_received"
	PurchaseClosed         = "closed"
	PurchaseCancelled      = "cancelled"
)

// PurchaseOrder is an order to a supplier for one warehouse (inköpsorder).
type PurchaseOrder struct {
	ID                       int64
	Number                   string
	SupplierID               int64
	SupplierName             string
	SupplierPhone            string
	SupplierEmail            string
	Warehouse, WarehouseName string
	Status                   string
	Expected                 time.Time // the day the supplier is expected to deliver
	Note                     string
	CreatedAt                time.Time
	CreatedBy                string
	ClosedAt                 time.Time
	Lines                    []PurchaseOrderLine
	Receipts                 []PurchaseReceipt
}

// Open reports whether more is expected on the order.
func (o *PurchaseOrder) Open() bool {
	return o.Status == PurchaseRegistered || o.Status == PurchasePartlyReceived
}

// PurchaseOrderLine is an article on a purchase order.
type PurchaseOrderLine struct {
	ID                             int64
	Position                       int
	Article, ArticleName           string
	SupplierArticle, UnitOfMeasure string
	Individual                     bool
	Quantity, Received             int
}

// Remaining is what is still to come.
func (l PurchaseOrderLine) Remaining() int { return l.Quantity - l.Received }

// PurchaseReceipt is what one receipt brought of one line, with the units it created.
type PurchaseReceipt struct {
	At       time.Time
	By       string
	Article  string
	Quantity int
	Units    []string
}

// PurchaseOrderFilter selects purchase orders: a warehouse, open ones only, a supplier.
type PurchaseOrderFilter struct {
	Warehouse  string
	OpenOnly   bool
	SupplierID int64
	Limit      int
}

// IncomingSupply is what open purchase orders bring of an article to a
// warehouse on one expected day.
type IncomingSupply struct {
	Expected time.Time
	Quantity int
}
