package web_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
	"hjalpmedel/internal/web"
)

// billingMonthJSON is GET /api/v1/billing/runs/{month} as the tests read it.
type billingMonthJSON struct {
	Status, Total string
	Payers        []struct {
		Payer string
		Lines int
	}
	Job *struct {
		Status           string
		Processed, Total int
		Percent          int
		Error            string
	}
}

// A billing run is a job (issue 17.2): it writes its lines in batches, a
// transaction each. While it runs, the API shows how far it has come, the month
// and its CSV still show the previous run, another run and the closing are
// refused, and an order goes through between its batches. In the end its lines
// are those of the month computed in one batch, byte for byte; a failed run
// leaves the previous one as it was.
func TestBillingJob(t *testing.T) {
	opts := []testserver.Option{testserver.At(time.Date(2026, 11, 10, 10, 0, 0, 0, domain.Stockholm))}
	testserver.Backends(t, opts, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		month := func() billingMonthJSON {
			t.Helper()
			var m billingMonthJSON
			if st := admin.do("GET", "/api/v1/billing/runs/2026-10", nil, &m); st != 200 {
				t.Fatalf("GET the month: %d", st)
			}
			return m
		}
		monthCSV := func() string {
			t.Helper()
			st, b := admin.raw("GET", "/api/v1/billing/runs/2026-10?format=csv", nil)
			if st != 200 {
				t.Fatalf("the month's CSV: %d %s", st, b)
			}
			return string(b)
		}
		if st := admin.do("GET", "/api/v1/billing/runs/2026-10", nil, nil); st != 404 {
			t.Fatalf("a month never run: %d, want 404", st)
		}

		// The month in one batch.
		srv.Svc.BillingBatch = 1 << 30
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 201 {
			t.Fatalf("run in one batch: %d", st)
		}
		oneShot, oneShotCSV := month(), monthCSV()
		lines := 0
		for _, p := range oneShot.Payers {
			lines += p.Lines
		}
		if oneShot.Job == nil || oneShot.Job.Status != "done" || oneShot.Job.Processed != oneShot.Job.Total || oneShot.Job.Total < 6 ||
			strings.Count(oneShotCSV, "\n") != lines+1 {
			t.Fatalf("run in one batch: %+v %+v, %d CSV rows for %d lines", oneShot, oneShot.Job, strings.Count(oneShotCSV, "\n"), lines)
		}

		// Two holdings a batch, all but the first waiting for the writer in
		// the temporary file, the job paused after its first.
		srv.Svc.BillingBatch, srv.Svc.BillingInMemory = 2, 1
		var batches atomic.Int32
		var largest atomic.Int64   // the most holdings a batch billed
		var processed atomic.Int64 // the job's progress, by batch
		paused, release := make(chan domain.BillingJob), make(chan error)
		srv.Svc.OnBillingBatch = func(j domain.BillingJob) error {
			largest.Store(max(largest.Load(), int64(j.Processed)-processed.Swap(int64(j.Processed))))
			if batches.Add(1) == 1 {
				paused <- j
				return <-release
			}
			return nil
		}
		posted := make(chan int, 1)
		go func() { posted <- postJSON(srv.URL, admin.token, "/api/v1/billing/runs", `{"month":"2026-10"}`) }()
		var first domain.BillingJob
		select {
		case first = <-paused:
		case st := <-posted:
			t.Fatalf("the run answered %d before its first batch", st)
		case <-time.After(time.Minute):
			t.Fatal("no batch written in a minute")
		}
		// The job computes ahead of its writes, and lets its snapshot go as soon
		// as the month is computed (here long before the writes are done).
		for deadline := time.Now().Add(30 * time.Second); srv.DB.OpenSnapshots() != 0; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Error("the job still holds its snapshot 30 s after its first batch was written, every batch computed")
				break
			}
		}
		mid := month()
		if mid.Status != "open" || mid.Total != oneShot.Total || mid.Job == nil || mid.Job.Status != "running" ||
			mid.Job.Processed != 2 || mid.Job.Total != oneShot.Job.Total || mid.Job.Percent != 200/mid.Job.Total || first.Processed != 2 {
			t.Errorf("while the job runs: %+v, job %+v; want the previous run and 2 of %d holdings", mid, mid.Job, oneShot.Job.Total)
		}
		if got := monthCSV(); got != oneShotCSV {
			t.Errorf("while the job runs the month's CSV changed:\n%s\nwant\n%s", got, oneShotCSV)
		}
		// The page shows the progress, and reloads itself (no script) only when asked to.
		browser, _ := formBrowser(t, srv, "ADMIN")
		page := func(path string) string {
			t.Helper()
			resp, err := browser.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return string(b)
		}
		const refresh = `<meta http-equiv="refresh" content="2">`
		progress := fmt.Sprintf(`<progress id="billing-progress" max="%d" value="2">`, oneShot.Job.Total)
		if p := page("/admin/fakturering?month=2026-10&uppdatera=ja"); !strings.Contains(p, refresh) || !strings.Contains(p, progress) ||
			!strings.Contains(p, "Faktureringen körs") || !strings.Contains(p, "Summa per betalare") || strings.Contains(p, "Stäng månaden") {
			t.Errorf("the billing page while the run runs:\n%s", p)
		}
		if p := page("/admin/fakturering?month=2026-10"); strings.Contains(p, refresh) || !strings.Contains(p, progress) ||
			!strings.Contains(p, "uppdatera=ja") {
			t.Errorf("the billing page, not asked to reload itself:\n%s", p)
		}
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 409 {
			t.Errorf("a second run while one runs: %d, want 409", st)
		}
		if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != 409 {
			t.Errorf("closing while the run runs: %d, want 409", st)
		}
		lno := boLogin(t, srv, "K082LNO")
		if st := lno.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": "191212121212"},
			"customer": "2990", "lines": []map[string]string{{"article": "11109"}}}, nil); st != 201 {
			t.Errorf("an order while the run runs: %d, want 201", st)
		}
		release <- nil
		if st := <-posted; st != 201 {
			t.Fatalf("the batched run: %d", st)
		}
		done := month()
		// A batch is one payer's: the payers' odd holdings make more.
		if least := int32((oneShot.Job.Total + 1) / 2); batches.Load() < least || largest.Load() != 2 || processed.Load() != int64(oneShot.Job.Total) {
			t.Errorf("%d batches of at most %d holdings for %d (the last at %d), want at least %d of 2", batches.Load(), largest.Load(),
				oneShot.Job.Total, processed.Load(), least)
		}
		if done.Job == nil || done.Job.Status != "done" || done.Job.Processed != done.Job.Total || done.Job.Percent != 100 || done.Total != oneShot.Total {
			t.Errorf("after the batched run: %+v, job %+v", done, done.Job)
		}
		if got := monthCSV(); got != oneShotCSV {
			t.Errorf("the batched run differs from the run in one batch:\n%s\nwant\n%s", got, oneShotCSV)
		}
		if p := page("/admin/fakturering?month=2026-10"); strings.Contains(p, refresh) || strings.Contains(p, "Faktureringen körs") ||
			!strings.Contains(p, "Stäng månaden") {
			t.Errorf("the billing page after the run:\n%s", p)
		}

		// A run that fails leaves the previous one, and none of its own lines.
		srv.Svc.OnBillingBatch = func(domain.BillingJob) error { return errors.New("the disk is full") }
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 500 {
			t.Errorf("a failing run: %d, want 500", st)
		}
		failed := month()
		if failed.Status != "open" || failed.Total != oneShot.Total || failed.Job == nil || failed.Job.Status != "failed" ||
			failed.Job.Error != domain.InternalErrorMessage {
			t.Errorf("after a failed run: %+v, job %+v", failed, failed.Job)
		}
		if got := monthCSV(); got != oneShotCSV {
			t.Errorf("a failed run changed the month")
		}
		if p := page("/admin/fakturering?month=2026-10"); !strings.Contains(p, "Den senaste körningen misslyckades") ||
			!strings.Contains(p, domain.InternalErrorMessage) || !strings.Contains(p, "Summa per betalare") || strings.Contains(p, refresh) {
			t.Errorf("the billing page after a failed run:\n%s", p)
		}
		var stored int
		if err := srv.DB.Read().Get(t.Context(), "SELECT COUNT(*) FROM billing_lines WHERE month = '2026-10'", nil, &stored); err != nil || stored != lines {
			t.Errorf("%d lines stored for October (%v), want the %d of the run shown", stored, err, lines)
		}
		srv.Svc.OnBillingBatch = nil

		// A job whose process ended mid-run (silent for two hours) is shown as
		// failed and stops neither a new run nor the closing.
		mustExec(t, srv, `INSERT INTO billing_jobs (month, status, started_at, started_by, updated_at)
			VALUES ('2026-10', 'running', '2026-11-10T07:00:00.000000Z', 'ADMIN', '2026-11-10T07:00:00.000000Z')`)
		if dead := month(); dead.Job == nil || dead.Job.Status != "failed" || dead.Job.Error != domain.BillingJobSilent {
			t.Errorf("a silent job: %+v", dead.Job)
		}
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 201 {
			t.Errorf("a run after a silent job: %d", st)
		}
		if got := monthCSV(); got != oneShotCSV {
			t.Errorf("the run after a silent job differs from the run in one batch")
		}
		if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != 200 {
			t.Errorf("closing after the failed run: %d", st)
		}
	})
}

