package store

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
)

// Transfers (BMB) and the holdings they move. Names carry "Transfer" so that they
// stay apart from the general look-ups of holdings.

const transferHoldingColumns = `h.id, COALESCE(h.recipient_personnummer, ''), COALESCE(h.recipient_customer, ''),
	h.article_number, a.name, COALESCE(h.unit_number, ''), COALESCE(h.attached_unit, ''), h.quantity,
	h.customer_number, c.name, c.local_store, h.payer_number, p.name, COALESCE(h.prescriber_id, 0),
	h.owner, h.debit_form, h.purpose, COALESCE(h.order_line_id, 0), COALESCE(h.order_date, ''), h.delivery_date,
	h.rent_start, COALESCE(h.end_date, ''), h.end_reason`

const transferHoldingFrom = ` FROM holdings h
	JOIN articles a ON a.number = h.article_number
	JOIN customers c ON c.number = h.customer_number
	JOIN payers p ON p.number = h.payer_number`

func scanTransferHolding(sc rowScanner) (domain.TransferHolding, error) {
	var h domain.TransferHolding
	var rent, end string
	err := sc.Scan(&h.ID, &h.RecipientPersonnummer, &h.RecipientCustomer, &h.Article, &h.ArticleName, &h.Unit,
		&h.AttachedUnit, &h.Quantity, &h.Customer, &h.CustomerName, &h.CustomerLocalStore, &h.Payer, &h.PayerName,
		&h.PrescriberID, &h.Owner, &h.DebitForm, &h.Purpose, &h.OrderLineID, &h.OrderDate, &h.DeliveryDate,
		&rent, &end, &h.EndReason)
	h.RentStart, h.EndDate = domain.ParseDate(rent), domain.ParseDate(end)
	return h, err
}

func (q *Q) transferHoldings(ctx context.Context, where string, args ...any) ([]domain.TransferHolding, error) {
	return queryAll(ctx, q, scanTransferHolding, "SELECT "+transferHoldingColumns+transferHoldingFrom+" WHERE "+where, args...)
}

// FindTransferableHoldings lists the current holdings of a patient (personnummer) or a
// care unit (customer), main aids before their attached components.
func (q *Q) FindTransferableHoldings(ctx context.Context, personnummer, customer string) ([]domain.TransferHolding, error) {
	if personnummer != "" {
		return q.transferHoldings(ctx, "h.recipient_personnummer = ? AND h.end_date IS NULL ORDER BY h.delivery_date, h.id", personnummer)
	}
	return q.transferHoldings(ctx, "h.recipient_customer = ? AND h.end_date IS NULL ORDER BY h.delivery_date, h.id", customer)
}

// FindTransferHolding finds a holding by id (ended or not).
func (q *Q) FindTransferHolding(ctx context.Context, id int64) (domain.TransferHolding, error) {
	hs, err := q.transferHoldings(ctx, "h.id = ?", id)
	if err != nil {
		return domain.TransferHolding{}, err
	}
	if len(hs) == 0 {
		return domain.TransferHolding{}, ErrNotFound
	}
	return hs[0], nil
}

// FindTransferHoldingByUnit finds the current holding of a unit.
func (q *Q) FindTransferHoldingByUnit(ctx context.Context, unit string) (domain.TransferHolding, error) {
	hs, err := q.transferHoldings(ctx, "h.unit_number = ? AND h.end_date IS NULL ORDER BY h.id DESC", unit)
	if err != nil {
		return domain.TransferHolding{}, err
	}
	if len(hs) == 0 {
		return domain.TransferHolding{}, ErrNotFound
	}
	return hs[0], nil
}

// FindAttachedTransferHoldings lists the current component holdings attached to a unit.
func (q *Q) FindAttachedTransferHoldings(ctx context.Context, unit string) ([]domain.TransferHolding, error) {
	return q.transferHoldings(ctx, "h.attached_unit = ? AND h.end_date IS NULL ORDER BY h.id", unit)
}

// OpenTransferOfHolding returns the open transfer (sent or locked) a holding is in, 0 if none.
func (q *Q) OpenTransferOfHolding(ctx context.Context, holdingID int64) (int64, error) {
	var id int64
	err := q.Get(ctx, "SELECT transfer_id FROM transfer_items WHERE holding_id = ? AND open", []any{holdingID}, &id)
	if err == ErrNotFound {
		return 0, nil
	}
	return id, err
}

