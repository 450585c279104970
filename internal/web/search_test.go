package web_test

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// searchNumbers are the documents of a search answer by number (a transfer: id),
// each with its status and actions.
func searchNumbers(t *testing.T, r reply) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range mustStatus(t, r, 200)["documents"].([]any) {
		doc := d.(map[string]any)
		key, _ := doc["number"].(string)
		if key == "" {
			key = doc["id"].(string)
		}
		var actions []string
		for _, a := range doc["actions"].([]any) {
			actions = append(actions, a.(string))
		}
		out[key] = doc["status"].(string) + " [" + strings.Join(actions, ",") + "]"
	}
	return out
}

// Customer service's search lists (SPEC §10.9) through the API: each kind by
// patient (personnummer or name), customer, status and date, with the actions
// it offers; one audit entry per list naming every person on it; the back
// office's other roles and prescribers are refused.
func TestCustomerServiceSearchAPI(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno, cs := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "KUNDTJANST", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) reply { return call(t, srv, request{Method: "GET", Path: path, Bearer: tok}) }

		order := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"10680"}]}`), 201)["number"].(string)
		pickup := mustStatus(t, post(lno, "/api/v1/pickuporders", `{"personnummer":"191212121212","customer":"2990","reason":"need_ended","units":["104901"]}`), 201)["number"].(string)
		wo := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"75082","faultDescription":"Glapp."}`), 201)["number"].(string)
		transfer := mustStatus(t, post(lno, "/api/v1/transfers", `{"toPrescriber":"K082KBN","recipient":{"personnummer":"191212121212"},"units":["170098"]}`), 201)["id"].(string)

		for _, c := range []struct {
			path, want, status string // want: "" for a list without the document
		}{
			{"/api/v1/search/orders?personnummer=19121212-1212", order, "registered [cancel]"},
			{"/api/v1/search/orders?name=svensson+test&status=open", order, "registered [cancel]"},
			{"/api/v1/search/orders?customer=2990&from=2026-11-25&to=2026-11-25", order, "registered [cancel]"},
			{"/api/v1/search/orders?personnummer=191212121212&status=delivered", "", ""},
			{"/api/v1/search/orders?personnummer=191212121212&to=2026-11-24", "", ""},
			{"/api/v1/search/orders?customer=1464", "", ""},
			{"/api/v1/search/pickuporders?personnummer=191212121212&status=registered", pickup, "registered [cancel]"},
			{"/api/v1/search/pickuporders?name=SVENSSON", pickup, "registered [cancel]"},
			{"/api/v1/search/pickuporders?personnummer=191212121212&status=closed", "", ""},
			{"/api/v1/search/pickuporders?personnummer=191212121212&from=2026-11-26", "", ""},
			{"/api/v1/search/workorders?customer=2990&status=open", wo, "registered []"},
			{"/api/v1/search/workorders?name=svensson&status=closed", "", ""},
			{"/api/v1/search/transfers?personnummer=191212121212", transfer, "sent []"},
			{"/api/v1/search/transfers?customer=2990&status=open", transfer, "sent []"},
			{"/api/v1/search/transfers?name=svensson&status=locked", "", ""},
		} {
			got := searchNumbers(t, get(cs, c.path))
			if c.want == "" {
				for _, n := range []string{order, pickup, wo, transfer} {
					if _, ok := got[n]; ok {
						t.Errorf("%s lists %s: %v", c.path, n, got)
					}
				}
			} else if got[c.want] != c.status {
				t.Errorf("%s: %s is %q, want %q (%v)", c.path, c.want, got[c.want], c.status, got)
			}
		}

		// The list of the demo's closed pickup orders names patients other than the test patient.
		if got := searchNumbers(t, get(cs, "/api/v1/search/pickuporders?status=closed")); got["11004512"] != "closed []" {
			t.Errorf("closed pickup orders: %v", got)
		}

		// One audit entry per list, naming every person on it; the request logs nothing more.
		entries := func() int {
			return atoi(dbString(t, srv, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE username = 'KUNDTJANST'"))
		}
		before := entries()
		searchNumbers(t, get(cs, "/api/v1/search/pickuporders?customer=2990"))
		if n := entries() - before; n != 1 {
			t.Errorf("a search wrote %d audit entries, want 1", n)
		}
		id := dbString(t, srv, "SELECT CAST(MAX(id) AS TEXT) FROM audit_log WHERE username = 'KUNDTJANST'")
		if got := dbString(t, srv, "SELECT action || ' ' || entity || ' ' || entity_id || ' ' || screen FROM audit_log WHERE id = ?", id); got != "person.list search pickuporders Kundtjänst" {
			t.Errorf("audit entry: %q", got)
		}
		if got := dbString(t, srv, "SELECT after_json FROM audit_log WHERE id = ?", id); !strings.Contains(got, `"customer":"2990"`) {
			t.Errorf("the entry lacks the criteria: %s", got)
		}
		named := dbString(t, srv, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_persons WHERE audit_id = ? AND personnummer = '191212121212'", id)
		others := dbString(t, srv, `SELECT CAST(COUNT(DISTINCT recipient_personnummer) AS TEXT) FROM pickup_orders
			WHERE customer_number = '2990' AND recipient_personnummer IS NOT NULL`)
		listed := dbString(t, srv, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_persons WHERE audit_id = ?", id)
		if named != "1" || listed != others {
			t.Errorf("the entry names the test patient %s times and %s persons; the list has %s", named, listed, others)
		}
		// A name search finds nobody: nothing is logged.
		before = entries()
		if got := searchNumbers(t, get(cs, "/api/v1/search/orders?name=zzzz")); len(got) != 0 {
			t.Errorf("search for nobody: %v", got)
		}
		if n := entries() - before; n != 0 {
			t.Errorf("a search that shows nobody wrote %d audit entries", n)
		}

		// Refused input: the field says why.
		for _, c := range []struct{ query, field string }{
			{"personnummer=191212121213", "personnummer"},
			{"status=started", "status"},
			{"customer=9999", "customer"},
			{"from=2026-13-01", "from"},
			{"from=2026-11-25&to=2026-11-24", "to"},
		} {
			e := wantError(t, get(cs, "/api/v1/search/pickuporders?"+c.query), 400, domain.EInvalid)
			if fields, _ := e["fields"].(map[string]any); fields[c.field] == nil {
				t.Errorf("%s: no message on %s: %v", c.query, c.field, e)
			}
		}
		// Customer service and the admin only.
		for _, u := range []string{"K082LNO", "TEKNIKER", "LAGER"} {
			wantError(t, get(apiLogin(t, srv, u, demoPassword), "/api/v1/search/orders?personnummer=191212121212"), 403, domain.EForbidden)
		}
		if got := searchNumbers(t, get(apiLogin(t, srv, "ADMIN", demoPassword), "/api/v1/search/orders?personnummer=191212121212")); got[order] == "" {
			t.Errorf("the admin's search: %v", got)
		}
		if r := get(cs, "/api/v1/search/holdings"); r.Status != 404 {
			t.Errorf("an unknown kind: %d", r.Status)
		}

		// The actions are the documents' own: cancel the pickup order, then it is Makulerad.
		mustStatus(t, post(cs, "/api/v1/pickuporders/"+pickup+"/cancel", ""), 200)
		if got := searchNumbers(t, get(cs, "/api/v1/search/pickuporders?personnummer=191212121212&status=cancelled")); got[pickup] != "cancelled []" {
			t.Errorf("after cancelling: %v", got)
		}
		// Eight days on, the transfer is locked and customer service can unlock it.
		srv.SetNow(serviceNow.Add(8 * 24 * time.Hour))
		cs = apiLogin(t, srv, "KUNDTJANST", demoPassword)
		if got := searchNumbers(t, get(cs, "/api/v1/search/transfers?personnummer=191212121212&status=locked")); got[transfer] != "locked [unlock]" {
			t.Errorf("locked transfers: %v", got)
		}
		if got := searchNumbers(t, get(cs, "/api/v1/search/transfers?personnummer=191212121212&status=sent")); got[transfer] != "" {
			t.Errorf("sent (not locked) transfers: %v", got)
		}

		// The page: the same list with its actions, for customer service only.
		cookie := formLogin(t, srv, "KUNDTJANST", demoPassword)
		page := call(t, srv, request{Method: "GET", Path: "/kundtjanst?" + url.Values{"typ": {"orders"}, "personnummer": {"191212121212"}, "sok": {"1"}}.Encode(), Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, order) || !strings.Contains(page.Body, `href="/kundtjanst/ordrar?order=`+order+`"`) {
			t.Errorf("search page: %d\n%.2000s", page.Status, page.Body)
		}
		bad := call(t, srv, request{Method: "GET", Path: "/kundtjanst?typ=orders&from=igår&sok=1", Cookie: cookie})
		if bad.Status != 400 || !strings.Contains(bad.Body, "Ange datum som ÅÅÅÅ-MM-DD.") {
			t.Errorf("a wrong date on the page: %d", bad.Status)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/kundtjanst", Cookie: formLogin(t, srv, "K082LNO", demoPassword)}); r.Status != 403 {
			t.Errorf("a prescriber opens Kundtjänst: %d", r.Status)
		}
	})
}

// Mina arbetsordrar (SPEC §10.9 Technicians): the work orders the technician has
// taken, open ones first by urgency, then the ones closed lately; another
// technician's and untaken ones are not there.
func TestMyWorkOrdersAPI(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno, tek := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "TEKNIKER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		register := func(unit string, priority int) string {
			return mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"`+unit+
				`","priority":`+strconv.Itoa(priority)+`,"faultDescription":"Fel."}`), 201)["number"].(string)
		}
		normal, acute, closed, untaken := register("75082", 1), register("104901", 4), register("170098", 3), register("157792", 1)
		for _, n := range []string{normal, acute} {
			mustStatus(t, post(tek, "/api/v1/workorders/"+n+"/take", ""), 200)
		}
		mustStatus(t, post(tek, "/api/v1/workorders/"+closed+"/close", `{"action":"Lagad."}`), 200)

		mine := func(tok string) []string {
			var out []string
			for _, w := range mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders?mine=true", Bearer: tok}), 200)["workOrders"].([]any) {
				out = append(out, w.(map[string]any)["number"].(string)+" "+w.(map[string]any)["status"].(string))
			}
			return out
		}
		if got, want := mine(tek), []string{acute + " started", normal + " started", closed + " closed"}; !slices.Equal(got, want) {
			t.Errorf("Mina arbetsordrar: %v, want %v (not %s, which nobody took)", got, want, untaken)
		}
		if got := mine(apiLogin(t, srv, "ADMIN", demoPassword)); len(got) != 0 {
			t.Errorf("the admin took none: %v", got)
		}
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders?mine=true", Bearer: lno}), 403, domain.EForbidden)
		// A month on, the closed one has left the list.
		srv.SetNow(serviceNow.AddDate(0, 0, 31))
		if got, want := mine(apiLogin(t, srv, "TEKNIKER", demoPassword)), []string{acute + " started", normal + " started"}; !slices.Equal(got, want) {
			t.Errorf("a month later: %v, want %v", got, want)
		}

		// The page lists them under Pågående and Avslutade; the menu links to it.
		page := call(t, srv, request{Method: "GET", Path: "/tekniker/mina", Cookie: formLogin(t, srv, "TEKNIKER", demoPassword)})
		if page.Status != 200 || !strings.Contains(page.Body, `href="/arbetsorder/`+acute+`"`) || !strings.Contains(page.Body, `<a href="/tekniker/mina" aria-current="page">`) {
			t.Errorf("Mina arbetsordrar page: %d\n%.3000s", page.Status, page.Body)
		}

		// A spare part beyond what the chosen warehouse has is refused in Swedish, nothing taken.
		e := wantError(t, post(apiLogin(t, srv, "TEKNIKER", demoPassword), "/api/v1/workorders/"+acute+"/parts", `{"article":"17333","quantity":100000,"warehouse":"2000"}`), 400, domain.EInvalid)
		if msg := e["message"]; msg != "Ange ett antal mellan 1 och 1000." {
			t.Errorf("too many: %v", msg)
		}
		onHand := dbString(t, srv, "SELECT CAST(on_hand - reserved AS TEXT) FROM stock WHERE article_number = '17333' AND warehouse = '2000'")
		e = wantError(t, post(apiLogin(t, srv, "TEKNIKER", demoPassword), "/api/v1/workorders/"+acute+"/parts", `{"article":"17333","quantity":1000,"warehouse":"2000"}`), 409, domain.EConflict)
		if msg := e["message"]; msg != "Det finns inte 1000 tillgängliga av artikel 17333 i lager 2000." {
			t.Errorf("more than on hand (%s available): %v", onHand, msg)
		}
	})
}
