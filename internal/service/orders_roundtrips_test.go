package service_test

import (
	"context"
	"fmt"
	"testing"

	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/storetest"
	"hjalpmedel/internal/testserver"
)

// Under load every round trip to PostgreSQL is a wait to be scheduled again,
// so an API order takes as few as it can: its article facts (before the
// transaction), its key's look-up with the BEGIN, the customer with the
// patient, the stock and at the same time the number with the ids of the
// order and its lines (on a connection of their own), and the rest with the
// COMMIT.
func TestPlacedOrderRoundTripsPostgres(t *testing.T) {
	srv, trips := countingServer(t)
	ctx := context.Background()
	lno := actorOf(t, srv, "K082LNO")
	order := func(key string) service.OrderInput {
		return service.OrderInput{
			DraftInput:     service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: ordertest.Patient}},
			Lines:          []service.LineInput{{Article: ordertest.Chair}, {Article: ordertest.Accessory1, Quantity: 2}},
			IdempotencyKey: key,
		}
	}
	// The first orders prepare the statements on the connections they take.
	for i := range 2 { // of the 3 chairs in stock: the counted order finds one too
		if _, _, err := srv.Svc.PlaceOrder(ctx, lno, order(fmt.Sprint("warm-", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.DB.Ping(ctx); err != nil { // connections used a moment ago: no pings
		t.Fatal(err)
	}
	trips.Reset()
	o, created, err := srv.Svc.PlaceOrder(ctx, lno, order("counted"))
	if err != nil || !created || len(o.Lines) != 5 {
		t.Fatalf("order: %v, created %v, %d lines; want a new order of a chair with its 3 parts and an accessory", err, created, len(o.Lines))
	}
	if got, want := trips.Count(), int64(6); got != want {
		t.Errorf("an API order took %d round trips; want %d:\n%s", got, want, trips)
	}
}

// A delivery of such an order is the warehouse's side of the same load, in
// three round trips: the order locked and read (with the BEGIN), its unit
// taken with what it carries (a message for each line of units), and
// everything else with the COMMIT, the order's read for the answer too.
func TestDeliveryRoundTripsPostgres(t *testing.T) {
	srv, trips := countingServer(t)
	ctx := context.Background()
	lno, lager := actorOf(t, srv, "K082LNO"), actorOf(t, srv, "LAGER")
	var numbers []string
	for range 3 {
		o, _, err := srv.Svc.PlaceOrder(ctx, lno, service.OrderInput{
			DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: ordertest.Patient}},
			Lines:      []service.LineInput{{Article: ordertest.Chair}, {Article: ordertest.Accessory1, Quantity: 2}},
		})
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, o.Number)
	}
	for _, n := range numbers[:2] { // prepare the statements
		if _, err := srv.Svc.DeliverOrder(ctx, lager, n, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.DB.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	trips.Reset()
	res, err := srv.Svc.DeliverOrder(ctx, lager, numbers[2], nil)
	if err != nil || res.Delivered != 2 || res.Order.Status != "delivered" {
		t.Fatalf("delivery: %v, %+v; want both main lines delivered", err, res)
	}
	if got, want := trips.Count(), int64(3); got != want {
		t.Errorf("a delivery took %d round trips; want %d:\n%s", got, want, trips)
	}
}

// countingServer starts a PostgreSQL test server whose round trips are
// counted, with the order fixtures.
func countingServer(t *testing.T) (*testserver.Server, *storetest.RoundTrips) {
	t.Helper()
	var trips *storetest.RoundTrips
	srv := testserver.Start(t, testserver.CountRoundTrips(&trips), testserver.At(t0))
	if err := ordertest.Seed(context.Background(), srv.DB); err != nil {
		t.Fatal(err)
	}
	return srv, trips
}
