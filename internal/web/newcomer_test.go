package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// What a newcomer meets on the manual's screens (issue 11.6).

// Kundorder started from a patient's Hjälpmedel preselects the customer the
// patient's aids are under, as Arbetsorder and Hämtorder do; without a patient
// a prescriber of several customers must choose, never silently the first.
func TestKundorderPreselectsThePatientsCustomer(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		selected := func(path string) string {
			t.Helper()
			r := call(t, srv, request{Method: "GET", Path: path, Cookie: cookie})
			if r.Status != 200 {
				t.Fatalf("%s: %d", path, r.Status)
			}
			sel := r.Body[strings.Index(r.Body, `id="f-customer"`):]
			sel = sel[:strings.Index(sel, "</select>")]
			m := regexp.MustCompile(`<option value="(\d*)" selected>`).FindAllStringSubmatch(sel, -1)
			if len(m) != 1 {
				t.Fatalf("%s: %d selected customers in %s", path, len(m), sel)
			}
			return m[0][1]
		}
		if got := selected("/kundorder?personnummer=191212121212"); got != "2990" {
			t.Errorf("Kundorder for 191212121212: customer %q preselected, want 2990", got)
		}
		if got := selected("/kundorder?personnummer=191212121212&artikel=23993"); got != "2990" {
			t.Errorf("Beställ again for 191212121212: customer %q preselected, want 2990", got)
		}
		// A patient whose aids are under the second of K082KBN's customers (2990, 3110).
		cookie = formLogin(t, srv, "K082KBN", demoPassword)
		pnr := dbString(t, srv, "SELECT recipient_personnummer FROM holdings WHERE unit_number = '177015' AND end_date IS NULL")
		if got := selected("/kundorder?personnummer=" + pnr); got != "3110" {
			t.Errorf("Kundorder for a patient of 3110: customer %q preselected, want 3110", got)
		}
		if got := selected("/kundorder"); got != "" {
			t.Errorf("Kundorder without a patient: customer %q preselected, want the choice left to the prescriber", got)
		}
	})
}

// "Mina senaste kundorder" lists the newest order first.
func TestMyRecentOrdersNewestFirst(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		r := call(t, srv, request{Method: "GET", Path: "/kundorder", Cookie: formLogin(t, srv, "K082LNO", demoPassword)})
		i := strings.Index(r.Body, "Mina senaste kundorder")
		if r.Status != 200 || i < 0 {
			t.Fatalf("/kundorder: %d, no Mina senaste kundorder", r.Status)
		}
		table := r.Body[i:]
		table = table[:strings.Index(table, "</table>")]
		var dates []string
		for _, m := range regexp.MustCompile(`</a></td><td>(\d{4}-\d\d-\d\d \d\d:\d\d)</td>`).FindAllStringSubmatch(table, -1) {
			dates = append(dates, m[1])
		}
		if len(dates) < 3 {
			t.Fatalf("too few orders to see the order: %v", dates)
		}
		if !sort.SliceIsSorted(dates, func(i, j int) bool { return dates[i] > dates[j] }) {
			t.Errorf("Mina senaste kundorder is not newest first: %v", dates)
		}
	})
}

