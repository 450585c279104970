package e2e

// Browser test of deviations (SPEC §10.3) with a photo attached (§10.6).

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// A prescriber reports a near miss from the Individkort of the wheelchair the
// warehouse would deliver next, with a photo; customer service investigates it
// with the unit blocked, and an order for the article then gets another unit;
// the deviation is reported to the supplier (whose PDF names no patient) and
// closed, which releases the block; the prescriber has a message for each step.
func TestDeviationFromIndividkortToClosed(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	var unit string
	if err := srv.DB.Read().Get(t.Context(), `SELECT number FROM units WHERE article_number = '11109' AND warehouse = '2000'
		AND status = 'in_stock' ORDER BY fifo_date, number LIMIT 1`, nil, &unit); err != nil {
		t.Fatal(err)
	}
	photo := filepath.Join(t.TempDir(), "bromsen.png")
	if err := os.WriteFile(photo, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"), 0o600); err != nil {
		t.Fatal(err)
	}
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/individkort?individ=" + unit)
	b.ClickLink("Rapportera avvikelse")
	b.MustSee("Rapportera avvikelse", "Vad gäller avvikelsen")
	b.FillByLabel("Typ av avvikelse", "Tillbud")
	b.FillByLabel("Vad hände", "Bromsen släppte när rullstolen stod i en backe.")
	b.FillByLabel("Bifoga foto eller dokument (frivilligt)", photo)
	b.ClickButton("Rapportera avvikelse")
	b.MustSee("Avvikelsen är registrerad.", "Tillbud", "Registrerad", unit, "11109", "bromsen.png")
	id := regexp.MustCompile(`/avvikelser/(\d+)`).FindStringSubmatch(b.URL())
	if id == nil {
		t.Fatalf("not on the deviation's page: %s", b.URL())
	}
	logOut(b)

	logIn(b, "KUNDTJANST", "Demo1234")
	b.Open("/avvikelser")
	b.MustSee("Tillbud", unit)
	b.ClickLink(id[1])
	b.FillByLabel("Ny status", "Under utredning")
	b.Check("Spärra individen under utredningen")
	b.FillByLabel("Kommentar till historiken (frivilligt)", "Leverantören kontaktad.")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Avvikelsen är sparad.", "Under utredning", "Spärrad", "Leverantören kontaktad.")
	b.Open("/individkort?individ=" + unit)
	b.MustSee("Spärrad", "Avvikelse "+id[1]+" under utredning")
	logOut(b)

	// An order for the article gets another unit.
	logIn(b, "K082LNO", "Demo1234")
	order := orderArticle(t, b, "191212121212", "11109")
	logOut(b)
	logIn(b, "LAGER", "Demo1234")
	if got := pickAndDeliver(t, b, order, "11109"); got == unit {
		t.Fatalf("the order got the blocked unit %s", unit)
	}
	logOut(b)

	logIn(b, "KUNDTJANST", "Demo1234")
	b.Open("/avvikelser/" + id[1])
	b.FillByLabel("Ny status", "Rapporterad")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Ange när avvikelsen rapporterades")
	b.FillByLabel("Rapporterad till leverantör (datum)", "2026-11-25")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Avvikelsen är sparad.", "Rapporterad till leverantör", "2026-11-25")
	status, pdf := b.Fetch("/avvikelser/" + id[1] + "/rapport/leverantor")
	if status != 200 {
		t.Fatalf("the supplier's report: status %d", status)
	}
	text := pdftest.Text(t, pdf)
	if !strings.Contains(text, "Reklamation till leverantör") || !strings.Contains(text, "Bromsen släppte") || strings.Contains(text, "191212121212") {
		t.Errorf("the supplier's report:\n%s", text)
	}
	b.FillByLabel("Ny status", "Avslutad")
	b.FillByLabel("Resultat av utredningen", "Bromsvajern byttes; leverantören har uppdaterat monteringsanvisningen.")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Avslutad", "Bromsvajern byttes")
	b.MustNotSee("Spara ändringarna")
	b.Open("/individkort?individ=" + unit)
	b.In(".unitcard").MustNotSee("Spärrad")
	b.MustSee("Spärr hävd")
	logOut(b)

	logIn(b, "K082LNO", "Demo1234")
	b.Open("/meddelanden")
	b.MustSee("Avvikelse "+id[1]+": Under utredning", "Avvikelse "+id[1]+": Rapporterad", "Avvikelse "+id[1]+": Avslutad")
}

// A prescriber hands the transport wheelchair in care unit 1464's store to the
// test patient from the care unit's Hjälpmedel; it leaves the store's list and
// is the patient's, also on the care unit's list.
func TestHandOutFromLocalStore(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")
	b.Open("/hjalpmedel?kund=1464")
	row := ""
	for i := 1; i <= 20 && row == ""; i++ {
		if sel := "#rad-" + strconv.Itoa(i); strings.Contains(b.In(sel).Text(), "179711") {
			row = sel
		}
	}
	if row == "" {
		t.Fatalf("179711 is not on 1464's Hjälpmedel:\n%s", b.Text())
	}
	b.In(row).ClickLink("Lämna ut")
	b.MustSee("Lämna ut ur förrådet", "179711", "Arvidsjaur Kommun Närförråd")
	b.FillByLabel("Patientens personnummer", "191212121213")
	b.ClickButton("Verkställ")
	b.MustSee("kontrollsiffran")
	b.FillByLabel("Patientens personnummer", "191212121212")
	b.ClickButton("Verkställ")
	b.MustSee("Hjälpmedlet är utlämnat till patienten.", "179711", "Svensson")
	// On the care unit's list the wheelchair is now the patient's, with no hand-out.
	b.Open("/hjalpmedel?kund=1464")
	b.In(row).MustSee("179711", "Svensson")
	b.In(row).MustNotSee("Lämna ut")
	b.Open("/individkort?individ=179711")
	b.MustSee("Utlämnad ur förråd")
}

