package e2e

// Browser tests of the service flows (issue 5), following the manual's sections
// "Göra arbetsorder" and "Hämtorder".

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"

	"github.com/chromedp/chromedp"
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

	// Started from the row of unit 104901 in Hjälpmedel: patient, article and unit come along.
	b.Open("/hjalpmedel?personnummer=191212121212")
	row := aidRow(b, srv, "191212121212", "104901")
	b.In(row).ClickLink("Arbetsorder")
	if got := b.URL(); !strings.Contains(got, "individ=104901") || !strings.Contains(got, "personnummer=191212121212") {
		t.Fatalf("the row's Arbetsorder link went to %s", got)
	}
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
	// A spare part used on it is taken from stock; corrective maintenance is on the HMC.
	var part string
	if err := srv.DB.Read().Get(t.Context(), `SELECT s.article_number FROM stock s JOIN articles a ON a.number = s.article_number
		WHERE NOT a.individual AND s.warehouse = '2000' AND s.on_hand - s.reserved >= 1 ORDER BY s.article_number LIMIT 1`, nil, &part); err != nil {
		t.Fatal(err)
	}
	b.FillByLabel("Artikelnummer för reservdel", part)
	b.FillByLabel("Antal", "1")
	b.ClickButton("Registrera reservdel")
	b.MustSee("Reservdelen är registrerad och tagen ur lager.", "Reservdelar", part, "Reservdelarna bekostas av hjälpmedelscentralen (faktureras inte).")
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

// A radio group's error in the error summary links to the group (its first
// radio), and the message stands again in the group, on the work-order and the
// pickup form. Only a hand-made request can send a value outside a group's
// choices, so the test changes the value that a radio sends. (The harness also
// checks after every page load that each link within the page leads somewhere.)
func TestServiceErrorSummaryLinksReachRadioGroups(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	b.Open("/arbetsorder?personnummer=191212121212&artikel=25800&individ=75082")
	b.FillByLabel("Felbeskrivning", "Glapp i kontakten.")
	b.ClickButton("Spara ändringarna") // the address block is open from now on
	sendsValue(b, "Utföres på plats", "i-garaget")
	sendsValue(b, "Mottagare", "grannen")
	b.Check("Utföres på plats")
	b.Check("Mottagare")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Det finns fel i formuläret")
	errorLinkLandsIn(b, "Välj Hämtas för åtgärd eller Utföres på plats.", "Var ska arbetet utföras?")
	errorLinkLandsIn(b, "Välj Kund/leveransadress eller Mottagare.", "Hämta adress från")

	b.Open("/hamtorder?personnummer=191212121212")
	sendsValue(b, "Patient", "grannen")
	b.Check("Patient")
	b.ClickButton("Verkställ")
	b.MustSee("Det finns fel i formuläret", "Markera de hjälpmedel som ska hämtas.")
	errorLinkLandsIn(b, "Välj Kund/leveransadress eller Patient.", "Hämta adress från")
}

// sendsValue makes the radio button with this label send value, as a hand-made
// request would.
func sendsValue(b *Browser, label, value string) {
	b.st.t.Helper()
	f := b.findField(label)
	var r jsResult
	if err := b.call(&r, "setValue", f.Sel, value); err != nil || r.Value != value {
		b.fatalf("make the radio %q send %q: %v (it sends %q)", label, value, err, r.Value)
	}
}

