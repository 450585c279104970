package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// Labels and scanning (SPEC §10.9). The warehouse receives two wheelchairs
// and a transport chair whose serial number one of them already has; each
// unit's label is a PDF with its number, article, serial number and the
// centre; the labels of a receipt come as one document, a page each. A
// prescriber prints the label of a unit their care unit holds, not another
// customer's nor one in stock. Sök/skanna finds a unit by number or serial and
// an article by number, names the units of a shared serial and says so when
// nothing has the code.
func TestUnitLabelsAndScan(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		tokens := map[string]string{}
		do := func(user, path string) reply {
			t.Helper()
			if tokens[user] == "" {
				tokens[user] = apiLogin(t, srv, user, demoPassword)
			}
			return call(t, srv, request{Method: "GET", Path: path, Bearer: tokens[user]})
		}
		receive := func(article string, serials ...string) []string {
			t.Helper()
			var units []string
			for _, s := range serials {
				units = append(units, `{"serial":`+quote(s)+`}`)
			}
			r := call(t, srv, request{Method: "POST", Path: "/api/v1/stock/receipts", Bearer: tokens["LAGER"],
				Body: `{"warehouse":"2000","article":"` + article + `","units":[` + strings.Join(units, ",") + `]}`})
			var out []string
			for _, u := range mustStatus(t, r, http.StatusCreated)["units"].([]any) {
				out = append(out, u.(map[string]any)["unit"].(string))
			}
			return out
		}
		pdfText := func(r reply) string {
			t.Helper()
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("status %d, Content-Type %q, want a PDF: %.300s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			return pdftest.Text(t, []byte(r.Body))
		}
		do("LAGER", "/api/v1/me")
		cross := receive("11109", "LBL-77", "LBL-78")
		transit := receive("22876", "LBL-77")

		text := pdfText(do("LAGER", "/api/v1/units/"+cross[0]+"/label"))
		for _, want := range []string{"Individ " + cross[0], "11109 Rullstol Cross", "Serienr LBL-77", "2000 Länsservice Boden"} {
			if !strings.Contains(text, want) {
				t.Errorf("the label lacks %q:\n%s", want, text)
			}
		}
		cookie := formLogin(t, srv, "LAGER", demoPassword)
		r := call(t, srv, request{Method: "GET", Path: "/units/labels?unit=" + cross[0] + "&unit=" + cross[1] + "&unit=" + transit[0], Cookie: cookie})
		pages := strings.Split(strings.TrimRight(pdfText(r), "\f\n"), "\f")
		if len(pages) != 3 || !strings.Contains(pages[0], cross[0]) || !strings.Contains(pages[1], cross[1]) ||
			!strings.Contains(pages[2], transit[0]) || !strings.Contains(pages[2], "Rullstol transport Transit III") {
			t.Errorf("the receipt's labels, want one page per unit in order:\n%q", pages)
		}

		// A prescriber: the unit their care unit 1464 holds, nothing else.
		if text := pdfText(do("K082LNO", "/api/v1/units/179711/label")); !strings.Contains(text, "Serienr 26B46546") {
			t.Errorf("the label of 179711:\n%s", text)
		}
		wantError(t, do("K082KBN", "/api/v1/units/179711/label"), http.StatusForbidden, "forbidden")
		wantError(t, do("K082LNO", "/api/v1/units/"+cross[0]+"/label"), http.StatusForbidden, "forbidden")
		wantError(t, do("LOGGRANSKARE", "/api/v1/units/179711/label"), http.StatusForbidden, "forbidden")
		e := wantError(t, do("LAGER", "/api/v1/units/999999999/label"), http.StatusNotFound, "not_found")
		if e["message"] != "Individ 999999999 finns inte." {
			t.Errorf("an unknown unit: %v", e["message"])
		}

		// Sök/skanna.
		for _, c := range []struct{ user, code, kind, unit, article, path string }{
			{"LAGER", cross[1], "unit", cross[1], "11109", "/lager/individ?unit=" + cross[1]},
			{"LAGER", "lbl-78", "unit", cross[1], "11109", "/lager/individ?unit=" + cross[1]},
			{"KUNDTJANST", "26B46546", "unit", "179711", "22876", "/individkort/179711"},
			{"TEKNIKER", " 179711 ", "unit", "179711", "22876", "/individkort/179711"},
			{"ADMIN", "22876", "article", "", "22876", "/artiklar/22876"},
		} {
			got := mustStatus(t, do(c.user, "/api/v1/scan/"+url.PathEscape(c.code)), http.StatusOK)
			if got["kind"] != c.kind || got["article"] != c.article || got["path"] != c.path || (c.unit != "" && got["unit"] != c.unit) {
				t.Errorf("%s scans %q: %v; want %s %s %s %s", c.user, c.code, got, c.kind, c.unit, c.article, c.path)
			}
		}
		e = wantError(t, do("LAGER", "/api/v1/scan/LBL-77"), http.StatusConflict, "conflict")
		if want := "Serienummer LBL-77 finns på flera individer (" + cross[0] + ", " + transit[0] + "). Ange individnumret."; e["message"] != want {
			t.Errorf("a shared serial: %v, want %q", e["message"], want)
		}
		e = wantError(t, do("LAGER", "/api/v1/scan/XQ-404"), http.StatusNotFound, "not_found")
		if e["message"] != "Ingen individ, inget serienummer och ingen artikel har numret XQ-404." {
			t.Errorf("an unknown code: %v", e["message"])
		}
		wantError(t, do("K082LNO", "/api/v1/scan/179711"), http.StatusForbidden, "forbidden")

		// The page: a code opens its page; one that names nothing stays in the field with its message.
		r = call(t, srv, request{Method: "GET", Path: "/skanna?kod=LBL-78", Cookie: cookie})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/lager/individ?unit="+cross[1] {
			t.Errorf("Sök/skanna LBL-78: %d %q", r.Status, r.Header.Get("Location"))
		}
		r = call(t, srv, request{Method: "GET", Path: "/skanna?kod=LBL-77", Cookie: cookie})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "finns på flera individer ("+cross[0]+", "+transit[0]+")") ||
			!strings.Contains(r.Body, `value="LBL-77"`) {
			t.Errorf("Sök/skanna of a shared serial: %d\n%.3000s", r.Status, r.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/lager/saldo", Cookie: cookie}); !strings.Contains(r.Body, `action="/skanna"`) {
			t.Errorf("the warehouse's header has no Sök/skanna:\n%.2000s", r.Body)
		}
		lno := formLogin(t, srv, "K082LNO", demoPassword)
		if r := call(t, srv, request{Method: "GET", Path: "/individkort/179711", Cookie: lno}); strings.Contains(r.Body, `action="/skanna"`) ||
			!strings.Contains(r.Body, `href="/units/179711/label"`) {
			t.Errorf("the prescriber's Individkort of 179711: a Sök/skanna field, or no label link:\n%.3000s", r.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/individkort/" + cross[0], Cookie: lno}); strings.Contains(r.Body, "/units/"+cross[0]+"/label") {
			t.Errorf("the prescriber's Individkort of a unit in stock offers its label")
		}
	})
}

