package store

import (
	"context"

	"hjalpmedel/internal/domain"
)

// FindBillingSettings reads how billing is booked in the finance system (0021).
func (q *Q) FindBillingSettings(ctx context.Context) (domain.BillingSettings, error) {
	var s domain.BillingSettings
	err := q.Get(ctx, `SELECT org_number, company_name, series, receivable_account, receivable_name, rent_account, rent_name,
		sale_account, sale_name, credit_account, credit_name FROM billing_settings WHERE id = 1`, nil,
		&s.OrgNumber, &s.CompanyName, &s.Series, &s.Receivable.Number, &s.Receivable.Name, &s.Rent.Number, &s.Rent.Name,
		&s.Sale.Number, &s.Sale.Name, &s.Credit.Number, &s.Credit.Name)
	return s, err
}

// UpdateBillingSettings replaces the settings.
func (q *Q) UpdateBillingSettings(ctx context.Context, s domain.BillingSettings) error {
	_, err := q.Exec(ctx, `UPDATE billing_settings SET org_number = ?, company_name = ?, series = ?, receivable_account = ?,
		receivable_name = ?, rent_account = ?, rent_name = ?, sale_account = ?, sale_name = ?, credit_account = ?, credit_name = ?
		WHERE id = 1`, s.OrgNumber, s.CompanyName, s.Series, s.Receivable.Number, s.Receivable.Name, s.Rent.Number, s.Rent.Name,
		s.Sale.Number, s.Sale.Name, s.Credit.Number, s.Credit.Name)
	return err
}

// FindCostCentres returns the payers' cost centres by payer number; a payer
// without one is not in the map.
func (q *Q) FindCostCentres(ctx context.Context) (map[string]string, error) {
	rows, err := q.Query(ctx, "SELECT payer_number, cost_centre FROM payer_cost_centres")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var p, cc string
		if err := rows.Scan(&p, &cc); err != nil {
			return nil, err
		}
		out[p] = cc
	}
	return out, rows.Err()
}

// SetCostCentre sets a payer's cost centre; an empty one removes it (the
// payer's number is used).
func (q *Q) SetCostCentre(ctx context.Context, payer, costCentre string) error {
	if costCentre == "" {
		_, err := q.Exec(ctx, "DELETE FROM payer_cost_centres WHERE payer_number = ?", payer)
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO payer_cost_centres (payer_number, cost_centre) VALUES (?, ?)
		ON CONFLICT (payer_number) DO UPDATE SET cost_centre = excluded.cost_centre`, payer, costCentre)
	return err
}