// Individkort's history names each event in words, Swedish or English, never a code.
func TestIndividkortHistoryInWords(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		session := formLogin(t, srv, "K082LNO", demoPassword)
		for lang, want := range map[string][]string{
			"sv": {"<td>Inleverans</td>", "<td>Specialanpassning</td>", "<td>Återlämnad</td>", "<td>Skrotad</td>"},
			"en": {"<td>Received</td>", "<td>Special adaptation</td>", "<td>Returned</td>", "<td>Scrapped</td>"},
		} {
			r := call(t, srv, request{Method: "GET", Path: "/individkort/123569", Header: map[string]string{"Cookie": "hm_session=" + session + "; hm_lang=" + lang}})
			if r.Status != 200 {
				t.Fatalf("Individkort 123569 (%s): %d", lang, r.Status)
			}
			history := r.Body[strings.LastIndex(r.Body, "<caption class=\"visually-hidden\">"):]
			for _, w := range want {
				if !strings.Contains(history, w) {
					t.Errorf("Individkort history (%s) lacks %s", lang, w)
				}
			}
			for _, code := range []string{"<td>received</td>", "<td>adaptation</td>", "<td>returned</td>", "<td>scrapped</td>"} {
				if strings.Contains(history, code) {
					t.Errorf("Individkort history (%s) shows the code %s", lang, code)
				}
			}
		}
		tok := apiLogin(t, srv, "K082LNO", demoPassword)
		card := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/units/123569", Bearer: tok}), 200)
		var kinds []string
		for _, e := range card["history"].([]any) {
			kinds = append(kinds, e.(map[string]any)["kindText"].(string))
		}
		if !strings.Contains(strings.Join(kinds, ","), "Skrotad") {
			t.Errorf("API history kindText: %v", kinds)
		}
	})
}

// Leveransuppgifter starts with the customer's address and phone; choosing
// Mottagare also takes the recipient's phone (server side, without script),
// while a phone the user typed is kept.
func TestDeliveryRecipientTakesItsPhone(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name, opts := "SQLite", []testserver.Option(nil)
		if pg {
			name, opts = "Postgres", []testserver.Option{testserver.Postgres()}
		}
		t.Run(name, func(t *testing.T) {
			srv := startOrders(t, opts...)
			_, post := formBrowser(t, srv, "K082LNO")
			custPhone := dbString(t, srv, "SELECT phone FROM customers WHERE number = '2990'")
			personPhone := dbString(t, srv, "SELECT phone FROM persons WHERE personnummer = ?", ordertest.Patient)
			order := func(from, phone string) string {
				t.Helper()
				at, _ := post("/kundorder", url.Values{"mottagare": {"patient"}, "personnummer": {ordertest.Patient}, "customer": {"2990"}})
				post(at, url.Values{"action": {"spara"}, "article": {ordertest.ArmRest}, "quantity": {"1"}})
				_, page := post(at, url.Values{"action": {"fortsatt"}})
				if !strings.Contains(page, `name="phone" type="tel" value="`+custPhone+`"`) ||
					!strings.Contains(page, `data-phone="`+personPhone+`"`) {
					t.Fatalf("the delivery page does not start with the customer's phone and offer the recipient's")
				}
				token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
				_, done := post(strings.Replace(at, "/rader", "/verkstall", 1), url.Values{"token": {token[1]}, "from": {from}, "phone": {phone}})
				number := regexp.MustCompile(`Kundorder: <a href="/kundorder/order/(\d+)"`).FindStringSubmatch(done)
				if number == nil {
					t.Fatalf("no confirmation: %.500s", done)
				}
				return dbString(t, srv, "SELECT address_phone FROM orders WHERE number = ?", number[1])
			}
			if got := order("recipient", custPhone); got != personPhone {
				t.Errorf("Mottagare chosen, phone left as the customer's: order has %q, want the recipient's %q", got, personPhone)
			}
			if got := order("recipient", "070-111 22 33"); got != "070-111 22 33" {
				t.Errorf("Mottagare chosen, phone typed: order has %q", got)
			}
			if got := order("customer", custPhone); got != custPhone {
				t.Errorf("Kund/leveransadress: order has %q, want %q", got, custPhone)
			}
		})
	}
}

