package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Loggranskning and Loggutdrag (SPEC §10.2). The flag rules are the pure
// functions of domain/logreview.go; this file reads a period's accesses, the
// persons' care events and the users' customers in a few set queries and
// applies the rules in memory.

// DefaultLogSample is how many of each user's accesses a period samples.
const DefaultLogSample = 5

// maxLogReviewDays bounds the period one review reads.
const maxLogReviewDays = 366

// MaxReviewComment is the longest review comment, in characters.
const MaxReviewComment = 1000

// LogReviewFilter selects a review period: From and To are dates (To
// included), User a username (empty: everyone), Sample the accesses sampled per
// user; FlaggedOnly leaves the sample out.
type LogReviewFilter struct {
	From, To    string
	User        string
	FlaggedOnly bool
	Sample      int
}

// LogReviewEntry is one audit entry to review: who looked up which persons,
// where and when, why it is flagged and whether it was sampled.
type LogReviewEntry struct {
	AuditID  int64
	At       time.Time
	Username string
	UserName string
	Action   string
	Screen   string
	Criteria string
	Persons  []ReviewedPerson
	Flags    []domain.LogFlag // the union of the persons' flags, in domain.LogFlags order
	Sampled  bool
	Review   *domain.LogReview
}

// ReviewedPerson is one person an entry shows, with the rules it broke.
type ReviewedPerson struct {
	Personnummer string
	Name         string
	Protected    bool
	Flags        []domain.LogFlag
}

// LogReviewResult is a period's review list.
type LogReviewResult struct {
	From, To   time.Time
	Accesses   int // accesses in the period (entry × person)
	Entries    []LogReviewEntry
	Flagged    int
	Unreviewed int
}

// LogReview lists a period's sampled and flagged accesses (log reviewers and admin).
func (s *Service) LogReview(ctx context.Context, a *Actor, f LogReviewFilter) (*LogReviewResult, error) {
	if err := a.Require(domain.LogReviewers...); err != nil {
		return nil, err
	}
	from, to, err := s.reviewPeriod(f)
	if err != nil {
		return nil, err
	}
	if f.Sample <= 0 {
		f.Sample = DefaultLogSample
	}
	return s.reviewEntries(ctx, from, to, strings.TrimSpace(f.User), f.Sample, f.FlaggedOnly, 0)
}

// LogReviewEntry returns one audit entry as the review list shows it (flags
// computed over its user's day).
func (s *Service) LogReviewEntry(ctx context.Context, a *Actor, auditID int64) (*LogReviewEntry, error) {
	if err := a.Require(domain.LogReviewers...); err != nil {
		return nil, err
	}
	e, err := s.db.Read().FindAuditEntry(ctx, auditID)
	if err != nil {
		return nil, err
	}
	day := domain.DateOf(e.At)
	res, err := s.reviewEntries(ctx, day, day, e.Username, DefaultLogSample, true, auditID)
	if err != nil {
		return nil, err
	}
	for i := range res.Entries {
		if res.Entries[i].AuditID == auditID {
			return &res.Entries[i], nil
		}
	}
	return nil, domain.Errorf(domain.ENotFound, "Loggposten finns inte.")
}

