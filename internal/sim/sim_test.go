package sim

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// simDays and simSeeds size the test runs: at least 60 days × 2 seeds on each
// database (issue 11.3), kept small in actors so CI stays quick.
const simDays = 62

var simSeeds = []uint64{1, 2}

// TestSimulation plays the lending cycle for two months and more on both
// databases; every day's invariants and every closed month's reference billing
// must hold, and the forbidden actions must have been tried and refused.
func TestSimulation(t *testing.T) {
	for _, seed := range simSeeds {
		t.Run(fmt.Sprintf("seed%d", seed), func(t *testing.T) {
			reports := map[string]*Report{}
			storetest.Backends(t, func(t *testing.T, db *store.DB) {
				rep := run(t, db, Config{Seed: seed, Days: simDays})
				reports[db.Dialect.String()] = rep
				if rep.Days != simDays || len(rep.Months) < 2 || rep.Relent == 0 {
					t.Fatalf("played %d days, closed %d months, lent %d units again", rep.Days, len(rep.Months), rep.Relent)
				}
				for _, kind := range []string{"order.patient", "order.deliver", "pickup.register", "pickup.receive", "bmb.send",
					"bmb.accept", "workorder.close", "billing.close", "price.change", "unit.scrap", "unit.recondition-approve", "order.cancel"} {
					if rep.Actions[kind] == 0 {
						t.Errorf("no %s in %d days: %v", kind, simDays, rep.Actions)
					}
				}
				for _, kind := range []string{"billing.run-unended-month", "billing.run-closed-month",
					"price.valid-from-closed-month", "bmb.dated-in-closed-month", "order.blocked-article", "order.unavailable-article",
					"stock.receive-purchased-in-closed-month", "article.depreciation-into-closed-month", "billing.correct-open-month", "billing.close-month-not-run", "stock.count-unit-tracked", "stock.receive-other-warehouse"} {
					if rep.Refused[kind] == 0 {
						t.Errorf("%s never tried: %v", kind, rep.Refused)
					}
				}
			})
			// The same seed plays the same run on both databases.
			if len(reports) == 2 {
				a, b := summary(reports["sqlite"]), summary(reports["postgres"])
				if a != b {
					t.Errorf("seed %d played differently on SQLite and PostgreSQL:\n%s\n%s", seed, a, b)
				}
			}
		})
	}
}

func run(t *testing.T, db *store.DB, cfg Config) *Report {
	t.Helper()
	ctx := context.Background()
	s, err := New(ctx, db, cfg)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Run(ctx)
	t.Log(summary(rep))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func summary(rep *Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "days %d, checks %d, units lent again %d\n", rep.Days, rep.Checks, rep.Relent)
	var kinds []string
	for k := range rep.Actions {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %s %d\n", k, rep.Actions[k])
	}
	kinds = kinds[:0]
	for k := range rep.Refused {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, "  refused %s %d\n", k, rep.Refused[k])
	}
	for _, m := range rep.Months {
		fmt.Fprintf(&b, "  %s %d lines %s\n", m.Month, m.Lines, m.Billed.Display())
	}
	return b.String()
}
