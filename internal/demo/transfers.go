package demo

import (
	"hjalpmedel/internal/domain"
)

// DueTransferUnit is the unit of the demo's BMB on day 5 (SPEC §10.11): K082LNO
// sent Erik Gustav Karlsson's rollator to K082KBN five days ago and it is not yet
// acknowledged, so both see "2 dagar kvar" and the reminder job (serve runs it
// at start) sends K082KBN the day-5 reminder.
const DueTransferUnit = "98114"

func (l *loader) dueTransfer() {
	if l.err != nil {
		return
	}
	sent := l.now.AddDate(0, 0, -5)
	var holding int64
	if l.err = l.q.Get(l.ctx, "SELECT id FROM holdings WHERE unit_number = ? AND end_date IS NULL", []any{DueTransferUnit}, &holding); l.err != nil {
		return
	}
	id, err := l.q.Insert(l.ctx, `INSERT INTO transfers (status, from_user_id, to_user_id, recipient_personnummer, bmb_date, message, sent_at)
		VALUES ('sent', ?, ?, '193809211190', ?, 'Patienten har flyttat till Gammelstad; hälsocentralen tar över betalningsansvaret.', ?)`,
		l.users["K082LNO"], l.users["K082KBN"], domain.FormatDate(domain.DateOf(sent)), domain.FormatTimestamp(sent))
	if l.err = err; err != nil {
		return
	}
	l.exec("INSERT INTO transfer_items (transfer_id, holding_id) VALUES (?, ?)", id, holding)
	l.message(l.users["K082KBN"], "193809211190", "BMB från K082LNO att kvittera (gällande Karlsson, Erik Gustav)", 5)
}
