package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Answering transfers (Kvittera BMB): accept or reject, and unlocking a locked one.

// AcknowledgeInput is the receiver's answer (Kvittera BMB).
type AcknowledgeInput struct {
	Approve  bool
	Customer string // Kund/leveransadress among the receiver's customers
	Payer    string // Betalare; empty: the customer's default payer
	Message  string
}

// AcknowledgeTransfer accepts or rejects a transfer. Accepting ends each holding on the
// BMB-datum and starts a new one for the new recipient, customer, payer and prescriber
// with rent start = BMB-datum, the components attached to a moved unit moving along.
// Rejecting changes nothing but the transfer. Either way the sender gets a message.
// The transfer row is changed by a conditional update, so two answers at the same
// moment (two tabs, a double click) count once.
func (s *Service) AcknowledgeTransfer(ctx context.Context, a *Actor, id int64, in AcknowledgeInput) (*TransferView, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	in.Customer, in.Payer, in.Message = strings.TrimSpace(in.Customer), strings.TrimSpace(in.Payer), strings.TrimSpace(in.Message)
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		t, err := q.FindTransfer(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			return errTransferNotFound
		}
		if err != nil {
			return err
		}
		if err := a.MaySee(transferScope(t)); err != nil {
			return err
		}
		now := s.Now()
		if err := domain.CheckTransferAcknowledge(domain.TransferStatus(t.Status), t.SentAt, t.ToUserID, a.ID, now); err != nil {
			return err
		}
		if err := domain.CheckMaxLength("message", "Meddelande", in.Message, domain.MaxTransferMessage); err != nil {
			return err
		}
		v, err := s.viewTransfer(ctx, q, a, t, true)
		if err != nil {
			return err
		}
		status := string(domain.TransferRejected)
		var cust domain.TransferParty
		if in.Approve {
			status = string(domain.TransferAccepted)
			if cust, in.Payer, err = s.chooseCustomerAndPayer(ctx, q, a, in.Customer, in.Payer); err != nil {
				return err
			}
			in.Customer = cust.Customer
			// A BMB-datum frozen by a closing since it was sent: the answer is No
			// and a new BMB (the holdings' own writes are guarded too).
			if err := q.EnsureOpen(ctx, t.BMBDate, domain.Term("BMB-datum")); err != nil {
				return err
			}
		} else {
			in.Customer, in.Payer = "", ""
		}
		won, err := q.AnswerTransfer(ctx, id, status, now, now.Add(-domain.TransferAnswerPeriod), in.Message, in.Customer, in.Payer)
		if err != nil {
			return err
		}
		if !won {
			return domain.Errorf(domain.EConflict, "BMB är redan kvitterad.")
		}
		if err := q.CloseTransferItems(ctx, id); err != nil {
			return err
		}
		var moved []map[string]string
		if in.Approve {
			if moved, err = s.moveHoldings(ctx, q, a, t, v, cust, in.Payer); err != nil {
				return err
			}
		}
		var subject, body domain.Formatted
		if in.Approve {
			subject = domain.Msgf("BMB till %s är godkänd (gällande %s)", a.Username, v.From.Name)
			body = domain.Msgf("%s har godkänt övertagandet: %d hjälpmedel till %s, kund %s, betalare %s från %s.",
				a.Name, len(moved), v.To.Name, cust.Customer+" "+cust.Name, in.Payer, t.BMBDate.Format(time.DateOnly))
		} else {
			subject = domain.Msgf("BMB till %s är inte godkänd (gällande %s)", a.Username, v.From.Name)
			body = domain.Msgf("%s har inte godkänt övertagandet av betalningsansvar via BMB. Hjälpmedlen ligger kvar som förut.", a.Name)
		}
		if in.Message != "" {
			body = domain.Msgf("%s Meddelande: %s", body, in.Message)
		}
		if err := s.NotifyAbout(ctx, q, t.FromUserID, v.From.Personnummer, subject, body, fmt.Sprintf("/bmb/%d", id)); err != nil {
			return err
		}
		action := "transfer.reject"
		after := map[string]any{"status": status, "message": in.Message}
		if in.Approve {
			action = "transfer.accept"
			after["customer"], after["payer"], after["holdings"] = in.Customer, in.Payer, moved
		}
		return s.auditTransfer(ctx, q, a, action, id, v.From, v.To, map[string]any{"status": t.Status}, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Transfer(ctx, a, id)
}

// MyTransferCustomers lists the customers (and their payers) the actor may receive a transfer to.
func (s *Service) MyTransferCustomers(ctx context.Context, a *Actor) ([]domain.TransferParty, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	return s.db.Read().FindTransferCustomersOfUser(ctx, a.ID)
}

// chooseCustomerAndPayer checks the receiver's Kund/leveransadress and Betalare: the
// customer must be one the receiver is linked to, the payer one of those customers'.
func (s *Service) chooseCustomerAndPayer(ctx context.Context, q repo.Queries, a *Actor, customer, payer string) (domain.TransferParty, string, error) {
	mine, err := q.FindTransferCustomersOfUser(ctx, a.ID)
	if err != nil {
		return domain.TransferParty{}, "", err
	}
	if customer == "" {
		if len(mine) != 1 {
			return domain.TransferParty{}, "", domain.Invalid("customer", "Välj kund/leveransadress.")
		}
		customer = mine[0].Customer
	}
	var cust *domain.TransferParty
	for i := range mine {
		if mine[i].Customer == customer {
			cust = &mine[i]
		}
	}
	if cust == nil || !cust.Active {
		return domain.TransferParty{}, "", domain.Invalidf("customer", "Du är inte kopplad till kund %s. Välj en av dina kunder.", customer)
	}
	if payer == "" {
		payer = cust.DefaultPayer
	}
	for _, c := range mine {
		if c.DefaultPayer == payer {
			if _, err := q.FindTransferPayerName(ctx, payer); err != nil {
				if domain.ErrorCode(err) == domain.ENotFound {
					return domain.TransferParty{}, "", domain.Invalidf("payer", "Betalaren %s är inte aktiv.", payer)
				}
				return domain.TransferParty{}, "", err
			}
			return *cust, payer, nil
		}
	}
	return domain.TransferParty{}, "", domain.Invalidf("payer", "Betalaren %s hör inte till dina kunder. Välj en av dina betalare.", payer)
}

// moveHoldings ends each holding of an accepted transfer and starts its successor,
// moving along the components attached to each moved unit.
func (s *Service) moveHoldings(ctx context.Context, q repo.Queries, a *Actor, t domain.Transfer, v *TransferView, cust domain.TransferParty, payer string) ([]map[string]string, error) {
	all := append([]domain.TransferHolding(nil), v.Items...)
	seen := map[int64]bool{}
	for _, h := range all {
		seen[h.ID] = true
	}
	for _, h := range v.Items {
		if h.Unit == "" {
			continue
		}
		comps, err := q.FindAttachedTransferHoldings(ctx, h.Unit)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			if !seen[c.ID] {
				seen[c.ID] = true
				all = append(all, c)
			}
		}
	}
	now := s.Now()
	ref := strconv.FormatInt(t.ID, 10)
	var moved []map[string]string
	for _, h := range all {
		onPickup, err := q.HoldingOnOpenPickup(ctx, h.ID)
		if err != nil {
			return nil, err
		}
		if onPickup {
			return nil, domain.Errorf(domain.EConflict, "%s har beställts för hämtning efter att BMB skickades och kan inte tas över. Svara Nej.", holdingLabel(h))
		}
		if h.Unit != "" {
			if blocked, err := q.UnitBlocked(ctx, h.Unit); err != nil {
				return nil, err
			} else if blocked {
				return nil, domain.Errorf(domain.EConflict, "Individ %s har spärrats efter att BMB skickades och kan inte tas över. Svara Nej.", h.Unit)
			}
		}
		ok, err := q.EndHolding(ctx, h.ID, t.BMBDate, "transferred", domain.Term("BMB-datum"))
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, domain.Errorf(domain.EConflict, "%s är inte längre utlämnat (återlämnat eller överfört) och kan inte tas över. Svara Nej.", holdingLabel(h))
		}
		newID, err := q.CreateTransferredHolding(ctx, domain.TransferredHolding{From: h,
			RecipientPersonnummer: t.RecipientPersonnummer, RecipientCustomer: t.RecipientCustomer,
			Customer: cust.Customer, Payer: payer, PrescriberID: a.ID, RentStart: t.BMBDate})
		if err != nil {
			return nil, err
		}
		moved = append(moved, map[string]string{"holding": strconv.FormatInt(h.ID, 10), "newHolding": strconv.FormatInt(newID, 10),
			"unit": h.Unit, "article": h.Article, "fromPayer": h.Payer, "payer": payer})
		if h.Unit != "" {
			text := fmt.Sprintf("BMB från %s (%s) till %s (%s), kund %s, betalare %s från %s", partyID(v.From), v.From.Name,
				partyID(v.To), v.To.Name, cust.Customer, payer, t.BMBDate.Format(time.DateOnly))
			if err := q.AddTransferUnitEvent(ctx, h.Unit, now, "transferred", text, ref, a.Username); err != nil {
				return nil, err
			}
		}
	}
	return moved, nil
}

