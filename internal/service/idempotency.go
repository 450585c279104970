package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// once runs an action that creates something (an order, a pickup order, a work
// order, a transfer) in one transaction, at most once per user, idempotency key
// and kind (SPEC §9): a repeated key answers with the reference the first
// request stored, created false. Two requests with the same key at the same
// moment both run; the second's key insert conflicts (the key is the primary
// key), and it answers with the first's reference.
//
// create returns the new object's reference; fresh false means it created
// nothing (the object was already there), so no key is stored. An empty key
// runs create with no idempotency.
func (s *Service) once(ctx context.Context, a *Actor, key, kind string, create creator) (ref string, created bool, err error) {
	key = strings.TrimSpace(key)
	if err := domain.CheckMaxLength("idempotencyKey", "Nyckeln", key, 200); err != nil {
		return "", false, err
	}
	err = s.db.Transact(ctx, func(q repo.Queries) error {
		ref, created = "", false
		if key != "" {
			earlier, err := q.IdempotentReference(ctx, a.ID, key, kind)
			if err != nil || earlier != "" {
				ref = earlier
				return err
			}
		}
		claimed := false
		claim := func(r string) error {
			if claimed || key == "" {
				return nil
			}
			claimed = true
			return q.SaveIdempotencyKey(ctx, a.ID, key, kind, r, s.Now())
		}
		r, fresh, err := create(q, claim)
		if err != nil || !fresh {
			ref = r
			return err
		}
		if err := claim(r); err != nil {
			return err
		}
		ref, created = r, true
		return nil
	})
	if err != nil && key != "" && domain.ErrorCode(err) == domain.EConflict {
		if earlier, e := s.db.Read().IdempotentReference(ctx, a.ID, key, kind); e == nil && earlier != "" {
			return earlier, false, nil
		}
	}
	return ref, created, err
}

// creator makes the object of an idempotent action and returns its reference.
// It may call claim with the reference once it knows it: the key is then
// stored there, before the action's last statements (an order's stock
// reservation, whose row locks every order waits for); else once stores it
// after create. On PostgreSQL the key goes with the transaction's next
// statement or its commit, so it is best claimed after the writes that return
// something (an order's lines) and before the last.
type creator func(q repo.Queries, claim func(ref string) error) (ref string, fresh bool, err error)
