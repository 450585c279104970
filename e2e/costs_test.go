package e2e

// Browser tests of SPEC §10.11: the cost view of a patient (a prescriber, from
// Hjälpmedel) and of a payer (the admin), and fix in place of a work order
// returned to the prescriber.

import (
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// costDay is a day whose latest ended month is November 2026.
var costDay = time.Date(2026, 12, 4, 10, 0, 0, 0, domain.Stockholm)

func TestPatientCostView(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(costDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/hjalpmedel")
	b.FillByLabel("Personnummer eller kundnummer", "191212121212")
	b.ClickButton("Sök")
	b.ClickLink("Kostnader")
	b.MustSee("Svensson, Testare", "Kostnader per hjälpmedel", "Kostat hittills", "Köp hade kostat",
		"till och med 2026-11")
	// Cushion 170098: 32,15 kr a month since 2026-03-02, until its unit is depreciated.
	row := b.In("table.costs tbody tr:has(a[href='/individkort/170098'])")
	row.MustSee("10156", "Hyra", "2026-03-02", "32,15", "288,31", "1 608,65", "2031-02-02", "1 896,96", "6 150,00", "Nej")
	b.In("table.costs tfoot").MustSee("Summa")

	// Lindberg's aids are under 3110, which K082LNO is not linked to: nothing shown.
	var lindberg string
	if err := srv.DB.Read().Get(t.Context(), "SELECT personnummer FROM persons WHERE last_name = 'Lindberg'", nil, &lindberg); err != nil {
		t.Fatal(err)
	}
	b.Open("/hjalpmedel/kostnader?personnummer=" + lindberg)
	b.MustSee("Du saknar behörighet för detta.")
	b.MustNotSee("Kostnader per hjälpmedel", "Lindberg")
}

func TestPayerCostView(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(costDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "ADMIN", "Demo1234")
	b.Open("/start")
	b.In("nav.menu").ClickLink("Kostnader per betalare")
	b.FillByLabel("Betalare", "2990 Länsservice Hjälpmedelskonsulenterna prod. ansvar")
	b.FillByLabel("Från månad", "2026-13")
	b.ClickButton("Visa")
	b.MustSee("Ange månaden som ÅÅÅÅ-MM, till exempel 2026-10.")
	b.FillByLabel("Från månad", "2026-03")
	b.FillByLabel("Till månad", "2026-11")
	b.ClickButton("Visa")
	b.MustSee("2990 Länsservice Hjälpmedelskonsulenterna prod. ansvar, 2026-03 – 2026-11", "Per ISO-klass", "Per artikel", "Exportera CSV")
	// The cushions of the test patient: 10156 and 15014, both from March.
	b.In("#per-artikel tbody").MustSee("10156", "Sittdyna Roho Quadtro Select hög 39,5x43", "288,31", "6 150,00", "15014")
	b.In("#per-iso-klass tbody").MustSee("04 HJÄLPMEDEL VID PERSONLIG MEDICINSK BEHANDLING")
}

func TestFixReturnedWorkOrder(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(costDay))
	var number string
	if err := srv.DB.Read().Get(t.Context(), "SELECT number FROM work_orders WHERE returned_at IS NOT NULL", nil, &number); err != nil {
		t.Fatal(err)
	}
	// K082KBN has a message: customer service returned the work order to her.
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082KBN", "Demo1234")
	b.Open("/start")
	b.MustSee("Arbetsorder " + number + " (gällande Wikström, Jonas) har återsänts till dig för rättelse")
	b.Open("/meddelanden")
	b.ClickLink("2026-12-03")
	b.MustSee("Orsak: Beskriv felet: vilket hjul")
	b.ClickLink("Gå till ärendet")
	// The work-order form, filled in as it was sent, with the reason.
	b.MustSee("Arbetsordernr: "+number, "Återsänd till dig för rättelse", "KUNDTJANST", "Beskriv felet: vilket hjul")
	b.FillByLabel("Felbeskrivning", "")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Beskriv felet i Felbeskrivning.")
	b.FillByLabel("Felbeskrivning", "Vänster drivhjul glappar och låter när rullstolen körs. Patientens telefon 0920-123 45.")
	b.FillByLabel("Aktivitetsprioritet", "3. Brådskande")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Kontrollera arbetsordern", "Wikström, Jonas")
	b.ClickButton("Verkställ")
	b.MustSee("Arbetsordern är rättad och skickad igen, med samma nummer.", "Arbetsorder "+number, "Registrerad",
		"Återsänd till förskrivaren.", "Rättad och skickad igen.", "Ändrat: Aktivitetsprioritet, Felbeskrivning",
		"Vänster drivhjul glappar")
	b.MustNotSee("Rätta arbetsordern")

	// Customer service returns it again; the page says why and it waits for her.
	ks := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(ks, "KUNDTJANST", "Demo1234")
	ks.Open("/arbetsorder/" + number)
	ks.ClickButton("Återsänd")
	ks.MustSee("Ange varför arbetsordern återsänds till förskrivaren.")
	ks.FillByLabel("Orsak", "Ange om rullstolen ska hämtas eller lagas på plats.")
	ks.ClickButton("Återsänd")
	ks.MustSee("Arbetsordern är återsänd. Förskrivaren har fått ett meddelande.", "Återsänd till förskrivaren för rättelse",
		"Ange om rullstolen ska hämtas eller lagas på plats.")
}
