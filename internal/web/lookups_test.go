package web_test

// API and page tests of the prescriber look-ups (issue 3) on the demo data of
// SPEC §8: the test patient's six aids, units 104901/179711/123569, the
// amputationsbenstöd articles, 30593 Panthera and the ISO path 12 → 1222 → 122203.

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

func aidsOfReply(t *testing.T, r reply) []map[string]any {
	t.Helper()
	list, _ := r.JSON(t)["aids"].([]any)
	var out []map[string]any
	for _, a := range list {
		out = append(out, a.(map[string]any))
	}
	return out
}

func TestLookupsAPI(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		runScenarios(t, srv, []scenario{
			{name: "Hjälpmedel: the test patient's six aids", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids"}, as: "K082LNO",
				status: 200, want: []string{`"name":"Svensson, Testare"`, `"street":"Tolvgatan 12"`, `"postalCode":"12125"`, `"town":"STOCKHOLM-GLOBEN"`,
					`"unit":"104901"`, `"unit":"75082"`, `"unit":"170098"`, `"unit":"157792"`, `"article":"15749"`, `"article":"10680"`, `"onOrder":[]`},
				check: func(t *testing.T, r reply) {
					aids := aidsOfReply(t, r)
					if len(aids) != 6 {
						t.Fatalf("%d aids, want 6: %s", len(aids), r.Body)
					}
					for _, a := range aids {
						if a["article"] == "15749" && a["unit"] != nil {
							t.Errorf("15749 has no unit; got %v", a["unit"])
						}
						if a["article"] == "23993" && (a["orderDate"] != "2011-05-31" || a["deliveryDate"] != "2011-05-31" || a["quantity"] != 1.0) {
							t.Errorf("23993: %v", a)
						}
						if a["payer"] != "2990" || a["customer"] != "2990" || a["prescriber"] != "K082LNO" {
							t.Errorf("%v: payer/customer/prescriber %v %v %v", a["article"], a["payer"], a["customer"], a["prescriber"])
						}
					}
				}},
			{name: "Hjälpmedel with a hyphen and spaces", req: request{Method: "GET", Path: "/api/v1/patients/" + url.PathEscape("1912 1212-1212") + "/aids"}, as: "K082LNO",
				status: 200, want: []string{`"personnummer":"191212121212"`}},
			{name: "Endast individer", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids?onlyUnits=true"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					aids := aidsOfReply(t, r)
					if len(aids) != 4 {
						t.Fatalf("%d units, want 4 (104901, 75082, 170098, 157792): %s", len(aids), r.Body)
					}
					for _, a := range aids {
						if a["unit"] == nil {
							t.Errorf("a row without a unit: %v", a)
						}
					}
				}},
			{name: "ISO-kod filter", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids?iso=0433"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					if aids := aidsOfReply(t, r); len(aids) != 2 || aids[0]["article"] != "15014" && aids[0]["article"] != "10156" {
						t.Fatalf("ISO 0433 should give the two cushions: %s", r.Body)
					}
				}},
			{name: "ISO-kod with letters", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids?iso=abc"}, as: "K082LNO",
				status: 400, code: domain.EInvalid, want: []string{`"iso":"ISO-kod skrivs med siffror, till exempel 1222."`}},
			{name: "Återlämnade hjälpmedel", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/returned"}, as: "K082LNO", status: 200,
				want: []string{`"aids":[`}},
			{name: "Registrerade AO", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/workorders"}, as: "K082LNO", status: 200,
				want: []string{`"documents":[`}},
			{name: "Komponenter på väg", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/components-on-the-way"}, as: "K082LNO", status: 200,
				want: []string{`"components":[]`}},
			{name: "customer service reads aids", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids"}, as: "KUNDTJANST", status: 200},
			{name: "the warehouse may not read patients", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids"}, as: "LAGER",
				status: 403, code: domain.EForbidden},
			{name: "a valid personnummer not in the registry", req: request{Method: "GET", Path: "/api/v1/patients/19000101239" + string(domain.LuhnCheckDigit("000101239")) + "/aids"}, as: "K082LNO",
				status: 404, code: domain.ENotFound, want: []string{"Personnumret finns inte i folkbokföringsregistret."}},
			{name: "wrong check digit", req: request{Method: "GET", Path: "/api/v1/patients/191212121213/aids"}, as: "K082LNO",
				status: 400, code: domain.EInvalid, want: []string{`"personnummer":"` + domain.MsgPersonnummerCheckDigit + `"`}},
			{name: "impossible date", req: request{Method: "GET", Path: "/api/v1/patients/191302301234/aids"}, as: "K082LNO",
				status: 400, code: domain.EInvalid, want: []string{domain.MsgPersonnummerDate}},
			{name: "wrong length", req: request{Method: "GET", Path: "/api/v1/patients/1212121212/aids"}, as: "K082LNO",
				status: 400, code: domain.EInvalid, want: []string{domain.MsgPersonnummerLength}},
			{name: "an English message", req: request{Method: "GET", Path: "/api/v1/patients/191212121213/aids", Header: map[string]string{"Accept-Language": "en"}}, as: "K082LNO",
				status: 400, code: domain.EInvalid},

			{name: "a care unit's aids", req: request{Method: "GET", Path: "/api/v1/customers/1464/aids"}, as: "K082LNO", status: 200,
				want: []string{`"customer":{"number":"1464","name":"Arvidsjaur Kommun Närförråd"`, `"unit":"179711"`, `"localStore":true`}},
			{name: "an unknown customer", req: request{Method: "GET", Path: "/api/v1/customers/0000/aids"}, as: "K082LNO", status: 404, code: domain.ENotFound},

			{name: "Individkort 179711", req: request{Method: "GET", Path: "/api/v1/units/179711"}, as: "K082LNO", status: 200,
				want: []string{`"article":"22876"`, `"serial":"26B46546"`, `"supplier":"Etac Sverige AB"`, `"purchaseDate":"2016-04-11"`, `"warrantyUntil":"2020-04-10"`,
					`"warehouse":"2000"`, `"warehouseName":"Länsservice Boden"`, `"recipient":{"customer":"1464","name":"Arvidsjaur Kommun Närförråd","street":"Sjukstugegatan 3","postalCode":"93331","town":"ARVIDSJAUR"`,
					`"payer":"1464"`, `"prescriber":"K082LNO"`}},
			{name: "Individkort 123569 scrapped", req: request{Method: "GET", Path: "/api/v1/units/123569"}, as: "TEKNIKER", status: 200,
				want: []string{`"status":"scrapped"`, `"statusText":"Skrotad 2011-09-28"`, `"adaptations":[{"date":"2011-03-21"`, `"holding":null`}},
			{name: "Individkort 104901 held by the test patient", req: request{Method: "GET", Path: "/api/v1/units/104901"}, as: "K082LNO", status: 200,
				want: []string{`"recipient":{"personnummer":"191212121212","name":"Svensson, Testare"`}},
			{name: "an unknown unit", req: request{Method: "GET", Path: "/api/v1/units/999999999"}, as: "K082LNO", status: 404, code: domain.ENotFound,
				want: []string{"Individen finns inte."}},

			{name: "Sök artikel amputationsbenstöd with balance", req: request{Method: "GET", Path: "/api/v1/articles?q=" + url.QueryEscape("amputationsbenstöd") + "&withBalance=true"}, as: "K082LNO",
				status: 200, want: []string{`"number":"38415"`, `"number":"17944"`, `"number":"36878"`, `"number":"35347"`, `"supplier":"Etac Sverige AB"`, `"balance":`, `"warehouse":"2000"`}},
			{name: "name words in any order, prefix, case and accents", req: request{Method: "GET", Path: "/api/v1/articles?name=" + url.QueryEscape("CRÖSS rullst")}, as: "K082LNO",
				status: 200, want: []string{`"number":"11109"`, `"name":"Rullstol Cross I sittbredd 40`}},
			{name: "by article number", req: request{Method: "GET", Path: "/api/v1/articles?q=30593"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					arts, _ := r.JSON(t)["articles"].([]any)
					if len(arts) != 1 || arts[0].(map[string]any)["number"] != "30593" {
						t.Fatalf("q=30593: %s", r.Body)
					}
				}},
			{name: "by supplier article number", req: request{Method: "GET", Path: "/api/v1/articles?supplierArticleNumber=34739D0G"}, as: "K082LNO", status: 200,
				want: []string{`"number":"30593"`}},
			{name: "by supplier name", req: request{Method: "GET", Path: "/api/v1/articles?supplier=" + url.QueryEscape("Panthera AB")}, as: "K082LNO", status: 200,
				want: []string{`"number":"30593"`}},
			{name: "a search without terms", req: request{Method: "GET", Path: "/api/v1/articles"}, as: "K082LNO", status: 400, code: domain.EInvalid},
			{name: "article page 30593", req: request{Method: "GET", Path: "/api/v1/articles/30593"}, as: "K082LNO", status: 200,
				want: []string{`"name":"Rullstol Panthera 52 Swing bredd 39 Grund"`, `"status":"order_item"`, `"statusText":"Beställningsvara"`, `"responsibility":"L Landstinget"`,
					`"isoCode":"122203"`, `"supplier":"Panthera AB"`, `"supplierArticleNumber":"34739D0G"`,
					`"rent":{"amount":"61.91","validFrom":"2021-12-02"}`, `"sale":{"amount":"2471.60","validFrom":"2021-12-02"}`,
					`"balances":[{"warehouse":"2000","warehouseName":"Länsservice Boden","available":0`}},
			{name: "article page 11109 with base configuration", req: request{Method: "GET", Path: "/api/v1/articles/11109"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					bc, _ := r.JSON(t)["baseConfiguration"].([]any)
					if len(bc) < 9 {
						t.Errorf("11109 has %d base components, want the demo's 11-part configuration: %s", len(bc), r.Body)
					}
				}},
			{name: "an unknown article", req: request{Method: "GET", Path: "/api/v1/articles/00000"}, as: "K082LNO", status: 404, code: domain.ENotFound},
			{name: "no picture", req: request{Method: "GET", Path: "/api/v1/articles/30593/picture"}, as: "K082LNO", status: 404, code: domain.ENotFound},

			{name: "Varukatalog top", req: request{Method: "GET", Path: "/api/v1/iso"}, as: "K082LNO", status: 200, want: []string{`"code":"12","name":"HJÄLPMEDEL VID FÖRFLYTTNING"`}},
			{name: "Varukatalog 12", req: request{Method: "GET", Path: "/api/v1/iso/12"}, as: "K082LNO", status: 200, want: []string{`"code":"1222"`}},
			{name: "Varukatalog 1222", req: request{Method: "GET", Path: "/api/v1/iso/1222"}, as: "K082LNO", status: 200,
				want: []string{`"parent":"12"`, `"code":"122203"`, `"path":[{"code":"12"`}},
			{name: "Varukatalog 122203", req: request{Method: "GET", Path: "/api/v1/iso/122203"}, as: "K082LNO", status: 200,
				want: []string{`"number":"30593"`, `"number":"11109"`}},
			{name: "an unknown ISO code", req: request{Method: "GET", Path: "/api/v1/iso/99"}, as: "K082LNO", status: 404, code: domain.ENotFound},

			{name: "CFR by name", req: request{Method: "GET", Path: "/api/v1/registry?name=svensson"}, as: "K082LNO", status: 200,
				want: []string{`"personnummer":"191212121212"`, `"page":1`}},
			{name: "CFR by name, post code, town and sex", req: request{Method: "GET", Path: "/api/v1/registry?name=svens+test&postalCode=121+25&town=stockholm&sex=M&street=tolvg"}, as: "K082LNO", status: 200,
				want: []string{`"personnummer":"191212121212"`}},
			{name: "CFR by personnummer", req: request{Method: "GET", Path: "/api/v1/registry?personnummer=19121212-1212"}, as: "K082LNO", status: 200,
				want: []string{`"personnummer":"191212121212"`}},
			{name: "CFR with sex only", req: request{Method: "GET", Path: "/api/v1/registry?sex=K"}, as: "K082LNO", status: 400, code: domain.EInvalid},
			{name: "CFR hit opened", req: request{Method: "GET", Path: "/api/v1/registry/191212121212"}, as: "K082LNO", status: 200,
				want: []string{`"name":"Svensson, Testare"`}},

			{name: "Ordinationsöversikt", req: request{Method: "GET", Path: "/api/v1/patients/191212121212/aids"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					for _, a := range aidsOfReply(t, r) {
						if a["unit"] != "104901" {
							continue
						}
						o := call(t, srv, request{Method: "GET", Path: "/api/v1/holdings/" + a["id"].(string) + "/order", Bearer: apiLogin(t, srv, "K082LNO", demoPassword)})
						if o.Status != 200 || !strings.Contains(o.Body, `"payer":"2990"`) || !strings.Contains(o.Body, `"article":"23993"`) {
							t.Fatalf("order overview of 104901: %d %s", o.Status, o.Body)
						}
						return
					}
					t.Fatal("no row with unit 104901")
				}},

			{name: "Dina uppgifter: documents", req: request{Method: "GET", Path: "/api/v1/me/documents"}, as: "K082LNO", status: 200,
				want: []string{`"orders":{"open":[`, `"workOrders":{`, `"pickupOrders":{`}},
			{name: "Dina uppgifter: change phone", req: request{Method: "PUT", Path: "/api/v1/me", Body: `{"phone":"0921-666 99"}`}, as: "K082KBN", status: 200,
				want: []string{`"phone":"0921-666 99"`, `"name":"Kerstin Berg-Nilsson"`}},
			{name: "Dina uppgifter: a bad e-mail", req: request{Method: "PUT", Path: "/api/v1/me", Body: `{"email":"inte en adress"}`}, as: "K082KBN",
				status: 400, code: domain.EInvalid, want: []string{`"email":`}},
		})
	})
}

