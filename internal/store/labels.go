package store

import (
	"context"

	"hjalpmedel/internal/domain"
)

// FindUnitLabels loads what the labels of units show (SPEC §10.9), with the
// customer of each held unit's open holding; unknown numbers are left out.
func (q *Q) FindUnitLabels(ctx context.Context, numbers []string) ([]domain.UnitLabel, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	args := make([]any, len(numbers))
	for i, n := range numbers {
		args[i] = n
	}
	rows, err := q.Query(ctx, `SELECT u.number, u.article_number, a.name, u.serial, u.warehouse, w.name,
		COALESCE((SELECT h.customer_number FROM holdings h WHERE h.unit_number = u.number AND h.end_date IS NULL
			ORDER BY h.id DESC LIMIT 1), '')
		FROM units u JOIN articles a ON a.number = u.article_number JOIN warehouses w ON w.number = u.warehouse
		WHERE u.number IN (`+Placeholders(len(numbers))+`) ORDER BY u.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.UnitLabel
	for rows.Next() {
		var l domain.UnitLabel
		if err := rows.Scan(&l.Number, &l.Article, &l.ArticleName, &l.Serial, &l.Warehouse, &l.WarehouseName, &l.Customer); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
