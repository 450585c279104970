package store

import (
	"context"

	"hjalpmedel/internal/domain"
)

// FindInspectionUnits lists the held units of the articles with an inspection
// interval (FU, SPEC §10.5) with their holder, customer, the prescriber's
// service department and any open inspection work order. The due date is the
// domain's rule (domain.NextInspection), applied by the caller.
func (q *Q) FindInspectionUnits(ctx context.Context) ([]domain.InspectionUnit, error) {
	return queryAll(ctx, q, func(r rowScanner) (domain.InspectionUnit, error) {
		var u domain.InspectionUnit
		err := r.Scan(&u.Unit, &u.Serial, &u.Article, &u.ArticleName, &u.Months, &u.LastFU, &u.LastResult, &u.Blocked,
			&u.Delivered, &u.Personnummer, &u.PatientName, &u.PatientProtected, &u.RecipientCustomer, &u.Customer,
			&u.CustomerName, &u.PrescriberID, &u.DepartmentID, &u.OpenWorkOrder)
		return u, err
	}, `SELECT u.number, u.serial, a.number, a.name, a.inspection_months, COALESCE(u.last_maintenance, ''),
			u.last_inspection_result, u.blocked, h.delivery_date, COALESCE(h.recipient_personnummer, ''),
			COALESCE(p.last_name || ', ' || p.first_name, ''), COALESCE(p.protected, FALSE), COALESCE(h.recipient_customer, ''),
			h.customer_number, c.name, COALESCE(h.prescriber_id, 0), COALESCE(pu.service_department_id, 0),
			COALESCE((SELECT MIN(w.number) FROM work_orders w JOIN action_types t ON t.id = w.action_type_id
				WHERE w.unit_number = u.number AND w.status IN ('registered', 'started') AND t.code = ?), '')
		FROM articles a
		JOIN units u ON u.article_number = a.number
		JOIN holdings h ON h.unit_number = u.number AND h.end_date IS NULL
		JOIN customers c ON c.number = h.customer_number
		LEFT JOIN users pu ON pu.id = h.prescriber_id
		LEFT JOIN persons p ON p.personnummer = h.recipient_personnummer
		WHERE a.inspection_months > 0
		ORDER BY u.number`, domain.InspectionActionType)
}

// RecordInspectionResult keeps the result of an inspection on the unit and on
// the work order that did it.
func (q *Q) RecordInspectionResult(ctx context.Context, unit string, workOrderID int64, result string) error {
	if _, err := q.Exec(ctx, "UPDATE units SET last_inspection_result = ? WHERE number = ?", result, unit); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "UPDATE work_orders SET inspection_result = ? WHERE id = ?", result, workOrderID)
	return err
}
