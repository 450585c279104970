package service

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Customers, payers, routes, service departments, action types and pickup reasons (admin).

var registerNumber = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z\-]{0,19}$`)

// AdminCustomers lists the customers.
func (s *Service) AdminCustomers(ctx context.Context, a *Actor) ([]domain.AdminCustomer, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindAdminCustomers(ctx)
}

// AdminCustomer loads one customer.
func (s *Service) AdminCustomer(ctx context.Context, a *Actor, number string) (*domain.AdminCustomer, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	c, err := s.db.Read().FindAdminCustomer(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Kunden finns inte.")
	}
	return c, err
}

// SaveCustomer creates or updates a customer: number, name, delivery address,
// default payer, warehouse, route or daily delivery, local store.
func (s *Service) SaveCustomer(ctx context.Context, a *Actor, c domain.AdminCustomer, create bool) (*domain.AdminCustomer, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	var out *domain.AdminCustomer
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		c.Number, c.Name = strings.TrimSpace(c.Number), strings.TrimSpace(c.Name)
		var before *domain.AdminCustomer
		if create {
			if !registerNumber.MatchString(c.Number) {
				fe.add("number", "Ange kundnummer (siffror och bokstäver).")
			} else if _, err := q.FindAdminCustomer(ctx, c.Number); err == nil {
				fe.add("number", "Kundnumret finns redan.")
			}
		} else {
			var err error
			if before, err = q.FindAdminCustomer(ctx, c.Number); domain.ErrorCode(err) == domain.ENotFound {
				return domain.Errorf(domain.ENotFound, "Kunden finns inte.")
			} else if err != nil {
				return err
			}
		}
		if c.Name == "" {
			fe.add("name", "Ange namn.")
		}
		if strings.TrimSpace(c.Street) == "" {
			fe.add("street", "Ange leveransadress.")
		}
		if c.DefaultPayer == "" {
			fe.add("defaultPayer", "Välj standardbetalare.")
		} else if ok, err := q.PayerRegistered(ctx, c.DefaultPayer); err != nil {
			return err
		} else if !ok {
			fe.add("defaultPayer", "Betalaren finns inte.")
		}
		s.checkWarehouse(ctx, q, c.Warehouse, "warehouse", fe)
		if c.RouteID != 0 && c.DailyDelivery {
			fe.add("route", "Välj antingen turbil eller daglig leverans.")
		}
		if c.RouteID == 0 && !c.DailyDelivery {
			fe.add("route", "Välj turbil eller daglig leverans.")
		}
		if c.RouteID != 0 {
			if ok, err := q.RouteExists(ctx, c.RouteID); err != nil {
				return err
			} else if !ok {
				fe.add("route", "Turbilen finns inte.")
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		if err := q.SaveAdminCustomer(ctx, &c, create); err != nil {
			return err
		}
		var err error
		if out, err = q.FindAdminCustomer(ctx, c.Number); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "customer.save", Entity: "customer", EntityID: c.Number, Before: before, After: out})
	})
	return out, err
}

// Payers lists the payers.
func (s *Service) Payers(ctx context.Context, a *Actor) ([]domain.Payer, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindPayers(ctx)
}

// SavePayer creates or updates a payer.
func (s *Service) SavePayer(ctx context.Context, a *Actor, p domain.Payer) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	p.Number, p.Name = strings.TrimSpace(p.Number), strings.TrimSpace(p.Name)
	fe := fieldErrors{}
	if !registerNumber.MatchString(p.Number) {
		fe.add("number", "Ange betalarnummer (siffror och bokstäver).")
	}
	if p.Name == "" {
		fe.add("name", "Ange namn.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SavePayer(ctx, p); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "payer.save", Entity: "payer", EntityID: p.Number, After: p})
	})
}

// Routes lists the delivery routes.
func (s *Service) Routes(ctx context.Context) ([]domain.RouteRow, error) {
	return s.db.Read().FindRoutes(ctx)
}

// SaveRoute creates (ID 0) or updates a route; weekdays are ISO numbers 1–5, e.g. "2,4".
func (s *Service) SaveRoute(ctx context.Context, a *Actor, r domain.RouteRow) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	fe := fieldErrors{}
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		fe.add("name", "Ange namn.")
	}
	var days []string
	seen := map[int]bool{}
	for _, d := range strings.FieldsFunc(r.Weekdays, func(c rune) bool { return c == ',' || c == ' ' || c == ';' }) {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 5 {
			fe.add("weekdays", "Ange veckodagar som siffror 1–5 (1 = måndag), till exempel 2,4.")
			continue
		}
		if !seen[n] {
			seen[n] = true
			days = append(days, strconv.Itoa(n))
		}
	}
	if len(days) == 0 {
		fe.add("weekdays", "Ange minst en veckodag, till exempel 2,4.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	r.Weekdays = strings.Join(days, ",")
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SaveRoute(ctx, &r); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "route.save", Entity: "route", EntityID: strconv.FormatInt(r.ID, 10), After: r})
	})
}

// SaveServiceDepartment creates (ID 0) or renames a service department.
func (s *Service) SaveServiceDepartment(ctx context.Context, a *Actor, d domain.Named) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	if d.Name = strings.TrimSpace(d.Name); d.Name == "" {
		return domain.Invalid("name", "Ange namn.")
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SaveServiceDepartment(ctx, &d); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "service_department.save", Entity: "service_department", EntityID: strconv.FormatInt(d.ID, 10), After: d})
	})
}

// ActionTypes lists the action types.
func (s *Service) ActionTypes(ctx context.Context) ([]domain.ActionType, error) {
	return s.db.Read().FindActionTypes(ctx)
}

// SaveActionType creates (ID 0) or updates an action type.
func (s *Service) SaveActionType(ctx context.Context, a *Actor, t domain.ActionType) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	fe := fieldErrors{}
	if t.Name = strings.TrimSpace(t.Name); t.Name == "" {
		fe.add("name", "Ange namn.")
	}
	if t.ID == 0 && !regexp.MustCompile(`^[a-z][a-z_]{1,29}$`).MatchString(t.Code) {
		fe.add("code", "Ange en kod med små bokstäver a–z, till exempel corrective.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SaveActionType(ctx, &t); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "action_type.save", Entity: "action_type", EntityID: t.Code, After: t})
	})
}

// PickupReasons lists the pickup reasons.
func (s *Service) PickupReasons(ctx context.Context) ([]domain.PickupReason, error) {
	return s.db.Read().FindPickupReasons(ctx)
}

// SavePickupReason creates or updates a pickup reason.
func (s *Service) SavePickupReason(ctx context.Context, a *Actor, p domain.PickupReason) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	fe := fieldErrors{}
	if p.Name = strings.TrimSpace(p.Name); p.Name == "" {
		fe.add("name", "Ange namn.")
	}
	if !regexp.MustCompile(`^[a-z][a-z_]{1,29}$`).MatchString(p.Code) {
		fe.add("code", "Ange en kod med små bokstäver a–z, till exempel broken.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SavePickupReason(ctx, p); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "pickup_reason.save", Entity: "pickup_reason", EntityID: p.Code, After: p})
	})
}
