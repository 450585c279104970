package service

import (
	"context"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Reading transfers (BMB): one, the lists of Kvittera BMB, and the locked ones for customer service.

var errTransferNotFound = domain.Errorf(domain.ENotFound, "BMB finns inte.")

// ParseTransferID reads a transfer id from a path.
func ParseTransferID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errTransferNotFound
	}
	return id, nil
}

// Transfer shows one transfer to its sender, its receiver or customer service.
func (s *Service) Transfer(ctx context.Context, a *Actor, id int64) (*TransferView, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	q := s.db.Read()
	t, err := q.FindTransfer(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, errTransferNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := a.MaySee(transferScope(t)); err != nil {
		return nil, err
	}
	return s.viewTransfer(ctx, q, a, t, true)
}

// ViewTransfer is Transfer with the look-up of the patient written to the audit log
// (the page shows the patient's name and address).
func (s *Service) ViewTransfer(ctx context.Context, a *Actor, id int64, screen string) (*TransferView, error) {
	v, err := s.Transfer(ctx, a, id)
	if err != nil {
		return nil, err
	}
	persons := []domain.TransferParty{v.From}
	if v.To.Personnummer != v.From.Personnummer {
		persons = append(persons, v.To)
	}
	for _, p := range persons {
		if p.Personnummer == "" {
			continue
		}
		if err := s.Audit(ctx, a, Audit{Action: "person.view", Entity: "transfer", EntityID: strconv.FormatInt(id, 10),
			Personnummer: p.Personnummer, Screen: screen, Protected: p.Protected}); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// TransferLists are the lists of the Kvittera BMB page.
type TransferLists struct {
	Incoming   []*TransferView // Överta betalningsansvar via BMB: sent to me, not answered (open or locked)
	Unanswered []*TransferView // Ej besvarad BMB: sent by me, not answered
	Rejected   []*TransferView // Ej godkänt övertag av betalningsansvar via BMB: sent by me, rejected
}

// TransferLists loads the Kvittera BMB page of a prescriber.
func (s *Service) TransferLists(ctx context.Context, a *Actor) (*TransferLists, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	q := s.db.Read()
	out := &TransferLists{}
	for _, l := range []struct {
		f    domain.TransferFilter
		dest *[]*TransferView
	}{
		{domain.TransferFilter{ToUserID: a.ID, Status: "sent"}, &out.Incoming},
		{domain.TransferFilter{FromUserID: a.ID, Status: "sent"}, &out.Unanswered},
		{domain.TransferFilter{FromUserID: a.ID, Status: "rejected", Limit: 50}, &out.Rejected},
	} {
		ts, err := q.FindTransfers(ctx, l.f)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			v, err := s.viewTransfer(ctx, q, a, t, true)
			if err != nil {
				return nil, err
			}
			// The lists name the patients the holdings come from and go to.
			PersonAccessFrom(ctx).Show(v.From.Personnummer, v.To.Personnummer)
			*l.dest = append(*l.dest, v)
		}
	}
	return out, nil
}

// TransferQuery selects transfers for GET /api/v1/transfers.
type TransferQuery struct {
	Direction string // incoming (default) or outgoing; customer service may ask for all
	Status    string // sent, accepted, rejected, locked, unlocked; empty: all
}

// Transfers lists transfers to or from the actor; customer service and admin may list
// every transfer (direction "all"), e.g. the locked ones.
func (s *Service) Transfers(ctx context.Context, a *Actor, in TransferQuery) ([]*TransferView, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	f := domain.TransferFilter{Limit: 500}
	switch in.Direction {
	case "", "incoming":
		f.ToUserID = a.ID
	case "outgoing":
		f.FromUserID = a.ID
	case "all":
		if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
			return nil, err
		}
	default:
		return nil, domain.Invalid("direction", "direction ska vara incoming eller outgoing.")
	}
	if err := transferStatusFilter(&f, in.Status, s.Now()); err != nil {
		return nil, err
	}
	q := s.db.Read()
	ts, err := q.FindTransfers(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]*TransferView, 0, len(ts))
	seen := map[string]bool{}
	var viewed []domain.TransferParty
	for _, t := range ts {
		v, err := s.viewTransfer(ctx, q, a, t, true)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		for _, p := range []domain.TransferParty{v.From, v.To} {
			if p.Personnummer != "" && !seen[p.Personnummer] {
				seen[p.Personnummer] = true
				viewed = append(viewed, p)
			}
		}
	}
	// The list shows the patients' names and addresses: each is a look-up, logged once.
	if len(viewed) > 0 {
		err := s.db.Transact(ctx, func(q repo.Queries) error {
			for _, p := range viewed {
				if err := s.audit(ctx, q, a, Audit{Action: "person.view", Entity: "person", EntityID: p.Personnummer,
					Personnummer: p.Personnummer, Screen: "BMB", Protected: p.Protected}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// transferStatusFilter selects the transfers of a status as the API names it
// ("" for every status): locked is a sent transfer 7 days old or more (at now).
func transferStatusFilter(f *domain.TransferFilter, status string, now time.Time) error {
	lockedSince := now.Add(-domain.TransferAnswerPeriod)
	switch domain.TransferStatus(status) {
	case "":
	case domain.TransferSent:
		f.Status, f.SentAfter = "sent", lockedSince
	case domain.TransferLocked:
		f.Status, f.SentAtOrUpTo = "sent", lockedSince
	case domain.TransferAccepted, domain.TransferRejected, domain.TransferUnlocked:
		f.Status = status
	default:
		return domain.Invalid("status", "status ska vara sent, accepted, rejected, locked eller unlocked.")
	}
	return nil
}

// LockedTransfers lists the locked transfers for customer service, oldest first.
func (s *Service) LockedTransfers(ctx context.Context, a *Actor) ([]*TransferView, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	vs, err := s.Transfers(ctx, a, TransferQuery{Direction: "all", Status: string(domain.TransferLocked)})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(vs)-1; i < j; i, j = i+1, j-1 {
		vs[i], vs[j] = vs[j], vs[i]
	}
	return vs, nil
}