var labelsLink = regexp.MustCompile(`<a href="(/units/labels\?unit=\d+&amp;unit=\d+)">Skriv ut etiketter</a>`)

// After Varumottagning of units, and after a receipt of units against a
// purchase order, the confirmation offers their labels, one document; a
// receipt of a quantity offers none.
func TestGoodsReceiptOffersLabels(t *testing.T) {
	srv := testserver.Start(t, testserver.At(serviceNow))
	c, post := formBrowser(t, srv, "LAGER")
	labelsOf := func(body string) string {
		t.Helper()
		m := labelsLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("the confirmation offers no labels:\n%.3000s", body)
		}
		resp, err := c.Get(srv.URL + html.UnescapeString(m[1]))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		pdf, _ := io.ReadAll(resp.Body)
		return pdftest.Text(t, pdf)
	}
	_, body := post("/lager/mottagning", url.Values{"warehouse": {"2000"}, "article": {"11109"}, "units": {"LBL-91\nLBL-92"}})
	if text := labelsOf(body); strings.Count(text, "Serienr LBL-9") != 2 {
		t.Errorf("the receipt's labels:\n%s", text)
	}
	if _, body := post("/lager/mottagning", url.Values{"warehouse": {"2000"}, "article": {"15749"}, "quantity": {"3"}}); strings.Contains(body, "Skriv ut etiketter") {
		t.Errorf("a receipt without units offers labels")
	}

	path, _ := post("/lager/inkop/ny", url.Values{"warehouse": {"2000"}, "lines": {"11109; 2"}})
	_, body = post(path+"/mottagning", url.Values{"units.11109": {"LBL-PO1\nLBL-PO2"}})
	if text := labelsOf(body); !strings.Contains(text, "Serienr LBL-PO1") || !strings.Contains(text, "Serienr LBL-PO2") {
		t.Errorf("the purchase receipt's labels:\n%s", text)
	}
}
