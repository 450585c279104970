package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// stockAndJournal returns an article's on hand at 2000 and the sum of its
// journal there: a count keeps them equal.
func stockAndJournal(t *testing.T, srv *testserver.Server, article string) (onHand, journal int) {
	t.Helper()
	if err := srv.DB.Read().Get(t.Context(), `SELECT COALESCE((SELECT on_hand FROM stock WHERE warehouse = '2000' AND article_number = ?), 0),
		COALESCE((SELECT SUM(on_hand_delta) FROM stock_movements WHERE warehouse = '2000' AND article_number = ?), 0)`,
		[]any{article, article}, &onHand, &journal); err != nil {
		t.Fatal(err)
	}
	return onHand, journal
}

// unitsInStock lists the units of an article in stock (not picked) at 2000.
func unitsInStock(t *testing.T, srv *testserver.Server, article string) []string {
	t.Helper()
	units, err := srv.DB.Read().Strings(t.Context(), `SELECT number FROM units WHERE article_number = ? AND warehouse = '2000' AND status = 'in_stock' ORDER BY number`, article)
	if err != nil {
		t.Fatal(err)
	}
	return units
}

// LAGER gives 15749 Skrivunderlägg and 11109 (units) shelf locations under
// Z-99, counts Z-99 with two Skrivunderlägg short, one unit of 11109 missing
// and an unknown serial found, and approves: the differences are journalled
// as type count, the missing unit is written off, the found one is a new
// unit, and each article's stock still equals its journal. Bad input and a
// second approval change nothing.
func TestCountLocationWithDifferences(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		do := func(tok, method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: tok, Body: body})
		}

		// Shelf locations: typed in lower case, stored in capitals; a bad one,
		// another warehouse's and a prescriber are refused.
		e := wantError(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"15749","location":"Hylla 3"}`), http.StatusBadRequest, domain.EInvalid)
		if e["message"] != "Ange lagerplats med bokstäver och siffror åtskilda av bindestreck, till exempel A-03-2." {
			t.Errorf("a bad location: %v", e)
		}
		wantError(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"3000","article":"15749","location":"Z-99-1"}`), http.StatusForbidden, domain.EForbidden)
		wantError(t, do(lno, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"15749","location":"Z-99-1"}`), http.StatusForbidden, domain.EForbidden)
		set := mustStatus(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"15749","location":"z-99-1"}`), http.StatusOK)
		if set["location"] != "Z-99-1" || set["name"] != "Skrivunderlägg 70x50x8" {
			t.Errorf("the location set: %v", set)
		}
		mustStatus(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"11109","location":"Z-99-2"}`), http.StatusOK)
		b := mustStatus(t, do(lager, "GET", "/api/v1/stock?warehouse=2000&article=15749", ""), http.StatusOK)["balances"].([]any)[0].(map[string]any)
		if b["location"] != "Z-99-1" {
			t.Errorf("the balance's location: %v", b)
		}

		// A count of Z-99 takes both, in shelf order; a location without articles is refused.
		wantError(t, do(lager, "POST", "/api/v1/counts", `{"warehouse":"2000","location":"Q-1"}`), http.StatusBadRequest, domain.EInvalid)
		wantError(t, do(lager, "POST", "/api/v1/counts", `{"warehouse":"3000","location":"Z-99"}`), http.StatusForbidden, domain.EForbidden)
		c := mustStatus(t, do(lager, "POST", "/api/v1/counts", `{"warehouse":"2000","location":"Z-99"}`), http.StatusCreated)
		id, _ := c["id"].(string)
		lines := c["lines"].([]any)
		if c["status"] != "open" || c["statusText"] != "Pågår" || len(lines) != 2 || lines[0].(map[string]any)["article"] != "15749" ||
			lines[1].(map[string]any)["article"] != "11109" || lines[0].(map[string]any)["counted"] != nil {
			t.Fatalf("the count started: %v", c)
		}
		path := "/api/v1/counts/" + id

		onHand, journal := stockAndJournal(t, srv, "15749")
		unitsBefore, unitJournal := stockAndJournal(t, srv, "11109") // units picked for orders are on hand too
		inStock := unitsInStock(t, srv, "11109")
		if onHand != journal || unitsBefore != unitJournal {
			t.Fatalf("before the count the stock is not its journal: 15749 %d/%d, 11109 %d/%d", onHand, journal, unitsBefore, unitJournal)
		}
		if onHand < 2 || len(inStock) < 2 {
			t.Fatalf("15749 on hand %d, 11109 units in stock %v: the demo has more", onHand, inStock)
		}
		var otherUnit string
		if err := srv.DB.Read().Get(t.Context(), "SELECT number FROM units WHERE article_number <> '11109' ORDER BY number LIMIT 1", nil, &otherUnit); err != nil {
			t.Fatal(err)
		}

		// Bad entries are refused and change nothing.
		for _, bad := range []string{
			`{"lines":[{"article":"15749","counted":-1}]}`,
			`{"lines":[{"article":"15749","counted":3,"units":["X1"]}]}`,
			`{"lines":[{"article":"23993","counted":1}]}`,
			`{"lines":[{"article":"11109","units":["` + otherUnit + `"]}]}`,
			`{"lines":[{"article":"11109","units":["` + inStock[0] + `","` + inStock[0] + `"]}]}`,
			`{"lines":[{"article":"11109","counted":2,"units":["` + inStock[0] + `"]}]}`,
			`{"lines":[{"article":"15749","counted":1}, {"article":"11109"}]}`,
			`{"lines":[]}`,
		} {
			wantError(t, do(lager, "POST", path+"/lines", bad), http.StatusBadRequest, domain.EInvalid)
		}
		for _, l := range mustStatus(t, do(lager, "GET", path, ""), http.StatusOK)["lines"].([]any) {
			if l.(map[string]any)["counted"] != nil {
				t.Errorf("a refused entry was saved: %v", l)
			}
		}
		wantError(t, do(lager, "POST", path+"/approve", ""), http.StatusBadRequest, domain.EInvalid) // nothing counted

		// Two short of 15749; of 11109 one unit missing (the last) and an unknown serial found.
		missing := inStock[len(inStock)-1]
		found := append(slices.Clone(inStock[:len(inStock)-1]), "FOUND-1")
		if unitsBefore > len(inStock) { // units picked for orders are on the shelf too
			picked, err := srv.DB.Read().Strings(t.Context(), `SELECT number FROM units WHERE article_number = '11109' AND warehouse = '2000' AND status = 'reserved'`)
			if err != nil {
				t.Fatal(err)
			}
			found = append(found, picked...)
		}
		units := `"` + strings.Join(found, `","`) + `"`
		v := mustStatus(t, do(lager, "POST", path+"/lines", fmt.Sprintf(`{"lines":[{"article":"15749","counted":%d},{"article":"11109","units":[%s]}]}`, onHand-2, units)), http.StatusOK)
		diffs := v["differences"].([]any)
		if len(diffs) != 2 {
			t.Fatalf("the differences: %v", v)
		}
		d0, d1 := diffs[0].(map[string]any), diffs[1].(map[string]any)
		if d0["article"] != "15749" || d0["delta"] != float64(-2) || d0["expected"] != float64(onHand) {
			t.Errorf("15749's difference: %v", d0)
		}
		extra := d1["extra"].([]any)
		if d1["delta"] != float64(0) || fmt.Sprint(d1["missing"]) != "["+missing+"]" || len(extra) != 1 || extra[0].(map[string]any)["code"] != "FOUND-1" ||
			extra[0].(map[string]any)["unit"] != nil {
			t.Errorf("11109's difference: %v", d1)
		}

		// Approval journals it; a second approval, an entry and a cancel are refused.
		a := mustStatus(t, do(lager, "POST", path+"/approve", ""), http.StatusOK)
		if a["status"] != "approved" || a["closedBy"] != "LAGER" || a["closedAt"] == nil {
			t.Errorf("the approved count: %v", a)
		}
		wantError(t, do(lager, "POST", path+"/approve", ""), http.StatusConflict, domain.EConflict)
		wantError(t, do(lager, "POST", path+"/lines", `{"lines":[{"article":"15749","counted":1}]}`), http.StatusConflict, domain.EConflict)
		wantError(t, do(lager, "POST", path+"/cancel", ""), http.StatusConflict, domain.EConflict)

		if o, j := stockAndJournal(t, srv, "15749"); o != onHand-2 || j != o {
			t.Errorf("15749 after the count: on hand %d, journal %d; want %d for both", o, j, onHand-2)
		}
		if o, j := stockAndJournal(t, srv, "11109"); o != unitsBefore || j != o {
			t.Errorf("11109 after the count: on hand %d, journal %d; want %d for both (one lost, one found)", o, j, unitsBefore)
		}
		var status, newUnit string
		if err := srv.DB.Read().Get(t.Context(), "SELECT status FROM units WHERE number = ?", []any{missing}, &status); err != nil || status != "scrapped" {
			t.Errorf("the missing unit %s: %q, %v", missing, status, err)
		}
		if err := srv.DB.Read().Get(t.Context(), "SELECT number FROM units WHERE article_number = '11109' AND serial = 'FOUND-1' AND status = 'in_stock'", nil, &newUnit); err != nil {
			t.Errorf("no unit of the found serial: %v", err)
		}
		moves, err := srv.DB.Read().Strings(t.Context(), `SELECT article_number || ' ' || CAST(on_hand_delta AS TEXT) || ' ' || COALESCE(unit_number, '-') || ' ' || username
			FROM stock_movements WHERE reason = 'count' AND reference LIKE ? ORDER BY article_number, on_hand_delta`, "Inventering "+id+"%")
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"11109 -1 " + missing + " LAGER", "11109 1 " + newUnit + " LAGER", "15749 -2 - LAGER"}; !slices.Equal(moves, want) {
			t.Errorf("the count's journal: %q, want %q", moves, want)
		}
		j := mustStatus(t, do(lager, "GET", "/api/v1/stock/movements?type=count&article=15749", ""), http.StatusOK)["movements"].([]any)
		if len(j) != 1 || j[0].(map[string]any)["typeText"] != "Inventering" || j[0].(map[string]any)["onHandDelta"] != float64(-2) {
			t.Errorf("the journal of type count: %v", j)
		}
		var by string
		if err := srv.DB.Read().Get(t.Context(), "SELECT username FROM audit_log WHERE action = 'count.approve' AND entity_id = ?", []any{id}, &by); err != nil || by != "LAGER" {
			t.Errorf("the approval's audit: %q, %v", by, err)
		}
		// The approved count keeps what it recorded.
		g := mustStatus(t, do(lager, "GET", path, ""), http.StatusOK)
		if gd := g["differences"].([]any); len(gd) != 2 || gd[0].(map[string]any)["delta"] != float64(-2) || fmt.Sprint(gd[1].(map[string]any)["missing"]) != "["+missing+"]" {
			t.Errorf("the approved count read again: %v", g)
		}

		// The count sheet lists the articles without what the system has.
		sheet := call(t, srv, request{Method: "GET", Path: "/lager/inventeringar/" + id + "?format=pdf", Cookie: lager})
		if sheet.Status != http.StatusOK {
			t.Fatalf("the count sheet: %d", sheet.Status)
		}
		text := pdftest.Text(t, []byte(sheet.Body))
		for _, want := range []string{"Inventeringslista – inventering " + id, "Z-99-1", "15749", "Skrivunderlägg 70x50x8", "Z-99-2", "Individnr/serienr"} {
			if !strings.Contains(text, want) {
				t.Errorf("the count sheet lacks %q:\n%s", want, text)
			}
		}
	})
}

// A count that is cancelled journals nothing.
func TestCountCancelled(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		do := func(method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: lager, Body: body})
		}
		mustStatus(t, do("PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"15749","location":"Z-98-1"}`), http.StatusOK)
		id := mustStatus(t, do("POST", "/api/v1/counts", `{"warehouse":"2000","location":"Z-98-1"}`), http.StatusCreated)["id"].(string)
		before, _ := stockAndJournal(t, srv, "15749")
		mustStatus(t, do("POST", "/api/v1/counts/"+id+"/lines", `{"lines":[{"article":"15749","counted":0}]}`), http.StatusOK)
		if c := mustStatus(t, do("POST", "/api/v1/counts/"+id+"/cancel", ""), http.StatusOK); c["status"] != "cancelled" || c["statusText"] != "Makulerad" {
			t.Errorf("the cancelled count: %v", c)
		}
		wantError(t, do("POST", "/api/v1/counts/"+id+"/approve", ""), http.StatusConflict, domain.EConflict)
		if after, _ := stockAndJournal(t, srv, "15749"); after != before {
			t.Errorf("on hand %d after a cancelled count, was %d", after, before)
		}
		wantError(t, do("GET", "/api/v1/counts/999999", ""), http.StatusNotFound, domain.ENotFound)
	})
}

