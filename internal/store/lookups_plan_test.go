package store

// Every look-up of the prescriber portal must be served by an index, so that it
// stays fast on a national registry (1M persons, 2M units): this test records the
// SQL of each look-up, prints its plan and fails on a full scan of a large table.
// SQLite: EXPLAIN QUERY PLAN, no "SCAN <table>" (a subquery in FROM, a
// CO-ROUTINE, is no table). PostgreSQL: EXPLAIN with
// enable_seqscan = off (the planner rightly prefers scans on small test data),
// no "Seq Scan on <table>".

import (
	"context"
	"database/sql"
	"fmt"
	"hjalpmedel/internal/domain"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// recorder keeps the SQL a Q runs, with its arguments.
type recorder struct {
	execer
	queries []recordedQuery
}

type recordedQuery struct {
	sql  string
	args []any
}

func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.queries = append(r.queries, recordedQuery{query, args})
	return r.execer.QueryContext(ctx, query, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.queries = append(r.queries, recordedQuery{query, args})
	return r.execer.QueryRowContext(ctx, query, args...)
}

// smallTables may be scanned: they hold tens or hundreds of rows, not millions.
var smallTables = map[string]bool{"suppliers": true, "warehouses": true, "customers": true, "payers": true, "users": true,
	"iso_classes": true, "user_roles": true, "user_customers": true, "service_departments": true, "pickup_reasons": true,
	"ow": true} // ow: the own warehouse, one row (ownWarehouseFrom)

// aliases of the tables in the look-up queries (SQLite's plans name the alias).
var planAliases = map[string]string{"h": "holdings", "a": "articles", "l": "order_lines", "o": "orders", "w": "article_words",
	"st": "stock", "c": "unit_components", "f": "article_files", "b": "article_base_components", "p": "pickup_orders", "r": "pickup_reasons",
	"i": "iso_classes", "ad": "unit_adaptations", "ca": "articles", "e": "unit_events", "sd": "service_departments", "pe": "persons", "po": "pickup_orders", "t": "transfers", "ti": "transfer_items", "m": "stock_movements"}

func lookupCalls(ctx context.Context, q *Q) map[string]func() error {
	pnr := "191212121212"
	ign := func(err error) error {
		if err == ErrNotFound {
			return nil
		}
		return err
	}
	person := func(f domain.PersonFilter) func() error {
		return func() error { _, _, err := q.FindPersons(ctx, f); return err }
	}
	holdings := func(f domain.HoldingFilter) func() error {
		return func() error { _, _, err := q.FindHoldings(ctx, f); return err }
	}
	aids := func(f domain.HoldingFilter) func() error {
		return func() error { _, err := q.FindPersonAids(ctx, f); return ign(err) }
	}
	articles := func(f domain.ArticleFilter) func() error {
		return func() error { _, _, err := q.FindArticles(ctx, f); return err }
	}
	docs := func(fn func(context.Context, domain.DocumentFilter) ([]domain.DocumentSummary, error), f domain.DocumentFilter) func() error {
		return func() error { _, err := fn(ctx, f); return err }
	}
	journal := func(f domain.MovementFilter) func() error {
		return func() error { _, err := q.FindStockMovements(ctx, f); return err }
	}
	now := time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)
	return map[string]func() error{
		"session":                    func() error { _, _, err := q.FindSessionUser(ctx, "x", now); return ign(err) },
		"user":                       func() error { _, err := q.FindUserByID(ctx, 1); return ign(err) },
		"unread":                     func() error { _, err := q.CountUnread(ctx, 1); return err },
		"person by personnummer":     func() error { _, err := q.FindPersonByNumber(ctx, pnr); return ign(err) },
		"CFR by name":                person(domain.PersonFilter{Name: "svensson testare"}),
		"CFR by street":              person(domain.PersonFilter{Street: "tolvgatan"}),
		"CFR by post code":           person(domain.PersonFilter{PostalCode: "121 25"}),
		"CFR by town and sex":        person(domain.PersonFilter{Town: "stockholm", Sex: "M"}),
		"CFR by personnummer":        person(domain.PersonFilter{Personnummer: pnr}),
		"customer":                   func() error { _, err := q.FindCustomerByNumber(ctx, "2990"); return ign(err) },
		"Hjälpmedel":                 aids(domain.HoldingFilter{Personnummer: pnr}),
		"Hjälpmedel units and ISO":   aids(domain.HoldingFilter{Personnummer: pnr, OnlyUnits: true, ISO: "1222"}),
		"Återlämnade hjälpmedel":     aids(domain.HoldingFilter{Personnummer: pnr, Returned: true}),
		"a care unit's aids":         holdings(domain.HoldingFilter{Customer: "1464"}),
		"a care unit's aids, page 2": holdings(domain.HoldingFilter{Customer: "1464", Offset: 100, Limit: 100}),
		"holding by id":              func() error { _, err := q.FindHoldingByID(ctx, 1); return ign(err) },
		"holder of a unit":           func() error { _, err := q.FindUnitHolding(ctx, "104901"); return ign(err) },
		"on order (person)":          func() error { _, err := q.FindOpenLines(ctx, domain.OpenLineFilter{Personnummer: pnr}); return err },
		"on order (customer)": func() error {
			_, err := q.FindOpenLines(ctx, domain.OpenLineFilter{Customer: "1464", OnlyComponents: true})
			return err
		},
		"components on the way": func() error {
			_, err := q.FindOpenLines(ctx, domain.OpenLineFilter{ComplementUnit: "104901"})
			return err
		},
		"Ordinationsöversikt": func() error { _, err := q.FindOrderOverviewByLine(ctx, 1); return ign(err) },
		"Individkort":         func() error { _, err := q.FindUnitByNumber(ctx, "104901"); return ign(err) },
		"article": func() error {
			_, err := q.FindArticleSheet(ctx, "30593", "2026-03-10", domain.OwnWarehouseOf{Customers: []string{"K082", "1464"}})
			return ign(err)
		},
		"Sök artikel: number":     articles(domain.ArticleFilter{Number: "30593", BalanceAt: "2000"}),
		"Sök artikel: lev.artnr":  articles(domain.ArticleFilter{SupplierArticleNumber: "34739D0G"}),
		"Sök artikel: name words": articles(domain.ArticleFilter{Name: "rullst cross", BalanceAt: "2000"}),
		"Sök artikel: product":    articles(domain.ArticleFilter{Product: "cross", ProductName: "rullstol", All: true}),
		"Sök artikel: supplier":   articles(domain.ArticleFilter{SupplierID: 1}),
		"Varukatalog articles":    articles(domain.ArticleFilter{ISOCode: "122203"}),
		"unit card":               func() error { _, err := q.FindUnitCard(ctx, "104901"); return ign(err) },
		"fit parts":               func() error { _, err := q.FindFitParts(ctx, []string{"30593"}); return err },
		"own warehouse and suppliers": func() error {
			_, _, err := q.FindOwnWarehouse(ctx, domain.OwnWarehouseOf{Customers: []string{"K082", "1464"}}, true)
			return err
		},
		"base configuration":       func() error { _, err := q.FindBaseConfiguration(ctx, "11109"); return err },
		"picture":                  func() error { _, err := q.FindArticleFile(ctx, "30593", "picture"); return ign(err) },
		"ISO class":                func() error { _, err := q.FindISOClass(ctx, "1222"); return ign(err) },
		"ISO children":             func() error { _, err := q.FindISOChildren(ctx, "12"); return err },
		"ISO top":                  func() error { _, err := q.FindISOChildren(ctx, ""); return err },
		"my orders":                docs(q.FindOrderSummaries, domain.DocumentFilter{PrescriberID: 1}),
		"my work orders":           docs(q.FindWorkOrderSummaries, domain.DocumentFilter{PrescriberID: 1}),
		"my pickup orders":         docs(q.FindPickupSummaries, domain.DocumentFilter{PrescriberID: 1}),
		"Registrerade AO (person)": docs(q.FindWorkOrderSummaries, domain.DocumentFilter{Personnummer: pnr}),
		"Registrerade AO (unit)":   docs(q.FindWorkOrderSummaries, domain.DocumentFilter{Unit: "104901"}),
		"Hämtorder (person)":       docs(q.FindPickupSummaries, domain.DocumentFilter{Personnummer: pnr}),
		"who looked at a person":   func() error { _, err := q.FindAudit(ctx, domain.AuditFilter{Personnummer: pnr}); return err },
		// Kundtjänst's search lists (SPEC §10.9) and Mina arbetsordrar.
		"search orders (person)": func() error {
			_, err := q.FindOrders(ctx, domain.OrderFilter{Personnummer: pnr, Limit: 101})
			return err
		},
		"search orders (name)": func() error {
			_, err := q.FindOrders(ctx, domain.OrderFilter{Name: "svensson testare", Limit: 101})
			return err
		},
		"search orders (customer)": func() error {
			_, err := q.FindOrders(ctx, domain.OrderFilter{Customer: "2990", Limit: 101})
			return err
		},
		"search orders (dates)": func() error {
			_, err := q.FindOrders(ctx, domain.OrderFilter{From: now, To: now.AddDate(0, 0, 1), Limit: 101})
			return err
		},
		"search pickups (person)": func() error {
			_, err := q.FindPickupOrders(ctx, domain.PickupOrderFilter{Personnummer: pnr, NewestFirst: true})
			return err
		},
		"search pickups (name)": func() error {
			_, err := q.FindPickupOrders(ctx, domain.PickupOrderFilter{Name: "svensson", NewestFirst: true})
			return err
		},
		"search pickups (customer)": func() error {
			_, err := q.FindPickupOrders(ctx, domain.PickupOrderFilter{Customer: "2990", NewestFirst: true})
			return err
		},
		"search work orders (name)":     func() error { _, err := q.FindWorkOrders(ctx, domain.WorkOrderFilter{Name: "svensson"}); return err },
		"search work orders (customer)": func() error { _, err := q.FindWorkOrders(ctx, domain.WorkOrderFilter{Customer: "2990"}); return err },
		"search work orders (dates)": func() error {
			_, err := q.FindWorkOrders(ctx, domain.WorkOrderFilter{From: now, To: now.AddDate(0, 0, 1)})
			return err
		},
		"search transfers (person)": func() error {
			_, err := q.FindTransfers(ctx, domain.TransferFilter{Personnummer: pnr, Limit: 101})
			return err
		},
		"search transfers (name)": func() error {
			_, err := q.FindTransfers(ctx, domain.TransferFilter{Name: "svensson", Limit: 101})
			return err
		},
		"search transfers (customer)": func() error {
			_, err := q.FindTransfers(ctx, domain.TransferFilter{Customer: "2990", Limit: 101})
			return err
		},
		"Mina arbetsordrar": func() error {
			_, err := q.FindWorkOrders(ctx, domain.WorkOrderFilter{TechnicianID: 1, ClosedSince: now.AddDate(0, 0, -30)})
			return err
		},
		// The back office's Sök/skanna and stock journal (SPEC §10.9).
		"Sök/skanna":            func() error { _, err := q.FindUnitsByCode(ctx, "26B46546"); return err },
		"journal of a unit":     journal(domain.MovementFilter{Unit: "104901"}),
		"journal of an article": journal(domain.MovementFilter{Article: "30593", Reason: "receipt"}),
		"journal of a period":   journal(domain.MovementFilter{From: now.AddDate(0, 0, -7), To: now, Offset: 100}),
	}
}

