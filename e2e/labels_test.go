package e2e

// Browser test of labels and scanning (SPEC §10.9, issue 16.1) as the warehouse.

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

var receivedUnits = regexp.MustCompile(`Individnummer: (\d+), (\d+)\.`)

// LAGER receives two wheelchairs with serial numbers, prints their labels
// from the confirmation (one PDF, a page per unit), then types a serial number
// into the header's Sök/skanna and lands on that unit's history.
func TestLabelsAtGoodsReceiptAndScan(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(serviceDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "LAGER", "Demo1234")
	m := receiveWithLabels(b, "ETK-0001", "ETK-0002")

	b.FillByLabel("Sök/skanna", "ETK-0002")
	b.ClickButton("Öppna")
	b.MustSee("Individhistorik", m[2], "ETK-0002", "Rullstol Cross")
	if p := b.URLPath(); p != "/lager/individ" {
		t.Errorf("Sök/skanna opened %s, want the unit's history", p)
	}
	status, pdf := b.Fetch(hrefOf(b, "Skriv ut etikett"))
	if text := pdftest.Text(t, pdf); status != 200 || !strings.Contains(text, "Individ "+m[2]) {
		t.Errorf("the unit's label: %d\n%s", status, text)
	}

	// A code that names nothing gets its message next to the field.
	b.FillByLabel("Sök/skanna", "ETK-9999")
	b.ClickButton("Öppna")
	b.MustSee("Det finns fel i formuläret", "Ingen individ, inget serienummer och ingen artikel har numret ETK-9999.")
}

// receiveWithLabels receives two wheelchairs 11109 with the given serial
// numbers at Varumottagning and prints their labels from the confirmation: one
// PDF, a page per unit. It returns the match of the confirmation's unit numbers.
func receiveWithLabels(b *Browser, first, second string) []string {
	t := b.st.t
	t.Helper()
	b.Open("/start")
	b.In("nav.menu").ClickLink("Varumottagning")
	b.FillByLabel("Lager", "2000 Länsservice Boden")
	b.FillByLabel("Artikelnummer", "11109")
	b.FillByLabel("Individer", first+"\n"+second)
	b.ClickButton("Ta emot")
	b.MustSee("Mottaget: 2 av artikel 11109 i lager 2000.")
	m := receivedUnits.FindStringSubmatch(b.Text())
	if m == nil {
		t.Fatalf("no unit numbers in the confirmation:\n%s", b.Text())
	}
	status, pdf := b.Fetch(hrefOf(b.In(".flash"), "Skriv ut etiketter"))
	if status != 200 {
		t.Fatalf("the labels: status %d", status)
	}
	pages := strings.Split(strings.TrimRight(pdftest.Text(t, pdf), "\f\n"), "\f")
	if len(pages) != 2 || !strings.Contains(pages[0], "Individ "+m[1]) || !strings.Contains(pages[0], "Serienr "+first) ||
		!strings.Contains(pages[1], "Individ "+m[2]) || !strings.Contains(pages[1], "Serienr "+second) {
		t.Fatalf("the labels, want one page per unit received:\n%q", pages)
	}
	return m
}

// hrefOf is where the link whose text is text leads, as written in the page.
func hrefOf(b *Browser, text string) string {
	b.st.t.Helper()
	r := b.find("link", text, "findLink")
	ctx, cancel := b.stepContext()
	defer cancel()
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(r.Sel)+`).getAttribute("href")`))
	if err != nil {
		b.fatalf("the href of %q: %v", text, err)
	}
	return href
}
