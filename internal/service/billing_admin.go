package service

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Billing (SPEC §7, admin only): a repeatable monthly run; a closed month is frozen.

// BillingRunResult is what a run produced, per payer.
type BillingRunResult struct {
	Run    *domain.BillingRun
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
	err = s.db.Transact(ctx, func(q repo.Queries) error {
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
		byID := map[int64]domain.BillingHoldingRow{}
		var hs []domain.BillingHolding
		for _, h := range rows {
			byID[h.ID] = h
			bh := domain.BillingHolding{ID: h.ID, Payer: h.Payer, Purpose: h.Purpose, Quantity: h.Quantity,
				RentStart: h.RentStart, EndDate: h.EndDate, DeliveryDate: h.DeliveryDate, Transferred: h.Transferred,
				Component: h.Attached != "", BoughtBack: h.BoughtBack, RentPrices: rent[h.Article], SalePrices: sale[h.Article]}
			if h.Unit != "" {
				bh.UnitDepreciated = domain.DepreciationDate(h.UnitPurchase, h.UnitDeprMonths)
			}
			if h.Attached != "" {
				bh.AttachedDepreciated = domain.DepreciationDate(h.AttachedPurchase, h.AttachedDeprMonths)
			}
			hs = append(hs, bh)
		}
		var stored []domain.StoredBillingLine
		for _, l := range domain.BillMonth(first, hs) {
			h := byID[l.HoldingID]
			stored = append(stored, domain.StoredBillingLine{Payer: l.Payer, HoldingID: l.HoldingID, Kind: l.Kind,
				Recipient: h.Recipient, RecipientName: h.RecipientName, Article: h.Article, ArticleName: h.ArticleName,
				Unit: h.Unit, From: l.From, To: l.To, Days: l.Days, DaysInMonth: l.DaysInMonth,
				Price: l.Price, Quantity: l.Quantity, PriceFrom: l.ValidFrom, Amount: l.Amount})
		}
		parts, err := s.billSpareParts(ctx, q, first)
		if err != nil {
			return err
		}
		stored = append(stored, parts...)
		corrections, err := q.FindBillingCorrections(ctx, month)
		if err != nil {
			return err
		}
		for _, c := range corrections {
			stored = append(stored, domain.CorrectionLine(c))
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

// billSpareParts returns the lines of the spare parts of the work orders closed in
// the month starting at first: only chargeable action types, at the sales price
// on the closing date, to the payer of the unit's holding that day (the work
// order's customer's payer when no holding had it).
func (s *Service) billSpareParts(ctx context.Context, q repo.Queries, first time.Time) ([]domain.StoredBillingLine, error) {
	// closed_at is a UTC timestamp, the month a Swedish civil one: a day of margin
	// each side, then the closing date decides.
	rows, err := q.FindBillingSpareParts(ctx, first.AddDate(0, 0, -1), first.AddDate(0, 1, 1))
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	var articles []string
	for _, r := range rows {
		articles = append(articles, r.Article)
	}
	prices, err := q.FindAllPrices(ctx, articles)
	if err != nil {
		return nil, err
	}
	sale := map[string][]domain.PricePoint{}
	for _, p := range prices {
		if p.Kind == "sale" {
			sale[p.Article] = append(sale[p.Article], domain.PricePoint{ValidFrom: p.ValidFrom, Amount: domain.Ore(p.Amount)})
		}
	}
	var out []domain.StoredBillingLine
	for _, r := range rows {
		closedOn := domain.DateOf(r.ClosedAt)
		payer := r.CustomerPayer
		if r.Unit != "" {
			if p, err := q.UnitPayerOn(ctx, r.Unit, closedOn); err != nil {
				return nil, err
			} else if p != "" {
				payer = p
			}
		}
		for _, l := range domain.BillSpareParts(first, []domain.SparePart{{WorkOrder: r.WorkOrder, Payer: payer,
			Chargeable: r.Chargeable, ClosedOn: closedOn, Quantity: r.Quantity, SalePrices: sale[r.Article]}}) {
			out = append(out, domain.StoredBillingLine{Payer: l.Payer, Kind: l.Kind, Recipient: r.Recipient, RecipientName: r.RecipientName,
				Article: r.Article, ArticleName: r.ArticleName, Unit: r.Unit, From: l.From, To: l.To, DaysInMonth: l.DaysInMonth,
				Price: l.Price, Quantity: l.Quantity, PriceFrom: l.ValidFrom, Amount: l.Amount, WorkOrder: l.WorkOrder})
		}
	}
	return out, nil
}

// BillingMonth shows a month's run with totals per payer.
func (s *Service) BillingMonth(ctx context.Context, a *Actor, month string) (*BillingRunResult, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.db.Read()
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
		if name, err := q.PayerName(ctx, t.Payer); err == nil {
			t.Name = name
		}
		res.Payers = append(res.Payers, *t)
	}
	sort.Slice(res.Payers, func(i, j int) bool { return res.Payers[i].Payer < res.Payers[j].Payer })
	return res, nil
}

// BillingCorrections lists the corrections billed in a month, also before its run.
func (s *Service) BillingCorrections(ctx context.Context, a *Actor, month string) ([]domain.BillingCorrection, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	return s.db.Read().FindBillingCorrections(ctx, month)
}

// BillingRuns lists the runs made.
func (s *Service) BillingRuns(ctx context.Context, a *Actor) ([]domain.BillingRun, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindBillingRuns(ctx)
}

// InvoiceBasis is one payer's lines of a month.
type InvoiceBasis struct {
	Month     string
	Status    string
	Payer     string
	PayerName string
	Total     domain.Ore
	Lines     []domain.StoredBillingLine
}

// PayerInvoiceBasis returns a payer's invoice basis of a month.
func (s *Service) PayerInvoiceBasis(ctx context.Context, a *Actor, month, payer string) (*InvoiceBasis, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.db.Read()
	run, err := q.FindBillingRun(ctx, month)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	}
	if err != nil {
		return nil, err
	}
	ib := &InvoiceBasis{Month: month, Status: run.Status, Payer: payer}
	if ib.PayerName, err = q.PayerName(ctx, payer); err != nil {
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
	return s.db.Transact(ctx, func(q repo.Queries) error {
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

// BillingCorrectionInput is a correction (rättelse) of a billing line: an amount in
// kronor (negative to credit) and why.
type BillingCorrectionInput struct {
	Amount string
	Reason string
}

// MaxCorrectionReason is the longest reason of a correction, in characters.
const MaxCorrectionReason = 250

// BillingLine returns one line of a run (for the correction form).
func (s *Service) BillingLine(ctx context.Context, a *Actor, id int64) (*domain.StoredBillingLine, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	l, err := s.db.Read().FindBillingLine(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Fakturaraden finns inte.")
	}
	return l, err
}

// CorrectBillingLine registers a correction of a line of a closed month (SPEC §7
// rättelse): the closed line never changes; the correction is a line of the
// month after the latest closed one, referring to the corrected month and line,
// with the reason. When that month has been run already, the line is added to
// it at once; every later run of it keeps it.
func (s *Service) CorrectBillingLine(ctx context.Context, a *Actor, lineID int64, in BillingCorrectionInput) (*domain.BillingCorrection, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	fe := fieldErrors{}
	var amount domain.Ore
	if strings.TrimSpace(in.Amount) == "" {
		fe.add("amount", "Ange belopp.")
	} else if o, err := domain.ParseOre(in.Amount); err != nil {
		fe.add("amount", domain.ErrorMessage(err))
	} else if o == 0 {
		fe.add("amount", "Beloppet kan inte vara noll.")
	} else {
		amount = o
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		fe.add("reason", "Ange orsak till rättelsen.")
	} else if err := fe.addErr(domain.CheckMaxLength("reason", "Orsak", reason, MaxCorrectionReason)); err != nil {
		return nil, err
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	c := &domain.BillingCorrection{Amount: amount, Reason: reason, CreatedAt: s.Now(), CreatedBy: a.Username}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		line, err := q.FindBillingLine(ctx, lineID)
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Fakturaraden finns inte.")
		} else if err != nil {
			return err
		}
		c.Line = *line
		latest, err := q.LatestClosedMonth(ctx)
		if err != nil {
			return err
		}
		lineMonth, _ := domain.ParseMonth(line.Month)
		if latest.IsZero() || lineMonth.After(latest) {
			return domain.Errorf(domain.EConflict, "Fakturaraden hör till %s, som inte är stängd: kör om faktureringen i stället för att rätta.", line.Month)
		}
		c.Month = latest.AddDate(0, 1, 0).Format("2006-01")
		if err := q.CreateBillingCorrection(ctx, c); err != nil {
			return err
		}
		if run, err := q.FindBillingRun(ctx, c.Month); err == nil && run.Status == "open" {
			if err := q.InsertBillingLine(ctx, c.Month, domain.CorrectionLine(*c)); err != nil {
				return err
			}
		} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "billing.correct", Entity: "billing_line", EntityID: strconv.FormatInt(lineID, 10),
			After: map[string]any{"month": c.Month, "corrects": line.Month, "amount": amount.APIString(), "reason": reason}})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
