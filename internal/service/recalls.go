package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Safety notices and recalls (säkerhetsmeddelande, FSN; SPEC §10.4): the admin
// registers a notice; every unit it covers is listed wherever it is, with its
// holder, customer and prescriber; the units at the centre are blocked at once;
// executing the notice makes, per held unit, a work order on site at the
// patient's (check: 5, exchange: 6) or a pickup order (a care unit's units, and
// every unit when the action is pickup), or only informs, and messages each
// prescriber with their patients; progress and CSV show what is done.

// RecallView is a notice with its units and progress.
type RecallView struct {
	*domain.Recall
	Units    []domain.RecallUnit
	Progress domain.RecallProgress
}

// recallBatch is how many units one transaction of an execution handles, so
// a notice over thousands of units shares the writer with the counter.
const recallBatch = 200

// RegisterRecall registers a notice and blocks its units at the centre.
func (s *Service) RegisterRecall(ctx context.Context, a *Actor, in domain.RecallInput) (*RecallView, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if err := domain.CheckRecall(&in, s.Today()); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		for _, art := range in.Articles {
			if ok, err := q.ArticleExists(ctx, art); err != nil {
				return err
			} else if !ok {
				return domain.Invalidf("articles", "Artikel %s finns inte.", art)
			}
		}
		var n int
		var err error
		if id, n, err = q.InsertRecall(ctx, in, a.Username, s.Now()); err != nil {
			return err
		}
		if n == 0 {
			return domain.Invalid("articles", "Inga individer matchar säkerhetsmeddelandet.")
		}
		atCentre, err := q.FindRecallUnitsAtCentre(ctx, id)
		if err != nil {
			return err
		}
		ref := strconv.FormatInt(id, 10)
		if err := s.blockUnits(ctx, q, a, atCentre, domain.BlockRecall, ref, domain.Msgf("Säkerhetsmeddelande %d: %s", id, in.Title).String()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "recall.register", Entity: "recall", EntityID: ref, Screen: "Säkerhetsmeddelande",
			After: map[string]any{"title": in.Title, "action": in.Action, "deadline": in.Deadline, "articles": in.Articles,
				"units": n, "blocked": len(atCentre)}})
	})
	if err != nil {
		return nil, err
	}
	return s.Recall(ctx, a, id)
}

// Recalls lists the notices for the back office.
func (s *Service) Recalls(ctx context.Context, a *Actor) ([]*domain.Recall, error) {
	if err := a.Require(domain.BackOffice...); err != nil {
		return nil, err
	}
	return s.db.Read().FindRecalls(ctx)
}

// Recall shows a notice with every unit it covers where it is now; the
// patients on the list are logged as shown.
func (s *Service) Recall(ctx context.Context, a *Actor, id int64) (*RecallView, error) {
	if err := a.Require(domain.BackOffice...); err != nil {
		return nil, err
	}
	q := s.db.Read()
	r, err := q.FindRecall(ctx, id)
	if err != nil {
		return nil, err
	}
	units, err := q.FindRecallUnits(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &RecallView{Recall: r, Units: units}
	overdue := s.Today().After(domain.ParseDate(r.Deadline))
	for i := range v.Units {
		u := &v.Units[i]
		u.Location = domain.RecallLocation(u.Status, u.Personnummer, u.RecipientCustomer, u.LocalStore)
		u.Done = domain.RecallUnitDone(domain.RecallUnitState{Location: u.Location, Executed: r.Status == "executed" && u.Informed,
			Action: r.Action, WorkOrderStatus: u.WorkOrderStatus, PickupOrderStatus: u.PickupOrderStatus, Blocked: u.Blocked})
		v.Progress.Total++
		switch {
		case u.Done:
			v.Progress.Done++
		case overdue:
			v.Progress.Open++
			v.Progress.Overdue++
		default:
			v.Progress.Open++
		}
		PersonAccessFrom(ctx).Show(u.Personnummer)
	}
	return v, nil
}

// ExecuteRecall carries out a notice's action for every held unit, a few
// hundred units to a transaction, then messages each prescriber once with
// their patients' units and marks the notice executed. Units already given a
// document are skipped, so an interrupted execution is finished by running it
// again.
func (s *Service) ExecuteRecall(ctx context.Context, a *Actor, id int64) (*RecallView, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	read := s.db.Read()
	r, err := read.FindRecall(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status == "executed" {
		return nil, domain.Errorf(domain.EConflict, "Säkerhetsmeddelande %d är redan verkställt.", id)
	}
	units, err := read.FindRecallUnits(ctx, id)
	if err != nil {
		return nil, err
	}
	var todo []domain.RecallUnit
	for _, u := range units {
		if u.HoldingID != 0 && !u.Informed {
			todo = append(todo, u)
		}
	}
	departments, err := read.FindWorkOrderDepartments(ctx)
	if err != nil {
		return nil, err
	}
	for start := 0; start < len(todo); start += recallBatch {
		batch := todo[start:min(start+recallBatch, len(todo))]
		if err := s.db.Transact(ctx, func(q repo.Queries) error {
			return s.executeRecallBatch(ctx, q, a, r, batch, departments)
		}); err != nil {
			return nil, err
		}
	}
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		if ok, err := q.MarkRecallExecuted(ctx, id, a.Username, s.Now()); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.EConflict, "Säkerhetsmeddelande %d är redan verkställt.", id)
		}
		if err := s.notifyRecallPrescribers(ctx, q, r, units); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "recall.execute", Entity: "recall", EntityID: strconv.FormatInt(id, 10),
			Screen: "Säkerhetsmeddelande", After: map[string]any{"action": r.Action, "units": len(todo)}})
	})
	if err != nil {
		return nil, err
	}
	return s.Recall(ctx, a, id)
}

