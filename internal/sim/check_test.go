package sim

import (
	"context"
	"errors"
	"strings"
	"testing"

	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// TestReferenceRules pins the reference billing's own arithmetic to SPEC §7.
func TestReferenceRules(t *testing.T) {
	for _, c := range []struct {
		purchase string
		months   int
		want     string
	}{
		{"2022-01-31", 61, "2027-02-28"}, // SPEC §7's example: clamped to the shorter month
		{"2027-01-31", 13, "2028-02-29"}, // leap year
		{"2026-02-02", 60, "2031-02-02"},
		{"2025-12-15", 1, "2026-01-15"},
		{"2025-05-31", 1, "2025-06-30"},
	} {
		if got := plusMonthsEndClamped(c.purchase, c.months); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.purchase, c.months, got, c.want)
		}
	}
	// 119,20 kr for 10 of 31 days is 38,451… kr: 3845 öre; 0,5 öre rounds up.
	if got := roundHalfUp(11920, 10, 31); got != 3845 {
		t.Errorf("roundHalfUp(11920, 10, 31) = %d", got)
	}
	if got := roundHalfUp(1, 1, 2); got != 1 {
		t.Errorf("roundHalfUp(1, 1, 2) = %d", got)
	}
	// A rent holding from the 10th, a price change on the 20th, returned on the
	// 25th; its unit depreciated the 28th (no effect) — start day counted, end not.
	d := &refData{
		holdings: []refHolding{{id: 1, payer: "P", purpose: "rent", article: "A", qty: 1, rentStart: "2027-03-10", end: "2027-03-25", unit: "U"},
			{id: 2, payer: "P", purpose: "rent", article: "A", qty: 2, rentStart: "2027-02-01", attachedUnit: "U"},
			{id: 3, payer: "Q", purpose: "buy", article: "B", qty: 1, delivery: "2027-03-05", rentStart: "2027-03-05", end: "2027-03-12", endReason: "bought_back"}},
		prices: map[string][]refPrice{
			"A": {{id: 1, kind: "rent", amount: 3100, validFrom: "2020-01-01"}, {id: 2, kind: "rent", amount: 6200, validFrom: "2027-03-20"}},
			"B": {{id: 3, kind: "sale", amount: 50000, validFrom: "2020-01-01"}},
		},
		freeFrom: map[string]string{"U": "2027-03-28"},
	}
	got := d.referenceMonth("2027-03")
	want := map[refKey]int64{
		{"P", 1, "rent"}:      1000 + 1000,     // 10 days at 31,00 + 5 days at 62,00 (÷ 31)
		{"P", 2, "component"}: 2*1900 + 2*1600, // ×2: 19 days at 31,00, 8 days at 62,00 until the unit is depreciated
		{"Q", 3, "purchase"}:  50000, {"Q", 3, "credit"}: -50000,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%v: %d öre, want %d", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("reference %v, want %v", got, want)
	}
}

// TestInvariantsCatchBrokenState breaks the database one way at a time (rolled
// back each time) and checks that the invariant meant for it reports it.
func TestInvariantsCatchBrokenState(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, err := New(ctx, db, Config{Seed: 7, Days: 20})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Run(ctx); err != nil {
			t.Fatal(err)
		}
		if v, _, err := checkAll(ctx, db.Read()); err != nil || len(v) > 0 {
			t.Fatalf("a clean run breaks invariants: %v %v", v, err)
		}
		rollback := errors.New("rollback")
		for _, c := range []struct {
			name, want string
			breakIt    []string
		}{
			{"stock without journal", "stock equals journal",
				[]string{`UPDATE stock SET on_hand = on_hand + 1 WHERE article_number = (SELECT MIN(article_number) FROM stock)`}},
			{"reservation without line", "reservations equal open lines",
				[]string{`UPDATE stock SET reserved = reserved + 1 WHERE article_number = (SELECT MIN(article_number) FROM stock WHERE on_hand > reserved)`,
					`INSERT INTO stock_movements (at, warehouse, article_number, reserved_delta, reason) SELECT '2027-01-01T00:00:00.000000Z', warehouse, article_number, 1, 'reserve' FROM stock WHERE article_number = (SELECT MIN(article_number) FROM stock WHERE on_hand > reserved)`}},
			{"unit held twice", "each unit held at most once",
				[]string{`INSERT INTO holdings (recipient_personnummer, article_number, unit_number, customer_number, payer_number, purpose, delivery_date, rent_start)
					SELECT recipient_personnummer, article_number, unit_number, customer_number, payer_number, purpose, delivery_date, rent_start FROM holdings
					WHERE id = (SELECT MIN(id) FROM holdings WHERE unit_number IS NOT NULL AND end_date IS NULL AND recipient_personnummer IS NOT NULL)`}},
			{"unit held on the same days twice", "holdings do not overlap",
				[]string{`UPDATE holdings SET end_date = (SELECT MAX(rent_start) FROM holdings) WHERE id = (SELECT MIN(h.id) FROM holdings h
					WHERE h.unit_number IS NOT NULL AND h.end_date IS NOT NULL AND EXISTS (SELECT 1 FROM holdings n WHERE n.unit_number = h.unit_number AND n.id > h.id))`}},
			{"status against history", "unit status agrees with history",
				[]string{`UPDATE units SET status = 'scrapped' WHERE number = (SELECT MIN(number) FROM units WHERE status = 'in_stock')`}},
			{"component left behind", "components are where their unit is",
				[]string{`UPDATE holdings SET recipient_personnummer = '191212121212' WHERE id = (SELECT MIN(id) FROM holdings
					WHERE attached_unit IS NOT NULL AND end_date IS NULL AND recipient_personnummer <> '191212121212')`}},
			{"billing total not its lines", "billing totals are the shown lines summed",
				[]string{`UPDATE billing_totals SET amount_ore = amount_ore + 1 WHERE month = (SELECT MAX(month) FROM billing_totals)`}},
			{"component not held", "components are where their unit is",
				[]string{`UPDATE holdings SET end_date = '2027-01-20', end_reason = 'returned' WHERE id = (SELECT MIN(id) FROM holdings
					WHERE attached_unit IS NOT NULL AND end_date IS NULL)`}},
		} {
			err := db.Transact(ctx, func(q *store.Q) error {
				for _, stmt := range c.breakIt {
					if n, err := q.ExecAffected(ctx, stmt); err != nil || n == 0 {
						t.Fatalf("%s: %d rows, %v", c.name, n, err)
					}
				}
				v, _, err := checkAll(ctx, q)
				if err != nil {
					return err
				}
				if !strings.Contains(strings.Join(v, "\n"), c.want) {
					t.Errorf("%s: %q not reported, got %v", c.name, c.want, v)
				}
				return rollback
			})
			if !errors.Is(err, rollback) {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		// A closed month: a changed line changes its snapshot and breaks the reference.
		err = db.Transact(ctx, func(q *store.Q) error {
			before, err := monthSnapshot(ctx, q, "2026-12")
			if err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `UPDATE billing_lines SET amount_ore = amount_ore + 1 WHERE id = (SELECT MIN(id) FROM billing_lines WHERE month = '2026-12' AND kind = 'rent')`); err != nil {
				return err
			}
			after, err := monthSnapshot(ctx, q, "2026-12")
			if err != nil {
				return err
			}
			if before == after {
				t.Error("the snapshot of 2026-12 did not change with its line")
			}
			diffs, _, err := compareReference(ctx, q, "2026-12")
			if err != nil {
				return err
			}
			if len(diffs) != 1 {
				t.Errorf("reference differences %v, want one", diffs)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
	})
}
