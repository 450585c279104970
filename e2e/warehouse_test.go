package e2e

// The warehouse's day beyond picking (issue 16) as LAGER: units received with
// their labels printed, a shelf location, a count of it with a difference approved, a reorder proposal turned into a
// purchase order received in two parts, and the stock journal showing all of it.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

var countNumber = regexp.MustCompile(`Inventering (\d+) av lagerplats`)

func TestWarehouseCountPurchaseJournal(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "LAGER", "Demo1234")
	var onHand int
	if err := srv.DB.Read().Get(t.Context(), "SELECT on_hand FROM stock WHERE warehouse = '2000' AND article_number = '15749'", nil, &onHand); err != nil {
		t.Fatal(err)
	}

	received := receiveWithLabels(b, "LAGER-0001", "LAGER-0002")

	// Skrivunderlägg gets a shelf of its own.
	b.Open("/start")
	b.In("nav.menu").ClickLink("Varumottagning")
	b.ClickLink("Lagerplatser")
	b.FillByLabel("Artikelnummer", "15749")
	b.FillByLabel("Lagerplats", "z-01-1")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Artikel 15749 har lagerplats Z-01-1 i lager 2000.")
	b.In("table.locations").MustSee("Z-01-1", "Skrivunderlägg 70x50x8")

	// A count of Z-01: one fewer than the system has; the form does not show the balance.
	b.ClickLink("Inventeringar")
	b.FillByLabel("Lagerplats", "Z-01")
	b.ClickButton("Starta inventering")
	b.MustSee("av lagerplats Z-01 är startad. Artiklar att räkna: 1.", "Inventeringslista (PDF)")
	m := countNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no count number:\n%s", b.Text())
	}
	count := m[1]
	b.MustNotSee("Differenser", "I systemet")
	b.In("#rad-15749").FillByLabel("Räknat antal", strconv.Itoa(onHand-1))
	b.ClickButton("Spara ändringarna")
	b.MustSee("Det räknade är sparat på inventering "+count+".", "Differenser")
	b.In("#diff-15749").MustSee(strconv.Itoa(onHand), strconv.Itoa(onHand-1), "-1")
	b.ClickButton("Godkänn")
	b.MustSee("Inventering "+count+" är godkänd. Differenser bokförda i lagerjournalen: 1.", "Godkänd av", "LAGER")
	b.MustNotSee("Räknat antal") // an approved count cannot change

	// A reorder proposal becomes a purchase order, received in two parts.
	b.Open("/start")
	b.In("nav.menu").ClickLink("Inköp")
	b.ClickLink("Beställningspunkter")
	b.FillByLabel("Artikelnummer", "15749")
	b.FillByLabel("Beställningspunkt", "1000")
	b.FillByLabel("Beställningskvantitet", "50")
	b.ClickButton("Spara ändringarna")
	b.ClickLink("Beställningsförslag")
	row := b.In("#forslag-2000-15749")
	row.Check("15749")
	row.FillByLabel("Antal", "6")
	b.ClickButton("Skapa inköpsordrar för markerade")
	b.MustSee("till Bort & Frenning AB är registrerad.")
	pm := purchaseNumber.FindStringSubmatch(b.Text())
	if pm == nil {
		t.Fatalf("no purchase order number:\n%s", b.Text())
	}
	purchase := pm[1]
	b.In("#rad-15749").FillByLabel("Antal", "4")
	b.ClickButton("Ta emot")
	b.MustSee("Mottaget mot inköpsorder "+purchase+": 4.", "Delvis mottagen")
	b.In("#rad-15749").FillByLabel("Antal", "2")
	b.ClickButton("Ta emot")
	b.MustSee("Mottaget mot inköpsorder "+purchase+": 2.", "Stängd")

	// The journal of 15749 shows the two receipts and the count, newest first.
	b.Open("/start")
	b.In("nav.menu").ClickLink("Lagerjournal")
	b.FillByLabel("Artikelnummer", "15749")
	b.ClickButton("Sök")
	rows := strings.Split(strings.TrimSpace(b.In("table.journal tbody").Text()), "\n")
	if len(rows) < 3 {
		t.Fatalf("the journal of 15749: %q", rows)
	}
	want := []struct{ typ, delta, ref string }{
		{"Inleverans", "+2", "Inköpsorder " + purchase},
		{"Inleverans", "+4", "Inköpsorder " + purchase},
		{"Inventering", "-1", "Inventering " + count},
	}
	for i, w := range want {
		if !strings.Contains(rows[i], w.typ) || !strings.Contains(rows[i], w.delta) || !strings.Contains(rows[i], w.ref) || !strings.Contains(rows[i], "LAGER") {
			t.Errorf("journal row %d: %q; want %s %s %s by LAGER", i+1, rows[i], w.typ, w.delta, w.ref)
		}
	}

	// The units received at the start are there too, each with its receipt.
	b.FillByLabel("Artikelnummer", "11109")
	b.ClickButton("Sök")
	b.In("table.journal tbody").MustSee(received[1], received[2])

	// Filtered by type, only the count.
	b.FillByLabel("Artikelnummer", "15749")
	b.FillByLabel("Typ", "Inventering")
	b.ClickButton("Sök")
	b.In("table.journal tbody").MustSee("Inventering "+count, "-1")
	b.In("table.journal tbody").MustNotSee("Inköpsorder")
}
