package service

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// A billing run is a job (issue 17.2): it computes from a read snapshot and
// writes its lines in short transactions under its job's id, so orders and
// look-ups interleave with it instead of waiting for SQLite's one writer. The
// month keeps showing its previous finished run until the job's last
// transaction makes the new lines the shown ones; a failed job leaves the
// previous run as it was. The lines of runs no longer shown are then deleted in
// batches.

const (
	// defaultBillingBatch is how many holdings a job bills per write
	// transaction, oneWriterBillingBatch where the writes run one at a time
	// (SQLite) and every request's action arriving meanwhile waits for it:
	// 2,000 holdings (about 900 lines) held the writer 80–110 ms under the
	// mixed bench's load, 200 hold it 8–10 ms. Alone, a run over 2,000,037
	// holdings took as long on SQLite (47.3 against 46.8 s); on PostgreSQL,
	// where requests do not wait for it, 55.1 against 46.3 s.
	defaultBillingBatch   = 2000
	oneWriterBillingBatch = 200
	// billingDeleteBatch is how many old lines one transaction deletes.
	billingDeleteBatch = 5000
	// billingJobSilence is how long a running job may be silent (it writes
	// after every batch) before it counts as dead: its process ended.
	billingJobSilence = 10 * time.Minute
	// billingInMemory is how many computed batches wait for the writer in
	// memory; on SQLite the rest wait in a temporary file (batchQueue), on
	// PostgreSQL the reader waits for room. SQLite's snapshot
	// is let go once the last batch is computed, not written: while it is
	// held, SQLite cannot checkpoint its log (PostgreSQL's once the holdings
	// are kept: KeepBillingHoldings). On the mixed bench (40,000 holdings, 21
	// batches) that halved the time it is held under load (2.3 s against
	// 4.8–5.7 s on PostgreSQL, before the holdings were kept); as many batches
	// of SQLite's size are about 1–1.5 MB.
	billingInMemory = 32
	// billingGathered is how many holdings' lines the reader gathers by payer
	// at most (payerBatches). On the 1M-person set (503 payers, batches of
	// 200) the limit is seldom reached; serve's anonymous peak on the mixed
	// bench rose from 208–221 to 247–260 MB with the gathering.
	billingGathered = 100_000
)

// StartBilling starts a month's billing run as a job and waits for it up to
// wait: it returns the job as it is then (running, or done), or why it failed.
// Only an ended month can be run, and not one that a closing has frozen (the
// month itself or a later one closed), nor one whose run is going.
func (s *Service) StartBilling(ctx context.Context, a *Actor, month string, wait time.Duration) (*domain.BillingJob, error) {
	job, ended, err := s.startBilling(ctx, a, month)
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-ended:
		if err != nil {
			return nil, err
		}
		return job, nil // the job's goroutine is done with it
	case <-t.C:
		return &domain.BillingJob{ID: job.ID, Month: month, Status: domain.BillingJobRunning}, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// startBilling starts the job and returns it with a channel that gets its
// outcome when it has ended; until then the job's goroutine owns the job.
func (s *Service) startBilling(ctx context.Context, a *Actor, month string) (*domain.BillingJob, <-chan error, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, nil, err
	}
	first, err := domain.ParseMonth(month)
	if err != nil {
		return nil, nil, err
	}
	if err := domain.CheckMonthEnded(first, s.Today()); err != nil {
		return nil, nil, err
	}
	var job *domain.BillingJob
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.EnsureOpen(ctx, first, domain.Term("Faktureringsmånaden")); err != nil {
			return err
		}
		now := s.Now()
		job, err = q.CreateBillingJob(ctx, month, a.Username, now, now.Add(-billingJobSilence))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	ended := make(chan error, 1)
	go func() { ended <- s.runBillingJob(context.WithoutCancel(ctx), a, job, first) }()
	return job, ended, nil
}

// runBillingJob bills the month, then deletes the lines no longer shown and
// ends the job: done, or failed with the reason (the month keeps the run it
// showed).
func (s *Service) runBillingJob(ctx context.Context, a *Actor, job *domain.BillingJob, first time.Time) error {
	err := s.billMonth(ctx, a, job, first)
	if err != nil {
		s.Log.Error("billing job failed", "month", job.Month, "job", job.ID, "err", err)
		job.Status, job.Error = domain.BillingJobFailed, domain.ErrorMessage(err)
		if uerr := s.endBillingJob(ctx, job); uerr != nil {
			s.Log.Error("billing job: mark failed", "job", job.ID, "err", uerr)
		}
	}
	if derr := s.deleteUnshownLines(ctx, job.Month); derr != nil {
		s.Log.Error("billing job: delete old lines", "month", job.Month, "err", derr)
	}
	if err == nil {
		job.Status = domain.BillingJobDone
		if uerr := s.endBillingJob(ctx, job); uerr != nil {
			s.Log.Error("billing job: mark done", "job", job.ID, "err", uerr)
		}
	}
	return err
}

