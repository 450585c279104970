package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// The Hjälpmedel and Individkort pages read in one query what the single
// look-ups read one by one: a person with holdings and open lines, a unit with
// its holder, work orders and the lines on their way to it.
func TestOneQueryLookups(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
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

// The article page and Sök artikel's form read the own warehouse with the rest
// of the page in one query: the user's own warehouse, else the one serving the
// first of the user's customers that exists, else none.
func TestArticleSheetAndOwnWarehouse(t *testing.T) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ts := "2026-01-01T00:00:00Z"
		execAll(t, db,
			"INSERT INTO warehouses (number, name) VALUES ('2000', 'Länsservice Boden'), ('3000', 'Hjälpmedel Luleå'), ('4000', 'Tomt lager')",
			"INSERT INTO payers (number, name) VALUES ('P1', 'Region')",
			"INSERT INTO customers (number, name, default_payer, warehouse) VALUES ('1464', 'Vårdcentral A', 'P1', '2000'), ('2990', 'Vårdcentral B', 'P1', '3000')",
			"INSERT INTO suppliers (id, name, phone, email) VALUES (1, 'Etac', '0771', 'info@etac.se'), (2, 'Allt i \"Hjälp\"', '', '')",
			"INSERT INTO iso_classes (code, name) VALUES ('12', 'Förflyttning')",
			`INSERT INTO articles (number, name, iso_code, supplier_id, status, individual, purpose, fit_side, size, created_at, updated_at) VALUES
				('A1', 'Rullstol "Cross"', '12', 1, 'stocked', TRUE, 'rent', '', '40', '`+ts+`', '`+ts+`'),
				('A2', 'Dyna', '12', NULL, 'stocked', FALSE, 'rent', '', '', '`+ts+`', '`+ts+`'),
				('A3', 'Armstöd', '12', 2, 'order_item', FALSE, 'buy', 'left', '38-42', '`+ts+`', '`+ts+`'),
				('A4', 'Rullstol Minimaxx', '12', 1, 'stocked', TRUE, 'rent', '', '', '`+ts+`', '`+ts+`')`,
			`INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at) VALUES
				('A1', 'rent', 10000, '2026-01-01', '`+ts+`'), ('A1', 'rent', 15000, '2026-06-01', '`+ts+`'),
				('A1', 'rent', 20000, '2027-01-01', '`+ts+`'), ('A1', 'sale', 500000, '2025-01-01', '`+ts+`'),
				('A3', 'sale', 1200, '2027-01-01', '`+ts+`')`,
			"INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES ('3000', 'A1', 1, 0), ('2000', 'A1', 5, 2), ('4000', 'A3', 0, 0)",
			"INSERT INTO article_base_components (article_number, position, component_number, quantity) VALUES ('A1', 2, 'A2', 2), ('A1', 1, 'A3', 1)",
			"INSERT INTO article_fits (article_number, main_article) VALUES ('A3', 'A4'), ('A3', 'A1')",
			"INSERT INTO article_files (article_number, kind, filename, content_type, data, uploaded_at) VALUES ('A1', 'manual', 'a1.pdf', 'application/pdf', '', '"+ts+"')")
		q := db.Read()

		for _, c := range []struct {
			test   string
			of     domain.OwnWarehouseOf
			number string
			whName string
		}{
			{"the user's own", domain.OwnWarehouseOf{Warehouse: "4000", Customers: []string{"1464"}}, "4000", "Tomt lager"},
			{"the user's own, unknown", domain.OwnWarehouseOf{Warehouse: "9999"}, "9999", ""},
			{"the first customer's", domain.OwnWarehouseOf{Customers: []string{"2990", "1464"}}, "3000", "Hjälpmedel Luleå"},
			{"the first customer that exists", domain.OwnWarehouseOf{Customers: []string{"9999", "1464", "2990"}}, "2000", "Länsservice Boden"},
			{"no customer exists", domain.OwnWarehouseOf{Customers: []string{"9999"}}, "", ""},
			{"none", domain.OwnWarehouseOf{}, "", ""},
		} {
			t.Run(c.test, func(t *testing.T) {
				for _, suppliers := range []bool{false, true} {
					n, sups, err := q.FindOwnWarehouse(ctx, c.of, suppliers)
					if err != nil {
						t.Fatal(err)
					}
					if n != c.number {
						t.Errorf("FindOwnWarehouse = %q; want %q", n, c.number)
					}
					var want []domain.Supplier
					if suppliers {
						want = []domain.Supplier{{ID: 2, Name: `Allt i "Hjälp"`}, {ID: 1, Name: "Etac", Phone: "0771", Email: "info@etac.se"}}
					}
					if !reflect.DeepEqual(sups, want) {
						t.Errorf("suppliers %v: %+v; want %+v", suppliers, sups, want)
					}
				}
				sh, err := q.FindArticleSheet(ctx, "A2", "2026-12-04", c.of)
				if err != nil {
					t.Fatal(err)
				}
				if sh.OwnWarehouse != c.number || sh.OwnWarehouseName != c.whName {
					t.Errorf("FindArticleSheet's own warehouse = %q %q; want %q %q", sh.OwnWarehouse, sh.OwnWarehouseName, c.number, c.whName)
				}
			})
		}

		own := domain.OwnWarehouseOf{Customers: []string{"1464"}}
		for _, c := range []struct {
			test, number string
			want         domain.ArticleSheet
		}{
			{"prices, stock, base configuration, picture and manual", "A1", domain.ArticleSheet{
				Article: domain.Article{Number: "A1", Name: `Rullstol "Cross"`, UnitOfMeasure: "st", ISOCode: "12", ISOName: "Förflyttning",
					SupplierID: 1, Supplier: "Etac", Status: "stocked", InAssortment: true, Individual: true, Purpose: "rent", HasManual: true},
				// the newest price of each kind up to the day
				Prices: map[string]domain.Price{"rent": {AmountOre: 15000, ValidFrom: "2026-06-01"}, "sale": {AmountOre: 500000, ValidFrom: "2025-01-01"}},
				Balances: []domain.Balance{{Warehouse: "2000", WarehouseName: "Länsservice Boden", OnHand: 5, Reserved: 2, Available: 3},
					{Warehouse: "3000", WarehouseName: "Hjälpmedel Luleå", OnHand: 1, Available: 1}},
				OwnWarehouse: "2000", OwnWarehouseName: "Länsservice Boden",
				BaseConfiguration: []domain.ArticleListItem{{Article: "A3", Name: "Armstöd", Quantity: 1}, {Article: "A2", Name: "Dyna", Quantity: 2}},
				Fit:               domain.FitPart{Article: "A1", Name: `Rullstol "Cross"`, ISOCode: "12", Size: "40"},
			}},
			{"a component that fits main articles, a price from tomorrow", "A3", domain.ArticleSheet{
				Article: domain.Article{Number: "A3", Name: "Armstöd", UnitOfMeasure: "st", ISOCode: "12", ISOName: "Förflyttning",
					SupplierID: 2, Supplier: `Allt i "Hjälp"`, Status: "order_item", InAssortment: true, Purpose: "buy"},
				Prices:       map[string]domain.Price{},
				Balances:     []domain.Balance{{Warehouse: "4000", WarehouseName: "Tomt lager"}},
				OwnWarehouse: "2000", OwnWarehouseName: "Länsservice Boden",
				Fit: domain.FitPart{Article: "A3", Name: "Armstöd", ISOCode: "12", Fits: []string{"A1", "A4"}, Side: domain.Side("left"), Size: "38-42"},
			}},
			{"nothing but the article", "A2", domain.ArticleSheet{
				Article: domain.Article{Number: "A2", Name: "Dyna", UnitOfMeasure: "st", ISOCode: "12", ISOName: "Förflyttning",
					Status: "stocked", InAssortment: true, Purpose: "rent"},
				Prices:       map[string]domain.Price{},
				OwnWarehouse: "2000", OwnWarehouseName: "Länsservice Boden",
				Fit: domain.FitPart{Article: "A2", Name: "Dyna", ISOCode: "12"},
			}},
		} {
			t.Run(c.test, func(t *testing.T) {
				sh, err := q.FindArticleSheet(ctx, c.number, "2026-12-04", own)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*sh, c.want) {
					t.Errorf("FindArticleSheet(%s) =\n%+v\nwant\n%+v", c.number, *sh, c.want)
				}
			})
		}
		t.Run("unknown article", func(t *testing.T) {
			if _, err := q.FindArticleSheet(ctx, "A9", "2026-12-04", own); domain.ErrorCode(err) != domain.ENotFound {
				t.Errorf("err = %v; want not found", err)
			}
		})
	})
}