// reviewEntries lists the accesses of the days from–to (Swedish dates) that
// are flagged, sampled (unless flaggedOnly) or the entry include.
func (s *Service) reviewEntries(ctx context.Context, from, to time.Time, user string, sample int, flaggedOnly bool, include int64) (*LogReviewResult, error) {
	q := s.db.Read()
	rows, err := q.FindAccesses(ctx, domain.SwedishMidnight(from), domain.SwedishMidnight(to.AddDate(0, 0, 1)), user)
	if err != nil {
		return nil, err
	}
	flagger, err := newAccessFlagger(ctx, q, rows)
	if err != nil {
		return nil, err
	}
	res := &LogReviewResult{From: from, To: to, Accesses: len(rows)}
	entries := map[int64]*LogReviewEntry{}
	var order []int64
	idsByUser := map[string][]int64{}
	for _, r := range rows {
		e := entries[r.AuditID]
		if e == nil {
			e = &LogReviewEntry{AuditID: r.AuditID, At: r.At, Username: r.Username, UserName: r.UserName, Action: r.Action,
				Screen: r.Screen, Criteria: r.Criteria, Review: r.Review}
			entries[r.AuditID] = e
			order = append(order, r.AuditID)
			idsByUser[r.Username] = append(idsByUser[r.Username], r.AuditID)
		}
		flags := flagger.flags(r)
		e.Persons = append(e.Persons, ReviewedPerson{Personnummer: r.Personnummer, Name: r.PersonName, Protected: r.Protected, Flags: flags})
	}
	sampled := map[int64]bool{}
	seed := from.Format(time.DateOnly) + "|" + to.Format(time.DateOnly)
	for user, ids := range idsByUser {
		for _, id := range domain.SampleLookups(ids, sample, seed+"|"+user) {
			sampled[id] = true
		}
	}
	for _, id := range order {
		e := entries[id]
		for _, flag := range domain.LogFlags {
			if slices.ContainsFunc(e.Persons, func(p ReviewedPerson) bool { return slices.Contains(p.Flags, flag) }) {
				e.Flags = append(e.Flags, flag)
			}
		}
		e.Sampled = sampled[id]
		if len(e.Flags) == 0 && (flaggedOnly || !e.Sampled) && id != include {
			continue
		}
		if len(e.Flags) > 0 {
			res.Flagged++
		}
		if e.Review == nil {
			res.Unreviewed++
		}
		res.Entries = append(res.Entries, *e)
	}
	return res, nil
}

// reviewPeriod reads the filter's dates: the last seven days by default.
func (s *Service) reviewPeriod(f LogReviewFilter) (from, to time.Time, err error) {
	fe := fieldErrors{}
	to = parseOptDate(f.To, "to", fe)
	if to.IsZero() {
		to = s.Today()
	}
	from = parseOptDate(f.From, "from", fe)
	if from.IsZero() {
		from = to.AddDate(0, 0, -6)
	}
	if err := fe.err(); err != nil {
		return from, to, err
	}
	switch {
	case from.After(to):
		fe.add("from", "Från och med kan inte vara senare än till och med.")
	case to.Sub(from) > maxLogReviewDays*24*time.Hour:
		fe.addf("from", "Välj en period på högst %d dagar.", maxLogReviewDays)
	}
	return from, to, fe.err()
}

// accessFlagger applies the flag rules to a period's accesses.
type accessFlagger struct {
	users     map[string]*domain.ReviewedUser
	events    map[string][]domain.CareEvent
	manyDays  map[string]map[string]bool // username → Stockholm dates above 3× their median
	stockholm func(time.Time) string
}

func newAccessFlagger(ctx context.Context, q repo.Queries, rows []domain.PersonAccessRow) (*accessFlagger, error) {
	var usernames, persons []string
	seenUser, seenPerson := map[string]bool{}, map[string]bool{}
	perDay := map[string]map[string]int{}
	countedEntry := map[int64]bool{}
	day := func(t time.Time) string { return domain.DateOf(t).Format(time.DateOnly) }
	for _, r := range rows {
		if !seenUser[r.Username] {
			seenUser[r.Username] = true
			usernames = append(usernames, r.Username)
			perDay[r.Username] = map[string]int{}
		}
		if !seenPerson[r.Personnummer] {
			seenPerson[r.Personnummer] = true
			persons = append(persons, r.Personnummer)
		}
		if !countedEntry[r.AuditID] {
			countedEntry[r.AuditID] = true
			perDay[r.Username][day(r.At)]++
		}
	}
	users, err := q.FindReviewedUsers(ctx, usernames)
	if err != nil {
		return nil, err
	}
	events, err := q.FindCareEvents(ctx, persons)
	if err != nil {
		return nil, err
	}
	f := &accessFlagger{users: users, events: map[string][]domain.CareEvent{}, manyDays: map[string]map[string]bool{}, stockholm: day}
	for _, e := range events {
		f.events[e.Personnummer] = append(f.events[e.Personnummer], e)
	}
	for user, counts := range perDay {
		f.manyDays[user] = domain.ManyLookupDays(counts)
	}
	return f, nil
}

