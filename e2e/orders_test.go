package e2e

// Browser test of ordering (issue 4), following the manual's "Beställa hjälpmedel
// med komponenter (komponentguide)" page by page on the demo data, then the
// warehouse picking and delivering, and customer service cancelling.

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestOrdersManualComponentsGuideToDelivery(t *testing.T) {
	t.Parallel()
	testserver.Backends(t, []testserver.Option{testserver.At(demoDay)}, func(t *testing.T, srv *testserver.Server) {
		b := NewBrowser(t, WithBaseURL(srv.URL))
		logIn(b, "K082LNO", "Demo1234")

		// 1–3. Kundorder: the patient and the customer (the payer follows it).
		b.Open("/kundorder?personnummer=191212121212")
		b.MustSee("Orderinformation", "Kund/leveransadress")
		b.Check("Patient")
		b.FillByLabel("Personnummer", "191212121212")
		b.FillByLabel("Kund/leveransadress", "2990 Länsservice Hjälpmedelskonsulenterna prod. ansvar (betalare 2990)")
		b.ClickButton("Fortsätt")

		// 4. Order lines: the article, Enter saves (Spara ändringarna is the form's first button).
		b.MustSee("Svensson, Testare", "Standardbetalare", "2990")
		b.FillByLabel("Artikel", "11109")
		b.ClickButton("Spara ändringarna")
		b.MustSee("11109 (11)", "Rullstol Cross I sittbredd 40", "119,20", "2026-03-11")
		draftPath := b.URLPath()

		// Drafts survive logout.
		b.Open("/start")
		b.In("header").ClickButton("Avsluta")
		logIn(b, "K082LNO", "Demo1234")
		b.Open("/kundorder")
		b.MustSee("Påbörjade beställningar")
		b.ClickLink("Fortsätt beställningen")
		if got := b.URLPath(); got != draftPath {
			t.Fatalf("continued draft at %s, want %s", got, draftPath)
		}

		// Components guide: click the article number.
		b.ClickLink("11109 (11)")
		b.MustSee("Komponentguide", "Vanligaste tillbehören till Cross", "11336", "Grundutförande", "9,92")
		// a) tick two accessories of the template and press Beställ.
		b.Check("17346 Bromsförlängare Cross fällbar")
		b.Check("19922 Rullstolsbord Cross transparent sittbredd 40")
		b.ClickButton("Beställ")
		b.MustSee("Tillbehören är beställda.", "Komponenter och tillbehör (13)")
		// c) remove one base component.
		b.Check("Ta bort 14430")
		b.ClickButton("Spara ändringarna")
		b.MustSee("Komponenter och tillbehör (12)")
		b.MustNotSee("Tippskydd Cross svart")
		// 5. Back to the lines: the count changed.
		b.ClickLink("Åter till kundorderrader")
		b.MustSee("11109 (12)")
		b.ClickButton("Fortsätt")

		// 6. Delivery information: to the patient's home with door code and instructions.
		b.MustSee("Leveransuppgifter", "Tolvgatan 12", "Hämta leveransadress från")
		b.Check("Mottagare")
		b.FillByLabel("Mobil", "070-123 45 67")
		b.FillByLabel("Portkod", "1234")
		b.FillByLabel("Instruktioner", "Kontakta hemtjänsten före leverans")
		b.FillByLabel("Övrig information", "Bromsspakförlängare monteras på höger sida")
		b.Check("Samleverans önskas")
		b.ClickButton("Verkställ")

		// 7. Confirmation with the number.
		b.MustSee("Din order är nu registrerad.")
		m := regexp.MustCompile(`Kundorder: (\d{8})`).FindStringSubmatch(b.Text())
		if m == nil {
			t.Fatalf("no order number on the confirmation: %s", b.Text())
		}
		number := m[1]
		if !strings.HasPrefix(number, "26") {
			t.Errorf("order number %s should start with the year 26", number)
		}
		// Going back and pressing Verkställ again does not create a second order.
		b.Open(strings.Replace(draftPath, "/rader", "/leverans", 1))
		if got := b.URLPath(); got != "/kundorder/order/"+number {
			t.Errorf("the registered draft's delivery page at %s, want the order page", got)
		}
		var orders int
		srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM orders WHERE status <> 'draft' AND prescriber_id = (SELECT id FROM users WHERE username = 'K082LNO') AND registered_at IS NOT NULL AND number = ?", []any{number}, &orders)
		if orders != 1 {
			t.Errorf("orders with number %s: %d", number, orders)
		}

		// The order page shows each line's dates; the prescriber sees the manual's advice on cancelling.
		b.MustSee("Kundorder "+number, "2026-03-11", "2026-03-12", "Portkod", "1234", "Kontakta hemtjänsten före leverans", "Registrerad",
			"Om du önskar makulera en lagd order", "C2")
		b.In("header").ClickButton("Avsluta")

		// The warehouse picks and delivers.
		logIn(b, "LAGER", "Demo1234")
		b.Open("/lager/plocklista")
		b.MustSee("Kundorder "+number, "11109", "17346", "19922")
		b.In("#order-" + number).ClickButton("Plocka")
		b.MustSee("är plockad")
		text := b.In("#order-" + number).Text()
		unit := regexp.MustCompile(`\b(1\d{5})\b`).FindString(text[strings.Index(text, "11109"):])
		b.In("#order-" + number).ClickButton("Levererad")
		b.MustSee("Kundorder " + number + " är levererad.")
		b.Open("/lager/foljesedel/" + number)
		b.MustSee("Följesedel "+number, "Tolvgatan 12", "1234")
		b.Open("/kundorder/order/" + number)
		b.MustSee("Levererad")

		// The patient now holds the wheelchair unit with its 12 components attached.
		var heldUnit string
		if err := srv.DB.Read().Get(context.Background(), `SELECT h.unit_number FROM holdings h JOIN order_lines l ON l.id = h.order_line_id
		JOIN orders o ON o.id = l.order_id WHERE o.number = ? AND h.unit_number IS NOT NULL AND h.recipient_personnummer = '191212121212'`,
			[]any{number}, &heldUnit); err != nil {
			t.Fatalf("the patient's holding of the wheelchair: %v", err)
		}
		if unit != "" && unit != heldUnit {
			t.Errorf("pick list showed unit %s, the holding has %s", unit, heldUnit)
		}
		var comps int
		srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM unit_components WHERE unit_number = ? AND removed_at IS NULL", []any{heldUnit}, &comps)
		if comps != 12 {
			t.Errorf("components on unit %s: %d, want 12", heldUnit, comps)
		}
		// The look-up screens: the patient's Hjälpmedel list shows the wheelchair unit,
		// and its Individkort lists the components attached on delivery.
		b.In("header").ClickButton("Avsluta")
		logIn(b, "K082LNO", "Demo1234")
		b.Open("/hjalpmedel?personnummer=191212121212")
		b.MustSee("Svensson", "11109", heldUnit)
		b.Open("/individkort/" + heldUnit)
		b.MustSee(heldUnit, "11109", "17346", "19922", "11336")
	})
}