// jobRunning reports whether a job runs: not ended, and not silent so long that
// its process must have ended.
func (s *Service) jobRunning(j *domain.BillingJob) bool {
	return j.Status == domain.BillingJobRunning && j.UpdatedAt.After(s.Now().Add(-billingJobSilence))
}

func (s *Service) endBillingJob(ctx context.Context, job *domain.BillingJob) error {
	job.EndedAt, job.UpdatedAt = s.Now(), s.Now()
	return s.db.Transact(ctx, func(q repo.Queries) error { return q.UpdateBillingJob(ctx, job) })
}

// billingChunk is what the snapshot reader hands the writer: the lines of a
// batch of holdings and the progress after it (exported for encoding/gob,
// which writes a chunk that waits in the queue's file).
type billingChunk struct {
	Lines            []domain.StoredBillingLine
	Processed, Total int
}

// billMonth computes the month from one moment's inputs (SnapshotThen: the
// holdings are kept as it sees them, then read) and writes it: a batch of
// holdings' lines per transaction while the next batches are computed, then the
// spare parts and the corrections with the switch to the new run in one last
// transaction. The holdings come each payer's by id (SQLite reads them all by
// id) and their lines are written a payer's batch at a time (payerBatches), so a batch adds to few places of the lines'
// index (on SQLite the write-ahead log, which cannot be checkpointed while the
// snapshot is read, grows by little more than the lines), and each payer's
// lines are written in its holdings' id order, so lines that tie in the
// invoice basis's order keep the order one computation of the month gives them.
func (s *Service) billMonth(ctx context.Context, a *Actor, job *domain.BillingJob, first time.Time) error {
	ctx, cancel := context.WithCancel(repo.Background(ctx))
	defer cancel()
	next := first.AddDate(0, 1, 0)
	batch := s.BillingBatch
	switch {
	case batch > 0:
	case s.db.OneWriter():
		batch = oneWriterBillingBatch
	default:
		batch = defaultBillingBatch
	}
	// SQLite's reader reads the month in a snapshot, so it computes the month
	// at once and lets the snapshot go. PostgreSQL's reads a copy of it and
	// holds no snapshot, so it waits for the writes: computed at once, the
	// month took serve's CPU for 20–25 s of the mixed bench's jobs phase.
	chunks := newBatchQueue[billingChunk](cmp.Or(s.BillingInMemory, billingInMemory), s.db.OneWriter())
	defer chunks.release()
	var parts []domain.StoredBillingLine
	var total int
	read := make(chan error, 1)
	go func() {
		var rent, sale map[string][]domain.PricePoint
		var articles map[string]domain.BillingArticle
		err := s.db.SnapshotThen(ctx, func(q repo.Queries) error {
			var err error
			if rent, sale, err = pricesByArticle(ctx, q, nil); err != nil {
				return err
			}
			if articles, err = q.FindBillingArticles(ctx, nil); err != nil {
				return err
			}
			if parts, err = s.billSpareParts(ctx, q, first); err != nil {
				return err
			}
			total, err = q.KeepBillingHoldings(ctx, first, next)
			return err
		}, func(q repo.Queries) error {
			gathered := newPayerBatches(batch, billingGathered)
			// PostgreSQL reads the kept holdings by payer: a payer's batch is
			// ready once the next payer's holdings begin, rather than gathered
			// with every other payer's last (40 MB of serve's heap).
			byPayer, lastPayer := !s.db.OneWriter(), ""
			holdingsRead := 0
			send := func(lines []domain.StoredBillingLine) error { // the holdings not gathered are done
				return chunks.put(ctx, billingChunk{Lines: lines, Processed: holdingsRead - gathered.gathered, Total: total})
			}
			err := q.EachKeptBillingHolding(ctx, func(h domain.BillingHoldingRow) error {
				if byPayer && h.Payer != lastPayer {
					if done, ok := gathered.leave(lastPayer); ok {
						if err := send(done); err != nil {
							return err
						}
					}
					lastPayer = h.Payer
				}
				holdingsRead++
				withArticle(&h, articles)
				if full, ok := gathered.add(billHolding(first, &h, rent, sale), h.Payer); ok {
					return send(full)
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, payer := range gathered.payersLeft() {
				if err := send(gathered.take(payer)); err != nil {
					return err
				}
			}
			return nil
		})
		chunks.close()
		read <- err
	}()
	lines := 0
	totals := map[string]domain.Ore{} // of the lines written, per payer
	for {
		c, ok, err := chunks.take(ctx)
		if err == nil && !ok {
			break // every batch written, or the reader failed (read says which)
		}
		if err == nil {
			err = s.db.Transact(ctx, func(q repo.Queries) error {
				if err := q.InsertBillingLines(ctx, job.ID, job.Month, c.Lines); err != nil {
					return err
				}
				job.Processed, job.Total, job.UpdatedAt = c.Processed, c.Total, s.Now()
				return q.UpdateBillingJob(ctx, job)
			})
			if err == nil && s.OnBillingBatch != nil {
				err = s.OnBillingBatch(*job)
			}
		}
		if err != nil {
			cancel()
			return errors.Join(err, ignoreCanceled(<-read))
		}
		lines += len(c.Lines)
		addTotals(totals, c.Lines)
	}
	if err := <-read; err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.EnsureOpen(ctx, first, domain.Term("Faktureringsmånaden")); err != nil {
			return err
		}
		// Corrections are read here, not in the snapshot: one registered while
		// the job ran went to the run shown then, and must be in this one too.
		corrections, err := q.FindBillingCorrections(ctx, job.Month)
		if err != nil {
			return err
		}
		last := append([]domain.StoredBillingLine{}, parts...)
		for _, c := range corrections {
			last = append(last, domain.CorrectionLine(c))
		}
		if err := q.InsertBillingLines(ctx, job.ID, job.Month, last); err != nil {
			return err
		}
		all := maps.Clone(totals)
		addTotals(all, last)
		if err := q.FinishBillingRun(ctx, job.Month, job.ID, all, a.Username, s.Now()); err != nil {
			return err
		}
		job.Processed, job.Total, job.UpdatedAt = total, total, s.Now()
		if err := q.UpdateBillingJob(ctx, job); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "billing.run", Entity: "billing_run", EntityID: job.Month,
			After: map[string]any{"lines": lines + len(last), "job": job.ID}})
	})
}

