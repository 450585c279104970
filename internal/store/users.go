package store

import (
	"context"
	"database/sql"
	"time"

	"hjalpmedel/internal/domain"
)

const userColumns = `u.id, u.username, COALESCE(u.hsa_id, ''), u.name, u.phone, u.mobile, u.email, u.password_hash,
	u.must_change_password, u.active, u.can_prescribe, COALESCE(u.service_department_id, 0),
	COALESCE(sd.name, ''), COALESCE(u.warehouse, ''), u.failed_logins, COALESCE(u.locked_until, ''),
	COALESCE(u.last_login_at, ''), u.created_at`

// userDepartment joins the service department that userColumns name (sd).
const userDepartment = `LEFT JOIN service_departments sd ON sd.id = u.service_department_id`

// userRow scans userColumns; queries that select more columns after them append
// their own destinations to dest().
type userRow struct {
	u                          domain.User
	locked, lastLogin, created string
}

func (r *userRow) dest() []any {
	u := &r.u
	return []any{&u.ID, &u.Username, &u.HSAID, &u.Name, &u.Phone, &u.Mobile, &u.Email, &u.PasswordHash,
		&u.MustChangePassword, &u.Active, &u.CanPrescribe, &u.ServiceDepartmentID,
		&u.ServiceDepartment, &u.Warehouse, &u.FailedLogins, &r.locked, &r.lastLogin, &r.created}
}

// user is the scanned user with its times parsed.
func (r *userRow) user() *domain.User {
	u := &r.u
	u.LockedUntil, u.LastLoginAt, u.CreatedAt = domain.ParseTimestamp(r.locked), domain.ParseTimestamp(r.lastLogin), domain.ParseTimestamp(r.created)
	return u
}

// completeUser finishes a scanned user and loads its roles and customer links.
func (q *Q) completeUser(ctx context.Context, r *userRow) (*domain.User, error) {
	u := r.user()
	// One round trip for both lists: each row is a role ('r') or a customer ('c').
	rows, err := q.Query(ctx, `SELECT 'r', role FROM user_roles WHERE user_id = ?
		UNION ALL SELECT 'c', customer_number FROM user_customers WHERE user_id = ? ORDER BY 1, 2`, u.ID, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, v string
		if err := rows.Scan(&kind, &v); err != nil {
			return nil, err
		}
		if kind == "r" {
			u.Roles = append(u.Roles, domain.Role(v))
		} else {
			u.Customers = append(u.Customers, v)
		}
	}
	return u, rows.Err()
}

func (q *Q) findUser(ctx context.Context, where string, arg any) (*domain.User, error) {
	var r userRow
	if err := q.QueryRow(ctx, `SELECT `+userColumns+` FROM users u `+userDepartment+` WHERE `+where, arg).Scan(r.dest()...); err != nil {
		return nil, mapError(err)
	}
	return q.completeUser(ctx, &r)
}

// FindUserByUsername finds a user by name, which is stored upper case.
func (q *Q) FindUserByUsername(ctx context.Context, username string) (*domain.User, error) {
	return q.findUser(ctx, "u.username = ?", domain.NormalizeUsername(username))
}

// FindUserByHSAID finds the user with an HSA-id (single sign-on).
func (q *Q) FindUserByHSAID(ctx context.Context, hsaID string) (*domain.User, error) {
	return q.findUser(ctx, "u.hsa_id = ?", hsaID)
}

// FindUserByID finds a user by id.
func (q *Q) FindUserByID(ctx context.Context, id int64) (*domain.User, error) {
	return q.findUser(ctx, "u.id = ?", id)
}

