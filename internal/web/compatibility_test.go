package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// fieldMessage is the message of one field of an error answer.
func fieldMessage(t *testing.T, r reply, field string) string {
	t.Helper()
	e := wantError(t, r, http.StatusBadRequest, "invalid")
	msg, _ := e["fields"].(map[string]any)[field].(string)
	if msg == "" {
		t.Fatalf("no message for %s: %s", field, r.Body)
	}
	return msg
}

// Compatibility of components (SPEC §10.11) through the API: the components
// guide refuses a second left armrest on Rullstol Cross 11109 (until the first
// is removed) and a footplate of another seat width; Kompl. individ refuses the
// voice amplifier's headset on the test patient's telephone connector 104901
// and takes it on the amplifier 75082; a work order's spare part must fit the
// unit's article. Each refusal says why, and changes nothing.
func TestComponentFitRefusedWithReason(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno, tek := apiLogin(t, srv, "K082LNO", demoPassword), apiLogin(t, srv, "TEKNIKER", demoPassword)
		admin := boLogin(t, srv, "ADMIN")
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		orders := func() int { return countRows(t, srv, "SELECT COUNT(*) FROM orders") }
		before := orders()
		order := func(lines string) reply {
			return post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[`+lines+`]}`)
		}

		// The components guide: Cross's base configuration has its left armrest 11338.
		msg := fieldMessage(t, order(`{"article":"11109","components":{"add":["17346","11338"]}}`), "lines[0].components.add[1]")
		if !strings.Contains(msg, "11338") || !strings.Contains(msg, "vänster sida har redan 11338") {
			t.Errorf("a second left armrest: %q", msg)
		}
		// A footplate for seat width 45 on a chair of seat width 40 (fit data given through the API).
		if st := admin.do("POST", "/api/v1/articles", map[string]any{"number": "90410", "name": "Fotplatta sittbredd 45", "unitOfMeasure": "st",
			"isoCode": "122412", "supplier": "Etac Sverige AB", "status": "stocked", "purpose": "rent", "size": "45", "fits": []string{"11109", "22876"}}, nil); st != 201 {
			t.Fatalf("article 90410: %d", st)
		}
		msg = fieldMessage(t, order(`{"article":"11109","components":{"add":["90410"]}}`), "lines[0].components.add[0]")
		if want := "90410 Fotplatta sittbredd 45 passar inte 11109 Rullstol Cross"; !strings.Contains(msg, want) || !strings.Contains(msg, "i storlek 40: den passar storlek 45.") {
			t.Errorf("a footplate of the wrong size: %q, want %q … i storlek 40", msg, want)
		}
		// Kompl. individ: the headset fits only the voice amplifier 25800.
		msg = fieldMessage(t, order(`{"article":"33150","unit":"104901"}`), "lines[0].unit")
		if want := "33150 Headset till röstförstärkare Falck 1005 passar inte 23993 Telefontillkoppling: den passar bara 25800."; msg != want {
			t.Errorf("headset on 104901: %q, want %q", msg, want)
		}
		// In English for an English reader.
		r := call(t, srv, request{Method: "POST", Path: "/api/v1/orders", Bearer: lno, Header: map[string]string{"Accept-Language": "en"},
			Body: `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"33150","unit":"104901"}]}`})
		if msg := fieldMessage(t, r, "lines[0].unit"); !strings.Contains(msg, "does not fit 23993 Telefontillkoppling: it fits only 25800") {
			t.Errorf("in English: %q", msg)
		}
		if n := orders(); n != before {
			t.Fatalf("refused orders were stored: %d → %d", before, n)
		}

		// What fits is taken: the armrest replacing the base one, the headset on the amplifier.
		mustStatus(t, order(`{"article":"11109","components":{"remove":["11338"],"add":["11338"]}}`), 201)
		mustStatus(t, order(`{"article":"33150","unit":"75082"}`), 201)
		// A second headset on its way to 75082 has no side: it fits too.
		mustStatus(t, order(`{"article":"33150","unit":"75082"}`), 201)

		// A work order's spare part.
		wo := func(unit string) string {
			return mustStatus(t, post(lno, "/api/v1/workorders", `{"personnummer":"191212121212","customer":"2990","unit":"`+unit+`",
				"faultDescription":"Brus i luren."}`), 201)["number"].(string)
		}
		onConnector, onAmplifier := wo("104901"), wo("75082")
		msg = fieldMessage(t, post(tek, "/api/v1/workorders/"+onConnector+"/parts", `{"article":"33150","quantity":1}`), "article")
		if !strings.Contains(msg, "passar inte 23993 Telefontillkoppling: den passar bara 25800.") {
			t.Errorf("spare part on 104901: %q", msg)
		}
		if n := countRows(t, srv, "SELECT COUNT(*) FROM work_order_parts"); n != 0 {
			t.Errorf("a refused spare part was recorded (%d parts)", n)
		}
		mustStatus(t, post(tek, "/api/v1/workorders/"+onAmplifier+"/parts", `{"article":"33150","quantity":1}`), 201)
	})
}

// The fit data in the catalogue's CSV: exported for the demo's armrest, imported
// for a new article (side in Swedish, two fitted articles), shown by the API and
// exported back the same; a row with an unknown side or fitted article is
// refused with the reason and nothing changes.
func TestCatalogueCSVFitData(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		export := func() map[string][]string {
			st, data := admin.raw("GET", "/api/v1/articles/export", nil)
			if st != 200 {
				t.Fatalf("export: %d", st)
			}
			rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			i := func(col string) int { return slices.Index(rows[0], col) }
			out := map[string][]string{}
			for _, r := range rows[1:] {
				out[r[0]] = []string{r[i("fits")], r[i("side")], r[i("size")]}
			}
			return out
		}
		rows := export()
		if got := rows["11338"]; !slices.Equal(got, []string{"11109", "left", ""}) {
			t.Errorf("11338 exports fits, side, size %q", got)
		}
		if got := rows["11109"]; !slices.Equal(got, []string{"", "", "40"}) {
			t.Errorf("11109 exports fits, side, size %q", got)
		}

		var res importAnswer
		file := "number;name;unitOfMeasure;isoCode;supplier;status;purpose;fits;side;size\n" +
			"90420;Armstöd vänster Transit;st;122415;Etac Sverige AB;stocked;rent;22876|11109;vänster;38-42\n"
		if st := admin.do("POST", "/api/v1/articles/import", []byte(file), &res); st != 200 || !res.Applied || res.Created != 1 {
			t.Fatalf("import: %d %+v", st, res)
		}
		var art struct {
			Fits           []string
			Side, SideText string
			Size           string
		}
		if st := admin.do("GET", "/api/v1/articles/90420", nil, &art); st != 200 || !slices.Equal(art.Fits, []string{"11109", "22876"}) ||
			art.Side != "left" || art.SideText != "Vänster" || art.Size != "38-42" {
			t.Errorf("imported fit data: %d %+v", st, art)
		}
		if got := export()["90420"]; !slices.Equal(got, []string{"11109|22876", "left", "38-42"}) {
			t.Errorf("90420 exports %q", got)
		}

		bad := "number;name;unitOfMeasure;isoCode;supplier;status;purpose;fits;side;size\n" +
			"90420;Armstöd vänster Transit;st;122415;Etac Sverige AB;stocked;rent;22876|99999;upp;38-42\n" +
			"90421;Armstöd höger Transit;st;122415;Etac Sverige AB;stocked;rent;;right;42-38\n"
		if st := admin.do("POST", "/api/v1/articles/import", []byte(bad), &res); st != 200 || res.Applied || len(res.Errors) != 2 {
			t.Fatalf("bad file: %d %+v", st, res)
		}
		all := strings.Join(append(res.Errors[0].Messages, res.Errors[1].Messages...), " | ")
		for _, want := range []string{"side: skriv left, right eller both", "Passar till: artikel 99999 finns inte.", "Skriv storleken som tal"} {
			if !strings.Contains(all, want) {
				t.Errorf("the refused rows' messages %q do not say %q", all, want)
			}
		}
		if got := export()["90420"]; !slices.Equal(got, []string{"11109|22876", "left", "38-42"}) {
			t.Errorf("a refused import changed 90420: %q", got)
		}
		// The API's article resource takes the fit data too; an empty list fits anything.
		if st := admin.do("PUT", "/api/v1/articles/90420", map[string]any{"fits": []string{}, "side": "both", "size": "S, M"}, &art); st != 200 ||
			len(art.Fits) != 0 || art.Side != "both" || art.Size != "S, M" {
			t.Errorf("PUT fit data: %d %+v", st, art)
		}
		if st := admin.do("PUT", "/api/v1/articles/90420", map[string]any{"side": "upp"}, nil); st != 400 {
			t.Errorf("PUT side upp: %d, want 400", st)
		}
	})
}

// Accessory suggestions (SPEC §10.11): the demo's Cross orders of the last 24
// months, the most often first, and each order placed adds its accessories: one
// chosen in the components guide and one ordered alone for a Cross (Kompl. individ).
func TestAccessorySuggestionsCountOrders(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		suggestions := func(article string) string {
			r := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/articles/" + article + "/suggestions", Bearer: lno}), 200)
			var out []string
			for _, s := range r["suggestions"].([]any) {
				m := s.(map[string]any)
				if m["name"] == "" {
					t.Errorf("suggestion without a name: %v", m)
				}
				out = append(out, fmt.Sprintf("%s×%v", m["article"], m["count"]))
			}
			return strings.Join(out, " ")
		}
		if got, want := suggestions("11109"), "17346×4 19922×3 18250×1 25052×1"; got != want {
			t.Errorf("suggestions for 11109: %s, want %s", got, want)
		}
		johansson := dbString(t, srv, "SELECT recipient_personnummer FROM holdings WHERE unit_number = '176540'")
		mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/orders", Bearer: lno, Body: `{"recipient":{"personnummer":"` + johansson + `"},
			"customer":"2990","lines":[{"article":"11109","components":{"add":["18250"]}},{"article":"19922","unit":"176540"}]}`}), 201)
		if got, want := suggestions("11109"), "17346×4 19922×4 18250×2 25052×1"; got != want {
			t.Errorf("suggestions for 11109 after an order: %s, want %s", got, want)
		}
		if got := suggestions("23993"); got != "" {
			t.Errorf("suggestions for 23993: %q, want none", got)
		}
		wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/articles/NOPE/suggestions", Bearer: lno}), http.StatusNotFound, "not_found")
		if r := call(t, srv, request{Method: "GET", Path: "/api/v1/articles/11109/suggestions"}); r.Status != http.StatusUnauthorized {
			t.Errorf("suggestions without logging in: %d", r.Status)
		}
	})
}
