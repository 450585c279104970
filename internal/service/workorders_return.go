package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Fix in place (SPEC §10.11): customer service or a technician returns a work
// order to the prescriber with a reason; the prescriber corrects it and sends
// it again. It keeps its number, and its history (work_order_notes) keeps the
// return (why, by whom) and the correction (by whom, what changed).

// MaxReturnReason is the longest reason for returning a work order, in characters.
const MaxReturnReason = 250

// ReturnRoles may return a work order to the prescriber.
var ReturnRoles = []domain.Role{domain.RoleCustomerService, domain.RoleTechnician, domain.RoleAdmin}

// ReturnWorkOrder returns an open work order to its prescriber, who gets a
// message with a link to correct it. It is registered again and untaken, and
// leaves the technicians' queue until it is sent again.
func (s *Service) ReturnWorkOrder(ctx context.Context, a *Actor, number, reason string) (*domain.WorkOrder, error) {
	if err := a.Require(ReturnRoles...); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, domain.Invalid("reason", "Ange varför arbetsordern återsänds till förskrivaren.")
	}
	if err := domain.CheckMaxLength("reason", "Orsak", reason, MaxReturnReason); err != nil {
		return nil, err
	}
	return s.withOpenWorkOrder(ctx, number, func(q repo.Queries, w *domain.WorkOrder) error {
		now := s.Now()
		ok, err := q.ReturnWorkOrder(ctx, w.ID, a.Username, reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.EConflict, "Arbetsorder %s kunde inte återsändas.", w.Number)
		}
		if err := q.AddWorkOrderNote(ctx, w.ID, now, a.Username, "returned", reason); err != nil {
			return err
		}
		subject := domain.Msgf("Arbetsorder %s har återsänts till dig för rättelse", w.Number)
		if name := w.PatientName(); name != "" {
			subject = domain.Msgf("Arbetsorder %s (gällande %s) har återsänts till dig för rättelse", w.Number, name)
		}
		if err := s.NotifyAbout(ctx, q, w.PrescriberID, w.Personnummer, subject, domain.Msgf("Orsak: %s", reason),
			"/arbetsorder/"+w.Number+"/ratta"); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "workorder.return", Entity: "workorder", EntityID: w.Number, Personnummer: w.Personnummer,
			Screen: "Arbetsorder", Before: map[string]string{"status": w.Status}, After: map[string]string{"status": "returned", "reason": reason}})
	})
}

// WorkOrderToFix is a returned work order as the prescriber opens it to
// correct it; a look-up of its patient, logged like any view of it.
func (s *Service) WorkOrderToFix(ctx context.Context, a *Actor, number string) (*domain.WorkOrder, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, err
	}
	w, err := s.WorkOrder(ctx, a, number)
	if err != nil {
		return nil, err
	}
	if !w.AtPrescriber() {
		return nil, errNotReturned(w.Number)
	}
	return w, nil
}

func errNotReturned(number string) error {
	return domain.Errorf(domain.EConflict, "Arbetsorder %s är inte återsänd till förskrivaren och kan inte rättas.", number)
}

// ResubmitWorkOrder saves the prescriber's correction of a returned work order
// and sends it again: the same number, checked as a new work order is, its due
// time counted from now, and the changed fields written to its history.
func (s *Service) ResubmitWorkOrder(ctx context.Context, a *Actor, number string, in WorkOrderInput) (*domain.WorkOrder, error) {
	if err := requirePrescriber(a); err != nil {
		return nil, err
	}
	if !domain.ValidDocNumber(number) {
		return nil, errNoWorkOrder
	}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		w, err := lockedWorkOrder(ctx, q, number)
		if err != nil {
			return err
		}
		if err := a.MaySee(workOrderScope(w)); err != nil {
			return err
		}
		if !w.AtPrescriber() {
			return errNotReturned(w.Number)
		}
		d, err := s.resolveWorkOrder(ctx, q, a, in)
		if err != nil {
			return err
		}
		fixed := d.Order
		fixed.ID, fixed.Number, fixed.Status = w.ID, w.Number, w.Status
		ok, err := q.ResubmitWorkOrder(ctx, fixed)
		if err != nil {
			return err
		}
		if !ok {
			return errNotReturned(w.Number)
		}
		// The note names the changed fields by their labels; none: sent again as it was.
		changed := domain.WorkOrderChanges(w, fixed)
		if err := q.AddWorkOrderNote(ctx, w.ID, s.Now(), a.Username, "corrected", strings.Join(changed, ", ")); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "workorder.resubmit", Entity: "workorder", EntityID: w.Number,
			Personnummer: fixed.Personnummer, Screen: "Arbetsorder", Protected: fixed.PatientProtected,
			Before: workOrderAudit(w), After: map[string]any{"workOrder": workOrderAudit(fixed), "changed": changed}})
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().FindWorkOrderByNumber(ctx, number)
}
