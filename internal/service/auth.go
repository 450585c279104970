package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// SessionIdle is how long a session lasts without use.
const SessionIdle = 8 * time.Hour

// A login's answer tells nothing about the account to whom does not know its
// password: an unknown user name, a wrong password, a locked or deactivated
// account all answer errBadLogin after the same work (one password hash), and
// only a correct password learns that the account is locked or deactivated.
var (
	errBadLogin  = domain.Errorf(domain.EUnauthorized, "Fel användarnamn eller lösenord.")
	errThrottled = domain.Errorf(domain.EUnauthorized, "För många misslyckade inloggningar. Försök igen om en stund eller kontakta kundtjänst.")
	// dummyHash is checked when there is no account, for the same work.
	dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
)

// Login checks a user name and password from a client (its IP address) and
// opens a session of kind "web" or "api". It returns the session token (shown
// once, stored only as a hash) and the user. Failures are throttled per client
// (throttle.go).
func (s *Service) Login(ctx context.Context, client, username, password, kind string) (string, *domain.User, error) {
	if strings.TrimSpace(username) == "" || password == "" {
		return "", nil, &domain.Error{Code: domain.EInvalid, Message: "Ange användarnamn och lösenord.",
			Fields: map[string]string{"username": "Ange användarnamn.", "password": "Ange lösenord."}}
	}
	now := s.Now()
	if s.logins.blocked(client, username, now) {
		CheckPassword(dummyHash, password)
		return "", nil, errThrottled
	}
	u, err := s.db.Read().FindUserByUsername(ctx, username)
	if domain.ErrorCode(err) == domain.ENotFound {
		u, err = nil, nil
	}
	if err != nil {
		return "", nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	if !CheckPassword(hash, password) || u == nil {
		lock := s.logins.fail(client, username, now)
		if u == nil {
			return "", nil, errBadLogin
		}
		err := s.db.Transact(ctx, func(q repo.Queries) error {
			if lock {
				if err := q.LockUser(ctx, u.ID, now.Add(LockDuration)); err != nil {
					return err
				}
			}
			return s.audit(ctx, q, &Actor{User: u}, Audit{Action: "user.login_failed", Entity: "user", EntityID: u.Username,
				After: map[string]any{"client": client, "locked": lock}})
		})
		if err != nil {
			return "", nil, err
		}
		return "", nil, errBadLogin
	}
	// The password is right: now the account's state may be told.
	if !u.Active {
		return "", nil, domain.Errorf(domain.EUnauthorized, "Kontot är inaktiverat. Kontakta kundtjänst.")
	}
	if u.LockedUntil.After(now) {
		return "", nil, domain.Errorf(domain.EUnauthorized, "Kontot är spärrat efter misslyckade inloggningar från flera håll. Försök igen om en stund eller kontakta kundtjänst.")
	}
	token, err := s.startSession(ctx, u, domain.Session{Kind: kind}, "password")
	if err != nil {
		return "", nil, err
	}
	s.logins.succeed(client, username)
	return token, u, nil
}

// startSession opens a session for a user whose identity is proven (password or
// single sign-on), unless the account has been dormant too long: then it is
// deactivated instead.
func (s *Service) startSession(ctx context.Context, u *domain.User, sess domain.Session, method string) (string, error) {
	now := s.Now()
	var token string
	var failure error
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		failure = nil
		last := u.LastLoginAt
		if last.IsZero() {
			last = u.CreatedAt
		}
		if s.DormantAfter > 0 && now.Sub(last) > s.DormantAfter {
			failure = domain.Errorf(domain.EUnauthorized, "Kontot har inte använts på länge och är inaktiverat. Kontakta kundtjänst.")
			if err := q.SetUserActive(ctx, u.ID, false); err != nil {
				return err
			}
			return s.audit(ctx, q, &Actor{User: u}, Audit{Action: "user.deactivate_dormant", Entity: "user", EntityID: u.Username})
		}
		if err := q.RecordLoginSuccess(ctx, u.ID, now); err != nil {
			return err
		}
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		token = base64.RawURLEncoding.EncodeToString(b)
		sess.TokenHash, sess.UserID, sess.ExpiresAt = HashToken(token), u.ID, now.Add(SessionIdle)
		if err := q.CreateSession(ctx, sess, now); err != nil {
			return err
		}
		return s.audit(ctx, q, &Actor{User: u}, Audit{Action: "user.login", Entity: "user", EntityID: u.Username,
			After: map[string]string{"kind": sess.Kind, "method": method}})
	})
	if err != nil {
		return "", err
	}
	return token, failure
}

// HashToken is how a session token is stored.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Authenticate finds the user of a session token. The expiry slides, but the
// session row is written at most once a minute, so reads stay reads.
func (s *Service) Authenticate(ctx context.Context, token string) (*Actor, error) {
	if token == "" {
		return nil, domain.Errorf(domain.EUnauthorized, "Du är inte inloggad.")
	}
	now := s.Now()
	hash := HashToken(token)
	sess, u, err := s.db.Read().FindSessionUser(ctx, hash, now)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.EUnauthorized, "Du är inte inloggad eller har varit inaktiv för länge.")
	}
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, domain.Errorf(domain.EUnauthorized, "Kontot är inaktiverat.")
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		err := s.db.Transact(ctx, func(q repo.Queries) error { return q.TouchSession(ctx, hash, now, now.Add(SessionIdle)) })
		if err != nil {
			s.Log.Warn("touch session", "err", err)
		}
	}
	return &Actor{User: u, SessionHash: hash, SingleSignOn: sess.SingleSignOn, unread: sess.Unread, unreadKnown: true}, nil
}

// Logout ends the session of a token (Avsluta). It returns the identity
// provider's ID token when the session began with single sign-on, so the
// caller can end the session there too.
func (s *Service) Logout(ctx context.Context, a *Actor, token string) (idToken string, err error) {
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		hash := HashToken(token)
		var err error
		if idToken, err = q.SessionIDToken(ctx, hash); err != nil {
			return err
		}
		if err := q.DeleteSession(ctx, hash); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.logout", Entity: "user", EntityID: a.Username})
	})
	return idToken, err
}

// ChangePassword sets a user's own new password after checking the current one
// and the rule, and ends the user's other sessions: whoever knew the old
// password and logged in with it elsewhere is out; this session stays.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, current, next, repeat string) error {
	if !CheckPassword(a.PasswordHash, current) {
		return domain.Invalid("current", "Nuvarande lösenord är fel.")
	}
	if err := domain.CheckPasswordRule(next); err != nil {
		return err
	}
	if next != repeat {
		return domain.Invalid("repeat", "Lösenorden är inte lika.")
	}
	if next == current {
		return domain.Invalid("password", "Välj ett annat lösenord än det nuvarande.")
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SetPassword(ctx, a.ID, hash, false); err != nil {
			return err
		}
		if err := q.DeleteOtherSessions(ctx, a.ID, a.SessionHash); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.change_password", Entity: "user", EntityID: a.Username})
	})
}

// argon2id parameters (OWASP's minimum recommendation: 19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword hashes a password with argon2id in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword compares a password with a stored argon2id hash in constant time.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if errors.Join(err1, err2) != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
