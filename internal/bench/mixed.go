package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"hjalpmedel/internal/csvsafe"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// The mixed workload (issue 17): a real day on a generated data set. Logged-in
// prescribers do the look-up mix of the read mode, other clients place orders
// through the API and warehouse clients deliver them, all the time; in the
// middle of the run the long jobs start — a billing run of a whole month over
// every holding and a 10,000-row catalogue import — and the figures are kept
// apart for the quiet phase and the job phase. The yardstick is the read mode's
// static-template baseline, loaded by the same prescriber clients in a phase of
// its own while the order and delivery clients run as in the quiet phase.

func init() {
	register("mixed", runMixed)
	onExisting["mixed"] = existingDefaults{DB: "data/bench.db", Clients: 32, Duration: 20 * time.Second}
	servedApart["mixed"] = true // the target of serve's memory
}

// The mixed run's fixed parts; --clients sets the prescribers.
const (
	mixedOrderers   = 16
	mixedDeliverers = 4
	mixedImportRows = 10000
	// mixedJobLimit ends a run whose jobs hang.
	mixedJobLimit = 15 * time.Minute
)

// Classes of the mixed run besides the look-up screens.
const (
	ClassLookups    = "look-ups (mixed)"
	ClassOrders     = "orders (API)"
	ClassDeliveries = "deliveries (API)"
	ClassBaseline   = "baseline (static 50-row table)"
)

// Targets of issue 17.
const (
	TargetQuietThroughputRatio = 0.40      // quiet look-ups' throughput to the baseline's
	TargetQuietP99Ratio        = 2.5       // quiet: each screen's p99 to the baseline's
	TargetJobP99Ratio          = 3.0       // during the jobs: each interactive class's p99 to the baseline's
	TargetServeRSS             = 300 << 20 // serve's resident memory through the run, bytes
)

// phase holds what happened between two moments of a mixed run; a request
// counts in the phase it started in.
type phase struct {
	name     string
	baseline bool // the prescribers load the baseline instead of the mix
	start    time.Time
	end      time.Time

	mu       sync.Mutex
	lat      map[string]*Latencies
	orders   []*Latencies // by orderWindow from start, of the orders that started in it
	errs     map[string]int64
	firstErr error
	peakRSS  int64 // serve's, bytes, sampled
	peakAnon int64 // of it anonymous (procMemory.Anon), sampled
}

func newPhase(name string, baseline bool) *phase {
	return &phase{name: name, baseline: baseline, lat: map[string]*Latencies{}, errs: map[string]int64{}}
}

// orderWindow is the span of the orders' p99 that the report gives through a
// phase: where in the jobs phase the orders' tail is.
const orderWindow = 30 * time.Second

func (p *phase) add(class string, t0 time.Time, d time.Duration) {
	p.mu.Lock()
	l := p.lat[class]
	if l == nil {
		l = &Latencies{}
		p.lat[class] = l
	}
	var w *Latencies
	if class == ClassOrders {
		i := max(int(t0.Sub(p.start)/orderWindow), 0)
		for len(p.orders) <= i {
			p.orders = append(p.orders, &Latencies{})
		}
		w = p.orders[i]
	}
	p.mu.Unlock()
	l.Add(d)
	if w != nil {
		w.Add(d)
	}
}

func (p *phase) fail(class string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errs[class]++
	if p.firstErr == nil {
		p.firstErr = fmt.Errorf("%s: %w", class, err)
	}
}

func (p *phase) noteRSS(m procMemory) {
	p.mu.Lock()
	p.peakRSS = max(p.peakRSS, m.RSS)
	p.peakAnon = max(p.peakAnon, m.Anon)
	p.mu.Unlock()
}

func (p *phase) elapsed() time.Duration { return p.end.Sub(p.start) }

func (p *phase) rate(class string) float64 {
	l := p.lat[class]
	if l == nil || p.elapsed() <= 0 {
		return 0
	}
	return float64(l.Count()) / p.elapsed().Seconds()
}

