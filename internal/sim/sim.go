// Package sim is the lending cycle's lifecycle simulation (SPEC §10.1, issue 11):
// a deterministic, seeded model that plays a lending centre's actors day by day
// through the same service methods the pages and the API call, on a clock it
// controls, and checks the system's invariants after every simulated day.
//
// The actors: prescribers order for patients and refill a local store (with
// base configurations, accessories and Kompl. individ), register pickups, work
// orders and BMBs and answer the BMBs sent to them; the warehouse receives
// goods, delivers, receives returns and reconditions units; the technician
// closes work orders; customer service cancels orders and pickups and unlocks
// locked BMBs; the admin changes prices, imports the catalogue and bills and
// closes every month. Actions the rules forbid are tried too and must be refused.
//
// The simulation only writes through internal/service. It reads the database
// directly to choose what to act on (what a person sees on the screens) and to
// check the invariants.
package sim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

// DefaultStart is the first simulated day when Config.Start is zero.
var DefaultStart = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// Config sizes a run.
type Config struct {
	Seed uint64
	Days int
	// Start is the first simulated civil date (zero: DefaultStart).
	Start time.Time
	// Prescribers are created by the admin besides the demo's two (0: 4).
	Prescribers int
	// Patients are added to the population registry besides the demo's (0: 40).
	Patients int
	// Progress is called after every simulated day.
	Progress func(day, days int)
}

// MonthBill is a closed month's billing.
type MonthBill struct {
	Month  string
	Lines  int
	Billed domain.Ore
}

// Report is what a run did.
type Report struct {
	Seed       uint64
	Days       int
	Start, End time.Time
	Actions    map[string]int // successful actions by kind
	Refused    map[string]int // forbidden actions tried and refused, by kind
	Checks     int            // invariant checks passed
	Relent     int            // units delivered more than once (lent again after reconditioning)
	Months     []MonthBill    // closed months, oldest first
}

// Sim is one simulation over one database.
type Sim struct {
	cfg Config
	db  *store.DB
	svc *service.Service
	rng *rand.Rand

	now   time.Time // the service's clock
	today time.Time // civil date being played

	admin, cs, wh, tech *service.Actor
	prescribers         []*service.Actor
	patients            []string
	art                 articleSets
	closed              map[string]string // closed month -> its billing as stored at closing
	serial              int
	rep                 *Report
}

// articleSets are the articles the actors use, chosen from the catalogue.
type articleSets struct {
	main        []string // individually tracked rent articles (with a base configuration first)
	plain       []string // rent articles without units
	buy         []string // purchased articles
	components  []string // components ordered alone for a unit (Kompl. individ)
	parts       []string // spare parts technicians use
	accessories map[string][]string
	blocked     []string // not orderable
	unavailable []string // discontinued or outside the assortment
	rentPriced  []string // articles whose rent the admin changes
}

