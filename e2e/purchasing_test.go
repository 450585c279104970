package e2e

// Browser tests of purchasing and counts (issue 16.2, 16.3) as the warehouse.

import (
	"regexp"
	"testing"

	"hjalpmedel/internal/testserver"
)

var purchaseNumber = regexp.MustCompile(`Inköpsorder (\d{8}) till`)

// LAGER gives 15749 Skrivunderlägg a reorder point above its balance, turns
// the proposal into a purchase order to Bort & Frenning AB and receives it in
// two parts; the second closes it and the stock has grown by what came.
func TestPurchasingProposalToReceipts(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "LAGER", "Demo1234")
	var before int
	if err := srv.DB.Read().Get(t.Context(), "SELECT on_hand FROM stock WHERE warehouse = '2000' AND article_number = '15749'", nil, &before); err != nil {
		t.Fatal(err)
	}

	b.Open("/start")
	b.ClickLink("Inköp")
	b.ClickLink("Beställningspunkter")
	b.FillByLabel("Artikelnummer", "15749")
	b.FillByLabel("Beställningspunkt", "1000")
	b.FillByLabel("Beställningskvantitet", "50")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Beställningspunkten för artikel 15749 i lager 2000 är sparad.", "Skrivunderlägg 70x50x8")

	b.ClickLink("Beställningsförslag")
	row := b.In("#forslag-2000-15749")
	row.MustSee("Skrivunderlägg 70x50x8", "Bort & Frenning AB", "1000", "50")
	row.Check("15749")
	row.FillByLabel("Antal", "6")
	b.ClickButton("Skapa inköpsordrar för markerade")
	b.MustSee("till Bort & Frenning AB är registrerad.", "Registrerad", "BF-7050")
	m := purchaseNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no purchase order number:\n%s", b.Text())
	}
	number := m[1]

	b.In("#rad-15749").FillByLabel("Antal", "4")
	b.ClickButton("Ta emot")
	b.MustSee("Mottaget mot inköpsorder "+number+": 4.", "Delvis mottagen")
	b.In("#rad-15749").FillByLabel("Antal", "3")
	b.ClickButton("Ta emot")
	b.MustSee("Artikel 15749: 2 återstår att ta emot på inköpsorder " + number + ", inte 3.")
	b.In("#rad-15749").FillByLabel("Antal", "2")
	b.ClickButton("Ta emot")
	b.MustSee("Mottaget mot inköpsorder "+number+": 2.", "Stängd", "Mottagningar")
	b.MustNotSee("Avsluta inköpsorder")

	var after int
	if err := srv.DB.Read().Get(t.Context(), "SELECT on_hand FROM stock WHERE warehouse = '2000' AND article_number = '15749'", nil, &after); err != nil {
		t.Fatal(err)
	}
	if after != before+6 {
		t.Errorf("on hand %d after receiving 6 onto %d", after, before)
	}
	b.ClickLink("Inköpsordrar")
	b.MustNotSee(number) // only the open ones
}