// CreateUser inserts a user with roles and customer links.
func (q *Q) CreateUser(ctx context.Context, u domain.NewUser, now time.Time) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO users (username, hsa_id, name, phone, mobile, email, password_hash,
		must_change_password, can_prescribe, service_department_id, warehouse, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		domain.NormalizeUsername(u.Username), nullString(u.HSAID), u.Name, u.Phone, u.Mobile, u.Email, u.PasswordHash,
		u.MustChangePassword, u.CanPrescribe, nullInt(u.ServiceDepartmentID), nullString(u.Warehouse), domain.FormatTimestamp(now))
	if err != nil {
		return 0, err
	}
	return id, q.SetUserLinks(ctx, id, u.Roles, u.Customers)
}

// SetUserLinks replaces a user's roles and customer links.
func (q *Q) SetUserLinks(ctx context.Context, id int64, roles []domain.Role, customers []string) error {
	if _, err := q.Exec(ctx, "DELETE FROM user_roles WHERE user_id = ?", id); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, "DELETE FROM user_customers WHERE user_id = ?", id); err != nil {
		return err
	}
	for _, r := range roles {
		if _, err := q.Exec(ctx, "INSERT INTO user_roles (user_id, role) VALUES (?, ?)", id, string(r)); err != nil {
			return err
		}
	}
	for _, c := range customers {
		if _, err := q.Exec(ctx, "INSERT INTO user_customers (user_id, customer_number) VALUES (?, ?)", id, c); err != nil {
			return err
		}
	}
	return nil
}

// LockUser locks an account against logins until lockUntil (failed logins
// from several clients, see service/throttle.go).
func (q *Q) LockUser(ctx context.Context, id int64, lockUntil time.Time) error {
	_, err := q.Exec(ctx, "UPDATE users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?", domain.FormatTimestamp(lockUntil), id)
	return err
}

// RecordLoginSuccess clears the failure count and stamps the login time.
func (q *Q) RecordLoginSuccess(ctx context.Context, id int64, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?", domain.FormatTimestamp(now), id)
	return err
}

// UnlockUser clears the failed-login count and the lock of an account.
func (q *Q) UnlockUser(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", id)
	return err
}

// SetPassword stores a new password hash; mustChange marks an issued password.
func (q *Q) SetPassword(ctx context.Context, id int64, hash string, mustChange bool) error {
	_, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?", hash, mustChange, id)
	return err
}

// SetUserActive activates or deactivates a user; deactivation ends their sessions at once.
func (q *Q) SetUserActive(ctx context.Context, id int64, active bool) error {
	if _, err := q.Exec(ctx, "UPDATE users SET active = ? WHERE id = ?", active, id); err != nil {
		return err
	}
	if !active {
		_, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		return err
	}
	return nil
}

// UpdateContact changes a user's own contact details (Dina uppgifter).
func (q *Q) UpdateContact(ctx context.Context, id int64, name, phone, mobile, email string) error {
	_, err := q.Exec(ctx, "UPDATE users SET name = ?, phone = ?, mobile = ?, email = ? WHERE id = ?", name, phone, mobile, email, id)
	return err
}

// CreateSession stores a session by the hash of its token.
func (q *Q) CreateSession(ctx context.Context, s domain.Session, now time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at, last_seen_at, id_token)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, s.TokenHash, s.UserID, s.Kind, domain.FormatTimestamp(now), domain.FormatTimestamp(s.ExpiresAt),
		domain.FormatTimestamp(now), s.IDToken)
	return err
}

// SessionIDToken is the identity provider's ID token of a session ("" for a
// password login or an unknown session).
func (q *Q) SessionIDToken(ctx context.Context, tokenHash string) (string, error) {
	var idToken string
	err := q.Get(ctx, "SELECT id_token FROM sessions WHERE token_hash = ?", []any{tokenHash}, &idToken)
	if domain.ErrorCode(err) == domain.ENotFound {
		return "", nil
	}
	return idToken, err
}

// SaveOIDCLogin keeps a single sign-on in progress, and forgets those older
// than expired (abandoned at the provider).
func (q *Q) SaveOIDCLogin(ctx context.Context, l domain.OIDCLogin, expired time.Time) error {
	if _, err := q.Exec(ctx, "DELETE FROM oidc_logins WHERE created_at < ?", domain.FormatTimestamp(expired)); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "INSERT INTO oidc_logins (state_hash, nonce, verifier, next, created_at) VALUES (?, ?, ?, ?, ?)",
		l.StateHash, l.Nonce, l.Verifier, l.Next, domain.FormatTimestamp(l.CreatedAt))
	return err
}

