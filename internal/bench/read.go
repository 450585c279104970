package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

func init() { register("read", runRead) }

// Screens of the read mode, in print order.
const (
	ScreenAids     = "Hjälpmedel"
	ScreenUnit     = "Individkort"
	ScreenSearch   = "Sök artikel"
	ScreenArticle  = "Artikel (saldo)"
	readSampleSize = 2000
)

var readScreens = []string{ScreenAids, ScreenUnit, ScreenSearch, ScreenArticle}

// Targets of issue 3: mixed throughput ≥ 25% of the baseline's, every screen's
// p99 ≤ 3× the baseline's p99.
const (
	TargetThroughputRatio = 0.25
	TargetP99Ratio        = 3.0
)

// ReadResult holds the figures of a read run.
type ReadResult struct {
	Screens         map[string]*Latencies
	Errors          map[string]int64
	Elapsed         time.Duration
	Baseline        *Latencies
	BaselineElapsed time.Duration
	Mixed           *Latencies
}

// runRead is the mixed read load of issue 3 on a database made by
// `hjalpmedel seed --scale N`: Hjälpmedel by personnummer, Individkort, Sök
// artikel by name words with balance, and the article page with balances, in
// equal parts, from logged-in clients; then the same clients on the baseline.
func runRead(ctx context.Context, c *Config) error {
	s, err := sampleReads(ctx, c.DB.Read(), readSampleSize)
	if err != nil {
		return err
	}
	clients, err := loginPrescribers(ctx, c, c.Clients)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Out, "samples: %d persons, %d units, %d articles, %d searches; %d clients logged in\n",
		len(s.persons), len(s.units), len(s.articles), len(s.words), len(clients))
	next := s.mix()
	baseline := func(*rand.Rand) (string, string) { return "baseline", "/bench/baseline" }

	// Warm up both (caches, connections), then measure the baseline and the mix.
	readPhase(ctx, clients, min(2*time.Second, c.Duration), baseline)
	readPhase(ctx, clients, min(3*time.Second, c.Duration), next)
	res := &ReadResult{}
	bl, _, blElapsed := readPhase(ctx, clients, c.Duration, baseline)
	res.Baseline, res.BaselineElapsed = bl["baseline"], blElapsed
	per, errs, elapsed := readPhase(ctx, clients, c.Duration, next)
	res.Screens, res.Errors, res.Elapsed = per, errs, elapsed
	res.Mixed = &Latencies{}
	for _, l := range per {
		res.Mixed.d = append(res.Mixed.d, l.d...)
	}
	reportRead(c.Out, res)
	var failed int64
	for _, n := range errs {
		failed += n
	}
	if failed > 0 {
		return fmt.Errorf("bench: %d requests failed", failed)
	}
	return nil
}

// loginPrescribers logs n clients in through the login form, as active
// prescribers of the data set (round robin when it has fewer).
func loginPrescribers(ctx context.Context, c *Config, n int) ([]*client, error) {
	users, err := c.DB.Read().Strings(ctx, `SELECT u.username FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.role = 'prescriber' AND u.active = TRUE ORDER BY u.id LIMIT ?`, n)
	if err != nil || len(users) == 0 {
		return nil, fmt.Errorf("bench: no prescribers to log in as (%v)", err)
	}
	clients := make([]*client, n)
	for i := range clients {
		if clients[i], err = newClient(c.BaseURL, users[i%len(users)], true); err != nil {
			return nil, err
		}
	}
	return clients, nil
}

// readPhase runs every client in a loop for d; each request's latency goes to its screen.
func readPhase(ctx context.Context, clients []*client, d time.Duration, next func(*rand.Rand) (string, string)) (map[string]*Latencies, map[string]int64, time.Duration) {
	per := map[string]*Latencies{}
	errs := map[string]int64{}
	var mu sync.Mutex
	lat := func(screen string) *Latencies {
		mu.Lock()
		defer mu.Unlock()
		if per[screen] == nil {
			per[screen] = &Latencies{}
		}
		return per[screen]
	}
	rngs := make([]*rand.Rand, len(clients))
	for i := range rngs {
		rngs[i] = rand.New(rand.NewPCG(uint64(i)+1, uint64(time.Now().UnixNano())))
	}
	start := time.Now()
	runFor(ctx, len(clients), d, func(ctx context.Context, w int) error {
		screen, path := next(rngs[w])
		t0 := time.Now()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, clients[w].base+path, nil)
		resp, err := clients[w].http.Do(req)
		if err != nil {
			if ctx.Err() == nil {
				mu.Lock()
				errs[screen]++
				mu.Unlock()
			}
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if ctx.Err() != nil {
			return nil // cut off by the end of the phase: not counted
		}
		lat(screen).Add(time.Since(t0))
		if resp.StatusCode != http.StatusOK {
			mu.Lock()
			errs[screen]++
			mu.Unlock()
			return fmt.Errorf("%s %s: status %d", screen, path, resp.StatusCode)
		}
		return nil
	})
	return per, errs, time.Since(start)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func reportRead(w io.Writer, r *ReadResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "screen\trequests\terrors\treq/s\tp50\tp99\t")
	row := func(name string, l *Latencies, errs int64, elapsed time.Duration) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t\n", name, l.Count(), errs, float64(l.Count())/elapsed.Seconds(),
			ms(l.Percentile(50)), ms(l.Percentile(99)))
	}
	var total int64
	for _, name := range readScreens {
		if l := r.Screens[name]; l != nil {
			row(name, l, r.Errors[name], r.Elapsed)
			total += r.Errors[name]
		}
	}
	row("mixed", r.Mixed, total, r.Elapsed)
	row("baseline (static 50-row table)", r.Baseline, 0, r.BaselineElapsed)
	tw.Flush()
	mixed := float64(r.Mixed.Count()) / r.Elapsed.Seconds()
	base := float64(r.Baseline.Count()) / r.BaselineElapsed.Seconds()
	ratio := mixed / base
	fmt.Fprintf(w, "throughput: mixed %.0f req/s = %.0f%% of the baseline's %.0f req/s (target >= %.0f%%): %s\n",
		mixed, 100*ratio, base, 100*TargetThroughputRatio, verdict(ratio >= TargetThroughputRatio))
	bp99 := r.Baseline.Percentile(99)
	for _, name := range readScreens {
		l := r.Screens[name]
		if l == nil {
			continue
		}
		x := float64(l.Percentile(99)) / float64(bp99)
		fmt.Fprintf(w, "p99 %s: %s = %.1fx the baseline's %s (target <= %.0fx): %s\n", name, ms(l.Percentile(99)), x, ms(bp99), TargetP99Ratio, verdict(x <= TargetP99Ratio))
	}
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

