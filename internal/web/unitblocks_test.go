package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// A blocked unit (spärr) is never allocated, delivered or transferred: the
// customer service blocks the wheelchair the warehouse would pick first, an order
// for the article then gets another unit; a unit blocked after it was picked is
// not delivered; the patient's blocked unit cannot be sent by BMB; released, it
// is free again. The Individkort shows the block and takes one by hand.
func TestUnitBlocks(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		ks := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) map[string]any {
			return mustStatus(t, call(t, srv, request{Method: "GET", Path: path, Bearer: tok}), http.StatusOK)
		}
		inStock, err := srv.DB.Read().Strings(t.Context(), `SELECT number FROM units WHERE article_number = '11109'
			AND warehouse = '2000' AND status = 'in_stock' ORDER BY fifo_date, number`)
		if err != nil || len(inStock) < 3 {
			t.Fatalf("11109 in stock at 2000: %v %v", inStock, err)
		}
		first := inStock[0]

		wantError(t, post(lno, "/api/v1/units/"+first+"/blocks", `{"reason":"Utreds"}`), http.StatusForbidden, "forbidden")
		e := wantError(t, post(ks, "/api/v1/units/"+first+"/blocks", `{"reason":" "}`), http.StatusBadRequest, "invalid")
		if e["fields"].(map[string]any)["reason"] == nil {
			t.Errorf("an empty reason: %v; want a message on reason", e)
		}
		wantError(t, post(ks, "/api/v1/units/999999999/blocks", `{"reason":"Utreds"}`), http.StatusNotFound, "not_found")
		b := mustStatus(t, post(ks, "/api/v1/units/"+first+"/blocks", `{"reason":"Bromsen släpper"}`), http.StatusCreated)
		if b["source"] != "manual" || b["reason"] != "Bromsen släpper" || b["blockedBy"] != "KUNDTJANST" {
			t.Errorf("block: %v", b)
		}
		card := get(lno, "/api/v1/units/"+first)
		if card["blocked"] != true || len(card["blocks"].([]any)) != 1 {
			t.Errorf("the blocked unit's card: blocked %v, blocks %v", card["blocked"], card["blocks"])
		}

		// An order for the article gets the next unit, not the blocked one.
		o := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`), 201)
		d := mustStatus(t, post(lager, "/api/v1/orders/"+o["number"].(string)+"/deliver", `{}`), 200)
		delivered := d["lines"].([]any)[0].(map[string]any)["units"].([]any)[0].(string)
		if delivered == first {
			t.Fatalf("the order delivered the blocked unit %s", first)
		}

		// A unit blocked after the order took it is not delivered.
		o2 := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`), 201)
		mustStatus(t, post(lager, "/api/v1/orders/"+o2["number"].(string)+"/pick", ""), http.StatusOK)
		taken, err := srv.DB.Read().Strings(t.Context(), `SELECT u.unit_number FROM order_line_units u
			JOIN order_lines l ON l.id = u.line_id JOIN orders o ON o.id = l.order_id WHERE o.number = ? AND u.picked`, o2["number"])
		if err != nil {
			t.Fatal(err)
		}
		if len(taken) != 1 {
			t.Fatalf("order %v took units %v; want one", o2["number"], taken)
		}
		mustStatus(t, post(lager, "/api/v1/units/"+taken[0]+"/blocks", `{"reason":"Säkerhetsmeddelande"}`), http.StatusCreated)
		if e := wantError(t, post(lager, "/api/v1/orders/"+o2["number"].(string)+"/deliver", `{}`), http.StatusConflict, "conflict"); !strings.Contains(e["message"].(string), "spärrad") {
			t.Errorf("delivering the picked unit %s after it was blocked: %v; want it refused as blocked", taken[0], e)
		}

		// The patient's blocked wheelchair cannot be sent by BMB, nor taken over once sent.
		mustStatus(t, post(ks, "/api/v1/units/"+delivered+"/blocks", `{"reason":"Avvikelse utreds"}`), http.StatusCreated)
		e = wantError(t, post(lno, "/api/v1/transfers", `{"toPrescriber":"K082KBN","recipient":{"personnummer":"191212121212"},"units":["`+delivered+`"]}`),
			http.StatusBadRequest, "invalid")
		if msg, _ := e["fields"].(map[string]any)["holdings"].(string); !strings.Contains(msg, "spärrad") {
			t.Errorf("BMB of a blocked unit: %v; want a message on holdings that it is blocked", e)
		}

		// Released, the first unit is free again; a released block cannot be released twice.
		id := b["id"].(string)
		rel := mustStatus(t, post(ks, "/api/v1/units/"+first+"/blocks/"+id+"/release", ""), http.StatusOK)
		if rel["blocked"] != false || len(rel["blocks"].([]any)) != 0 {
			t.Errorf("after release: %v", rel)
		}
		wantError(t, post(ks, "/api/v1/units/"+first+"/blocks/"+id+"/release", ""), http.StatusNotFound, "not_found")
		o3 := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`), 201)
		d3 := mustStatus(t, post(lager, "/api/v1/orders/"+o3["number"].(string)+"/deliver", `{}`), 200)
		if got := d3["lines"].([]any)[0].(map[string]any)["units"].([]any)[0]; got != first {
			t.Errorf("after the release the order delivered %v; want the oldest unit %s", got, first)
		}

		// The Individkort: the customer service blocks by hand with a reason; without one the form says so.
		cookie := formLogin(t, srv, "KUNDTJANST", demoPassword)
		r := call(t, srv, request{Method: "POST", Path: "/individkort/" + inStock[2] + "/sparr", Cookie: cookie, Form: url.Values{"reason": {""}}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Ange orsak till spärren.") {
			t.Errorf("block without a reason: %d %.300s", r.Status, r.Body)
		}
		r = call(t, srv, request{Method: "POST", Path: "/individkort/" + inStock[2] + "/sparr", Cookie: cookie, Form: url.Values{"reason": {"Sprucken ram"}}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("block on the page: %d %.300s", r.Status, r.Body)
		}
		r = call(t, srv, request{Method: "GET", Path: "/individkort/" + inStock[2], Cookie: cookie})
		if !strings.Contains(r.Body, "Sprucken ram") || !strings.Contains(r.Body, "Häv spärr") {
			t.Errorf("the Individkort does not show the block: %.2000s", r.Body)
		}
		r = call(t, srv, request{Method: "GET", Path: "/individkort/" + inStock[2], Cookie: formLogin(t, srv, "K082LNO", demoPassword)})
		if !strings.Contains(r.Body, "Sprucken ram") || strings.Contains(r.Body, "Häv spärr") {
			t.Errorf("a prescriber sees the block but cannot release it: %.2000s", r.Body)
		}
	})
}

// Blocked units in stock are not promised: an order for an article whose every
// unit in stock is blocked reserves nothing and gets the supplier's later
// dispatch date; released, the units are promised again.
func TestBlockedUnitsAreNotPromised(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		ks := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		units, err := srv.DB.Read().Strings(t.Context(), `SELECT number FROM units WHERE article_number = '22876' AND warehouse = '2000'
			AND status = 'in_stock' ORDER BY number`)
		if err != nil || len(units) == 0 {
			t.Fatalf("22876 in stock: %v %v", units, err)
		}
		var blocks []string
		for _, u := range units {
			b := mustStatus(t, post(ks, "/api/v1/units/"+u+"/blocks", `{"reason":"Säkerhetsmeddelande"}`), http.StatusCreated)
			blocks = append(blocks, b["id"].(string))
		}
		order := func() map[string]any {
			o := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"22876"}]}`), http.StatusCreated)
			return o["lines"].([]any)[0].(map[string]any)
		}
		blocked := order()
		if blocked["reserved"] != float64(0) {
			t.Errorf("an order reserved a blocked unit: %v", blocked)
		}
		for i, u := range units {
			mustStatus(t, post(ks, "/api/v1/units/"+u+"/blocks/"+blocks[i]+"/release", ""), http.StatusOK)
		}
		free := order()
		if free["reserved"] != float64(1) || !(free["dispatchDate"].(string) < blocked["dispatchDate"].(string)) {
			t.Errorf("dispatch dates: %v while blocked, %v when released (reserved %v)", blocked["dispatchDate"], free["dispatchDate"], free["reserved"])
		}
	})
}
