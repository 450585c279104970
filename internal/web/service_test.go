package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// serviceNow is a Wednesday morning in Sweden: priority 1 is due Monday, a pickup
// for the daily-delivery customer 2990 is collected on Thursday.
var serviceNow = time.Date(2026, 11, 25, 10, 0, 0, 0, domain.Stockholm)

func mustStatus(t *testing.T, r reply, status int) map[string]any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	return r.JSON(t)
}

func auditCount(t *testing.T, srv *testserver.Server, action, entityID string) int {
	t.Helper()
	var n int
	if err := srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity_id = ?",
		[]any{action, entityID}, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func dbString(t *testing.T, srv *testserver.Server, query string, args ...any) string {
	t.Helper()
	var s string
	if err := srv.DB.Read().Get(context.Background(), query, args, &s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

// Arbetsorder through the API: defaults, due times, the technician's queue and
// closing with the message to the prescriber (SPEC §9 workorders).
func TestWorkOrderAPI(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}

		acute := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"104901",
			"priority":4,"faultDescription":"Ingen ringsignal - trasig?","address":{"mode":"onsite","doorCode":"1234"}}`), 201)
		number, _ := acute["number"].(string)
		if !domain.ValidDocNumber(number) || !strings.HasPrefix(number, "26") {
			t.Fatalf("number %q", number)
		}
		want := map[string]any{"status": "registered", "article": "23993", "name": "Telefontillkoppling", "unit": "104901",
			"actionType": "corrective", "actionTypeText": "Avhjälpande underhåll", "performedBy": "Hjälpmedelstekniker Boden",
			"due": "2026-11-26T10:00:00+01:00", "dueDate": "2026-11-26", "dueKind": "done", "prescriber": "K082LNO"}
		for k, v := range want {
			if acute[k] != v {
				t.Errorf("%s = %v, want %v", k, acute[k], v)
			}
		}
		addr := acute["address"].(map[string]any)
		if addr["street"] != "Hedenbrovägen 1" || addr["town"] != "BODEN" || addr["doorCode"] != "1234" || addr["mode"] != "onsite" || addr["source"] != "customer" {
			t.Errorf("address from the customer with the door code: %v", addr)
		}

		got := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders/" + number, Bearer: lno}), 200)
		if got["due"] != "2026-11-26T10:00:00+01:00" {
			t.Errorf("GET due = %v", got["due"])
		}
		normal := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"75082","faultDescription":"Laddar inte."}`), 201)
		if normal["priority"] != 1.0 || normal["due"] != "2026-11-30T23:59:59+01:00" || normal["dueKind"] != "started" {
			t.Errorf("priority 1 by default, started by Monday: %v %v %v", normal["priority"], normal["due"], normal["dueKind"])
		}
		byUnit := mustStatus(t, post(lno, "/api/v1/workorders", `{"unit":"104901","faultDescription":"Brus."}`), 201)
		if byUnit["personnummer"] != "191212121212" || byUnit["customer"] != "2990" || byUnit["patientName"] != "Svensson, Testare" {
			t.Errorf("patient and customer follow the unit: %v %v %v", byUnit["personnummer"], byUnit["customer"], byUnit["patientName"])
		}
		canWait := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","article":"15749","priority":2,"faultDescription":"Sned."}`), 201)
		if canWait["due"] != nil || canWait["unit"] != nil || canWait["name"] != "Skrivunderlägg 70x50x8" {
			t.Errorf("priority 2 has no due time: %v %v %v", canWait["due"], canWait["unit"], canWait["name"])
		}

		// Felbeskrivning: 250 code points are accepted (å counts once), 251 refused with a message, never cut.
		ok := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"170098","faultDescription":"`+strings.Repeat("å", 250)+`"}`), 201)
		if n := len([]rune(ok["faultDescription"].(string))); n != 250 {
			t.Errorf("kept %d characters", n)
		}
		e := wantError(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"170098","faultDescription":"`+strings.Repeat("ä", 251)+`"}`), 400, domain.EInvalid)
		if f := e["fields"].(map[string]any)["faultDescription"]; f != "Felbeskrivning får vara högst 250 tecken (du skrev 251)." {
			t.Errorf("fields.faultDescription = %v", f)
		}
		wantError(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"3110","unit":"104901","faultDescription":"x"}`), 403, domain.EForbidden)
		wantError(t, post(tech, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"104901","faultDescription":"x"}`), 403, domain.EForbidden)

		// The queue: the acute one first.
		q := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders?queue=1", Bearer: tech}), 200)
		list := q["workOrders"].([]any)
		if len(list) < 4 || list[0].(map[string]any)["number"] != number {
			t.Fatalf("queue starts with %v, want %s", list[0].(map[string]any)["number"], number)
		}
		if last := list[len(list)-1].(map[string]any); last["due"] != nil {
			t.Errorf("the queue ends with work orders without due time, got %v", last["due"])
		}

		// Priority change with a reason; a note; closing an untaken order takes it.
		n2 := normal["number"].(string)
		wantError(t, post(tech, "/api/v1/workorders/"+n2+"/priority", `{"priority":3}`), 400, domain.EInvalid)
		p := mustStatus(t, post(tech, "/api/v1/workorders/"+n2+"/priority", `{"priority":3,"reason":"Patienten kan inte ringa."}`), 200)
		if p["priority"] != 3.0 || p["dueKind"] != "done" || p["due"] != "2026-11-30T23:59:59+01:00" {
			t.Errorf("after change: %v %v %v", p["priority"], p["dueKind"], p["due"])
		}
		mustStatus(t, post(tech, "/api/v1/workorders/"+n2+"/take", ""), 200)
		wantError(t, post(tech, "/api/v1/workorders/"+n2+"/take", ""), 409, domain.EConflict)
		mustStatus(t, post(tech, "/api/v1/workorders/"+n2+"/notes", `{"text":"Beställt batteri."}`), 200)

		closed := mustStatus(t, post(tech, "/api/v1/workorders/"+number+"/close", `{"action":"Bytt kabel, funktionstestad.","minutes":30}`), 200)
		if closed["status"] != "closed" || closed["technician"] != "TEKNIKER" || closed["startedAt"] == nil || closed["minutes"] != 30.0 {
			t.Errorf("closed: %v %v %v %v", closed["status"], closed["technician"], closed["startedAt"], closed["minutes"])
		}
		wantError(t, post(tech, "/api/v1/workorders/"+number+"/close", `{"action":"igen"}`), 409, domain.EConflict)
		msgs := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Bearer: lno}), 200)["messages"].([]any)
		if s := msgs[0].(map[string]any)["subject"]; s != "Arbetsorder "+number+" (gällande Svensson, Testare) har avslutats" {
			t.Errorf("newest message %v", s)
		}

		// Preventive maintenance sets Senaste FU; a special adaptation goes to the unit card.
		fu := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"157792","priority":5,"actionType":"preventive","faultDescription":"Årlig kontroll."}`), 201)
		mustStatus(t, post(tech, "/api/v1/workorders/"+fu["number"].(string)+"/close", `{"action":"Kontrollerad.","adaptation":"Förhöjd dyna 2 cm"}`), 200)
		if d := dbString(t, srv, "SELECT COALESCE(last_maintenance, '') FROM units WHERE number = '157792'"); d != "2026-11-25" {
			t.Errorf("last_maintenance %q", d)
		}
		if a := dbString(t, srv, "SELECT date || ' ' || text FROM unit_adaptations WHERE unit_number = '157792'"); a != "2026-11-25 Förhöjd dyna 2 cm" {
			t.Errorf("adaptation %q", a)
		}

		// Registrerade AO for the patient and for the unit.
		ao := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders?personnummer=191212121212", Bearer: lno}), 200)["workOrders"].([]any)
		if len(ao) < 7 { // 6 new and the demo's closed 12060395, 12060324
			t.Errorf("patient's work orders: %d", len(ao))
		}
		unitAO := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders?unit=104901", Bearer: lno}), 200)["workOrders"].([]any)
		for _, w := range unitAO {
			if w.(map[string]any)["unit"] != "104901" {
				t.Errorf("unit list has %v", w.(map[string]any)["unit"])
			}
		}

		for _, a := range []struct{ action, id string }{{"workorder.register", number}, {"workorder.take", number}, {"workorder.close", number},
			{"workorder.priority", n2}, {"workorder.take", n2}, {"workorder.note", n2}} {
			if auditCount(t, srv, a.action, a.id) != 1 {
				t.Errorf("audit log has no %s for %s", a.action, a.id)
			}
		}
	})
}

// Hämtorder through the API: ticking, refusals, receiving, reconditioning and cancelling.
func TestPickupOrderAPI(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		kt := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		po := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","reason":"need_ended",
			"information":"Kan endast hämtas på eftermiddagarna.","units":["104901","75082"],"address":{"doorCode":"1234"}}`), 201)
		number := po["number"].(string)
		if po["status"] != "registered" || po["statusText"] != "Registrerad" || po["pickupDate"] != "2026-11-26" || po["reasonText"] != "Behovet upphört" {
			t.Errorf("pickup order: %v %v %v %v", po["status"], po["statusText"], po["pickupDate"], po["reasonText"])
		}
		items := po["items"].([]any)
		if len(items) != 2 || items[0].(map[string]any)["status"] != "registered" {
			t.Fatalf("items %v", items)
		}
		if a := po["address"].(map[string]any); a["street"] != "Hedenbrovägen 1" || a["doorCode"] != "1234" {
			t.Errorf("address %v", a)
		}

		// A holding already on an open pickup order cannot be ticked again; the same unit twice in one order counts once.
		e := wantError(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","units":["104901"]}`), 400, domain.EInvalid)
		if !strings.Contains(e["message"].(string), "finns redan på hämtorder "+number) {
			t.Errorf("message %v", e["message"])
		}
		// Hämtorderinformation: 255 ok (ä counts once), 256 refused.
		wantError(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","units":["170098"],"information":"`+strings.Repeat("ä", 256)+`"}`), 400, domain.EInvalid)
		two := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","units":["170098","170098","157792"],"information":"`+strings.Repeat("ä", 255)+`"}`), 201)
		if len(two["items"].([]any)) != 2 || two["customer"] != "2990" || two["reason"] != "need_ended" {
			t.Errorf("defaults and one row per holding: %v %v %v", len(two["items"].([]any)), two["customer"], two["reason"])
		}
		// A vision aid is refused with the advice to contact the vision centre.
		björk := dbString(t, srv, "SELECT recipient_personnummer FROM holdings WHERE article_number = '33120' AND end_date IS NULL")
		vision := dbString(t, srv, "SELECT CAST(id AS TEXT) FROM holdings WHERE article_number = '33120' AND end_date IS NULL")
		e = wantError(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"`+björk+`","customer":"2990","holdings":["`+vision+`"]}`), 400, domain.EInvalid)
		if !strings.Contains(e["message"].(string), "Kontakta syncentralen") {
			t.Errorf("vision aid message %v", e["message"])
		}
		// Only the warehouse receives; an empty body receives every item.
		wantError(t, post(lno, "/api/v1/pickuporders/"+number+"/receive", ""), 403, domain.EForbidden)
		rec := mustStatus(t, post(lager, "/api/v1/pickuporders/"+number+"/receive", ""), 200)
		if rec["status"] != "closed" || rec["statusText"] != "Stängd" || rec["closedDate"] != "2026-11-25" {
			t.Errorf("received: %v %v %v", rec["status"], rec["statusText"], rec["closedDate"])
		}
		for _, it := range rec["items"].([]any) {
			if m := it.(map[string]any); m["status"] != "received" || m["receivedDate"] != "2026-11-25" {
				t.Errorf("item %v", m)
			}
		}
		wantError(t, post(lager, "/api/v1/pickuporders/"+number+"/receive", ""), 409, domain.EConflict)
		if s := dbString(t, srv, "SELECT end_date || ' ' || end_reason FROM holdings WHERE unit_number = '104901' ORDER BY id DESC LIMIT 1"); s != "2026-11-25 returned" {
			t.Errorf("holding of 104901 ended: %q", s)
		}
		// The reason is found through the pickup items (Återlämnade hjälpmedel).
		if s := dbString(t, srv, `SELECT po.reason_code FROM holdings h JOIN pickup_items pi ON pi.holding_id = h.id AND pi.status = 'received'
			JOIN pickup_orders po ON po.id = pi.pickup_order_id WHERE h.unit_number = '75082'`); s != "need_ended" {
			t.Errorf("reason %q", s)
		}

		// Återlämnade hjälpmedel says when and why.
		ret := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/patients/191212121212/returned", Bearer: lno}), 200)
		found := false
		for _, a := range ret["aids"].([]any) {
			if m := a.(map[string]any); m["unit"] == "75082" {
				found = m["endDate"] == "2026-11-25" && m["returnReason"] == "need_ended" && m["returnReasonText"] == "Behovet upphört"
			}
		}
		if !found {
			t.Errorf("returned list lacks 75082 with date and reason: %s", ret)
		}

		// Part of an order: Registrerad until the last item is in.
		n2 := two["number"].(string)
		part := mustStatus(t, post(lager, "/api/v1/pickuporders/"+n2+"/receive", `{"units":["170098"]}`), 200)
		if part["status"] != "registered" {
			t.Errorf("partly received: %v", part["status"])
		}
		mustStatus(t, post(lager, "/api/v1/pickuporders/"+n2+"/receive", `{"units":["157792"]}`), 200)
		if s := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/pickuporders/" + n2, Bearer: lno}), 200)["status"]; s != "closed" {
			t.Errorf("status %v", s)
		}

		// Reconditioning: approve puts the unit back in stock, scrap marks it Skrotad with the date.
		units := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/reconditioning", Bearer: lager}), 200)["units"].([]any)
		if len(units) != 4 {
			t.Errorf("%d units in reconditioning", len(units))
		}
		before := dbString(t, srv, "SELECT CAST(COALESCE(SUM(on_hand), 0) AS TEXT) FROM stock WHERE article_number = '23993' AND warehouse = '2000'")
		ap := mustStatus(t, post(lager, "/api/v1/reconditioning/104901/approve", ""), 200)
		if ap["status"] != "in_stock" {
			t.Errorf("approved: %v", ap)
		}
		after := dbString(t, srv, "SELECT CAST(on_hand AS TEXT) FROM stock WHERE article_number = '23993' AND warehouse = '2000'")
		if fmt.Sprint(atoi(before)+1) != after {
			t.Errorf("stock %s -> %s", before, after)
		}
		if f := dbString(t, srv, "SELECT fifo_date FROM units WHERE number = '104901'"); f != "2026-11-25" {
			t.Errorf("fifo_date %s", f)
		}
		sc := mustStatus(t, post(lager, "/api/v1/reconditioning/75082/scrap", `{"note":"Sprucken kåpa"}`), 200)
		if sc["status"] != "scrapped" || sc["statusText"] != "Skrotad 2026-11-25" {
			t.Errorf("scrapped: %v", sc)
		}
		wantError(t, post(lager, "/api/v1/reconditioning/75082/approve", ""), 409, domain.EConflict)

		// The writing pad 15749 was bought in 2012: past återköp, the pickup refuses it (SPEC §7).
		pad := dbString(t, srv, "SELECT CAST(id AS TEXT) FROM holdings WHERE article_number = '15749' AND end_date IS NULL")
		e = wantError(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","holdings":["`+pad+`"]}`), 400, domain.EInvalid)
		if !strings.Contains(e["message"].(string), "Köpt 2012-01-13 och tas inte tillbaka: återköp gäller 14 dagar efter leverans") {
			t.Errorf("late return of a purchase: %v", e["message"])
		}
		mustExec(t, srv, "UPDATE holdings SET delivery_date = '2026-11-20', rent_start = '2026-11-20' WHERE id = "+pad)

		// Cancel: only customer service; the holdings stay and the prescriber is told.
		c := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","reason":"wrong_order","holdings":["`+pad+`"]}`), 201)
		cn := c["number"].(string)
		e = wantError(t, post(lno, "/api/v1/pickuporders/"+cn+"/cancel", ""), 403, domain.EForbidden)
		if !strings.Contains(e["message"].(string), "kundtjänst") {
			t.Errorf("advice %v", e["message"])
		}
		cc := mustStatus(t, post(kt, "/api/v1/pickuporders/"+cn+"/cancel", ""), 200)
		if cc["status"] != "cancelled" || cc["statusText"] != "Makulerad" {
			t.Errorf("cancelled: %v", cc["status"])
		}
		if s := dbString(t, srv, "SELECT COALESCE(end_date, 'current') FROM holdings WHERE article_number = '15749' AND recipient_personnummer = '191212121212'"); s != "current" {
			t.Errorf("the holding stays: %s", s)
		}
		msgs := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Bearer: lno}), 200)["messages"].([]any)
		if s := msgs[0].(map[string]any)["subject"]; s != "Hämtorder "+cn+" (gällande Svensson, Testare) har makulerats" {
			t.Errorf("message %v", s)
		}
		// The patient's pickup orders, newest first, for the prescriber.
		mine := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/pickuporders?personnummer=191212121212", Bearer: lno}), 200)["pickupOrders"].([]any)
		if len(mine) < 3 || mine[0].(map[string]any)["number"] != cn || mine[0].(map[string]any)["status"] != "cancelled" {
			t.Errorf("patient's pickup orders: %d, first %v", len(mine), mine[0].(map[string]any)["number"])
		}
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/pickuporders", Bearer: lno}), 403, domain.EForbidden)
		// After cancelling, the holding can be ticked again.
		mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","holdings":["`+
			dbString(t, srv, "SELECT CAST(id AS TEXT) FROM holdings WHERE article_number = '15749' AND end_date IS NULL")+`"]}`), 201)

		for _, a := range []struct{ action, id string }{{"pickup.register", number}, {"pickup.receive", number}, {"pickup.receive", n2},
			{"pickup.cancel", cn}, {"unit.recondition", "104901"}, {"unit.scrap", "75082"}} {
			if auditCount(t, srv, a.action, a.id) < 1 {
				t.Errorf("audit log has no %s for %s", a.action, a.id)
			}
		}
	})
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// An acute work order not done within 24 hours is overdue in the API and the queue.
func TestWorkOrderOverdue(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, append(backend, testserver.At(serviceNow))...)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		wo := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno,
			Body: `{"personnummer":"191212121212","customer":"2990","unit":"104901","priority":4,"faultDescription":"Trasig."}`}), 201)
		number := wo["number"].(string)
		if wo["overdue"] != false {
			t.Errorf("new: overdue %v", wo["overdue"])
		}
		srv.SetNow(serviceNow.Add(25 * time.Hour))
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		got := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders/" + number, Bearer: tech}), 200)
		if got["overdue"] != true {
			t.Errorf("after 25 hours: overdue %v", got["overdue"])
		}
		page := call(t, srv, request{Method: "GET", Path: "/tekniker", Cookie: formLogin(t, srv, "TEKNIKER", demoPassword)})
		if page.Status != 200 || !strings.Contains(page.Body, number) || !strings.Contains(page.Body, `<span class="overdue">Försenad</span>`) {
			t.Errorf("queue page: %d, overdue marked: %v", page.Status, strings.Contains(page.Body, "Försenad"))
		}
	})
}

