package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// The route × object matrix of SPEC §10.2: two prescribers with an overlapping
// customer (K082LNO: 2990 + 1464, K082KBN: 2990 + 3110) and a third (K082TRE:
// 1464) to whom K082LNO sends a transfer. Every object is under 1464: K082LNO
// (or the transfer's addressee) is allowed, K082KBN is refused with 403, or, in
// a list about a patient, does not see it. Every route a prescriber may call
// with an object in its path must have a case here or a reason in
// scopeUnscoped, so a new route cannot be added without deciding its scope.

// scopeUnscoped are the routes with an object in the path that are not scoped to
// the prescriber's customers, and why.
var scopeUnscoped = map[string]string{
	"GET /individkort/{unit}":                   "Individkort is public (SPEC §5); its holder is logged",
	"GET /api/v1/units/{unit}":                  "Individkort is public (SPEC §5); its holder is logged",
	"GET /varukatalog/{code}":                   "the catalogue",
	"GET /api/v1/iso/{code}":                    "the catalogue",
	"GET /artiklar/{number}":                    "the catalogue",
	"GET /artiklar/{number}/information":        "the catalogue",
	"GET /artiklar/{number}/bild":               "the catalogue",
	"GET /artiklar/{number}/bruksanvisning":     "the catalogue",
	"GET /api/v1/articles/{number}":             "the catalogue",
	"GET /api/v1/articles/{number}/picture":     "the catalogue",
	"GET /api/v1/articles/{number}/manual":      "the catalogue",
	"GET /api/v1/articles/{number}/suggestions": "the catalogue: counts over every order, naming no person or customer",
	"GET /cfr/{personnummer}":                   "CFR is the population register, searched before any care relation exists; logged",
	"GET /api/v1/registry/{personnummer}":       "CFR is the population register, searched before any care relation exists; logged",
	"GET /meddelanden/{id}":                     "the user's own inbox (store: message of the user)",
	"GET /bmb/forskrivare/{username}":           "a prescriber's contact card (Från on Kvittera BMB)",
	"POST /hamtorder/{number}/makulera":         "a prescriber never cancels (SPEC §6): 403 with the manual's advice, in scope or not",
	"POST /api/v1/pickuporders/{number}/cancel": "a prescriber never cancels (SPEC §6): 403 with the manual's advice, in scope or not",
	"POST /api/v1/orders/{number}/cancel":       "a prescriber never cancels (SPEC §6): 403 with the manual's advice, in scope or not",
	"GET /sprak/{lang}":                         "the UI language",
	"GET /api/v1/articles/{number}/dispatch":    "the catalogue; the customer asked about must be the prescriber's own (403, TestWhyThisDateAPI)",
}

// scopeCase is one route called on one object by the allowed user and by the other.
type scopeCase struct {
	route   string // "METHOD /pattern" as in the route table
	path    string
	body    string     // JSON (API)
	form    url.Values // form (pages)
	allowed string
	other   string
	listed  string // a list: the allowed user sees this text, the other does not
}