// executeRecallBatch makes the work orders or pickup orders of some held units.
func (s *Service) executeRecallBatch(ctx context.Context, q repo.Queries, a *Actor, r *domain.Recall, batch []domain.RecallUnit,
	departments []domain.WorkOrderDepartment) error {
	code, priority, work := domain.RecallWorkOrder(r.Action)
	var typeID int64
	if work {
		var err error
		if typeID, err = actionTypeID(ctx, q, code); err != nil {
			return err
		}
	}
	description := domain.Msgf("Säkerhetsmeddelande %d: %s. Åtgärd: %s senast %s.", r.ID, r.Title,
		domain.Term(domain.RecallActionText(r.Action)), r.Deadline)
	for _, u := range batch {
		var workOrder, pickup string
		var err error
		switch {
		case work && u.Personnummer != "":
			workOrder, err = s.createUnitWork(ctx, q, a, unitWork{Unit: u.Unit, Article: u.Article, Personnummer: u.Personnummer,
				Customer: u.Customer, Protected: u.PatientProtected, PrescriberID: u.PrescriberID, DepartmentID: u.DepartmentID,
				ActionTypeID: typeID, Priority: priority, Description: description, Screen: "Säkerhetsmeddelande"}, departments)
		case work || r.Action == domain.RecallPickup:
			// A care unit's unit, in its store or in use, is checked at the centre.
			pickup, err = s.recallPickup(ctx, q, a, u, description)
		}
		if err != nil {
			return err
		}
		if err := q.SetRecallUnitDone(ctx, r.ID, u.Unit, workOrder, pickup); err != nil {
			return err
		}
	}
	return nil
}

// recallPickup registers the pickup of a recalled unit from its holder.
func (s *Service) recallPickup(ctx context.Context, q repo.Queries, a *Actor, u domain.RecallUnit, why domain.Formatted) (string, error) {
	addr, cust, err := holderAddress(ctx, q, u.Customer, u.Personnummer, "")
	if err != nil {
		return "", err
	}
	prescriber := u.PrescriberID
	if prescriber == 0 {
		prescriber = a.ID
	}
	po := &domain.PickupOrder{Personnummer: u.Personnummer, RecipientCustomer: u.RecipientCustomer, Customer: u.Customer,
		PrescriberID: prescriber, ReasonCode: "other", Information: why.String(), AddressSource: addr.Source,
		PickupDate: pickupDateFor(cust, s.Today()), RegisteredAt: s.Now(), Address: addr.address()}
	if err := s.createPickup(ctx, q, po, []int64{u.HoldingID}); err != nil {
		return "", err
	}
	return po.Number, s.audit(ctx, q, a, Audit{Action: "pickup.register", Entity: "pickup", EntityID: po.Number,
		Personnummer: po.Personnummer, Protected: u.PatientProtected, Screen: "Säkerhetsmeddelande",
		After: map[string]any{"number": po.Number, "customer": po.Customer, "unit": u.Unit, "reason": "other"}})
}

// notifyRecallPrescribers sends each prescriber of a held unit one message
// that names their patients' (or care units') units.
func (s *Service) notifyRecallPrescribers(ctx context.Context, q repo.Queries, r *domain.Recall, units []domain.RecallUnit) error {
	lists := map[int64][]string{}
	var order []int64
	for _, u := range units {
		if u.HoldingID == 0 || u.PrescriberID == 0 {
			continue
		}
		holder := u.RecipientCustomer
		if u.Personnummer != "" {
			holder = domain.Personnummer(u.Personnummer).Formatted() + " " + u.PatientName
		}
		if _, seen := lists[u.PrescriberID]; !seen {
			order = append(order, u.PrescriberID)
		}
		lists[u.PrescriberID] = append(lists[u.PrescriberID], u.Unit+" "+u.ArticleName+" ("+holder+")")
	}
	for _, prescriber := range order {
		list := lists[prescriber]
		if err := s.Notify(ctx, q, prescriber, domain.Msgf("Säkerhetsmeddelande: %s", r.Title),
			domain.Msgf("Säkerhetsmeddelandet gäller %d hjälpmedel hos dina patienter eller vårdenheter. Åtgärd: %s senast %s. Hjälpmedelscentralen har lagt arbetsorder eller hämtorder där det behövs. Individer: %s.",
				len(list), domain.Term(domain.RecallActionText(r.Action)), r.Deadline, strings.Join(list, "; ")),
			"/meddelanden"); err != nil {
			return err
		}
	}
	return nil
}
