package e2e

// Lagerjournal (issue 16.4): the warehouse opens the stock journal from the menu,
// filters it by article and type, and follows a unit to its history.

import (
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestStockJournalByArticle(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t)
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "LAGER", "Demo1234")
	b.Open("/start")
	b.In("nav.menu").ClickLink("Lagerjournal")
	b.MustSee("Lagerjournal", "Lagerhändelser, senaste först")

	b.FillByLabel("Artikelnummer", "11109")
	b.FillByLabel("Typ", "Inleverans")
	b.ClickButton("Sök")
	b.MustSee("Lagerhändelser, senaste först")
	rows := strings.Split(strings.TrimSpace(b.In("table.journal tbody").Text()), "\n")
	if len(rows) < 4 {
		t.Fatalf("receipts of 11109: %d rows; want the demo's four units and more", len(rows))
	}
	for _, row := range rows {
		if !strings.Contains(row, "11109") || !strings.Contains(row, "Inleverans") {
			t.Errorf("a row of the journal filtered by 11109 and Inleverans: %q", row)
		}
	}

	// A unit of the receipts opens its history.
	unit := strings.TrimSpace(b.In("table.journal tbody tr:first-child td:nth-child(4)").Text())
	if unit == "" {
		t.Fatal("the first receipt of 11109 names no unit")
	}
	b.In("table.journal tbody").ClickLink(unit)
	b.MustSee("Individhistorik", unit)
	if got := b.URLPath(); got != "/lager/individ" {
		t.Errorf("the unit's link opened %s", got)
	}
}
