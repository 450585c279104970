package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// scenario is one API call and what the client must get back. The scenarios of
// a table run in order against one server, so a later one sees what an earlier
// one changed.
type scenario struct {
	name   string
	req    request
	as     string // log in as this demo user first and send the bearer token ("cookie:USER" for the session cookie)
	status int
	code   domain.Code // for errors: the error code
	want   []string    // parts of the body
	check  func(t *testing.T, r reply)
}

func runScenarios(t *testing.T, srv *testserver.Server, table []scenario) {
	t.Helper()
	tokens := map[string]string{}
	for _, sc := range table {
		t.Run(sc.name, func(t *testing.T) {
			rq := sc.req
			if user, ok := strings.CutPrefix(sc.as, "cookie:"); ok {
				if tokens[sc.as] == "" {
					tokens[sc.as] = formLogin(t, srv, user, demoPassword)
				}
				rq.Cookie = tokens[sc.as]
			} else if sc.as != "" {
				if tokens[sc.as] == "" {
					tokens[sc.as] = apiLogin(t, srv, sc.as, demoPassword)
				}
				rq.Bearer = tokens[sc.as]
			}
			r := call(t, srv, rq)
			if sc.code != "" {
				wantError(t, r, sc.status, sc.code)
			} else if r.Status != sc.status {
				t.Fatalf("%s %s: status %d, want %d: %s", rq.Method, rq.Path, r.Status, sc.status, r.Body)
			}
			for _, w := range sc.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("%s %s: the body lacks %q:\n%s", rq.Method, rq.Path, w, r.Body)
				}
			}
			if sc.check != nil {
				sc.check(t, r)
			}
		})
	}
}

