package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"hjalpmedel/internal/domain"
)

// TrainingClockOffset is how far the training clock is set from the real time
// (0 when it has never been set).
func (q *Q) TrainingClockOffset(ctx context.Context) (time.Duration, error) {
	var ms int64
	err := q.Get(ctx, "SELECT offset_ms FROM training_clock WHERE id = 1", nil, &ms)
	if errors.Is(err, sql.ErrNoRows) || domain.ErrorCode(err) == domain.ENotFound {
		return 0, nil
	}
	return time.Duration(ms) * time.Millisecond, err
}

// SetTrainingClockOffset saves the training clock's offset.
func (q *Q) SetTrainingClockOffset(ctx context.Context, offset time.Duration, username string, realNow time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO training_clock (id, offset_ms, set_at, set_by) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET offset_ms = excluded.offset_ms, set_at = excluded.set_at, set_by = excluded.set_by`,
		offset.Milliseconds(), domain.FormatTimestamp(realNow), username)
	return err
}

// CarrySessions keeps the sessions alive across a jump of the clock: every
// session still open at from is open at to with a whole idle period ahead, so
// setting the training clock logs no one out.
func (q *Q) CarrySessions(ctx context.Context, from, to time.Time, idle time.Duration) error {
	_, err := q.Exec(ctx, "UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE expires_at > ?",
		domain.FormatTimestamp(to), domain.FormatTimestamp(to.Add(idle)), domain.FormatTimestamp(from))
	return err
}