// flags are the rules one access breaks, in domain.LogFlags order. The care
// relation is asked of prescribers only: the back office serves every
// customer, so a link to one says nothing of its work.
func (f *accessFlagger) flags(r domain.PersonAccessRow) []domain.LogFlag {
	var out []domain.LogFlag
	if r.Protected {
		out = append(out, domain.FlagProtected)
	}
	if u := f.users[r.Username]; u != nil && u.Prescriber && domain.NoCareRelation(r.At, f.careDates(u, r)) {
		out = append(out, domain.FlagNoCare)
	}
	if r.PersonName != "" && domain.SameSurname(r.UserName, r.PersonName) {
		out = append(out, domain.FlagSameSurname)
	}
	if domain.OffHours(r.At) {
		out = append(out, domain.FlagOffHours)
	}
	if f.manyDays[r.Username][f.stockholm(r.At)] {
		out = append(out, domain.FlagManyLookups)
	}
	return out
}

// careDates are the person's care events under the user's customers (or
// transfers the user sent or received) as points in time: a holding counts at
// the day of its time held nearest the access, other events on their day.
func (f *accessFlagger) careDates(u *domain.ReviewedUser, r domain.PersonAccessRow) []time.Time {
	var out []time.Time
	at := domain.DateOf(r.At)
	for _, e := range f.events[r.Personnummer] {
		ours := slices.Contains(u.Customers, e.Customer) || e.Customer == "" && (e.Users[0] == u.ID || e.Users[1] == u.ID)
		start, err := time.Parse(time.DateOnly, e.Start)
		if !ours || err != nil {
			continue
		}
		point := start
		if e.Kind == domain.CareHolding && at.After(start) {
			point = at
			if end, err := time.Parse(time.DateOnly, e.End); err == nil && at.After(end) {
				point = end
			}
		}
		out = append(out, point)
	}
	return out
}

// ReviewLogEntry marks an audit entry reviewed with a comment; the review is
// itself written to the audit log.
func (s *Service) ReviewLogEntry(ctx context.Context, a *Actor, auditID int64, comment string) error {
	if err := a.Require(domain.LogReviewers...); err != nil {
		return err
	}
	comment = strings.TrimSpace(comment)
	if err := domain.CheckMaxLength("comment", "Kommentaren", comment, MaxReviewComment); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		ok, err := q.IsPersonAccess(ctx, auditID)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Errorf(domain.ENotFound, "Loggposten finns inte.")
		}
		if err := q.SaveLogReview(ctx, auditID, domain.LogReview{Reviewer: a.Username, ReviewedAt: s.Now(), Comment: comment}); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "logreview.review", Entity: "audit_log", EntityID: strconv.FormatInt(auditID, 10),
			After: map[string]string{"comment": comment}})
	})
}

// PersonAccessLog is a person's whole access history (Loggutdrag), for customer
// service and admin; taking it is logged as an access to the person.
type PersonAccessLog struct {
	Person   *domain.Person // nil for a number that is not in the registry
	Number   string
	Accesses []domain.PersonAccessRow
}

// PersonAccessLog returns every access to one person's data, oldest first.
func (s *Service) PersonAccessLog(ctx context.Context, a *Actor, personnummer string) (*PersonAccessLog, error) {
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	pnr, err := domain.ParsePersonnummer(personnummer)
	if err != nil {
		return nil, err
	}
	q := s.db.Read()
	out := &PersonAccessLog{Number: string(pnr)}
	p, err := q.FindPersonByNumber(ctx, string(pnr))
	switch {
	case err == nil:
		out.Person = p
	case domain.ErrorCode(err) != domain.ENotFound:
		return nil, err
	}
	if out.Accesses, err = q.FindPersonAccesses(ctx, string(pnr)); err != nil {
		return nil, err
	}
	return out, s.Audit(ctx, a, Audit{Action: "person.accesslog", Entity: "person", EntityID: string(pnr), Screen: ScreenAccessLog,
		Personnummer: string(pnr), Protected: p != nil && p.Protected})
}
