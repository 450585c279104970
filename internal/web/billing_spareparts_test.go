package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// Spare parts on work orders (SPEC §7): the technician records them, they are
// taken from stock through the journal, and billing charges them to the unit's
// payer at the sales price valid on the closing date, only when the action type
// is chargeable (skada/felanvändning); otherwise they are on the HMC.
func TestWorkOrderSpareParts(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC))}, func(t *testing.T, srv *testserver.Server) {
		boCatalogBase(t, srv)
		admin := boLogin(t, srv, "ADMIN")
		if st := admin.do("POST", "/api/v1/articles", map[string]any{"number": "90301", "name": "Hjul reservdel", "unitOfMeasure": "st",
			"isoCode": "122203", "supplier": "Etac Sverige AB", "status": "stocked", "purpose": "buy"}, nil); st != 201 {
			t.Fatalf("article: %d", st)
		}
		for _, p := range []map[string]string{{"kind": "sale", "amount": "150.00", "validFrom": "2020-01-01"}, {"kind": "sale", "amount": "175.00", "validFrom": "2026-11-20"}} {
			if st := admin.do("POST", "/api/v1/articles/90301/prices", p, nil); st != 201 {
				t.Fatalf("price: %d", st)
			}
		}
		lno, lager, tek := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "LAGER", demoPassword), apiLogin(t, srv, "TEKNIKER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		mustStatus(t, post(lager, "/api/v1/stock/receipts", `{"warehouse":"2000","article":"90301","quantity":5}`), 201)
		damage := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"170098",
			"actionType":"damage","faultDescription":"Hjulet avbrutet efter fall."}`), 201)["number"].(string)
		repair := mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"157792",
			"faultDescription":"Hjulet slitet."}`), 201)["number"].(string)

		onHand := func() string {
			return dbString(t, srv, "SELECT CAST(on_hand AS TEXT) FROM stock WHERE article_number = '90301' AND warehouse = '2000'")
		}
		wo := mustStatus(t, post(tek, "/api/v1/workorders/"+damage+"/parts", `{"article":"90301","quantity":2}`), 201)
		parts := wo["parts"].([]any)
		if wo["chargeable"] != true || len(parts) != 1 || parts[0].(map[string]any)["article"] != "90301" || parts[0].(map[string]any)["quantity"] != 2.0 ||
			parts[0].(map[string]any)["warehouse"] != "2000" {
			t.Fatalf("work order %s: chargeable %v parts %v", damage, wo["chargeable"], parts)
		}
		if wo := mustStatus(t, post(tek, "/api/v1/workorders/"+repair+"/parts", `{"article":"90301","quantity":1,"warehouse":"2000"}`), 201); wo["chargeable"] != false {
			t.Errorf("a corrective work order is chargeable")
		}
		if s := onHand(); s != "2" {
			t.Errorf("on hand after 3 spare parts: %s, want 2", s)
		}
		if s := dbString(t, srv, "SELECT CAST(on_hand_delta AS TEXT) || ' ' || reason || ' ' || reference FROM stock_movements WHERE article_number = '90301' AND reference = ?", damage); s != "-2 work_order "+damage {
			t.Errorf("journal: %q", s)
		}
		// Refused, nothing taken: a bad quantity, an unknown or unit-tracked article,
		// more than is available, a prescriber.
		for _, c := range []struct {
			tok, body string
			status    int
			code      domain.Code
		}{
			{tek, `{"article":"90301","quantity":0}`, 400, domain.EInvalid},
			{tek, `{"article":"99999","quantity":1}`, 400, domain.EInvalid},
			{tek, `{"article":"10156","quantity":1}`, 400, domain.EInvalid},
			{tek, `{"article":"90301","quantity":3}`, 409, domain.EConflict},
			{tek, `{"article":"90301","quantity":1,"warehouse":"9999"}`, 400, domain.EInvalid},
			{lno, `{"article":"90301","quantity":1}`, 403, domain.EForbidden},
		} {
			wantError(t, post(c.tok, "/api/v1/workorders/"+damage+"/parts", c.body), c.status, c.code)
		}
		if s := onHand(); s != "2" {
			t.Errorf("on hand after refusals: %s, want 2", s)
		}

		// Both are closed on 2026-11-20, when the sales price is 175,00.
		srv.SetNow(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
		tek = apiLogin(t, srv, "TEKNIKER", demoPassword)
		for _, n := range []string{damage, repair} {
			mustStatus(t, post(tek, "/api/v1/workorders/"+n+"/close", `{"action":"Bytt hjul."}`), 200)
		}
		wantError(t, post(tek, "/api/v1/workorders/"+damage+"/parts", `{"article":"90301","quantity":1}`), 409, domain.EConflict)

		srv.SetNow(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
		admin = boLogin(t, srv, "ADMIN")
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-11"}, nil); st != 201 {
			t.Fatal("run November")
		}
		var nov invoiceBasis
		admin.do("GET", "/api/v1/billing/runs/2026-11/payers/2990", nil, &nov)
		var got []string
		for _, l := range nov.Lines {
			if l.Kind == "spare_part" {
				got = append(got, strings.Join([]string{*l.WorkOrder, l.KindText, *l.Unit, l.From, l.Price, *l.PriceValidFrom, l.Amount}, " ")+" ×"+strconv.Itoa(l.Quantity))
			}
		}
		if want := damage + " Reservdel 170098 2026-11-20 175.00 2026-11-20 350.00 ×2"; len(got) != 1 || got[0] != want {
			t.Errorf("spare-part lines: %q, want %q", got, want)
		}
		_, csv := admin.raw("GET", "/api/v1/billing/runs/2026-11/payers/2990?format=csv", nil)
		if !strings.Contains(string(csv), ",spare_part,Reservdel,2026-11-20,2026-11-20,0,30,2,175.00,2026-11-20,350.00,"+damage+",") {
			t.Errorf("CSV lacks the spare part:\n%s", csv)
		}

		// The work order page shows the parts; the admin keeps the flag on the action type.
		page := func(method, path string, form url.Values) (int, string) {
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, srv.URL+path, body)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			req.AddCookie(&http.Cookie{Name: "hm_session", Value: admin.token})
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		if st, body := page("GET", "/arbetsorder/"+damage, nil); st != 200 || !strings.Contains(body, "Reservdelar") || !strings.Contains(body, "Hjul reservdel") ||
			!strings.Contains(body, "Åtgärdstypen debiteras") {
			t.Errorf("work order page: %d", st)
		}
		id := dbString(t, srv, "SELECT CAST(id AS TEXT) FROM action_types WHERE code = 'corrective'")
		if st, _ := page("POST", "/admin/kunder/atgardstyper", url.Values{"id": {id}, "name": {"Avhjälpande underhåll"}, "active": {"1"}, "chargeable": {"1"}}); st != http.StatusSeeOther {
			t.Errorf("save action type: %d", st)
		}
		if wo := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders/" + repair, Bearer: apiLogin(t, srv, "TEKNIKER", demoPassword)}), 200); wo["chargeable"] != true {
			t.Errorf("corrective made chargeable: %v", wo["chargeable"])
		}
		// And through the API: back to not chargeable; the list says which are.
		var at struct {
			Code, Name         string
			Chargeable, Active bool
		}
		if st := admin.do("PUT", "/api/v1/action-types/corrective", map[string]any{"name": "Avhjälpande underhåll", "active": true, "chargeable": false}, &at); st != 200 ||
			at.Code != "corrective" || at.Chargeable || !at.Active {
			t.Errorf("PUT action type: %d %+v", st, at)
		}
		if st := admin.do("PUT", "/api/v1/action-types/nosuch", map[string]any{"name": "X"}, nil); st != 404 {
			t.Errorf("PUT unknown action type: %d", st)
		}
		var list struct {
			ActionTypes []struct {
				Code       string
				Chargeable bool
			}
		}
		admin.do("GET", "/api/v1/action-types", nil, &list)
		chargeable := map[string]bool{}
		for _, a := range list.ActionTypes {
			chargeable[a.Code] = a.Chargeable
		}
		if !chargeable["damage"] || chargeable["corrective"] || len(chargeable) != 6 {
			t.Errorf("action types: %v", chargeable)
		}
	})
}
