package bench

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"time"

	"hjalpmedel/internal/domain"
)

// The billing mode (issue 17.3): on the data set at --db (made by seed
// --scale, with --existing), the admin runs the billing of last month through
// the API and then downloads the month's CSV, as the billing page does. It
// checks that the CSV has every stored line and that the export logged its
// persons. Target: each under 60 s on 2,000,000 holdings.

const billingTarget = 60 * time.Second

func init() {
	register("billing", func(ctx context.Context, c *Config) error {
		admin, err := newClient(c.BaseURL, "ADMIN", false)
		if err != nil {
			return err
		}
		admin.http.Timeout = mixedJobLimit
		month := domain.MonthOf(c.Svc.Today()).AddDate(0, -1, 0).Format("2006-01")
		var holdings int
		if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM holdings", nil, &holdings); err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "billing %s of a data set with %d holdings\n", month, holdings)
		t0 := time.Now()
		summary, err := billingJob(ctx, c, admin, month)
		if err != nil {
			return err
		}
		took := time.Since(t0)
		fmt.Fprintf(c.Out, "run: %s (%s)  target < 60 s: %s\n", took.Round(time.Millisecond), summary, verdict(took < billingTarget))
		// The run ends with deleting the lines of the run it replaced, after
		// the answer: let that finish so the export is measured alone.
		if err := waitForBillingJob(ctx, c, month); err != nil {
			return err
		}
		var logged0 int
		if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_persons", nil, &logged0); err != nil {
			return err
		}
		t0 = time.Now()
		rows, err := downloadLines(ctx, admin, "/api/v1/billing/runs/"+month+"?format=csv")
		if err != nil {
			return err
		}
		took = time.Since(t0)
		var stored, persons, logged int
		if err := c.DB.Read().Get(ctx, `SELECT COUNT(*) FROM billing_lines
			WHERE job_id = (SELECT job_id FROM billing_runs WHERE month = ?)`, []any{month}, &stored); err != nil {
			return err
		}
		if err := c.DB.Read().Get(ctx, `SELECT COUNT(DISTINCT l.recipient) FROM billing_lines l JOIN persons p ON p.personnummer = l.recipient
			WHERE l.job_id = (SELECT job_id FROM billing_runs WHERE month = ?)`, []any{month}, &persons); err != nil {
			return err
		}
		if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM audit_persons", nil, &logged); err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "month's CSV: %s (%d rows, %d persons logged for %d persons in it)  target < 60 s: %s\n",
			took.Round(time.Millisecond), rows, logged-logged0, persons, verdict(took < billingTarget))
		if rows != stored {
			return fmt.Errorf("billing %s: the CSV has %d rows, %d lines are stored", month, rows, stored)
		}
		if logged-logged0 < persons {
			return fmt.Errorf("billing %s: the export logged %d persons, it shows %d", month, logged-logged0, persons)
		}
		return nil
	})
}

// waitForBillingJob waits until the month's latest job has ended.
func waitForBillingJob(ctx context.Context, c *Config, month string) error {
	for {
		var running int
		if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM billing_jobs WHERE month = ? AND status = 'running'", []any{month}, &running); err != nil {
			return err
		}
		if running == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// downloadLines gets a CSV and counts its rows after the header.
func downloadLines(ctx context.Context, c *client, path string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := -1
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}
