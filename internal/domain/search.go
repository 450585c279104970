package domain

import (
	"cmp"
	"slices"
	"time"
)

// Customer service's search lists (SPEC §10.9): orders, pickup orders, work
// orders and transfers found by patient, customer, status and date.

// SearchKind is the kind of document a search lists; the codes are the API's
// path segments (GET /api/v1/search/{kind}).
type SearchKind string

const (
	SearchOrders       SearchKind = "orders"
	SearchPickupOrders SearchKind = "pickuporders"
	SearchWorkOrders   SearchKind = "workorders"
	SearchTransfers    SearchKind = "transfers"
)

// SearchKinds are the kinds in the order of the search page's tabs.
var SearchKinds = []SearchKind{SearchOrders, SearchPickupOrders, SearchWorkOrders, SearchTransfers}

// Name is the kind as the manual names it.
func (k SearchKind) Name() string {
	switch k {
	case SearchOrders:
		return "Kundorder"
	case SearchPickupOrders:
		return "Hämtorder"
	case SearchWorkOrders:
		return "Arbetsorder"
	case SearchTransfers:
		return "BMB"
	}
	return string(k)
}

// Statuses are the status codes a kind's list can be filtered on, in the order
// of the status list. "open" is every document not yet finished: an order not
// wholly delivered, a work order not closed, a transfer not answered (locked or
// not); a pickup order's "registered" already says that.
func (k SearchKind) Statuses() []string {
	switch k {
	case SearchOrders:
		return []string{"open", "registered", "partly_delivered", "delivered", "cancelled"}
	case SearchPickupOrders:
		return []string{"registered", "closed", "cancelled"}
	case SearchWorkOrders:
		return []string{"open", "registered", "started", "closed", "cancelled"}
	case SearchTransfers:
		return []string{"open", string(TransferSent), string(TransferLocked), string(TransferAccepted), string(TransferRejected), string(TransferUnlocked)}
	}
	return nil
}

// StatusText is the Swedish text of one of the kind's statuses.
func (k SearchKind) StatusText(code string) string {
	switch {
	case code == "open":
		return "Öppen"
	case k == SearchTransfers:
		return TransferStatusText(TransferStatus(code))
	case k == SearchWorkOrders && code == "closed":
		return "Avslutad" // the manual's word for a work order done
	}
	return DocumentStatusText(code)
}

// StoredStatuses are the stored statuses an order's, pickup order's or work
// order's status code selects; none for "" (every status). A transfer's locked
// state depends on the time and is chosen by the caller.
func (k SearchKind) StoredStatuses(code string) []string {
	switch {
	case code == "":
		if k == SearchOrders {
			return []string{"registered", "partly_delivered", "delivered", "cancelled"} // never a draft
		}
		return nil
	case code == "open" && k == SearchOrders:
		return []string{"registered", "partly_delivered"}
	case code == "open" && k == SearchWorkOrders:
		return []string{"registered", "started"}
	}
	return []string{code}
}

// PriorityUrgency ranks work-order priorities by how soon the work must be done,
// most urgent first: Akut (4), Brådskande (3), Normal (1), Normal kan vänta
// (2), Besiktning (5), Leverantörsåtgärd (6). The levels' numbers are the
// manual's and do not sort by urgency.
func PriorityUrgency(p int) int {
	switch p {
	case PriorityAcute:
		return 0
	case PriorityUrgent:
		return 1
	case PriorityNormal:
		return 2
	case PriorityCanWait:
		return 3
	case PriorityInspection:
		return 4
	}
	return 5
}

// SortMyWorkOrders orders a technician's own work orders (Mina arbetsordrar):
// the open ones first, the most urgent priority first, then by due time (none
// last) and registration; then the closed ones, the latest closed first.
func SortMyWorkOrders(list []*WorkOrder) {
	open := func(w *WorkOrder) bool { return w.Status == "registered" || w.Status == "started" }
	slices.SortStableFunc(list, func(a, b *WorkOrder) int {
		if oa, ob := open(a), open(b); oa != ob {
			if oa {
				return -1
			}
			return 1
		} else if !oa {
			return cmp.Or(b.ClosedAt.Compare(a.ClosedAt), cmp.Compare(b.Number, a.Number))
		}
		return cmp.Or(cmp.Compare(PriorityUrgency(a.Priority), PriorityUrgency(b.Priority)), compareDue(a.DueAt, b.DueAt),
			a.RegisteredAt.Compare(b.RegisteredAt), cmp.Compare(a.Number, b.Number))
	})
}

// compareDue orders due times, the zero time (no due time) last.
func compareDue(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
