package e2e

// Browser tests of BMB (issue 6), following the manual's sections "Skicka BMB",
// "Kvittera BMB" and "BMB vid uttag ur eget närförråd".

import (
	"context"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// bmbDay is "today" in these tests: Monday 2026-11-02, after the cushions' delivery.
var bmbDay = time.Date(2026, 11, 2, 9, 30, 0, 0, domain.Stockholm)

// currentHoldingOf reads what the database says about a unit's current holding.
func currentHoldingOf(t *testing.T, srv *testserver.Server, unit string) (recipient, customer, payer, rentStart string) {
	t.Helper()
	err := srv.DB.Read().Get(context.Background(), `SELECT COALESCE(recipient_personnummer, recipient_customer), customer_number,
		payer_number, rent_start FROM holdings WHERE unit_number = ? AND end_date IS NULL`, []any{unit}, &recipient, &customer, &payer, &rentStart)
	if err != nil {
		t.Fatalf("current holding of %s: %v", unit, err)
	}
	return
}

// sendCushions is the manual's "Skicka BMB": K082LNO sends the test patient's two
// cushions to K082KBN with a message.
func sendCushions(t *testing.T, b *Browser, message string) {
	t.Helper()
	logIn(b, "K082LNO", "Demo1234")
	// Hjälpmedel: the patient's aids, then the link BMB.
	b.In("nav.menu").ClickLink("Hjälpmedel")
	b.FillByLabel("Personnummer eller kundnummer", "191212121212")
	b.ClickButton("Sök")
	b.In(".recipient-links").ClickLink("BMB")
	if got := b.URLPath(); got != "/bmb/ny" {
		t.Fatalf("Hjälpmedel → BMB went to %s", got)
	}
	b.MustSee("Svensson, Testare", "Tolvgatan 12", "Sittdyna Roho Quadtro Select hög 39,5x43", "2990 - Länsservice Hjälpmedelskonsulenterna prod. ansvar")
	b.FillByLabel("Ny förskrivare/betalare", "k082kbn")
	b.Check("Markera 170098")
	b.Check("Markera 157792")
	b.FillByLabel("Meddelande", message)
	b.ClickButton("Spara ändringarna")
	// The summary before Verkställ: the new prescriber, who chooses the customer, the recipient and address.
	b.In(".notice").MustSee("Sammanfattning", "K082KBN Kerstin Berg-Nilsson", "Väljs av K082KBN vid kvittering bland:",
		"3110 Hälsocentralen Gammelstad", "191212121212", "Svensson, Testare", "Tolvgatan 12", "12125 STOCKHOLM-GLOBEN", "2026-11-02")
	b.ClickButton("Verkställ")
	b.MustSee("BMB är skickad till K082KBN, som har fått ett meddelande om den.")
}

func TestTransferSendAndAccept(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(bmbDay))
	lena := NewBrowser(t, WithBaseURL(srv.URL))
	sendCushions(t, lena, "Skickar BMB enl. överenskommelse.")
	lena.ClickLink("Kvittera BMB")
	lena.In("#ej-besvarad").MustSee("2026-11-02", "Svensson, Testare", "K082KBN", "Skickad")

	// K082KBN logs in: the message is on her start page, the transfer under Kvittera BMB.
	kerstin := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(kerstin, "K082KBN", "Demo1234")
	kerstin.MustSee("BMB från K082LNO att kvittera (gällande Svensson, Testare)")
	kerstin.ClickLink("Kvittera BMB")
	kerstin.In("#overta").MustSee("2026-11-02", "Svensson, Testare", "K082LNO")
	// "Från" opens the sender's contact details.
	kerstin.ClickLink("K082LNO")
	kerstin.MustSee("Lena Nordgren-Hansson", "0921-66634", "070-202 13 75", "lena.nordgren-hansson@")
	kerstin.ClickLink("Tillbaka till Kvittera BMB")
	// The date opens the transfer: choose customer and payer, Ja is preselected.
	kerstin.ClickLink("2026-11-02")
	kerstin.MustSee("Skickar BMB enl. överenskommelse.", "Sittdyna Roho Quadtro Select hög 44x43", "Ny hyresstart", "2026-11-02")
	kerstin.FillByLabel("Kund/leveransadress", "3110 Hälsocentralen Gammelstad")
	kerstin.FillByLabel("Betalare", "3110 Hälsocentralen Gammelstad")
	kerstin.FillByLabel("Meddelande", "Tack, vi tar över.")
	kerstin.ClickButton("Verkställ")
	kerstin.MustSee("BMB är kvitterad och godkänd.", "Godkänd 2026-11-02", "3110 Hälsocentralen Gammelstad")
	kerstin.ClickLink("Tillbaka till Kvittera BMB")
	kerstin.MustNotSee("Svensson, Testare")

	// The holdings have the new payer and rent start: Individkort shows them, and the transfer in the history.
	for _, unit := range []string{"170098", "157792"} {
		kerstin.Open("/individkort?individ=" + unit)
		kerstin.MustSee("Svensson, Testare", "Betalare 3110 Hälsocentralen Gammelstad", "Förskrivare K082KBN", "Hyresstart 2026-11-02",
			"BMB från 191212121212 (Svensson, Testare) till 191212121212 (Svensson, Testare), kund 3110, betalare 3110 från 2026-11-02")
	}
	for _, unit := range []string{"170098", "157792"} {
		rec, cust, payer, start := currentHoldingOf(t, srv, unit)
		if rec != "191212121212" || cust != "3110" || payer != "3110" || start != "2026-11-02" {
			t.Errorf("unit %s now: recipient %s customer %s payer %s rent start %s", unit, rec, cust, payer, start)
		}
	}
	// The sender is told, and the transfer has left her unanswered list.
	lena.Open("/meddelanden")
	lena.MustSee("BMB till K082KBN är godkänd (gällande Svensson, Testare)")
	lena.Open("/bmb")
	lena.MustNotSee("Svensson, Testare")
}

