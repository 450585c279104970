package e2e

// Browser tests of issue 16: customer service finds a patient's open pickup
// order in Kundtjänst and cancels it from the list (16.6); a technician works
// from Mina arbetsordrar and closes work orders with spare parts, billed only
// for a chargeable action type (16.5, SPEC §7).

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

func TestCustomerServiceFindsAndCancelsPickupOrder(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))

	// The prescriber orders a pickup of the test patient's telephone attachment.
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/hamtorder?personnummer=191212121212")
	b.Check("Hämta artikel 23993, individ 104901")
	b.FillByLabel("Orsak", "Behovet upphört")
	b.ClickButton("Verkställ")
	b.MustSee("Din hämtorder är nu registrerad.")
	m := pickupNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no pickup order number:\n%s", b.Text())
	}
	number := m[1]
	logOut(b)

	// Customer service: Kundtjänst, Hämtorder, the patient's open ones.
	logIn(b, "KUNDTJANST", "Demo1234")
	b.In("nav.menu").ClickLink("Kundtjänst")
	b.In("nav.subnav").ClickLink("Hämtorder")
	b.FillByLabel("Personnummer", "19121212-1212")
	b.FillByLabel("Status", "Registrerad")
	b.ClickButton("Sök")
	row := "#rad-" + number
	b.In(row).MustSee(number, "Registrerad", "191212121212 Svensson, Testare", "2990", "K082LNO", "Behovet upphört")
	// By name too, and the same list in another kind keeps the criteria.
	b.Open("/kundtjanst?typ=pickuporders&name=svensson+testare&sok=1")
	b.In(row).MustSee("Registrerad")
	b.In("nav.subnav").ClickLink("Arbetsorder")
	if got := b.URL(); !strings.Contains(got, "typ=workorders") || !strings.Contains(got, "name=svensson+testare") {
		t.Errorf("the Arbetsorder tab went to %s", got)
	}
	b.In("nav.subnav").ClickLink("Hämtorder")
	b.In(row).ClickLink(number)
	b.MustSee("Hämtorder", number, "Telefontillkoppling")
	b.Open("/kundtjanst?typ=pickuporders&personnummer=191212121212&status=registered&sok=1")

	// Makulera from the list: back on the list, which no longer shows it as open.
	b.In(row).ClickButton("Makulera hämtorder " + number)
	b.MustSee("Hämtordern är makulerad. Förskrivaren har fått ett meddelande.")
	if got := b.URLPath(); got != "/kundtjanst" {
		t.Errorf("after Makulera the page is %s, want the search list", got)
	}
	b.MustNotSee(number)
	b.FillByLabel("Status", "Makulerad")
	b.ClickButton("Sök")
	b.In(row).MustSee("Makulerad")
	b.In(row).MustNotSee("Makulera hämtorder")
	logOut(b)

	// The prescriber is told; the unit stays with the patient.
	logIn(b, "K082LNO", "Demo1234")
	b.MustSee("Hämtorder " + number + " (gällande Svensson, Testare) har makulerats")
	b.Open("/hamtorder?personnummer=191212121212")
	b.MustNotSee("Finns redan på hämtorder")
}

