package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// BlockUnits blocks each of units (that exists) for b's source and reason, in a
// few set statements however many units there are (a recall may cover
// thousands), and writes each unit's history. It returns how many were blocked.
func (q *Q) BlockUnits(ctx context.Context, units []string, b domain.UnitBlock, now time.Time) (int, error) {
	at := domain.FormatTimestamp(now)
	blocked := 0
	for start := 0; start < len(units); start += 500 {
		chunk := units[start:min(start+500, len(units))]
		in := Placeholders(len(chunk))
		args := make([]any, 0, len(chunk)+5)
		args = append(args, b.Source, b.SourceRef, b.Reason, at, b.BlockedBy)
		for _, u := range chunk {
			args = append(args, u)
		}
		n, err := q.ExecAffected(ctx, `INSERT INTO unit_blocks (unit_number, source, source_ref, reason, blocked_at, blocked_by)
			SELECT number, ?, ?, ?, ?, ? FROM units WHERE number IN (`+in+`)`, args...)
		if err != nil {
			return blocked, err
		}
		blocked += int(n)
		if _, err := q.Exec(ctx, `UPDATE units SET blocked = TRUE WHERE number IN (`+in+`)`, args[5:]...); err != nil {
			return blocked, err
		}
		if _, err := q.Exec(ctx, `INSERT INTO unit_events (unit_number, at, kind, text, reference, username)
			SELECT number, ?, 'blocked', ?, ?, ? FROM units WHERE number IN (`+in+`)`,
			append([]any{at, b.Reason, b.SourceRef, b.BlockedBy}, args[5:]...)...); err != nil {
			return blocked, err
		}
	}
	return blocked, nil
}

// ReleaseUnitBlocks ends the open blocks of a source (a closed deviation, a
// finished recall) and unblocks each unit that has no other open block. With a
// unit it ends only that unit's; with id only that block.
func (q *Q) ReleaseUnitBlocks(ctx context.Context, sel domain.UnitBlock, by string, now time.Time) (int, error) {
	where, args := "released_at IS NULL", []any{}
	if sel.ID != 0 {
		where, args = where+" AND id = ?", append(args, sel.ID)
	}
	if sel.Source != "" {
		where, args = where+" AND source = ? AND source_ref = ?", append(args, sel.Source, sel.SourceRef)
	}
	if sel.Unit != "" {
		where, args = where+" AND unit_number = ?", append(args, sel.Unit)
	}
	units, err := q.Strings(ctx, "SELECT DISTINCT unit_number FROM unit_blocks WHERE "+where, args...)
	if err != nil || len(units) == 0 {
		return 0, err
	}
	at := domain.FormatTimestamp(now)
	n, err := q.ExecAffected(ctx, "UPDATE unit_blocks SET released_at = ?, released_by = ? WHERE "+where, append([]any{at, by}, args...)...)
	if err != nil {
		return 0, err
	}
	for start := 0; start < len(units); start += 500 {
		chunk := units[start:min(start+500, len(units))]
		in := Placeholders(len(chunk))
		unitArgs := make([]any, len(chunk))
		for i, u := range chunk {
			unitArgs[i] = u
		}
		if _, err := q.Exec(ctx, `UPDATE units SET blocked = FALSE WHERE number IN (`+in+`)
			AND NOT EXISTS (SELECT 1 FROM unit_blocks b WHERE b.unit_number = units.number AND b.released_at IS NULL)`, unitArgs...); err != nil {
			return 0, err
		}
		if _, err := q.Exec(ctx, `INSERT INTO unit_events (unit_number, at, kind, text, reference, username)
			SELECT number, ?, 'unblocked', '', '', ? FROM units WHERE number IN (`+in+`)`, append([]any{at, by}, unitArgs...)...); err != nil {
			return 0, err
		}
	}
	return int(n), nil
}

// FindUnitBlocks lists a unit's open blocks, oldest first.
func (q *Q) FindUnitBlocks(ctx context.Context, unit string) ([]domain.UnitBlock, error) {
	rows, err := q.Query(ctx, `SELECT id, unit_number, source, source_ref, reason, blocked_at, blocked_by
		FROM unit_blocks WHERE unit_number = ? AND released_at IS NULL ORDER BY blocked_at, id`, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.UnitBlock
	for rows.Next() {
		var b domain.UnitBlock
		var at string
		if err := rows.Scan(&b.ID, &b.Unit, &b.Source, &b.SourceRef, &b.Reason, &at, &b.BlockedBy); err != nil {
			return nil, err
		}
		b.BlockedAt = domain.ParseTimestamp(at)
		out = append(out, b)
	}
	return out, rows.Err()
}

// UnitBlocked reports whether the unit has an open block.
func (q *Q) UnitBlocked(ctx context.Context, unit string) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM units WHERE number = ? AND blocked", unit)
}