// A protected person's address is never used or shown: the customer's stands in.
func TestServiceProtectedIdentity(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		pnr := dbString(t, srv, "SELECT personnummer FROM persons WHERE protected AND personnummer IN (SELECT recipient_personnummer FROM holdings WHERE unit_number = '177015')")
		street := dbString(t, srv, "SELECT street FROM persons WHERE personnummer = ?", pnr)
		kbn := apiLogin(t, srv, "K082KBN", demoPassword)
		wo := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: kbn,
			Body: `{"personnummer":"` + pnr + `","customer":"3110","unit":"177015","faultDescription":"Bromsen tar inte.","address":{"source":"recipient"}}`}), 201)
		if a := wo["address"].(map[string]any); a["street"] != "Gammelstadsvägen 10" || a["source"] != "customer" {
			t.Errorf("work order address %v", a)
		}
		po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: kbn,
			Body: `{"personnummer":"` + pnr + `","customer":"3110","units":["177015"],"address":{"source":"recipient"}}`}), 201)
		if a := po["address"].(map[string]any); a["street"] != "Gammelstadsvägen 10" {
			t.Errorf("pickup address %v", a)
		}
		page := call(t, srv, request{Method: "GET", Path: "/hamtorder?personnummer=" + pnr, Cookie: formLogin(t, srv, "K082KBN", demoPassword)})
		if page.Status != 200 || strings.Contains(page.Body, street) || !strings.Contains(page.Body, "skyddade personuppgifter") {
			t.Errorf("Hämtorder page for a protected person: status %d, shows the street: %v", page.Status, strings.Contains(page.Body, street))
		}
		var flagged int
		if err := srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE personnummer = ? AND protected", []any{pnr}, &flagged); err != nil || flagged < 3 {
			t.Errorf("protected look-ups flagged in the audit log: %d (%v)", flagged, err)
		}
	})
}

