package domain

import (
	"maps"
	"testing"
	"time"
)

func TestProposalQuantity(t *testing.T) {
	tests := []struct {
		name                              string
		available, reorderPoint, quantity int
		want                              int
	}{
		{"above the point: nothing", 4, 3, 10, 0},
		{"at the point: one order quantity", 3, 3, 10, 10},
		{"below the point: one order quantity when it suffices", 0, 3, 10, 10},
		{"one batch is not enough: two", 0, 12, 10, 20},
		{"exactly above after two batches", -7, 12, 10, 20},
		{"just enough to pass the point without an order quantity", 1, 5, 0, 5},
		{"reorder point 0 with nothing available", 0, 0, 4, 4},
		{"backorders make it negative", -3, 0, 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ProposalQuantity(tt.available, tt.reorderPoint, tt.quantity); got != tt.want {
				t.Errorf("ProposalQuantity(%d, %d, %d) = %d, want %d", tt.available, tt.reorderPoint, tt.quantity, got, tt.want)
			}
			if got := ProposalQuantity(tt.available, tt.reorderPoint, tt.quantity); got > 0 && tt.available+got <= tt.reorderPoint {
				t.Errorf("the proposal %d leaves %d at or below the point %d", got, tt.available+got, tt.reorderPoint)
			}
		})
	}
}

func TestPlanPurchaseReceipt(t *testing.T) {
	lines := []PurchaseOrderLine{{Article: "A", Quantity: 10, Received: 4}, {Article: "B", Quantity: 2}}
	tests := []struct {
		name       string
		receipt    []PurchaseReceiptLine
		want       map[string]int
		wantStatus string
		wantErr    string
	}{
		{"part of one line", []PurchaseReceiptLine{{"A", 2}}, map[string]int{"A": 6, "B": 0}, PurchasePartlyReceived, ""},
		{"the rest of one line, another still open", []PurchaseReceiptLine{{"A", 6}}, map[string]int{"A": 10, "B": 0}, PurchasePartlyReceived, ""},
		{"everything remaining closes it", []PurchaseReceiptLine{{"B", 2}, {"A", 6}}, map[string]int{"A": 10, "B": 2}, PurchaseClosed, ""},
		{"one line in two rows", []PurchaseReceiptLine{{"B", 1}, {"B", 1}}, map[string]int{"A": 4, "B": 2}, PurchasePartlyReceived, ""},
		{"more than remains", []PurchaseReceiptLine{{"A", 7}}, nil, "", "Artikel A: 6 återstår att ta emot på inköpsorder 26000001, inte 7."},
		{"more than remains over two rows", []PurchaseReceiptLine{{"B", 2}, {"B", 1}}, nil, "", "Artikel B: 2 återstår att ta emot på inköpsorder 26000001, inte 3."},
		{"an article not ordered", []PurchaseReceiptLine{{"C", 1}}, nil, "", "Artikel C finns inte på inköpsorder 26000001."},
		{"zero", []PurchaseReceiptLine{{"A", 0}}, nil, "", "Artikel A: ange ett antal större än noll."},
		{"nothing", nil, nil, "", "Ange vad som tas emot."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, status, err := PlanPurchaseReceipt("26000001", lines, tt.receipt)
			if tt.wantErr != "" {
				if ErrorCode(err) != EInvalid || ErrorMessage(err) != tt.wantErr || err.(*Error).Fields["lines"] == "" {
					t.Fatalf("err = %v, want invalid %q on lines", err, tt.wantErr)
				}
				return
			}
			if err != nil || status != tt.wantStatus || !maps.Equal(got, tt.want) {
				t.Errorf("= %v, %q, %v; want %v, %q", got, status, err, tt.want, tt.wantStatus)
			}
		})
	}
}

func TestIncomingDate(t *testing.T) {
	d := func(s string) time.Time { return day(t, s) }
	supply := []IncomingSupply{{d("2026-03-20"), 5}, {d("2026-03-12"), 2}}
	tests := []struct {
		name                     string
		available, claimed, need int
		want                     string // "" when the supply does not bring enough
	}{
		{"the first delivery is enough", 0, 0, 2, "2026-03-12"},
		{"waiting lines took the first", 0, 2, 1, "2026-03-20"},
		{"waiting lines took part of the first", 0, 1, 2, "2026-03-20"},
		{"all of it", 0, 0, 7, "2026-03-20"},
		{"what is in stock counts first", 3, 0, 5, "2026-03-12"},
		{"what is in stock went to waiting lines", 3, 4, 2, "2026-03-20"},
		{"not enough", 0, 3, 5, ""},
		{"not enough with the stock", 1, 2, 7, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := IncomingDate(supply, tt.available, tt.claimed, tt.need)
			if ok != (tt.want != "") || ok && got.Format(time.DateOnly) != tt.want {
				t.Errorf("IncomingDate(available %d, claimed %d, need %d) = %v, %v; want %q", tt.available, tt.claimed, tt.need, got, ok, tt.want)
			}
		})
	}
	if _, ok := IncomingDate(nil, 0, 0, 1); ok {
		t.Error("no supply brought something")
	}
}