// countAudit counts audit entries of an action (all users).
func countAudit(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.Read().Get(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = ?", []any{action}, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An invalid personnummer is refused with the Swedish message, reads nothing and
// logs no access; a valid look-up is logged with user, person and screen.
func TestLookupAccessLogging(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		token := apiLogin(t, srv, "K082LNO", demoPassword)
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		totalBefore := countAudit(t, srv.DB, "person.view")
		var allBefore int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_log", nil, &allBefore)

		for _, bad := range []struct{ input, msg string }{
			{"191212121213", domain.MsgPersonnummerCheckDigit},
			{"19121312-1212", domain.MsgPersonnummerDate},
			{"20230230-1234", domain.MsgPersonnummerDate},
			{"1212121212", domain.MsgPersonnummerLength},
			{"19121212121", domain.MsgPersonnummerLength},
		} {
			r := call(t, srv, request{Method: "GET", Path: "/api/v1/patients/" + url.PathEscape(bad.input) + "/aids", Bearer: token})
			e := wantError(t, r, 400, domain.EInvalid)
			if e["message"] != bad.msg {
				t.Errorf("API %s: message %q, want %q", bad.input, e["message"], bad.msg)
			}
			page := call(t, srv, request{Method: "GET", Path: "/hjalpmedel?mottagare=patient&nummer=" + url.QueryEscape(bad.input), Cookie: cookie})
			if page.Status != 400 || !strings.Contains(page.Body, bad.msg) || !strings.Contains(page.Body, `id="f-nummer"`) {
				t.Errorf("page %s: status %d, want 400 with %q next to the field", bad.input, page.Status, bad.msg)
			}
			if strings.Contains(page.Body, "Tolvgatan") {
				t.Errorf("page %s shows a patient", bad.input)
			}
		}
		if n := countAudit(t, srv.DB, "person.view"); n != totalBefore {
			t.Fatalf("invalid look-ups wrote %d person.view entries", n-totalBefore)
		}
		var allAfter int
		srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_log", nil, &allAfter)
		if allAfter != allBefore {
			t.Fatalf("invalid look-ups changed the audit log: %d → %d entries", allBefore, allAfter)
		}

		// A valid look-up on the page is logged once, as Hjälpmedel.
		page := call(t, srv, request{Method: "GET", Path: "/hjalpmedel?mottagare=patient&nummer=" + url.QueryEscape("19121212-1212"), Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, "Tolvgatan 12") || !strings.Contains(page.Body, "104901") {
			t.Fatalf("valid look-up: status %d", page.Status)
		}
		entries, err := srv.DB.Read().FindAudit(ctx, domain.AuditFilter{Personnummer: "191212121212", Action: "person.view"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Username != "K082LNO" || entries[0].Screen != "Hjälpmedel" {
			t.Fatalf("after one look-up, person.view entries: %+v", entries)
		}

		// The unit card of a unit the patient holds is an access; a care unit's unit is not.
		call(t, srv, request{Method: "GET", Path: "/api/v1/units/104901", Bearer: token})
		call(t, srv, request{Method: "GET", Path: "/api/v1/units/179711", Bearer: token})
		entries, _ = srv.DB.Read().FindAudit(ctx, domain.AuditFilter{Action: "person.view"})
		if len(entries)-totalBefore != 2 || entries[0].Screen != "Individkort" || entries[0].EntityID != "104901" || entries[0].Personnummer != "191212121212" {
			t.Fatalf("unit cards: newest person.view entries %+v", entries[:min(3, len(entries))])
		}

		// The admin sees who looked at the person.
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		r := call(t, srv, request{Method: "GET", Path: "/api/v1/audit?person=191212121212&action=person.view", Bearer: admin})
		if r.Status != 200 || !strings.Contains(r.Body, `"screen":"Hjälpmedel"`) || !strings.Contains(r.Body, `"screen":"Individkort"`) || !strings.Contains(r.Body, `"user":"K082LNO"`) {
			t.Fatalf("admin audit by person: %d %s", r.Status, r.Body)
		}
	})
}

// A protected person's address and phone are never shown, and the look-up is flagged.
func TestLookupProtectedPerson(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		ctx := context.Background()
		pnr := "19800101" + "238" + string(domain.LuhnCheckDigit("800101238"))
		err := srv.DB.Transact(ctx, func(q *store.Q) error {
			_, err := q.Exec(ctx, `INSERT INTO persons (personnummer, first_name, last_name, street, postal_code, town, phone, sex, protected,
				last_name_folded, first_name_folded, street_folded, town_folded) VALUES (?, 'Hemlig', 'Skyddsson', 'Gömdavägen 1', '99999', 'DOLDA', '070-000', 'M', TRUE,
				'skyddsson', 'hemlig', 'gomdavagen 1', 'dolda')`, pnr)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		token := apiLogin(t, srv, "K082LNO", demoPassword)
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		for _, r := range []reply{
			call(t, srv, request{Method: "GET", Path: "/api/v1/patients/" + pnr + "/aids", Bearer: token}),
			call(t, srv, request{Method: "GET", Path: "/hjalpmedel?personnummer=" + pnr, Cookie: cookie}),
			call(t, srv, request{Method: "GET", Path: "/api/v1/registry?name=skyddsson", Bearer: token}),
			call(t, srv, request{Method: "GET", Path: "/cfr?namn=skyddsson", Cookie: cookie}),
		} {
			if r.Status != 200 || !strings.Contains(r.Body, "Skyddsson") {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			for _, secret := range []string{"Gömdavägen", "99999", "DOLDA", "070-000"} {
				if strings.Contains(r.Body, secret) {
					t.Errorf("a protected person's %q is shown", secret)
				}
			}
		}
		entries, _ := srv.DB.Read().FindAudit(ctx, domain.AuditFilter{Personnummer: pnr, Action: "person.view"})
		// Two look-ups and two name searches, each with its criteria (SPEC §10.2).
		if len(entries) != 4 {
			t.Fatalf("protected look-ups: %+v", entries)
		}
		for _, e := range entries {
			if !e.Protected {
				t.Errorf("not flagged protected: %+v", e)
			}
		}
		if !strings.Contains(entries[0].After, "skyddsson") || !strings.Contains(entries[1].After, "skyddsson") {
			t.Errorf("the name searches do not log their criteria: %+v", entries[:2])
		}
	})
}

// Every look-up page renders for a prescriber with the manual's words.
func TestLookupPages(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		for _, tc := range []struct {
			path   string
			status int
			want   []string
		}{
			{"/hjalpmedel", 200, []string{"Personnummer eller kundnummer", "Endast individer", "ISO-kod"}},
			{"/hjalpmedel?mottagare=patient&nummer=" + url.QueryEscape("19121212-1212"), 200, []string{"Svensson, Testare", "Tolvgatan 12", "12125 STOCKHOLM-GLOBEN",
				"Återlämnade hjälpmedel", "Registrerade AO", "Komponenter på väg", "Skrivunderlägg 70x50x8", `href="/individkort/104901"`, "Ordinationsöversikt",
				`href="/kundorder?personnummer=191212121212&amp;artikel=23993"`, `href="/arbetsorder?personnummer=191212121212&amp;artikel=23993&amp;individ=104901"`}},
			{"/hjalpmedel?mottagare=kund&nummer=1464", 200, []string{"Arvidsjaur Kommun Närförråd", "179711"}},
			{"/hjalpmedel?mottagare=patient&nummer=191212121213", 400, []string{domain.MsgPersonnummerCheckDigit, `href="#f-nummer"`}},
			{"/hjalpmedel/aterlamnade?personnummer=191212121212", 200, []string{"Återlämnade hjälpmedel"}},
			{"/hjalpmedel/arbetsorder?personnummer=191212121212", 200, []string{"Registrerade AO"}},
			{"/hjalpmedel/hamtorder?personnummer=191212121212", 200, []string{"Hämtorder"}},
			{"/hjalpmedel/komponenter?personnummer=191212121212", 200, []string{"Komponenter på väg"}},
			{"/hjalpmedel/bmb?personnummer=191212121212", 303, nil}, // to BMB (send), pre-filled
			{"/individkort/123569", 200, []string{"G024-014317", "Skrotad 2011-09-28", "2011-03-21", "Invacare AB", "Specialanpassning"}},
			{"/individkort?individ=179711", 200, []string{"26B46546", "Arvidsjaur Kommun Närförråd", "Sjukstugegatan 3", "2016-04-11", "2020-04-10"}},
			{"/individkort?individ=42", 404, []string{"Individen finns inte."}},
			{"/varukatalog", 200, []string{"HJÄLPMEDEL VID FÖRFLYTTNING"}},
			{"/varukatalog/1222", 200, []string{"Manuella rullstolar", `href="/varukatalog/12"`, `href="/varukatalog/122203"`}},
			{"/varukatalog/122203", 200, []string{"30593", "Rullstol Panthera 52 Swing bredd 39 Grund"}},
			{"/artiklar?benamning=" + url.QueryEscape("amputationsbenstöd") + "&saldo=1", 200, []string{"38415", "17944", "36878", "35347", "Tillg. saldo", "Etac Sverige AB"}},
			{"/artiklar/30593", 200, []string{"Rullstol Panthera 52 Swing bredd 39 Grund", "L Landstinget", "61,91", "2\u00a0471,60", "2021-12-02", "Lagersaldo andra lager", "2000 Länsservice Boden"}},
			{"/artiklar/30593/information", 200, []string{"Bild saknas"}},
			{"/cfr?namn=svensson", 200, []string{"19121212-1212", "Svensson, Testare"}},
			{"/cfr/191212121212", 200, []string{"Tolvgatan 12", "Visa hjälpmedel"}},
			{"/dina-uppgifter", 200, []string{"Lena Nordgren-Hansson", "0921-66634", "Byt lösenord", "Spara ändringarna", "Levererade kundordrar"}},
		} {
			r := call(t, srv, request{Method: "GET", Path: tc.path, Cookie: cookie})
			if r.Status != tc.status {
				t.Errorf("%s: status %d, want %d", tc.path, r.Status, tc.status)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s lacks %q", tc.path, w)
				}
			}
		}
		// Customer service reads the aids but is not offered Beställ or Arbetsorder.
		ks := formLogin(t, srv, "KUNDTJANST", demoPassword)
		r := call(t, srv, request{Method: "GET", Path: "/hjalpmedel?personnummer=191212121212", Cookie: ks})
		if r.Status != 200 || !strings.Contains(r.Body, "104901") || strings.Contains(r.Body, `href="/kundorder?`) || strings.Contains(r.Body, `href="/arbetsorder?`) {
			t.Errorf("customer service's Hjälpmedel: status %d, order links shown: %v", r.Status, strings.Contains(r.Body, `href="/kundorder?`))
		}

		// The admin is offered the list of who has looked at the person.
		adm := formLogin(t, srv, "ADMIN", demoPassword)
		r = call(t, srv, request{Method: "GET", Path: "/hjalpmedel?personnummer=191212121212", Cookie: adm})
		if !strings.Contains(r.Body, `href="/admin/logg?person=191212121212&amp;action=person.view"`) {
			t.Error("the admin's Hjälpmedel has no link to who has looked at the person")
		}
		r = call(t, srv, request{Method: "GET", Path: "/admin/logg?person=191212121212&action=person.view", Cookie: adm})
		if r.Status != 200 || !strings.Contains(r.Body, "KUNDTJANST") || !strings.Contains(r.Body, "Hjälpmedel") {
			t.Errorf("who looked at the person: status %d", r.Status)
		}

		// Dina uppgifter: a bad e-mail re-renders the form with the value kept.
		r = call(t, srv, request{Method: "POST", Path: "/dina-uppgifter", Cookie: cookie,
			Form: url.Values{"name": {"Lena Nordgren-Hansson"}, "phone": {"0921-1"}, "mobile": {""}, "email": {"fel adress"}}})
		if r.Status != 400 || !strings.Contains(r.Body, "Skriv e-postadressen som namn@exempel.se.") || !strings.Contains(r.Body, `value="fel adress"`) {
			t.Fatalf("bad e-mail: %d", r.Status)
		}
		r = call(t, srv, request{Method: "POST", Path: "/dina-uppgifter", Cookie: cookie,
			Form: url.Values{"name": {"Lena Nordgren-Hansson"}, "phone": {"0921-1"}, "mobile": {"070-1"}, "email": {"lena@example.se"}}})
		if r.Status != 303 {
			t.Fatalf("save: %d", r.Status)
		}
		r = call(t, srv, request{Method: "GET", Path: "/dina-uppgifter", Cookie: cookie})
		if !strings.Contains(r.Body, `value="0921-1"`) || !strings.Contains(r.Body, `value="lena@example.se"`) {
			t.Fatal("the saved phone and e-mail are not shown")
		}
	})
}
