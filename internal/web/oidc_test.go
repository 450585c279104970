package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/oidctest"
	"hjalpmedel/internal/testserver"
	"hjalpmedel/internal/web"
)

// The single sign-on users of the in-process provider: K082LNO and K082KBN are
// demo users (their HSA-ids come with the demo data); OKAND is known to the
// provider only.
var ssoUsers = []oidctest.User{
	{HSAID: "SE2321000230-K082LNO", Username: "lno", Password: "Siths-lno1"},
	{HSAID: "SE2321000230-K082KBN", Username: "kbn", Password: "Siths-kbn1"},
	{HSAID: "SE2321000230-OKAND", Username: "okand", Password: "Siths-okand1"},
}

// startSSO runs the application with single sign-on against a provider of its own.
func startSSO(t *testing.T, opts []testserver.Option, passwordLogin bool) (*testserver.Server, *oidctest.Provider) {
	prov := oidctest.Start(t, ssoUsers...)
	srv := testserver.Start(t, append(opts, testserver.Configure(func(cfg *web.Config, appURL string) {
		cfg.OIDC = web.OIDCConfig{Issuer: prov.Issuer, ClientID: "hjalpmedel", ClientSecret: "hemligt-123",
			RedirectURL: appURL + "/login/oidc/callback"}
		cfg.DisablePasswordLogin = !passwordLogin
		prov.AddClient("hjalpmedel", "hemligt-123", appURL+"/login/oidc/callback")
	}))...)
	return srv, prov
}

// ssoBrowser is a cookie-keeping client that follows redirects between the
// application and the provider, remembering where it went.
type ssoBrowser struct {
	t       *testing.T
	client  *http.Client
	visited []*url.URL
}

func newSSOBrowser(t *testing.T) *ssoBrowser {
	jar, _ := cookiejar.New(nil)
	b := &ssoBrowser{t: t}
	b.client = &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		b.visited = append(b.visited, r.URL)
		return nil
	}}
	return b
}

func (b *ssoBrowser) do(method, u string, form url.Values) (int, string, *url.URL) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), resp.Request.URL
}

var authRequestID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// login starts at the application's "Logga in med SITHS", signs in on the
// provider's own login page and returns where the browser ended up, and the
// callback URL the provider sent it to.
func (b *ssoBrowser) login(srv *testserver.Server, prov *oidctest.Provider, username, password string) (int, string, *url.URL, string) {
	b.t.Helper()
	status, page, at := b.do("GET", srv.URL+"/login/oidc", nil)
	m := authRequestID.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil || !strings.HasPrefix(at.String(), prov.Issuer) {
		b.t.Fatalf("the provider's login page: %d at %s: %.500s", status, at, page)
	}
	b.visited = nil
	status, page, at = b.do("POST", prov.Issuer+"/login/username", url.Values{"id": {m[1]}, "username": {username}, "password": {password}})
	callback := ""
	for _, u := range b.visited {
		if u.Path == "/login/oidc/callback" {
			callback = u.String()
		}
	}
	return status, page, at, callback
}

// Logging in with SITHS through a real OpenID Provider: the user the provider
// vouches for lands on Startsida with a session of their own; each way a login
// can go wrong is refused on a page that says why, and makes no session.
func TestSingleSignOn(t *testing.T) {
	testserver.EachBackend(t, singleSignOn)
}

