package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

func TestScale(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 2000
		var msgs []string
		start := time.Now()
		// The demo is loaded first when it is missing.
		if err := demo.Scale(ctx, db, n, loadTime, func(s, _ string, _, _ int) { msgs = append(msgs, s) }); err != nil {
			t.Fatalf("scale: %v", err)
		}
		t.Logf("scale %d in %s", n, time.Since(start))
		if len(msgs) == 0 {
			t.Error("no progress reported")
		}
		if ok, _ := demo.Loaded(ctx, db); !ok {
			t.Fatal("demo data not loaded by Scale")
		}
		q := db.Read()
		if got := count(t, db, `SELECT COUNT(*) FROM persons WHERE personnummer >= '19200101500'`); got < n {
			t.Errorf("%d scale persons, want %d", got, n)
		}
		for _, i := range []int{0, 1, n / 2, n - 1} {
			pnr := demo.ScalePersonnummer(i)
			if _, err := domain.ParsePersonnummer(pnr); err != nil {
				t.Errorf("scale personnummer %s: %v", pnr, err)
			}
			if c := count(t, db, `SELECT COUNT(*) FROM holdings WHERE recipient_personnummer = ? AND end_date IS NULL`, pnr); c != 2 {
				t.Errorf("person %s holds %d aids, want 2", pnr, c)
			}
		}
		if c := count(t, db, `SELECT COUNT(*) FROM customers WHERE number >= '5000' AND number < '6000'`); c != demo.ScaleCustomers(n) {
			t.Errorf("%d scale customers, want %d", c, demo.ScaleCustomers(n))
		}
		if c := count(t, db, `SELECT COUNT(*) FROM users WHERE username LIKE 'F%' AND can_prescribe`); c != demo.ScaleUsers(n) {
			t.Errorf("%d scale prescribers, want %d", c, demo.ScaleUsers(n))
		}
		if c := count(t, db, `SELECT COUNT(*) FROM articles WHERE number >= '600000'`); c != demo.ScaleArticles(n) {
			t.Errorf("%d scale articles, want %d", c, demo.ScaleArticles(n))
		}
		if c := count(t, db, `SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_words w WHERE w.article_number = a.number)`); c != 0 {
			t.Errorf("%d articles without search words", c)
		}
		// Units and stock agree; holdings of units point at delivered units.
		if c := count(t, db, `SELECT COUNT(*) FROM stock s JOIN articles a ON a.number = s.article_number AND a.individual
			WHERE s.on_hand <> (SELECT COUNT(*) FROM units u WHERE u.article_number = s.article_number
			AND u.warehouse = s.warehouse AND u.status = 'in_stock')`); c != 0 {
			t.Errorf("%d stock rows of individual articles disagree with their units", c)
		}
		if c := count(t, db, `SELECT COUNT(*) FROM holdings h JOIN units u ON u.number = h.unit_number WHERE u.status <> 'delivered' AND h.end_date IS NULL`); c != 0 {
			t.Errorf("%d held units are not delivered", c)
		}
		orders := count(t, db, `SELECT COUNT(*) FROM holdings h JOIN order_lines l ON l.id = h.order_line_id
			WHERE h.recipient_personnummer >= '19200101500'`)
		if orders < 2*n/20 || orders > 2*n/5 {
			t.Errorf("%d scale holdings have an order, want about one in ten of %d", orders, 2*n)
		}
		// The accessory suggestions (SPEC §10.11) count the scale orders' accessories.
		accessories := count(t, db, `SELECT COUNT(*) FROM order_lines WHERE parent_line_id IS NOT NULL AND article_number >= '600000'`)
		if pairs := count(t, db, `SELECT COALESCE(SUM(count), 0) FROM accessory_pairs WHERE main_article >= '600000'`); accessories == 0 || pairs != accessories {
			t.Errorf("accessory pairs count %d, want the %d accessory lines of the scale orders", pairs, accessories)
		}
		// Every table has statistics, as autovacuum keeps them on a running
		// system (PostgreSQL: a table never analysed is planned blind).
		if db.Dialect == store.Postgres {
			if c := count(t, db, `SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.reltuples < 0`); c != 0 {
				t.Errorf("%d tables never analysed after the scale seed", c)
			}
		}
		// A scale prescriber logs in with the demo password and is linked to the customers of the holdings.
		u, err := q.FindUserByUsername(ctx, demo.ScaleUsername(0))
		if err != nil {
			t.Fatalf("scale user: %v", err)
		}
		if !u.HasRole(domain.RolePrescriber) {
			t.Error("scale user is not a prescriber")
		}
		if c := count(t, db, `SELECT COUNT(*) FROM holdings h WHERE h.recipient_personnummer >= '19200101500'
			AND NOT EXISTS (SELECT 1 FROM user_customers c WHERE c.user_id = h.prescriber_id AND c.customer_number = h.customer_number)`); c != 0 {
			t.Errorf("%d holdings by a prescriber not linked to their customer", c)
		}
		// New documents and rows continue after the generated ones.
		err = db.Transact(ctx, func(q *store.Q) error {
			for _, y := range []int{2016, 2020, 2026} {
				num, err := q.NextDocNumber(ctx, domain.DocOrder, time.Date(y, 6, 1, 0, 0, 0, 0, time.UTC))
				if err != nil {
					return err
				}
				var c int
				if err := q.Get(ctx, `SELECT COUNT(*) FROM orders WHERE number = ?`, []any{num}, &c); err != nil {
					return err
				}
				if c != 0 {
					t.Errorf("next order number %s is already taken", num)
				}
			}
			_, err := q.Insert(ctx, `INSERT INTO orders (status, recipient_personnummer, customer_number, payer_number, prescriber_id, created_at)
				VALUES ('draft', '191212121212', '2990', '2990', ?, '2026-11-02T09:00:00.000000Z')`, u.ID)
			return err
		})
		if err != nil {
			t.Fatalf("after scale: %v", err)
		}
		// A second run is refused.
		if err := demo.Scale(ctx, db, n, loadTime, nil); err == nil || !strings.Contains(err.Error(), "already") {
			t.Errorf("second scale run: %v, want a refusal", err)
		}
	})
}
