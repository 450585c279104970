// Package ordertest adds a small catalogue of its own to a database with the demo
// base data, so that ordering tests do not depend on the demo catalogue's numbers:
// a wheelchair with a base configuration and accessory template, a replacement
// chain, an article with one unit left, a not-orderable article, an order item,
// and a unit held by the test patient (for Kompl. individ).
package ordertest

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// Article numbers of the fixture.
const (
	Chair        = "9900100" // individual, 3 units in stock, base configuration of 3 parts (9900101 ×2, 9900102)
	ArmRest      = "9900101"
	LegRest      = "9900102"
	Accessory1   = "9900103"
	Accessory2   = "9900104"
	Accessory3   = "9900105"
	ChainOld     = "9900201" // replacement chain, position 1 (older), 2 in stock
	ChainNew     = "9900202" // position 2, 5 in stock
	LastOne      = "9900301" // stocked, exactly 1 in stock, lead time 10
	NotOrderable = "9900401"
	OrderItem    = "9900501" // beställningsvara, lead time 5
	Wheels       = "9900601" // a component ordered alone (Kompl. individ)
	HeldUnit     = "T990100" // a unit of Chair held by 191212121212
	Patient      = "191212121212"
)

// ChairUnits are the units of Chair in stock, oldest fifo date first.
var ChairUnits = []string{"T990001", "T990002", "T990003"}

// NotOrderableText is the guidance of NotOrderable.
const NotOrderableText = "Beställs via beställningsunderlag och C2-ärende."

// Seed inserts the fixture.
func Seed(ctx context.Context, db *store.DB) error {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := domain.FormatTimestamp(now)
	return db.Transact(ctx, func(q *store.Q) error {
		run := func(query string, args ...any) error {
			_, err := q.Exec(ctx, query, args...)
			return err
		}
		if err := run(`INSERT INTO iso_classes (code, parent_code, name) VALUES ('99', NULL, 'Testklass') ON CONFLICT (code) DO NOTHING`); err != nil {
			return err
		}
		type art struct {
			number, name, status string
			individual           bool
			price                int64
			lead                 int
			stock                int
			notOrderable         bool
		}
		arts := []art{
			{Chair, "Testrullstol Cross sittbredd 40", "stocked", true, 0, 10, 3, false},
			{ArmRest, "Testarmstöd", "stocked", false, 992, 10, 100, false},
			{LegRest, "Testbenstöd", "stocked", false, 627, 10, 100, false},
			{Accessory1, "Testtillbehör Ryggsäck", "stocked", false, 500, 10, 100, false},
			{Accessory2, "Testtillbehör Bord", "stocked", false, 1200, 10, 100, false},
			{Accessory3, "Testtillbehör Kryckhållare", "stocked", false, 300, 10, 100, false},
			{ChainOld, "Testrollator generation 1", "discontinued", false, 4000, 10, 2, false},
			{ChainNew, "Testrollator generation 2", "stocked", false, 4500, 10, 5, false},
			{LastOne, "Testdyna sista exemplaret", "stocked", false, 2500, 10, 1, false},
			{NotOrderable, "Testrullstol Panthera", "stocked", false, 6191, 10, 0, true},
			{OrderItem, "Testbeställningsvara", "order_item", false, 1000, 5, 0, false},
			{Wheels, "Testdrivhjulsats", "stocked", false, 8498, 10, 10, false},
		}
		for _, a := range arts {
			text := ""
			if a.notOrderable {
				text = NotOrderableText
			}
			if err := run(`INSERT INTO articles (number, name, name_folded, iso_code, status, individual, purpose, not_orderable,
				not_orderable_text, lead_time_days, created_at, updated_at) VALUES (?, ?, ?, '99', ?, ?, 'rent', ?, ?, ?, ?, ?)`,
				a.number, a.name, domain.Fold(a.name), a.status, a.individual, a.notOrderable, text, a.lead, ts, ts); err != nil {
				return err
			}
			if err := run(`INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at) VALUES (?, 'rent', ?, '2020-01-01', ?)`,
				a.number, a.price, ts); err != nil {
				return err
			}
			if err := run(`INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', ?, ?, 0)`, a.number, a.stock); err != nil {
				return err
			}
		}
		for i, c := range []struct {
			n string
			q int
		}{{ArmRest, 2}, {LegRest, 1}} {
			if err := run(`INSERT INTO article_base_components (article_number, position, component_number, quantity) VALUES (?, ?, ?, ?)`,
				Chair, i+1, c.n, c.q); err != nil {
				return err
			}
		}
		// The base configuration is listed per piece: two arm rests are two sub-lines.
		// Explicit ids: the demo data inserts its own with explicit ids, which PostgreSQL's sequences do not see.
		const tid, cid = 9901, 9901
		if err := run(`INSERT INTO accessory_templates (id, article_number, name) VALUES (?, ?, 'Vanligaste tillbehören till Testrullstol')`, tid, Chair); err != nil {
			return err
		}
		for i, n := range []string{Accessory1, Accessory2, Accessory3} {
			if err := run(`INSERT INTO accessory_template_items (template_id, position, component_number) VALUES (?, ?, ?)`, tid, i+1, n); err != nil {
				return err
			}
		}
		if err := run(`INSERT INTO replacement_chains (id, name) VALUES (?, 'Testrollatorer')`, cid); err != nil {
			return err
		}
		for i, n := range []string{ChainOld, ChainNew} {
			if err := run(`INSERT INTO replacement_chain_articles (chain_id, position, article_number) VALUES (?, ?, ?)`, cid, i+1, n); err != nil {
				return err
			}
		}
		for i, u := range ChairUnits {
			fifo := now.AddDate(0, 0, -10+i) // T990001 is the oldest
			if err := run(`INSERT INTO units (number, article_number, serial, warehouse, status, status_date, fifo_date, created_at)
				VALUES (?, ?, ?, '2000', 'in_stock', ?, ?, ?)`, u, Chair, "SN-"+u, domain.FormatDate(fifo), domain.FormatDate(fifo), ts); err != nil {
				return err
			}
		}
		if err := run(`INSERT INTO units (number, article_number, serial, warehouse, status, status_date, fifo_date, created_at)
			VALUES (?, ?, 'SN-HELD', '2000', 'delivered', '2025-01-01', '2025-01-01', ?)`, HeldUnit, Chair, ts); err != nil {
			return err
		}
		var lno int64
		if err := q.Get(ctx, "SELECT id FROM users WHERE username = 'K082LNO'", nil, &lno); err != nil {
			return err
		}
		return run(`INSERT INTO holdings (recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
			prescriber_id, purpose, order_date, delivery_date, rent_start) VALUES (?, ?, ?, 1, '2990', '2990', ?, 'rent', '2025-01-01', '2025-01-01', '2025-01-01')`,
			Patient, Chair, HeldUnit, lno)
	})
}