func TestAPIScenarios(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		runScenarios(t, srv, []scenario{
			{name: "login", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"K082LNO","password":"Demo1234"}`},
				status: 200, want: []string{`"token":"`, `"username":"K082LNO"`, `"name":"Lena Nordgren-Hansson"`, `"roles":["prescriber"]`, `"rolesText":["Förskrivare"]`}},
			{name: "login with a lower-case user name", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"k082lno","password":"Demo1234"}`},
				status: 200, want: []string{`"username":"K082LNO"`}},
			{name: "login with a wrong password", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"K082LNO","password":"demo1234"}`},
				status: 401, code: domain.EUnauthorized, want: []string{"Fel användarnamn eller lösenord."}},
			{name: "login as nobody", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"FINNSINTE","password":"Demo1234"}`},
				status: 401, code: domain.EUnauthorized, want: []string{"Fel användarnamn eller lösenord."}},
			{name: "login without fields", req: request{Method: "POST", Path: "/api/v1/login", Body: `{}`},
				status: 400, code: domain.EInvalid, want: []string{`"fields":{`, `"username":"Ange användarnamn."`, `"password":"Ange lösenord."`}},
			{name: "login with an unknown field", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"user":"K082LNO"}`},
				status: 400, code: domain.EInvalid},
			{name: "login with an error in English", req: request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"K082LNO","password":"x"}`,
				Header: map[string]string{"Accept-Language": "en-GB,en;q=0.9"}}, status: 401, code: domain.EUnauthorized, want: []string{"Wrong user name or password."}},

			{name: "me without login", req: request{Method: "GET", Path: "/api/v1/me"}, status: 401, code: domain.EUnauthorized},
			{name: "me with an unknown token", req: request{Method: "GET", Path: "/api/v1/me", Bearer: "not-a-token"}, status: 401, code: domain.EUnauthorized},
			{name: "me with a bearer token", req: request{Method: "GET", Path: "/api/v1/me"}, as: "K082LNO",
				status: 200, want: []string{`"username":"K082LNO"`, `"customers":["1464","2990"]`, `"serviceDepartment":"Hjälpmedelstekniker Boden"`, `"canPrescribe":true`, `"mustChangePassword":false`}},
			{name: "me with the session cookie", req: request{Method: "GET", Path: "/api/v1/me"}, as: "cookie:KUNDTJANST",
				status: 200, want: []string{`"username":"KUNDTJANST"`, `"roles":["customer_service"]`}},

			{name: "messages newest first", req: request{Method: "GET", Path: "/api/v1/messages"}, as: "K082LNO", status: 200,
				check: func(t *testing.T, r reply) {
					msgs, _ := r.JSON(t)["messages"].([]any)
					if len(msgs) != 3 {
						t.Fatalf("%d messages, want the demo's 3: %s", len(msgs), r.Body)
					}
					var subjects []string
					for _, m := range msgs {
						mm := m.(map[string]any)
						if _, ok := mm["id"].(string); !ok {
							t.Errorf("id is not a string: %v", mm["id"])
						}
						if mm["unread"] != true {
							t.Errorf("message %v is not unread", mm["id"])
						}
						subjects = append(subjects, mm["subject"].(string))
					}
					if !strings.Contains(subjects[0], "12060324") || !strings.Contains(subjects[2], "14030671") {
						t.Errorf("not newest first: %q", subjects)
					}
				}},
			{name: "another user's inbox is their own", req: request{Method: "GET", Path: "/api/v1/messages"}, as: "K082KBN", status: 200,
				check: func(t *testing.T, r reply) {
					// Her own: the demo's BMB to acknowledge and the work order returned to her (SPEC §10.11 Fix in place), none of K082LNO's.
					if !strings.Contains(r.Body, "BMB från K082LNO att kvittera") || !strings.Contains(r.Body, "har återsänts till dig för rättelse") ||
						strings.Contains(r.Body, "12060324") || strings.Contains(r.Body, "14030671") {
						t.Errorf("K082KBN's inbox: %s", r.Body)
					}
				}},
			{name: "delete all messages", req: request{Method: "DELETE", Path: "/api/v1/messages"}, as: "K082LNO", status: 200, want: []string{`{"deleted":3}`}},
			{name: "the inbox is empty", req: request{Method: "GET", Path: "/api/v1/messages"}, as: "K082LNO", status: 200, want: []string{`{"messages":[]}`}},
			{name: "delete all again", req: request{Method: "DELETE", Path: "/api/v1/messages"}, as: "K082LNO", status: 200, want: []string{`{"deleted":0}`}},
			{name: "messages without login", req: request{Method: "GET", Path: "/api/v1/messages"}, status: 401, code: domain.EUnauthorized},
			{name: "delete without login", req: request{Method: "DELETE", Path: "/api/v1/messages"}, status: 401, code: domain.EUnauthorized},

			{name: "audit log refused to a prescriber", req: request{Method: "GET", Path: "/api/v1/audit"}, as: "K082LNO",
				status: 403, code: domain.EForbidden, want: []string{"Du saknar behörighet för detta."}},
			{name: "audit log refused to customer service", req: request{Method: "GET", Path: "/api/v1/audit"}, as: "cookie:KUNDTJANST", status: 403, code: domain.EForbidden},
			{name: "audit log for the admin", req: request{Method: "GET", Path: "/api/v1/audit?user=K082LNO&action=message.delete_all"}, as: "ADMIN",
				status: 200, want: []string{`"action":"message.delete_all"`, `"user":"K082LNO"`, `"after":{"deleted":3}`}},
			{name: "audit log with a bad date", req: request{Method: "GET", Path: "/api/v1/audit?from=igår"}, as: "ADMIN",
				status: 400, code: domain.EInvalid, want: []string{`"from":"Ange datum som ÅÅÅÅ-MM-DD."`}},

			{name: "news refused to a prescriber", req: request{Method: "POST", Path: "/api/v1/news", Body: `{"title":"Hej"}`}, as: "K082LNO", status: 403, code: domain.EForbidden},
			{name: "news without a title", req: request{Method: "POST", Path: "/api/v1/news", Body: `{"body":"Text"}`}, as: "KUNDTJANST",
				status: 400, code: domain.EInvalid, want: []string{`"title":"Ange en rubrik."`}},
			{name: "news published by customer service", req: request{Method: "POST", Path: "/api/v1/news",
				Body: `{"title":"Stängt på fredag","body":"Lagret har inventering.","linkText":"Läs mer","linkUrl":"/information"}`}, as: "KUNDTJANST",
				status: 201, want: []string{`"id":"`, `"title":"Stängt på fredag"`}},
			{name: "news seen by a prescriber", req: request{Method: "GET", Path: "/api/v1/news"}, as: "K082KBN", status: 200,
				want: []string{`"title":"Stängt på fredag"`, `"title":"Välkommen till Hjälpmedel"`}},

			{name: "an unknown API path", req: request{Method: "GET", Path: "/api/v1/finns-inte"}, as: "K082LNO", status: 404, code: domain.ENotFound},
			{name: "logout ends the token", req: request{Method: "POST", Path: "/api/v1/logout"}, as: "K082KBN", status: 204},
			{name: "the token no longer works", req: request{Method: "GET", Path: "/api/v1/me"}, as: "K082KBN", status: 401, code: domain.EUnauthorized},
		})
	})
}

