package demo

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// unit is one serial-numbered unit of the demo.
type unit struct {
	Number, Article, Serial, Warehouse string
	Purchase, Warranty                 string // dates; Warranty "" = purchase + 2 years − 1 day
	Status, StatusDate                 string // default in_stock at Purchase
	DeliveredFrom                      string
	LastMaintenance                    string
	Fifo                               string // default Purchase
}

// addUnit inserts a unit and its "received" event; an in-stock unit also counts in stock.on_hand.
func (l *loader) addUnit(u unit) string {
	if u.Number == "" {
		l.unitSeq++
		u.Number = strconv.Itoa(l.unitSeq)
	}
	if n, err := strconv.Atoi(u.Number); err == nil && n > l.maxUnit {
		l.maxUnit = n
	}
	if u.Warehouse == "" {
		u.Warehouse = "2000"
	}
	if u.Warranty == "" {
		u.Warranty = domain.FormatDate(domain.ParseDate(u.Purchase).AddDate(2, 0, -1))
	}
	if u.Status == "" {
		u.Status = "in_stock"
	}
	if u.StatusDate == "" {
		u.StatusDate = u.Purchase
	}
	if u.Fifo == "" {
		u.Fifo = u.Purchase
	}
	if u.Serial == "" {
		u.Serial = fmt.Sprintf("%s%02d%s", serialPrefix(l.articles[u.Article].Supplier), domain.ParseDate(u.Purchase).Year()%100, u.Number)
	}
	l.exec(`INSERT INTO units (number, article_number, serial, warehouse, delivered_from, purchase_date, warranty_until, status,
		status_date, last_maintenance, fifo_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Number, u.Article, u.Serial, u.Warehouse, u.DeliveredFrom, u.Purchase, u.Warranty, u.Status,
		u.StatusDate, store.NullString(u.LastMaintenance), u.Fifo, domain.FormatTimestamp(l.now))
	l.event(u.Number, u.Purchase, "received", "Inleverans från leverantör till lager "+u.Warehouse, "", "LAGER")
	if u.Status == "in_stock" {
		l.putOnHand(domain.JournalRow{Warehouse: u.Warehouse, Article: u.Article, Unit: u.Number, OnHandDelta: 1, Reason: "receipt",
			Reference: "Inleverans individ " + u.Number}, u.Purchase)
	}
	return u.Number
}

func serialPrefix(supplier string) string {
	switch supplier {
	case "Etac Sverige AB":
		return "26B"
	case "Invacare AB":
		return "G0"
	case "Topro AB":
		return "TP"
	case "Ottobock Sverige AB (Roho)":
		return "RQ"
	case "Permobil AB":
		return "PM"
	}
	return "SN"
}

// event adds a line to a unit's history.
func (l *loader) event(unitNumber, date, kind, text, reference, username string) {
	at := domain.FormatTimestamp(domain.ParseDate(date).Add(9 * time.Hour))
	l.exec(`INSERT INTO unit_events (unit_number, at, kind, text, reference, username) VALUES (?, ?, ?, ?, ?, ?)`,
		unitNumber, at, kind, text, reference, username)
}

// stock adds quantity on hand of an article at a warehouse, with the receipt movement.
func (l *loader) stock(warehouse, article string, quantity int, date, reference string) {
	l.putOnHand(domain.JournalRow{Warehouse: warehouse, Article: article, OnHandDelta: quantity, Reason: "receipt", Reference: reference}, date)
}

// putOnHand adds a movement's quantity on hand, and journals it (by LAGER) when
// there is any.
func (l *loader) putOnHand(m domain.JournalRow, date string) {
	l.exec(`INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES (?, ?, ?, 0)
		ON CONFLICT (warehouse, article_number) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand`,
		m.Warehouse, m.Article, m.OnHandDelta)
	if m.OnHandDelta > 0 {
		l.exec(`INSERT INTO stock_movements (at, warehouse, article_number, unit_number, on_hand_delta, reason, reference, username)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'LAGER')`, domain.FormatTimestamp(domain.ParseDate(date).Add(9*time.Hour)),
			m.Warehouse, m.Article, store.NullString(m.Unit), m.OnHandDelta, m.Reason, m.Reference)
	}
}

// stockUp fills the warehouses: stocked articles get units (individual ones) or quantities.
// The figures are fixed so tests and the manual's walk-through can rely on them.
func (l *loader) stockUp() {
	fixedUnits := map[string]int{"11109": 4, "24310": 3, "38002": 1, "16952": 0, "10156": 1, "15014": 1, "23993": 2, "25800": 1, "22876": 2}
	for i, num := range l.articleOrder {
		a := l.articles[num]
		if a.Status != "stocked" || a.OutOfAssortment || a.NotOrderable != "" {
			continue
		}
		purchase := fmt.Sprintf("2025-%02d-%02d", 1+i%11, 1+i%27)
		if a.Individual {
			n, ok := fixedUnits[num]
			if !ok {
				n = 1 + i%3
			}
			if n == 0 {
				l.stock("2000", num, 0, purchase, "")
			}
			for k := 0; k < n; k++ {
				l.addUnit(unit{Article: num, Purchase: purchase})
			}
			if !ok && i%4 == 0 {
				l.addUnit(unit{Article: num, Purchase: purchase, Warehouse: "3000"})
			}
			continue
		}
		q := 8 + (i*7)%33
		l.stock("2000", num, q, purchase, "Inleverans")
		if i%3 == 0 {
			l.stock("3000", num, 2+i%9, purchase, "Inleverans")
		}
	}
	// Panthera: balance 0 at 2000 Länsservice Boden (the manual's screenshot).
	l.stock("2000", "30593", 0, "2021-12-02", "")
}

// shelve gives every article in stock a shelf location (lagerplats) in its
// warehouse: aisles A, B … of ten sections with four shelves each, filled in
// ISO-class order so that related aids stand together ("A-03-2").
func (l *loader) shelve() {
	if l.err != nil {
		return
	}
	rows, err := l.q.Strings(l.ctx, `SELECT s.warehouse || ' ' || s.article_number FROM stock s JOIN articles a ON a.number = s.article_number
		ORDER BY s.warehouse, a.iso_code, s.article_number`)
	if err != nil {
		l.err = err
		return
	}
	var args []any
	n, last := 0, ""
	for _, r := range rows {
		warehouse, article, _ := strings.Cut(r, " ")
		if warehouse != last {
			n, last = 0, warehouse
		}
		args = append(args, warehouse, article, fmt.Sprintf("%c-%02d-%d", 'A'+n/40, n/4%10+1, n%4+1))
		n++
	}
	for len(args) > 0 {
		batch := args[:min(len(args), 3*200)]
		args = args[len(batch):]
		l.exec(`INSERT INTO stock_settings (warehouse, article_number, location) VALUES `+values(len(batch)/3, 3)+`
			ON CONFLICT (warehouse, article_number) DO UPDATE SET location = excluded.location`, batch...)
	}
}
