package service

import (
	"context"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Planned maintenance and inspection (FU/besiktning, SPEC §10.5): the units
// due for FU per service department, turned in one action into priority-5
// inspection work orders; closing one records the FU date and result, and a
// failed FU blocks the unit.

// MaintenanceRoles see the due list and create its work orders.
var MaintenanceRoles = []domain.Role{domain.RoleTechnician, domain.RoleCustomerService, domain.RoleAdmin}

// MaintenanceDueFilter selects the due list: a service department (0: all)
// and the units due within so many days (overdue ones included).
type MaintenanceDueFilter struct {
	Department int64
	Within     int
}

// MaintenanceDue is the due list with the departments to choose from.
type MaintenanceDue struct {
	Departments []domain.WorkOrderDepartment
	Units       []domain.InspectionUnit
}

// MaintenanceDueList lists the held units whose next FU falls within the
// filter's days, the most overdue first.
func (s *Service) MaintenanceDueList(ctx context.Context, a *Actor, f MaintenanceDueFilter) (*MaintenanceDue, error) {
	if err := a.Require(MaintenanceRoles...); err != nil {
		return nil, err
	}
	if f.Within < 0 || f.Within > 366 {
		return nil, domain.Invalid("within", "Ange antal dagar framåt, 0–366.")
	}
	q := s.db.Read()
	out := &MaintenanceDue{}
	var err error
	if out.Departments, err = q.FindWorkOrderDepartments(ctx); err != nil {
		return nil, err
	}
	units, err := q.FindInspectionUnits(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today()
	for _, u := range units {
		u.Next = domain.NextInspection(domain.ParseDate(u.LastFU), domain.ParseDate(u.Delivered), u.Months)
		if (f.Department != 0 && u.DepartmentID != f.Department) || !domain.InspectionDue(u.Next, today, f.Within) {
			continue
		}
		PersonAccessFrom(ctx).Show(u.Personnummer)
		out.Units = append(out.Units, u)
	}
	slices.SortStableFunc(out.Units, func(x, y domain.InspectionUnit) int { return x.Next.Compare(y.Next) })
	return out, nil
}

// CreateMaintenanceWorkOrders registers a priority-5 inspection work order on
// each unit (one without an open one), done on site at the holder's address,
// for the holder's prescriber, who is told when it closes. It returns the new
// work orders' numbers; all or nothing.
func (s *Service) CreateMaintenanceWorkOrders(ctx context.Context, a *Actor, units []string) ([]string, error) {
	if err := a.Require(MaintenanceRoles...); err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, domain.Invalid("units", "Markera de individer som ska besiktas.")
	}
	var numbers []string
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		numbers = nil // the function may run again (Transact)
		all, err := q.FindInspectionUnits(ctx)
		if err != nil {
			return err
		}
		inspection, err := actionTypeID(ctx, q, domain.InspectionActionType)
		if err != nil {
			return err
		}
		departments, err := q.FindWorkOrderDepartments(ctx)
		if err != nil {
			return err
		}
		for _, number := range units {
			j := slices.IndexFunc(all, func(u domain.InspectionUnit) bool { return u.Unit == strings.TrimSpace(number) })
			if j < 0 {
				return domain.Invalidf("units", "Individ %s är inte utlämnad eller har inget besiktningsintervall.", number)
			}
			u := all[j]
			if u.OpenWorkOrder != "" {
				return domain.Invalidf("units", "Individ %s har redan en öppen besiktning (arbetsorder %s).", u.Unit, u.OpenWorkOrder)
			}
			w, err := s.createUnitWork(ctx, q, a, unitWork{Unit: u.Unit, Article: u.Article, Personnummer: u.Personnummer,
				Customer: u.Customer, Protected: u.PatientProtected, PrescriberID: u.PrescriberID, DepartmentID: u.DepartmentID,
				ActionTypeID: inspection, Priority: domain.InspectionPriority, Screen: "Besiktning (FU)",
				Description: domain.Msgf("Planerad besiktning (FU), senast %s.", domain.FormatDate(u.Next))}, departments)
			if err != nil {
				return err
			}
			numbers = append(numbers, w)
		}
		return nil
	})
	return numbers, err
}

