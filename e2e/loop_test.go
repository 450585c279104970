package e2e

// Browser test of the lending loop (SPEC §10.1): a unit is delivered, picked up,
// received, reconditioned and delivered again to another patient.

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// startPatientOrder starts a draft for a patient of customer 2990 with a line
// of article, saved, as the prescriber does it.
func startPatientOrder(b *Browser, pnr, article string) {
	b.Open("/kundorder?personnummer=" + pnr)
	b.Check("Patient")
	b.FillByLabel("Personnummer", pnr)
	b.FillByLabel("Kund/leveransadress", "2990 Länsservice Hjälpmedelskonsulenterna prod. ansvar (betalare 2990)")
	b.ClickButton("Fortsätt")
	b.FillByLabel("Artikel", article)
	b.ClickButton("Spara ändringarna")
}

// orderArticle registers an order of one article for a patient of customer 2990
// as the prescriber does it and returns its number.
func orderArticle(t *testing.T, b *Browser, pnr, article string) string {
	t.Helper()
	startPatientOrder(b, pnr, article)
	b.ClickButton("Fortsätt")
	b.ClickButton("Verkställ")
	b.MustSee("Din order är nu registrerad.")
	m := regexp.MustCompile(`Kundorder: (\d{8})`).FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no order number on the confirmation: %s", b.Text())
	}
	return m[1]
}

// pickAndDeliver picks an order on the pick list, reads the unit of article it
// got, and delivers the order.
func pickAndDeliver(t *testing.T, b *Browser, number, article string) string {
	t.Helper()
	b.Open("/lager/plocklista")
	b.In("#order-" + number).ClickButton("Plocka")
	b.MustSee("är plockad")
	text := b.In("#order-" + number).Text()
	i := strings.Index(text, article)
	if i < 0 {
		t.Fatalf("article %s is not on the pick list of %s: %s", article, number, text)
	}
	unit := regexp.MustCompile(`\b(\d{6})\b`).FindString(text[i+len(article):])
	if unit == "" {
		t.Fatalf("no unit picked for %s on %s: %s", article, number, text)
	}
	b.In("#order-" + number).ClickButton("Levererad")
	b.MustSee("Kundorder " + number + " är levererad.")
	return unit
}

// The second loan: cushion 10156 has one unit in stock. It is delivered to the
// test patient, picked up, received, approved in reconditioning, and delivered
// to Åke Andersson on his order; the unit card shows him as its holder and both
// deliveries in its history.
func TestSecondLoanOfAUnit(t *testing.T) {
	t.Parallel()
	testserver.Backends(t, []testserver.Option{testserver.At(demoDay)}, func(t *testing.T, srv *testserver.Server) {
		var ake string
		if err := srv.DB.Read().Get(context.Background(), `SELECT recipient_personnummer FROM holdings WHERE unit_number = '112408'
			AND end_date IS NULL`, nil, &ake); err != nil {
			t.Fatalf("Åke Andersson: %v", err)
		}
		b := NewBrowser(t, WithBaseURL(srv.URL))

		// The first loan.
		logIn(b, "K082LNO", "Demo1234")
		first := orderArticle(t, b, "191212121212", "10156")
		logOut(b)
		logIn(b, "LAGER", "Demo1234")
		unit := pickAndDeliver(t, b, first, "10156")
		logOut(b)

		// The prescriber orders it picked up.
		logIn(b, "K082LNO", "Demo1234")
		b.Open("/hamtorder?personnummer=191212121212")
		b.FillByLabel("Orsak", "Behovet upphört")
		b.Check("Hämta artikel 10156, individ " + unit)
		b.ClickButton("Verkställ")
		b.MustSee("Din hämtorder är nu registrerad.", unit)
		m := pickupNumber.FindStringSubmatch(b.Text())
		if m == nil {
			t.Fatalf("no pickup order number:\n%s", b.Text())
		}
		logOut(b)

		// The warehouse receives it and approves it after reconditioning.
		logIn(b, "LAGER", "Demo1234")
		b.Open("/lager/returer")
		b.ClickLink(m[1])
		b.ClickButton("Ta emot alla")
		b.MustSee("Hjälpmedlen är mottagna. Hämtordern är stängd.")
		b.Open("/lager/returer")
		b.In("#rekond-" + unit).ClickButton("Godkänn " + unit)
		b.MustSee("Individen är godkänd och åter i lager.")
		logOut(b)

		// The second loan: Åke's order gets the same unit.
		logIn(b, "K082LNO", "Demo1234")
		second := orderArticle(t, b, ake, "10156")
		logOut(b)
		logIn(b, "LAGER", "Demo1234")
		if again := pickAndDeliver(t, b, second, "10156"); again != unit {
			t.Fatalf("the second loan delivered unit %s; want %s again", again, unit)
		}
		b.Open("/lager/individ?unit=" + unit)
		b.MustSee(first, second, m[1])
		logOut(b)

		logIn(b, "K082LNO", "Demo1234")
		b.Open("/individkort/" + unit)
		b.MustSee(unit, "Andersson")
		b.MustNotSee("Svensson, Testare")
	})
}