func (p *phase) p99(class string) time.Duration {
	if l := p.lat[class]; l != nil {
		return l.Percentile(99)
	}
	return 0
}

func (p *phase) errors() int64 {
	var n int64
	for _, e := range p.errs {
		n += e
	}
	return n
}

// mixedJob is a long job started in the middle of the run; run returns a line
// that says what it did.
type mixedJob struct {
	name string
	run  func(ctx context.Context) (string, error)
}

// jobResult is a job's outcome.
type jobResult struct {
	name    string
	took    time.Duration
	summary string
	err     error
}

func runMixed(ctx context.Context, c *Config) error {
	s, err := sampleReads(ctx, c.DB.Read(), readSampleSize)
	if err != nil {
		return err
	}
	var holdings int64
	if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM holdings", nil, &holdings); err != nil {
		return err
	}
	if err := prepareStock(ctx, c.DB); err != nil {
		return err
	}
	reserved, err := reservedByArticle(ctx, c.DB)
	if err != nil {
		return err
	}
	prescribers, err := loginPrescribers(ctx, c, c.Clients)
	if err != nil {
		return err
	}
	orderers := make([]*client, mixedOrderers)
	for i := range orderers {
		if orderers[i], err = newClient(c.BaseURL, benchPrescribers[i%len(benchPrescribers)], false); err != nil {
			return err
		}
	}
	lager, err := newClient(c.BaseURL, "LAGER", false)
	if err != nil {
		return err
	}
	admin, err := newClient(c.BaseURL, "ADMIN", false)
	if err != nil {
		return err
	}
	admin.http.Timeout = mixedJobLimit
	month := domain.MonthOf(c.Svc.Today()).AddDate(0, -1, 0).Format("2006-01")
	importCSV, err := catalogueImportFile(ctx, c.DB, mixedImportRows)
	if err != nil {
		return err
	}
	recalled, err := recallSample(ctx, c.DB, recallUnits)
	if err != nil {
		return err
	}
	// The long jobs, started together at the start of the job phase.
	jobs := []mixedJob{
		{name: "billing run " + month, run: func(ctx context.Context) (string, error) { return billingJob(ctx, c, admin, month) }},
		{name: fmt.Sprintf("catalogue import (%d rows)", bytes.Count(importCSV, []byte("\n"))-1), run: func(ctx context.Context) (string, error) { return importJob(admin, importCSV) }},
		{name: fmt.Sprintf("recall listing (%d units)", len(recalled)), run: func(ctx context.Context) (string, error) { return recallJob(ctx, admin, recalled) }},
	}
	if c.NoJobs {
		jobs = nil
	}
	fmt.Fprintf(c.Out, "data set: %d holdings; samples: %d persons, %d units, %d articles, %d searches\n",
		holdings, len(s.persons), len(s.units), len(s.articles), len(s.words))
	fmt.Fprintf(c.Out, "clients: %d prescribers (look-up mix), %d placing API orders, %d delivering; jobs: %s\n",
		len(prescribers), len(orderers), mixedDeliverers, jobNames(jobs))

	var cur atomic.Pointer[phase] // nil: warm-up, not recorded
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	worker := func(n int, fn func(ctx context.Context, w int, p *phase)) {
		for w := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for wctx.Err() == nil {
					fn(wctx, w, cur.Load())
				}
			}()
		}
	}
	record := func(p *phase, class string, t0 time.Time, err error) {
		if p == nil || wctx.Err() != nil {
			return // warm-up, or cut off by the end of the run
		}
		if err != nil {
			p.fail(class, err)
			return
		}
		p.add(class, t0, time.Since(t0))
	}

	next := s.mix()
	rngs := make([]*rand.Rand, len(prescribers))
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(uint64(i)+1, uint64(time.Now().UnixNano())))
	}
	worker(len(prescribers), func(ctx context.Context, w int, p *phase) {
		screen, path := next(rngs[w])
		if p != nil && p.baseline {
			screen, path = ClassBaseline, "/bench/baseline"
		}
		t0 := time.Now()
		err := prescribers[w].get(ctx, path)
		record(p, screen, t0, err)
		if p != nil && screen != ClassBaseline {
			record(p, ClassLookups, t0, err)
		}
	})
	numbers := make(chan string, 1<<16)
	runID := time.Now().UnixNano() // keys of earlier runs on the same data set must not repeat
	var seq atomic.Int64
	worker(len(orderers), func(ctx context.Context, w int, p *phase) {
		t0 := time.Now()
		number, err := orderers[w].orderAPI(fmt.Sprintf("mixed-%d-%d-%d", runID, w, seq.Add(1)))
		record(p, ClassOrders, t0, err)
		if err == nil {
			select {
			case numbers <- number:
			default: // the deliverers are far behind: this order stays open
			}
		}
	})
	worker(mixedDeliverers, func(ctx context.Context, w int, _ *phase) {
		var number string
		select {
		case number = <-numbers:
		case <-ctx.Done():
			return
		}
		p := cur.Load() // the phase the delivery starts in, after the wait for an order
		t0 := time.Now()
		st, body, err := lager.post("/api/v1/orders/"+number+"/deliver", nil)
		if err == nil && st != http.StatusOK {
			err = fmt.Errorf("deliver %s: %d %.300s", number, st, body)
		}
		record(p, ClassDeliveries, t0, err)
	})
	go sampleRSS(wctx, c.Server, &cur)

	quietFor := c.Duration
	time.Sleep(min(3*time.Second, quietFor))
	phases := []*phase{newPhase("baseline", true), newPhase("quiet", false)}
	for _, p := range phases {
		p.start = time.Now()
		cur.Store(p)
		time.Sleep(quietFor)
		p.end = time.Now()
		noteRSS(c.Server, p)
	}
	var jp *phase // nil without jobs
	results := make([]jobResult, len(jobs))
	if len(jobs) > 0 {
		jp = newPhase("jobs", false)
		phases = append(phases, jp)
		jp.start = time.Now()
		cur.Store(jp)
		jctx, jcancel := context.WithTimeout(ctx, mixedJobLimit)
		var jwg sync.WaitGroup
		for i, j := range jobs {
			jwg.Add(1)
			go func() {
				defer jwg.Done()
				t0 := time.Now()
				sum, err := j.run(jctx)
				results[i] = jobResult{name: j.name, took: time.Since(t0), summary: sum, err: err}
			}()
		}
		jwg.Wait()
		jcancel()
		jp.end = time.Now()
		noteRSS(c.Server, jp)
	}
	cur.Store(nil)
	stop()
	wg.Wait()
	mem, err := c.Server.memory()
	if err != nil {
		return err
	}

	reportMixed(c.Out, phases[0], phases[1], jp, results, mem.Peak)
	var failed []string
	for _, p := range phases {
		if n := p.errors(); n > 0 {
			failed = append(failed, fmt.Sprintf("%d requests failed in the %s phase (first: %v)", n, p.name, p.firstErr))
		}
	}
	for _, r := range results {
		if r.err != nil {
			failed = append(failed, fmt.Sprintf("%s failed: %v", r.name, r.err))
		}
	}
	if err := checkConsistency(ctx, c, reserved); err != nil {
		failed = append(failed, err.Error())
	}
	if len(failed) > 0 {
		return fmt.Errorf("bench: %s", strings.Join(failed, "; "))
	}
	return nil
}

