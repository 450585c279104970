package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// RecordTransferReminder notes that a transfer's reminder is being sent and
// reports false when it already was, by this server or another: the key
// (transfer, kind) decides, so each is sent once.
func (q *Q) RecordTransferReminder(ctx context.Context, transferID int64, kind domain.TransferReminder, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, `INSERT INTO transfer_reminders (transfer_id, kind, sent_at) VALUES (?, ?, ?)
		ON CONFLICT (transfer_id, kind) DO NOTHING`, transferID, string(kind), domain.FormatTimestamp(now))
	return n == 1, err
}