func singleSignOn(t *testing.T, opts []testserver.Option) {
	srv, prov := startSSO(t, opts, true)

	b := newSSOBrowser(t)
	status, page, at, callback := b.login(srv, prov, "lno", "Siths-lno1")
	if status != http.StatusOK || at.Path != "/start" || !strings.Contains(page, "Lena Nordgren-Hansson") {
		t.Fatalf("after the login: %d at %s: %.500s", status, at, page)
	}
	var method string
	if err := srv.DB.Read().Get(t.Context(), `SELECT after_json FROM audit_log WHERE action = 'user.login' AND entity_id = 'K082LNO'
		ORDER BY id DESC LIMIT 1`, nil, &method); err != nil || !strings.Contains(method, `"method":"oidc"`) {
		t.Errorf("the login's audit entry: %q, %v", method, err)
	}

	refused := func(name string, b *ssoBrowser, status int, page string, want string) {
		t.Helper()
		if status < 400 || !strings.Contains(page, want) {
			t.Errorf("%s: %d, want a refusal saying %q: %.800s", name, status, want, page)
		}
		if st, _, at := b.do("GET", srv.URL+"/start", nil); st == http.StatusOK && at.Path == "/start" {
			t.Errorf("%s: the browser has a session after the refusal", name)
		}
	}

	// The same answer again (the callback replayed): its state is used up.
	other := newSSOBrowser(t)
	status, page, _ = other.do("GET", callback, nil)
	refused("a replayed callback", other, status, page, "hör inte till inloggningen i den här webbläsaren")

	// A used code with a fresh state of this browser: the provider will not take it twice.
	replay := newSSOBrowser(t)
	replay.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := replay.client.Get(srv.URL + "/login/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	authURL, _ := url.Parse(resp.Header.Get("Location"))
	oldCode, _ := url.Parse(callback)
	replay.client.CheckRedirect = nil
	status, page, _ = replay.do("GET", srv.URL+"/login/oidc/callback?code="+url.QueryEscape(oldCode.Query().Get("code"))+
		"&state="+url.QueryEscape(authURL.Query().Get("state")), nil)
	refused("a replayed code", replay, status, page, "godtog inte inloggningskoden")

	// A tampered state: the provider's answer is stopped before it reaches the application.
	tamper := newSSOBrowser(t)
	tamper.client.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
		tamper.visited = append(tamper.visited, r.URL)
		if r.URL.Path == "/login/oidc/callback" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	_, _, _, _ = tamper.login(srv, prov, "lno", "Siths-lno1")
	var answer string
	for _, u := range tamper.visited {
		if u.Path == "/login/oidc/callback" {
			q := u.Query()
			q.Set("state", q.Get("state")+"x")
			u.RawQuery = q.Encode()
			answer = u.String()
		}
	}
	if answer == "" {
		t.Fatalf("the provider did not answer the tampered login: %v", tamper.visited)
	}
	tamper.client.CheckRedirect = func(*http.Request, []*http.Request) error { return nil }
	status, page, _ = tamper.do("GET", answer, nil)
	refused("a tampered state", tamper, status, page, "hör inte till inloggningen i den här webbläsaren")

	// Someone the provider knows but Hjälpmedel does not: no account is made.
	u := newSSOBrowser(t)
	status, page, _, _ = u.login(srv, prov, "okand", "Siths-okand1")
	refused("an unknown identity", u, status, page, "Det finns ingen användare med HSA-id SE2321000230-OKAND")

	// An inactive user.
	admin := apiLogin(t, srv, "ADMIN", demoPassword)
	mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/users/K082KBN/deactivate", Bearer: admin, Body: "{}"}), http.StatusOK)
	k := newSSOBrowser(t)
	status, page, _, _ = k.login(srv, prov, "kbn", "Siths-kbn1")
	refused("an inactive user", k, status, page, "Kontot är inaktiverat")

	// A token for another service.
	prov.IssueFor("annan-tjanst")
	w := newSSOBrowser(t)
	status, page, _, _ = w.login(srv, prov, "lno", "Siths-lno1")
	refused("a wrong audience", w, status, page, "utfärdad för en annan tjänst")
	prov.IssueFor("")

	// An expired token: the application's clock is two hours on (the provider's tokens live one).
	srv.SetNow(time.Now().Add(2 * time.Hour))
	e := newSSOBrowser(t)
	status, page, _, _ = e.login(srv, prov, "lno", "Siths-lno1")
	refused("an expired token", e, status, page, "har gått ut")
	srv.SetNow(time.Time{})

	// Avsluta ends the session here and at the provider, with the ID token as hint.
	b.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err = b.client.PostForm(srv.URL+"/logout", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	end, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(end.String(), prov.Issuer) || end.Query().Get("id_token_hint") == "" ||
		end.Query().Get("post_logout_redirect_uri") != srv.URL+"/login?utloggad=1" {
		t.Errorf("logout: %d to %s; want the provider's end_session_endpoint with id_token_hint", resp.StatusCode, end)
	}
}

// With password login switched off the login page offers SITHS only, a
// password is refused on the page and in the API, and SITHS still logs in.
func TestSingleSignOnOnly(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv, prov := startSSO(t, backend, false)
		r := call(t, srv, request{Method: "GET", Path: "/login"})
		if !strings.Contains(r.Body, "Logga in med SITHS") || strings.Contains(r.Body, `name="password"`) {
			t.Errorf("the login page without password login: %.1500s", r.Body)
		}
		r = call(t, srv, request{Method: "POST", Path: "/login", Form: url.Values{"username": {"ADMIN"}, "password": {demoPassword}}})
		if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Inloggning med lösenord är avstängd") {
			t.Errorf("a password on the page: %d %.300s", r.Status, r.Body)
		}
		wantError(t, call(t, srv, request{Method: "POST", Path: "/api/v1/login", Body: `{"username":"ADMIN","password":"` + demoPassword + `"}`}),
			http.StatusForbidden, "forbidden")
		b := newSSOBrowser(t)
		if status, page, at, _ := b.login(srv, prov, "lno", "Siths-lno1"); status != http.StatusOK || at.Path != "/start" {
			t.Fatalf("SITHS login with password login off: %d at %s: %.300s", status, at, page)
		}
	})
}

// The admin gives users their HSA-ids on the user form and in the API: the
// format is checked and one HSA-id belongs to one user.
func TestUserHSAID(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		put := func(user, body string) reply {
			return call(t, srv, request{Method: "PUT", Path: "/api/v1/users/" + user, Bearer: admin, Body: body})
		}
		if u := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/users/K082LNO", Bearer: admin}), http.StatusOK); u["hsaId"] != "SE2321000230-K082LNO" {
			t.Errorf("the demo user's HSA-id: %v", u["hsaId"])
		}
		e := wantError(t, put("K082KBN", `{"hsaId":"SE2321000230-K082LNO"}`), http.StatusBadRequest, "invalid")
		if msg, _ := e["fields"].(map[string]any)["hsaId"].(string); !strings.Contains(msg, "används redan av användaren K082LNO") {
			t.Errorf("a taken HSA-id: %v", e)
		}
		e = wantError(t, put("K082KBN", `{"hsaId":"K082KBN"}`), http.StatusBadRequest, "invalid")
		if e["fields"].(map[string]any)["hsaId"] == nil {
			t.Errorf("a malformed HSA-id: %v", e)
		}
		if u := mustStatus(t, put("K082KBN", `{"hsaId":"SE2321000230-KBN2"}`), http.StatusOK); u["hsaId"] != "SE2321000230-KBN2" {
			t.Errorf("after the change: %v", u["hsaId"])
		}
		// The user form shows the field with its label.
		r := call(t, srv, request{Method: "GET", Path: "/admin/anvandare/K082KBN", Cookie: formLogin(t, srv, "ADMIN", demoPassword)})
		if !strings.Contains(r.Body, ">HSA-id<") || !strings.Contains(r.Body, `value="SE2321000230-KBN2"`) {
			t.Errorf("the user form: %.3000s", r.Body)
		}
	})
}
