package demo_test

import (
	"context"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

var loadTime = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Read().Get(context.Background(), query, args, &n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestLoadTwiceDoesNotDuplicate(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		if err := demo.Load(ctx, db, loadTime); err != nil {
			t.Fatalf("load: %v", err)
		}
		t.Logf("demo loaded in %s", time.Since(start))
		tables := []string{"articles", "units", "holdings", "orders", "persons", "stock", "article_words", "work_orders", "messages"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = count(t, db, "SELECT COUNT(*) FROM "+tb)
		}
		if err := demo.Load(ctx, db, loadTime.Add(time.Hour)); err != nil {
			t.Fatalf("second load: %v", err)
		}
		for _, tb := range tables {
			if n := count(t, db, "SELECT COUNT(*) FROM "+tb); n != before[tb] {
				t.Errorf("%s: %d rows after the second load, %d before", tb, n, before[tb])
			}
		}
		if before["articles"] < 280 {
			t.Errorf("only %d articles; the demo catalogue should have a few hundred", before["articles"])
		}
	})
}

func TestManualFacts(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db, loadTime); err != nil {
			t.Fatalf("load: %v", err)
		}
		q := db.Read()

		// Svensson, Testare holds the six aids of the manual, all by K082LNO for 2990/2990.
		rows, err := q.Strings(ctx, `SELECT h.article_number || ':' || COALESCE(h.unit_number, '') || ':' || h.delivery_date || ':' || o.number
			FROM holdings h JOIN order_lines ol ON ol.id = h.order_line_id JOIN orders o ON o.id = ol.order_id
			JOIN users u ON u.id = h.prescriber_id
			WHERE h.recipient_personnummer = '191212121212' AND h.end_date IS NULL
			AND h.customer_number = '2990' AND h.payer_number = '2990' AND u.username = 'K082LNO'
			ORDER BY h.article_number`)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"10156:170098:2026-03-02:26000118", "10680::2008-11-05:08004471", "15014:157792:2026-03-02:26000118",
			"15749::2012-01-13:12000135", "23993:104901:2011-05-31:11001893", "25800:75082:2011-05-31:11001893"}
		if len(rows) != len(want) {
			t.Fatalf("test patient holds %v, want %v", rows, want)
		}
		for i := range want {
			if rows[i] != want[i] {
				t.Errorf("holding %d = %s, want %s", i, rows[i], want[i])
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM units WHERE number IN ('170098', '157792') AND purchase_date = '2026-02-02'
			AND article_number IN (SELECT number FROM articles WHERE depreciation_months = 60)`); n != 2 {
			t.Errorf("cushion units purchased 2026-02-02 with 60 months: %d, want 2", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM holdings WHERE recipient_personnummer = '191212121212'
			AND ((article_number IN ('15749', '10680') AND owner = 'other' AND debit_form = 'sale')
			OR (article_number IN ('23993', '25800', '10156', '15014') AND owner = 'region' AND debit_form = 'buyback'))`); n != 6 {
			t.Errorf("owner and debit form as in the pickup screenshot: %d of 6", n)
		}

		// 11109's base configuration: 11 parts whose rents sum to 119,20 kr; main line 0,00.
		if n := count(t, db, `SELECT COUNT(*) FROM article_base_components WHERE article_number = '11109'`); n != 11 {
			t.Errorf("11109 base configuration has %d parts, want 11", n)
		}
		if n := count(t, db, `SELECT SUM(b.quantity * p.amount_ore) FROM article_base_components b
			JOIN article_prices p ON p.article_number = b.component_number AND p.kind = 'rent'
			WHERE b.article_number = '11109'`); n != 11920 {
			t.Errorf("11109 base configuration rents sum to %d öre, want 11920", n)
		}
		if n := count(t, db, `SELECT amount_ore FROM article_prices WHERE article_number = '11109' AND kind = 'rent'`); n != 0 {
			t.Errorf("11109's own rent = %d, want 0", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM units WHERE article_number = '11109' AND status = 'in_stock' AND warehouse = '2000'`); n < 3 {
			t.Errorf("11109 units in stock at 2000: %d, want at least 3", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM accessory_template_items i JOIN accessory_templates t ON t.id = i.template_id
			WHERE t.article_number = '11109' AND t.name = 'Vanligaste tillbehören till Cross'`); n < 4 {
			t.Errorf("accessory template has %d items, want at least 4", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM (SELECT component_number AS a FROM article_base_components WHERE article_number = '11109'
			UNION SELECT component_number FROM accessory_template_items) c
			WHERE NOT EXISTS (SELECT 1 FROM stock s WHERE s.article_number = c.a AND s.warehouse = '2000' AND s.on_hand - s.reserved > 0)`); n != 0 {
			t.Errorf("%d components or accessories of 11109 are not in stock at 2000", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM replacement_chain_articles WHERE article_number = '11109'`); n != 0 {
			t.Error("11109 must be in no replacement chain")
		}

		// Unit 179711 is held by 1464 Arvidsjaur Kommun Närförråd.
		if n := count(t, db, `SELECT COUNT(*) FROM holdings h JOIN units u ON u.number = h.unit_number
			WHERE h.unit_number = '179711' AND h.end_date IS NULL AND h.recipient_customer = '1464' AND h.payer_number = '1464'
			AND u.serial = '26B46546' AND u.purchase_date = '2016-04-11' AND u.warranty_until = '2020-04-10'
			AND u.delivered_from = '2000' AND u.status = 'delivered'`); n != 1 {
			t.Error("unit 179711 is not held by care unit 1464 as in the manual")
		}
		// Unit 123569 scrapped 2011-09-28 with the adaptation of 2011-03-21.
		if n := count(t, db, `SELECT COUNT(*) FROM units u JOIN unit_adaptations a ON a.unit_number = u.number
			WHERE u.number = '123569' AND u.article_number = '16952' AND u.status = 'scrapped' AND u.status_date = '2011-09-28'
			AND u.serial = 'G024-014317' AND a.date = '2011-03-21'`); n != 1 {
			t.Error("unit 123569 is not scrapped 2011-09-28 with its adaptation")
		}
		// K082LNO is linked to 2990 and 1464.
		links, err := q.Strings(ctx, `SELECT c.customer_number FROM user_customers c JOIN users u ON u.id = c.user_id
			WHERE u.username = 'K082LNO' ORDER BY 1`)
		if err != nil || len(links) != 2 || links[0] != "1464" || links[1] != "2990" {
			t.Errorf("K082LNO linked to %v (%v), want [1464 2990]", links, err)
		}
		// Panthera 30593: rent 61,91 and sales price 2 471,60 from 2021-12-02, balance 0, not orderable.
		if n := count(t, db, `SELECT COUNT(*) FROM articles a JOIN stock s ON s.article_number = a.number AND s.warehouse = '2000'
			WHERE a.number = '30593' AND a.not_orderable AND s.on_hand = 0 AND a.iso_code = '122203'
			AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'rent' AND p.amount_ore = 6191 AND p.valid_from = '2021-12-02')
			AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'sale' AND p.amount_ore = 247160 AND p.valid_from = '2021-12-02')`); n != 1 {
			t.Error("30593 Panthera is not as in the manual")
		}
		// Stock agrees with units: on_hand of an individual article = its units in stock.
		if n := count(t, db, `SELECT COUNT(*) FROM stock s JOIN articles a ON a.number = s.article_number AND a.individual
			WHERE s.on_hand <> (SELECT COUNT(*) FROM units u WHERE u.article_number = s.article_number
			AND u.warehouse = s.warehouse AND u.status = 'in_stock')`); n != 0 {
			t.Errorf("%d stock rows of individual articles disagree with their units", n)
		}
		// Every article has search words, every unit a history.
		if n := count(t, db, `SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_words w WHERE w.article_number = a.number)`); n != 0 {
			t.Errorf("%d articles without search words", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM units u WHERE NOT EXISTS (SELECT 1 FROM unit_events e WHERE e.unit_number = u.number)`); n != 0 {
			t.Errorf("%d units without history", n)
		}
		// The work orders of the start page messages are closed.
		if n := count(t, db, `SELECT COUNT(*) FROM work_orders WHERE number IN ('14030671', '12060395', '12060324', '12060286') AND status = 'closed'`); n != 4 {
			t.Errorf("%d of the 4 manual work orders are closed", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM persons WHERE protected`); n != 1 {
			t.Errorf("%d protected persons, want 1", n)
		}
	})
}

// The system's own numbering continues after the demo's documents and units.
func TestSequencesAfterDemo(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db, loadTime); err != nil {
			t.Fatalf("load: %v", err)
		}
		err := db.Transact(ctx, func(q *store.Q) error {
			n, err := q.NextDocNumber(ctx, "order", time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC))
			if err != nil {
				return err
			}
			if n != "26000119" {
				t.Errorf("next order number %s, want 26000119", n)
			}
			u, err := q.NextNumber(ctx, "unit", 0)
			if err != nil {
				return err
			}
			var max int64
			if err := q.Get(ctx, `SELECT MAX(CAST(number AS INTEGER)) FROM units`, nil, &max); err != nil {
				return err
			}
			if u != max+1 {
				t.Errorf("next unit number %d, want %d", u, max+1)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