func TestOrdersKomplIndividAndCancel(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(demoDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	// Manual "Komplettera en individ med komponent": 25052 attached to 104901.
	b.Open("/kundorder")
	b.FillByLabel("Personnummer", "191212121212")
	b.ClickButton("Fortsätt")
	b.FillByLabel("Artikel", "25052")
	b.ClickButton("Spara ändringarna")
	b.MustSee("25052", "Drivhjulsats", "84,98")
	b.ClickLink("Kompl. individ")
	b.MustSee("Individer hos mottagaren", "104901")
	b.Check("104901")
	b.ClickButton("Verkställ")
	b.MustSee("K-104901")
	// A not-orderable article is refused with its guidance.
	b.FillByLabel("Artikel", "30593")
	b.ClickButton("Spara ändringarna")
	b.MustSee("kan inte beställas här")
	b.FillByLabel("Artikel", "")
	b.ClickButton("Fortsätt")
	b.ClickButton("Verkställ")
	b.MustSee("Din order är nu registrerad.")
	number := regexp.MustCompile(`Kundorder: (\d{8})`).FindStringSubmatch(b.Text())[1]
	b.MustSee("K-104901")

	var reserved int
	srv.DB.Read().Get(context.Background(), "SELECT reserved FROM stock WHERE warehouse = '2000' AND article_number = '25052'", nil, &reserved)
	if reserved != 1 {
		t.Fatalf("25052 reserved %d, want 1", reserved)
	}

	// Customer service cancels it; the reservation is released and the prescriber told.
	b.In("header").ClickButton("Avsluta")
	logIn(b, "KUNDTJANST", "Demo1234")
	b.Open("/kundtjanst/ordrar")
	b.FillByLabel("Kundorder", number)
	b.ClickButton("Sök")
	b.MustSee("25052", "Drivhjulsats")
	b.ClickButton("Makulera hela ordern")
	b.MustSee("Kundorder " + number + " är makulerad.")
	srv.DB.Read().Get(context.Background(), "SELECT reserved FROM stock WHERE warehouse = '2000' AND article_number = '25052'", nil, &reserved)
	if reserved != 0 {
		t.Errorf("25052 reserved %d after cancel, want 0", reserved)
	}
	b.In("header").ClickButton("Avsluta")
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/meddelanden")
	b.MustSee("Kundorder " + number + " har makulerats")
}