// HoldingOnOpenPickup reports whether a holding is on a registered pickup order.
func (q *Q) HoldingOnOpenPickup(ctx context.Context, holdingID int64) (bool, error) {
	var n int
	err := q.Get(ctx, "SELECT COUNT(*) FROM pickup_items WHERE holding_id = ? AND status = 'registered'", []any{holdingID}, &n)
	return n > 0, err
}

// FindTransferPerson finds a patient in the registry.
func (q *Q) FindTransferPerson(ctx context.Context, pnr string) (domain.TransferParty, error) {
	p := domain.TransferParty{Personnummer: pnr, Active: true}
	var first, last string
	err := q.Get(ctx, `SELECT first_name, last_name, street, postal_code, town, protected, COALESCE(deceased_date, '')
		FROM persons WHERE personnummer = ?`,
		[]any{pnr}, &first, &last, &p.Street, &p.PostalCode, &p.Town, &p.Protected, &p.Deceased)
	p.Name = last + ", " + first
	return p, err
}

// FindTransferCustomer finds a care unit with its default payer.
func (q *Q) FindTransferCustomer(ctx context.Context, number string) (domain.TransferParty, error) {
	p := domain.TransferParty{Customer: number}
	err := q.Get(ctx, `SELECT c.name, c.street, c.postal_code, c.town, c.local_store, c.active, c.default_payer, p.name
		FROM customers c JOIN payers p ON p.number = c.default_payer WHERE c.number = ?`,
		[]any{number}, &p.Name, &p.Street, &p.PostalCode, &p.Town, &p.LocalStore, &p.Active, &p.DefaultPayer, &p.PayerName)
	return p, err
}

// FindTransferPayerName returns an active payer's name.
func (q *Q) FindTransferPayerName(ctx context.Context, number string) (string, error) {
	var name string
	err := q.Get(ctx, "SELECT name FROM payers WHERE number = ? AND active", []any{number}, &name)
	return name, err
}

const transferColumns = `t.id, t.status, t.from_user_id, fu.username, fu.name, t.to_user_id, tu.username, tu.name,
	COALESCE(t.recipient_personnummer, ''), COALESCE(t.recipient_customer, ''),
	COALESCE(pe.last_name || ', ' || pe.first_name, rc.name, ''),
	t.bmb_date, t.message, t.patient_to_patient, t.sent_at, COALESCE(t.answered_at, ''), t.answer_message,
	COALESCE(t.new_customer, ''), COALESCE(t.new_payer, ''), COALESCE(t.unlocked_at, ''), t.unlocked_by`

const transferFrom = ` FROM transfers t
	JOIN users fu ON fu.id = t.from_user_id
	JOIN users tu ON tu.id = t.to_user_id
	LEFT JOIN persons pe ON pe.personnummer = t.recipient_personnummer
	LEFT JOIN customers rc ON rc.number = t.recipient_customer`

func scanTransfer(sc rowScanner) (domain.Transfer, error) {
	var t domain.Transfer
	var bmb, sent, answered, unlocked string
	err := sc.Scan(&t.ID, &t.Status, &t.FromUserID, &t.FromUsername, &t.FromName, &t.ToUserID, &t.ToUsername, &t.ToName,
		&t.RecipientPersonnummer, &t.RecipientCustomer, &t.RecipientName, &bmb, &t.Message, &t.PatientToPatient,
		&sent, &answered, &t.AnswerMessage, &t.NewCustomer, &t.NewPayer, &unlocked, &t.UnlockedBy)
	t.BMBDate, t.SentAt, t.AnsweredAt, t.UnlockedAt = domain.ParseDate(bmb), domain.ParseTimestamp(sent), domain.ParseTimestamp(answered), domain.ParseTimestamp(unlocked)
	return t, err
}