// Two users approve the same count at once: one wins, the other is told it
// is approved already, and the difference is journalled once.
func TestCountApprovalRace(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		do := func(tok, method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: tok, Body: body})
		}
		mustStatus(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"15749","location":"Z-97-1"}`), http.StatusOK)
		for round := range 8 {
			onHand, journal := stockAndJournal(t, srv, "15749")
			id := mustStatus(t, do(lager, "POST", "/api/v1/counts", `{"warehouse":"2000","location":"Z-97-1"}`), http.StatusCreated)["id"].(string)
			mustStatus(t, do(lager, "POST", "/api/v1/counts/"+id+"/lines", fmt.Sprintf(`{"lines":[{"article":"15749","counted":%d}]}`, onHand+1)), http.StatusOK)
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			for i, tok := range []string{lager, admin} {
				wg.Go(func() { statuses[i] = do(tok, "POST", "/api/v1/counts/"+id+"/approve", "").Status })
			}
			wg.Wait()
			slices.Sort(statuses)
			if statuses[0] != http.StatusOK || statuses[1] != http.StatusConflict {
				t.Fatalf("round %d: two approvals answered %v; want one 200 and one 409", round, statuses)
			}
			if o, j := stockAndJournal(t, srv, "15749"); o != onHand+1 || j != journal+1 {
				t.Fatalf("round %d: on hand %d, journal %d after one approval of +1 from %d, %d", round, o, j, onHand, journal)
			}
		}
	})
}

// The pick list goes route by route (Turbil Arvidsjaur onsdag for 1464, daily
// delivery for 2990), each route's lines in the order of the shelves: B-2-1
// before B-10-1, whatever the order numbers; the PDF keeps the order.
func TestPickListPerRouteInShelfOrder(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		do := func(tok, method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: tok, Body: body})
		}
		arts, err := srv.DB.Read().Strings(t.Context(), `SELECT s.article_number FROM stock s JOIN articles a ON a.number = s.article_number
			WHERE s.warehouse = '2000' AND NOT a.individual AND a.status = 'stocked' AND a.in_assortment AND NOT a.not_orderable AND NOT a.vision_aid
			AND s.on_hand - s.reserved >= 5 ORDER BY s.article_number LIMIT 2`)
		if err != nil || len(arts) != 2 {
			t.Fatalf("two stocked articles: %v %v", arts, err)
		}
		first, second := arts[0], arts[1]
		mustStatus(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"`+first+`","location":"B-10-1"}`), http.StatusOK)
		mustStatus(t, do(lager, "PUT", "/api/v1/stock/locations", `{"warehouse":"2000","article":"`+second+`","location":"B-2-1"}`), http.StatusOK)
		order := func(customer string) string {
			o := mustStatus(t, do(lno, "POST", "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"`+customer+`",
				"lines":[{"article":"`+first+`","quantity":1},{"article":"`+second+`","quantity":2}]}`), http.StatusCreated)
			return o["number"].(string)
		}
		daily, arvidsjaur := order("2990"), order("1464")

		pl := mustStatus(t, do(lager, "GET", "/api/v1/picklists?warehouse=2000&date=2027-01-31", ""), http.StatusOK)
		var names []string
		rows := map[string][]string{} // order -> its articles in the route's order, with their locations
		for _, r := range pl["routes"].([]any) {
			route := r.(map[string]any)
			name := route["route"].(string)
			if route["daily"] == true {
				name = "daily"
			}
			names = append(names, name)
			for _, l := range route["lines"].([]any) {
				l := l.(map[string]any)
				if o := l["order"].(string); o == daily || o == arvidsjaur {
					rows[o] = append(rows[o], name+" "+l["location"].(string)+" "+l["article"].(string))
				}
			}
		}
		if i, j := slices.Index(names, "Turbil Arvidsjaur onsdag"), slices.Index(names, "daily"); i < 0 || j < 0 || i > j {
			t.Errorf("routes %q: want the named route before daily delivery", names)
		}
		if want := []string{"daily B-2-1 " + second, "daily B-10-1 " + first}; !slices.Equal(rows[daily], want) {
			t.Errorf("order %s on the pick list: %q, want %q", daily, rows[daily], want)
		}
		if want := []string{"Turbil Arvidsjaur onsdag B-2-1 " + second, "Turbil Arvidsjaur onsdag B-10-1 " + first}; !slices.Equal(rows[arvidsjaur], want) {
			t.Errorf("order %s on the pick list: %q, want %q", arvidsjaur, rows[arvidsjaur], want)
		}

		page := call(t, srv, request{Method: "GET", Path: "/lager/plocklista?lager=2000&datum=2027-01-31&format=pdf", Cookie: lager})
		if page.Status != http.StatusOK {
			t.Fatalf("the pick list PDF: %d", page.Status)
		}
		text := pdftest.Text(t, []byte(page.Body))
		for _, want := range []string{"Plocklista – Turbil Arvidsjaur onsdag", "Plocklista – Daglig leverans", "Lagerplats"} {
			if !strings.Contains(text, want) {
				t.Errorf("the pick list PDF lacks %q:\n%s", want, text)
			}
		}
		if i, j := strings.Index(text, "B-2-1"), strings.Index(text, "B-10-1"); i < 0 || j < i {
			t.Errorf("the pick list PDF has B-10-1 before B-2-1:\n%s", text)
		}
	})
}
