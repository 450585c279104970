package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// The Hjälpmedel and Individkort pages read in one query what the single
// look-ups read one by one: a person with holdings and open lines, a unit with
// its holder, work orders and the lines on their way to it.
func TestOneQueryLookups(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Load(ctx, db, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		q := db.Read()
		first := func(query string) string {
			t.Helper()
			var s string
			if err := q.Get(ctx, query, nil, &s); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			return s
		}
		// Open lines for a person and one to complete a held unit: the demo's
		// orders are delivered, so two are opened again.
		err := db.Transact(ctx, func(w *store.Q) error {
			for _, s := range []string{
				`UPDATE orders SET status = 'partly_delivered' WHERE id = (SELECT MIN(o.id) FROM orders o
					WHERE o.recipient_personnummer IS NOT NULL AND o.status = 'delivered')`,
				`UPDATE order_lines SET status = 'open' WHERE order_id IN (SELECT id FROM orders WHERE status = 'partly_delivered')`,
				`UPDATE order_lines SET complement_unit = (SELECT MIN(w.unit_number) FROM work_orders w JOIN holdings h
					ON h.unit_number = w.unit_number AND h.end_date IS NULL AND h.recipient_personnummer IS NOT NULL)
					WHERE id = (SELECT MIN(id) FROM order_lines WHERE status = 'open')`,
			} {
				if _, err := w.Exec(ctx, s); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		withLines := first(`SELECT MIN(o.recipient_personnummer) FROM orders o WHERE o.status = 'partly_delivered'`)
		withMost := first(`SELECT recipient_personnummer FROM holdings WHERE recipient_personnummer IS NOT NULL AND end_date IS NULL
			GROUP BY recipient_personnummer ORDER BY COUNT(*) DESC, recipient_personnummer LIMIT 1`)
		withReturned := first(`SELECT MIN(recipient_personnummer) FROM holdings WHERE end_reason = 'returned'`)
		withNone := first(`SELECT MIN(personnummer) FROM persons p WHERE NOT EXISTS (SELECT 1 FROM holdings h
			WHERE h.recipient_personnummer = p.personnummer) AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.recipient_personnummer = p.personnummer)`)
		iso := first(`SELECT SUBSTR(MIN(a.iso_code), 1, 2) FROM holdings h JOIN articles a ON a.number = h.article_number
			WHERE h.recipient_personnummer = '` + withMost + `' AND h.end_date IS NULL`)

		for _, tc := range []struct {
			name        string
			f           domain.HoldingFilter
			holdings    bool // the person has such holdings
			lines, more bool
		}{
			{"no aids", domain.HoldingFilter{Personnummer: withNone}, false, false, false},
			{"holdings and open lines", domain.HoldingFilter{Personnummer: withLines}, true, true, false},
			{"most holdings", domain.HoldingFilter{Personnummer: withMost}, true, false, false},
			{"first of a longer list", domain.HoldingFilter{Personnummer: withMost, Limit: 1}, true, false, true},
			{"only units", domain.HoldingFilter{Personnummer: withMost, OnlyUnits: true}, false, false, false},
			{"ISO", domain.HoldingFilter{Personnummer: withMost, ISO: iso}, true, false, false},
			{"ISO and only units", domain.HoldingFilter{Personnummer: withMost, ISO: iso, OnlyUnits: true}, false, false, false},
			{"no such ISO", domain.HoldingFilter{Personnummer: withMost, ISO: "99"}, false, false, false},
			{"returned", domain.HoldingFilter{Personnummer: withReturned, Returned: true}, true, false, false},
			{"returned of one with open lines", domain.HoldingFilter{Personnummer: withLines, Returned: true}, false, false, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := q.FindPersonAids(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				p, err := q.FindPersonByNumber(ctx, tc.f.Personnummer)
				if err != nil {
					t.Fatal(err)
				}
				hs, more, err := q.FindHoldings(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var lines []domain.OpenLine
				if !tc.f.Returned {
					if lines, err = q.FindOpenLines(ctx, domain.OpenLineFilter{Personnummer: tc.f.Personnummer}); err != nil {
						t.Fatal(err)
					}
				}
				want := &domain.PersonAids{Person: *p, Holdings: hs, More: more, OnOrder: lines}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("FindPersonAids = %+v\nwant %+v", got, want)
				}
				if tc.holdings && len(got.Holdings) == 0 || tc.lines != (len(got.OnOrder) > 0) || tc.more != got.More {
					t.Errorf("%d holdings, %d open lines, more %v: the case is not what it says", len(got.Holdings), len(got.OnOrder), got.More)
				}
			})
		}
		if _, err := q.FindPersonAids(ctx, domain.HoldingFilter{Personnummer: "190001010000"}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("unknown person: %v; want not found", err)
		}

		heldByPerson := first(`SELECT MIN(complement_unit) FROM order_lines`)
		heldByUnit := first(`SELECT MIN(unit_number) FROM holdings WHERE unit_number IS NOT NULL AND end_date IS NULL AND recipient_customer IS NOT NULL`)
		notHeld := first(`SELECT MIN(number) FROM units u WHERE NOT EXISTS (SELECT 1 FROM holdings h WHERE h.unit_number = u.number AND h.end_date IS NULL)`)
		for _, tc := range []struct {
			name, unit                      string
			held, person, workOrders, lines bool
		}{
			{"held by a person, work orders, a component on its way", heldByPerson, true, true, true, true},
			{"held by a care unit", heldByUnit, true, false, false, false},
			{"nobody holds it", notHeld, false, false, false, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := q.FindUnitCard(ctx, tc.unit)
				if err != nil {
					t.Fatal(err)
				}
				u, err := q.FindUnitByNumber(ctx, tc.unit)
				if err != nil {
					t.Fatal(err)
				}
				want := &domain.UnitCard{Unit: *u}
				if want.Holding, err = q.FindUnitHolding(ctx, tc.unit); err == nil {
					want.PayerName = q.NameOfPayer(ctx, want.Holding.PayerNumber)
					if want.Holding.RecipientPersonnummer != "" {
						if want.Person, err = q.FindPersonByNumber(ctx, want.Holding.RecipientPersonnummer); err != nil {
							t.Fatal(err)
						}
					}
				} else if domain.ErrorCode(err) != domain.ENotFound {
					t.Fatal(err)
				}
				if want.WorkOrders, err = q.FindWorkOrderSummaries(ctx, domain.DocumentFilter{Unit: tc.unit}); err != nil {
					t.Fatal(err)
				}
				if want.OnTheWay, err = q.FindOpenLines(ctx, domain.OpenLineFilter{ComplementUnit: tc.unit}); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("FindUnitCard = %+v\nwant %+v", got, want)
				}
				if tc.held != (got.Holding != nil) || tc.person != (got.Person != nil) ||
					tc.workOrders != (len(got.WorkOrders) > 0) || tc.lines != (len(got.OnTheWay) > 0) {
					t.Errorf("held %v, person %v, %d work orders, %d on the way: the case is not what it says",
						got.Holding != nil, got.Person != nil, len(got.WorkOrders), len(got.OnTheWay))
				}
			})
		}
		if _, err := q.FindUnitCard(ctx, "no-such-unit"); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("unknown unit: %v; want not found", err)
		}
	})
}