// Hjälpmedel by customer number lists every aid ordered under the care unit
// (SPEC §3.3): what it holds itself and what it ordered for patients, each
// with the patient's name, a page at a time.
func TestAidsByCustomerListsEveryAidPaged(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		// 230 more aids ordered under 3110 for the test patient, and one it holds itself.
		err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
			if _, err := q.Exec(context.Background(), `INSERT INTO holdings (recipient_customer, article_number, quantity, customer_number,
				payer_number, purpose, order_date, delivery_date, rent_start) VALUES ('3110', '23993', 2, '3110', '3110', 'rent', '2021-01-01', '2021-01-05', '2021-01-05')`); err != nil {
				return err
			}
			for i := range 230 {
				if _, err := q.Exec(context.Background(), `INSERT INTO holdings (recipient_personnummer, article_number, quantity, customer_number,
					payer_number, purpose, order_date, delivery_date, rent_start) VALUES ('191212121212', '23993', 1, '3110', '3110', 'rent', ?, ?, ?)`,
					fmt.Sprintf("2020-01-%02d", i%28+1), "2020-02-01", "2020-02-01"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		total := countRows(t, srv, "SELECT COUNT(*) FROM holdings WHERE (customer_number = '3110' OR recipient_customer = '3110') AND end_date IS NULL")
		own := countRows(t, srv, "SELECT COUNT(*) FROM holdings WHERE recipient_customer = '3110' AND end_date IS NULL")
		if total <= 200 || own != 1 {
			t.Fatalf("fixture: %d aids under 3110, %d its own", total, own)
		}

		tok := apiLogin(t, srv, "K082KBN", demoPassword)
		seen, ownSeen := map[string]bool{}, false
		for page := 1; ; page++ {
			var res struct {
				Aids []struct{ ID, Recipient, RecipientName string }
				More bool
				Page int
			}
			r := call(t, srv, request{Method: "GET", Path: fmt.Sprintf("/api/v1/customers/3110/aids?page=%d", page), Bearer: tok})
			if r.Status != 200 || json.Unmarshal([]byte(r.Body), &res) != nil || res.Page != page {
				t.Fatalf("page %d: %d %.300s", page, r.Status, r.Body)
			}
			if len(res.Aids) > 100 || res.More && len(res.Aids) != 100 {
				t.Fatalf("page %d has %d rows, more %v", page, len(res.Aids), res.More)
			}
			for _, a := range res.Aids {
				if seen[a.ID] {
					t.Fatalf("aid %s on two pages", a.ID)
				}
				seen[a.ID] = true
				ownSeen = ownSeen || a.Recipient == ""
				if a.Recipient == "191212121212" && a.RecipientName != "Svensson, Testare" {
					t.Errorf("aid %s: recipient name %q", a.ID, a.RecipientName)
				}
			}
			if !res.More {
				break
			}
		}
		if !ownSeen {
			t.Error("the care unit's own aid is not listed")
		}
		if len(seen) != total {
			t.Errorf("the pages list %d aids, %d were ordered under 3110", len(seen), total)
		}
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/customers/3110/aids?page=0", Bearer: tok}), 400, "invalid")

		// The page: the patient's name, and Nästa sida to the second page.
		cookie := formLogin(t, srv, "K082KBN", demoPassword)
		r := call(t, srv, request{Method: "GET", Path: "/hjalpmedel?mottagare=kund&nummer=3110", Cookie: cookie})
		if r.Status != 200 || !strings.Contains(r.Body, ">Svensson, Testare</a> 19121212-1212") || !strings.Contains(r.Body, "Nästa sida") {
			t.Fatalf("Hjälpmedel for 3110: %d, patient name shown %v, Nästa sida %v", r.Status,
				strings.Contains(r.Body, "Svensson, Testare"), strings.Contains(r.Body, "Nästa sida"))
		}
		next := regexp.MustCompile(`<a href="([^"]+)">Nästa sida</a>`).FindStringSubmatch(r.Body)
		r = call(t, srv, request{Method: "GET", Path: strings.ReplaceAll(next[1], "&amp;", "&"), Cookie: cookie})
		if r.Status != 200 || !strings.Contains(r.Body, "Sida 2") || !strings.Contains(r.Body, "Föregående sida") {
			t.Fatalf("second page: %d", r.Status)
		}
	})
}

