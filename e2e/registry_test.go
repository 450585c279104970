package e2e

// Browser tests of SPEC §10.8: customer service confirms a death's proposed
// pickup order on Att hantera, leaving one aid where it is and moving the
// pickup date; the admin sets the finance export's accounts and downloads a
// closed month's SIE file.

import (
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

func TestRegistryDeathConfirmedOnAttHantera(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(time.Date(2026, 12, 7, 9, 0, 0, 0, domain.Stockholm)))
	if _, _, err := srv.Svc.ApplyRegistryEvent(t.Context(), service.RegistryImporter(), service.RegistryEventJSON{ID: "e2e-1",
		Type: "deceased", Personnummer: "191212121212", Date: "2026-12-05"}); err != nil {
		t.Fatal(err)
	}
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "KUNDTJANST", "Demo1234")
	b.Open("/start")
	b.ClickLink("Att hantera")
	b.MustSee("Föreslagna hämtordrar", "Svensson, Testare (191212121212) – Avliden 2026-12-05",
		"Hyran upphör på hämtdatum, även om hjälpmedlen kommer in senare.")
	b.Uncheck("23993 Telefontillkoppling, individ 104901")
	b.FillByLabel("Hämtas datum", "2026-12-01")
	b.ClickButton("Verkställ")
	b.MustSee("Hämtdatum kan inte vara före i dag (2026-12-07).")
	b.FillByLabel("Hämtas datum", "2026-12-10")
	b.ClickButton("Verkställ")
	b.MustSee("Din hämtorder är nu registrerad.", "Hämtas datum 2026-12-10", "170098", "Avliden 2026-12-05 enligt folkbokföringen.")
	b.MustNotSee("104901")
	b.ClickLink("Att hantera")
	b.MustSee("Inga föreslagna hämtordrar.")
}

func TestBillingSettingsAndSIE(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(time.Date(2026, 11, 2, 10, 0, 0, 0, domain.Stockholm)))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "ADMIN", "Demo1234")
	b.Open("/start")
	b.In("nav.menu").ClickLink("Fakturering")
	b.ClickLink("Inställningar för fakturering")
	b.FillByLabel("Organisationsnummer", "232100-0231")
	b.FillByLabel("Kostnadsställe för betalare 3110 Hälsocentralen Gammelstad", "KST 3110")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Ange organisationsnumret som NNNNNN-NNNN, till exempel 232100-0230.",
		"Kostnadsstället får inte innehålla mellanslag, radbrytningar eller styrtecken.")
	b.FillByLabel("Organisationsnummer", "232100-0230")
	b.FillByLabel("Kostnadsställe för betalare 3110 Hälsocentralen Gammelstad", "KST3110")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Inställningarna för fakturering är sparade.")
	b.FillByLabel("Månad", "2026-10")
	b.ClickButton("Kör fakturering")
	b.MustNotSee("Ladda ner SIE-fil")
	b.ClickButton("Stäng månaden")
	b.MustSee("Månaden är stängd.", "Ladda ner SIE-fil 2026-10")
}