// UnlockTransfer cancels a locked transfer (customer service, "Lås upp"): its holdings
// are free to be sent again and the sender is told.
func (s *Service) UnlockTransfer(ctx context.Context, a *Actor, id int64) (*TransferView, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		t, err := q.FindTransfer(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			return errTransferNotFound
		}
		if err != nil {
			return err
		}
		now := s.Now()
		if err := domain.CheckTransferUnlock(domain.TransferStatus(t.Status), t.SentAt, now); err != nil {
			return err
		}
		won, err := q.UnlockTransfer(ctx, id, now, now.Add(-domain.TransferAnswerPeriod), a.Username)
		if err != nil {
			return err
		}
		if !won {
			return domain.Errorf(domain.EConflict, "BMB är redan upplåst eller kvitterad.")
		}
		if err := q.CloseTransferItems(ctx, id); err != nil {
			return err
		}
		v, err := s.viewTransfer(ctx, q, a, t, true)
		if err != nil {
			return err
		}
		subject := domain.Msgf("BMB till %s är upplåst av kundtjänst (gällande %s)", t.ToUsername, v.From.Name)
		body := domain.Msgf("BMB som du skickade %s låstes eftersom den inte kvitterades inom 7 dagar. Länsservice kundtjänst har låst upp den: hjälpmedlen ligger kvar som förut och kan skickas med en ny BMB.",
			v.SentDate())
		if err := s.NotifyAbout(ctx, q, t.FromUserID, v.From.Personnummer, subject, body, fmt.Sprintf("/bmb/%d", id)); err != nil {
			return err
		}
		return s.auditTransfer(ctx, q, a, "transfer.unlock", id, v.From, v.To, map[string]any{"status": "locked"}, map[string]any{"status": "unlocked"})
	})
	if err != nil {
		return nil, err
	}
	return s.Transfer(ctx, a, id)
}
