package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// Components on a unit (SPEC §5, §10.1): attached at delivery or by Kompl. individ,
// they stay on the unit through pickup, reconditioning and stock until the
// warehouse detaches them back into stock.

// LockUnitInWarehouse reports whether a unit is in the warehouse (in stock or in
// reconditioning). On PostgreSQL the row stays locked until the action commits, so
// a delivery or a pickup of the unit waits for it.
func (q *Q) LockUnitInWarehouse(ctx context.Context, unit string) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE units SET status_date = status_date WHERE number = ?
		AND status IN ('in_stock', 'reconditioning')`, unit)
	return n == 1, err
}

// DetachComponent takes an attached component off its unit and puts it on hand at
// the warehouse, journalled with the unit as reference.
func (q *Q) DetachComponent(ctx context.Context, unit string, id int64, warehouse, username string, now time.Time) (*domain.UnitComponent, error) {
	var c domain.UnitComponent
	err := q.Get(ctx, `SELECT c.id, c.article_number, a.name, c.quantity, c.attached_at FROM unit_components c
		JOIN articles a ON a.number = c.article_number WHERE c.id = ? AND c.unit_number = ? AND c.removed_at IS NULL`,
		[]any{id, unit}, &c.ID, &c.ArticleNumber, &c.ArticleName, &c.Quantity, &c.AttachedAt)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Komponent %d är inte kopplad till individ %s.", id, unit)
	}
	if err != nil {
		return nil, err
	}
	n, err := q.ExecAffected(ctx, "UPDATE unit_components SET removed_at = ? WHERE id = ? AND removed_at IS NULL", domain.FormatTimestamp(now), id)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, domain.Errorf(domain.EConflict, "Komponent %d är redan borttagen från individ %s.", id, unit)
	}
	if err := q.AddUnitEvent(ctx, unit, "component_detached", "Komponent "+c.ArticleNumber+" kopplad loss till lager "+warehouse, "", username, now); err != nil {
		return nil, err
	}
	return &c, q.putOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: c.ArticleNumber, OnHandDelta: c.Quantity,
		Reason: "detach", Reference: unit, User: username}, now)
}
