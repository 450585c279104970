package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

// userCmd manages users from the command line, e.g. the first admin of a new installation:
//
//	hjalpmedel user create --username ADMIN2 --name "Anna Admin" --roles admin --password Hemligt1
func userCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("user: give create, update, reset-password, grant, revoke, deactivate, activate or unlock")
	}
	action := args[0]
	fs := newFlags("user " + action)
	dsn := fs.String("db", defaultDB, "SQLite file or postgres:// URL")
	username := fs.String("username", "", "user name")
	name := fs.String("name", "", "full name (create, update)")
	hsaID := fs.String("hsa-id", "", "HSA-id for logging in with SITHS, e.g. SE2321000230-K082LNO (create, update)")
	password := fs.String("password", "", "password; create and reset-password issue it, so it must be changed at next login")
	roles := fs.String("roles", "", "comma-separated roles: prescriber, customer_service, warehouse, technician, admin")
	customers := fs.String("customers", "", "comma-separated customer numbers (create)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *username == "" {
		return fmt.Errorf("user %s: --username is required", action)
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var roleList []domain.Role
	for _, r := range splitList(*roles) {
		if !domain.ValidRole(domain.Role(r)) {
			return fmt.Errorf("unknown role %q", r)
		}
		roleList = append(roleList, domain.Role(r))
	}
	err = db.Transact(ctx, func(q *store.Q) error {
		var u *domain.User
		if action != "create" {
			var err error
			if u, err = q.FindUserByUsername(ctx, *username); err != nil {
				return fmt.Errorf("user %s: %w", *username, err)
			}
		}
		switch action {
		case "create":
			if err := domain.CheckPasswordRule(*password); err != nil {
				return err
			}
			hash, err := service.HashPassword(*password)
			if err != nil {
				return err
			}
			_, err = q.CreateUser(ctx, domain.NewUser{Username: *username, HSAID: *hsaID, Name: *name, PasswordHash: hash, MustChangePassword: true,
				CanPrescribe: hasRole(roleList, domain.RolePrescriber), Roles: roleList, Customers: splitList(*customers)}, time.Now())
			return err
		case "update":
			p := domain.UserProfile{HSAID: u.HSAID, Name: u.Name, Phone: u.Phone, Mobile: u.Mobile, Email: u.Email,
				CanPrescribe: u.CanPrescribe, ServiceDepartmentID: u.ServiceDepartmentID, Warehouse: u.Warehouse}
			if *hsaID != "" {
				p.HSAID = *hsaID
			}
			if *name != "" {
				p.Name = *name
			}
			return q.UpdateUserProfile(ctx, u.ID, p)
		case "reset-password":
			if err := domain.CheckPasswordRule(*password); err != nil {
				return err
			}
			hash, err := service.HashPassword(*password)
			if err != nil {
				return err
			}
			return q.SetPassword(ctx, u.ID, hash, true)
		case "grant", "revoke":
			set := map[domain.Role]bool{}
			for _, r := range u.Roles {
				set[r] = true
			}
			for _, r := range roleList {
				set[r] = action == "grant"
			}
			var next []domain.Role
			for _, r := range domain.Roles {
				if set[r] {
					next = append(next, r)
				}
			}
			return q.SetUserLinks(ctx, u.ID, next, u.Customers)
		case "deactivate", "activate":
			return q.SetUserActive(ctx, u.ID, action == "activate")
		case "unlock":
			return q.UnlockUser(ctx, u.ID)
		}
		return fmt.Errorf("user: unknown action %q", action)
	})
	if err != nil {
		return err
	}
	fmt.Printf("user %s: %s done\n", domain.NormalizeUsername(*username), action)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasRole(roles []domain.Role, r domain.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}
