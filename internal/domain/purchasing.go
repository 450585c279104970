package domain

import (
	"slices"
	"time"
)

// Purchasing (inköp, SPEC §10.9): reorder proposals, receipts against a
// purchase order, and open purchase orders as incoming stock.

// ProposalQuantity is how much to order of an article whose available
// quantity (on hand − reserved + incoming) is at or below its reorder point:
// the order quantity, as many times as it takes to bring the available
// quantity above the point; nothing above the point. An order quantity below
// one orders just enough.
func ProposalQuantity(available, reorderPoint, orderQuantity int) int {
	if available > reorderPoint {
		return 0
	}
	batch := max(orderQuantity, 1)
	short := reorderPoint - available + 1
	return (short + batch - 1) / batch * batch
}

// PurchaseReceiptLine is how much of an article a receipt brings.
type PurchaseReceiptLine struct {
	Article  string
	Quantity int
}

// PlanPurchaseReceipt checks a receipt against a purchase order's lines (a
// line receives at least one and at most what remains; an article not on the
// order is refused) and returns the lines' received quantities after it and
// the order's status: closed when every line has come, else partly received.
// The field of every message is "lines".
func PlanPurchaseReceipt(number string, lines []PurchaseOrderLine, receipt []PurchaseReceiptLine) (map[string]int, string, error) {
	if len(receipt) == 0 {
		return nil, "", Invalid("lines", "Ange vad som tas emot.")
	}
	received := map[string]int{}
	for _, l := range lines {
		received[l.Article] = l.Received
	}
	for _, r := range receipt {
		i := slices.IndexFunc(lines, func(l PurchaseOrderLine) bool { return l.Article == r.Article })
		switch {
		case i < 0:
			return nil, "", Invalidf("lines", "Artikel %s finns inte på inköpsorder %s.", r.Article, number)
		case r.Quantity < 1:
			return nil, "", Invalidf("lines", "Artikel %s: ange ett antal större än noll.", r.Article)
		}
		received[r.Article] += r.Quantity
		if l := lines[i]; received[r.Article] > l.Quantity {
			return nil, "", Invalidf("lines", "Artikel %s: %d återstår att ta emot på inköpsorder %s, inte %d.",
				r.Article, l.Quantity-l.Received, number, received[r.Article]-l.Received)
		}
	}
	status := PurchaseClosed
	for _, l := range lines {
		if received[l.Article] < l.Quantity {
			status = PurchasePartlyReceived
		}
	}
	return received, status, nil
}

// IncomingDate is the expected day on which open purchase orders have brought
// enough of an article for need more: what is available now (on hand −
// reserved) and what comes, in expected-date order, go first to the order
// lines already waiting for it (claimed). It reports false when the open
// purchase orders do not bring enough.
func IncomingDate(supply []IncomingSupply, available, claimed, need int) (time.Time, bool) {
	sorted := slices.Clone(supply)
	slices.SortStableFunc(sorted, func(a, b IncomingSupply) int { return a.Expected.Compare(b.Expected) })
	have := available - claimed
	for _, s := range sorted {
		have += s.Quantity
		if have >= need {
			return s.Expected, true
		}
	}
	return time.Time{}, false
}