// Cross-site request protection: a form post or cookie-authenticated API call
// from another site is refused, while a client with a bearer token works from
// anywhere (it carries no ambient credential).
func TestCrossOriginRequests(t *testing.T) {
	srv := testserver.Start(t)
	cookie := formLogin(t, srv, "K082LNO", demoPassword)
	token := apiLogin(t, srv, "KUNDTJANST", demoPassword)
	crossSite := map[string]string{"Origin": "https://elak.example", "Sec-Fetch-Site": "cross-site"}
	oldBrowser := map[string]string{"Origin": "https://elak.example"} // no Sec-Fetch-Site
	sameOrigin := map[string]string{"Origin": srv.URL, "Sec-Fetch-Site": "same-origin"}

	for _, tc := range []struct {
		name   string
		req    request
		status int
	}{
		{"form post from another site", request{Method: "POST", Path: "/meddelanden/ta-bort", Cookie: cookie, Header: crossSite}, 403},
		{"form post from another origin, old browser", request{Method: "POST", Path: "/meddelanden/ta-bort", Cookie: cookie, Header: oldBrowser}, 403},
		{"login form from another site", request{Method: "POST", Path: "/login", Header: crossSite, Form: map[string][]string{"username": {"K082LNO"}, "password": {"Demo1234"}}}, 403},
		{"cookie API call from another site", request{Method: "DELETE", Path: "/api/v1/messages", Cookie: cookie, Header: crossSite}, 403},
		{"bearer API call from another site", request{Method: "POST", Path: "/api/v1/news", Bearer: token, Header: crossSite, Body: `{"title":"Från en annan klient"}`}, 201},
		{"a GET from another site", request{Method: "GET", Path: "/meddelanden", Cookie: cookie, Header: crossSite}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, srv, tc.req)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %.400s", r.Status, tc.status, r.Body)
			}
		})
	}
	// Nothing was deleted by the refused posts.
	r := call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Cookie: cookie})
	if !strings.Contains(r.Body, "12060324") {
		t.Fatalf("a refused cross-site post deleted the messages: %s", r.Body)
	}
	// The same post from the site itself works.
	r = call(t, srv, request{Method: "POST", Path: "/meddelanden/ta-bort", Cookie: cookie, Header: sameOrigin})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/meddelanden" {
		t.Fatalf("same-origin post: status %d, Location %q", r.Status, r.Header.Get("Location"))
	}
	// The refusal is an error page in Swedish, or JSON on the API.
	r = call(t, srv, request{Method: "POST", Path: "/logout", Cookie: cookie, Header: crossSite})
	if r.Status != 403 || !strings.Contains(r.Body, "Behörighet saknas") {
		t.Fatalf("cross-site logout: %d %.300s", r.Status, r.Body)
	}
	wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/logout", Cookie: cookie, Header: crossSite}), 403, domain.EForbidden)
}

// A known address with a method it does not answer gets 405 and the methods it
// does answer; a JSON body with anything after its object is refused whole.
func TestMethodNotAllowedAndTrailingJSON(t *testing.T) {
	srv := testserver.Start(t)
	token := apiLogin(t, srv, "K082LNO", demoPassword)
	r := call(t, srv, request{Method: "DELETE", Path: "/api/v1/me", Bearer: token})
	if r.Status != 405 || r.Header.Get("Allow") != "GET, PUT, HEAD" {
		t.Fatalf("DELETE /api/v1/me: %d, Allow %q", r.Status, r.Header.Get("Allow"))
	}
	wantError(t, r, 405, domain.EMethodNotAllowed)
	if r := call(t, srv, request{Method: "GET", Path: "/api/v1/no-such-thing", Bearer: token}); r.Status != 404 {
		t.Fatalf("an unknown address: %d", r.Status)
	}
	r = call(t, srv, request{Method: "PUT", Path: "/api/v1/me", Bearer: token, Body: `{"name":"Lena N"} {"name":"Mallory"}`})
	wantError(t, r, 400, domain.EInvalid)
	var me map[string]any
	if r := call(t, srv, request{Method: "GET", Path: "/api/v1/me", Bearer: token}); r.Status != 200 {
		t.Fatalf("me: %d", r.Status)
	} else if me = r.JSON(t); me["name"] == "Lena N" || me["name"] == "Mallory" {
		t.Fatalf("a body with trailing data changed the user: %v", me["name"])
	}
}

// A query or form that does not parse is refused with 400 where the request
// comes in, on pages and in the API alike, instead of reaching a handler that
// would read it as empty.
func TestUnparsableQueryIsRefused(t *testing.T) {
	srv := testserver.Start(t)
	token := apiLogin(t, srv, "K082LNO", demoPassword)
	cookie := formLogin(t, srv, "K082LNO", demoPassword)
	for _, rq := range []request{
		{Method: "GET", Path: "/hjalpmedel?personnummer=%zz", Cookie: cookie},
		{Method: "GET", Path: "/api/v1/articles?q=%zz", Bearer: token},
		{Method: "POST", Path: "/losenord", Cookie: cookie, Body: "current=%zz", Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}},
	} {
		if r := call(t, srv, rq); r.Status != 400 {
			t.Errorf("%s %s: %d, want 400", rq.Method, rq.Path, r.Status)
		}
	}
}
