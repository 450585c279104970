package e2e

// Browser tests of the service flows (issue 5), following the manual's sections
// "Göra arbetsorder" and "Hämtorder".

import (
	"regexp"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// serviceDay is a Wednesday: acute work orders are due tomorrow, and customer
// 2990 (daily delivery) gets its pickup on Thursday.
var serviceDay = time.Date(2026, 11, 25, 10, 0, 0, 0, domain.Stockholm)

var aoNumber = regexp.MustCompile(`Arbetsordernr: (\d{8})`)

func logOut(b *Browser) {
	b.st.t.Helper()
	b.ClickButton("Avsluta")
}

// Arbetsorder on unit 104901 of the test patient with priority 4, a fault text and
// a door code; the technician closes it; the prescriber sees the message.
func TestServiceWorkOrderFromPrescriberToTechnician(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	// Started from a row of Hjälpmedel: patient, article and unit come along.
	b.Open("/arbetsorder?personnummer=191212121212&artikel=23993&individ=104901")
	b.MustSee("Aktivitetsprioritet", "Akut åtgärdas inom 24 timmar", "basala behov", "Avhjälpande underhåll", "Hjälpmedelstekniker Boden")
	b.FillByLabel("Aktivitetsprioritet", "4. Akut åtgärdas inom 24 timmar")
	b.FillByLabel("Felbeskrivning", "Ingen ringsignal - trasig?")
	b.ClickButton("Spara ändringarna")
	// Benämning is filled in and the summary shows what will be registered.
	b.MustSee("Kontrollera arbetsordern", "Telefontillkoppling", "Ska vara åtgärdad senast 2026-11-26 10:00", "Hedenbrovägen 1")
	b.Check("Utföres på plats")
	b.FillByLabel("Portkod", "1234")
	b.FillByLabel("Telefon", "070-111 22 33")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Utföres på plats", "portkod 1234")
	b.ClickButton("Verkställ")
	b.MustSee("Din arbetsorder är nu registrerad.")
	m := aoNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no work order number on the confirmation:\n%s", b.Text())
	}
	number := m[1]
	b.MustSee("Telefontillkoppling", "104901", "1234", "070-111 22 33", "Ingen ringsignal - trasig?", "Registrerad")
	b.ClickLink("Registrerade AO")
	b.MustSee(number, "Registrerad", "2026-11-26 10:00")
	logOut(b)

	// The technician finds it first in the queue and closes it.
	logIn(b, "TEKNIKER", "Demo1234")
	b.Open("/tekniker")
	b.MustSee(number, "4. Akut åtgärdas inom 24 timmar")
	b.ClickLink(number)
	b.FillByLabel("Åtgärd", "Bytt anslutningskabel. Funktionstestad.")
	b.FillByLabel("Tidsåtgång i minuter (frivilligt)", "25")
	b.ClickButton("Avsluta arbetsorder")
	b.MustSee("Arbetsordern är avslutad.", "Avslutad", "Bytt anslutningskabel. Funktionstestad.", "25 minuter")
	b.Open("/tekniker")
	b.MustNotSee(number)
	logOut(b)

	// The prescriber sees the message on the start page and in Meddelande.
	logIn(b, "K082LNO", "Demo1234")
	msg := "Arbetsorder " + number + " (gällande Svensson, Testare) har avslutats"
	b.Open("/start")
	b.MustSee(msg)
	b.Open("/meddelanden")
	b.MustSee(msg)
}

// The 250-character limit is shown in the form, never cut.
func TestServiceWorkOrderFaultTooLong(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/arbetsorder?personnummer=191212121212&artikel=25800&individ=75082")
	long := ""
	for i := 0; i < 251; i++ {
		long += "ö"
	}
	b.FillByLabel("Felbeskrivning", long)
	b.ClickButton("Spara ändringarna")
	b.MustSee("Det finns fel i formuläret", "Felbeskrivning får vara högst 250 tecken (du skrev 251).")
	b.In(".actions").MustNotSee("Verkställ")
}
