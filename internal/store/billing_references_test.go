package store_test

import (
	"context"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// A billing line's job, month and payer exist for as long as the line does,
// on both databases (PostgreSQL checks them once per statement, migration
// 0049; SQLite with foreign keys): a statement with a line that refers to a
// missing one writes none of its lines, and a job, month or payer that lines
// refer to can be neither deleted nor renumbered, while one without lines can.
func TestBillingLinesKeepTheirReferences(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2030, 2, 3, 9, 0, 0, 0, time.UTC)
		const month = "2030-01"
		from := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		line := func(payer string) domain.StoredBillingLine {
			return domain.StoredBillingLine{Month: month, Payer: payer, Kind: "rent", Recipient: "191212121212", Article: "10001",
				From: from, To: from.AddDate(0, 1, -1), Days: 31, DaysInMonth: 31, Price: 100, Quantity: 1, Amount: 100, PriceFrom: from}
		}
		var job *domain.BillingJob
		if err := db.Transact(ctx, func(q *store.Q) error {
			if _, err := q.Exec(ctx, "INSERT INTO payers (number, name) VALUES ('P1', 'Betalare 1'), ('P2', 'Betalare 2')"); err != nil {
				return err
			}
			var err error
			if job, err = q.CreateBillingJob(ctx, month, "test", now, now.Add(-time.Hour)); err != nil {
				return err
			}
			return q.InsertBillingLines(ctx, job.ID, month, []domain.StoredBillingLine{line("P1"), line("P1")})
		}); err != nil {
			t.Fatal(err)
		}
		lines := func() int {
			t.Helper()
			var n int
			if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM billing_lines", nil, &n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		refused := func(what string, fn func(q *store.Q) error) {
			t.Helper()
			err := db.Transact(ctx, fn)
			if domain.ErrorCode(err) != domain.EConflict {
				t.Errorf("%s: %v, want a conflict", what, err)
			}
		}
		insert := func(job int64, month string, payer string) func(q *store.Q) error {
			return func(q *store.Q) error {
				l := line(payer)
				l.Month = month
				return q.InsertBillingLines(ctx, job, month, []domain.StoredBillingLine{line("P2"), l})
			}
		}
		refused("a line of a missing payer", insert(job.ID, month, "P9"))
		refused("a line of a missing job", insert(job.ID+100, month, "P2"))
		refused("a line of a missing month", insert(job.ID, "2030-05", "P2"))
		if n := lines(); n != 2 {
			t.Fatalf("%d billing lines after the refused inserts, want the 2 there were", n)
		}
		exec := func(query string, args ...any) func(q *store.Q) error {
			return func(q *store.Q) error { _, err := q.Exec(ctx, query, args...); return err }
		}
		refused("deleting a payer with lines", exec("DELETE FROM payers WHERE number = 'P1'"))
		refused("renumbering a payer with lines", exec("UPDATE payers SET number = 'P3' WHERE number = 'P1'"))
		refused("deleting a job with lines", exec("DELETE FROM billing_jobs WHERE id = ?", job.ID))
		refused("renumbering a job with lines", exec("UPDATE billing_jobs SET id = ? WHERE id = ?", job.ID+100, job.ID))
		refused("deleting a month with lines", exec("DELETE FROM billing_runs WHERE month = ?", month))
		refused("renumbering a month with lines", exec("UPDATE billing_runs SET month = '2030-03' WHERE month = ?", month))
		if err := db.Transact(ctx, exec("UPDATE payers SET number = 'P3' WHERE number = 'P2'")); err != nil {
			t.Errorf("renumbering a payer without lines: %v", err)
		}
		if err := db.Transact(ctx, exec("DELETE FROM payers WHERE number = 'P3'")); err != nil {
			t.Errorf("deleting a payer without lines: %v", err)
		}
		if err := db.Transact(ctx, exec("UPDATE payers SET name = 'Betalare ett' WHERE number = 'P1'")); err != nil {
			t.Errorf("renaming a payer with lines: %v", err)
		}
	})
}
