package service

// Logging of person data is structural (SPEC §10.2, Patient Data Act): every
// response of a logged-in user is written through a PersonAccess, which reads
// the personnummers the response shows (HTML, JSON, CSV, and a PDF's text
// before it is drawn). When the handler is done, RecordAccess — the one place
// that decides what a request must log — writes one audit entry naming every
// shown registry person that the request's own look-ups (s.audit) have not
// already named, with the route and the search criteria. A new screen that
// forgets to log therefore still logs; the route-walk test in internal/web
// (TestEveryResponseWithPersonDataIsAudited) fails for any screen that shows a
// person's name or address without the personnummer that makes it logged.

import (
	"context"
	"maps"
	"net/url"
	"sort"
	"sync"

	"hjalpmedel/internal/domain"
)

type personAccessKey struct{}

// PersonAccess is the request-scoped record of the persons a request shows and
// the persons its audit entries already name.
type PersonAccess struct {
	screen   string
	criteria url.Values

	mu     sync.Mutex // s.audit may run on the SQLite write goroutine
	logged map[string]bool
	shown  map[string]bool
	known  map[string]bool // registry persons shown, read with their protected flag
	run    []byte          // a run of digits and dashes cut by the end of a Write
	long   bool            // the run is longer than any personnummer
}

// WithPersonAccess starts the record of a request to a route (screen) with
// its search criteria (the query string; nil for none).
func WithPersonAccess(ctx context.Context, screen string, criteria url.Values) (context.Context, *PersonAccess) {
	p := &PersonAccess{screen: screen, criteria: criteria, logged: map[string]bool{}, shown: map[string]bool{}, known: map[string]bool{}}
	return context.WithValue(ctx, personAccessKey{}, p), p
}

// PersonAccessFrom is the request's record, nil outside a logged-in request.
func PersonAccessFrom(ctx context.Context) *PersonAccess {
	p, _ := ctx.Value(personAccessKey{}).(*PersonAccess)
	return p
}

// noteLogged marks persons an audit entry of the request names.
func (p *PersonAccess) noteLogged(persons []string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pnr := range persons {
		p.logged[pnr] = true
	}
}

// Show adds persons a response shows by name only, where no personnummer in
// the text gives them away (a message about a patient).
func (p *PersonAccess) Show(pnrs ...string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, pnr := range pnrs {
		if pnr != "" {
			p.shown[pnr] = true
		}
	}
}

// ShowPerson adds a registry person whose protected flag the caller read with
// the data it shows (a month's billing lines), so that logging them needs no
// second look-up. The response's text is still read for every other number.
func (p *PersonAccess) ShowPerson(pnr string, protected bool) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.shown[pnr] = true
	p.known[pnr] = protected
}

// Forget clears the persons shown and logged so far, once they are logged and
// sent: a response sent in parts then keeps no more than a part's persons.
func (p *PersonAccess) Forget() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.logged, p.shown, p.known = map[string]bool{}, map[string]bool{}, map[string]bool{}
}

// maxRun is the longest run of digits and dashes that can be a personnummer
// (YYYYMMDD-NNNN).
const maxRun = 13

// Write reads shown text for personnummers: 12 digits, or 8 digits, a dash and
// 4 digits, not part of a longer number. It keeps a run cut by the end of b for
// the next Write, so a number split over two writes is still found.
func (p *PersonAccess) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range b {
		if (c >= '0' && c <= '9') || c == '-' {
			if len(p.run) < maxRun {
				p.run = append(p.run, c)
			} else {
				p.long = true
			}
			continue
		}
		p.endRun()
	}
	return len(b), nil
}

// WriteString reads a shown text (a PDF's text before it is drawn).
func (p *PersonAccess) WriteString(s string) {
	p.Write([]byte(s))
	p.mu.Lock()
	p.endRun()
	p.mu.Unlock()
}

func (p *PersonAccess) endRun() {
	run, long := p.run, p.long
	p.run, p.long = p.run[:0], false
	if len(run) < 12 || long {
		return
	}
	var digits [12]byte
	switch {
	case len(run) == 12:
		copy(digits[:], run)
	case run[8] == '-':
		copy(digits[:8], run[:8])
		copy(digits[8:], run[9:])
	default:
		return // a dash elsewhere: a date or another number
	}
	if p.shown[string(digits[:])] { // no allocation: a list shows a person many times
		return
	}
	// ParsePersonnummer checks the digits, the date and the check digit.
	pnr, err := domain.ParsePersonnummer(string(digits[:]))
	if err != nil {
		return
	}
	p.shown[string(pnr)] = true
}

// RecordAccess is the one access point that logs what a request showed: one
// person.view entry (route, user, time, criteria, protected flag) naming every
// registry person the response showed and no audit entry of the request named
// yet. Numbers that are no registry person's are not logged. It writes nothing
// when nothing is left: one SELECT, and one INSERT each for the entry and its
// persons when something is.
func (s *Service) RecordAccess(ctx context.Context, a *Actor, p *PersonAccess) error {
	if p == nil || a == nil {
		return nil
	}
	p.mu.Lock()
	p.endRun()
	var todo, unknown []string
	persons := map[string]bool{}
	for pnr := range p.shown {
		if p.logged[pnr] {
			continue
		}
		todo = append(todo, pnr)
		if protected, ok := p.known[pnr]; ok {
			persons[pnr] = protected
		} else {
			unknown = append(unknown, pnr)
		}
	}
	p.mu.Unlock()
	if len(todo) == 0 {
		return nil
	}
	sort.Strings(todo)
	if len(unknown) > 0 {
		found, err := s.db.Read().PersonsProtected(ctx, unknown)
		if err != nil {
			return err
		}
		maps.Copy(persons, found)
	}
	if len(persons) == 0 {
		return nil
	}
	e := Audit{Action: "person.view", Entity: "route", EntityID: p.screen, Screen: p.screen}
	for _, pnr := range todo {
		if protected, ok := persons[pnr]; ok {
			e.Persons = append(e.Persons, domain.AuditPerson{Personnummer: pnr, Protected: protected})
		}
	}
	if len(e.Persons) == 1 {
		e.Personnummer, e.Protected = e.Persons[0].Personnummer, e.Persons[0].Protected
	}
	if len(p.criteria) > 0 {
		e.After = map[string]any{"criteria": p.criteria}
	}
	return s.Audit(ctx, a, e)
}
