package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Blocking units (spärr, SPEC §10.3–10.5). Deviations, recalls and failed
// inspections block through blockUnits in their own transaction; the back office
// may also block and release by hand on the Individkort.

// BlockUnit blocks a unit by hand with a reason.
func (s *Service) BlockUnit(ctx context.Context, a *Actor, unit, reason string) (*domain.UnitBlock, error) {
	if err := a.Require(domain.UnitBlockers...); err != nil {
		return nil, err
	}
	unit, reason = strings.TrimSpace(unit), strings.TrimSpace(reason)
	if reason == "" {
		return nil, domain.Invalid("reason", "Ange orsak till spärren.")
	}
	if err := domain.CheckMaxLength("reason", "Orsak", reason, domain.MaxBlockReason); err != nil {
		return nil, err
	}
	var out *domain.UnitBlock
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		if _, err := q.FindUnitByNumber(ctx, unit); err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Errorf(domain.ENotFound, "Individ %s finns inte.", unit)
			}
			return err
		}
		if err := s.blockUnits(ctx, q, a, []string{unit}, domain.BlockManual, "", reason); err != nil {
			return err
		}
		blocks, err := q.FindUnitBlocks(ctx, unit)
		if err != nil {
			return err
		}
		out = &blocks[len(blocks)-1]
		return nil
	})
	return out, err
}

// ReleaseUnitBlock ends one open block of a unit; the unit is free again when no
// other block remains.
func (s *Service) ReleaseUnitBlock(ctx context.Context, a *Actor, unit string, id int64) error {
	if err := a.Require(domain.UnitBlockers...); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		n, err := q.ReleaseUnitBlocks(ctx, domain.UnitBlock{ID: id, Unit: unit}, a.Username, s.Now())
		if err != nil {
			return err
		}
		if n == 0 {
			return domain.Errorf(domain.ENotFound, "Individ %s har ingen öppen spärr med nummer %d.", unit, id)
		}
		return s.audit(ctx, q, a, Audit{Action: "unit.unblock", Entity: "unit", EntityID: unit, Screen: "Individkort",
			Before: map[string]string{"block": strconv.FormatInt(id, 10)}})
	})
}

// blockUnits blocks units for a source (a deviation, a recall, a failed
// inspection) inside the caller's transaction, audited as one entry.
func (s *Service) blockUnits(ctx context.Context, q repo.Queries, a *Actor, units []string, source, ref, reason string) error {
	if len(units) == 0 {
		return nil
	}
	n, err := q.BlockUnits(ctx, units, domain.UnitBlock{Source: source, SourceRef: ref, Reason: reason, BlockedBy: a.Username}, s.Now())
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.ENotFound, "Individen finns inte.")
	}
	entityID := units[0]
	if len(units) > 1 {
		entityID = source + " " + ref
	}
	return s.audit(ctx, q, a, Audit{Action: "unit.block", Entity: "unit", EntityID: entityID, Screen: "Individkort",
		After: map[string]any{"source": source, "ref": ref, "reason": reason, "units": len(units)}})
}