// FindTransfers lists transfers, newest first.
func (q *Q) FindTransfers(ctx context.Context, f domain.TransferFilter) ([]domain.Transfer, error) {
	var w where
	if f.ToUserID != 0 {
		w.add("t.to_user_id = ?", f.ToUserID)
	}
	if f.FromUserID != 0 {
		w.add("t.from_user_id = ?", f.FromUserID)
	}
	if f.Status != "" {
		w.add("t.status = ?", f.Status)
	}
	if !f.SentAfter.IsZero() {
		w.add("t.sent_at > ?", domain.FormatTimestamp(f.SentAfter))
	}
	if !f.SentAtOrUpTo.IsZero() {
		w.add("t.sent_at <= ?", domain.FormatTimestamp(f.SentAtOrUpTo))
	}
	// A patient or care unit is in a transfer as its new recipient or as the
	// holder of the holdings it moves.
	if f.Personnummer != "" {
		w.add(`(t.recipient_personnummer = ? OR t.id IN (SELECT ti.transfer_id FROM holdings h
			JOIN transfer_items ti ON ti.holding_id = h.id WHERE h.recipient_personnummer = ?))`, f.Personnummer, f.Personnummer)
	}
	if sub, args := personsNamed(f.Name); sub != "" {
		w.add(`(t.recipient_personnummer IN (`+sub+`) OR t.id IN (SELECT ti.transfer_id FROM holdings h
			JOIN transfer_items ti ON ti.holding_id = h.id WHERE h.recipient_personnummer IN (`+sub+`)))`, append(args, args...)...)
	}
	if f.Customer != "" {
		w.add(`(t.recipient_customer = ? OR t.new_customer = ? OR t.id IN (SELECT ti.transfer_id FROM holdings h
			JOIN transfer_items ti ON ti.holding_id = h.id WHERE h.customer_number = ?))`, f.Customer, f.Customer, f.Customer)
	}
	w.during("t.sent_at", f.From, f.To)
	query := "SELECT " + transferColumns + transferFrom + w.sql() + " ORDER BY t.sent_at DESC, t.id DESC"
	args := w.args
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	return queryAll(ctx, q, scanTransfer, query, args...)
}

// FindTransfer finds a transfer by id; in a transaction on PostgreSQL the row is locked.
func (q *Q) FindTransfer(ctx context.Context, id int64) (domain.Transfer, error) {
	lock := ""
	if q.tx {
		lock = q.ForUpdate()
		if lock != "" {
			lock += " OF t"
		}
	}
	t, err := scanTransfer(q.QueryRow(ctx, "SELECT "+transferColumns+transferFrom+" WHERE t.id = ?"+lock, id))
	return t, mapError(err)
}

// FindTransferItems lists the holdings of a transfer as they were when it was sent
// (an accepted transfer lists the ended holdings it replaced).
func (q *Q) FindTransferItems(ctx context.Context, transferID int64) ([]domain.TransferHolding, error) {
	return q.transferHoldings(ctx, "h.id IN (SELECT holding_id FROM transfer_items WHERE transfer_id = ?) ORDER BY h.delivery_date, h.id", transferID)
}

