package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// The existence checks and row locks the services' validations need, each a
// named query so no SQL lives outside this package.

func (q *Q) exists(ctx context.Context, query string, key any) (bool, error) {
	var n int
	if err := q.Get(ctx, query, []any{key}, &n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// PayerRegistered reports whether the payer (betalare) is registered, active or not.
func (q *Q) PayerRegistered(ctx context.Context, number string) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM payers WHERE number = ?", number)
}

// CustomerExists reports whether the customer (kund) is registered.
func (q *Q) CustomerExists(ctx context.Context, number string) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM customers WHERE number = ?", number)
}

// WarehouseExists reports whether the warehouse (lager) is registered.
func (q *Q) WarehouseExists(ctx context.Context, number string) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM warehouses WHERE number = ?", number)
}

// RouteExists reports whether the route (turbil) is registered.
func (q *Q) RouteExists(ctx context.Context, id int64) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM routes WHERE id = ?", id)
}

// ServiceDepartmentExists reports whether the service department is registered.
func (q *Q) ServiceDepartmentExists(ctx context.Context, id int64) (bool, error) {
	return q.exists(ctx, "SELECT COUNT(*) FROM service_departments WHERE id = ?", id)
}

// PayerName is the payer's name; an unknown payer gives ENotFound.
func (q *Q) PayerName(ctx context.Context, number string) (string, error) {
	var name string
	err := q.Get(ctx, "SELECT name FROM payers WHERE number = ?", []any{number}, &name)
	return name, err
}

// CustomerWarehouse is the warehouse that serves the customer.
func (q *Q) CustomerWarehouse(ctx context.Context, number string) (string, error) {
	var warehouse string
	err := q.Get(ctx, "SELECT warehouse FROM customers WHERE number = ?", []any{number}, &warehouse)
	return warehouse, err
}

// OtherChainOfArticle is the replacement chain other than chain that holds the
// article; none gives ENotFound.
func (q *Q) OtherChainOfArticle(ctx context.Context, article string, chain int64) (int64, error) {
	var other int64
	err := q.Get(ctx, "SELECT chain_id FROM replacement_chain_articles WHERE article_number = ? AND chain_id <> ?",
		[]any{article, chain}, &other)
	return other, err
}

// LockPickupOrder locks the pickup order's row until the transaction ends (on
// PostgreSQL; SQLite's single writer already serialises), so two answers to the
// same order are applied one after the other.
func (q *Q) LockPickupOrder(ctx context.Context, number string) error {
	_, err := q.Exec(ctx, "SELECT id FROM pickup_orders WHERE number = ?"+q.ForUpdate(), number)
	return err
}

// LockWorkOrder locks the work order's row until the transaction ends.
func (q *Q) LockWorkOrder(ctx context.Context, number string) error {
	_, err := q.Exec(ctx, "SELECT id FROM work_orders WHERE number = ?"+q.ForUpdate(), number)
	return err
}

// LockPickupProposal locks the proposal's row until the transaction ends.
func (q *Q) LockPickupProposal(ctx context.Context, id int64) error {
	_, err := q.Exec(ctx, "SELECT id FROM pickup_proposals WHERE id = ?"+q.ForUpdate(), id)
	return err
}

// DeleteSessionsOfUser logs the user out everywhere.
func (q *Q) DeleteSessionsOfUser(ctx context.Context, userID int64) error {
	_, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
	return err
}

// RestartDormancy stamps the user's last login as now, so a reactivated dormant
// account starts a new period.
func (q *Q) RestartDormancy(ctx context.Context, userID int64, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE users SET last_login_at = ? WHERE id = ?", domain.FormatTimestamp(now), userID)
	return err
}
