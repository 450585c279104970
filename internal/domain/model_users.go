package domain

import "time"

// User is a row of users with its roles and customer links.
type User struct {
	ID                  int64
	Username            string
	HSAID               string // the HSA-id the identity provider asserts (SITHS); "" when none
	Name                string
	Phone, Mobile       string
	Email               string
	PasswordHash        string
	MustChangePassword  bool
	Active              bool
	CanPrescribe        bool
	ServiceDepartmentID int64
	ServiceDepartment   string
	Warehouse           string
	FailedLogins        int
	LockedUntil         time.Time
	LastLoginAt         time.Time
	CreatedAt           time.Time
	Roles               []Role
	Customers           []string
}

// HasRole reports whether the user has any of roles.
func (u *User) HasRole(roles ...Role) bool {
	for _, have := range u.Roles {
		for _, want := range roles {
			if have == want {
				return true
			}
		}
	}
	return false
}

// NewUser is what CreateUser stores.
type NewUser struct {
	Username, HSAID, Name, Phone, Mobile, Email string
	PasswordHash                                string
	MustChangePassword, CanPrescribe            bool
	ServiceDepartmentID                         int64
	Warehouse                                   string
	Roles                                       []Role
	Customers                                   []string
}

// Session is a logged-in browser or API client.
type Session struct {
	TokenHash  string
	UserID     int64
	Kind       string
	ExpiresAt  time.Time
	LastSeenAt time.Time
	IDToken    string // the identity provider's ID token of a single sign-on, for logging out there too
	// SingleSignOn: the session began at the identity provider (its ID token is
	// not read on every request, only this).
	SingleSignOn bool
	Unread       int // the user's unopened messages, read with the session for the page header
}

// OIDCLogin is a single sign-on in progress: what the answer of the identity
// provider is checked against (SPEC §10.8).
type OIDCLogin struct {
	StateHash string
	Nonce     string
	Verifier  string // the PKCE code verifier
	Next      string // where to go after the login
	CreatedAt time.Time
}
