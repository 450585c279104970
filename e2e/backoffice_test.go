package e2e

// Browser test of the back office (issue 7): the admin creates an article with a
// base configuration of two components and a price valid from today, the
// warehouse receives two units with serial numbers in warehouse 2000, and a
// prescriber finds the article in Sök artikel with available balance 2.

import (
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

func TestBackOfficeArticleReceiptAndSearch(t *testing.T) {
	srv := testserver.Start(t)
	today := domain.DateOf(time.Now()).Format(time.DateOnly)

	// ADMIN: Artiklar och priser → Ny artikel.
	admin := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(admin, "ADMIN", "Demo1234")
	admin.Open("/start")
	admin.In("nav.menu").ClickLink("Artiklar och priser")
	admin.ClickLink("Ny artikel")
	admin.FillByLabel("Artikelnummer", "95001")
	admin.FillByLabel("Benämning", "Rullstol Provtur sittbredd 42")
	admin.FillByLabel("ISO-kod", "122203")
	admin.FillByLabel("Leverantör", "Etac Sverige AB")
	admin.FillByLabel("Leverantörens artikelnummer", "PT-42")
	admin.FillByLabel("Status", "Lagervara")
	admin.FillByLabel("Förskrivningssyfte", "Hyra")
	admin.Check("Individmärkt (I-märkt)")
	admin.FillByLabel("Grundutförande", "11336; 1\n17333; 2")
	admin.ClickButton("Spara ändringarna")
	admin.MustSee("Artikeln är sparad.", "Artikel 95001")
	if got := admin.URLPath(); got != "/admin/artiklar/95001" {
		t.Fatalf("after saving: at %s", got)
	}
	// The base configuration is kept as a list of two components.
	admin.In("table.basecfg").MustSee("Grundutförande (2)", "11336", "17333")
	if got := admin.In("table.basecfg tbody").Text(); !strings.HasSuffix(strings.TrimSpace(got), "2") {
		t.Fatalf("base configuration: %q, want 17333 twice", got)
	}
	// A rent valid from today (the date is filled in).
	admin.FillByLabel("Slag av pris", "Hyra")
	admin.FillByLabel("Pris (kr)", "45,50")
	admin.ClickButton("Spara pris")
	admin.MustSee("Priset är sparat.")
	admin.In("table.prices").MustSee("Hyra", "45,50", today, "ADMIN")

	// LAGER: Varumottagning of two units with serial numbers in warehouse 2000.
	lager := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(lager, "LAGER", "Demo1234")
	lager.Open("/start")
	lager.In("nav.menu").ClickLink("Varumottagning")
	lager.FillByLabel("Lager", "2000 Länsservice Boden")
	lager.FillByLabel("Artikelnummer", "95001")
	lager.FillByLabel("Individer", "PT42-0001; "+today+"; 2029-12-31\nPT42-0002")
	lager.ClickButton("Ta emot")
	lager.MustSee("Mottaget: 2 av artikel 95001 i lager 2000.", "Individnummer:")
	row := lager.In("table.data tbody").Text()
	if !strings.Contains(row, "95001") || !strings.HasSuffix(strings.TrimSpace(row), "2") {
		t.Fatalf("balance after receipt: %q", row)
	}

	// K082LNO: Sök artikel with Inkl. tillgängligt saldo shows balance 2.
	lno := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(lno, "K082LNO", "Demo1234")
	lno.Open("/artiklar")
	lno.FillByLabel("Artikel", "95001")
	lno.Check("Inkl. tillgängligt saldo")
	lno.ClickButton("Sök")
	got := strings.TrimSpace(lno.In("table.data tbody").Text())
	if !strings.Contains(got, "95001") || !strings.Contains(got, "Rullstol Provtur sittbredd 42") || !strings.HasSuffix(got, "2") {
		t.Fatalf("Sök artikel: %q, want 95001 with available balance 2", got)
	}
}
