package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// Components on a unit in the warehouse through the API and the back office:
// wheelchair 11109 comes back with its base configuration, the unit's history
// lists it, the warehouse detaches one component into stock (API) and another
// (the page's Koppla loss), and scrapping the unit detaches the rest.
func TestUnitComponentsDetachAPIAndPage(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) map[string]any {
			return mustStatus(t, call(t, srv, request{Method: "GET", Path: path, Bearer: tok}), http.StatusOK)
		}
		onHand := func(article string) float64 {
			bs := get(lager, "/api/v1/stock?warehouse=2000&article="+article)["balances"].([]any)
			if len(bs) != 1 {
				t.Fatalf("balances of %s: %v", article, bs)
			}
			return bs[0].(map[string]any)["onHand"].(float64)
		}

		o := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`), 201)
		d := mustStatus(t, post(lager, "/api/v1/orders/"+o["number"].(string)+"/deliver", `{}`), 200)
		unit := d["lines"].([]any)[0].(map[string]any)["units"].([]any)[0].(string)
		po := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","reason":"need_ended","units":["`+unit+`"]}`), 201)
		mustStatus(t, post(lager, "/api/v1/pickuporders/"+po["number"].(string)+"/receive", `{}`), 200)

		h := get(lager, "/api/v1/stock/units/"+unit+"/history")
		comps := h["components"].([]any)
		if len(comps) != 11 {
			t.Fatalf("unit %s in reconditioning has %d components; want the 11 of its base configuration: %v", unit, len(comps), comps)
		}
		first := comps[0].(map[string]any)
		article, id := first["article"].(string), first["id"].(string)
		before := onHand(article)

		// A prescriber may not; the warehouse may, once.
		wantError(t, post(lno, "/api/v1/units/"+unit+"/components/"+id+"/detach", ""), http.StatusForbidden, "forbidden")
		got := mustStatus(t, post(lager, "/api/v1/units/"+unit+"/components/"+id+"/detach", ""), http.StatusOK)
		if got["unit"] != unit || got["warehouse"] != "2000" || got["component"].(map[string]any)["article"] != article {
			t.Errorf("detach answered %v; want %s of %s into 2000", got, article, unit)
		}
		if n := onHand(article); n != before+1 {
			t.Errorf("on hand of %s %v after the detach; want %v", article, n, before+1)
		}
		wantError(t, post(lager, "/api/v1/units/"+unit+"/components/"+id+"/detach", ""), http.StatusNotFound, "not_found")
		wantError(t, post(lager, "/api/v1/units/"+unit+"/components/x/detach", ""), http.StatusNotFound, "not_found")
		if n := onHand(article); n != before+1 {
			t.Errorf("on hand of %s %v after refused detaches; want %v", article, n, before+1)
		}

		// The back office page lists the components with Koppla loss; the button detaches.
		cookie := formLogin(t, srv, "LAGER", demoPassword)
		page := call(t, srv, request{Method: "GET", Path: "/lager/individ?unit=" + unit, Cookie: cookie})
		second := comps[1].(map[string]any)
		action := fmt.Sprintf("/lager/individ/%s/komponenter/%s/koppla-loss", unit, second["id"])
		if page.Status != 200 || !strings.Contains(page.Body, "Komponenter på individen") || !strings.Contains(page.Body, action) ||
			strings.Contains(page.Body, `/komponenter/`+id+`/koppla-loss`) {
			t.Fatalf("unit page (%d) does not list the 10 components left with Koppla loss:\n%.3000s", page.Status, page.Body)
		}
		r := call(t, srv, request{Method: "POST", Path: action, Cookie: cookie, Form: map[string][]string{}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/lager/individ?unit="+unit {
			t.Fatalf("Koppla loss: %d to %q; want 303 to the unit's page", r.Status, r.Header.Get("Location"))
		}
		if n := len(get(lager, "/api/v1/stock/units/"+unit+"/history")["components"].([]any)); n != 9 {
			t.Errorf("%d components left; want 9", n)
		}

		// Scrapping the unit detaches the other nine into stock.
		s := mustStatus(t, post(lager, "/api/v1/reconditioning/"+unit+"/scrap", `{"note":"Ram sprucken"}`), http.StatusOK)
		if s["status"] != "scrapped" || len(s["detached"].([]any)) != 9 {
			t.Errorf("scrap answered %v; want scrapped with 9 components detached", s)
		}
		if n := len(get(lager, "/api/v1/stock/units/"+unit+"/history")["components"].([]any)); n != 0 {
			t.Errorf("the scrapped unit keeps %d components; want none", n)
		}
	})
}