func TestTransferRejectedShowsToSender(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(bmbDay))
	lena := NewBrowser(t, WithBaseURL(srv.URL))
	sendCushions(t, lena, "Patienten har flyttat till Gammelstad.")

	kerstin := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(kerstin, "K082KBN", "Demo1234")
	kerstin.Open("/bmb")
	kerstin.ClickLink("2026-11-02")
	kerstin.Check("Nej")
	kerstin.FillByLabel("Meddelande", "Patienten är inte listad hos oss.")
	kerstin.ClickButton("Verkställ")
	kerstin.MustSee("BMB är besvarad med Nej. Avsändaren har fått ett meddelande.", "Ej godkänd 2026-11-02")

	lena.Open("/bmb")
	lena.In("#ej-godkant").MustSee("2026-11-02", "Svensson, Testare", "K082KBN", "Patienten är inte listad hos oss.")
	if _, _, payer, _ := currentHoldingOf(t, srv, "170098"); payer != "2990" {
		t.Errorf("a rejection changed the payer of 170098 to %s", payer)
	}

	// Sending to another patient shows the manual's conditions and needs an explicit confirmation.
	lena.Open("/bmb/ny?personnummer=191212121212")
	lena.FillByLabel("Ny förskrivare/betalare", "K082KBN")
	lena.FillByLabel("Personnummer eller kundnummer", "19340612-2139")
	lena.Check("Markera 170098")
	lena.ClickButton("Spara ändringarna")
	lena.MustSee("BMB mellan patienter", "En individuell behovsbedömning ska alltid göras",
		"Du som förskrivare har ansvar för att hjälpmedlet är funktionsdugligt och inte bär smitta vidare", "Andersson, Åke Evert", "Storgatan 14")
	lena.ClickButton("Verkställ")
	lena.MustSee("BMB mellan patienter får bara göras i undantagsfall: bekräfta att villkoren är uppfyllda.")
	lena.Check("Jag bekräftar att villkoren för BMB mellan patienter är uppfyllda")
	lena.ClickButton("Verkställ")
	lena.MustSee("BMB är skickad till K082KBN")

	// A wrong personnummer and an unknown prescriber get clear messages.
	lena.Open("/bmb/ny?personnummer=191212121212")
	lena.FillByLabel("Ny förskrivare/betalare", "K082XYZ")
	lena.FillByLabel("Personnummer eller kundnummer", "191212121213")
	lena.Check("Markera 157792")
	lena.ClickButton("Spara ändringarna")
	lena.MustSee("Det finns ingen förskrivare med användarnamnet K082XYZ.", "Personnumrets sista siffra (kontrollsiffran) stämmer inte.")
}