// errorLinkLandsIn clicks the error summary's link with this text and checks that
// the page goes to a radio of the fieldset with this legend, which shows the message.
func errorLinkLandsIn(b *Browser, message, legend string) {
	b.st.t.Helper()
	b.In(".error-summary").ClickLink(message)
	ctx, cancel := b.stepContext()
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		var t = document.querySelector(":target"), f = t && t.closest("fieldset");
		return JSON.stringify({type: t ? t.type || t.tagName : "none", legend: f ? f.querySelector("legend").innerText.trim() : "",
			text: f ? f.innerText : ""});
	})()`))
	if err != nil {
		b.fatalf("read the target of %q: %v", message, err)
	}
	var target struct{ Type, Legend, Text string }
	if err := json.Unmarshal([]byte(got), &target); err != nil {
		b.fatalf("decode the target of %q: %v", message, err)
	}
	if target.Type != "radio" || target.Legend != legend || !strings.Contains(target.Text, message) {
		b.fatalf("the link %q leads to %+v; want a radio in the fieldset %q that shows the message", message, target, legend)
	}
}

var pickupNumber = regexp.MustCompile(`Hämtorder (\d{8})`)

// Hämtorder with reason Behovet upphört for two holdings; the warehouse receives
// them; the order is Stängd and the patient no longer holds them. Vision aids
// cannot be ticked, and customer service cancels another pickup order.
func TestServicePickupReceiveAndCancel(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	b.Open("/hamtorder?personnummer=191212121212")
	b.MustSee("Svensson, Testare", "Telefontillkoppling", "Röstförstärkare Falck 1005", "Skrivunderlägg 70x50x8", "Andra ägare", "Försäljning", "Återköp")
	// Hämta adress från Patient fills in the patient's home.
	b.Check("Patient")
	b.ClickButton("Hämta adress")
	b.FillByLabel("Mobiltelefon", "070-123 45 67")
	b.FillByLabel("Portkod", "1234")
	b.FillByLabel("Hämtorderinformation", "Kan endast hämtas på eftermiddagarna.")
	b.FillByLabel("Orsak", "Behovet upphört")
	b.Check("Hämta artikel 23993, individ 104901")
	b.Check("Hämta artikel 25800, individ 75082")
	// Ticking twice unticks.
	b.Check("Hämta artikel 10156, individ 170098")
	b.Uncheck("Hämta artikel 10156, individ 170098")
	// The writing pad was bought in 2012: past återköp, it cannot be ticked (SPEC §7).
	b.MustSee("Köpt 2012-01-13 och tas inte tillbaka: återköp gäller 14 dagar efter leverans, till och med 2012-01-27.")
	b.ClickButton("Verkställ")
	b.MustSee("Din hämtorder är nu registrerad.", "Registrerad", "Tolvgatan 12", "12125", "STOCKHOLM-GLOBEN", "070-123 45 67", "1234",
		"Kan endast hämtas på eftermiddagarna.", "Hämtas datum", "2026-11-26", "Behovet upphört", "104901", "75082",
		"För att makulera en gjord hämtorder måste kontakt tas med kundtjänst")
	b.MustNotSee("Skrivunderlägg")
	m := pickupNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no pickup order number:\n%s", b.Text())
	}
	number := m[1]
	// The two holdings cannot be ticked again while the order is open.
	b.Open("/hamtorder?personnummer=191212121212")
	b.MustSee("Finns redan på hämtorder " + number + ".")
	logOut(b)

	// The warehouse receives both: Stängd, and the units go to reconditioning.
	logIn(b, "LAGER", "Demo1234")
	b.Open("/lager/returer")
	b.MustSee(number, "2026-11-26", "Svensson, Testare")
	b.ClickLink(number)
	b.ClickButton("Ta emot alla")
	b.MustSee("Hjälpmedlen är mottagna. Hämtordern är stängd.", "Stängd", "Mottagen 2026-11-25")
	b.Open("/lager/returer")
	b.In("#rekond-104901").MustSee("Telefontillkoppling")
	b.In("#rekond-104901").ClickButton("Godkänn 104901")
	b.MustSee("Individen är godkänd och åter i lager.")
	b.In("#rekond-75082").ClickButton("Skrota 75082")
	b.MustSee("Individen är skrotad.")
	logOut(b)

	// The patient no longer holds them; Återlämnade hjälpmedel shows when and why; the order says Stängd.
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/hjalpmedel?personnummer=191212121212")
	b.In("table.aids").MustSee("Skrivunderlägg 70x50x8")
	b.In("table.aids").MustNotSee("104901", "75082")
	b.ClickLink("Återlämnade hjälpmedel")
	b.In("table.aids").MustSee("104901", "75082", "2026-11-25", "Behovet upphört")
	b.Open("/hamtorder?personnummer=191212121212")
	b.In("table.data").MustSee("Skrivunderlägg 70x50x8", "Sittdyna Roho Quadtro Select hög 44x43")
	b.In("table.data").MustNotSee("104901", "75082")
	b.Open("/hamtorder/" + number)
	b.MustSee("Stängd", "Mottagen")
	b.MustNotSee("För att makulera en gjord hämtorder")

	// A vision aid cannot be ticked: the row says to contact the vision centre.
	var björk string
	if err := srv.DB.Read().Get(t.Context(), "SELECT recipient_personnummer FROM holdings WHERE article_number = '33120' AND end_date IS NULL", nil, &björk); err != nil {
		t.Fatal(err)
	}
	b.Open("/hamtorder?personnummer=" + björk)
	b.MustSee("Förstoringsglas Mobilux LED 4x med belysning", "Synhjälpmedel återlämnas inte via hämtorder. Kontakta syncentralen.")

	// Another pickup order, cancelled by customer service: Makulerad, the holding stays.
	b.Open("/hamtorder?personnummer=191212121212")
	b.Check("Hämta artikel 10156, individ 170098")
	b.FillByLabel("Orsak", "Felbeställt")
	b.ClickButton("Verkställ")
	m = pickupNumber.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no pickup order number:\n%s", b.Text())
	}
	second := m[1]
	logOut(b)
	logIn(b, "KUNDTJANST", "Demo1234")
	b.Open("/hamtorder/" + second)
	b.ClickButton("Makulera")
	b.MustSee("Hämtordern är makulerad. Förskrivaren har fått ett meddelande.", "Makulerad")
	logOut(b)
	logIn(b, "K082LNO", "Demo1234")
	b.MustSee("Hämtorder " + second + " (gällande Svensson, Testare) har makulerats")
	b.Open("/hamtorder?personnummer=191212121212")
	b.In("table.data").MustSee("170098")
	b.MustNotSee("Finns redan på hämtorder")
}

// aidRow is the CSS selector of the row of Hjälpmedel that shows a unit; rows
// are the recipient's current holdings.
func aidRow(b *Browser, srv *testserver.Server, pnr, unit string) string {
	b.st.t.Helper()
	var n int
	if err := srv.DB.Read().Get(b.st.t.(*testing.T).Context(), "SELECT COUNT(*) FROM holdings WHERE recipient_personnummer = ? AND end_date IS NULL",
		[]any{pnr}, &n); err != nil {
		b.fatalf("count holdings: %v", err)
	}
	for i := 1; i <= n; i++ {
		sel := fmt.Sprintf("#rad-%d", i)
		if strings.Contains(b.In(sel).Text(), unit) {
			return sel
		}
	}
	b.fatalf("no row of Hjälpmedel shows unit %s", unit)
	return ""
}
