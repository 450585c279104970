package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
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

// An order's recipient is read with its customer in one round trip; what the
// prescriber is told when the recipient is wrong is unchanged: a personnummer
// that is not one, one not in the registry, a patient and a care unit both,
// and a care unit that does not exist, each on its field, nothing written.
func TestPlaceOrderRefusesAWrongRecipient(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		if err := ordertest.Seed(ctx, srv.DB); err != nil {
			t.Fatal(err)
		}
		lno := actorOf(t, srv, "K082LNO")
		before := countOrders(t, srv)
		missing := "19000101239" + string(domain.LuhnCheckDigit("000101239"))
		for _, tc := range []struct {
			name      string
			recipient service.Recipient
			field     string
			message   string
		}{
			{"a wrong check digit", service.Recipient{Personnummer: "191212121213"}, "personnummer", domain.MsgPersonnummerCheckDigit},
			{"not in the registry", service.Recipient{Personnummer: missing}, "personnummer",
				"Personnummer " + missing + " finns inte i folkbokföringen."},
			{"a patient and a care unit", service.Recipient{Personnummer: ordertest.Patient, Customer: "2990"}, "recipient",
				"Ange antingen patient eller vårdenhet som mottagare, inte båda."},
			{"a care unit that does not exist", service.Recipient{Customer: "0000"}, "recipientCustomer", "Vårdenhet 0000 finns inte."},
		} {
			_, _, err := srv.Svc.PlaceOrder(ctx, lno, service.OrderInput{
				DraftInput: service.DraftInput{Customer: "2990", Recipient: tc.recipient},
				Lines:      []service.LineInput{{Article: ordertest.Accessory1}}, IdempotencyKey: "refused-" + tc.name})
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.EInvalid || de.Fields[tc.field] != tc.message {
				t.Errorf("%s: %v; want %q on %s", tc.name, err, tc.message, tc.field)
			}
		}
		if after := countOrders(t, srv); after != before {
			t.Errorf("orders after the refusals: %d; want the %d before them", after, before)
		}
	})
}

// A repeated order is answered with the first, created false, even where the
// repeat would now be refused: the key is looked up before anything else.
func TestRepeatedOrderAnsweredWithTheFirst(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		if err := ordertest.Seed(ctx, srv.DB); err != nil {
			t.Fatal(err)
		}
		lno := actorOf(t, srv, "K082LNO")
		order := func(key string) service.OrderInput {
			return service.OrderInput{
				DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: ordertest.Patient}},
				Lines:      []service.LineInput{{Article: ordertest.Wheels, Unit: ordertest.HeldUnit}}, IdempotencyKey: key}
		}
		first, created, err := srv.Svc.PlaceOrder(ctx, lno, order("again"))
		if err != nil || !created {
			t.Fatalf("the first order: %v, created %v", err, created)
		}
		repeat := func(when string) {
			t.Helper()
			o, created, err := srv.Svc.PlaceOrder(ctx, lno, order("again"))
			if err != nil || created || o.ID != first.ID || o.Number != first.Number {
				t.Errorf("the repeat %s: %v, created %v, order %+v; want order %s, not created", when, err, created, o, first.Number)
			}
		}
		before := countOrders(t, srv)
		repeat("at once")
		// The patient gives the unit back: a component for it is refused now.
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, "UPDATE holdings SET end_date = ? WHERE unit_number = ? AND end_date IS NULL",
				domain.FormatDate(t0), ordertest.HeldUnit)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := srv.Svc.PlaceOrder(ctx, lno, order("new")); domain.ErrorCode(err) != domain.EInvalid {
			t.Fatalf("a new order for the unit given back: %v; want refused", err)
		}
		repeat("after the unit was given back")
		if after := countOrders(t, srv); after != before {
			t.Errorf("orders after the repeats: %d; want the %d before them", after, before)
		}
	})
}

func countOrders(t *testing.T, srv *testserver.Server) (n int) {
	t.Helper()
	if err := srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM orders", nil, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