// payerBatches gathers holdings' lines, each payer's read in id order, into
// batches of one payer each: a payer's batch is full at size holdings, and when more than
// limit holdings are gathered over all payers the largest batch is let go.
type payerBatches struct {
	size, limit int
	gathered    int
	payers      map[string]*payerBatch
}

type payerBatch struct {
	holdings int
	lines    []domain.StoredBillingLine
}

func newPayerBatches(size, limit int) *payerBatches {
	return &payerBatches{size: size, limit: limit, payers: map[string]*payerBatch{}}
}

// add gathers a holding's lines and returns the lines of a batch that is
// ready, if one is.
func (b *payerBatches) add(lines []domain.StoredBillingLine, payer string) ([]domain.StoredBillingLine, bool) {
	pb := b.payers[payer]
	if pb == nil {
		pb = &payerBatch{}
		b.payers[payer] = pb
	}
	pb.holdings++
	pb.lines = append(pb.lines, lines...)
	b.gathered++
	switch {
	case pb.holdings >= b.size:
		return b.take(payer), true
	case b.gathered > b.limit:
		return b.take(b.largest()), true
	}
	return nil, false
}

// largest is the payer with the most holdings gathered (the first by number
// of equals, so that a run's batches do not depend on the map's order).
func (b *payerBatches) largest() string {
	var payer string
	for p, pb := range b.payers {
		if l := b.payers[payer]; l == nil || pb.holdings > l.holdings || pb.holdings == l.holdings && p < payer {
			payer = p
		}
	}
	return payer
}

// leave returns the batch gathered of a payer whose holdings have all been
// added, if there is one.
func (b *payerBatches) leave(payer string) ([]domain.StoredBillingLine, bool) {
	if b.payers[payer] == nil {
		return nil, false
	}
	return b.take(payer), true
}

func (b *payerBatches) take(payer string) []domain.StoredBillingLine {
	pb := b.payers[payer]
	delete(b.payers, payer)
	b.gathered -= pb.holdings
	return pb.lines
}

// payersLeft is the payers whose batches are still gathered, by number.
func (b *payerBatches) payersLeft() []string { return slices.Sorted(maps.Keys(b.payers)) }

// addTotals adds lines' amounts to their payers' totals.
func addTotals(totals map[string]domain.Ore, lines []domain.StoredBillingLine) {
	for _, l := range lines {
		totals[l.Payer] += l.Amount
	}
}