type readSamples struct {
	persons, units, articles, words []string
}

// mix picks the next look-up of the read mix: the four screens in equal parts,
// on the sampled persons, units, articles and searches.
func (s *readSamples) mix() func(rng *rand.Rand) (string, string) {
	return func(rng *rand.Rand) (string, string) {
		switch rng.IntN(4) {
		case 0:
			return ScreenAids, "/hjalpmedel?personnummer=" + s.persons[rng.IntN(len(s.persons))]
		case 1:
			return ScreenUnit, "/individkort/" + url.PathEscape(s.units[rng.IntN(len(s.units))])
		case 2:
			return ScreenSearch, "/artiklar?saldo=1&benamning=" + url.QueryEscape(s.words[rng.IntN(len(s.words))])
		default:
			return ScreenArticle, "/artiklar/" + url.PathEscape(s.articles[rng.IntN(len(s.articles))])
		}
	}
}

// sampleReads picks persons who hold something, units that are held, articles
// and two-word name searches, with index seeks from random points (no scans).
func sampleReads(ctx context.Context, q *store.Q, n int) (*readSamples, error) {
	var maxHolding int64
	if err := q.Get(ctx, "SELECT COALESCE(MAX(id), 0) FROM holdings", nil, &maxHolding); err != nil {
		return nil, err
	}
	if maxHolding == 0 {
		return nil, errors.New("bench: the database has no holdings; make it with `hjalpmedel seed --scale N`")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	s := &readSamples{}
	seenP, seenU := map[string]bool{}, map[string]bool{}
	for tries := 0; tries < 20*n && (len(s.persons) < n || len(s.units) < n); tries++ {
		var pnr, unit string
		err := q.Get(ctx, `SELECT COALESCE(recipient_personnummer, ''), COALESCE(unit_number, '') FROM holdings
			WHERE id >= ? AND end_date IS NULL ORDER BY id LIMIT 1`, []any{rng.Int64N(maxHolding) + 1}, &pnr, &unit)
		if err == store.ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if pnr != "" && !seenP[pnr] && len(s.persons) < n {
			seenP[pnr] = true
			s.persons = append(s.persons, pnr)
		}
		if unit != "" && !seenU[unit] && len(s.units) < n {
			seenU[unit] = true
			s.units = append(s.units, unit)
		}
	}
	var maxArticle string
	if err := q.Get(ctx, "SELECT MAX(number) FROM articles", nil, &maxArticle); err != nil {
		return nil, err
	}
	numbers, err := q.Strings(ctx, "SELECT number FROM articles ORDER BY number LIMIT 1")
	if err != nil || len(numbers) == 0 {
		return nil, fmt.Errorf("bench: no articles (%v)", err)
	}
	seenA := map[string]bool{}
	for tries := 0; tries < 20*n && len(s.articles) < n; tries++ {
		var number, name string
		start := fmt.Sprint(rng.IntN(1_000_000))
		err := q.Get(ctx, `SELECT number, name FROM articles WHERE number >= ? AND in_assortment = TRUE ORDER BY number LIMIT 1`,
			[]any{start}, &number, &name)
		if err == store.ErrNotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if seenA[number] {
			continue
		}
		seenA[number] = true
		s.articles = append(s.articles, number)
		if w := searchWords(name, rng); w != "" {
			s.words = append(s.words, w)
		}
	}
	if len(s.persons) == 0 || len(s.units) == 0 || len(s.articles) == 0 || len(s.words) == 0 {
		return nil, fmt.Errorf("bench: too little data: %d persons, %d units, %d articles", len(s.persons), len(s.units), len(s.articles))
	}
	return s, nil
}

// searchWords makes what a prescriber types: two words of the name in the other
// order, the second cut to a prefix ("cross rullst").
func searchWords(name string, rng *rand.Rand) string {
	var words []string
	for _, w := range domain.Words(name) {
		if len([]rune(w)) >= 4 && !strings.ContainsAny(w, "0123456789") {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return ""
	}
	first := words[0]
	if len([]rune(first)) > 6 {
		first = string([]rune(first)[:6])
	}
	if len(words) == 1 {
		return first
	}
	second := words[1+rng.IntN(len(words)-1)]
	return second + " " + first
}
