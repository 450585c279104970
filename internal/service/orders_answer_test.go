package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// The answer to a placed order is built from what its transaction wrote, not
// read back: it must be the order as FindOrderByID reads it after the commit,
// whatever the order's shape.
func TestPlacedOrderAnswerIsTheStoredOrder(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		if err := ordertest.Seed(ctx, srv.DB); err != nil {
			t.Fatal(err)
		}
		lno := actorOf(t, srv, "K082LNO")
		payers, err := srv.DB.Read().PayersOfUser(ctx, lno.ID)
		if err != nil {
			t.Fatal(err)
		}
		payers = slices.DeleteFunc(payers, func(p string) bool { return p == "2990" })
		if len(payers) == 0 {
			t.Fatal("K082LNO bills no payer but 2990's")
		}
		patient := service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: ordertest.Patient}}
		for _, tc := range []struct {
			name string
			in   service.OrderInput
		}{
			{"a chair with its components changed, to the patient's home", service.OrderInput{DraftInput: patient,
				Lines: []service.LineInput{{Article: ordertest.Chair, Add: []string{ordertest.Accessory1, ordertest.Accessory2},
					Remove: []string{ordertest.ArmRest}}},
				Delivery: service.DeliveryInput{From: "recipient", DoorCode: "1234", Instructions: "Ring på"}}},
			{"a replaced article, one more than the stock, an order item, another payer, urgent", service.OrderInput{DraftInput: patient,
				Lines: []service.LineInput{{Article: ordertest.ChainNew}, {Article: ordertest.LastOne, Quantity: 2},
					{Article: ordertest.OrderItem, Payer: payers[0]}},
				Delivery: service.DeliveryInput{Urgent: true}}},
			{"a care unit's own chair", service.OrderInput{
				DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Customer: "2990"}},
				Lines:      []service.LineInput{{Article: ordertest.Chair}}}},
			{"a component for a unit the patient holds", service.OrderInput{DraftInput: patient,
				Lines: []service.LineInput{{Article: ordertest.Wheels, Unit: ordertest.HeldUnit}}, IdempotencyKey: "k-1"}},
			{"the same again, answered with the order first placed", service.OrderInput{DraftInput: patient,
				Lines: []service.LineInput{{Article: ordertest.Wheels, Unit: ordertest.HeldUnit}}, IdempotencyKey: "k-1"}},
		} {
			o, _, err := srv.Svc.PlaceOrder(ctx, lno, tc.in)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			stored, err := srv.DB.Read().FindOrderByID(ctx, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			answer, _ := json.Marshal(o)
			want, _ := json.Marshal(stored)
			if !bytes.Equal(answer, want) {
				t.Errorf("%s: the answer\n%s\nis not the order stored\n%s", tc.name, answer, want)
			}
		}
	})
}