// unitWork is a work order the centre makes on a held unit (a planned FU, a
// safety notice's check or exchange): done on site at the holder's address,
// for the holder's prescriber, who is told when it closes.
type unitWork struct {
	Unit, Article, Personnummer, Customer string
	Protected                             bool
	PrescriberID, DepartmentID            int64
	ActionTypeID                          int64
	Priority                              int
	Description                           domain.Formatted
	Screen                                string
}

// createUnitWork writes one such work order and returns its number. Without a
// prescriber's department it goes to the actor's, else to the first one.
func (s *Service) createUnitWork(ctx context.Context, q repo.Queries, a *Actor, u unitWork, departments []domain.WorkOrderDepartment) (string, error) {
	addr, _, err := holderAddress(ctx, q, u.Customer, u.Personnummer, "onsite")
	if err != nil {
		return "", err
	}
	w := &domain.WorkOrder{Personnummer: u.Personnummer, Customer: u.Customer, Article: u.Article, Unit: u.Unit,
		Priority: u.Priority, ActionTypeID: u.ActionTypeID, DepartmentID: u.DepartmentID, FaultDescription: u.Description.String(),
		AddressMode: addr.Mode, AddressSource: addr.Source, PrescriberID: u.PrescriberID, RegisteredAt: s.Now(),
		Address: domain.ServiceAddress{Name: addr.Name, CO: addr.CO, Street: addr.Street, PostalCode: addr.PostalCode,
			Town: addr.Town, Phone: addr.Phone}}
	if w.DepartmentID == 0 {
		w.DepartmentID = a.ServiceDepartmentID
	}
	if w.DepartmentID == 0 && len(departments) > 0 {
		w.DepartmentID = departments[0].ID
	}
	if w.PrescriberID == 0 {
		w.PrescriberID = a.ID
	}
	w.DueAt, _, _ = domain.WorkOrderDue(w.Priority, w.RegisteredAt)
	if w.Number, err = s.db.NextDocNumber(ctx, q, domain.DocWorkOrder, s.Now()); err != nil {
		return "", err
	}
	if w.ID, err = q.CreateWorkOrder(ctx, w); err != nil {
		return "", err
	}
	return w.Number, s.audit(ctx, q, a, Audit{Action: "workorder.register", Entity: "workorder", EntityID: w.Number,
		Personnummer: w.Personnummer, Protected: u.Protected, Screen: u.Screen, After: workOrderAudit(w)})
}

// holderAddress is the address of a held unit's holder: the patient's, or
// the customer's for a care unit's unit (or a patient with protected identity).
func holderAddress(ctx context.Context, q repo.Queries, customer, personnummer, mode string) (AddressInput, *domain.ServiceCustomer, error) {
	cust, err := q.FindServiceCustomer(ctx, customer)
	if err != nil {
		return AddressInput{}, nil, err
	}
	var person *domain.ServicePerson
	source := "customer"
	if personnummer != "" {
		if person, err = q.FindServicePerson(ctx, personnummer); err != nil {
			return AddressInput{}, nil, err
		}
		source = "recipient"
	}
	addr, _ := fillAddress(AddressInput{Mode: mode, Source: source}, cust, person)
	return addr, cust, nil
}

// actionTypeID is the id of an active action type by its code.
func actionTypeID(ctx context.Context, q repo.Queries, code string) (int64, error) {
	types, err := q.FindWorkOrderActionTypes(ctx)
	if err != nil {
		return 0, err
	}
	i := slices.IndexFunc(types, func(t domain.WorkOrderActionType) bool { return t.Code == code })
	if i < 0 {
		return 0, domain.Errorf(domain.EConflict, "Åtgärdstypen %s saknas eller är inaktiv.", code)
	}
	return types[i].ID, nil
}

// recordInspection keeps a closed FU's result on the unit and its work order;
// a failed one blocks the unit until the back office releases it.
func (s *Service) recordInspection(ctx context.Context, q repo.Queries, a *Actor, w *domain.WorkOrder, result string) error {
	if err := q.RecordInspectionResult(ctx, w.Unit, w.ID, result); err != nil {
		return err
	}
	if result != domain.InspectionFailed {
		return nil
	}
	return s.blockUnits(ctx, q, a, []string{w.Unit}, domain.BlockInspection, w.Number,
		domain.Msgf("Besiktning underkänd (arbetsorder %s)", w.Number).String())
}
