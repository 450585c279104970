package web_test

import (
	"context"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

type importAnswer struct {
	DryRun, Applied                bool
	Rows, Created, Updated, Prices int
	Errors                         []struct {
		Row      int
		Article  string
		Messages []string
	}
}

func countRows(t *testing.T, srv *testserver.Server, query string, args ...any) int {
	t.Helper()
	var n int
	if err := srv.DB.Read().Get(context.Background(), query, args, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCatalogueCSVImport(t *testing.T) { testserver.Backends(t, nil, csvImportScenario) }

func csvImportScenario(t *testing.T, srv *testserver.Server) {
	boCatalogBase(t, srv)
	admin := boLogin(t, srv, "ADMIN")
	articles := func() int { return countRows(t, srv, "SELECT COUNT(*) FROM articles") }
	prices := func() int { return countRows(t, srv, "SELECT COUNT(*) FROM article_prices") }
	before, beforePrices := articles(), prices()

	// One bad row (unknown ISO code, a price with three decimals) among good ones: nothing changes,
	// and the errors are listed for row 3 only.
	bad := "number,name,unitOfMeasure,isoCode,supplier,status,purpose,rentPrice,rentValidFrom,baseConfiguration\n" +
		"93001,Armstöd import,st,122203,Etac Sverige AB,stocked,rent,9.92,2026-01-01,\n" +
		"93002,Trasig rad,st,999999,Etac Sverige AB,stocked,rent,1.234,,\n" +
		"93003,Rullstol import,st,122203,Etac Sverige AB,stocked,rent,0.00,2026-01-01,93001:2\n"
	var res importAnswer
	if st := admin.do("POST", "/api/v1/articles/import", []byte(bad), &res); st != 200 {
		t.Fatalf("import: %d", st)
	}
	if res.Applied || len(res.Errors) != 1 || res.Errors[0].Row != 3 || res.Errors[0].Article != "93002" || len(res.Errors[0].Messages) < 2 {
		t.Fatalf("bad file: %+v", res)
	}
	if articles() != before || prices() != beforePrices {
		t.Fatalf("a refused import changed the catalogue: %d→%d articles", before, articles())
	}
	// The row's problems in the reader's language.
	r := call(t, srv, request{Method: "POST", Path: "/api/v1/articles/import", Bearer: apiLogin(t, srv, "ADMIN", demoPassword),
		Body: bad, Header: map[string]string{"Content-Type": "text/csv", "Accept-Language": "en"}})
	if !strings.Contains(r.Body, `rentPrice: `) || strings.Contains(r.Body, "högst") || strings.Contains(r.Body, "finns inte") {
		t.Errorf("the row's problems in English: %s", r.Body)
	}

	// Dry run of a good file: reports, changes nothing.
	good := strings.Replace(bad, "93002,Trasig rad,st,999999,Etac Sverige AB,stocked,rent,1.234,,", "93002,Hel rad;med semikolon,st,122203,Etac Sverige AB,order_item,buy,,,", 1)
	good = strings.Replace(good, "Hel rad;med semikolon", `"Hel rad, med komma"`, 1)
	if st := admin.do("POST", "/api/v1/articles/import?dryRun=true", []byte(good), &res); st != 200 || res.Applied || len(res.Errors) != 0 || res.Created != 3 {
		t.Fatalf("dry run: %d %+v", st, res)
	}
	if articles() != before {
		t.Fatal("a dry run changed the catalogue")
	}
	// The real import: three articles, two prices, a base configuration naming
	// the file's first article. The file is checked whole first, row by row,
	// then written two rows to a transaction (each audited).
	srv.Svc.ImportBatch = 2
	if st := admin.do("POST", "/api/v1/articles/import", []byte(good), &res); st != 200 || !res.Applied || res.Created != 3 || res.Prices != 2 {
		t.Fatalf("import: %d %+v", st, res)
	}
	srv.Svc.ImportBatch = 0
	if articles() != before+3 || countRows(t, srv, "SELECT COUNT(*) FROM article_base_components WHERE article_number = '93003'") != 1 {
		t.Fatal("import did not create the articles")
	}
	if n := countRows(t, srv, `SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.import'
		AND (after_json LIKE '%"firstRow":2,"lastRow":3%' OR after_json LIKE '%"firstRow":4,"lastRow":4%')`); n != 2 {
		t.Errorf("%d audited batches of rows 2–3 and 4, want 2", n)
	}
	var name string
	srv.DB.Read().Get(context.Background(), "SELECT name FROM articles WHERE number = '93002'", nil, &name)
	if name != "Hel rad, med komma" {
		t.Fatalf("name %q", name)
	}
	// Export, then import the export: nothing new, every article updated in place.
	st, csvData := admin.raw("GET", "/api/v1/articles/export", nil)
	if st != 200 || !strings.Contains(string(csvData), "93003,Rullstol import") {
		t.Fatalf("export: %d", st)
	}
	if st := admin.do("POST", "/api/v1/articles/import", csvData, &res); st != 200 || !res.Applied || res.Created != 0 || res.Prices != 0 || len(res.Errors) != 0 {
		t.Fatalf("re-import of the export: %d %+v", st, res)
	}
	if articles() != before+3 || prices() != beforePrices+2 {
		t.Fatal("re-import changed counts")
	}
	// A base configuration naming an article that a row before it creates in
	// the same transaction.
	pair := "number,name,unitOfMeasure,isoCode,supplier,status,purpose,baseConfiguration\n" +
		"93004,Dyna import,st,122203,Etac Sverige AB,stocked,rent,\n" +
		"93005,Rullstol med dyna,st,122203,Etac Sverige AB,stocked,rent,93004:1\n"
	if st := admin.do("POST", "/api/v1/articles/import", []byte(pair), &res); st != 200 || !res.Applied || res.Created != 2 || len(res.Errors) != 0 {
		t.Fatalf("import of an article and one naming it: %d %+v", st, res)
	}
	if countRows(t, srv, "SELECT COUNT(*) FROM article_base_components WHERE article_number = '93005' AND component_number = '93004'") != 1 {
		t.Fatal("the base configuration naming the article created before it in the transaction was not written")
	}
	// A prescriber may not import.
	if st := boLogin(t, srv, "K082LNO").do("POST", "/api/v1/articles/import", []byte(good), nil); st != 403 {
		t.Fatalf("prescriber import: %d, want 403", st)
	}
}
