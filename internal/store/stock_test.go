package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// Returned goods go back on hand with a 'return' row in the journal: an item
// without a unit straight from the pickup order, a unit once reconditioned.
func TestReturnToStock(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
		ts := domain.FormatTimestamp(now)
		execAll(t, db, append(warehouseWithTwoArticles(ts, "Rollator", true),
			// A1 has one on hand, reserved for an order; A2 has no stock row yet.
			"INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', 'A1', 1, 1)",
			`INSERT INTO units (number, article_number, warehouse, status, status_date, fifo_date, created_at)
				VALUES ('900001', 'A2', '2000', 'reconditioning', '2026-11-20', '2025-01-01', '`+ts+`')`)...)

		err := db.Transact(ctx, func(q *store.Q) error {
			if err := q.ReturnToStock(ctx, "2000", "A1", 3, "26000042", "LAGER", now); err != nil {
				return err
			}
			u, _, err := q.FindReconditioningUnit(ctx, "900001")
			if err != nil {
				return err
			}
			ok, err := q.ApproveReconditionedUnit(ctx, u, now, now, "LAGER")
			if !ok && err == nil {
				t.Error("the unit in reconditioning was not approved")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		got := balances2000(t, db)
		// The reservation is untouched: the returned goods are available at once.
		if got["A1"] != [2]int{4, 1} || got["A2"] != [2]int{1, 0} {
			t.Errorf("balances (on hand, reserved) = %v; want A1 [4 1], A2 [1 0]", got)
		}
		for _, want := range []domain.StockMovement{
			{Warehouse: "2000", Article: "A1", ArticleName: "Skrivunderlägg", OnHandDelta: 3, Reason: "return", Reference: "26000042", By: "LAGER"},
			// The reconditioned unit's return names the unit.
			{Warehouse: "2000", Article: "A2", ArticleName: "Rollator", Unit: "900001", OnHandDelta: 1, Reason: "return", Reference: "900001", By: "LAGER"},
		} {
			ms, err := db.Read().FindStockMovements(ctx, domain.MovementFilter{Article: want.Article, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 || !ms[0].At.Equal(now) {
				t.Fatalf("movements of %s: %+v; want one at %s", want.Article, ms, now)
			}
			want.ID, want.At = ms[0].ID, ms[0].At
			if ms[0] != want {
				t.Errorf("movement of %s: %+v; want %+v", want.Article, ms[0], want)
			}
		}
	})
}

// Migration 0026 names the unit of the journal rows written before it, from the
// references the code wrote then — but only a unit of the row's article.
func TestJournalBackfillNamesUnits(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := domain.FormatTimestamp(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
		var backfill []string
		ms, err := store.Migrations(db.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Version == 26 {
				for _, stmt := range strings.Split(m.SQL, ";") {
					if i := strings.Index(stmt, "UPDATE"); i >= 0 {
						backfill = append(backfill, stmt[i:])
					}
				}
			}
		}
		if len(backfill) != 2 {
			t.Fatalf("migration 0026 has %d UPDATE statements; want 2", len(backfill))
		}
		err = db.Transact(ctx, func(q *store.Q) error {
			for _, s := range []string{
				"INSERT INTO warehouses (number, name) VALUES ('2000', 'Länsservice Boden')",
				"INSERT INTO iso_classes (code, name) VALUES ('12', 'Förflyttning')",
				`INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at) VALUES
					('A1', 'Skrivunderlägg', '12', 'stocked', FALSE, 'rent', '` + ts + `', '` + ts + `'),
					('A2', 'Rollator', '12', 'stocked', TRUE, 'rent', '` + ts + `', '` + ts + `')`,
				`INSERT INTO units (number, article_number, warehouse, status, status_date, fifo_date, created_at)
					VALUES ('900001', 'A2', '2000', 'in_stock', '2026-11-20', '2025-01-01', '` + ts + `')`,
				`INSERT INTO stock_movements (at, warehouse, article_number, on_hand_delta, reason, reference) VALUES
					('` + ts + `', '2000', 'A2', 1, 'receipt', 'Mottagning 900001'),
					('` + ts + `', '2000', 'A2', 1, 'receipt', 'Inleverans individ 900001'),
					('` + ts + `', '2000', 'A2', -1, 'move', 'Flytt 900001 till 3000'),
					('` + ts + `', '2000', 'A2', 1, 'return', '900001'),
					('` + ts + `', '2000', 'A1', 1, 'return', '900001'),
					('` + ts + `', '2000', 'A2', 1, 'receipt', 'Mottagning'),
					('` + ts + `', '2000', 'A1', -1, 'move', 'Flytt till 3000'),
					('` + ts + `', '2000', 'A2', 1, 'receipt', 'Mottagning 900002')`,
			} {
				if _, err := q.Exec(ctx, s); err != nil {
					return err
				}
			}
			for _, s := range backfill {
				if _, err := q.Exec(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Read().FindStockMovements(ctx, domain.MovementFilter{})
		if err != nil {
			t.Fatal(err)
		}
		named := map[string]string{}
		for _, m := range got {
			named[m.Article+" "+m.Reason+" "+m.Reference] = m.Unit
		}
		want := map[string]string{
			"A2 receipt Mottagning 900001": "900001", "A2 receipt Inleverans individ 900001": "900001",
			"A2 move Flytt 900001 till 3000": "900001", "A2 return 900001": "900001",
			"A1 return 900001": "", "A2 receipt Mottagning": "", "A1 move Flytt till 3000": "", "A2 receipt Mottagning 900002": "",
		}
		for k, w := range want {
			if named[k] != w {
				t.Errorf("%s: unit %q; want %q", k, named[k], w)
			}
		}
	})
}

// ChangeStock sums each stock row's journal rows into one change and refuses,
// changing nothing, a change that would leave reserved below zero or above on
// hand.
func TestChangeStock(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
		ts := domain.FormatTimestamp(now)
		execAll(t, db, append(warehouseWithTwoArticles(ts, "Dyna", false),
			"INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('2000', 'A1', 5, 4), ('2000', 'A2', 3, 1)")...)
		balances := func() map[string][2]int { return balances2000(t, db) }
		movements := func() int {
			t.Helper()
			ms, err := db.Read().FindStockMovements(ctx, domain.MovementFilter{Warehouse: "2000", Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			return len(ms)
		}

		issue, err := domain.IssueRows("2000", "A1", 2, nil, "26000001", "LAGER")
		if err != nil {
			t.Fatal(err)
		}
		rows := append(issue, domain.ReleaseRow("2000", "A1", 1, "26000001", "LAGER"), domain.ReleaseRow("2000", "A2", 1, "26000001", "LAGER"),
			domain.ReleaseRow("2000", "A2", 0, "26000001", "LAGER"))
		if err := db.Transact(ctx, func(q *store.Q) error { return q.ChangeStock(ctx, rows, now) }); err != nil {
			t.Fatal(err)
		}
		if got := balances(); got["A1"] != [2]int{3, 1} || got["A2"] != [2]int{3, 0} {
			t.Errorf("balances (on hand, reserved) = %v; want A1 [3 1], A2 [3 0]", got)
		}
		if n := movements(); n != 3 {
			t.Errorf("%d journal rows; want 3 (the empty release is not written)", n)
		}

		// A1 has 1 reserved: issuing 2 of it is refused, with A2's release in the
		// same call.
		issue, _ = domain.IssueRows("2000", "A1", 2, nil, "26000002", "LAGER")
		err = db.Transact(ctx, func(q *store.Q) error {
			return q.ChangeStock(ctx, append([]domain.JournalRow{domain.ReleaseRow("2000", "A2", 0, "26000002", "LAGER")}, issue...), now)
		})
		if domain.ErrorCode(err) != domain.EConflict || !strings.Contains(err.Error(), "A1") {
			t.Errorf("issuing more than is reserved: %v; want a conflict naming A1", err)
		}
		if got := balances(); got["A1"] != [2]int{3, 1} || got["A2"] != [2]int{3, 0} {
			t.Errorf("after the refusal: balances %v; want them unchanged", got)
		}
		if n := movements(); n != 3 {
			t.Errorf("after the refusal: %d journal rows; want 3", n)
		}
		if _, err := domain.IssueRows("2000", "A1", 2, []string{"900001"}, "26000003", "LAGER"); err == nil {
			t.Error("issuing 2 with 1 unit was accepted")
		}
	})
}

// execAll runs statements in one transaction, failing the test on an error.
// warehouseWithTwoArticles is warehouse 2000 and two stocked articles to rent,
// A1 (Skrivunderlägg) and A2 (name2, individual when individual2), as
// statements for execAll.
func warehouseWithTwoArticles(ts, name2 string, individual2 bool) []string {
	return []string{
		"INSERT INTO warehouses (number, name) VALUES ('2000', 'Länsservice Boden')",
		"INSERT INTO iso_classes (code, name) VALUES ('12', 'Förflyttning')",
		`INSERT INTO articles (number, name, iso_code, status, individual, purpose, created_at, updated_at) VALUES
			('A1', 'Skrivunderlägg', '12', 'stocked', FALSE, 'rent', '` + ts + `', '` + ts + `'),
			('A2', '` + name2 + `', '12', 'stocked', ` + strings.ToUpper(strconv.FormatBool(individual2)) + `, 'rent', '` + ts + `', '` + ts + `')`,
	}
}

// balances2000 reads warehouse 2000's balances: article → (on hand, reserved).
func balances2000(t *testing.T, db *store.DB) map[string][2]int {
	t.Helper()
	bal, err := db.Read().FindStockBalances(context.Background(), domain.StockFilter{Warehouse: "2000"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, b := range bal {
		got[b.Article] = [2]int{b.OnHand, b.Reserved}
	}
	return got
}

func execAll(t *testing.T, db *store.DB, stmts ...string) {
	t.Helper()
	err := db.Transact(context.Background(), func(q *store.Q) error {
		for _, s := range stmts {
			if _, err := q.Exec(context.Background(), s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