func TestTransferFromLocalStore(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(bmbDay))
	lena := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(lena, "K082LNO", "Demo1234")
	// Individkort → BMB for unit 179711 of the local store.
	lena.In("nav.menu").ClickLink("Individkort")
	lena.FillByLabel("Individ", "179711")
	lena.ClickButton("Sök")
	lena.MustSee("Arvidsjaur Kommun Närförråd", "Betalare 1464")
	lena.ClickLink("BMB")
	if got := lena.URL(); got != srv.URL+"/bmb/ny?individ=179711" {
		t.Fatalf("Individkort → BMB went to %s", got)
	}
	lena.MustSee("Arvidsjaur Kommun Närförråd", "Sjukstugegatan 3", "Rullstol transport Transit III", "1464 - Arvidsjaur Kommun Närförråd")
	lena.FillByLabel("Ny förskrivare/betalare", "K082LNO")
	lena.FillByLabel("Ny mottagare", "Patient")
	lena.FillByLabel("Personnummer eller kundnummer", "191212121212")
	lena.Check("Markera 179711")
	lena.ClickButton("Spara ändringarna")
	lena.In(".notice").MustSee("K082LNO Lena Nordgren-Hansson", "Svensson, Testare", "Tolvgatan 12")
	lena.MustNotSee("BMB mellan patienter")
	lena.ClickButton("Verkställ")
	lena.MustSee("BMB är skickad till dig själv. Kvittera den nedan för att den ska verkställas.")

	// She must also acknowledge it (Kvittera BMB vid uttag ur eget närförråd).
	lena.ClickLink("Kvittera BMB")
	lena.In("#overta").MustSee("2026-11-02", "Arvidsjaur Kommun Närförråd", "Svensson, Testare", "K082LNO")
	lena.In("#ej-besvarad").MustSee("Svensson, Testare")
	lena.In("#overta").ClickLink("2026-11-02")
	lena.FillByLabel("Kund/leveransadress", "2990 Länsservice Hjälpmedelskonsulenterna prod. ansvar")
	lena.ClickButton("Verkställ")
	lena.MustSee("BMB är kvitterad och godkänd.",
		"Tänk på att det inte sker någon automatisk påfyllnad till närförrådet, önskar du påfyllnad måste detta göras manuellt med en beställning!")
	lena.ClickLink("Beställ påfyllnad till närförrådet")
	if got := lena.URLPath(); got != "/kundorder" {
		t.Errorf("the refill link goes to %s", got)
	}
	rec, cust, payer, start := currentHoldingOf(t, srv, "179711")
	if rec != "191212121212" || cust != "2990" || payer != "2990" || start != "2026-11-02" {
		t.Errorf("unit 179711 now: recipient %s customer %s payer %s rent start %s", rec, cust, payer, start)
	}
	// The unit card shows the patient as holder and the transfer in the history.
	lena.Open("/individkort?individ=179711")
	lena.MustSee("Svensson, Testare", "Betalare 2990", "Hyresstart 2026-11-02",
		"BMB från 1464 (Arvidsjaur Kommun Närförråd) till 191212121212 (Svensson, Testare), kund 2990, betalare 2990 från 2026-11-02")
	var events int
	srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM unit_events WHERE unit_number = '179711' AND kind = 'transferred'", nil, &events)
	if events != 1 {
		t.Errorf("the history of 179711 shows %d transfers, want 1", events)
	}
}

func TestTransferLockedAndUnlockedByCustomerService(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(bmbDay))
	lena := NewBrowser(t, WithBaseURL(srv.URL))
	sendCushions(t, lena, "Skickar BMB enl. överenskommelse.")

	srv.SetNow(bmbDay.Add(7 * 24 * time.Hour))
	kerstin := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(kerstin, "K082KBN", "Demo1234")
	kerstin.ClickLink("Kvittera BMB")
	kerstin.In("#overta").MustSee("Låst")
	kerstin.In("#overta").ClickLink("2026-11-02")
	kerstin.MustSee("BMB är låst eftersom den inte kvitterades inom 7 dagar.")
	kerstin.MustNotSee("Godkänn", "Välj kund/leveransadress")

	ks := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(ks, "KUNDTJANST", "Demo1234")
	ks.ClickLink("Låsta BMB")
	ks.MustSee("K082LNO", "K082KBN", "Svensson, Testare", "10156 (170098)")
	// Oldest first: the demo's BMB sent on 2026-10-28 (demo.DueTransferUnit) locked before this one.
	ks.In("tbody tr:last-child").ClickButton("Lås upp")
	ks.MustSee("är upplåst. Hjälpmedlen kan skickas på nytt och avsändaren har fått ett meddelande.")
	ks.MustNotSee("Svensson, Testare")

	logIn(lena, "K082LNO", "Demo1234")
	lena.MustSee("BMB till K082KBN är upplåst av kundtjänst")
}
