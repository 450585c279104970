package e2e

// Browser test of billing as SPEC §7 amended (issue 11): the admin cannot run the
// month that has not ended, runs and closes October, sees what each line is,
// corrects a line of closed October (a line of November), and a price dated in
// closed October is refused with the month named.

import (
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

func TestBillingCloseAndCorrect(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(time.Date(2026, 11, 2, 10, 0, 0, 0, domain.Stockholm)))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "ADMIN", "Demo1234")
	b.Open("/start")
	b.In("nav.menu").ClickLink("Fakturering")

	// November has not ended.
	b.FillByLabel("Månad", "2026-11")
	b.ClickButton("Kör fakturering")
	b.MustSee("November 2026 har inte tagit slut: faktureringen för den kan köras från 2026-12-01.")

	b.FillByLabel("Månad", "2026-10")
	b.ClickButton("Kör fakturering")
	b.MustSee("Faktureringen är körd.", "Summa per betalare", "2990")
	b.ClickButton("Stäng månaden")
	b.MustSee("Månaden är stängd.")

	// The invoice basis says what each line is, with its price's valid-from date.
	b.ClickLink("2990")
	b.MustSee("Fakturaunderlag", "Slag", "Gäller från", "Hyra", "Komponent", "170098", "2021-01-01")
	var line string
	if err := srv.DB.Read().Get(t.Context(), "SELECT CAST(id AS TEXT) FROM billing_lines WHERE month = '2026-10' AND unit_number = '170098'", nil, &line); err != nil {
		t.Fatal(err)
	}
	b.In("#rad-" + line).ClickLink("Rätta rad " + line)
	b.MustSee("Raden som rättas", "170098")
	b.FillByLabel("Belopp (kr)", "0")
	b.FillByLabel("Orsak", "Sen återlämning")
	b.ClickButton("Registrera rättelse")
	b.MustSee("Beloppet kan inte vara noll.")
	b.FillByLabel("Belopp (kr)", "-15,10")
	b.FillByLabel("Orsak", "Återlämnad 2026-10-16, registrerad för sent.")
	b.ClickButton("Registrera rättelse")
	b.MustSee("Rättelsen är registrerad som en rad i nästa öppna månad.", "Rättelser som faktureras denna månad",
		"2026-10 rad "+line, "Återlämnad 2026-10-16, registrerad för sent.", "-15,10")

	// A price valid from a day of closed October is refused, naming the month.
	b.Open("/admin/artiklar/10156")
	b.FillByLabel("Slag av pris", "Hyra")
	b.FillByLabel("Pris (kr)", "40,00")
	b.FillByLabel("Gäller från", "2026-10-15")
	b.ClickButton("Spara pris")
	b.MustSee("Oktober 2026 är stängd för fakturering: Prisets startdatum 2026-10-15 ligger på eller före 2026-10-31.")
}
