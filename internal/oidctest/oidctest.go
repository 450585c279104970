// Package oidctest starts a real OpenID Provider inside a test: the op package
// of github.com/zitadel/oidc with its example storage and login page, holding
// the users and the client a test gives it. Each user's subject is their
// HSA-id, which the provider also asserts in the hsa_id claim of the ID token,
// as a region's SITHS provider does.
package oidctest

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// User is a person the provider knows.
type User struct {
	HSAID, Username, Password string
}

// Provider is the running OpenID Provider.
type Provider struct {
	Issuer   string // its URL, where discovery starts
	clients  map[string]*storage.Client
	audience atomic.Pointer[string] // IssueFor
}

// Start serves a provider with users until the test ends.
func Start(t testing.TB, users ...User) *Provider {
	t.Helper()
	byID := map[string]*storage.User{}
	for _, u := range users {
		byID[u.HSAID] = &storage.User{ID: u.HSAID, Username: u.Username, Password: u.Password, FirstName: u.Username, LastName: "Test"}
	}
	b, err := json.Marshal(byID)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	us, err := storage.StoreFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewUnstartedServer(nil)
	p := &Provider{Issuer: "http://" + hs.Listener.Addr().String(), clients: map[string]*storage.Client{}}
	st := hsaClaim{Storage: storage.NewStorageWithClients(us, p.clients), p: p}
	hs.Config.Handler = exampleop.SetupServer(p.Issuer, st, nil, false)
	hs.Start()
	t.Cleanup(hs.Close)
	return p
}

// AddClient registers a web client (a relying party with a secret) whose
// answers go to redirectURL. Call it before the first login.
func (p *Provider) AddClient(id, secret, redirectURL string) {
	p.clients[id] = storage.WebClient(id, secret, redirectURL)
}

// IssueFor makes the provider put aud as the audience of the tokens it issues
// from now on, as a provider misconfigured for another service would ("":
// the client's own id again).
func (p *Provider) IssueFor(aud string) { p.audience.Store(&aud) }

// hsaClaim adds the hsa_id claim to every ID token (and the audience of IssueFor).
type hsaClaim struct {
	*storage.Storage
	p *Provider
}

func (s hsaClaim) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	r, err := s.Storage.AuthRequestByCode(ctx, code)
	if aud := s.p.audience.Load(); err == nil && aud != nil && *aud != "" {
		return otherAudience{AuthRequest: r, aud: *aud}, nil
	}
	return r, err
}

type otherAudience struct {
	op.AuthRequest
	aud string
}

func (r otherAudience) GetAudience() []string { return []string{r.aud} }

func (s hsaClaim) SetUserinfoFromRequest(ctx context.Context, userinfo *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, userinfo, token, scopes); err != nil {
		return err
	}
	userinfo.AppendClaims("hsa_id", token.GetSubject())
	return nil
}