func TestScopeMatrix(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		if err := ordertest.Seed(ctx, srv.DB); err != nil {
			t.Fatal(err)
		}
		q := srv.DB.Read()
		one := func(query string, args ...any) string {
			t.Helper()
			var v string
			if err := q.Get(ctx, query, args, &v); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			return v
		}
		// Holmgren holds care bed 177620 through 1464; Vikström returned rollator 174901 (pickup 25009876, 1464).
		holmgren := one("SELECT recipient_personnummer FROM holdings WHERE unit_number = '177620' AND end_date IS NULL")
		vikstrom := one("SELECT recipient_personnummer FROM holdings WHERE unit_number = '174901'")
		holding := one("SELECT CAST(id AS TEXT) FROM holdings WHERE unit_number = '177620' AND end_date IS NULL")
		if err := srv.DB.Transact(ctx, func(q *store.Q) error {
			var hash string
			if err := q.Get(ctx, "SELECT password_hash FROM users WHERE username = 'K082LNO'", nil, &hash); err != nil {
				return err
			}
			_, err := q.CreateUser(ctx, domain.NewUser{Username: "K082TRE", Name: "Tredje Förskrivare", PasswordHash: hash, CanPrescribe: true,
				Roles: []domain.Role{domain.RolePrescriber}, Customers: []string{"1464"}}, srv.Svc.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		tokens := map[string]string{}
		cookies := map[string]string{}
		for _, u := range []string{"K082LNO", "K082KBN", "K082TRE"} {
			tokens[u] = apiLogin(t, srv, u, demoPassword)
			cookies[u] = formLogin(t, srv, u, demoPassword)
		}
		api := func(user, method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Body: body, Bearer: tokens[user]})
		}
		created := func(user, path, body, field string) string {
			t.Helper()
			r := api(user, "POST", path, body)
			v, _ := mustStatus(t, r, 201)[field].(string)
			if v == "" {
				t.Fatalf("POST %s gave no %s: %s", path, field, r.Body)
			}
			return v
		}
		order := created("K082LNO", "/api/v1/orders", fmt.Sprintf(`{"customer":"1464","recipient":{"personnummer":%q},
			"lines":[{"article":%q}],"delivery":{"addressFrom":"customer"}}`, holmgren, ordertest.Chair), "number")
		workOrder := created("K082LNO", "/api/v1/workorders", fmt.Sprintf(`{"personnummer":%q,"customer":"1464","unit":"177620","faultDescription":"Grinden kärvar."}`, holmgren), "number")
		// A work order customer service returned to K082LNO to correct (SPEC §10.11 Fix in place).
		returned := created("K082LNO", "/api/v1/workorders", fmt.Sprintf(`{"personnummer":%q,"customer":"1464","unit":"177620","faultDescription":"Grinden."}`, holmgren), "number")
		mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders/" + returned + "/return", Body: `{"reason":"Vilken grind?"}`,
			Bearer: apiLogin(t, srv, "KUNDTJANST", demoPassword)}), 200)
		transfer := created("K082LNO", "/api/v1/transfers", fmt.Sprintf(`{"toPrescriber":"K082TRE","recipient":{"personnummer":%q},"units":["177620"]}`, holmgren), "id")
		lno, err := srv.Svc.Authenticate(ctx, tokens["K082LNO"])
		if err != nil {
			t.Fatal(err)
		}
		// draft is a new draft of K082LNO's for 1464 with one line: the draft pages are the prescriber's own.
		draft := func() (id, line string) {
			t.Helper()
			n, err := srv.Svc.CreateOrderDraft(ctx, lno, service.DraftInput{Customer: "1464", Recipient: service.Recipient{Personnummer: holmgren}})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Svc.AddOrderLine(ctx, lno, n, service.LineInput{Article: ordertest.Chair}); err != nil {
				t.Fatal(err)
			}
			v, err := srv.Svc.OrderDraft(ctx, lno, n)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(n), fmt.Sprint(v.Order.Lines[0].ID)
		}
		d, l := draft()
		dDelete, _ := draft()
		dRegister, _ := draft()

		// A deviation on the work order (so under 1464) with a file, and a file on the work order.
		dev, err := srv.Svc.ReportDeviation(ctx, lno, service.DeviationInput{Type: domain.DeviationIncident, EventDate: "2026-11-01",
			Description: "Grinden föll ned.", WorkOrder: workOrder, File: &service.FileInput{Name: "grind.pdf", Data: []byte(testPDF)}})
		if err != nil {
			t.Fatal(err)
		}
		devID := fmt.Sprint(dev.ID)
		devFiles, err := srv.Svc.Attachments(ctx, lno, domain.AttachmentOfDeviation, devID)
		if err != nil || len(devFiles) != 1 {
			t.Fatalf("the deviation's file: %v %v", devFiles, err)
		}
		devFile := fmt.Sprint(devFiles[0].ID)
		woFile, err := srv.Svc.AddAttachment(ctx, lno, domain.AttachmentOfWorkOrder, workOrder, service.FileInput{Name: "underlag.pdf", Data: []byte(testPDF)})
		if err != nil {
			t.Fatal(err)
		}
		woFileID := fmt.Sprint(woFile.ID)

		lk, kb := "K082LNO", "K082KBN"
		cases := []scopeCase{
			{route: "GET /kundorder/utkast/{id}/rader", path: "/kundorder/utkast/" + d + "/rader", allowed: lk, other: kb},
			{route: "POST /kundorder/utkast/{id}/rader", path: "/kundorder/utkast/" + d + "/rader", allowed: lk, other: kb,
				form: url.Values{"article": {ordertest.ArmRest}}},
			{route: "GET /kundorder/utkast/{id}/rader/{line}/komponenter", path: "/kundorder/utkast/" + d + "/rader/" + l + "/komponenter", allowed: lk, other: kb},
			{route: "POST /kundorder/utkast/{id}/rader/{line}/komponenter", path: "/kundorder/utkast/" + d + "/rader/" + l + "/komponenter", allowed: lk, other: kb,
				form: url.Values{"action": {"bestall"}, "tillbehor": {ordertest.Accessory1}}},
			{route: "GET /kundorder/utkast/{id}/rader/{line}/individ", path: "/kundorder/utkast/" + d + "/rader/" + l + "/individ", allowed: lk, other: kb},
			{route: "POST /kundorder/utkast/{id}/rader/{line}/individ", path: "/kundorder/utkast/" + d + "/rader/" + l + "/individ", allowed: lk, other: kb},
			{route: "GET /kundorder/utkast/{id}/leverans", path: "/kundorder/utkast/" + d + "/leverans", allowed: lk, other: kb},
			{route: "POST /kundorder/utkast/{id}/radera", path: "/kundorder/utkast/" + dDelete + "/radera", allowed: lk, other: kb},
			{route: "POST /kundorder/utkast/{id}/verkstall", path: "/kundorder/utkast/" + dRegister + "/verkstall", allowed: lk, other: kb},
			{route: "GET /kundorder/order/{number}", path: "/kundorder/order/" + order, allowed: lk, other: kb},
			{route: "GET /kundorder/order/{number}/bekraftelse", path: "/kundorder/order/" + order + "/bekraftelse", allowed: lk, other: kb},
			{route: "GET /api/v1/orders/{number}", path: "/api/v1/orders/" + order, allowed: lk, other: kb},
			{route: "GET /hjalpmedel/ordination/{holding}", path: "/hjalpmedel/ordination/" + holding, allowed: lk, other: kb},
			{route: "GET /api/v1/holdings/{id}/order", path: "/api/v1/holdings/" + holding + "/order", allowed: lk, other: kb},
			{route: "GET /hamtorder/{number}", path: "/hamtorder/25009876", allowed: lk, other: kb},
			{route: "GET /api/v1/pickuporders/{number}", path: "/api/v1/pickuporders/25009876", allowed: lk, other: kb},
			{route: "GET /units/{unit}/label", path: "/units/177620/label", allowed: lk, other: kb},
			{route: "GET /api/v1/units/{unit}/label", path: "/api/v1/units/177620/label", allowed: lk, other: kb},
			{route: "GET /arbetsorder/{number}", path: "/arbetsorder/" + workOrder, allowed: lk, other: kb},
			{route: "GET /api/v1/workorders/{number}", path: "/api/v1/workorders/" + workOrder, allowed: lk, other: kb},
			{route: "GET /arbetsorder/{number}/ratta", path: "/arbetsorder/" + returned + "/ratta", allowed: lk, other: kb},
			{route: "POST /arbetsorder/{number}/ratta", path: "/arbetsorder/" + returned + "/ratta", allowed: lk, other: kb},
			{route: "PUT /api/v1/workorders/{number}", path: "/api/v1/workorders/" + returned, allowed: lk, other: kb,
				body: fmt.Sprintf(`{"personnummer":%q,"customer":"1464","unit":"177620","faultDescription":"Grinden kärvar."}`, holmgren)},
			{route: "GET /api/v1/patients/{personnummer}/costs", path: "/api/v1/patients/" + holmgren + "/costs", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/kostnader", path: "/hjalpmedel/kostnader?personnummer=" + holmgren, allowed: lk, other: kb},
			{route: "GET /bmb/{id}", path: "/bmb/" + transfer, allowed: lk, other: kb},
			{route: "GET /api/v1/transfers/{id}", path: "/api/v1/transfers/" + transfer, allowed: "K082TRE", other: kb},
			{route: "POST /bmb/{id}", path: "/bmb/" + transfer, form: url.Values{"approve": {"nej"}}, allowed: "K082TRE", other: kb},
			{route: "POST /api/v1/transfers/{id}/acknowledge", path: "/api/v1/transfers/" + transfer + "/acknowledge", body: `{"approve":false}`, allowed: "K082TRE", other: kb},
			{route: "GET /api/v1/customers/{number}/aids", path: "/api/v1/customers/1464/aids", allowed: lk, other: kb},
			{route: "GET /avvikelser/{id}", path: "/avvikelser/" + devID, allowed: lk, other: kb},
			{route: "GET /api/v1/deviations/{id}", path: "/api/v1/deviations/" + devID, allowed: lk, other: kb},
			{route: "POST /avvikelser/{id}/bilagor", path: "/avvikelser/" + devID + "/bilagor", allowed: lk, other: kb},
			{route: "POST /api/v1/deviations/{id}/attachments", path: "/api/v1/deviations/" + devID + "/attachments", allowed: lk, other: kb},
			{route: "GET /api/v1/deviations/{id}/attachments", path: "/api/v1/deviations/" + devID + "/attachments", allowed: lk, other: kb},
			{route: "GET /avvikelser/{id}/bilagor/{attachment}", path: "/avvikelser/" + devID + "/bilagor/" + devFile, allowed: lk, other: kb},
			{route: "GET /api/v1/deviations/{id}/attachments/{attachment}", path: "/api/v1/deviations/" + devID + "/attachments/" + devFile, allowed: lk, other: kb},
			{route: "POST /arbetsorder/{number}/bilagor", path: "/arbetsorder/" + workOrder + "/bilagor", allowed: lk, other: kb},
			{route: "POST /api/v1/workorders/{number}/attachments", path: "/api/v1/workorders/" + workOrder + "/attachments", allowed: lk, other: kb},
			{route: "GET /api/v1/workorders/{number}/attachments", path: "/api/v1/workorders/" + workOrder + "/attachments", allowed: lk, other: kb},
			{route: "GET /arbetsorder/{number}/bilagor/{attachment}", path: "/arbetsorder/" + workOrder + "/bilagor/" + woFileID, allowed: lk, other: kb},
			{route: "GET /api/v1/workorders/{number}/attachments/{attachment}", path: "/api/v1/workorders/" + workOrder + "/attachments/" + woFileID, allowed: lk, other: kb},
			{route: "POST /api/v1/customers/{number}/handout", path: "/api/v1/customers/1464/handout", allowed: lk, other: kb,
				body: fmt.Sprintf(`{"unit":"179711","personnummer":%q}`, holmgren)},
			// Lists about a patient: the other prescriber sees the patient, not the 1464 rows.
			{route: "GET /api/v1/patients/{personnummer}/aids", path: "/api/v1/patients/" + holmgren + "/aids", allowed: lk, other: kb, listed: "177620"},
			{route: "GET /api/v1/patients/{personnummer}/returned", path: "/api/v1/patients/" + vikstrom + "/returned", allowed: lk, other: kb, listed: "174901"},
			{route: "GET /api/v1/patients/{personnummer}/workorders", path: "/api/v1/patients/" + holmgren + "/workorders", allowed: lk, other: kb, listed: workOrder},
			{route: "GET /api/v1/patients/{personnummer}/pickuporders", path: "/api/v1/patients/" + vikstrom + "/pickuporders", allowed: lk, other: kb, listed: "25009876"},
			{route: "GET /api/v1/patients/{personnummer}/components-on-the-way", path: "/api/v1/patients/" + holmgren + "/components-on-the-way", allowed: lk, other: kb, listed: order},
			{route: "GET /hjalpmedel", path: "/hjalpmedel?personnummer=" + holmgren, allowed: lk, other: kb, listed: "177620"},
			{route: "GET /api/v1/pickuporders", path: "/api/v1/pickuporders?personnummer=" + vikstrom, allowed: lk, other: kb, listed: "25009876"},
			{route: "GET /api/v1/workorders", path: "/api/v1/workorders?personnummer=" + holmgren, allowed: lk, other: kb, listed: workOrder},
			// A customer or payer in the query or body.
			{route: "GET /hjalpmedel", path: "/hjalpmedel?kund=1464", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/aterlamnade", path: "/hjalpmedel/aterlamnade?kund=1464", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/hamtorder", path: "/hjalpmedel/hamtorder?kund=1464", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/komponenter", path: "/hjalpmedel/komponenter?kund=1464", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/arbetsorder", path: "/hjalpmedel/arbetsorder?kund=1464", allowed: lk, other: kb},
			{route: "GET /hjalpmedel/bmb", path: "/hjalpmedel/bmb?kund=1464", allowed: lk, other: kb},
			{route: "GET /bmb/skicka", path: "/bmb/skicka?kund=1464", allowed: lk, other: kb},
			{route: "GET /hamtorder", path: "/hamtorder?kund=1464", allowed: lk, other: kb},
			{route: "GET /api/v1/workorders", path: "/api/v1/workorders?customer=1464", allowed: lk, other: kb},
			{route: "POST /api/v1/orders", path: "/api/v1/orders", allowed: lk, other: kb, body: fmt.Sprintf(`{"customer":"2990",
				"recipient":{"personnummer":"191212121212"},"lines":[{"article":%q,"payer":"1464"}],"delivery":{"addressFrom":"customer"}}`, ordertest.ArmRest)},
			{route: "POST /api/v1/workorders", path: "/api/v1/workorders", allowed: lk, other: kb,
				body: fmt.Sprintf(`{"personnummer":%q,"customer":"2990","unit":"177620","faultDescription":"Grinden kärvar."}`, holmgren)},
			{route: "POST /api/v1/pickuporders", path: "/api/v1/pickuporders", allowed: lk, other: kb,
				body: fmt.Sprintf(`{"personnummer":%q,"customer":"2990","reason":"no_longer_needed","units":["177620"]}`, holmgren)},
			{route: "POST /api/v1/transfers", path: "/api/v1/transfers", allowed: lk, other: kb,
				body: fmt.Sprintf(`{"toPrescriber":"K082TRE","recipient":{"personnummer":%q},"units":["177620"]}`, holmgren)},
		}

		covered := map[string]bool{}
		for _, c := range cases {
			covered[c.route] = true
		}
		routes := map[string]bool{}
		for _, rt := range srv.Web.Routes() {
			key := rt.Method + " " + rt.Path
			routes[key] = true
			if rt.Public || rt.Method == "" || !strings.Contains(rt.Path, "{") {
				continue
			}
			if len(rt.Roles) > 0 && !hasRole(rt.Roles, domain.RolePrescriber) {
				continue // the role gate refuses every prescriber (TestWrongRoleIsRefusedEverywhere)
			}
			if !covered[key] && scopeUnscoped[key] == "" {
				t.Errorf("%s takes an object but has no case in the scope matrix (TestScopeMatrix) nor a reason in scopeUnscoped", key)
			}
		}
		for key := range covered {
			if !routes[key] {
				t.Errorf("scope case %s: no such route", key)
			}
		}
		for key := range scopeUnscoped {
			if !routes[key] {
				t.Errorf("scopeUnscoped %s: no such route", key)
			}
		}

		do := func(user string, c scopeCase) reply {
			method, _, _ := strings.Cut(c.route, " ")
			rq := request{Method: method, Path: c.path}
			if strings.HasPrefix(c.path, "/api/") {
				rq.Bearer, rq.Body = tokens[user], c.body
				if method == "POST" && rq.Body == "" {
					rq.Body = "{}"
				}
			} else {
				rq.Cookie = cookies[user]
				rq.Header = map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}
				if method == "POST" {
					rq.Form = c.form
					if rq.Form == nil {
						rq.Form = url.Values{}
					}
				}
			}
			return call(t, srv, rq)
		}
		for _, c := range cases {
			t.Run(strings.ReplaceAll(c.path, "/", "_"), func(t *testing.T) {
				// The other first: an allowed action may change the object (register, acknowledge, delete).
				r := do(c.other, c)
				if c.listed != "" {
					if r.Status != 200 || strings.Contains(r.Body, c.listed) {
						t.Errorf("%s %s as %s: status %d, listed %s: %v; want 200 without it", c.route, c.path, c.other, r.Status, c.listed, strings.Contains(r.Body, c.listed))
					}
				} else if r.Status != 403 {
					t.Errorf("%s %s as %s: status %d, want 403: %.300s", c.route, c.path, c.other, r.Status, r.Body)
				} else if strings.HasPrefix(c.path, "/api/") && !strings.Contains(r.Body, `"forbidden"`) {
					t.Errorf("%s as %s: 403 without code forbidden: %.300s", c.path, c.other, r.Body)
				}
				r = do(c.allowed, c)
				switch {
				case r.Status == 401 || r.Status == 403 || r.Status == 404 || r.Status >= 500:
					t.Errorf("%s %s as %s: status %d, want it allowed: %.300s", c.route, c.path, c.allowed, r.Status, r.Body)
				case c.listed != "" && !strings.Contains(r.Body, c.listed):
					t.Errorf("%s %s as %s: %s is not listed: %.300s", c.route, c.path, c.allowed, c.listed, r.Body)
				}
			})
		}
	})
}
