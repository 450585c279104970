package service

import (
	"context"
	"sync"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// TrainingClock is the clock of a training install (serve --training-clock):
// the real time plus an offset an admin sets, so that a class can play through
// a month end. The offset is kept in the database, so every app server on it
// shows the same time; each server reads it again every RefreshEvery in the
// background (Run), never while a request waits for the time.
type TrainingClock struct {
	db   repo.Store
	real func() time.Time

	mu     sync.Mutex
	offset time.Duration
}

// RefreshEvery is how often a server reads the training clock's offset that
// another server may have set.
const RefreshEvery = 2 * time.Second

// NewTrainingClock returns a training clock over db running on real (time.Now
// outside tests), with the offset saved in db.
func NewTrainingClock(ctx context.Context, db repo.Store, real func() time.Time) (*TrainingClock, error) {
	c := &TrainingClock{db: db, real: real}
	return c, c.Refresh(ctx)
}

// Now is the training time: the real time moved by the offset.
func (c *TrainingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.real().Add(c.offset)
}

// Refresh reads the offset from the database.
func (c *TrainingClock) Refresh(ctx context.Context) error {
	off, err := c.db.Read().TrainingClockOffset(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.offset = off
	c.mu.Unlock()
	return nil
}

// Run refreshes the offset every RefreshEvery until ctx ends; a failed read
// keeps the last offset and is logged by onError.
func (c *TrainingClock) Run(ctx context.Context, onError func(error)) {
	t := time.NewTicker(RefreshEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.Refresh(ctx); err != nil && ctx.Err() == nil {
				onError(err)
			}
		}
	}
}

// UseTrainingClock makes c the service's clock.
func (s *Service) UseTrainingClock(c *TrainingClock) {
	s.Training = c
	s.Clock = c.Now
}

// errNoTrainingClock answers the training clock's routes on an install
// without it: there is nothing to find.
var errNoTrainingClock = domain.Errorf(domain.ENotFound, "Övningsklockan är inte påslagen på den här installationen.")

// TrainingClockNow is the training clock's time, for the admin's page.
func (s *Service) TrainingClockNow(a *Actor) (time.Time, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return time.Time{}, err
	}
	if s.Training == nil {
		return time.Time{}, errNoTrainingClock
	}
	return s.Now(), nil
}

// SetTrainingClock sets the system's time to now (admin, training installs
// only); time then runs on from there. Open sessions are carried over, so no
// one is logged out by the jump.
func (s *Service) SetTrainingClock(ctx context.Context, a *Actor, now time.Time) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	c := s.Training
	if c == nil {
		return errNoTrainingClock
	}
	if now.IsZero() {
		return domain.Invalid("now", "Ange datum och tid.")
	}
	if now.Year() < 2000 || now.Year() > 2100 {
		return domain.Invalid("now", "Ange ett datum mellan år 2000 och 2100.")
	}
	real := c.real()
	offset := now.Sub(real).Truncate(time.Millisecond)
	before := s.Now()
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.SetTrainingClockOffset(ctx, offset, a.Username, real); err != nil {
			return err
		}
		if err := q.CarrySessions(ctx, before, real.Add(offset), SessionIdle); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "training.clock", Entity: "training_clock", EntityID: "1",
			Before: map[string]string{"now": domain.FormatTimestamp(before)}, After: map[string]string{"now": domain.FormatTimestamp(real.Add(offset))}})
	})
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.offset = offset
	c.mu.Unlock()
	return nil
}