// CreateTransfer stores a sent transfer and its items. A holding already in an open
// transfer violates transfer_items_open_holding and gives a conflict.
func (q *Q) CreateTransfer(ctx context.Context, t domain.NewTransfer) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO transfers (status, from_user_id, to_user_id, recipient_personnummer,
		recipient_customer, bmb_date, message, patient_to_patient, sent_at) VALUES ('sent', ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.FromUserID, t.ToUserID, nullString(t.RecipientPersonnummer), nullString(t.RecipientCustomer),
		domain.FormatDate(t.BMBDate), t.Message, t.PatientToPatient, domain.FormatTimestamp(t.SentAt))
	if err != nil {
		return 0, err
	}
	for _, h := range t.Holdings {
		if _, err := q.Exec(ctx, "INSERT INTO transfer_items (transfer_id, holding_id, open) VALUES (?, ?, TRUE)", id, h); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// AnswerTransfer marks a sent, unlocked-in-time transfer accepted or rejected. It changes
// the row only while the transfer is still sent and was sent after openSince (not
// locked), so of two answers at the same moment exactly one wins; it returns whether
// this one did.
func (q *Q) AnswerTransfer(ctx context.Context, id int64, status string, now, openSince time.Time, message, customer, payer string) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE transfers SET status = ?, answered_at = ?, answer_message = ?, new_customer = ?, new_payer = ?
		WHERE id = ? AND status = 'sent' AND sent_at > ?`,
		status, domain.FormatTimestamp(now), message, nullString(customer), nullString(payer), id, domain.FormatTimestamp(openSince))
	return n == 1, err
}

// UnlockTransfer marks a locked transfer unlocked (sent at or before lockedSince); it
// returns whether this call did it.
func (q *Q) UnlockTransfer(ctx context.Context, id int64, now, lockedSince time.Time, by string) (bool, error) {
	n, err := q.ExecAffected(ctx, `UPDATE transfers SET status = 'unlocked', unlocked_at = ?, unlocked_by = ?
		WHERE id = ? AND status = 'sent' AND sent_at <= ?`, domain.FormatTimestamp(now), by, id, domain.FormatTimestamp(lockedSince))
	return n == 1, err
}

// CloseTransferItems frees the holdings of a transfer for new transfers.
func (q *Q) CloseTransferItems(ctx context.Context, transferID int64) error {
	_, err := q.Exec(ctx, "UPDATE transfer_items SET open = FALSE WHERE transfer_id = ? AND open", transferID)
	return err
}

// EndHolding ends a current holding on date for reason (transferred by BMB,
// handed_out from a care unit's store); false when it had ended already. what
// names the date in the refusal when its month is closed.
func (q *Q) EndHolding(ctx context.Context, id int64, date time.Time, reason string, what domain.Term) (bool, error) {
	if err := q.EnsureOpen(ctx, date, what); err != nil {
		return false, err
	}
	n, err := q.ExecAffected(ctx, "UPDATE holdings SET end_date = ?, end_reason = ? WHERE id = ? AND end_date IS NULL", domain.FormatDate(date), reason, id)
	return n == 1, err
}

// CreateTransferredHolding starts the holding that continues h for the new recipient,
// customer, payer and prescriber from the BMB-datum.
func (q *Q) CreateTransferredHolding(ctx context.Context, n domain.TransferredHolding) (int64, error) {
	if err := q.EnsureOpen(ctx, n.RentStart, domain.Term("BMB-datum")); err != nil {
		return 0, err
	}
	h := n.From
	return q.Insert(ctx, `INSERT INTO holdings (recipient_personnummer, recipient_customer, article_number, unit_number,
		attached_unit, quantity, customer_number, payer_number, prescriber_id, owner, debit_form, purpose, order_line_id,
		previous_holding_id, order_date, delivery_date, rent_start)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullString(n.RecipientPersonnummer), nullString(n.RecipientCustomer), h.Article, nullString(h.Unit),
		nullString(h.AttachedUnit), h.Quantity, n.Customer, n.Payer, nullInt(n.PrescriberID), h.Owner, h.DebitForm,
		h.Purpose, nullInt(h.OrderLineID), h.ID, nullString(h.OrderDate), h.DeliveryDate, domain.FormatDate(n.RentStart))
}

// AddTransferUnitEvent writes a line of a unit's history.
func (q *Q) AddTransferUnitEvent(ctx context.Context, unit string, at time.Time, kind, text, reference, username string) error {
	_, err := q.Exec(ctx, `INSERT INTO unit_events (unit_number, at, kind, text, reference, username) VALUES (?, ?, ?, ?, ?, ?)`,
		unit, domain.FormatTimestamp(at), kind, text, reference, username)
	return err
}

// FindTransferCustomersOfUser lists the customers a user is linked to, with their default payers.
func (q *Q) FindTransferCustomersOfUser(ctx context.Context, userID int64) ([]domain.TransferParty, error) {
	rows, err := q.Query(ctx, `SELECT c.number, c.name, c.street, c.postal_code, c.town, c.local_store, c.active, c.default_payer, p.name
		FROM user_customers uc JOIN customers c ON c.number = uc.customer_number JOIN payers p ON p.number = c.default_payer
		WHERE uc.user_id = ? ORDER BY c.number`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.TransferParty
	for rows.Next() {
		var p domain.TransferParty
		if err := rows.Scan(&p.Customer, &p.Name, &p.Street, &p.PostalCode, &p.Town, &p.LocalStore, &p.Active, &p.DefaultPayer, &p.PayerName); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
