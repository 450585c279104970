package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hjalpmedel/internal/domain"

	"github.com/jackc/pgx/v5/stdlib"
)

// FindBillingRun finds the finished run of a month (a month whose first run is
// still going has none yet).
func (q *Q) FindBillingRun(ctx context.Context, month string) (*domain.BillingRun, error) {
	return scanBillingRun(q.QueryRow(ctx, billingRunSelect+" AND month = ?", month))
}

// FindBillingRuns lists every finished run, newest month first.
func (q *Q) FindBillingRuns(ctx context.Context) ([]domain.BillingRun, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.BillingRun, error) {
		run, err := scanBillingRun(r)
		if err != nil {
			return domain.BillingRun{}, err
		}
		return *run, nil
	}, billingRunSelect+" ORDER BY month DESC")
}

const billingRunSelect = `SELECT month, status, run_at, run_by, COALESCE(closed_at, ''), closed_by, job_id FROM billing_runs
	WHERE job_id IS NOT NULL`

func scanBillingRun(row rowScanner) (*domain.BillingRun, error) {
	var r domain.BillingRun
	var runAt, closedAt string
	if err := row.Scan(&r.Month, &r.Status, &runAt, &r.RunBy, &closedAt, &r.ClosedBy, &r.JobID); err != nil {
		return nil, mapError(err)
	}
	r.RunAt, r.ClosedAt = domain.ParseTimestamp(runAt), domain.ParseTimestamp(closedAt)
	return &r, nil
}

// LatestClosedMonth returns the first day of the latest closed billing month;
// the zero time when none is closed.
func (q *Q) LatestClosedMonth(ctx context.Context) (time.Time, error) {
	var month string
	if err := q.Get(ctx, "SELECT COALESCE(MAX(month), '') FROM billing_runs WHERE status = 'closed'", nil, &month); err != nil {
		return time.Time{}, err
	}
	return monthStart(month)
}

// monthStart reads a month (YYYY-MM; empty: none) as its first day, or the zero time.
func monthStart(month string) (time.Time, error) {
	if month == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01", month)
}

// EnsureOpen is the one guard of the closed billing months (SPEC §7): every write
// of a dated billing input (rent start, return or BMB date, price valid-from,
// purchase date, depreciation) calls it, so a change dated on or before the last
// day of the latest closed month is refused whichever screen or API it comes from.
func (q *Q) EnsureOpen(ctx context.Context, d time.Time, what domain.Term) error {
	// On PostgreSQL the runs of d's month and later are locked (in month order), so
	// a closing of one of them waits for this change to commit, or this change
	// waits for the closing and then sees it. Runs exist only for ended months, so
	// a change dated today locks nothing. A check outside a transaction (an
	// import's rows before they are written) locks nothing either: the write
	// checks again.
	//
	// Once it has found them open, they stay so until its commit: a later write
	// of the same transaction dated in them or after needs no check (a delivery
	// writes a holding per line).
	month := d.Format("2006-01")
	locking := q.Dialect == Postgres && q.tx
	if locking && q.openFrom != "" && month >= q.openFrom {
		return nil
	}
	// The runs' statuses as the lock returns them (the latest, after a closing
	// it waited for); a closed month before d's refuses nothing. A change
	// dated in an ended month, or in a month that has a run, shares the
	// billing inputs' lock (freezeBillingInputs) until its commit; while a run
	// reads them it is refused.
	const sharedInputs = `CASE WHEN COUNT(*) = 0 AND ? >= to_char(now() AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM') THEN TRUE
		ELSE pg_try_advisory_xact_lock_shared(?, hashtext(current_schema())) END`
	const lockedRuns = ` FROM (SELECT month, status FROM billing_runs WHERE month >= ? ORDER BY month FOR UPDATE) r`
	args := []any{month, billingInputsLock, month}
	if locking && q.deferring {
		// Sent with the action's next message: a closed month, or a run
		// reading the inputs, fails it, and the action runs again without
		// deferring, where the check below says which.
		q.deferred = append(q.deferred, &batchRow{query: `SELECT 1 / CAST(COUNT(*) FILTER (WHERE r.status = 'closed') = 0
			AND ` + sharedInputs + ` AS INTEGER)` + lockedRuns, args: args})
		q.openFrom = month
		return nil
	}
	var closed time.Time
	var err error
	if locking {
		var latest string
		var shared bool
		if err := q.getAfterDeferred(ctx, `SELECT COALESCE(MAX(r.month) FILTER (WHERE r.status = 'closed'), ''), `+
			sharedInputs+lockedRuns, args, &latest, &shared); err != nil {
			return err
		}
		if !shared {
			return errBillingInputsFrozen
		}
		closed, err = monthStart(latest)
	} else {
		closed, err = q.LatestClosedMonth(ctx)
	}
	if err != nil {
		return err
	}
	if err := domain.CheckOpen(closed, d, what); err != nil {
		return err
	}
	if locking {
		q.openFrom = month
	}
	return nil
}

