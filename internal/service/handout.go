package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Hand-out from the care unit's own store (utlämning ur närförråd, SPEC §10.7):
// a prescriber gives a patient a unit, or a quantity of an article, that their
// care unit holds. The care unit's holding ends on the hand-out date and the
// patient's starts that day (rent start) under the care unit as customer and
// the chosen payer; no order, no dispatch date. A unit's attached components
// go with it.

// HandOutInput is a hand-out: Unit, or Article with Quantity.
type HandOutInput struct {
	Customer, Unit, Article string
	Quantity                int
	Personnummer, Payer     string
}

// HandOutResult is what the patient now holds of the hand-out.
type HandOutResult struct {
	Personnummer string
	Customer     string
	Payer        string
	Date         string
	Holdings     []int64 // the patient's new holdings
}

// HandOut moves a unit or a quantity from the care unit's store to a patient.
func (s *Service) HandOut(ctx context.Context, a *Actor, in HandOutInput) (*HandOutResult, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	in.Customer, in.Unit, in.Article = strings.TrimSpace(in.Customer), strings.TrimSpace(in.Unit), strings.TrimSpace(in.Article)
	if in.Unit == "" && in.Article == "" {
		return nil, domain.Invalid("unit", "Ange individ eller artikel att lämna ut.")
	}
	pnr, err := domain.ParsePersonnummer(in.Personnummer)
	if err != nil {
		return nil, err
	}
	if err := a.MayPrescribeFor("customer", in.Customer); err != nil {
		return nil, err
	}
	today := s.Today()
	out := &HandOutResult{Personnummer: string(pnr), Customer: in.Customer, Date: today.Format("2006-01-02")}
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		out.Holdings = nil // the function may run again (Transact)
		person, err := q.FindPersonByNumber(ctx, string(pnr))
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalid("personnummer", "Personnumret finns inte i folkbokföringsregistret.")
		} else if err != nil {
			return err
		}
		c, err := q.FindCustomerByNumber(ctx, in.Customer)
		if err != nil {
			return err
		}
		out.Payer = strings.TrimSpace(in.Payer)
		if out.Payer == "" {
			out.Payer = c.DefaultPayer
		}
		if err := s.mayBill(ctx, q, a, "payer", c.DefaultPayer, out.Payer); err != nil {
			return err
		}
		takes, err := s.handOutTakes(ctx, q, in)
		if err != nil {
			return err
		}
		for _, t := range takes {
			id, err := s.handOutTake(ctx, q, a, t, out)
			if err != nil {
				return err
			}
			out.Holdings = append(out.Holdings, id)
		}
		return s.audit(ctx, q, a, Audit{Action: "holding.handout", Entity: "customer", EntityID: in.Customer,
			Personnummer: string(pnr), Protected: person.Protected, Screen: "Hjälpmedel",
			After: map[string]any{"unit": in.Unit, "article": in.Article, "quantity": in.Quantity, "payer": out.Payer, "holdings": out.Holdings}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// handOutTakes finds what the hand-out takes from the care unit's store: the
// unit with its components, or the article's quantity, oldest first; each
// must be free (not blocked, in a BMB or on a pickup order).
func (s *Service) handOutTakes(ctx context.Context, q repo.Queries, in HandOutInput) ([]domain.HandOutTake, error) {
	var takes []domain.HandOutTake
	if in.Unit != "" {
		h, err := q.FindTransferHoldingByUnit(ctx, in.Unit)
		if (err == nil && h.RecipientCustomer != in.Customer) || domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Invalidf("unit", "Individ %s finns inte i förrådet hos kund %s.", in.Unit, in.Customer)
		} else if err != nil {
			return nil, err
		}
		if blocked, err := q.UnitBlocked(ctx, in.Unit); err != nil {
			return nil, err
		} else if blocked {
			return nil, domain.UnitBlockedError(in.Unit)
		}
		comps, err := q.FindAttachedTransferHoldings(ctx, in.Unit)
		if err != nil {
			return nil, err
		}
		for _, h := range append([]domain.TransferHolding{h}, comps...) {
			takes = append(takes, domain.HandOutTake{Holding: h, Take: h.Quantity})
		}
	} else {
		all, err := q.FindTransferableHoldings(ctx, "", in.Customer)
		if err != nil {
			return nil, err
		}
		var held []domain.TransferHolding
		for _, h := range all {
			if h.Article == in.Article && h.Unit == "" && h.AttachedUnit == "" {
				held = append(held, h)
			}
		}
		if takes, err = domain.PlanHandOut(held, in.Article, in.Quantity); err != nil {
			return nil, err
		}
	}
	for _, t := range takes {
		if err := handOutFree(ctx, q, t.Holding); err != nil {
			return nil, err
		}
	}
	return takes, nil
}

// handOutFree refuses a holding in an open BMB or on a pickup order.
func handOutFree(ctx context.Context, q repo.Queries, h domain.TransferHolding) error {
	if open, err := q.OpenTransferOfHolding(ctx, h.ID); err != nil {
		return err
	} else if open != 0 {
		return domain.Errorf(domain.EConflict, "%s finns i en BMB som inte är kvitterad och kan inte lämnas ut.", holdingLabel(h))
	}
	if onPickup, err := q.HoldingOnOpenPickup(ctx, h.ID); err != nil {
		return err
	} else if onPickup {
		return domain.Errorf(domain.EConflict, "%s finns på en hämtorder och kan inte lämnas ut.", holdingLabel(h))
	}
	return nil
}

// handOutTake ends the care unit's holding, starts the patient's and, when
// only part of a quantity is taken, the care unit's rest, all from today.
func (s *Service) handOutTake(ctx context.Context, q repo.Queries, a *Actor, t domain.HandOutTake, out *HandOutResult) (int64, error) {
	today, what := s.Today(), domain.Term("Utlämningsdatum")
	if ok, err := q.EndHolding(ctx, t.Holding.ID, today, "handed_out", what); err != nil {
		return 0, err
	} else if !ok {
		return 0, domain.Errorf(domain.EConflict, "%s är inte längre i förrådet.", holdingLabel(t.Holding))
	}
	given := t.Holding
	given.Quantity = t.Take
	id, err := q.CreateTransferredHolding(ctx, domain.TransferredHolding{From: given, RecipientPersonnummer: out.Personnummer,
		Customer: out.Customer, Payer: out.Payer, PrescriberID: a.ID, RentStart: today})
	if err != nil {
		return 0, err
	}
	if left := t.Left(); left > 0 {
		rest := t.Holding
		rest.Quantity = left
		if _, err := q.CreateTransferredHolding(ctx, domain.TransferredHolding{From: rest, RecipientCustomer: t.Holding.RecipientCustomer,
			Customer: t.Holding.Customer, Payer: t.Holding.Payer, PrescriberID: t.Holding.PrescriberID, RentStart: today}); err != nil {
			return 0, err
		}
	}
	if t.Holding.Unit != "" {
		text := domain.Msgf("Utlämnad ur förrådet hos kund %s till patient, betalare %s", out.Customer, out.Payer).String()
		if err := q.AddTransferUnitEvent(ctx, t.Holding.Unit, s.Now(), "handed_out", text, strconv.FormatInt(id, 10), a.Username); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// HandOutHolding is what the hand-out form shows: one of the care unit's
// holdings and the care unit's default payer.
func (s *Service) HandOutHolding(ctx context.Context, a *Actor, customer string, holdingID int64) (*domain.TransferHolding, string, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, "", err
	}
	if err := a.MayPrescribeFor("customer", customer); err != nil {
		return nil, "", err
	}
	q := s.db.Read()
	h, err := q.FindTransferHolding(ctx, holdingID)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && (h.RecipientCustomer != customer || !h.EndDate.IsZero())) {
		return nil, "", domain.Errorf(domain.ENotFound, "Hjälpmedlet finns inte i förrådet hos kund %s.", customer)
	} else if err != nil {
		return nil, "", err
	}
	c, err := q.FindCustomerByNumber(ctx, customer)
	if err != nil {
		return nil, "", err
	}
	return &h, c.DefaultPayer, nil
}
