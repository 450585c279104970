package e2e

import (
	"testing"

	"hjalpmedel/internal/oidctest"
	"hjalpmedel/internal/testserver"
	"hjalpmedel/internal/web"
)

// A prescriber logs in with SITHS: "Logga in med SITHS" on the login page, the
// identity provider's own login page (a real OpenID Provider in the test
// process), and back on Startsida. Someone the provider knows but Hjälpmedel
// does not is refused with a page that says so.
func TestSingleSignOnInTheBrowser(t *testing.T) {
	t.Parallel()
	prov := oidctest.Start(t,
		oidctest.User{HSAID: "SE2321000230-K082LNO", Username: "lno", Password: "Siths-lno1"},
		oidctest.User{HSAID: "SE2321000230-OKAND", Username: "okand", Password: "Siths-okand1"})
	srv := testserver.Start(t, testserver.Configure(func(cfg *web.Config, url string) {
		cfg.OIDC = web.OIDCConfig{Issuer: prov.Issuer, ClientID: "hjalpmedel", ClientSecret: "hemligt-123",
			RedirectURL: url + "/login/oidc/callback"}
		prov.AddClient("hjalpmedel", "hemligt-123", url+"/login/oidc/callback")
	}))
	// The provider's page is not ours to check for accessibility; ours are checked by hand.
	b := NewBrowser(t, WithBaseURL(srv.URL), WithoutAxe())

	b.Open("/login")
	b.CheckAccessibility()
	b.ClickLink("Logga in med SITHS")
	b.FillByLabel("Username:", "okand")
	b.FillByLabel("Password:", "Siths-okand1")
	b.ClickButton("Login")
	b.MustSee("Det finns ingen användare med HSA-id SE2321000230-OKAND i Hjälpmedel. Kontakta kundtjänst.")
	if b.Status() != 403 {
		t.Errorf("the refusal's status: %d, want 403", b.Status())
	}
	b.CheckAccessibility()

	b.Open("/login")
	b.ClickLink("Logga in med SITHS")
	b.FillByLabel("Username:", "lno")
	b.FillByLabel("Password:", "Siths-lno1")
	b.ClickButton("Login")
	b.MustSee("Lena Nordgren-Hansson")
	if p := b.URLPath(); p != "/start" {
		t.Errorf("after the login the browser is at %s, want /start", p)
	}
}