// postJSON posts a JSON body with a bearer token and returns the status (for
// a request made off the test's goroutine, which must not call t.Fatal).
func postJSON(base, token, path, body string) int {
	req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A whole month's CSV is every payer's invoice basis one after the other. It is
// sent in parts, each logged for the persons it shows before it goes out: the
// request's person.view entries name every person of the file.
func TestBillingMonthCSV(t *testing.T) {
	opts := []testserver.Option{testserver.At(time.Date(2026, 11, 10, 10, 0, 0, 0, domain.Stockholm)),
		testserver.Configure(func(cfg *web.Config, _ string) { cfg.ExportPart = 1024 })}
	testserver.Backends(t, opts, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		var run billingMonthJSON
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, &run); st != 201 {
			t.Fatalf("run: %d", st)
		}
		var want strings.Builder
		for _, p := range run.Payers {
			_, b := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/"+p.Payer+"?format=csv", nil)
			header, rows, _ := strings.Cut(string(b), "\n")
			if want.Len() == 0 {
				want.WriteString(header + "\n")
			}
			want.WriteString(rows)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/billing/runs/2026-10?format=csv", nil)
		req.Header.Set("Authorization", "Bearer "+admin.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || string(body) != want.String() {
			t.Fatalf("the month's CSV: %d %s\n%s\nwant every payer's lines:\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), body, want.String())
		}
		if len(body) < 3*1024 {
			t.Fatalf("a CSV of %d bytes is not sent in parts of 1024", len(body))
		}
		id := resp.Header.Get("X-Request-Id")
		var entries int
		if err := srv.DB.Read().Get(t.Context(), "SELECT COUNT(*) FROM audit_log WHERE request_id = ? AND action = 'person.view'",
			[]any{id}, &entries); err != nil || entries < 2 {
			t.Errorf("%d person.view entries for the CSV in parts (%v), want one a part", entries, err)
		}
		logged := auditedByRequest(t, srv, id, "ADMIN")
		for _, row := range strings.Split(strings.TrimSpace(string(body)), "\n")[1:] {
			pnr := strings.Split(row, ",")[3]
			if _, ok := logged[pnr]; !ok && len(pnr) == 12 {
				if _, err := domain.ParsePersonnummer(pnr); err == nil {
					t.Errorf("%s is in the CSV but not in its log", pnr)
				}
			}
		}
		if st, _ := admin.raw("GET", "/api/v1/billing/runs/2026-09?format=csv", nil); st != 404 {
			t.Errorf("a month not run as CSV: %d, want 404", st)
		}
	})
}