// EnsureDepreciationOpen guards a change of an article's depreciation period: it
// moves the depreciation date of every unit of the article, so it is refused when
// the earlier of the old and the new date of a unit that was rented in a closed
// month falls on or before that month's end. Units are checked by their earliest
// purchase date, whose depreciation date is the earliest.
func (q *Q) EnsureDepreciationOpen(ctx context.Context, article string, months int) error {
	var old int
	if err := q.Get(ctx, "SELECT depreciation_months FROM articles WHERE number = ?", []any{article}, &old); err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil // a new article has no units
		}
		return err
	}
	return q.ensureDepreciationChangeOpen(ctx, article, old, months)
}

// ensureDepreciationChangeOpen is EnsureDepreciationOpen for an article whose
// period is old: an unchanged period moves no date and needs no look-up.
func (q *Q) ensureDepreciationChangeOpen(ctx context.Context, article string, old, months int) error {
	if old == months {
		return nil
	}
	closed, err := q.LatestClosedMonth(ctx)
	if err != nil || closed.IsZero() {
		return err
	}
	var purchase string
	if err := q.Get(ctx, `SELECT COALESCE(MIN(u.purchase_date), '') FROM units u WHERE u.article_number = ? AND u.purchase_date IS NOT NULL
		AND EXISTS (SELECT 1 FROM holdings h WHERE (h.unit_number = u.number OR h.attached_unit = u.number) AND h.purpose = 'rent'
		AND h.rent_start <= ?)`, []any{article, domain.FormatDate(closed.AddDate(0, 1, -1))}, &purchase); err != nil || purchase == "" {
		return err
	}
	return domain.CheckOpen(closed, domain.DepreciationDate(domain.ParseDate(purchase), min(old, months)), domain.Term("Avskrivningsdatum"))
}