func TestTechnicianClosesWorkOrdersWithSpareParts(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	ctx := t.Context()

	// A spare part in stock at 2000 with a sales price.
	var part string
	if err := srv.DB.Read().Get(ctx, `SELECT s.article_number FROM stock s JOIN articles a ON a.number = s.article_number
		WHERE NOT a.individual AND s.warehouse = '2000' AND s.on_hand - s.reserved >= 4
		AND EXISTS (SELECT 1 FROM article_prices p WHERE p.article_number = a.number AND p.kind = 'sale' AND p.valid_from <= '2026-11-25')
		ORDER BY s.article_number LIMIT 1`, nil, &part); err != nil {
		t.Fatal(err)
	}
	onHand := func() int {
		var n int
		if err := srv.DB.Read().Get(ctx, "SELECT on_hand FROM stock WHERE warehouse = '2000' AND article_number = ?", []any{part}, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := onHand()

	// The prescriber reports a damaged cushion (Skada/felanvändning, chargeable) and a worn one.
	logIn(b, "K082LNO", "Demo1234")
	register := func(unit, article, actionType string) string {
		b.Open("/arbetsorder?personnummer=191212121212&artikel=" + article + "&individ=" + unit)
		b.FillByLabel("Typ av åtgärd", actionType)
		b.FillByLabel("Felbeskrivning", "Sittdynan är trasig.")
		b.ClickButton("Spara ändringarna")
		b.ClickButton("Verkställ")
		m := aoNumber.FindStringSubmatch(b.Text())
		if m == nil {
			t.Fatalf("no work order number:\n%s", b.Text())
		}
		return m[1]
	}
	damage := register("170098", "10156", "Skada/felanvändning")
	worn := register("157792", "15014", "Avhjälpande underhåll")
	logOut(b)

	// The technician takes both from the queue; Mina arbetsordrar lists them.
	logIn(b, "TEKNIKER", "Demo1234")
	for _, n := range []string{damage, worn} {
		b.Open("/arbetsorder/" + n)
		b.ClickButton("Ta arbetsorder")
		b.MustSee("Arbetsordern är påbörjad.")
	}
	b.In("nav.menu").ClickLink("Mina arbetsordrar")
	b.In("table[aria-labelledby=pagaende]").MustSee(damage, worn, "Skada/felanvändning", "Svensson, Testare")

	// Spare parts from the chosen warehouse, then closed.
	work := func(n string, qty int, billed string) {
		b.In("table[aria-labelledby=pagaende]").ClickLink(n)
		b.FillByLabel("Artikelnummer för reservdel", part)
		b.FillByLabel("Antal", strconv.Itoa(qty))
		b.FillByLabel("Tas från lager", "2000 Länsservice Boden")
		b.ClickButton("Registrera reservdel")
		b.MustSee("Reservdelen är registrerad och tagen ur lager.", "Reservdelar", part, billed)
		b.FillByLabel("Åtgärd", "Bytt överdrag.")
		b.ClickButton("Avsluta arbetsorder")
		b.MustSee("Arbetsordern är avslutad.", "Avslutad")
		b.In("nav.menu").ClickLink("Mina arbetsordrar")
	}
	work(damage, 2, "Åtgärdstypen debiteras: reservdelarna faktureras betalaren till försäljningspriset den dag arbetsordern avslutas.")
	work(worn, 1, "Reservdelarna bekostas av hjälpmedelscentralen (faktureras inte).")
	b.In("table[aria-labelledby=avslutade]").MustSee(damage, worn, "Bytt överdrag.")
	b.MustSee("Ingen träff.") // nothing left in progress

	// Stock went down by both, each journalled against its work order.
	if got := onHand(); got != before-3 {
		t.Errorf("on hand %d, want %d", got, before-3)
	}
	for n, want := range map[string]int{damage: -2, worn: -1} {
		var delta int
		if err := srv.DB.Read().Get(ctx, `SELECT on_hand_delta FROM stock_movements WHERE reason = 'work_order' AND reference = ?
			AND article_number = ?`, []any{n, part}, &delta); err != nil || delta != want {
			t.Errorf("journal of %s: %d (%v), want %d", n, delta, err, want)
		}
	}
	logOut(b)

	// November's invoice basis charges the damaged one's parts to payer 2990, not the worn one's.
	srv.SetNow(time.Date(2026, 12, 1, 9, 0, 0, 0, domain.Stockholm))
	logIn(b, "ADMIN", "Demo1234")
	b.In("nav.menu").ClickLink("Fakturering")
	b.FillByLabel("Månad", "2026-11")
	b.ClickButton("Kör fakturering")
	b.MustSee("Faktureringen är körd.")
	b.ClickLink("2990")
	b.MustSee("Reservdel", "AO "+damage)
	b.MustNotSee("AO " + worn)
}