// TakeOIDCLogin finds a single sign-on in progress and removes it, so its state
// answers once; an unknown or already taken state gives ENotFound.
func (q *Q) TakeOIDCLogin(ctx context.Context, stateHash string) (*domain.OIDCLogin, error) {
	l := domain.OIDCLogin{StateHash: stateHash}
	var created string
	if err := q.Get(ctx, "SELECT nonce, verifier, next, created_at FROM oidc_logins WHERE state_hash = ?", []any{stateHash},
		&l.Nonce, &l.Verifier, &l.Next, &created); err != nil {
		return nil, err
	}
	n, err := q.ExecAffected(ctx, "DELETE FROM oidc_logins WHERE state_hash = ?", stateHash)
	if err != nil {
		return nil, err
	}
	if n == 0 { // another server took it in the meantime
		return nil, domain.Errorf(domain.ENotFound, "Inloggningen finns inte.")
	}
	l.CreatedAt = domain.ParseTimestamp(created)
	return &l, nil
}

// FindSessionUser finds an unexpired session, its user with roles and customer
// links, and the user's unread messages, in one round trip: it runs on every
// request.
func (q *Q) FindSessionUser(ctx context.Context, tokenHash string, now time.Time) (*domain.Session, *domain.User, error) {
	var r userRow
	s := domain.Session{TokenHash: tokenHash}
	var exp, seen, roles, customers string
	err := q.QueryRow(ctx, `SELECT `+userColumns+`, s.kind, s.expires_at, s.last_seen_at, s.id_token <> '',
		COALESCE((SELECT `+q.listOf("role")+` FROM user_roles WHERE user_id = u.id), ''),
		COALESCE((SELECT `+q.listOf("customer_number")+` FROM user_customers WHERE user_id = u.id), ''),
		(SELECT COUNT(*) FROM messages m WHERE m.user_id = u.id AND m.read_at IS NULL)
		FROM sessions s JOIN users u ON u.id = s.user_id `+userDepartment+`
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, domain.FormatTimestamp(now)).
		Scan(append(r.dest(), &s.Kind, &exp, &seen, &s.SingleSignOn, &roles, &customers, &s.Unread)...)
	if err != nil {
		return nil, nil, mapError(err)
	}
	s.UserID, s.ExpiresAt, s.LastSeenAt = r.u.ID, domain.ParseTimestamp(exp), domain.ParseTimestamp(seen)
	u := r.user()
	for _, role := range splitList(roles) {
		u.Roles = append(u.Roles, domain.Role(role))
	}
	u.Customers = splitList(customers)
	return &s, u, nil
}

// TouchSession slides a session's expiry.
func (q *Q) TouchSession(ctx context.Context, tokenHash string, now, expires time.Time) error {
	_, err := q.Exec(ctx, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?", domain.FormatTimestamp(now), domain.FormatTimestamp(expires), tokenHash)
	return err
}

// DeleteSession ends a session (Avsluta).
func (q *Q) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := q.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}

// DeleteOtherSessions ends every session of a user but the one of keepHash.
func (q *Q) DeleteOtherSessions(ctx context.Context, userID int64, keepHash string) error {
	_, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userID, keepHash)
	return err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (q *Q) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	_, err := q.Exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", domain.FormatTimestamp(now))
	return err
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
func nullInt(n int64) sql.NullInt64      { return sql.NullInt64{Int64: n, Valid: n != 0} }

// NullString is nullString for other packages' queries: "" is stored as NULL.
func NullString(s string) sql.NullString { return nullString(s) }

// NullInt stores 0 as NULL.
func NullInt(n int64) sql.NullInt64 { return nullInt(n) }
