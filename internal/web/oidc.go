package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"hjalpmedel/internal/domain"
)

// Single sign-on with SITHS through the region's identity provider: OpenID
// Connect's code flow with PKCE (SPEC §10.8). go-oidc discovers the provider
// and verifies the ID token's signature, issuer and expiry; x/oauth2 does the
// code exchange. What is ours: the state bound to the browser (a cookie) and
// kept server-side once (any app server can take the answer), the nonce, the
// audience check, and the claim that names the user.

// OIDCConfig turns single sign-on on when Issuer is set.
type OIDCConfig struct {
	Issuer       string // the provider's issuer URL (discovery at /.well-known/openid-configuration)
	ClientID     string
	ClientSecret string
	RedirectURL  string // this service's public /login/oidc/callback
	Claim        string // the ID token's claim with the user's HSA-id (default hsa_id)
}

// DefaultOIDCClaim is the claim that carries the HSA-id unless configured.
const DefaultOIDCClaim = "hsa_id"

// oidcStateCookie binds a login's state to the browser that started it.
const oidcStateCookie = "hm_oidc_state"

// oidcClient talks to the identity provider, discovered at first use so the
// service starts even while the provider is down.
type oidcClient struct {
	cfg        OIDCConfig
	mu         sync.Mutex
	provider   *oidc.Provider
	endSession string // the provider's end_session_endpoint ("" when it has none)
}

func (c *oidcClient) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	// The provider keeps the context for fetching its signing keys later.
	p, err := oidc.NewProvider(context.WithoutCancel(ctx), c.cfg.Issuer)
	if err != nil {
		return nil, domain.Errorf(domain.EUnavailable, "Identitetsleverantören svarar inte. Försök igen om en stund.")
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err == nil {
		c.endSession = meta.EndSession
	}
	c.provider = p
	return p, nil
}

func (c *oidcClient) oauth2Config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, RedirectURL: c.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile"}}
}

func (s *Server) routesOIDC() {
	if s.oidc == nil {
		return
	}
	s.public("GET /login/oidc", s.oidcStart)
	s.public("GET /login/oidc/callback", s.oidcCallback)
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// oidcStart sends the browser to the provider's login.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) error {
	p, err := s.oidc.discover(r.Context())
	if err != nil {
		return err
	}
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	state, nonce, verifier := randomToken(), randomToken(), oauth2.GenerateVerifier()
	if err := s.svc.BeginOIDCLogin(r.Context(), state, nonce, verifier, next); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state, Path: "/login/oidc", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil, MaxAge: 600})
	to := s.oidc.oauth2Config(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

// oidcRefusal is a login the service will not complete, shown as a page.
func oidcRefusal(code domain.Code, msg string) error { return &domain.Error{Code: code, Message: msg} }

// oidcCallback takes the provider's answer. A refusal is shown on a page of its
// own (403), not answered with the login page as "not logged in" would be.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	err := s.oidcLogin(w, r)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.EUnauthorized {
		refused := *de
		refused.Code = domain.EForbidden
		return &refused
	}
	return err
}

// oidcLogin checks the answer: the state must be this browser's and unused, the
// code is exchanged with the PKCE verifier, the ID token must be for this
// service, unexpired and carry the login's nonce, and its HSA-id must name an
// active user.
func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	// The state cookie has served its purpose whatever happens next.
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Path: "/login/oidc", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if e := q.Get("error"); e != "" {
		return oidcRefusal(domain.EUnauthorized, "Identitetsleverantören avbröt inloggningen.")
	}
	state := q.Get("state")
	c, err := r.Cookie(oidcStateCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		return oidcRefusal(domain.EInvalid, "Svaret från identitetsleverantören hör inte till inloggningen i den här webbläsaren. Börja om med Logga in med SITHS.")
	}
	login, err := s.svc.TakeOIDCLogin(r.Context(), state)
	if err != nil {
		return err
	}
	p, err := s.oidc.discover(r.Context())
	if err != nil {
		return err
	}
	tok, err := s.oidc.oauth2Config(p).Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(login.Verifier))
	if err != nil {
		return oidcRefusal(domain.EUnauthorized, "Identitetsleverantören godtog inte inloggningskoden (den kan redan vara använd). Börja om med Logga in med SITHS.")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return oidcRefusal(domain.EUnauthorized, "Identitetsleverantören skickade ingen ID-token.")
	}
	// The audience is checked below, by us, so that a token for another service gets its own message.
	idt, err := p.Verifier(&oidc.Config{ClientID: s.oidc.cfg.ClientID, SkipClientIDCheck: true, Now: s.svc.Now}).Verify(r.Context(), raw)
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return oidcRefusal(domain.EUnauthorized, "ID-token från identitetsleverantören har gått ut. Börja om med Logga in med SITHS.")
	case err != nil:
		return oidcRefusal(domain.EUnauthorized, "ID-token från identitetsleverantören kunde inte verifieras.")
	case !onlyAudience(idt.Audience, s.oidc.cfg.ClientID):
		return oidcRefusal(domain.EUnauthorized, "ID-token är utfärdad för en annan tjänst än Hjälpmedel.")
	case subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1:
		return oidcRefusal(domain.EUnauthorized, "ID-token hör inte till den här inloggningen (fel nonce). Börja om med Logga in med SITHS.")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return oidcRefusal(domain.EUnauthorized, "ID-token från identitetsleverantören kunde inte läsas.")
	}
	hsaID, _ := claims[s.oidc.cfg.Claim].(string)
	token, _, err := s.svc.LoginWithIdentity(r.Context(), hsaID, raw)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
	next := login.Next
	if next == "" {
		next = "/start"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// onlyAudience reports whether a token is for this client alone: OpenID Connect
// Core §3.1.3.7 refuses a token that does not list the client, or lists other
// audiences the client does not trust (we trust none).
func onlyAudience(aud []string, clientID string) bool {
	return len(aud) > 0 && !slices.ContainsFunc(aud, func(a string) bool { return a != clientID })
}

// providerLogout is where the browser goes after Avsluta of a single sign-on
// session: the provider's end_session_endpoint with the ID token as hint, back
// to the login page ("" when the provider offers no logout).
func (s *Server) providerLogout(idToken string) string {
	if s.oidc == nil || idToken == "" || s.oidc.endSession == "" {
		return ""
	}
	back, err := url.Parse(s.oidc.cfg.RedirectURL)
	if err != nil {
		return ""
	}
	back.Path, back.RawQuery = "/login", "utloggad=1"
	v := url.Values{"id_token_hint": {idToken}, "post_logout_redirect_uri": {back.String()}, "client_id": {s.oidc.cfg.ClientID}}
	return s.oidc.endSession + "?" + v.Encode()
}