func ignoreCanceled(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// deleteUnshownLines deletes the lines of a month's ended jobs that are not
// shown (the run replaced, a failed run), a batch per transaction, as a long
// job's writes: the requests' go first.
func (s *Service) deleteUnshownLines(ctx context.Context, month string) error {
	ctx = repo.Background(ctx)
	jobs, err := s.db.Read().FindUnshownBillingJobs(ctx, month)
	if err != nil {
		return err
	}
	for _, id := range jobs {
		for {
			var n int64
			if err := s.db.Transact(ctx, func(q repo.Queries) error {
				var err error
				n, err = q.DeleteBillingJobLines(ctx, id, billingDeleteBatch)
				return err
			}); err != nil {
				return err
			}
			if n < billingDeleteBatch {
				break
			}
		}
	}
	return nil
}

// pricesByArticle reads the rent and sale prices of articles (nil: all).
func pricesByArticle(ctx context.Context, q repo.Queries, articles []string) (rent, sale map[string][]domain.PricePoint, err error) {
	prices, err := q.FindAllPrices(ctx, articles)
	if err != nil {
		return nil, nil, err
	}
	rent, sale = map[string][]domain.PricePoint{}, map[string][]domain.PricePoint{}
	for _, p := range prices {
		pp := domain.PricePoint{ValidFrom: p.ValidFrom, Amount: domain.Ore(p.Amount)}
		if p.Kind == "rent" {
			rent[p.Article] = append(rent[p.Article], pp)
		} else {
			sale[p.Article] = append(sale[p.Article], pp)
		}
	}
	return rent, sale, nil
}

// billHolding is the lines of a holding (domain.BillMonth), as stored.
func billHolding(first time.Time, h *domain.BillingHoldingRow, rent, sale map[string][]domain.PricePoint) []domain.StoredBillingLine {
	var out []domain.StoredBillingLine
	for _, l := range domain.BillMonth(first, []domain.BillingHolding{billingHolding(h, rent, sale)}) {
		out = append(out, domain.StoredBillingLine{Payer: l.Payer, HoldingID: l.HoldingID, Kind: l.Kind,
			Recipient: h.Recipient, RecipientName: h.RecipientName, Article: h.Article, ArticleName: h.ArticleName,
			Unit: h.Unit, From: l.From, To: l.To, Days: l.Days, DaysInMonth: l.DaysInMonth,
			Price: l.Price, Quantity: l.Quantity, PriceFrom: l.ValidFrom, Amount: l.Amount})
	}
	return out
}

// withArticles fills in the holdings' article facts: the article's name and
// ISO code, and the depreciation times of their units' articles.
func withArticles(rows []domain.BillingHoldingRow, articles map[string]domain.BillingArticle) {
	for i := range rows {
		withArticle(&rows[i], articles)
	}
}

// withArticle looks each article up once: a billing run does it for two million
// holdings, whose unit is mostly of the holding's article and which are mostly
// attached to none.
func withArticle(h *domain.BillingHoldingRow, articles map[string]domain.BillingArticle) {
	art := articles[h.Article]
	h.ArticleName, h.ISO = art.Name, art.ISO
	deprMonths := func(article string) int {
		switch article {
		case "":
			return 0
		case h.Article:
			return art.DepreciationMonths
		}
		return articles[article].DepreciationMonths
	}
	h.UnitDeprMonths, h.AttachedDeprMonths = deprMonths(h.UnitArticle), deprMonths(h.AttachedArticle)
}

// billingHolding is a holding as the billing rules take it: with its article's
// prices and the depreciation dates of its unit and the unit it is attached to.
// The billing run and the cost view both read holdings through it.
func billingHolding(h *domain.BillingHoldingRow, rent, sale map[string][]domain.PricePoint) domain.BillingHolding {
	bh := domain.BillingHolding{ID: h.ID, Payer: h.Payer, Purpose: h.Purpose, Quantity: h.Quantity,
		RentStart: h.RentStart, EndDate: h.EndDate, DeliveryDate: h.DeliveryDate, Transferred: h.Transferred,
		Component: h.Attached != "", BoughtBack: h.BoughtBack, RentPrices: rent[h.Article], SalePrices: sale[h.Article]}
	if h.Unit != "" {
		bh.UnitDepreciated = domain.DepreciationDate(h.UnitPurchase, h.UnitDeprMonths)
	}
	if h.Attached != "" {
		bh.AttachedDepreciated = domain.DepreciationDate(h.AttachedPurchase, h.AttachedDeprMonths)
	}
	return bh
}
