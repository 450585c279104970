package service

import (
	"context"
	"sort"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// Billing (SPEC §7, admin only): a repeatable monthly run; a closed month is frozen.

// BillingRunResult is what a run produced, per payer.
type BillingRunResult struct {
	Run    *store.BillingRun
	Payers []PayerTotal
}

// PayerTotal is one payer's total of a month.
type PayerTotal struct {
	Payer string
	Name  string
	Lines int
	Total domain.Ore
}

// RunBilling computes a month's invoice basis and replaces the month's lines; running
// it twice gives the same lines. Only an ended month can be run, and not one that a
// closing has frozen (the month itself or a later one closed).
func (s *Service) RunBilling(ctx context.Context, a *Actor, month string) (*BillingRunResult, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	first, err := domain.ParseMonth(month)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckMonthEnded(first, s.Today()); err != nil {
		return nil, err
	}
	next := first.AddDate(0, 1, 0)
	err = s.DB.Transact(ctx, func(q *store.Q) error {
		if err := q.EnsureOpen(ctx, first, domain.Term("Faktureringsmånaden")); err != nil {
			return err
		}
		rows, err := q.FindBillingHoldings(ctx, first, next)
		if err != nil {
			return err
		}
		articles := map[string]bool{}
		var list []string
		for _, h := range rows {
			if !articles[h.Article] {
				articles[h.Article] = true
				list = append(list, h.Article)
			}
		}
		prices, err := q.FindAllPrices(ctx, list)
		if err != nil {
			return err
		}
		rent, sale := map[string][]domain.PricePoint{}, map[string][]domain.PricePoint{}
		for _, p := range prices {
			pp := domain.PricePoint{ValidFrom: p.ValidFrom, Amount: domain.Ore(p.Amount)}
			if p.Kind == "rent" {
				rent[p.Article] = append(rent[p.Article], pp)
			} else {
				sale[p.Article] = append(sale[p.Article], pp)
			}
		}
		byID := map[int64]store.BillingHoldingRow{}
		var hs []domain.BillingHolding
		for _, h := range rows {
			byID[h.ID] = h
			bh := domain.BillingHolding{ID: h.ID, Payer: h.Payer, Purpose: h.Purpose, Quantity: h.Quantity,
				RentStart: h.RentStart, EndDate: h.EndDate, DeliveryDate: h.DeliveryDate, Transferred: h.Transferred,
				RentPrices: rent[h.Article], SalePrices: sale[h.Article]}
			if h.Unit != "" {
				bh.UnitDepreciated = domain.DepreciationDate(h.UnitPurchase, h.UnitDeprMonths)
			}
			if h.Attached != "" {
				bh.AttachedDepreciated = domain.DepreciationDate(h.AttachedPurchase, h.AttachedDeprMonths)
			}
			hs = append(hs, bh)
		}
		var stored []store.StoredBillingLine
		for _, l := range domain.BillMonth(first, hs) {
			h := byID[l.HoldingID]
			stored = append(stored, store.StoredBillingLine{Payer: l.Payer, HoldingID: l.HoldingID, Kind: l.Kind,
				Recipient: h.Recipient, RecipientName: h.RecipientName, Article: h.Article, ArticleName: h.ArticleName,
				Unit: h.Unit, From: l.From, To: l.To, Days: l.Days, DaysInMonth: l.DaysInMonth,
				Price: l.Price * domain.Ore(l.Quantity), Amount: l.Amount})
		}
		if err := q.ReplaceBillingLines(ctx, month, a.Username, s.Now(), stored); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "billing.run", Entity: "billing_run", EntityID: month,
			After: map[string]any{"lines": len(stored)}})
	})
	if err != nil {
		return nil, err
	}
	return s.BillingMonth(ctx, a, month)
}

// BillingMonth shows a month's run with totals per payer.
func (s *Service) BillingMonth(ctx context.Context, a *Actor, month string) (*BillingRunResult, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.DB.Read()
	run, err := q.FindBillingRun(ctx, month)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	}
	if err != nil {
		return nil, err
	}
	lines, err := q.FindBillingLines(ctx, month, "")
	if err != nil {
		return nil, err
	}
	totals := map[string]*PayerTotal{}
	for _, l := range lines {
		t := totals[l.Payer]
		if t == nil {
			t = &PayerTotal{Payer: l.Payer}
			totals[l.Payer] = t
		}
		t.Lines++
		t.Total += l.Amount
	}
	res := &BillingRunResult{Run: run}
	for _, t := range totals {
		var name string
		if err := q.Get(ctx, "SELECT name FROM payers WHERE number = ?", []any{t.Payer}, &name); err == nil {
			t.Name = name
		}
		res.Payers = append(res.Payers, *t)
	}
	sort.Slice(res.Payers, func(i, j int) bool { return res.Payers[i].Payer < res.Payers[j].Payer })
	return res, nil
}

// BillingRuns lists the runs made.
func (s *Service) BillingRuns(ctx context.Context, a *Actor) ([]store.BillingRun, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.DB.Read().FindBillingRuns(ctx)
}

// InvoiceBasis is one payer's lines of a month.
type InvoiceBasis struct {
	Month     string
	Status    string
	Payer     string
	PayerName string
	Total     domain.Ore
	Lines     []store.StoredBillingLine
}

// PayerInvoiceBasis returns a payer's invoice basis of a month.
func (s *Service) PayerInvoiceBasis(ctx context.Context, a *Actor, month, payer string) (*InvoiceBasis, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.DB.Read()
	run, err := q.FindBillingRun(ctx, month)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	}
	if err != nil {
		return nil, err
	}
	ib := &InvoiceBasis{Month: month, Status: run.Status, Payer: payer}
	if err := q.Get(ctx, "SELECT name FROM payers WHERE number = ?", []any{payer}, &ib.PayerName); err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "Betalaren finns inte.")
		}
		return nil, err
	}
	if ib.Lines, err = q.FindBillingLines(ctx, month, payer); err != nil {
		return nil, err
	}
	for _, l := range ib.Lines {
		ib.Total += l.Amount
	}
	return ib, nil
}

// CloseBillingMonth freezes a month that has been run.
func (s *Service) CloseBillingMonth(ctx context.Context, a *Actor, month string) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	first, err := domain.ParseMonth(month)
	if err != nil {
		return err
	}
	if err := domain.CheckMonthEnded(first, s.Today()); err != nil {
		return err
	}
	return s.DB.Transact(ctx, func(q *store.Q) error {
		if _, err := q.FindBillingRun(ctx, month); domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.EConflict, "Kör faktureringen för %s innan månaden stängs.", month)
		} else if err != nil {
			return err
		}
		if err := q.CloseBillingMonth(ctx, month, a.Username, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "billing.close", Entity: "billing_run", EntityID: month})
	})
}
