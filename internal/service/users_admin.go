package service

import (
	"context"
	"crypto/rand"
	"math/big"
	"regexp"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Users and rights (SPEC §4 and §6, admin): create users, roles, links to customers
// and a service department, förskrivningsrätt, issued passwords, deactivation and
// unlocking after throttling.

// UserInput is a user as the admin form and the API give it.
type UserInput struct {
	Username, Name, Phone, Mobile, Email string
	HSAID                                string // the HSA-id single sign-on matches (unique; "" for none)
	Roles                                []domain.Role
	Customers                            []string
	CanPrescribe                         bool
	ServiceDepartmentID                  int64
	Warehouse                            string
}

var usernamePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]{1,29}$`)

// hsaIDPattern is an HSA-id: country code, the organisation's number, a hyphen
// and the local id (SE2321000230-K082LNO).
var hsaIDPattern = regexp.MustCompile(`^[A-Z]{2}[0-9]{10}-[0-9A-Za-z]{1,31}$`)

func (s *Service) validateUser(ctx context.Context, q repo.Queries, in *UserInput, create bool) error {
	fe := fieldErrors{}
	in.Username = domain.NormalizeUsername(in.Username)
	in.Name = strings.TrimSpace(in.Name)
	if create {
		switch {
		case in.Username == "":
			fe.add("username", "Ange användarnamn.")
		case !usernamePattern.MatchString(in.Username):
			fe.add("username", "Användarnamnet får bara innehålla bokstäver A–Z, siffror, punkt, bindestreck och understreck (2–30 tecken).")
		default:
			if _, err := q.FindUserByUsername(ctx, in.Username); err == nil {
				fe.add("username", "Användarnamnet finns redan.")
			} else if domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
		}
	}
	if in.Name == "" {
		fe.add("name", "Ange namn.")
	}
	in.HSAID = strings.TrimSpace(in.HSAID)
	switch {
	case in.HSAID == "":
	case !hsaIDPattern.MatchString(in.HSAID):
		fe.add("hsaId", "HSA-id skrivs som landskod, organisationsnummer, bindestreck och id, t.ex. SE2321000230-K082LNO.")
	default:
		if other, err := q.FindUserByHSAID(ctx, in.HSAID); err == nil && other.Username != in.Username {
			fe.addf("hsaId", "HSA-id %s används redan av användaren %s.", in.HSAID, other.Username)
		} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
	}
	if len(in.Roles) == 0 {
		fe.add("roles", "Välj minst en roll.")
	}
	hasPrescriber := false
	for _, r := range in.Roles {
		if !domain.ValidRole(r) {
			fe.addf("roles", "Okänd roll: %s.", r)
		}
		if r == domain.RolePrescriber {
			hasPrescriber = true
		}
	}
	if in.CanPrescribe && !hasPrescriber {
		fe.add("canPrescribe", "Förskrivningsrätt kräver rollen förskrivare.")
	}
	for _, c := range in.Customers {
		if ok, err := q.CustomerExists(ctx, c); err != nil {
			return err
		} else if !ok {
			fe.addf("customers", "Kund %s finns inte.", c)
		}
	}
	if in.ServiceDepartmentID != 0 {
		if ok, err := q.ServiceDepartmentExists(ctx, in.ServiceDepartmentID); err != nil {
			return err
		} else if !ok {
			fe.add("serviceDepartment", "Serviceavdelningen finns inte.")
		}
	}
	if in.Warehouse != "" {
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
	}
	return fe.err()
}

// GeneratePassword makes an issued password that keeps the password rule.
func GeneratePassword() string {
	const lower, upper, digits = "abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
	pick := func(set string) byte {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		return set[n.Int64()]
	}
	b := []byte{pick(upper), pick(lower), pick(lower), pick(digits), pick(upper), pick(lower), pick(digits), pick(lower), pick(upper), pick(digits)}
	return string(b)
}

// CreatedUser is a new user and the password issued to them (shown once).
type CreatedUser struct {
	User     *domain.User
	Password string
}

// AdminCreateUser creates a user with an issued password that must be changed at first login.
func (s *Service) AdminCreateUser(ctx context.Context, a *Actor, in UserInput, password string) (*CreatedUser, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if password == "" {
		password = GeneratePassword()
	} else if err := domain.CheckPasswordRule(password); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	var out CreatedUser
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		if err := s.validateUser(ctx, q, &in, true); err != nil {
			return err
		}
		id, err := q.CreateUser(ctx, domain.NewUser{Username: in.Username, HSAID: in.HSAID, Name: in.Name, Phone: in.Phone, Mobile: in.Mobile,
			Email: in.Email, PasswordHash: hash, MustChangePassword: true, CanPrescribe: in.CanPrescribe,
			ServiceDepartmentID: in.ServiceDepartmentID, Warehouse: in.Warehouse, Roles: in.Roles, Customers: in.Customers}, s.Now())
		if err != nil {
			return err
		}
		if out.User, err = q.FindUserByID(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.create", Entity: "user", EntityID: in.Username, After: userAudit(out.User)})
	})
	if err != nil {
		return nil, err
	}
	out.Password = password
	return &out, nil
}

func userAudit(u *domain.User) map[string]any {
	return map[string]any{"name": u.Name, "hsaId": u.HSAID, "roles": u.Roles, "customers": u.Customers, "canPrescribe": u.CanPrescribe,
		"serviceDepartment": u.ServiceDepartment, "warehouse": u.Warehouse, "active": u.Active}
}

func (s *Service) findUserForAdmin(ctx context.Context, q repo.Queries, username string) (*domain.User, error) {
	u, err := q.FindUserByUsername(ctx, username)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Användaren finns inte.")
	}
	return u, err
}

// AdminUser loads a user for the administration.
func (s *Service) AdminUser(ctx context.Context, a *Actor, username string) (*domain.User, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.findUserForAdmin(ctx, s.db.Read(), username)
}

// AdminUsers lists every user.
func (s *Service) AdminUsers(ctx context.Context, a *Actor) ([]*domain.User, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindAllUsers(ctx)
}

// AdminUpdateUser changes a user's profile, roles, links and förskrivningsrätt.
func (s *Service) AdminUpdateUser(ctx context.Context, a *Actor, in UserInput) (*domain.User, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	var out *domain.User
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		u, err := s.findUserForAdmin(ctx, q, in.Username)
		if err != nil {
			return err
		}
		if err := s.validateUser(ctx, q, &in, false); err != nil {
			return err
		}
		if u.ID == a.ID && !containsRole(in.Roles, domain.RoleAdmin) {
			return domain.Invalid("roles", "Du kan inte ta bort din egen administratörsroll.")
		}
		before := userAudit(u)
		if err := q.UpdateUserProfile(ctx, u.ID, domain.UserProfile{HSAID: in.HSAID, Name: in.Name, Phone: in.Phone, Mobile: in.Mobile, Email: in.Email,
			CanPrescribe: in.CanPrescribe, ServiceDepartmentID: in.ServiceDepartmentID, Warehouse: in.Warehouse}); err != nil {
			return err
		}
		if err := q.SetUserLinks(ctx, u.ID, in.Roles, in.Customers); err != nil {
			return err
		}
		if out, err = q.FindUserByID(ctx, u.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.update", Entity: "user", EntityID: u.Username, Before: before, After: userAudit(out)})
	})
	return out, err
}

func containsRole(rs []domain.Role, r domain.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// IssuePassword gives a user a new password (generated when empty) that must be
// changed at the next login; the user's sessions end.
func (s *Service) IssuePassword(ctx context.Context, a *Actor, username, password string) (string, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return "", err
	}
	if password == "" {
		password = GeneratePassword()
	} else if err := domain.CheckPasswordRule(password); err != nil {
		return "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		u, err := s.findUserForAdmin(ctx, q, username)
		if err != nil {
			return err
		}
		if err := q.SetPassword(ctx, u.ID, hash, true); err != nil {
			return err
		}
		if err := q.UnlockUser(ctx, u.ID); err != nil {
			return err
		}
		if err := q.DeleteSessionsOfUser(ctx, u.ID); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "user.issue_password", Entity: "user", EntityID: u.Username})
	})
	if err != nil {
		return "", err
	}
	return password, nil
}

// SetUserActive deactivates (sessions end at once) or reactivates a user.
func (s *Service) SetUserActive(ctx context.Context, a *Actor, username string, active bool) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		u, err := s.findUserForAdmin(ctx, q, username)
		if err != nil {
			return err
		}
		if u.ID == a.ID && !active {
			return domain.Errorf(domain.EConflict, "Du kan inte inaktivera ditt eget konto.")
		}
		if err := q.SetUserActive(ctx, u.ID, active); err != nil {
			return err
		}
		if active {
			// A reactivated dormant account starts a new period from today.
			if err := q.RestartDormancy(ctx, u.ID, s.Now()); err != nil {
				return err
			}
		}
		action := "user.deactivate"
		if active {
			action = "user.activate"
		}
		return s.audit(ctx, q, a, Audit{Action: action, Entity: "user", EntityID: u.Username})
	})
}

// UnlockUserLogin clears a lock after too many failed logins.
func (s *Service) UnlockUserLogin(ctx context.Context, a *Actor, username string) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		u, err := s.findUserForAdmin(ctx, q, username)
		if err != nil {
			return err
		}
		if err := q.UnlockUser(ctx, u.ID); err != nil {
			return err
		}
		s.logins.forget(u.Username)
		return s.audit(ctx, q, a, Audit{Action: "user.unlock", Entity: "user", EntityID: u.Username})
	})
}

// ServiceDepartments lists the service departments.
func (s *Service) ServiceDepartments(ctx context.Context) ([]domain.Named, error) {
	return s.db.Read().FindServiceDepartments(ctx)
}