var (
	sqliteScan = regexp.MustCompile(`^SCAN (\w+)`)
	pgSeqScan  = regexp.MustCompile(`Seq Scan on (\w+)`)
)

func TestLookupQueryPlansUseIndexes(t *testing.T) {
	t.Run("SQLite", func(t *testing.T) {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkPlans(t, db)
	})
	t.Run("Postgres", func(t *testing.T) {
		if os.Getenv("HJALPMEDEL_TEST_POSTGRES") == "" {
			t.Skip("HJALPMEDEL_TEST_POSTGRES is empty")
		}
		checkPlans(t, openPostgresForPlans(t))
	})
}

func checkPlans(t *testing.T, db *DB) {
	ctx := context.Background()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	calls := lookupCalls(ctx, nil)
	for name := range calls {
		err := db.Transact(ctx, func(q *Q) error {
			rec := &recorder{execer: q.x}
			rq := &Q{x: rec, Dialect: q.Dialect, tx: true}
			if err := lookupCalls(ctx, rq)[name](); err != nil {
				return fmt.Errorf("run: %w", err)
			}
			if q.Dialect == Postgres {
				if _, err := q.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
					return err
				}
			}
			for _, rq := range rec.queries {
				plan, err := explain(ctx, q, rq)
				if err != nil {
					return fmt.Errorf("explain %s: %w", rq.sql, err)
				}
				t.Logf("%s (%s):\n%s", name, db.Dialect, indent(plan))
				for _, line := range plan {
					if bad := fullScan(db.Dialect, line); bad != "" && !coRoutine(plan, line) {
						t.Errorf("%s: a full scan of %s:\n%s\nplan:\n%s", name, bad, strings.Join(strings.Fields(rq.sql), " "), indent(plan))
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func explain(ctx context.Context, q *Q, rq recordedQuery) ([]string, error) {
	var rows *sql.Rows
	var err error
	if q.Dialect == Postgres {
		rows, err = q.Query(ctx, "EXPLAIN "+rq.sql, rq.args...)
	} else {
		rows, err = q.Query(ctx, "EXPLAIN QUERY PLAN "+rq.sql, rq.args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(vals[len(vals)-1]))
	}
	return out, rows.Err()
}

// fullScan names the large table a plan line scans in full, "" when none.
// coRoutine reports whether a SCAN line of an SQLite plan reads a subquery in
// FROM (a CO-ROUTINE of that name, or of the table's name), not a table.
func coRoutine(plan []string, line string) bool {
	m := sqliteScan.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return false
	}
	for _, l := range plan {
		if l = strings.TrimSpace(l); l == "CO-ROUTINE "+m[1] || planAliases[m[1]] != "" && l == "CO-ROUTINE "+planAliases[m[1]] {
			return true
		}
	}
	return false
}

func fullScan(d Dialect, line string) string {
	line = strings.TrimSpace(line)
	var m []string
	if d == Postgres {
		m = pgSeqScan.FindStringSubmatch(line)
	} else {
		m = sqliteScan.FindStringSubmatch(line)
	}
	if m == nil {
		return ""
	}
	table := m[1]
	if full, ok := planAliases[table]; ok {
		table = full
	}
	if smallTables[table] || table == "CONSTANT" {
		return ""
	}
	return table
}

func indent(lines []string) string { return "    " + strings.Join(lines, "\n    ") }

// openPostgresForPlans opens a fresh schema on the test server (storetest cannot be
// imported from inside package store).
func openPostgresForPlans(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	base := os.Getenv("HJALPMEDEL_TEST_POSTGRES")
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("plan_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	db, err := Open(ctx, base+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