// Two prescribers ticking the same unit, and two technicians taking the same work
// order at the same moment: exactly one wins, the other gets a clear refusal.
func TestServiceRaces(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		units := []string{"104901", "75082", "170098", "157792"}
		for round, unit := range units {
			results := make(chan int, 2)
			for i := 0; i < 2; i++ {
				go func() {
					r := call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
						Body: fmt.Sprintf(`{"personnummer":"191212121212","customer":"2990","units":["%s"],"idempotencyKey":"race-%d-%d"}`, unit, round, i)})
					results <- r.Status
				}()
			}
			a, b := <-results, <-results
			if (a == 201) == (b == 201) || (a != 201 && a != 400 && a != 409) || (b != 201 && b != 400 && b != 409) {
				t.Errorf("unit %s: statuses %d and %d, want one 201 and one refusal", unit, a, b)
			}
		}
		for round := 0; round < 4; round++ {
			wo := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno,
				Body: `{"personnummer":"191212121212","customer":"2990","article":"15749","faultDescription":"Race."}`}), 201)
			n := wo["number"].(string)
			results := make(chan int, 2)
			for _, tok := range []string{tech, admin} {
				go func() {
					results <- call(t, srv, request{Method: "POST", Path: "/api/v1/workorders/" + n + "/take", Bearer: tok}).Status
				}()
			}
			a, b := <-results, <-results
			if !((a == 200 && b == 409) || (a == 409 && b == 200)) {
				t.Errorf("take %s: statuses %d and %d, want 200 and 409", n, a, b)
			}
		}
		// A repeated idempotency key returns the first work order with 200.
		body := `{"personnummer":"191212121212","customer":"2990","article":"15749","faultDescription":"En gång.","idempotencyKey":"k1"}`
		first := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno, Body: body}), 201)
		again := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno, Body: body}), 200)
		if first["number"] != again["number"] {
			t.Errorf("idempotency: %v then %v", first["number"], again["number"])
		}
	})
}

