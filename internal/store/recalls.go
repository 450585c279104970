package store

import (
	"context"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
)

// Safety notices and recalls (SPEC §10.4). A notice's units are chosen in set
// statements, so a notice over tens of thousands of units is a few statements.

// InsertRecall registers a notice with its articles and its units (by the
// articles and ranges, or the list of units; units that do not exist and
// scrapped ones are left out) and returns its id and how many units it covers.
func (q *Q) InsertRecall(ctx context.Context, in domain.RecallInput, by string, now time.Time) (int64, int, error) {
	id, err := q.Insert(ctx, `INSERT INTO recalls (title, action, deadline, serial_from, serial_to, purchased_from, purchased_to,
		created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Title, in.Action, in.Deadline, in.SerialFrom, in.SerialTo,
		in.PurchasedFrom, in.PurchasedTo, domain.FormatTimestamp(now), by)
	if err != nil {
		return 0, 0, err
	}
	for _, a := range in.Articles {
		if _, err := q.Exec(ctx, "INSERT INTO recall_articles (recall_id, article_number) VALUES (?, ?)", id, a); err != nil {
			return 0, 0, err
		}
	}
	if len(in.Units) > 0 {
		n := 0
		for start := 0; start < len(in.Units); start += 500 {
			chunk := in.Units[start:min(start+500, len(in.Units))]
			args := []any{id}
			for _, u := range chunk {
				args = append(args, u)
			}
			m, err := q.ExecAffected(ctx, `INSERT INTO recall_units (recall_id, unit_number)
				SELECT ?, number FROM units WHERE status <> 'scrapped' AND number IN (`+Placeholders(len(chunk))+`)`, args...)
			if err != nil {
				return 0, 0, err
			}
			n += int(m)
		}
		return id, n, nil
	}
	where, args := "u.status <> 'scrapped' AND u.article_number IN (SELECT article_number FROM recall_articles WHERE recall_id = ?)", []any{id, id}
	for _, c := range []struct{ cond, v string }{
		{"u.serial >= ?", in.SerialFrom}, {"u.serial <= ?", in.SerialTo},
		{"u.purchase_date >= ?", in.PurchasedFrom}, {"u.purchase_date <= ?", in.PurchasedTo},
	} {
		if c.v != "" {
			where += " AND " + c.cond
			args = append(args, c.v)
		}
	}
	n, err := q.ExecAffected(ctx, "INSERT INTO recall_units (recall_id, unit_number) SELECT ?, u.number FROM units u WHERE "+where, args...)
	return id, int(n), err
}

const recallColumns = `r.id, r.title, r.action, r.deadline, r.serial_from, r.serial_to, r.purchased_from, r.purchased_to,
	r.status, r.created_at, r.created_by, r.executed_at, r.executed_by,
	(SELECT COUNT(*) FROM recall_units ru WHERE ru.recall_id = r.id)`

func scanRecall(r rowScanner) (*domain.Recall, error) {
	var rc domain.Recall
	var created, executed string
	err := r.Scan(&rc.ID, &rc.Title, &rc.Action, &rc.Deadline, &rc.SerialFrom, &rc.SerialTo, &rc.PurchasedFrom, &rc.PurchasedTo,
		&rc.Status, &created, &rc.CreatedBy, &executed, &rc.ExecutedBy, &rc.Units)
	rc.CreatedAt, rc.ExecutedAt = domain.ParseTimestamp(created), domain.ParseTimestamp(executed)
	return &rc, err
}

// FindRecall finds a notice with its articles.
func (q *Q) FindRecall(ctx context.Context, id int64) (*domain.Recall, error) {
	rc, err := scanRecall(q.QueryRow(ctx, "SELECT "+recallColumns+" FROM recalls r WHERE r.id = ?", id))
	if err != nil {
		if mapError(err) == ErrNotFound {
			return nil, domain.Errorf(domain.ENotFound, "Säkerhetsmeddelande %d finns inte.", id)
		}
		return nil, err
	}
	rc.Articles, err = q.Strings(ctx, "SELECT article_number FROM recall_articles WHERE recall_id = ? ORDER BY article_number", id)
	return rc, err
}

// FindRecalls lists the notices, newest first.
func (q *Q) FindRecalls(ctx context.Context) ([]*domain.Recall, error) {
	return queryAll(ctx, q, scanRecall, "SELECT "+recallColumns+" FROM recalls r ORDER BY r.id DESC")
}

// FindRecallUnits lists a notice's units where they are now, with their
// holder, customer, prescriber and the documents made for them.
func (q *Q) FindRecallUnits(ctx context.Context, id int64) ([]domain.RecallUnit, error) {
	ref := strconv.FormatInt(id, 10)
	return queryAll(ctx, q, func(r rowScanner) (domain.RecallUnit, error) {
		var u domain.RecallUnit
		err := r.Scan(&u.Unit, &u.Article, &u.ArticleName, &u.Serial, &u.Status, &u.Warehouse, &u.Blocked, &u.HoldingID,
			&u.Personnummer, &u.PatientName, &u.PatientProtected, &u.RecipientCustomer, &u.Customer, &u.CustomerName,
			&u.LocalStore, &u.PrescriberID, &u.PrescriberUsername, &u.PrescriberName, &u.DepartmentID,
			&u.WorkOrder, &u.WorkOrderStatus, &u.PickupOrder, &u.PickupOrderStatus, &u.Informed)
		return u, err
	}, `SELECT u.number, u.article_number, a.name, u.serial, u.status, u.warehouse,
			EXISTS (SELECT 1 FROM unit_blocks b WHERE b.unit_number = u.number AND b.source = 'recall' AND b.source_ref = ? AND b.released_at IS NULL),
			COALESCE(h.id, 0), COALESCE(h.recipient_personnummer, ''), COALESCE(p.last_name || ', ' || p.first_name, ''),
			COALESCE(p.protected, FALSE), COALESCE(h.recipient_customer, ''), COALESCE(h.customer_number, ''), COALESCE(c.name, ''),
			COALESCE(rc.local_store, FALSE), COALESCE(h.prescriber_id, 0), COALESCE(pu.username, ''), COALESCE(pu.name, ''),
			COALESCE(pu.service_department_id, 0), ru.work_order_number, COALESCE(w.status, ''), ru.pickup_order_number,
			COALESCE(po.status, ''), ru.informed
		FROM recall_units ru
		JOIN units u ON u.number = ru.unit_number
		JOIN articles a ON a.number = u.article_number
		LEFT JOIN holdings h ON h.unit_number = u.number AND h.end_date IS NULL
		LEFT JOIN persons p ON p.personnummer = h.recipient_personnummer
		LEFT JOIN customers c ON c.number = h.customer_number
		LEFT JOIN customers rc ON rc.number = h.recipient_customer
		LEFT JOIN users pu ON pu.id = h.prescriber_id
		LEFT JOIN work_orders w ON w.number = ru.work_order_number AND ru.work_order_number <> ''
		LEFT JOIN pickup_orders po ON po.number = ru.pickup_order_number AND ru.pickup_order_number <> ''
		WHERE ru.recall_id = ?
		ORDER BY u.number`, ref, id)
}

// FindRecallUnitsAtCentre lists a notice's units that are at the centre (no
// open holding, not scrapped), by number: the ones its registration blocks.
// The registration's transaction reads them so, not with FindRecallUnits,
// whose joins for the listing took 0.44 s of the writer's time over 10,000
// units on the 1M-person set.
func (q *Q) FindRecallUnitsAtCentre(ctx context.Context, id int64) ([]string, error) {
	return q.Strings(ctx, `SELECT u.number FROM recall_units ru JOIN units u ON u.number = ru.unit_number
		WHERE ru.recall_id = ? AND u.status <> 'scrapped'
		AND NOT EXISTS (SELECT 1 FROM holdings h WHERE h.unit_number = u.number AND h.end_date IS NULL)
		ORDER BY u.number`, id)
}

// SetRecallUnitDone records what the notice's execution made for a unit: its
// work order, its pickup order, or that its holder's prescriber was informed.
func (q *Q) SetRecallUnitDone(ctx context.Context, id int64, unit, workOrder, pickupOrder string) error {
	_, err := q.Exec(ctx, `UPDATE recall_units SET work_order_number = ?, pickup_order_number = ?, informed = TRUE
		WHERE recall_id = ? AND unit_number = ?`, workOrder, pickupOrder, id, unit)
	return err
}

// MarkRecallExecuted marks a notice executed; false when it already was.
func (q *Q) MarkRecallExecuted(ctx context.Context, id int64, by string, now time.Time) (bool, error) {
	n, err := q.ExecAffected(ctx, "UPDATE recalls SET status = 'executed', executed_at = ?, executed_by = ? WHERE id = ? AND status = 'registered'",
		domain.FormatTimestamp(now), by, id)
	return n == 1, err
}