// The technician turns the FU due list into work orders and closes the care
// bed's as failed: the bed is blocked and the Individkort shows Senaste FU.
func TestInspectionDueListToFailedFU(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "TEKNIKER", "Demo1234")
	b.ClickLink("Besiktning (FU)")
	b.MustSee("Individer med besiktning som förfaller", "177620", "176410", "Försenad")
	b.Check("177620")
	b.ClickButton("Skapa arbetsordrar för markerade")
	b.MustSee("1 besiktningsarbetsordrar är skapade")
	number := regexp.MustCompile(`skapade: (\d{8})`).FindStringSubmatch(b.Text())
	if number == nil {
		t.Fatalf("no work order number: %s", b.Text())
	}
	b.ClickLink(number[1])
	b.MustSee("Besiktning", "5.", "177620")
	b.FillByLabel("Åtgärd", "Sänggrinden låser inte.")
	b.Check("Underkänd (individen spärras)")
	b.ClickButton("Avsluta arbetsorder")
	b.MustSee("Arbetsordern är avslutad.")
	b.Open("/individkort?individ=177620")
	b.In(".unitcard").MustSee("Spärrad", "2026-11-25 (Underkänd)")
	b.MustSee("Besiktning underkänd (arbetsorder " + number[1] + ")")
}

// The admin registers a safety notice on two wheelchair articles: it finds the
// patient's wheelchair, the one in care unit 1464's local store and those in
// stock (blocked at once); Verkställ makes a work order for the patient's, a
// pickup order for the local store's, and both prescribers get a message.
func TestRecallFoundEverywhereAndExecuted(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	var transit string
	if err := srv.DB.Read().Get(t.Context(), "SELECT article_number FROM units WHERE number = '178362'", nil, &transit); err != nil {
		t.Fatal(err)
	}
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "ADMIN", "Demo1234")
	b.ClickLink("Säkerhetsmeddelanden")
	b.FillByLabel("Rubrik", "FSN 2026-12 bromsvajer transportrullstolar")
	b.FillByLabel("Artiklar", "22876\n"+transit)
	b.FillByLabel("Åtgärd", "Kontroll")
	b.FillByLabel("Sista dag för åtgärden", "2026-12-18")
	b.ClickButton("Spara")
	b.MustSee("Säkerhetsmeddelandet är registrerat", "i lager är spärrade", "Hos patient", "I närförråd", "I lager", "178362", "179711")
	b.In("table.data").MustSee("Spärrad")
	b.ClickButton("Verkställ")
	b.MustSee("Säkerhetsmeddelandet är verkställt", "Verkställt")
	rows := b.In("table.data").Text()
	for _, unit := range []string{"178362", "179711"} {
		i := strings.Index(rows, unit)
		if i < 0 || !regexp.MustCompile(`\d{8} \((AO|Hämtorder)\)`).MatchString(rows[i:min(len(rows), i+400)]) {
			t.Errorf("unit %s has no work order or pickup order on the notice:\n%s", unit, rows)
		}
	}
	if !strings.Contains(rows, "(AO)") || !strings.Contains(rows, "(Hämtorder)") {
		t.Errorf("want a work order for the patient's unit and a pickup order for the local store's:\n%s", rows)
	}
	logOut(b)
	for _, prescriber := range []string{"K082LNO", "K082KBN"} {
		logIn(b, prescriber, "Demo1234")
		b.Open("/meddelanden")
		b.MustSee("Säkerhetsmeddelande: FSN 2026-12 bromsvajer transportrullstolar")
		logOut(b)
	}
}

// The admin opens Översikt: six charts drawn without script, each with its
// figures in a table and a CSV whose rows match the table's.
func TestOverviewCharts(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "ADMIN", "Demo1234")
	b.ClickLink("Översikt")
	b.FillByLabel("Från och med", "2026-10-01")
	b.FillByLabel("Till och med", "2026-11-25")
	b.ClickButton("Sök")
	b.MustSee("Kundorder per dag", "Leveranser i tid mot avsändningsdatum", "Öppna och försenade arbetsordrar per prioritet",
		"Individer utlämnade och i lager per ISO-klass", "Rekonditionering per vecka", "Fakturerat belopp per betalare och månad")
	status, csv := b.Fetch("/admin/oversikt/units?from=2026-10-01&to=2026-11-25")
	if status != 200 || !strings.HasPrefix(string(csv), "etikett,Utlämnade,I lager") {
		t.Fatalf("the units chart's CSV: %d %s", status, csv)
	}
	rows := strings.Count(strings.TrimSpace(string(csv)), "\n")
	_, page := b.Fetch("/admin/oversikt?from=2026-10-01&to=2026-11-25")
	html := string(page)
	figure := html[strings.Index(html, `id="units"`):]
	figure = figure[:strings.Index(figure, "</figure>")]
	if got := strings.Count(figure, `<th scope="row">`); got != rows {
		t.Errorf("the units table has %d rows, its CSV %d:\n%s", got, rows, csv)
	}
}