// A care unit's holdings (its local store) are returned with a pickup order whose
// recipient is the care unit; a holding on an unanswered BMB cannot be ticked.
func TestPickupCareUnitAndTransfer(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"customer":"1464","units":["179711"],"reason":"other"}`}), 201)
		if po["personnummer"] != nil || po["recipientCustomer"] != "1464" || po["recipientName"] != "Arvidsjaur Kommun Närförråd" || po["pickupDate"] != "2026-12-02" {
			t.Errorf("care unit pickup: %v %v %v %v", po["personnummer"], po["recipientCustomer"], po["recipientName"], po["pickupDate"])
		}
		if a := po["address"].(map[string]any); a["street"] != "Sjukstugegatan 3" {
			t.Errorf("address %v", a)
		}
		// The patient's unit 104901 may not be returned as the care unit's.
		wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"customer":"2990","units":["104901"]}`}), 400, domain.EInvalid)

		// Put 170098 on an unanswered BMB.
		ctx := context.Background()
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			id, err := q.Insert(ctx, `INSERT INTO transfers (status, from_user_id, to_user_id, recipient_personnummer, bmb_date, sent_at)
				SELECT 'sent', u.id, k.id, '191212121212', '2026-11-25', '2026-11-25T09:00:00.000000Z' FROM users u, users k
				WHERE u.username = 'K082LNO' AND k.username = 'K082KBN'`)
			if err != nil {
				return err
			}
			_, err = q.Exec(ctx, `INSERT INTO transfer_items (transfer_id, holding_id, open)
				SELECT ?, id, TRUE FROM holdings WHERE unit_number = '170098' AND end_date IS NULL`, id)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		e := wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"personnummer":"191212121212","customer":"2990","units":["170098"]}`}), 400, domain.EInvalid)
		if !strings.Contains(e["message"].(string), "BMB") {
			t.Errorf("message %v", e["message"])
		}
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		page := call(t, srv, request{Method: "GET", Path: "/hamtorder?kund=1464", Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, "Finns redan på hämtorder "+po["number"].(string)) {
			t.Errorf("care unit form: %d", page.Status)
		}
		// A care unit the prescriber is not linked to: refused (an error page, not a form field).
		if page := call(t, srv, request{Method: "GET", Path: "/hamtorder?kund=9999", Cookie: cookie}); page.Status != 403 ||
			!strings.Contains(page.Body, "Du är inte kopplad till kund 9999.") {
			t.Errorf("care unit not linked: %d", page.Status)
		}
	})
}

// Components follow the unit: they cannot be ticked alone, and receiving the unit
// ends their holdings too.
func TestPickupComponentsFollowTheUnit(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, append(backend, testserver.At(serviceNow))...)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		pnr := dbString(t, srv, "SELECT recipient_personnummer FROM holdings WHERE unit_number = '176540' AND end_date IS NULL")
		comps := dbString(t, srv, "SELECT CAST(COUNT(*) AS TEXT) FROM holdings WHERE attached_unit = '176540' AND end_date IS NULL")
		if atoi(comps) < 11 {
			t.Fatalf("the demo's Cross 176540 has %s component holdings", comps)
		}
		comp := dbString(t, srv, "SELECT CAST(MIN(id) AS TEXT) FROM holdings WHERE attached_unit = '176540' AND end_date IS NULL")
		e := wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"personnummer":"` + pnr + `","customer":"2990","holdings":["` + comp + `"]}`}), 400, domain.EInvalid)
		if !strings.Contains(e["message"].(string), "Följer med individ 176540") {
			t.Errorf("message %v", e["message"])
		}
		po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"personnummer":"` + pnr + `","customer":"2990","reason":"replaced","units":["176540"]}`}), 201)
		if len(po["items"].([]any)) != 1 {
			t.Errorf("one row for the unit, got %d", len(po["items"].([]any)))
		}
		mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders/" + po["number"].(string) + "/receive", Bearer: lager,
			Body: `{"units":["176540"]}`}), 200)
		if n := dbString(t, srv, "SELECT CAST(COUNT(*) AS TEXT) FROM holdings WHERE attached_unit = '176540' AND end_date = '2026-11-25' AND end_reason = 'returned'"); n != comps {
			t.Errorf("%s of %s component holdings ended", n, comps)
		}
		units := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/reconditioning", Bearer: lager}), 200)["units"].([]any)
		if len(units) != 1 || units[0].(map[string]any)["unit"] != "176540" || units[0].(map[string]any)["components"].(float64) < 11 {
			t.Errorf("reconditioning: %v", units)
		}
	})
}

// The region's items without a unit number are back in stock when the warehouse receives a
// pickup order on its page: Saldo och reservationer, the article page and the API show it.
func TestPickupReceiptPutsItemsInStock(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		holding := dbString(t, srv, "SELECT CAST(id AS TEXT) FROM holdings WHERE article_number = '15749' AND recipient_personnummer = '191212121212' AND end_date IS NULL")
		// The demo patient bought it; lend it instead: only the region's aids go back in its stock.
		if err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
			_, err := q.Exec(context.Background(), "UPDATE holdings SET owner = 'region', debit_form = 'buyback', purpose = 'rent' WHERE id = ?", atoi(holding))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		qty := atoi(dbString(t, srv, "SELECT CAST(quantity AS TEXT) FROM holdings WHERE id = "+holding))
		before := atoi(dbString(t, srv, "SELECT CAST(COALESCE(SUM(on_hand), 0) AS TEXT) FROM stock WHERE article_number = '15749' AND warehouse = '2000'"))
		reserved := atoi(dbString(t, srv, "SELECT CAST(COALESCE(SUM(reserved), 0) AS TEXT) FROM stock WHERE article_number = '15749' AND warehouse = '2000'"))
		po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"personnummer":"191212121212","customer":"2990","holdings":["` + holding + `"]}`}), 201)
		number := po["number"].(string)

		cookie := formLogin(t, srv, "LAGER", demoPassword)
		r := call(t, srv, request{Method: "POST", Path: "/hamtorder/" + number + "/mottag", Cookie: cookie, Form: url.Values{"action": {"alla"}}})
		if r.Status != 303 {
			t.Fatalf("receive: %d %.300s", r.Status, r.Body)
		}
		want := before + qty
		flash, _ := url.QueryUnescape(strings.TrimPrefix(strings.Split(r.Header.Get("Set-Cookie"), ";")[0], "hm_flash="))
		if !strings.Contains(flash, "övriga hjälpmedel är åter i lager") {
			t.Errorf("the flash does not say the items are back in stock: %q", flash)
		}
		saldo := call(t, srv, request{Method: "GET", Path: "/lager/saldo?article=15749&warehouse=2000", Cookie: cookie})
		row := fmt.Sprintf(`<td class="num">%d</td><td class="num">%d</td><td class="num">%d</td>`, want, reserved, want-reserved)
		if saldo.Status != 200 || !strings.Contains(saldo.Body, row) {
			t.Errorf("Saldo och reservationer lacks %s:\n%s", row, saldo.Body)
		}
		bal := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/stock?article=15749&warehouse=2000", Bearer: lager}), 200)["balances"].([]any)
		if len(bal) != 1 || bal[0].(map[string]any)["onHand"] != float64(want) {
			t.Errorf("GET /api/v1/stock: %v; want on hand %d", bal, want)
		}
		art := call(t, srv, request{Method: "GET", Path: "/artiklar/15749", Cookie: formLogin(t, srv, "K082LNO", demoPassword)})
		if own := fmt.Sprintf(`<tr class="own"><td class="num">%d</td>`, want-reserved); !strings.Contains(art.Body, own) {
			t.Errorf("the article page lacks %s", own)
		}
	})
}
