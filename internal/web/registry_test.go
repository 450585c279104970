package web_test

import (
	"context"
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// Population-register events (SPEC §10.8), each on SQLite and PostgreSQL with
// the demo data, the clock on Monday 2026-12-07.

func registryClock() testserver.Option {
	return testserver.At(time.Date(2026, 12, 7, 9, 0, 0, 0, domain.Stockholm))
}

type registryOutcome struct {
	Changed       []string
	Proposals     []int64
	Messages      int
	FlaggedOrders []string
	Rerouted      struct{ Orders, PickupOrders, WorkOrders []string }
}

type registryEventReply struct {
	ID, Type, Personnummer, Date string
	Outcome                      registryOutcome
}

type proposalReply struct {
	ID, Event, Personnummer, Customer, PickupDate string
	RentStopsAtPickup                             bool
	Items                                         []struct {
		Holding, Article string
		Unit             *string
		Held             bool
	}
}

type registryWorkReply struct {
	Proposals []proposalReply
	Orders    []struct {
		Order, Personnummer string
		DeliveryAddress     struct{ Street string }
		RegistryAddress     *struct{ Street, PostalCode, Town string }
	}
}

// dbText reads one value as text: empty for NULL or no row.
func dbText(t *testing.T, srv *testserver.Server, query string, args ...any) string {
	t.Helper()
	var v sql.NullString
	if err := srv.DB.Read().Get(context.Background(), query, args, &v); err != nil && domain.ErrorCode(err) != domain.ENotFound {
		t.Fatalf("%s: %v", query, err)
	}
	return v.String
}

func postEvent(t *testing.T, c *boClient, ev map[string]any, out *registryEventReply) int {
	t.Helper()
	if out == nil {
		return c.do("POST", "/api/v1/registry/events", ev, nil)
	}
	return c.do("POST", "/api/v1/registry/events", ev, out)
}

// A death: the person is marked deceased, each prescriber who ordered for them
// gets a message, and Att hantera proposes pickup of what they hold; the event
// again changes nothing. Customer service confirms the proposal on the page
// (first without a box ticked: refused, nothing changed) with a later pickup
// date; the warehouse receives the aids after that date, and December's rent
// stops at the pickup date.
func TestRegistryDeathBecomesPickupOrdersAndRentStops(t *testing.T) {
	testserver.Backends(t, []testserver.Option{registryClock()}, func(t *testing.T, srv *testserver.Server) {
		const pnr = "191212121212"
		admin, cs := boLogin(t, srv, "ADMIN"), boLogin(t, srv, "KUNDTJANST")
		ev := map[string]any{"id": "skv-2026-0001", "type": "deceased", "personnummer": pnr, "date": "2026-12-05"}
		if st := postEvent(t, boLogin(t, srv, "K082LNO"), ev, nil); st != 403 {
			t.Fatalf("a prescriber posts an event: %d, want 403", st)
		}
		var first registryEventReply
		if st := postEvent(t, admin, ev, &first); st != 201 {
			t.Fatalf("death: %d", st)
		}
		if len(first.Outcome.Proposals) != 1 || first.Outcome.Messages < 1 || !strings.Contains(strings.Join(first.Outcome.Changed, ","), "deceased") {
			t.Fatalf("outcome %+v", first.Outcome)
		}
		if d := dbText(t, srv, "SELECT deceased_date FROM persons WHERE personnummer = ?", pnr); d != "2026-12-05" {
			t.Errorf("deceased_date %q", d)
		}
		// The same event again: 200 and what the first did; another content under its id: 409.
		var again registryEventReply
		if st := postEvent(t, admin, ev, &again); st != 200 || again.Outcome.Proposals[0] != first.Outcome.Proposals[0] {
			t.Fatalf("repeat: %d %+v", st, again)
		}
		changed := map[string]any{"id": "skv-2026-0001", "type": "deceased", "personnummer": pnr, "date": "2026-12-04"}
		if st := postEvent(t, admin, changed, nil); st != 409 {
			t.Fatalf("same id, other content: %d, want 409", st)
		}
		if n := dbText(t, srv, "SELECT COUNT(*) FROM pickup_proposals WHERE personnummer = ?", pnr); n != "1" {
			t.Fatalf("%s proposals after the repeat", n)
		}
		if n := dbText(t, srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'registry.event' AND entity_id = 'skv-2026-0001'"); n != "1" {
			t.Errorf("%s audit entries of the event", n)
		}
		subject := dbText(t, srv, `SELECT m.subject FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'K082LNO'
			AND m.personnummer = ? ORDER BY m.id DESC`, pnr)
		if !strings.Contains(subject, "Svensson, Testare är avliden") {
			t.Errorf("K082LNO's message: %q", subject)
		}

		var work registryWorkReply
		if st := cs.do("GET", "/api/v1/registry/proposals", nil, &work); st != 200 || len(work.Proposals) != 1 {
			t.Fatalf("Att hantera: %d %+v", st, work)
		}
		p := work.Proposals[0]
		units := map[string]bool{}
		for _, it := range p.Items {
			if it.Unit != nil {
				units[*it.Unit] = it.Held
			}
		}
		if p.Customer != "2990" || !p.RentStopsAtPickup || p.PickupDate != "2026-12-08" || !units["170098"] || !units["157792"] {
			t.Fatalf("proposal %+v", p)
		}

		// The page: a submit without a box ticked is refused and changes nothing.
		cookie := formLogin(t, srv, "KUNDTJANST", demoPassword)
		page := call(t, srv, request{Method: "GET", Path: "/kundtjanst/att-hantera", Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, "Svensson, Testare (191212121212)") || !strings.Contains(page.Body, `name="holdings" value="`+p.Items[0].Holding+`"`) {
			t.Fatalf("Att hantera page: %d\n%.3000s", page.Status, page.Body)
		}
		action := "/kundtjanst/att-hantera/forslag/" + p.ID
		bad := call(t, srv, request{Method: "POST", Path: action, Cookie: cookie, Form: url.Values{"action": {"confirm"}, "pickupDate": {"2026-12-10"}}})
		if bad.Status != 400 || !strings.Contains(bad.Body, "Markera de hjälpmedel som ska hämtas.") || !strings.Contains(bad.Body, `value="2026-12-10"`) {
			t.Fatalf("nothing ticked: %d\n%.3000s", bad.Status, bad.Body)
		}
		past := call(t, srv, request{Method: "POST", Path: action, Cookie: cookie, Form: url.Values{"action": {"confirm"}, "pickupDate": {"2026-12-01"}, "holdings": {p.Items[0].Holding}}})
		if past.Status != 400 || !strings.Contains(past.Body, "Hämtdatum kan inte vara före i dag") {
			t.Fatalf("a pickup date in the past: %d", past.Status)
		}
		if n := dbText(t, srv, "SELECT COUNT(*) FROM pickup_orders WHERE recipient_personnummer = ? AND status = 'registered'", pnr); n != "0" {
			t.Fatalf("a refused form made %s pickup orders", n)
		}
		form := url.Values{"action": {"confirm"}, "pickupDate": {"2026-12-10"}, "addressSource": {"recipient"}}
		for _, it := range p.Items {
			if it.Held {
				form.Add("holdings", it.Holding)
			}
		}
		ok := call(t, srv, request{Method: "POST", Path: action, Cookie: cookie, Form: form})
		if ok.Status != 303 || !strings.HasPrefix(ok.Header.Get("Location"), "/hamtorder/") {
			t.Fatalf("confirm: %d %v\n%.2000s", ok.Status, ok.Header, ok.Body)
		}
		number := strings.TrimSuffix(strings.TrimPrefix(ok.Header.Get("Location"), "/hamtorder/"), "?registrerad=1")
		confirmation := call(t, srv, request{Method: "GET", Path: ok.Header.Get("Location"), Cookie: cookie})
		if !strings.Contains(confirmation.Body, "Hämtorder "+number) || !strings.Contains(confirmation.Body, "2026-12-10") {
			t.Fatalf("confirmation page:\n%.3000s", confirmation.Body)
		}
		if st := cs.do("POST", "/api/v1/registry/proposals/"+p.ID+"/confirm", nil, nil); st != 409 {
			t.Fatalf("confirming again: %d, want 409", st)
		}
		var po struct {
			Number, PickupDate, Reason, Prescriber string
			Items                                  []struct{ Unit *string }
		}
		if st := cs.do("GET", "/api/v1/pickuporders/"+number, nil, &po); st != 200 || po.PickupDate != "2026-12-10" || po.Reason != "deceased" ||
			po.Prescriber != "K082LNO" || len(po.Items) != len(form["holdings"]) {
			t.Fatalf("pickup order %s: %+v", number, po)
		}
		if d := dbText(t, srv, "SELECT status FROM pickup_proposals WHERE id = ?", p.ID); d != "confirmed" {
			t.Errorf("proposal status %q", d)
		}

		// The aids come in on 2026-12-21; rent stopped on the pickup date.
		srv.SetNow(time.Date(2026, 12, 21, 10, 0, 0, 0, domain.Stockholm))
		if st := boLogin(t, srv, "LAGER").do("POST", "/api/v1/pickuporders/"+number+"/receive", nil, nil); st != 200 {
			t.Fatalf("receive: %d", st)
		}
		if d := dbText(t, srv, "SELECT end_date FROM holdings WHERE unit_number = '170098' AND recipient_personnummer = ?", pnr); d != "2026-12-10" {
			t.Errorf("the cushion's holding ends %q, want the pickup date 2026-12-10", d)
		}
		srv.SetNow(time.Date(2027, 1, 4, 10, 0, 0, 0, domain.Stockholm))
		admin = boLogin(t, srv, "ADMIN") // the earlier session has expired
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-12"}, nil); st != 201 {
			t.Fatalf("billing: %d", st)
		}
		var ib struct {
			Lines []struct {
				Unit     *string
				To, Kind string
				Days     int
			}
		}
		if st := admin.do("GET", "/api/v1/billing/runs/2026-12/payers/2990", nil, &ib); st != 200 {
			t.Fatalf("invoice basis: %d", st)
		}
		found := 0
		for _, l := range ib.Lines {
			if l.Unit != nil && (*l.Unit == "170098" || *l.Unit == "157792") {
				found++
				if l.To != "2026-12-09" || l.Days != 9 {
					t.Errorf("unit %s billed to %s, %d days; want to 2026-12-09, 9 days", *l.Unit, l.To, l.Days)
				}
			}
		}
		if found != 2 {
			t.Errorf("%d lines of the cushions: %+v", found, ib.Lines)
		}
	})
}

// Moving out of the region proposes pickup too; customer service dismisses the
// proposal and the aids stay. A later death proposes again.
func TestRegistryMovedOutDismissed(t *testing.T) {
	testserver.Backends(t, []testserver.Option{registryClock()}, func(t *testing.T, srv *testserver.Server) {
		const pnr = "192904150246" // Öberg, Margit
		admin, cs := boLogin(t, srv, "ADMIN"), boLogin(t, srv, "KUNDTJANST")
		var moved registryEventReply
		if st := postEvent(t, admin, map[string]any{"id": "m1", "type": "moved_out", "personnummer": pnr, "date": "2026-12-01"}, &moved); st != 201 ||
			len(moved.Outcome.Proposals) != 1 || moved.Outcome.Messages < 1 {
			t.Fatalf("moved out: %d %+v", st, moved)
		}
		id := moved.Outcome.Proposals[0]
		path := "/api/v1/registry/proposals/" + strconv.FormatInt(id, 10)
		if st := boLogin(t, srv, "LAGER").do("POST", path+"/dismiss", nil, nil); st != 403 {
			t.Fatalf("the warehouse dismisses: %d, want 403", st)
		}
		if st := cs.do("POST", path+"/dismiss", nil, nil); st != 200 {
			t.Fatalf("dismiss: %d", st)
		}
		if st := cs.do("POST", path+"/dismiss", nil, nil); st != 409 {
			t.Fatalf("dismiss again: %d, want 409", st)
		}
		if n := dbText(t, srv, "SELECT COUNT(*) FROM holdings WHERE recipient_personnummer = ? AND end_date IS NULL", pnr); n != "4" {
			t.Errorf("%s holdings left, want the 4 she had", n)
		}
		if d := dbText(t, srv, "SELECT deceased_date FROM persons WHERE personnummer = ?", pnr); d != "" {
			t.Errorf("moving out set a death: %q", d)
		}
		var death registryEventReply
		if st := postEvent(t, admin, map[string]any{"id": "d1", "type": "deceased", "personnummer": pnr, "date": "2026-12-06"}, &death); st != 201 ||
			len(death.Outcome.Proposals) != 1 {
			t.Fatalf("death after moving out: %d %+v", st, death)
		}
		// A second death event only corrects the date.
		var second registryEventReply
		if st := postEvent(t, admin, map[string]any{"id": "d2", "type": "deceased", "personnummer": pnr, "date": "2026-12-05"}, &second); st != 201 ||
			len(second.Outcome.Proposals) != 0 || second.Outcome.Messages != 0 {
			t.Fatalf("second death: %d %+v", st, second)
		}
		if d := dbText(t, srv, "SELECT deceased_date FROM persons WHERE personnummer = ?", pnr); d != "2026-12-05" {
			t.Errorf("deceased_date %q", d)
		}
		// Refusals: an unknown person, a date after today, an unknown type.
		for ev, want := range map[string]int{
			`{"id":"x1","type":"deceased","personnummer":"191111111111","date":"2026-12-01"}`:                                                  400,
			`{"id":"x2","type":"deceased","personnummer":"19331130139` + string(domain.LuhnCheckDigit("331130139")) + `","date":"2026-12-01"}`: 404,
			`{"id":"x3","type":"deceased","personnummer":"` + pnr + `","date":"2026-12-08"}`:                                                   400,
			`{"id":"x4","type":"married","personnummer":"` + pnr + `","date":"2026-12-01"}`:                                                    400,
		} {
			if st, b := admin.raw("POST", "/api/v1/registry/events", []byte(ev)); st != want {
				t.Errorf("%s: %d %s, want %d", ev, st, b, want)
			}
		}
	})
}

// An address change updates the person (the registry search finds the new
// street) and flags the open order delivered to their home; customer service
// puts the new address on it. A name change updates the name.
func TestRegistryAddressAndNameChange(t *testing.T) {
	testserver.Backends(t, []testserver.Option{registryClock()}, func(t *testing.T, srv *testserver.Server) {
		const pnr = "194503023352" // Johansson, Bertil
		ctx := context.Background()
		o, _, err := srv.Svc.PlaceOrder(ctx, actorNamed(t, srv, "K082LNO"), service.OrderInput{
			DraftInput: service.DraftInput{Customer: "2990", Recipient: service.Recipient{Personnummer: pnr}},
			Lines:      []service.LineInput{{Article: "11336"}}, Delivery: service.DeliveryInput{From: "recipient"}})
		if err != nil {
			t.Fatalf("order: %v", err)
		}
		admin := boLogin(t, srv, "ADMIN")
		var res registryEventReply
		ev := map[string]any{"id": "a1", "type": "address_changed", "personnummer": pnr, "date": "2026-12-04",
			"address": map[string]string{"street": "Ripvägen 3", "postalCode": "981 40", "town": "Kiruna"}}
		if st := postEvent(t, admin, ev, &res); st != 201 || len(res.Outcome.FlaggedOrders) != 1 || res.Outcome.FlaggedOrders[0] != o.Number {
			t.Fatalf("address change: %d %+v", st, res)
		}
		var hits struct {
			Persons []struct{ Personnummer, Street, Town string }
		}
		if st := admin.do("GET", "/api/v1/registry?street=ripvagen", nil, &hits); st != 200 || len(hits.Persons) != 1 ||
			hits.Persons[0].Personnummer != pnr || hits.Persons[0].Town != "KIRUNA" {
			t.Fatalf("registry search for the new street: %d %+v", st, hits)
		}
		var work registryWorkReply
		if st := boLogin(t, srv, "KUNDTJANST").do("GET", "/api/v1/registry/proposals", nil, &work); st != 200 || len(work.Orders) != 1 ||
			work.Orders[0].RegistryAddress == nil || work.Orders[0].RegistryAddress.Street != "Ripvägen 3" ||
			work.Orders[0].DeliveryAddress.Street != "Hjalmar Lundbohmsvägen 22" {
			t.Fatalf("flagged orders: %+v", work.Orders)
		}
		lno := formLogin(t, srv, "K082LNO", demoPassword)
		if page := call(t, srv, request{Method: "GET", Path: "/kundorder/order/" + o.Number, Cookie: lno}); !strings.Contains(page.Body,
			"Kontrollera adressen: patienten har fått en ny adress i folkbokföringen 2026-12-04.") {
			t.Errorf("the order page does not show the flag:\n%.3000s", page.Body)
		}
		cookie := formLogin(t, srv, "KUNDTJANST", demoPassword)
		r := call(t, srv, request{Method: "POST", Path: "/kundtjanst/att-hantera/order/" + o.Number, Cookie: cookie, Form: url.Values{"action": {"use"}}})
		if r.Status != 303 {
			t.Fatalf("use the new address: %d %s", r.Status, r.Body)
		}
		if st := dbText(t, srv, "SELECT address_street || ' ' || address_postal_code || ' ' || address_town || '|' || COALESCE(address_changed_on, '') FROM orders WHERE number = ?", o.Number); st != "Ripvägen 3 98140 KIRUNA|" {
			t.Errorf("order address %q", st)
		}
		if r := call(t, srv, request{Method: "POST", Path: "/kundtjanst/att-hantera/order/" + o.Number, Cookie: cookie, Form: url.Values{"action": {"keep"}}}); r.Status != 404 {
			t.Errorf("a second answer: %d, want 404", r.Status)
		}
		if n := dbText(t, srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'order.address_checked' AND entity_id = ?", o.Number); n != "1" {
			t.Errorf("%s audit entries of the check", n)
		}

		if st := postEvent(t, admin, map[string]any{"id": "n1", "type": "name_changed", "personnummer": pnr, "date": "2026-12-04",
			"firstName": "Bertil", "lastName": "Järvi"}, nil); st != 201 {
			t.Fatalf("name change: %d", st)
		}
		if st := admin.do("GET", "/api/v1/registry?name=jarvi", nil, &hits); st != 200 || len(hits.Persons) != 1 || hits.Persons[0].Personnummer != pnr {
			t.Fatalf("registry search for the new name: %d %+v", st, hits)
		}
	})
}

// Protected identity set: every document that went to the person's home (a
// delivered order, a pickup order, a work order) now goes via the customer, and
// no page, PDF, CSV or API answer of any route shows their street or phone, as
// any role. A new home delivery is refused. Removing the protection leaves the
// documents with the customer.
func TestRegistryProtectedIdentityHidesAddressEverywhere(t *testing.T) {
	testserver.Backends(t, []testserver.Option{registryClock()}, func(t *testing.T, srv *testserver.Server) {
		const pnr, street, phone = "196209093951", "Gammelstadsvägen 31", "0920-25 40 18" // Wikström, Jonas
		seed := seedProtectedPersonDocuments(t, srv, pnr)
		order := dbText(t, srv, "SELECT number FROM orders WHERE recipient_personnummer = ? AND number IS NOT NULL ORDER BY id", pnr)
		home := `address_source = 'recipient', address_name = 'Wikström, Jonas', address_street = 'Gammelstadsvägen 31',
			address_postal_code = '95432', address_town = 'GAMMELSTAD', address_phone = '0920-25 40 18'`
		mustExec(t, srv, "UPDATE orders SET "+home+", address_mobile = '0920-25 40 18' WHERE number = ?", order)
		mustExec(t, srv, "UPDATE pickup_orders SET "+home+" WHERE number = ?", seed.Pickup)
		mustExec(t, srv, "UPDATE work_orders SET "+home+", address_mode = 'onsite' WHERE number = ?", seed.WorkOrder)

		var res registryEventReply
		admin := boLogin(t, srv, "ADMIN")
		if st := postEvent(t, admin, map[string]any{"id": "p1", "type": "protected_set", "personnummer": pnr, "date": "2026-12-04"}, &res); st != 201 {
			t.Fatalf("protected_set: %d", st)
		}
		rr := res.Outcome.Rerouted
		if strings.Join(rr.Orders, ",") != order || strings.Join(rr.PickupOrders, ",") != seed.Pickup || strings.Join(rr.WorkOrders, ",") != seed.WorkOrder {
			t.Fatalf("rerouted %+v; want order %s, pickup %s, work order %s", rr, order, seed.Pickup, seed.WorkOrder)
		}
		for _, table := range []string{"orders", "pickup_orders", "work_orders"} {
			if n := dbText(t, srv, "SELECT COUNT(*) FROM "+table+" WHERE address_street = ? OR address_phone = ?", street, phone); n != "0" {
				t.Errorf("%s: %s documents keep the home address", table, n)
			}
		}
		if got, want := dbText(t, srv, "SELECT address_street FROM pickup_orders WHERE number = ?", seed.Pickup),
			dbText(t, srv, "SELECT c.street FROM pickup_orders p JOIN customers c ON c.number = p.customer_number WHERE p.number = ?", seed.Pickup); got != want {
			t.Errorf("the pickup order goes to %q, want the customer's %q", got, want)
		}

		objects := map[string]string{
			"holding":      dbText(t, srv, "SELECT id FROM holdings WHERE recipient_personnummer = ? ORDER BY id", pnr),
			"unit":         dbText(t, srv, "SELECT unit_number FROM holdings WHERE recipient_personnummer = ? AND unit_number IS NOT NULL ORDER BY id", pnr),
			"article":      dbText(t, srv, "SELECT article_number FROM holdings WHERE recipient_personnummer = ? ORDER BY id", pnr),
			"customer":     "3110",
			"order":        order,
			"home_order":   order,
			"workorder":    seed.WorkOrder,
			"pickup":       seed.Pickup,
			"transfer":     seed.Transfer,
			"month":        dbText(t, srv, "SELECT month FROM billing_lines WHERE recipient = ? ORDER BY id", pnr),
			"payer":        dbText(t, srv, "SELECT payer_number FROM billing_lines WHERE recipient = ? ORDER BY id", pnr),
			"billing_line": dbText(t, srv, "SELECT id FROM billing_lines WHERE recipient = ? ORDER BY id", pnr),
			"draft":        seed.Draft,
			"personnummer": pnr,
			"iso":          "1222",
		}
		seed.addTo(objects)
		variants := []string{"",
			url.Values{"personnummer": {pnr}, "personnr": {pnr}, "person": {pnr}, "mottagare": {pnr}}.Encode(),
			url.Values{"personnummer": {pnr}, "personnr": {pnr}, "format": {"csv"}}.Encode(),
			url.Values{"personnummer": {pnr}, "personnr": {pnr}, "format": {"pdf"}}.Encode(),
			url.Values{"name": {"Wikström"}, "namn": {"Wikström"}, "kund": {"3110"}, "customer": {"3110"}}.Encode(),
		}
		var shown int
		walkGetRoutes(t, srv, []string{"K082KBN", "KUNDTJANST", "LAGER", "TEKNIKER", "ADMIN"}, objects, variants, func(p, user string, r reply) {
			text := r.Body
			if strings.HasPrefix(r.Header.Get("Content-Type"), "application/pdf") && r.Status == 200 {
				text = pdftest.Text(t, []byte(r.Body))
			}
			if strings.Contains(text, pnr) || strings.Contains(text, "Wikström") {
				shown++
			}
			for _, s := range []string{street, phone, "25 40 18"} {
				if strings.Contains(text, s) {
					t.Errorf("%s as %s (%d) shows %q of a protected identity", p, user, r.Status, s)
				}
			}
		})
		if shown < 20 {
			t.Fatalf("only %d answers showed the person: are the paths filled?", shown)
		}

		// A new home delivery is refused; removing the protection leaves the documents with the customer.
		_, _, err := srv.Svc.PlaceOrder(context.Background(), actorNamed(t, srv, "K082KBN"), service.OrderInput{
			DraftInput: service.DraftInput{Customer: "3110", Recipient: service.Recipient{Personnummer: pnr}},
			Lines:      []service.LineInput{{Article: "11336"}}, Delivery: service.DeliveryInput{From: "recipient"}})
		if domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("home delivery to a protected identity: %v", err)
		}
		if st := postEvent(t, admin, map[string]any{"id": "p2", "type": "protected_removed", "personnummer": pnr, "date": "2026-12-06"}, nil); st != 201 {
			t.Fatalf("protected_removed: %d", st)
		}
		if got := dbText(t, srv, "SELECT CASE WHEN protected THEN 'yes' ELSE 'no' END FROM persons WHERE personnummer = ?", pnr); got != "no" {
			t.Errorf("protected after removal: %s", got)
		}
		if got := dbText(t, srv, "SELECT address_source FROM pickup_orders WHERE number = ?", seed.Pickup); got != "customer" {
			t.Errorf("the pickup order went back to %q", got)
		}
	})
}

// The same event sent at once by several clients is applied once: one 201,
// the others 200 with the same outcome, one proposal.
func TestRegistryEventRace(t *testing.T) {
	testserver.Backends(t, []testserver.Option{registryClock()}, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		ev := map[string]any{"id": "race-1", "type": "deceased", "personnummer": "192703301396", "date": "2026-12-05"}
		const n = 8
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], _ = admin.raw("POST", "/api/v1/registry/events", ev)
			}()
		}
		wg.Wait()
		created := 0
		for _, st := range statuses {
			switch st {
			case 201:
				created++
			case 200:
			default:
				t.Errorf("status %d", st)
			}
		}
		if created != 1 {
			t.Errorf("%d created, want 1: %v", created, statuses)
		}
		if c := dbText(t, srv, "SELECT COUNT(*) FROM pickup_proposals WHERE event_id = 'race-1'"); c != "1" {
			t.Errorf("%s proposals", c)
		}
	})
}