func jobNames(jobs []mixedJob) string {
	var names []string
	for _, j := range jobs {
		names = append(names, j.name)
	}
	return strings.Join(names, ", ")
}

// get loads a page and reads it whole; anything but 200 is an error.
func (c *client) get(ctx context.Context, path string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, resp.StatusCode)
	}
	return nil
}

// postRaw posts a body of a content type and returns the status and answer.
func (c *client) postRaw(path, contentType string, body []byte) (int, []byte, error) {
	req, _ := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// billingJob runs a month's billing through the API and checks that the run
// is there, open, with the lines the answer counts.
func billingJob(ctx context.Context, c *Config, admin *client, month string) (string, error) {
	st, body, err := admin.post("/api/v1/billing/runs", map[string]string{"month": month})
	if err != nil {
		return "", err
	}
	if st != http.StatusCreated {
		return "", fmt.Errorf("POST /api/v1/billing/runs: %d %.300s", st, body)
	}
	var run billingRunAnswer
	if err := json.Unmarshal(body, &run); err != nil {
		return "", err
	}
	lines := 0
	for _, p := range run.Payers {
		lines += p.Lines
	}
	var stored int
	if err := c.DB.Read().Get(ctx, "SELECT COUNT(*) FROM billing_lines WHERE month = ?", []any{month}, &stored); err != nil {
		return "", err
	}
	if run.Status != "open" || stored != lines {
		return "", fmt.Errorf("billing %s: status %q, %d lines in the answer, %d stored", month, run.Status, lines, stored)
	}
	return fmt.Sprintf("%d lines for %d payers, total %s kr", lines, len(run.Payers), run.Total), nil
}

type billingRunAnswer struct {
	Status string
	Total  string
	Payers []struct{ Lines int }
}

// importJob imports the catalogue file through the API; every row must be applied.
func importJob(admin *client, file []byte) (string, error) {
	st, body, err := admin.postRaw("/api/v1/articles/import", "text/csv", file)
	if err != nil {
		return "", err
	}
	var res struct {
		Applied bool
		Rows    int
		Updated int
		Errors  []json.RawMessage
	}
	if st != http.StatusOK || json.Unmarshal(body, &res) != nil || !res.Applied || len(res.Errors) > 0 || res.Updated != res.Rows {
		return "", fmt.Errorf("POST /api/v1/articles/import: %d %.300s", st, body)
	}
	return fmt.Sprintf("%d rows, %d articles updated", res.Rows, res.Updated), nil
}

// catalogueImportFile makes a catalogue CSV of n articles of the data set as
// they are, with a new description each run, so the import updates every row.
func catalogueImportFile(ctx context.Context, db *store.DB, n int) ([]byte, error) {
	// The scale articles (600000 …) sort first; a small data set gives what it has.
	numbers, err := db.Read().Strings(ctx, "SELECT number FROM articles ORDER BY number DESC LIMIT ?", n)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	w.Write([]string{"number", "name", "unitOfMeasure", "isoCode", "supplier", "supplierArticleNumber", "product", "productName",
		"status", "inAssortment", "individual", "purpose", "depreciationMonths", "serviceLevel", "responsibility", "visionAid",
		"notOrderable", "notOrderableText", "leadTimeDays", "description"})
	stamp := time.Now().Format(time.DateTime)
	b := strconv.FormatBool
	for _, nr := range numbers {
		a, err := db.Read().FindCatalogArticle(ctx, nr)
		if err != nil {
			return nil, err
		}
		w.Write([]string{a.Number, a.Name, a.UnitOfMeasure, a.ISOCode, a.SupplierName, a.SupplierArticleNumber, a.Product,
			a.ProductName, a.Status, b(a.InAssortment), b(a.Individual), a.Purpose, strconv.Itoa(a.DepreciationMonths),
			a.ServiceLevel, a.Responsibility, b(a.VisionAid), b(a.NotOrderable), a.NotOrderableText, strconv.Itoa(a.LeadTimeDays),
			"Importerad av bench " + stamp})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// sampleRSS notes serve's resident memory in the running phase.
func sampleRSS(ctx context.Context, srv *serveProcess, cur *atomic.Pointer[phase]) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if p := cur.Load(); p != nil {
			noteRSS(srv, p)
		}
	}
}

func noteRSS(srv *serveProcess, p *phase) {
	if m, err := srv.memory(); err == nil {
		p.noteRSS(m)
	}
}

var mixedClasses = []string{ScreenAids, ScreenUnit, ScreenSearch, ScreenArticle, ClassLookups, ClassOrders, ClassDeliveries, ClassBaseline}

// reportMixed writes the phases' figures, the jobs' and the verdicts on the
// targets; servePeak is serve's most resident memory through the run (VmHWM).
func reportMixed(w io.Writer, base, quiet, jobs *phase, results []jobResult, servePeak int64) {
	for _, p := range []*phase{base, quiet, jobs} {
		if p == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s phase: %.1fs, peak RSS of serve %d MB\n", p.name, p.elapsed().Seconds(), p.peakRSS>>20)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "class\trequests\terrors\treq/s\tp50\tp99\tmax\t")
		for _, class := range mixedClasses {
			l := p.lat[class]
			if l == nil && p.errs[class] == 0 {
				continue
			}
			if l == nil {
				l = &Latencies{}
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t\n", class, l.Count(), p.errs[class], p.rate(class),
				ms(l.Percentile(50)), ms(l.Percentile(99)), ms(l.Percentile(100)))
		}
		tw.Flush()
		if p == jobs && len(p.orders) > 1 {
			fmt.Fprintf(w, "orders' p99 by %s of the phase:", orderWindow)
			for _, l := range p.orders {
				fmt.Fprintf(w, " %s", ms(l.Percentile(99)))
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(w, "job %s: FAILED after %.1fs: %v\n", r.name, r.took.Seconds(), r.err)
			continue
		}
		fmt.Fprintf(w, "job %s: %.1fs (%s)\n", r.name, r.took.Seconds(), r.summary)
	}
	var anon int64
	for _, p := range []*phase{base, quiet, jobs} {
		if p != nil {
			anon = max(anon, p.peakAnon)
		}
	}
	fmt.Fprintf(w, "serve peak RSS %d MB (target < %d MB): %s; of it anonymous (the heaps, without mapped files) at most %d MB\n",
		servePeak>>20, TargetServeRSS>>20, verdict(servePeak < TargetServeRSS), anon>>20)
	bp99 := base.p99(ClassBaseline)
	if bp99 <= 0 {
		return
	}
	ratio := quiet.rate(ClassLookups) / base.rate(ClassBaseline)
	fmt.Fprintf(w, "quiet: look-ups %.0f req/s = %.0f%% of the baseline's %.0f req/s (target >= %.0f%%): %s\n",
		quiet.rate(ClassLookups), 100*ratio, base.rate(ClassBaseline), 100*TargetQuietThroughputRatio, verdict(ratio >= TargetQuietThroughputRatio))
	for _, class := range readScreens {
		x := float64(quiet.p99(class)) / float64(bp99)
		fmt.Fprintf(w, "quiet: p99 %s %s = %.1fx the baseline's %s (target <= %.1fx): %s\n", class, ms(quiet.p99(class)), x, ms(bp99),
			TargetQuietP99Ratio, verdict(x <= TargetQuietP99Ratio))
	}
	for _, class := range []string{ScreenAids, ScreenUnit, ScreenSearch, ScreenArticle, ClassOrders, ClassDeliveries} {
		if jobs == nil || jobs.lat[class] == nil {
			continue
		}
		x := float64(jobs.p99(class)) / float64(bp99)
		own := ""
		if q := quiet.p99(class); q > 0 {
			own = fmt.Sprintf("; %.1fx its quiet p99", float64(jobs.p99(class))/float64(q))
		}
		fmt.Fprintf(w, "jobs: p99 %s %s = %.1fx the baseline's (target <= %.0fx): %s%s\n", class, ms(jobs.p99(class)), x,
			TargetJobP99Ratio, verdict(x <= TargetJobP99Ratio), own)
	}
}
