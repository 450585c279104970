package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// Every request finds its session and user with FindSessionUser: the user must
// come back exactly as FindUserByID gives it, roles and customers complete and
// sorted, with the count of unread messages the page header shows.
func TestFindSessionUser(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
		login := now.Add(-2 * time.Hour)
		var linked, bare int64
		err := db.Transact(ctx, func(q *store.Q) error {
			for _, s := range []string{
				"INSERT INTO warehouses (number, name) VALUES ('1', 'Lager')",
				"INSERT INTO payers (number, name) VALUES ('P1', 'Region')",
				"INSERT INTO service_departments (id, name) VALUES (7, 'Hjälpmedelsservice')",
			} {
				if _, err := q.Exec(ctx, s); err != nil {
					return err
				}
			}
			for _, c := range []string{"2990", "0310", "1464"} {
				if _, err := q.Exec(ctx, "INSERT INTO customers (number, name, default_payer, warehouse) VALUES (?, ?, 'P1', '1')", c, "Kund "+c); err != nil {
					return err
				}
			}
			var err error
			linked, err = q.CreateUser(ctx, domain.NewUser{Username: "k082lno", Name: "Lena Nordin", PasswordHash: "x",
				CanPrescribe: true, ServiceDepartmentID: 7, Warehouse: "1",
				Roles:     []domain.Role{domain.RoleTechnician, domain.RoleAdmin, domain.RolePrescriber},
				Customers: []string{"2990", "0310", "1464"}}, login)
			if err != nil {
				return err
			}
			if bare, err = q.CreateUser(ctx, domain.NewUser{Username: "bare", Name: "Utan kopplingar", PasswordHash: "x"}, login); err != nil {
				return err
			}
			for i, read := range []string{"", "", "2026-03-09T08:00:00Z"} { // two unread, one read
				if _, err := q.Exec(ctx, "INSERT INTO messages (user_id, subject, created_at, read_at) VALUES (?, ?, ?, NULLIF(?, ''))",
					linked, fmt.Sprint("Meddelande ", i), "2026-03-09T07:00:00Z", read); err != nil {
					return err
				}
			}
			for _, s := range []domain.Session{
				{TokenHash: "linked", UserID: linked, Kind: "web", ExpiresAt: now.Add(6 * time.Hour)},
				{TokenHash: "bare", UserID: bare, Kind: "api", ExpiresAt: now.Add(time.Hour)},
				{TokenHash: "expired", UserID: linked, Kind: "web", ExpiresAt: now.Add(-time.Second)},
				{TokenHash: "ends now", UserID: linked, Kind: "api", ExpiresAt: now},
			} {
				if err := q.CreateSession(ctx, s, login); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct {
			hash      string
			user      int64
			kind      string
			expires   time.Time
			roles     []domain.Role
			customers []string
			dept      string
			unread    int
		}{
			{"linked", linked, "web", now.Add(6 * time.Hour),
				[]domain.Role{domain.RoleAdmin, domain.RolePrescriber, domain.RoleTechnician}, []string{"0310", "1464", "2990"}, "Hjälpmedelsservice", 2},
			{"bare", bare, "api", now.Add(time.Hour), nil, nil, "", 0},
		} {
			sess, u, err := db.Read().FindSessionUser(ctx, tc.hash, now)
			if err != nil {
				t.Fatalf("%s: %v", tc.hash, err)
			}
			want := domain.Session{TokenHash: tc.hash, UserID: tc.user, Kind: tc.kind, ExpiresAt: tc.expires, LastSeenAt: login, Unread: tc.unread}
			if *sess != want {
				t.Errorf("%s: session %+v; want %+v", tc.hash, *sess, want)
			}
			if u.ID != tc.user || !reflect.DeepEqual(u.Roles, tc.roles) || !reflect.DeepEqual(u.Customers, tc.customers) || u.ServiceDepartment != tc.dept {
				t.Errorf("%s: user %d, roles %v, customers %v, department %q; want %d, %v, %v, %q",
					tc.hash, u.ID, u.Roles, u.Customers, u.ServiceDepartment, tc.user, tc.roles, tc.customers, tc.dept)
			}
			byID, err := db.Read().FindUserByID(ctx, tc.user)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(u, byID) {
				t.Errorf("%s: session user\n%+v\ndiffers from FindUserByID\n%+v", tc.hash, *u, *byID)
			}
		}

		for _, hash := range []string{"expired", "ends now", "unknown"} {
			if _, _, err := db.Read().FindSessionUser(ctx, hash, now); err != store.ErrNotFound {
				t.Errorf("%s: err = %v; want ErrNotFound", hash, err)
			}
		}
	})
}
