package demo

import (
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// delivered is a delivered order whose lines became holdings of one recipient.
type delivered struct {
	Number               string // document number, e.g. 12000135
	Person, CareUnit     string // recipient: a personnummer or a customer number
	Customer, Payer      string
	Prescriber           int64
	OrderDate, Delivery  string
	AddressFromRecipient bool
	Lines                []line
	WarehouseInformation string
	DeliverTogether      bool
	// Cancelled is the day customer service cancelled the order before delivery
	// (Delivery is then the planned day): its lines are cancelled, nothing is held.
	Cancelled string
}

// line is an order line; Components are delivered attached to the line's unit.
type line struct {
	Article     string
	Quantity    int
	Unit        string   // the unit delivered (must exist, in stock or new)
	Owner       string   // region (default) or other
	Debit       string   // buyback (default) or sale
	Components  []string // base configuration delivered attached to Unit
	Accessories []string // accessories delivered attached to Unit
	AttachTo    string   // a component ordered alone for a unit (Kompl. individ)
	EndDate     string   // returned on this day (the holding ends)
	EndReason   string
}

// deliver inserts the order, its lines, the units' delivery and the holdings.
// It returns the holdings' ids in line order (components after their main line).
func (l *loader) deliver(o delivered) []int64 {
	if l.err != nil {
		return nil
	}
	if o.Payer == "" {
		o.Payer = o.Customer
	}
	l.useNumber("order", o.Number)
	reg := domain.FormatTimestamp(domain.ParseDate(o.OrderDate).Add(10 * time.Hour))
	c := l.customers[o.Customer]
	addrSource, name, street, postal, town, phone := "customer", c.Name, c.Street, c.Postal, c.Town, c.Phone
	if o.AddressFromRecipient && o.Person != "" {
		p := l.persons[o.Person]
		addrSource, name, street, postal, town, phone = "recipient", p.Last+", "+p.First, p.Street, p.Postal, p.Town, p.Phone
	}
	status, cancelled, cancelledBy := "delivered", "", ""
	if o.Cancelled != "" {
		status, cancelled, cancelledBy = "cancelled", domain.FormatTimestamp(domain.ParseDate(o.Cancelled).Add(11*time.Hour)), "KUNDTJANST"
	}
	orderID, err := l.q.Insert(l.ctx, `INSERT INTO orders (number, status, recipient_personnummer, recipient_customer, customer_number,
		payer_number, prescriber_id, address_source, address_name, address_street, address_postal_code, address_town, address_phone,
		warehouse_info, deliver_together, created_at, registered_at, cancelled_at, cancelled_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Number, status, store.NullString(o.Person), store.NullString(o.CareUnit), o.Customer, o.Payer, o.Prescriber,
		addrSource, name, street, postal, town, phone, o.WarehouseInformation, o.DeliverTogether, reg, reg,
		store.NullString(cancelled), cancelledBy)
	if err != nil {
		l.err = err
		return nil
	}
	var ids []int64
	pos := 0
	for _, ln := range o.Lines {
		pos++
		lineID := l.orderLine(orderID, pos, o, ln, 0, false)
		if o.Cancelled == "" {
			ids = append(ids, l.holding(o, ln, lineID, ""))
		}
		for i, comp := range append(append([]string(nil), ln.Components...), ln.Accessories...) {
			pos++
			cl := line{Article: comp, Quantity: 1}
			cid := l.orderLine(orderID, pos, o, cl, lineID, i < len(ln.Components))
			if o.Cancelled != "" {
				continue
			}
			ids = append(ids, l.holding(o, cl, cid, ln.Unit))
			if ln.Unit != "" {
				l.exec(`INSERT INTO unit_components (unit_number, article_number, quantity, attached_at) VALUES (?, ?, 1, ?)`,
					ln.Unit, comp, domain.FormatTimestamp(domain.ParseDate(o.Delivery).Add(12*time.Hour)))
			}
		}
	}
	return ids
}

func (l *loader) orderLine(orderID int64, pos int, o delivered, ln line, parent int64, fromBase bool) int64 {
	if l.err != nil {
		return 0
	}
	a := l.articles[ln.Article]
	purpose, price := "rent", a.Rent
	if a.Buy {
		purpose, price = "buy", a.Sale
	}
	if ln.Quantity == 0 {
		ln.Quantity = 1
	}
	status, delivered, deliveredAt, cancelledAt := "delivered", ln.Quantity, domain.FormatTimestamp(domain.ParseDate(o.Delivery).Add(12*time.Hour)), ""
	if o.Cancelled != "" {
		status, delivered, deliveredAt, cancelledAt = "cancelled", 0, "", domain.FormatTimestamp(domain.ParseDate(o.Cancelled).Add(11*time.Hour))
	}
	id, err := l.q.Insert(l.ctx, `INSERT INTO order_lines (order_id, position, parent_line_id, from_base_config, article_number,
		delivered_article_number, payer_number, warehouse, quantity, purpose, unit_price_ore, delivered_quantity, dispatch_date,
		arrival_date, complement_unit, status, delivered_at, cancelled_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		orderID, pos, store.NullInt(parent), fromBase, ln.Article, ln.Article, o.Payer, l.customers[o.Customer].Warehouse,
		ln.Quantity, purpose, price, delivered, o.Delivery, o.Delivery, store.NullString(ln.AttachTo), status, store.NullString(deliveredAt),
		store.NullString(cancelledAt))
	if err != nil {
		l.err = err
		return 0
	}
	if ln.Unit != "" {
		l.exec(`INSERT INTO order_line_units (line_id, unit_number) VALUES (?, ?)`, id, ln.Unit)
		l.exec(`UPDATE units SET status = 'delivered', status_date = ?, delivered_from = ? WHERE number = ?`,
			o.Delivery, l.customers[o.Customer].Warehouse, ln.Unit)
		var to string
		if o.Person != "" {
			p := l.persons[o.Person]
			to = p.Last + ", " + p.First
		} else {
			to = o.CareUnit + " " + l.customers[o.CareUnit].Name
		}
		l.event(ln.Unit, o.Delivery, "delivered", "Utlevererad till "+to, o.Number, "LAGER")
	}
	return id
}

func (l *loader) holding(o delivered, ln line, lineID int64, attached string) int64 {
	if l.err != nil {
		return 0
	}
	a := l.articles[ln.Article]
	purpose := "rent"
	if a.Buy {
		purpose = "buy"
	}
	if ln.Owner == "" {
		ln.Owner = "region"
	}
	if ln.Debit == "" {
		ln.Debit = "buyback"
	}
	if ln.Quantity == 0 {
		ln.Quantity = 1
	}
	if ln.AttachTo != "" {
		attached = ln.AttachTo
	}
	id, err := l.q.Insert(l.ctx, `INSERT INTO holdings (recipient_personnummer, recipient_customer, article_number, unit_number,
		attached_unit, quantity, customer_number, payer_number, prescriber_id, owner, debit_form, purpose, order_line_id,
		order_date, delivery_date, rent_start, end_date, end_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		store.NullString(o.Person), store.NullString(o.CareUnit), ln.Article, store.NullString(ln.Unit), store.NullString(attached),
		ln.Quantity, o.Customer, o.Payer, o.Prescriber, ln.Owner, ln.Debit, purpose, lineID,
		o.OrderDate, o.Delivery, o.Delivery, store.NullString(ln.EndDate), ln.EndReason)
	l.err = err
	return id
}

// useNumber remembers the highest sequence used per document kind and year, so the
// system's own numbering continues after the demo's documents.
func (l *loader) useNumber(kind, number string) {
	if len(number) < 8 {
		l.fail("demo: bad document number %q", number)
		return
	}
	yy, err1 := strconv.Atoi(number[:2])
	seq, err2 := strconv.ParseInt(number[2:], 10, 64)
	if err1 != nil || err2 != nil {
		l.fail("demo: bad document number %q", number)
		return
	}
	key := seqKey{kind, 2000 + yy}
	if seq > l.seqs[key] {
		l.seqs[key] = seq
	}
}

type seqKey struct {
	kind string
	year int
}

// sequences stores the document and unit number sequences past the demo's own numbers.
func (l *loader) sequences() {
	for k, last := range l.seqs {
		l.exec(`INSERT INTO number_sequences (kind, year, last) VALUES (?, ?, ?)
			ON CONFLICT (kind, year) DO UPDATE SET last = CASE WHEN number_sequences.last > excluded.last
			THEN number_sequences.last ELSE excluded.last END`, k.kind, k.year, last)
	}
	l.exec(`INSERT INTO number_sequences (kind, year, last) VALUES ('unit', 0, ?)
		ON CONFLICT (kind, year) DO UPDATE SET last = CASE WHEN number_sequences.last > excluded.last
		THEN number_sequences.last ELSE excluded.last END`, l.maxUnit)
}
