package e2e

// Browser tests of the prescriber look-ups (issue 3), following the manual:
// Hjälpmedel for the test patient with Endast individer, a unit card and the
// Ordinationsöversikt from a row; Sök artikel "amputationsbenstöd" with
// Inkl. tillgängligt saldo and an article's balances; Varukatalog 12 → 1222 → 122203.

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestLookupsHjalpmedel(t *testing.T) {
	t.Parallel()
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		b := NewBrowser(t, WithBaseURL(srv.URL))
		logIn(b, "K082LNO", "Demo1234")

		// "Skriv personnummer med samtliga 12 siffror … Klicka på Sök."
		b.In("nav.menu").ClickLink("Hjälpmedel")
		b.FillByLabel("Personnummer eller kundnummer", "19121212-1212")
		b.ClickButton("Sök")
		b.MustSee("Svensson, Testare", "Tolvgatan 12", "12125 STOCKHOLM-GLOBEN", "Här sätter vi telefonnumret",
			"Skrivunderlägg 70x50x8", "Telefontillkoppling", "104901", "Röstförstärkare Falck 1005", "75082",
			"Toaförhöjning StaplaLätt", "170098", "157792",
			"Återlämnade hjälpmedel", "Registrerade AO", "BMB", "Hämtorder", "Komponenter på väg", "Skriv ut")

		// "Klicka i fältet Endast individer" limits the list to serial-tracked aids.
		b.Check("Endast individer")
		b.ClickButton("Sök")
		b.MustSee("104901", "75082", "170098", "157792")
		b.MustNotSee("Skrivunderlägg 70x50x8", "Toaförhöjning StaplaLätt")

		// "Klicka på individnumret och du kan se information på individkortet."
		b.ClickLink("104901")
		if got := b.URLPath(); got != "/individkort/104901" {
			t.Fatalf("after clicking the unit: at %s", got)
		}
		b.MustSee("Individ 104901", "Telefontillkoppling", "Innehavare", "Svensson, Testare", "Registrerade AO", "Komponenter på väg")

		// Back to the list: Ordinationsöversikt of the Telefontillkoppling row (position 4).
		b.In("nav.menu").ClickLink("Hjälpmedel")
		b.FillByLabel("Personnummer eller kundnummer", "191212121212")
		b.ClickButton("Sök")
		b.In("#rad-4").MustSee("23993", "Telefontillkoppling")
		b.In("#rad-4").ClickLink("Ordinationsöversikt")
		b.MustSee("Ordinationsöversikt", "Orderrader som de beställdes", "Betalare", "2990", "K082LNO", "Röstförstärkare Falck 1005")

		// A wrong check digit: a clear message, the number kept, nothing shown.
		b.In("nav.menu").ClickLink("Hjälpmedel")
		b.FillByLabel("Personnummer eller kundnummer", "19121212-1213")
		b.ClickButton("Sök")
		b.MustSee("Personnumrets sista siffra (kontrollsiffran) stämmer inte.")
		b.MustNotSee("Tolvgatan 12")
	})
}

func TestLookupsArticlesAndCatalogue(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t)
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	// Sök artikel: "amputationsbenstöd" with Inkl. tillgängligt saldo.
	b.In("nav.menu").ClickLink("Sök artikel")
	b.FillByLabel("Benämning", "amputationsbenstöd")
	b.Check("Inkl. tillgängligt saldo")
	b.ClickButton("Sök")
	b.MustSee("38415", "17944", "36878", "35347", "Amputationsbenstöd Cross-F3", "Etac Sverige AB", "Tillg. saldo", "Beställningsvara", "Lagervara")
	b.ClickLink("17944")
	b.MustSee("Amputationsbenstöd Cross-F3", "Tillgängligt saldo", "2000 Länsservice Boden", "Lagersaldo andra lager", "Hyra", "Fr.o.m.")

	// The manual's example: 30593 by article number.
	b.In("nav.menu").ClickLink("Sök artikel")
	b.FillByLabel("Artikel", "30593")
	b.ClickButton("Sök")
	b.ClickLink("30593")
	b.MustSee("Rullstol Panthera 52 Swing bredd 39 Grund", "L Landstinget", "122203", "Panthera AB", "34739D0G", "61,91", "2021-12-02")

	// Varukatalog: 12 → 1222 → 122203.
	b.In("nav.menu").ClickLink("Varukatalog")
	b.MustSee("HJÄLPMEDEL VID FÖRFLYTTNING")
	b.ClickLink("HJÄLPMEDEL VID FÖRFLYTTNING")
	b.ClickLink("Manuella rullstolar")
	b.MustSee("1222 Manuella rullstolar")
	b.ClickLink("Manuella tvåhjulsdrivna rullstolar")
	b.MustSee("122203 Manuella tvåhjulsdrivna rullstolar", "30593", "Rullstol Panthera 52 Swing bredd 39 Grund", "11109")
	b.ClickLink("12 HJÄLPMEDEL VID FÖRFLYTTNING")
	if got := b.URLPath(); got != "/varukatalog/12" {
		t.Fatalf("breadcrumb: at %s", got)
	}
}
