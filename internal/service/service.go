// Package service has one method per user action: load, apply the domain rule,
// save and audit, in one transaction. The HTML pages and the JSON API both call it.
package service

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"

	"github.com/prometheus/client_golang/prometheus"
)

// Service is the application core.
type Service struct {
	db    repo.Store
	Clock func() time.Time // injectable so 7-day locks and due times are tested without waiting
	// Training is the training clock when the install has one (serve
	// --training-clock); Clock is then its Now.
	Training *TrainingClock
	Log      *slog.Logger
	// DormantAfter deactivates users who have not logged in for this long (0: never).
	DormantAfter time.Duration
	// BillingBatch is how many holdings a billing job bills per write
	// transaction (0: defaultBillingBatch).
	BillingBatch int
	// BillingInMemory is how many computed batches of a billing job wait for
	// the writer in memory before the rest wait in a temporary file (0:
	// billingInMemory).
	BillingInMemory int
	// OnBillingBatch, when set, is called after each write transaction of a
	// billing job's holdings with the job's progress; an error fails the job
	// (tests count batches, pause a job and fail one).
	OnBillingBatch func(domain.BillingJob) error
	// ImportBatch is how many rows of a catalogue import one transaction
	// writes (0: defaultImportBatch).
	ImportBatch int
	logins      *loginThrottle // failed logins per client (throttle.go)
}

// New returns a service on db with the real clock.
func New(db repo.Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{db: db, Clock: time.Now, Log: log, DormantAfter: 365 * 24 * time.Hour, logins: newLoginThrottle()}
}

// DBCollector reports the database's pools and statement caches to Prometheus.
func (s *Service) DBCollector() prometheus.Collector { return s.db.Collector() }

// Ping checks that the database answers (healthz).
func (s *Service) Ping(ctx context.Context) error { return s.db.Ping(ctx) }

// Now is the service's current time.
func (s *Service) Now() time.Time { return s.Clock() }

// Today is the current civil date in Sweden.
func (s *Service) Today() time.Time { return domain.DateOf(s.Clock()) }

// Actor is the logged-in user performing an action.
type Actor struct {
	*domain.User
	RequestID   string
	SessionHash string // the hash of the session's token (Authenticate)
	// SingleSignOn: logged in at the identity provider, so the password (and a
	// demand to change it) does not concern this session.
	SingleSignOn bool
	// unread is the user's unopened messages as read with the session; stale
	// once this request has opened or deleted messages (unreadKnown false).
	unread      int
	unreadKnown bool
}

// Can reports whether the actor has one of roles; no roles means any logged-in user.
func (a *Actor) Can(roles ...domain.Role) bool {
	return len(roles) == 0 || a.HasRole(roles...)
}

// Require returns EForbidden unless the actor has one of roles.
func (a *Actor) Require(roles ...domain.Role) error {
	if a == nil {
		return domain.Errorf(domain.EUnauthorized, "Du är inte inloggad.")
	}
	if !a.Can(roles...) {
		return domain.Errorf(domain.EForbidden, "Du saknar behörighet för detta.")
	}
	return nil
}

// LinkedTo reports whether the actor is linked to a customer.
func (a *Actor) LinkedTo(customer string) bool {
	for _, c := range a.Customers {
		if c == customer {
			return true
		}
	}
	return false
}

// Audit describes one audit-log entry written by an action.
type Audit struct {
	Action       string
	Entity       string
	EntityID     string
	Personnummer string
	Screen       string
	Protected    bool
	// Persons are the other persons the entry shows (a list names every person
	// on it), each with their protected flag.
	Persons []domain.AuditPerson
	Before  any
	After   any
}

// audit appends to the audit log inside the action's transaction, so an action
// and its trace are saved together or not at all.
func (s *Service) audit(ctx context.Context, q repo.Queries, a *Actor, e Audit) error {
	if err := q.AppendAudit(ctx, s.auditEntry(a, e)); err != nil {
		return err
	}
	noteLogged(ctx, e)
	return nil
}

// Audit writes a stand-alone audit entry (look-ups), committed before it returns.
func (s *Service) Audit(ctx context.Context, a *Actor, e Audit) error {
	if err := s.db.AppendAuditAlone(ctx, s.auditEntry(a, e)); err != nil {
		return err
	}
	noteLogged(ctx, e)
	return nil
}

func (s *Service) auditEntry(a *Actor, e Audit) domain.AuditEntry {
	entry := domain.AuditEntry{
		At: s.Now(), Action: e.Action, Entity: e.Entity, EntityID: e.EntityID,
		Personnummer: e.Personnummer, Screen: e.Screen, Protected: e.Protected, Persons: e.Persons,
		Before: auditJSON(e.Before), After: auditJSON(e.After),
	}
	if a != nil {
		entry.Username, entry.RequestID = a.Username, a.RequestID
	}
	return entry
}

// noteLogged tells the request's person-access record whom a written entry names.
func noteLogged(ctx context.Context, e Audit) {
	if access := PersonAccessFrom(ctx); access != nil {
		named := []string{e.Personnummer}
		for _, p := range e.Persons {
			named = append(named, p.Personnummer)
		}
		access.noteLogged(named)
	}
}

// auditJSON renders v for the audit entry's before/after columns; nil gives "".
func auditJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