// An article's search words follow its name, product and product name whatever
// else an update changes: an update of its description alone keeps them (and
// writes none), a new name, product or product name replaces them, and Sök
// artikel finds it by the new words and no longer by the old (on PostgreSQL
// from the inverted index the words are gathered in).
func TestArticleWordsFollowTheName(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		words := func() string {
			t.Helper()
			ws, err := db.Read().Strings(ctx, "SELECT word FROM article_words WHERE article_number = '30593' ORDER BY word")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				if !found(t, db, w[:min(len(w), 4)]) {
					t.Errorf("the search %q does not find the article", w[:min(len(w), 4)])
				}
			}
			return strings.Join(ws, " ")
		}
		update := func(change func(a *domain.CatalogArticle)) {
			t.Helper()
			err := db.Transact(ctx, func(q *store.Q) error {
				a, err := q.FindCatalogArticle(ctx, "30593")
				if err != nil {
					return err
				}
				change(a)
				return q.UpdateCatalogArticle(ctx, a, demoNow)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		before := words()
		update(func(a *domain.CatalogArticle) { a.Description = "Ny beskrivning" })
		if got := words(); got != before {
			t.Errorf("description changed: words %q, want %q", got, before)
		}
		update(func(a *domain.CatalogArticle) { a.Name, a.Product, a.ProductName = "Rullstol Provmodell", "", "Cröss" })
		if got := words(); got != "cross provmodell rullstol" {
			t.Errorf("new name, product and product name: words %q", got)
		}
		if !found(t, db, "provmod cröss") || found(t, db, "provmod vänster") {
			t.Error("a search by the new words misses the article, or one with a word it lacks finds it")
		}
		update(func(a *domain.CatalogArticle) { a.Product = "Panthera" })
		if got := words(); got != "cross panthera provmodell rullstol" {
			t.Errorf("new product: words %q", got)
		}
		update(func(a *domain.CatalogArticle) { a.ProductName = "Swing" })
		if got := words(); got != "panthera provmodell rullstol swing" {
			t.Errorf("new product name: words %q", got)
		}
		if found(t, db, "cross") {
			t.Error("the product name's old word still finds the article")
		}
		if found(t, db, strings.Repeat("rullstol", 300)) { // longer than PostgreSQL's text search takes
			t.Error("a word longer than any article's finds the article")
		}
		err := db.Transact(ctx, func(q *store.Q) error {
			return q.UpdateCatalogArticle(ctx, &domain.CatalogArticle{Number: "99999999", Name: "Finns inte"}, demoNow)
		})
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an article that does not exist: %v, want not found", err)
		}
	})
}

// found reports whether Sök artikel by the name words finds article 30593.
func found(t *testing.T, db *store.DB, name string) bool {
	t.Helper()
	arts, _, err := db.Read().FindArticles(context.Background(), domain.ArticleFilter{Name: name, All: true, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(arts, func(a domain.Article) bool { return a.Number == "30593" })
}
