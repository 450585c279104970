package service

import (
	"context"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Single sign-on through the region's identity provider (SITHS over OpenID
// Connect, SPEC §10.8). The protocol lives in web; the service keeps the logins
// in progress and turns a proven identity into a session. An identity that
// matches no active user is refused, never given an account.

// OIDCLoginLifetime is how long a login may stay at the identity provider.
const OIDCLoginLifetime = 10 * time.Minute

// errOIDCLoginGone refuses a provider answer whose state is unknown, used or old.
var errOIDCLoginGone = domain.Errorf(domain.EUnauthorized,
	"Inloggningen har gått ut eller är redan använd. Börja om med Logga in med SITHS.")

// BeginOIDCLogin keeps a new single sign-on: the state (stored hashed), the
// nonce and the PKCE verifier its answer is checked against.
func (s *Service) BeginOIDCLogin(ctx context.Context, state, nonce, verifier, next string) error {
	now := s.Now()
	return s.db.Transact(ctx, func(q repo.Queries) error {
		return q.SaveOIDCLogin(ctx, domain.OIDCLogin{StateHash: HashToken(state), Nonce: nonce, Verifier: verifier, Next: next,
			CreatedAt: now}, now.Add(-OIDCLoginLifetime))
	})
}

// TakeOIDCLogin returns the login a provider answer's state belongs to, once.
func (s *Service) TakeOIDCLogin(ctx context.Context, state string) (*domain.OIDCLogin, error) {
	var l *domain.OIDCLogin
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		l, err = q.TakeOIDCLogin(ctx, HashToken(state))
		return err
	})
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && s.Now().Sub(l.CreatedAt) > OIDCLoginLifetime) {
		return nil, errOIDCLoginGone
	}
	return l, err
}

// LoginWithIdentity opens a web session for the user with the HSA-id that the
// identity provider vouched for in idToken (kept for logging out there).
func (s *Service) LoginWithIdentity(ctx context.Context, hsaID, idToken string) (string, *domain.User, error) {
	hsaID = strings.TrimSpace(hsaID)
	if hsaID == "" {
		return "", nil, domain.Errorf(domain.EUnauthorized, "Identitetsleverantören uppgav inget HSA-id. Kontakta kundtjänst.")
	}
	u, err := s.db.Read().FindUserByHSAID(ctx, hsaID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return "", nil, domain.Errorf(domain.EForbidden, "Det finns ingen användare med HSA-id %s i Hjälpmedel. Kontakta kundtjänst.", hsaID)
	}
	if err != nil {
		return "", nil, err
	}
	if !u.Active {
		return "", nil, domain.Errorf(domain.EForbidden, "Kontot är inaktiverat. Kontakta kundtjänst.")
	}
	token, err := s.startSession(ctx, u, domain.Session{Kind: "web", IDToken: idToken}, "oidc")
	if err != nil {
		return "", nil, err
	}
	return token, u, nil
}