// The hint under Hjälpmedel's number follows the chosen Mottagare.
func TestAidsHintFollowsMottagare(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, backend...)
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		hint := func(path string) string {
			t.Helper()
			r := call(t, srv, request{Method: "GET", Path: path, Cookie: cookie})
			m := regexp.MustCompile(`<div class="hint" id="f-nummer-hint">([^<]*)</div>`).FindStringSubmatch(r.Body)
			if r.Status != 200 || m == nil {
				t.Fatalf("%s: %d, no hint", path, r.Status)
			}
			return m[1]
		}
		for path, want := range map[string]string{
			"/hjalpmedel": "Skriv personnummer med samtliga 12 siffror",
			"/hjalpmedel?mottagare=patient&nummer=191212121212": "Skriv personnummer med samtliga 12 siffror",
			"/hjalpmedel?mottagare=kund&nummer=1464":            "Skriv kundnumret, till exempel 1464",
			"/hjalpmedel?kund=1464":                             "Skriv kundnumret, till exempel 1464",
		} {
			if got := hint(path); got != want {
				t.Errorf("%s: hint %q, want %q", path, got, want)
			}
		}
	})
}

// The sender of a BMB sees it under the sender's heading; the receiver under
// the manual's "Överta betalningsansvar via BMB".
func TestTransferHeadingOfSenderAndReceiver(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		sent := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/transfers", Bearer: lno,
			Body: `{"toPrescriber":"K082KBN","recipient":{"personnummer":"191212121212"},"units":["170098"]}`}), 201)
		path := "/bmb/" + sent["id"].(string)
		for user, want := range map[string]string{"K082LNO": "Skickad BMB (byte mottagare/betalare)", "K082KBN": "Överta betalningsansvar via BMB"} {
			r := call(t, srv, request{Method: "GET", Path: path, Cookie: formLogin(t, srv, user, demoPassword)})
			if r.Status != 200 || !strings.Contains(r.Body, "<h1>"+want+"</h1>") {
				t.Errorf("%s sees %s: %d, want the heading %q", user, path, r.Status, want)
			}
		}
	})
}

// Artikelinformation of each of the test patient's aids shows a picture and
// opens a user manual, as the manual promises.
func TestArticleInformationHasPictureAndManual(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		cookie := formLogin(t, srv, "K082LNO", demoPassword)
		for _, num := range demo.TestPatientArticles {
			name := dbString(t, srv, "SELECT name FROM articles WHERE number = ?", num)
			page := call(t, srv, request{Method: "GET", Path: "/artiklar/" + num + "/information", Cookie: cookie})
			if page.Status != 200 || !strings.Contains(page.Body, `<img src="/artiklar/`+num+`/bild"`) ||
				!strings.Contains(page.Body, `href="/artiklar/`+num+`/bruksanvisning">Öppna bruksanvisningen</a>`) {
				t.Errorf("Artikelinformation %s: %d, picture or manual missing", num, page.Status)
				continue
			}
			pic := call(t, srv, request{Method: "GET", Path: "/artiklar/" + num + "/bild", Cookie: cookie})
			if pic.Status != 200 || pic.Header.Get("Content-Type") != "image/png" || len(pic.Body) > 20<<10 {
				t.Errorf("picture of %s: %d %s, %d bytes", num, pic.Status, pic.Header.Get("Content-Type"), len(pic.Body))
			}
			if _, err := png.Decode(strings.NewReader(pic.Body)); err != nil {
				t.Errorf("picture of %s is no PNG: %v", num, err)
			}
			manual := call(t, srv, request{Method: "GET", Path: "/artiklar/" + num + "/bruksanvisning", Cookie: cookie})
			if manual.Status != 200 || manual.Header.Get("Content-Type") != "application/pdf" || len(manual.Body) > 20<<10 {
				t.Errorf("manual of %s: %d %s, %d bytes", num, manual.Status, manual.Header.Get("Content-Type"), len(manual.Body))
				continue
			}
			text := strings.Join(strings.Fields(pdftest.Text(t, []byte(manual.Body))), " ")
			if !strings.Contains(text, "Bruksanvisning") || !strings.Contains(text, num+" "+strings.Join(strings.Fields(name), " ")) {
				t.Errorf("manual of %s reads %q", num, text)
			}
		}
	})
}
