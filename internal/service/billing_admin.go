package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Billing (SPEC §7, admin only): a repeatable monthly run; a closed month is frozen.

// BillingRunResult is a month's shown run, per payer, and its latest job.
type BillingRunResult struct {
	Month  string
	Run    *domain.BillingRun // nil while the month's first run is going (or failed)
	Payers []PayerTotal
	Job    *domain.BillingJob // the latest run's job
}

// PayerTotal is one payer's total of a month.
type PayerTotal struct {
	Payer string
	Name  string
	Lines int
	Total domain.Ore
}

// RunBilling runs a month's billing and returns when the run has ended, with
// the month as it then shows (StartBilling need not wait). Running a month
// twice gives the same lines.
func (s *Service) RunBilling(ctx context.Context, a *Actor, month string) (*BillingRunResult, error) {
	_, ended, err := s.startBilling(ctx, a, month)
	if err != nil {
		return nil, err
	}
	select {
	case err := <-ended:
		if err != nil {
			return nil, err
		}
	case <-ctx.Done():
		return nil, ctx.Err() // the run goes on
	}
	return s.BillingMonth(ctx, a, month)
}

// BillingLines checks that a month has been run and returns the walk over its
// shown run's lines, every payer's in the invoice basis's order, which reads
// them as they come (a whole month is never in memory).
func (s *Service) BillingLines(ctx context.Context, a *Actor, month string) (func(fn func(domain.StoredBillingLine) error) error, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.db.Read()
	if _, err := q.FindBillingRun(ctx, month); domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	} else if err != nil {
		return nil, err
	}
	access := PersonAccessFrom(ctx)
	return func(fn func(domain.StoredBillingLine) error) error {
		return q.EachBillingLine(ctx, month, func(l domain.StoredBillingLine) error {
			if l.RecipientPerson {
				access.ShowPerson(l.Recipient, l.RecipientProtected)
			}
			return fn(l)
		})
	}, nil
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
	_, sale, err := pricesByArticle(ctx, q, articles)
	if err != nil {
		return nil, err
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

// BillingMonth shows a month's run with totals per payer, and its latest job
// (running, done or failed). A month never run is not found.
func (s *Service) BillingMonth(ctx context.Context, a *Actor, month string) (*BillingRunResult, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	if _, err := domain.ParseMonth(month); err != nil {
		return nil, err
	}
	q := s.db.Read()
	res := &BillingRunResult{Month: month}
	var err error
	if res.Run, err = q.FindBillingRun(ctx, month); err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return nil, err
	}
	if res.Job, err = q.LatestBillingJob(ctx, month); err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return nil, err
	}
	if res.Run == nil && res.Job == nil {
		return nil, domain.Errorf(domain.ENotFound, "Faktureringen för %s är inte körd.", month)
	}
	if j := res.Job; j != nil && j.Status == domain.BillingJobRunning && !s.jobRunning(j) {
		// Its process ended mid-run; the next run marks it so in the database.
		j.Status, j.Error = domain.BillingJobFailed, domain.BillingJobSilent
	}
	if res.Run == nil {
		return res, nil
	}
	sums, err := q.FindBillingSums(ctx, month)
	if err != nil {
		return nil, err
	}
	for _, sum := range sums {
		if n := len(res.Payers); n == 0 || res.Payers[n-1].Payer != sum.Payer {
			name, err := q.PayerName(ctx, sum.Payer)
			if err != nil && domain.ErrorCode(err) != domain.ENotFound {
				return nil, err
			}
			res.Payers = append(res.Payers, PayerTotal{Payer: sum.Payer, Name: name})
		}
		t := &res.Payers[len(res.Payers)-1]
		t.Lines += sum.Lines
		t.Total += sum.Amount
	}
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
	access := PersonAccessFrom(ctx)
	for _, l := range ib.Lines {
		ib.Total += l.Amount
		if l.RecipientPerson {
			access.ShowPerson(l.Recipient, l.RecipientProtected)
		}
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
		// After the UPDATE, which on PostgreSQL waits for a job being started
		// (CreateBillingJob locks the run row): that job is seen here.
		if job, err := q.LatestBillingJob(ctx, month); err == nil && s.jobRunning(job) {
			return domain.Errorf(domain.EConflict, "Faktureringen för %s körs. Stäng månaden när körningen är klar.", month)
		} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
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