// InsertBillingLine adds one line to a month's shown run (a correction billed
// in a month that has been run), and its amount to the payer's total.
func (q *Q) InsertBillingLine(ctx context.Context, month string, l domain.StoredBillingLine) error {
	var job int64
	if err := q.Get(ctx, "SELECT job_id FROM billing_runs WHERE month = ? AND job_id IS NOT NULL", []any{month}, &job); err != nil {
		return err
	}
	if err := q.InsertBillingLines(ctx, job, month, []domain.StoredBillingLine{l}); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO billing_totals (month, payer_number, amount_ore) VALUES (?, ?, ?)
		ON CONFLICT (month, payer_number) DO UPDATE SET amount_ore = billing_totals.amount_ore + excluded.amount_ore`,
		month, l.Payer, l.Amount)
	return err
}

// billingLineInsertRows is the most lines one INSERT writes on SQLite (23 values each).
const billingLineInsertRows = 100

// billingLineColumns are the columns InsertBillingLines writes, in billingLineValues' order.
var billingLineColumns = []string{"job_id", "month", "payer_number", "holding_id", "kind", "recipient", "recipient_name",
	"article_number", "article_name", "unit_number", "from_date", "to_date", "days", "days_in_month", "price_ore", "amount_ore",
	"quantity", "price_valid_from", "work_order_number", "correction_id", "corrects_month", "corrects_line_id", "reason"}

func billingLineValues(job int64, month string, l domain.StoredBillingLine) []any {
	priceFrom := ""
	if !l.PriceFrom.IsZero() {
		priceFrom = domain.FormatDate(l.PriceFrom)
	}
	return []any{job, month, l.Payer, nullInt(l.HoldingID), l.Kind, l.Recipient, l.RecipientName, l.Article,
		l.ArticleName, l.Unit, domain.FormatDate(l.From), domain.FormatDate(l.To), int64(l.Days), int64(l.DaysInMonth),
		int64(l.Price), int64(l.Amount), int64(max(l.Quantity, 1)), priceFrom, l.WorkOrder, nullInt(l.CorrectionID),
		l.CorrectsMonth, nullInt(l.CorrectsLineID), l.Reason}
}

// InsertBillingLines adds lines to a billing job's run of month, in order (their
// ids follow it): on PostgreSQL with one COPY (a month's 889,000 lines of the
// 1M-person set, 100 to an INSERT, kept its writing process busy twice as
// long), on SQLite a hundred to a statement.
func (q *Q) InsertBillingLines(ctx context.Context, job int64, month string, lines []domain.StoredBillingLine) error {
	if len(lines) == 0 {
		return nil // a COPY of nothing would still be a round trip
	}
	if q.Dialect == Postgres {
		rows := make([][]any, len(lines))
		for i, l := range lines {
			rows[i] = billingLineValues(job, month, l)
		}
		return q.copyRows(ctx, "billing_lines", billingLineColumns, rows)
	}
	insert := "INSERT INTO billing_lines (" + strings.Join(billingLineColumns, ", ") + ") VALUES "
	row := "(" + Placeholders(len(billingLineColumns)) + ")"
	for len(lines) > 0 {
		batch := lines[:min(len(lines), billingLineInsertRows)]
		lines = lines[len(batch):]
		var b strings.Builder
		b.WriteString(insert)
		args := make([]any, 0, len(billingLineColumns)*len(batch))
		for i, l := range batch {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
			args = append(args, billingLineValues(job, month, l)...)
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// CloseBillingMonth freezes a month that has a finished run; closing it twice is a conflict.
func (q *Q) CloseBillingMonth(ctx context.Context, month, by string, now time.Time) error {
	n, err := q.ExecAffected(ctx, `UPDATE billing_runs SET status = 'closed', closed_at = ?, closed_by = ?
		WHERE month = ? AND status = 'open' AND job_id IS NOT NULL`,
		domain.FormatTimestamp(now), by, month)
	if err != nil {
		return err
	}
	if n == 0 {
		return errMonthClosed
	}
	return nil
}

// shownLines selects the lines of a month's shown run: its latest finished job's.
// One statement reads the job and its lines, so a run that takes the month's
// place meanwhile is seen whole or not at all.
const shownLines = " WHERE job_id = (SELECT r.job_id FROM billing_runs r WHERE r.month = ?)"

// billingLineOrder is the order of the invoice basis: billing_lines_job's
// payer by payer, each payer's lines sorted.
const billingLineOrder = " ORDER BY payer_number, recipient, article_number, unit_number, from_date, id"

// FindBillingLines lists a payer's lines of a month's shown run, in a stable order.
func (q *Q) FindBillingLines(ctx context.Context, month, payer string) ([]domain.StoredBillingLine, error) {
	return queryAll(ctx, q, scanBillingLine, billingLineSelect+shownLines+" AND payer_number = ?"+billingLineOrder, month, payer)
}

// EachBillingLine calls fn with every line of a month's shown run, in the order
// of the invoice basis, as the rows come: a whole month is never in memory.
func (q *Q) EachBillingLine(ctx context.Context, month string, fn func(domain.StoredBillingLine) error) error {
	rows, err := q.Query(ctx, billingLineSelect+shownLines+billingLineOrder, month)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanBillingLine(rows)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return unavailable(rows.Err())
}

// FindBillingSums counts and sums the lines of a month's shown run per payer and kind.
func (q *Q) FindBillingSums(ctx context.Context, month string) ([]domain.BillingSum, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.BillingSum, error) {
		var s domain.BillingSum
		err := r.Scan(&s.Payer, &s.Kind, &s.Lines, &s.Amount)
		return s, err
	}, "SELECT payer_number, kind, COUNT(*), COALESCE(SUM(amount_ore), 0) FROM billing_lines"+shownLines+
		" GROUP BY payer_number, kind ORDER BY payer_number, kind", month)
}

// FindBillingLine finds a line of a month's shown run by id.
func (q *Q) FindBillingLine(ctx context.Context, id int64) (*domain.StoredBillingLine, error) {
	l, err := scanBillingLine(q.QueryRow(ctx, billingLineSelect+` WHERE id = ?
		AND job_id = (SELECT r.job_id FROM billing_runs r WHERE r.month = billing_lines.month)`, id))
	return &l, err
}

// billingLineSelect reads lines with their recipient's person flags, so that a
// whole month's export logs its persons without looking each one up again.
const billingLineSelect = `SELECT id, month, payer_number, COALESCE(holding_id, 0), kind, recipient, recipient_name, article_number,
	article_name, unit_number, from_date, to_date, days, days_in_month, price_ore, amount_ore, quantity, price_valid_from,
	work_order_number, COALESCE(correction_id, 0), corrects_month, COALESCE(corrects_line_id, 0), reason,
	CASE WHEN p.personnummer IS NULL THEN FALSE ELSE TRUE END, COALESCE(p.protected, FALSE)
	FROM billing_lines LEFT JOIN persons p ON p.personnummer = billing_lines.recipient`

func scanBillingLine(r rowScanner) (domain.StoredBillingLine, error) {
	var l domain.StoredBillingLine
	var from, to, priceFrom string
	if err := r.Scan(&l.ID, &l.Month, &l.Payer, &l.HoldingID, &l.Kind, &l.Recipient, &l.RecipientName, &l.Article,
		&l.ArticleName, &l.Unit, &from, &to, &l.Days, &l.DaysInMonth, &l.Price, &l.Amount, &l.Quantity, &priceFrom,
		&l.WorkOrder, &l.CorrectionID, &l.CorrectsMonth, &l.CorrectsLineID, &l.Reason, &l.RecipientPerson, &l.RecipientProtected); err != nil {
		return l, mapError(err)
	}
	l.From, l.To, l.PriceFrom = domain.ParseDate(from), domain.ParseDate(to), domain.ParseDate(priceFrom)
	return l, nil
}

var errMonthClosed = domainConflict("Faktureringsmånaden är stängd och kan inte ändras.")

var errBillingInputsFrozen = domainConflict("Faktureringen läser just nu underlaget för en avslutad månad. Försök igen om en stund.")

// billedHoldings is the condition of the holdings that can cost something in
// the month [first, next), with the arguments of billedHoldingsArgs.
const billedHoldings = `((h.purpose = 'rent' AND h.rent_start < ? AND (h.end_date IS NULL OR h.end_date > ?))
		   OR (h.purpose = 'buy' AND h.delivery_date >= ? AND h.delivery_date < ? AND h.previous_holding_id IS NULL)
		   OR (h.purpose = 'buy' AND h.end_reason = 'bought_back' AND h.end_date >= ? AND h.end_date < ?))`

func billedHoldingsArgs(first, next time.Time) []any {
	f, n := domain.FormatDate(first), domain.FormatDate(next)
	return []any{n, f, f, n, f, n}
}

// KeepBillingHoldings keeps the holdings that can cost something in the
// month [first, next) — rented ones held some day of it, purchases delivered
// in it — as they are now, for EachKeptBillingHolding to read once the
// billing inputs are let go (Store.SnapshotThen), and says how many it kept.
// SQLite reads them in its snapshot and counts them there. PostgreSQL copies
// the holdings' own rows into temporary tables of the connection, keptChunk
// holding ids to a statement and a table, and counts what it copied (a count
// of its own read every holding once more: 0.3 s alone on three processes,
// 1.0–1.3 s under the mixed bench's load); their units' and persons' facts,
// which no write dated in the month changes, are joined to them once the
// inputs are let go (keepInOrder).
// One statement copying them all, in three processes, held a snapshot for
// 25–30 s under the mixed bench's load (1M persons) and took the CPU the
// requests' processes would have had: the orders' p99 over its first 30 s was
// 393–598 ms, the phase's 1.38–1.60× their quiet p99 (four runs); copied in
// chunks 299–443 ms and 1.17–1.44× (seven runs). Each chunk's statement then
// hashed every unit and person again: joined once, after the copy, the run
// alone takes 26.7 s against 33.1, and the copy, during which back-dated writes
// are refused, 1–2 s (3.6 s under the load) instead of 10–30 s.
func (q *Q) KeepBillingHoldings(ctx context.Context, first, next time.Time) (int, error) {
	q.kept = &keptHoldings{first: first, next: next}
	if q.Dialect != Postgres {
		var n int
		err := q.Get(ctx, "SELECT COUNT(*) FROM holdings h WHERE "+billedHoldings, billedHoldingsArgs(first, next), &n)
		return n, err
	}
	var last int64
	if err := q.Get(ctx, "SELECT COALESCE(MAX(id), 0) FROM holdings", nil, &last); err != nil {
		return 0, err
	}
	reset, err := q.setForNow(ctx, "max_parallel_workers_per_gather = 0", "jit = off")
	if err != nil {
		return 0, err
	}
	defer reset()
	var kept int64
	for from := int64(1); from == 1 || from <= last; from += keptChunk { // one table at least, perhaps empty
		q.kept.tables++
		copied, err := q.Exec(ctx, "CREATE TEMPORARY TABLE "+q.kept.table(q.kept.tables)+" AS SELECT h.* FROM holdings h"+
			" WHERE h.id >= ? AND h.id < ? AND "+billedHoldings,
			append([]any{from, from + keptChunk}, billedHoldingsArgs(first, next)...)...)
		if err != nil {
			return 0, err
		}
		n, err := copied.RowsAffected()
		if err != nil {
			return 0, err
		}
		kept += n
	}
	return int(kept), nil
}

// setForNow sets parameters ("name = value") for the kept holdings'
// connection until reset is called (PostgreSQL). Without parallel workers a
// statement takes less of the CPU from the requests, for longer. Without JIT
// a statement over every kept holding no longer compiles its expressions
// for its one pass over them: 0.3–0.4 s of CPU for the join (keepInOrder).
func (q *Q) setForNow(ctx context.Context, settings ...string) (reset func(), err error) {
	reset = func() {
		for _, setting := range settings {
			name, _, _ := strings.Cut(setting, " ")
			q.Exec(context.WithoutCancel(ctx), "RESET "+name)
		}
	}
	for _, setting := range settings {
		if _, err := q.Exec(ctx, "SET "+setting); err != nil {
			reset()
			return nil, err
		}
	}
	return reset, nil
}

type keptHoldings struct {
	first, next time.Time
	tables      int // PostgreSQL: how many temporary tables KeepBillingHoldings copied them into
}

// table names the i-th (from 1) temporary table KeepBillingHoldings copied
// holdings into.
func (k *keptHoldings) table(i int) string { return fmt.Sprintf("kept_billing_holdings_%d", i) }

// keptColumns name billingHoldingSelect's columns in the temporary table, id
// and payer_number first as there.
const keptColumns = "id, payer_number, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18"

// keptChunk is how many holding ids' holdings one statement copies: about
// 440,000 on the 1M-person set, 0.25–0.5 s of CPU.
var keptChunk int64 = 500_000

// keptPages is how many pages of kept holdings one statement reads (about
// 4,700 holdings at 47 a page): each statement takes a snapshot of its own,
// let go before the next, and its rows are held in memory while they are
// billed (keptPage; 200 pages held 30 MB of serve's heap).
var keptPages int64 = 100

// EachKeptBillingHolding calls fn with every holding KeepBillingHoldings kept,
// each payer's by id, as the rows come. SQLite reads the table in its own
// order, by id (walking the payer index instead, a seek into the table per
// holding, the run's reading over the 1M-person set took 23 s against 8.6 s
// alone); PostgreSQL hashes the joins over many holdings (a look-up per
// holding there reads a page from disk each) and sorts the rows either way,
// so by payer, which makes the run's batches whole payers' (its run 47.2 s by
// id against 40.9 s).
// On PostgreSQL the copies are first copied once more into one table, by
// payer and with their units' and persons' facts (keepInOrder), once the
// inputs are let go: the join and sort are 7–9 s of CPU, and while they run
// no write waits. That table is read a range of
// its pages at a time: it was written in its numbering's order, and an index
// on the numbers took 2.2 s to build, its snapshot holding back the pruning of
// every row version meanwhile.
// The numbers read must follow on each other, so rows out of that order stop
// the run instead of billing in another order.
// Article names and depreciation come from FindBillingArticles, read once per
// run: a join per holding would look them up two million times.
func (q *Q) EachKeptBillingHolding(ctx context.Context, fn func(domain.BillingHoldingRow) error) error {
	if q.kept == nil {
		return errors.New("store: EachKeptBillingHolding without KeepBillingHoldings")
	}
	if q.Dialect != Postgres {
		return q.eachRow(ctx, q.billingHoldingSelect()+" WHERE "+billedHoldings+" ORDER BY h.id", billedHoldingsArgs(q.kept.first, q.kept.next), fn)
	}
	if err := q.keepInOrder(ctx); err != nil {
		return err
	}
	var pages int64
	if err := q.Get(ctx, "SELECT pg_relation_size('kept_billing_holdings') / current_setting('block_size')::bigint", nil, &pages); err != nil {
		return err
	}
	want := int64(1)
	for from := int64(0); from < pages; from += keptPages {
		page, err := q.keptPage(ctx, from, want)
		if err != nil {
			return err
		}
		want += int64(len(page))
		for _, h := range page {
			if err := fn(h); err != nil {
				return err
			}
		}
	}
	return nil
}

// keptPage reads keptPages pages of the kept holdings from page from, whose
// first must be number first. The rows are read whole before fn sees them: fn
// may wait for the run's writes, and a statement left half read would keep its
// snapshot, and with it every row version since, meanwhile. They are scanned
// through pgx itself: through database/sql each of two million rows' columns
// is boxed and converted once more.
func (q *Q) keptPage(ctx context.Context, from, first int64) ([]domain.BillingHoldingRow, error) {
	conn, ok := q.x.(*sql.Conn)
	if !ok {
		return nil, errors.New("store: kept billing holdings read outside their connection")
	}
	var page []domain.BillingHoldingRow
	err := conn.Raw(func(dc any) error {
		rows, err := dc.(*stdlib.Conn).Conn().Query(ctx, "SELECT n, "+keptColumns+
			" FROM kept_billing_holdings WHERE ctid >= CAST($1 AS tid) AND ctid < CAST($2 AS tid) ORDER BY n",
			fmt.Sprintf("(%d,0)", from), fmt.Sprintf("(%d,0)", from+keptPages))
		if err != nil {
			return err
		}
		defer rows.Close()
		var n int64
		r := numberedRow{rows, &n}
		for rows.Next() {
			h, err := scanBillingHolding(r)
			if err != nil {
				return err
			}
			if want := first + int64(len(page)); n != want {
				return fmt.Errorf("store: kept billing holding %d read where %d was due", n, want)
			}
			page = append(page, h)
		}
		return rows.Err()
	})
	return page, unavailable(mapError(err))
}

// keepInOrder copies the kept holdings with their units' and persons' facts
// into one table, numbered by payer, each payer's by id, and drops the tables
// KeepBillingHoldings copied them into (PostgreSQL). One statement hashes the
// units and persons once for all of them (7–9 s of CPU on the 1M-person set,
// the sort 2.4 s of it). Read a table after another, each by payer, a payer's
// holdings would come a few hundred at a time, and the run's batches, of one
// payer each, would be as small: 5 times as many transactions, and the run on
// the mixed bench 313–350 s against 190–210.
func (q *Q) keepInOrder(ctx context.Context) error {
	reset, err := q.setForNow(ctx, "jit = off")
	if err != nil {
		return err
	}
	defer reset()
	parts := make([]string, q.kept.tables)
	for i := range parts {
		parts[i] = "SELECT * FROM " + q.kept.table(i+1)
	}
	if _, err := q.Exec(ctx, "CREATE TEMPORARY TABLE kept_billing_holdings AS SELECT row_number() OVER (ORDER BY h.payer_number, h.id) AS n, h.* FROM ("+
		q.billingHoldingSelectFrom("("+strings.Join(parts, " UNION ALL ")+")")+") AS h("+keptColumns+")"); err != nil {
		return err
	}
	for i := range parts {
		if _, err := q.Exec(ctx, "DROP TABLE "+q.kept.table(i+1)); err != nil {
			return err
		}
	}
	return nil
}

// eachRow calls fn with each holding a query reads.
func (q *Q) eachRow(ctx context.Context, query string, args []any, fn func(domain.BillingHoldingRow) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		h, err := scanBillingHolding(rows)
		if err != nil {
			return err
		}
		if err := fn(h); err != nil {
			return err
		}
	}
	return unavailable(rows.Err())
}

// numberedRow scans a row's first column into n, the rest as asked.
type numberedRow struct {
	rowScanner
	n *int64
}

func (r numberedRow) Scan(dest ...any) error {
	return r.rowScanner.Scan(append([]any{r.n}, dest...)...)
}

// FindBillingHoldings lists a payer's holdings that can cost something in the
// period [first, next) — rented ones held some day of it, purchases delivered in
// it — by id: the cost view of a payer (SPEC §10.11). Article facts come from
// FindBillingArticles, as for the run.
func (q *Q) FindBillingHoldings(ctx context.Context, first, next time.Time, payer string) ([]domain.BillingHoldingRow, error) {
	return queryAll(ctx, q, scanBillingHolding, q.billingHoldingSelect()+" WHERE h.payer_number = ? AND "+billedHoldings+" ORDER BY h.id",
		append([]any{payer}, billedHoldingsArgs(first, next)...)...)
}

// FindPersonBillingHoldings lists every holding a person has had, current and
// returned, by id: the cost view of a patient (SPEC §10.11).
func (q *Q) FindPersonBillingHoldings(ctx context.Context, personnummer string) ([]domain.BillingHoldingRow, error) {
	return queryAll(ctx, q, scanBillingHolding, q.billingHoldingSelect()+" WHERE h.recipient_personnummer = ? ORDER BY h.id", personnummer)
}

// billingHoldingSelect reads holdings with what billing needs of their units
// and persons. On SQLite it looks those up in the indexes that hold it
// (migration 0045), which the planner would pass over for the primary keys'
// wherever the statistics know these and not those.
func (q *Q) billingHoldingSelect() string {
	return q.billingHoldingSelectFrom("holdings")
}

// billingHoldingSelectFrom is billingHoldingSelect over holdings rows read
// from source, a table or subquery with the holdings' columns.
func (q *Q) billingHoldingSelectFrom(source string) string {
	units, persons := "", ""
	if q.Dialect == SQLite {
		units, persons = " INDEXED BY units_billing", " INDEXED BY persons_billing"
	}
	// An attached unit's facts: on PostgreSQL looked up for the few holdings
	// with one (13 of 2,000,037 on the 1M-person set) instead of hashing every
	// unit a second time (the billing copy's CPU 11.9–12.6 → 9.9–10.6 s).
	attached := `COALESCE(au.purchase_date, ''), COALESCE(au.article_number, '')`
	attachedJoin := `
		LEFT JOIN units au` + units + ` ON au.number = h.attached_unit`
	if q.Dialect == Postgres {
		fact := func(column string) string {
			return "CASE WHEN h.attached_unit IS NULL THEN '' ELSE COALESCE((SELECT au." + column +
				" FROM units au WHERE au.number = h.attached_unit), '') END"
		}
		attached, attachedJoin = fact("purchase_date")+", "+fact("article_number"), ""
	}
	return `SELECT h.id, h.payer_number, h.customer_number, h.purpose, h.quantity, h.rent_start, COALESCE(h.end_date, ''),
		h.delivery_date, CASE WHEN h.previous_holding_id IS NULL THEN FALSE ELSE TRUE END,
		CASE WHEN h.end_reason = 'bought_back' THEN TRUE ELSE FALSE END, h.article_number,
		COALESCE(h.unit_number, ''), COALESCE(u.purchase_date, ''), COALESCE(u.article_number, ''),
		COALESCE(h.attached_unit, ''), ` + attached + `,
		COALESCE(h.recipient_personnummer, h.recipient_customer),
		COALESCE(p.last_name || ', ' || p.first_name, c.name, '')
		FROM ` + source + ` h
		LEFT JOIN units u` + units + ` ON u.number = h.unit_number` + attachedJoin + `
		LEFT JOIN persons p` + persons + ` ON p.personnummer = h.recipient_personnummer
		LEFT JOIN customers c ON c.number = h.recipient_customer`
}

func scanBillingHolding(r rowScanner) (domain.BillingHoldingRow, error) {
	var h domain.BillingHoldingRow
	var rs, ed, dd, up, ap string
	if err := r.Scan(&h.ID, &h.Payer, &h.Customer, &h.Purpose, &h.Quantity, &rs, &ed, &dd, &h.Transferred, &h.BoughtBack, &h.Article,
		&h.Unit, &up, &h.UnitArticle, &h.Attached, &ap, &h.AttachedArticle, &h.Recipient, &h.RecipientName); err != nil {
		return h, err
	}
	h.RentStart, h.EndDate, h.DeliveryDate = domain.ParseDate(rs), domain.ParseDate(ed), domain.ParseDate(dd)
	h.UnitPurchase, h.AttachedPurchase = domain.ParseDate(up), domain.ParseDate(ap)
	return h, nil
}

// FindBillingArticles lists the name, ISO code and depreciation time of the
// given articles (every article when none are given) by number.
func (q *Q) FindBillingArticles(ctx context.Context, articles []string) (map[string]domain.BillingArticle, error) {
	query := "SELECT number, name, iso_code, depreciation_months FROM articles"
	var args []any
	if len(articles) > 0 && len(articles) <= 500 {
		query += " WHERE number IN (" + Placeholders(len(articles)) + ")"
		args = withStrings(nil, articles)
	}
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]domain.BillingArticle{}
	for rows.Next() {
		var number string
		var a domain.BillingArticle
		if err := rows.Scan(&number, &a.Name, &a.ISO, &a.DepreciationMonths); err != nil {
			return nil, err
		}
		out[number] = a
	}
	return out, rows.Err()
}

// FindAllPrices lists every price of the given articles (all articles when none are given).
func (q *Q) FindAllPrices(ctx context.Context, articles []string) ([]domain.PriceRow, error) {
	query := "SELECT article_number, kind, amount_ore, valid_from FROM article_prices"
	var args []any
	if len(articles) > 0 && len(articles) <= 500 {
		query += " WHERE article_number IN (" + Placeholders(len(articles)) + ")"
		for _, a := range articles {
			args = append(args, a)
		}
	}
	rows, err := q.Query(ctx, query+" ORDER BY article_number, kind, valid_from", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.PriceRow
	for rows.Next() {
		var p domain.PriceRow
		var vf string
		if err := rows.Scan(&p.Article, &p.Kind, &p.Amount, &vf); err != nil {
			return nil, err
		}
		p.ValidFrom = domain.ParseDate(vf)
		out = append(out, p)
	}
	return out, rows.Err()
}

// FindBillingSpareParts lists the spare parts of the work orders closed in
// [from, to) (timestamps; the caller narrows to the civil month).
func (q *Q) FindBillingSpareParts(ctx context.Context, from, to time.Time) ([]domain.BillingSparePartRow, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.BillingSparePartRow, error) {
		var p domain.BillingSparePartRow
		var closed string
		err := r.Scan(&p.WorkOrder, &p.Article, &p.ArticleName, &p.Quantity, &closed, &p.Chargeable, &p.Unit, &p.Recipient,
			&p.RecipientName, &p.CustomerPayer)
		p.ClosedAt = domain.ParseTimestamp(closed)
		return p, err
	}, `SELECT w.number, wp.article_number, a.name, wp.quantity, w.closed_at, at.chargeable, COALESCE(w.unit_number, ''),
		COALESCE(w.personnummer, w.customer_number), COALESCE(p.last_name || ', ' || p.first_name, c.name), c.default_payer
		FROM work_order_parts wp
		JOIN work_orders w ON w.id = wp.work_order_id
		JOIN action_types at ON at.id = w.action_type_id
		JOIN articles a ON a.number = wp.article_number
		JOIN customers c ON c.number = w.customer_number
		LEFT JOIN persons p ON p.personnummer = w.personnummer
		WHERE w.status = 'closed' AND w.closed_at >= ? AND w.closed_at < ?
		ORDER BY w.number, wp.id`, domain.FormatTimestamp(from), domain.FormatTimestamp(to))
}

// UnitPayerOn returns the payer of the holding of a unit on day ("" when nobody held it).
func (q *Q) UnitPayerOn(ctx context.Context, unit string, day time.Time) (string, error) {
	var payer string
	err := q.Get(ctx, `SELECT payer_number FROM holdings WHERE unit_number = ? AND rent_start <= ? AND (end_date IS NULL OR end_date > ?)
		ORDER BY rent_start DESC, id DESC LIMIT 1`, []any{unit, domain.FormatDate(day), domain.FormatDate(day)}, &payer)
	if domain.ErrorCode(err) == domain.ENotFound {
		return "", nil
	}
	return payer, err
}

// CreateBillingCorrection stores a correction of a closed month's line.
func (q *Q) CreateBillingCorrection(ctx context.Context, c *domain.BillingCorrection) error {
	id, err := q.Insert(ctx, `INSERT INTO billing_corrections (line_id, month, amount_ore, reason, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)`, c.Line.ID, c.Month, c.Amount, c.Reason, domain.FormatTimestamp(c.CreatedAt), c.CreatedBy)
	c.ID = id
	return err
}

// FindBillingCorrections lists the corrections billed in month, oldest first.
func (q *Q) FindBillingCorrections(ctx context.Context, month string) ([]domain.BillingCorrection, error) {
	var out []domain.BillingCorrection
	rows, err := queryAll(ctx, q, func(r rowScanner) (domain.BillingCorrection, error) {
		var c domain.BillingCorrection
		var created string
		err := r.Scan(&c.ID, &c.Line.ID, &c.Month, &c.Amount, &c.Reason, &created, &c.CreatedBy)
		c.CreatedAt = domain.ParseTimestamp(created)
		return c, err
	}, "SELECT id, line_id, month, amount_ore, reason, created_at, created_by FROM billing_corrections WHERE month = ? ORDER BY id", month)
	if err != nil {
		return nil, err
	}
	for _, c := range rows {
		line, err := q.FindBillingLine(ctx, c.Line.ID)
		if err != nil {
			return nil, err
		}
		c.Line = *line
		out = append(out, c)
	}
	return out, nil
}
