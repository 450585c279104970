package store

import "context"

// PayersOfUser lists the default payers of the customers a user is linked to:
// the payers a prescriber may bill besides the chosen customer's (SPEC §10.2).
func (q *Q) PayersOfUser(ctx context.Context, userID int64) ([]string, error) {
	return q.Strings(ctx, `SELECT DISTINCT c.default_payer FROM user_customers uc
		JOIN customers c ON c.number = uc.customer_number WHERE uc.user_id = ?`, userID)
}