// New loads the demo data into db (a fresh, migrated database) and sets up the
// actors. The service it returns runs on the simulation's clock.
func New(ctx context.Context, db *store.DB, cfg Config) (*Sim, error) {
	if cfg.Days <= 0 {
		return nil, errors.New("sim: days must be positive")
	}
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.Prescribers == 0 {
		cfg.Prescribers = 4
	}
	if cfg.Patients == 0 {
		cfg.Patients = 40
	}
	s := &Sim{cfg: cfg, db: db, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5157)), closed: map[string]string{}}
	s.svc = service.New(db.Repo(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.svc.Clock = func() time.Time { return s.now }
	// Small billing batches, all but two waiting for the writer in the
	// temporary file: every month's run writes its lines in many transactions,
	// and the reference checks the result all the same.
	s.svc.BillingBatch, s.svc.BillingInMemory = 7, 2
	s.startDay(time.Date(cfg.Start.Year(), cfg.Start.Month(), cfg.Start.Day(), 0, 0, 0, 0, time.UTC))
	s.rep = &Report{Seed: cfg.Seed, Start: s.today, Actions: map[string]int{}, Refused: map[string]int{}}
	if err := demo.Load(ctx, db, s.now); err != nil {
		return nil, fmt.Errorf("sim: demo data: %w", err)
	}
	if err := db.SyncSequences(ctx); err != nil {
		return nil, err
	}
	if err := s.setup(ctx); err != nil {
		return nil, fmt.Errorf("sim: setup: %w", err)
	}
	return s, nil
}

// Service is the service the simulation acts through.
func (s *Sim) Service() *service.Service { return s.svc }

// startDay moves the clock to 07:00 in Sweden on the civil date day.
func (s *Sim) startDay(day time.Time) {
	s.today = day
	s.now = time.Date(day.Year(), day.Month(), day.Day(), 7, 0, 0, 0, domain.Stockholm)
}

// tick advances the clock a little, so actions of a day have distinct times.
func (s *Sim) tick() { s.now = s.now.Add(time.Duration(20+s.rng.IntN(100)) * time.Second) }

func (s *Sim) actor(ctx context.Context, username string) (*service.Actor, error) {
	u, err := s.db.Read().FindUserByUsername(ctx, username)
	if err != nil {
		return nil, fmt.Errorf("user %s: %w", username, err)
	}
	return &service.Actor{User: u, RequestID: "sim"}, nil
}

// setup creates the actors and picks the articles.
func (s *Sim) setup(ctx context.Context) error {
	var err error
	for _, x := range []struct {
		p    **service.Actor
		name string
	}{{&s.admin, "ADMIN"}, {&s.cs, "KUNDTJANST"}, {&s.wh, "LAGER"}, {&s.tech, "TEKNIKER"}} {
		if *x.p, err = s.actor(ctx, x.name); err != nil {
			return err
		}
	}
	for _, name := range []string{"K082LNO", "K082KBN"} {
		a, err := s.actor(ctx, name)
		if err != nil {
			return err
		}
		s.prescribers = append(s.prescribers, a)
	}
	customers := []string{"2990", "1464", "3110"}
	for i := range s.cfg.Prescribers {
		links := []string{"2990"}
		for _, c := range customers[1:] {
			if s.rng.IntN(2) == 0 {
				links = append(links, c)
			}
		}
		in := service.UserInput{Username: fmt.Sprintf("SIM%02d", i+1), Name: fmt.Sprintf("Simulerad förskrivare %d", i+1),
			Roles: []domain.Role{domain.RolePrescriber}, Customers: links, CanPrescribe: true, ServiceDepartmentID: 1}
		s.tick()
		if _, err := s.svc.AdminCreateUser(ctx, s.admin, in, "Simulering-2027"); err != nil {
			return fmt.Errorf("create prescriber %s: %w", in.Username, err)
		}
		s.rep.Actions["user.create"]++
		a, err := s.actor(ctx, in.Username)
		if err != nil {
			return err
		}
		s.prescribers = append(s.prescribers, a)
	}
	if err := s.addPatients(ctx); err != nil {
		return err
	}
	if err := s.pickArticles(ctx); err != nil {
		return err
	}
	// Two main aids depreciate after 13 months, so units received during the run
	// depreciate within it (and a unit bought on the 29th–31st of January is
	// depreciated on the last day of February, SPEC §7), their components then
	// costing nothing.
	for _, number := range s.art.main[:min(2, len(s.art.main))] {
		art, err := s.db.Read().FindCatalogArticle(ctx, number)
		if err != nil {
			return err
		}
		in := service.ArticleInput{CatalogArticle: *art, Supplier: art.SupplierName}
		in.DepreciationMonths = 13
		s.tick()
		if _, err := s.svc.SaveArticle(ctx, s.admin, in, false); err != nil {
			return fmt.Errorf("depreciation of %s: %w", number, err)
		}
		s.rep.Actions["article.depreciation"]++
	}
	return nil
}

// addPatients adds registry persons (the population registry is fed from
// outside the system, so this is the one write that does not go through the service).
func (s *Sim) addPatients(ctx context.Context) error {
	first := []string{"Anna", "Lars", "Karin", "Olle", "Maja", "Nils", "Elin", "Per", "Sigrid", "Tor"}
	last := []string{"Simsson", "Modellsson", "Dagberg", "Körnäs", "Fröström"}
	err := s.db.Transact(ctx, func(q *store.Q) error {
		for i := range s.cfg.Patients {
			birth := fmt.Sprintf("19%02d%02d%02d", 30+i%40, 1+i%12, 1+i%28)
			nine := birth[2:] + fmt.Sprintf("%03d", 500+i%400)
			pnr := birth + nine[6:] + string(domain.LuhnCheckDigit(nine))
			fn, ln := first[i%len(first)], last[(i/len(first))%len(last)]
			if _, err := q.Exec(ctx, `INSERT INTO persons (personnummer, first_name, last_name, street, postal_code, town, phone, sex,
				last_name_folded, first_name_folded, street_folded, town_folded)
				VALUES (?, ?, ?, ?, '96131', 'BODEN', '0921-100 00', ?, ?, ?, ?, 'boden') ON CONFLICT (personnummer) DO NOTHING`,
				pnr, fn, ln, fmt.Sprintf("Simgatan %d", i+1), []string{"K", "M"}[i%2], domain.Fold(ln), domain.Fold(fn),
				domain.Fold(fmt.Sprintf("Simgatan %d", i+1))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.patients, err = s.db.Read().Strings(ctx, "SELECT personnummer FROM persons WHERE deceased_date IS NULL ORDER BY personnummer")
	return err
}

// pickArticles chooses the articles the actors order, deterministically from the seed.
func (s *Sim) pickArticles(ctx context.Context) error {
	q := s.db.Read()
	orderable := `a.in_assortment AND NOT a.not_orderable AND a.status = 'stocked' AND NOT a.vision_aid
		AND NOT EXISTS (SELECT 1 FROM replacement_chain_articles r WHERE r.article_number = a.number)`
	rentPriced := ` AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'rent' AND p.amount_ore > 0)`
	list := func(where string) ([]string, error) {
		return q.Strings(ctx, "SELECT a.number FROM articles a WHERE "+where+" ORDER BY a.number")
	}
	pick := func(from []string, n int) []string {
		from = slices.Clone(from)
		s.rng.Shuffle(len(from), func(i, j int) { from[i], from[j] = from[j], from[i] })
		return from[:min(n, len(from))]
	}
	var err error
	withBase, err := list(orderable + ` AND a.individual AND a.purpose = 'rent'
		AND EXISTS (SELECT 1 FROM article_base_components b WHERE b.article_number = a.number)`)
	if err != nil {
		return err
	}
	mains, err := list(orderable + ` AND a.individual AND a.purpose = 'rent'` + rentPriced)
	if err != nil {
		return err
	}
	s.art.main = append(pick(withBase, 1), pick(mains, 5)...)
	if s.art.plain, err = list(orderable + ` AND NOT a.individual AND a.purpose = 'rent'` + rentPriced); err != nil {
		return err
	}
	s.art.plain = pick(s.art.plain, 6)
	if s.art.buy, err = list(orderable + ` AND NOT a.individual AND a.purpose = 'buy'
		AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'sale' AND p.amount_ore > 0)`); err != nil {
		return err
	}
	s.art.buy = pick(s.art.buy, 3)
	if s.art.components, err = list(orderable + ` AND NOT a.individual AND a.purpose = 'rent'` + rentPriced + `
		AND EXISTS (SELECT 1 FROM article_base_components b WHERE b.component_number = a.number)`); err != nil {
		return err
	}
	s.art.components = pick(s.art.components, 4)
	if s.art.parts, err = list(`a.status = 'stocked' AND NOT a.individual
		AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'sale' AND p.amount_ore > 0)`); err != nil {
		return err
	}
	s.art.parts = pick(s.art.parts, 3)
	s.art.accessories = map[string][]string{}
	for _, m := range s.art.main {
		acc, err := q.Strings(ctx, `SELECT DISTINCT i.component_number FROM accessory_templates t
			JOIN accessory_template_items i ON i.template_id = t.id JOIN articles a ON a.number = i.component_number
			WHERE t.article_number = ? AND `+orderable+` ORDER BY i.component_number`, m)
		if err != nil {
			return err
		}
		s.art.accessories[m] = acc
	}
	if s.art.blocked, err = list(`a.not_orderable`); err != nil {
		return err
	}
	if s.art.unavailable, err = list(`NOT a.not_orderable AND (a.status = 'discontinued' OR NOT a.in_assortment)`); err != nil {
		return err
	}
	for _, a := range append(append(slices.Clone(s.art.main), s.art.plain...), s.art.components...) {
		if !slices.Contains(s.art.rentPriced, a) {
			s.art.rentPriced = append(s.art.rentPriced, a)
		}
	}
	if len(s.art.main) == 0 || len(s.art.plain) == 0 {
		return errors.New("the catalogue has no orderable rent articles")
	}
	return nil
}

// Run plays the configured days and returns what happened. It stops at the first
// invariant that does not hold or action that fails unexpectedly, with an error
// naming the day; the report then covers the days played.
func (s *Sim) Run(ctx context.Context) (*Report, error) {
	for d := range s.cfg.Days {
		if err := ctx.Err(); err != nil {
			return s.rep, err
		}
		if d > 0 {
			s.startDay(s.today.AddDate(0, 0, 1))
		}
		if err := s.playDay(ctx); err != nil {
			return s.rep, fmt.Errorf("%s: %w", civil(s.today), err)
		}
		if err := s.check(ctx); err != nil {
			return s.rep, fmt.Errorf("%s: after the day: %w", civil(s.today), err)
		}
		s.rep.Days, s.rep.End = d+1, s.today
		if s.cfg.Progress != nil {
			s.cfg.Progress(d+1, s.cfg.Days)
		}
	}
	// At the end every closed month is compared with the reference once more: the
	// holdings of a closed month must not have changed since.
	months := make([]string, 0, len(s.closed))
	for m := range s.closed {
		months = append(months, m)
	}
	sort.Strings(months)
	for _, m := range months {
		if err := s.compareReference(ctx, m); err != nil {
			return s.rep, err
		}
	}
	err := s.db.Read().Get(ctx, `SELECT COUNT(*) FROM (SELECT unit_number FROM unit_events WHERE kind = 'delivered'
		GROUP BY unit_number HAVING COUNT(*) > 1) x`, nil, &s.rep.Relent)
	return s.rep, err
}

// check runs the invariants and compares every closed month with its snapshot.
func (s *Sim) check(ctx context.Context) error {
	q := s.db.Read()
	violations, n, err := checkAll(ctx, q)
	if err != nil {
		return err
	}
	if len(violations) > 0 {
		return fmt.Errorf("invariants broken:\n  %s", strings.Join(violations[:min(len(violations), 20)], "\n  "))
	}
	s.rep.Checks += n
	for m, snap := range s.closed {
		now, err := monthSnapshot(ctx, q, m)
		if err != nil {
			return err
		}
		if now != snap {
			return fmt.Errorf("closed month %s changed:\nat closing:\n%s\nnow:\n%s", m, snap, now)
		}
		s.rep.Checks++
	}
	return nil
}

// compareReference compares a month's stored billing with the reference computation.
func (s *Sim) compareReference(ctx context.Context, month string) error {
	diffs, _, err := compareReference(ctx, s.db.Read(), month)
	if err != nil {
		return err
	}
	if len(diffs) > 0 {
		return fmt.Errorf("billing of %s differs from the reference (SPEC §7):\n  %s", month, strings.Join(diffs[:min(len(diffs), 20)], "\n  "))
	}
	s.rep.Checks++
	return nil
}

// done counts a successful action, or turns its error into the run's failure.
func (s *Sim) done(kind string, err error) error {
	if err != nil {
		return fmt.Errorf("%s failed: %w", kind, err)
	}
	s.rep.Actions[kind]++
	return nil
}

// refused counts an action that the rules forbid and the system refused with a
// user-facing error; an accepted one, or a failure that is not a refusal, fails the run.
func (s *Sim) refused(kind string, err error) error {
	var de *domain.Error
	switch {
	case err == nil:
		return fmt.Errorf("%s was accepted but must be refused", kind)
	case !errors.As(err, &de) || de.Code == domain.EInternal:
		return fmt.Errorf("%s: want a refusal, got %w", kind, err)
	}
	s.rep.Refused[kind]++
	return nil
}

// chance is true with probability p.
func (s *Sim) chance(p float64) bool { return s.rng.Float64() < p }

// one picks a random element.
func one[T any](s *Sim, xs []T) T { return xs[s.rng.IntN(len(xs))] }

// closedEnd is the last day of the latest closed month (zero: none closed).
func (s *Sim) closedEnd() time.Time {
	var latest string
	for m := range s.closed {
		latest = max(latest, m)
	}
	if latest == "" {
		return time.Time{}
	}
	first, _ := time.Parse("2006-01", latest)
	return first.AddDate(0, 1, -1)
}

// earliestOpen is the first day a dated change may name: after the closed months.
func (s *Sim) earliestOpen() time.Time {
	if e := s.closedEnd(); !e.IsZero() {
		return e.AddDate(0, 0, 1)
	}
	return time.Time{}
}
