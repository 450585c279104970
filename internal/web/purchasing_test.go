package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// Purchasing (SPEC §10.9) on 15749 Skrivunderlägg (Bort & Frenning AB) at 2000
// Länsservice Boden: a reorder point puts it among the proposals; a purchase
// order for the proposed quantity takes it off them and, while open, moves the
// dispatch date of an order that waits for it; two partial receipts close it,
// each on hand and in the journal; more than remains is refused in Swedish.
func TestPurchasingReorderProposalOrderReceipts(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		do := func(tok, method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: tok, Body: body})
		}
		balance := func() (onHand, available int) {
			b := mustStatus(t, do(lager, "GET", "/api/v1/stock?warehouse=2000&article=15749", ""), http.StatusOK)["balances"].([]any)[0].(map[string]any)
			return int(b["onHand"].(float64)), int(b["available"].(float64))
		}
		proposal := func() map[string]any {
			for _, p := range mustStatus(t, do(lager, "GET", "/api/v1/purchaseproposals", ""), http.StatusOK)["proposals"].([]any) {
				if p := p.(map[string]any); p["article"] == "15749" {
					return p
				}
			}
			return nil
		}
		onHand, avail := balance()

		// The reorder point: the warehouse's own, not the prescriber's, not another warehouse's.
		reorder := fmt.Sprintf(`{"warehouse":"2000","article":"15749","reorderPoint":%d,"orderQuantity":5}`, avail+2)
		wantError(t, do(lno, "PUT", "/api/v1/stock/reorderpoints", reorder), http.StatusForbidden, domain.EForbidden)
		wantError(t, do(lager, "PUT", "/api/v1/stock/reorderpoints", strings.Replace(reorder, `"2000"`, `"3000"`, 1)), http.StatusForbidden, domain.EForbidden)
		wantError(t, do(lager, "PUT", "/api/v1/stock/reorderpoints", strings.Replace(reorder, `"orderQuantity":5`, `"orderQuantity":0`, 1)), http.StatusBadRequest, domain.EInvalid)
		if proposal() != nil {
			t.Fatal("15749 proposed before it has a reorder point")
		}
		set := mustStatus(t, do(lager, "PUT", "/api/v1/stock/reorderpoints", reorder), http.StatusOK)
		if set["reorderPoint"] != float64(avail+2) || set["orderQuantity"] != float64(5) || set["name"] != "Skrivunderlägg 70x50x8" {
			t.Errorf("the reorder point set: %v", set)
		}
		p := proposal()
		if p == nil || p["available"] != float64(avail) || p["incoming"] != float64(0) || p["suggestedQuantity"] != float64(5) || p["supplier"] != "Bort & Frenning AB" {
			t.Fatalf("the proposal of 15749: %v", p)
		}

		// A purchase order to the article's supplier, not another's.
		wantError(t, do(lager, "POST", "/api/v1/purchaseorders", `{"supplier":"Bort & Frenning AB","warehouse":"2000","lines":[{"article":"11109","quantity":1}]}`),
			http.StatusBadRequest, domain.EInvalid)
		wantError(t, do(lager, "POST", "/api/v1/purchaseorders", `{"warehouse":"3000","lines":[{"article":"15749","quantity":1}]}`),
			http.StatusForbidden, domain.EForbidden)
		po := mustStatus(t, do(lager, "POST", "/api/v1/purchaseorders",
			`{"supplier":"Bort & Frenning AB","warehouse":"2000","expectedDate":"2026-11-30","lines":[{"article":"15749","quantity":5}]}`), http.StatusCreated)
		number, _ := po["number"].(string)
		line := po["lines"].([]any)[0].(map[string]any)
		if !domain.ValidDocNumber(number) || po["status"] != "registered" || po["statusText"] != "Registrerad" || po["supplier"] != "Bort & Frenning AB" ||
			po["expectedDate"] != "2026-11-30" || line["quantity"] != float64(5) || line["remaining"] != float64(5) {
			t.Fatalf("the purchase order: %v", po)
		}
		if p := proposal(); p != nil {
			t.Errorf("15749 is still proposed with an open purchase order of 5: %v", p)
		}

		// While it is open, an order that waits for 15749 leaves the working day
		// after the purchase order is expected, as long as it brings enough.
		var lead int
		if err := srv.DB.Read().Get(t.Context(), "SELECT lead_time_days FROM articles WHERE number = '15749'", nil, &lead); err != nil {
			t.Fatal(err)
		}
		order := func(quantity int) string {
			o := mustStatus(t, do(lno, "POST", "/api/v1/orders", fmt.Sprintf(`{"recipient":{"personnummer":"191212121212"},"customer":"2990",
				"lines":[{"article":"15749","quantity":%d}]}`, quantity)), http.StatusCreated)
			return o["lines"].([]any)[0].(map[string]any)["dispatchDate"].(string)
		}
		if got := order(avail + 3); got != "2026-12-01" {
			t.Errorf("dispatch date of %d waiting for the purchase order: %s, want 2026-12-01", avail+3, got)
		}
		// The first order waits for what is in stock and all but 2 of what the
		// purchase order brings.
		if got, want := order(avail+1), domain.FormatDate(domain.AddWorkingDays(serviceNow, lead)); got != want {
			t.Errorf("dispatch date of more than the purchase order brings: %s, want the lead time's %s", got, want)
		}

		// Two partial receipts; more than remains is refused.
		receipts := "/api/v1/purchaseorders/" + number + "/receipts"
		r := mustStatus(t, do(lager, "POST", receipts, `{"lines":[{"article":"15749","quantity":2}]}`), http.StatusCreated)
		got := r["purchaseOrder"].(map[string]any)
		if got["status"] != "partly_received" || got["statusText"] != "Delvis mottagen" || got["lines"].([]any)[0].(map[string]any)["remaining"] != float64(3) {
			t.Errorf("after the first receipt: %v", got)
		}
		e := wantError(t, do(lager, "POST", receipts, `{"lines":[{"article":"15749","quantity":4}]}`), http.StatusBadRequest, domain.EInvalid)
		if want := "Artikel 15749: 3 återstår att ta emot på inköpsorder " + number + ", inte 4."; e["message"] != want {
			t.Errorf("over-receipt: %q, want %q", e["message"], want)
		}
		wantError(t, do(lno, "POST", receipts, `{"lines":[{"article":"15749","quantity":1}]}`), http.StatusForbidden, domain.EForbidden)
		got = mustStatus(t, do(lager, "POST", receipts, `{"lines":[{"article":"15749","quantity":3}]}`), http.StatusCreated)["purchaseOrder"].(map[string]any)
		if got["status"] != "closed" || got["closedAt"] == nil || len(got["receipts"].([]any)) != 2 {
			t.Errorf("after the second receipt: %v", got)
		}
		wantError(t, do(lager, "POST", receipts, `{"lines":[{"article":"15749","quantity":1}]}`), http.StatusConflict, domain.EConflict)
		if o, _ := balance(); o != onHand+5 {
			t.Errorf("on hand after receiving 5: %d, want %d", o, onHand+5)
		}
		deltas, err := srv.DB.Read().Strings(t.Context(), `SELECT reason || ' ' || warehouse || ' ' || CAST(on_hand_delta AS TEXT) || ' ' || username
			FROM stock_movements WHERE article_number = '15749' AND reference = ? ORDER BY id`, "Inköpsorder "+number)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(deltas, ", ") != "receipt 2000 2 LAGER, receipt 2000 3 LAGER" {
			t.Errorf("the journal of the purchase order: %v", deltas)
		}
		if g := mustStatus(t, do(lager, "GET", "/api/v1/purchaseorders/"+number, ""), http.StatusOK); g["status"] != "closed" {
			t.Errorf("GET the purchase order: %v", g)
		}
		if p := proposal(); p != nil {
			t.Errorf("15749 proposed again with %v", p)
		}
	})
}

// Units of an individually tracked article are received against a purchase
// order with their serial numbers and get unit numbers, journalled with the
// order; an order closed early no longer counts.
func TestPurchasingUnitsAndClose(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		do := func(method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: lager, Body: body})
		}
		po := mustStatus(t, do("POST", "/api/v1/purchaseorders", `{"warehouse":"2000","lines":[{"article":"23993","quantity":2},{"article":"25800","quantity":1}]}`), http.StatusCreated)
		number := po["number"].(string)
		if po["supplier"] != "Falck Hjälpmedel AB" || po["expectedDate"] == "" {
			t.Fatalf("the purchase order: %v", po)
		}
		receipts := "/api/v1/purchaseorders/" + number + "/receipts"
		wantError(t, do("POST", receipts, `{"lines":[{"article":"23993","quantity":1}]}`), http.StatusBadRequest, domain.EInvalid)
		wantError(t, do("POST", receipts, `{"lines":[{"article":"23993","units":[{"serial":"TT-1"},{"serial":"TT-1"}]}]}`), http.StatusBadRequest, domain.EInvalid)
		r := mustStatus(t, do("POST", receipts, `{"lines":[{"article":"23993","units":[{"serial":"TT-1","warrantyUntil":"2028-11-25"}]}]}`), http.StatusCreated)
		units := r["received"].([]any)[0].(map[string]any)["units"].([]any)
		if len(units) != 1 || units[0].(map[string]any)["serial"] != "TT-1" {
			t.Fatalf("received units: %v", r["received"])
		}
		unit := units[0].(map[string]any)["unit"].(string)
		h := mustStatus(t, do("GET", "/api/v1/stock/units/"+unit+"/history", ""), http.StatusOK)
		if h["status"] != "in_stock" || h["warehouse"] != "2000" || !strings.Contains(fmt.Sprint(h["history"]), "Inköpsorder "+number) {
			t.Errorf("the new unit: %v", h)
		}
		got := mustStatus(t, do("GET", "/api/v1/purchaseorders/"+number, ""), http.StatusOK)
		if rc := got["receipts"].([]any); len(rc) != 1 || fmt.Sprint(rc[0].(map[string]any)["units"]) != "["+unit+"]" {
			t.Errorf("the receipts: %v", got["receipts"])
		}
		closed := mustStatus(t, do("POST", "/api/v1/purchaseorders/"+number+"/close", ""), http.StatusOK)
		if closed["status"] != "closed" {
			t.Errorf("closed after a receipt: %v", closed)
		}
		wantError(t, do("POST", receipts, `{"lines":[{"article":"25800","units":[{"serial":"F-9"}]}]}`), http.StatusConflict, domain.EConflict)
		open := mustStatus(t, do("GET", "/api/v1/purchaseorders?status=open", ""), http.StatusOK)["purchaseOrders"].([]any)
		if strings.Contains(fmt.Sprint(open), number) {
			t.Errorf("a closed purchase order among the open ones: %v", open)
		}

		// Nothing received: cancelled.
		po = mustStatus(t, do("POST", "/api/v1/purchaseorders", `{"warehouse":"2000","expectedDate":"2026-12-02","lines":[{"article":"25800","quantity":1}]}`), http.StatusCreated)
		if c := mustStatus(t, do("POST", "/api/v1/purchaseorders/"+po["number"].(string)+"/close", ""), http.StatusOK); c["status"] != "cancelled" {
			t.Errorf("closed with nothing received: %v", c)
		}
		wantError(t, do("POST", "/api/v1/purchaseorders", `{"warehouse":"2000","expectedDate":"2026-11-24","lines":[{"article":"25800","quantity":1}]}`), http.StatusBadRequest, domain.EInvalid)
	})
}

// The pages: a reorder point set in the form, the proposal turned into a
// purchase order, its PDF and CSV for the supplier, a receipt in the form.
func TestPurchasingPages(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		c, post := formBrowser(t, srv, "LAGER")
		get := func(path string) string {
			t.Helper()
			resp, err := c.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
			}
			return string(b)
		}
		_, body := post("/lager/bestallningspunkter", url.Values{"warehouse": {"2000"}, "article": {"15749"}, "reorderPoint": {"1000"}, "orderQuantity": {"50"}})
		if !strings.Contains(body, "Beställningspunkten för artikel 15749 i lager 2000 är sparad.") || !strings.Contains(body, "Skrivunderlägg 70x50x8") {
			t.Fatalf("after saving the reorder point:\n%.3000s", body)
		}
		if body := get("/lager/inkop/forslag"); !strings.Contains(body, `value="2000:15749"`) || !strings.Contains(body, "Bort &amp; Frenning AB") {
			t.Fatalf("the proposals:\n%.4000s", body)
		}
		path, body := post("/lager/inkop/forslag", url.Values{"rad": {"2000:15749"}, "antal:2000:15749": {"7"}})
		number := strings.TrimPrefix(path, "/lager/inkop/")
		if !domain.ValidDocNumber(number) || !strings.Contains(body, "Inköpsorder "+number+" till Bort &amp; Frenning AB är registrerad.") {
			t.Fatalf("after creating the purchase order: %s\n%.3000s", path, body)
		}
		resp, err := c.Get(srv.URL + path + "?format=pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if text := pdftest.Text(t, pdf); !strings.Contains(text, "Inköpsorder "+number) || !strings.Contains(text, "Bort & Frenning AB") ||
			!strings.Contains(text, "BF-7050") || !strings.Contains(text, "Skrivunderlägg 70x50x8") {
			t.Errorf("the purchase order PDF:\n%s", text)
		}
		if csv := get(path + "?format=csv"); !strings.HasPrefix(csv, "Inköpsorder,Leverantör,") || !strings.Contains(csv, number+",Bort & Frenning AB,2000,") {
			t.Errorf("the purchase order CSV:\n%s", csv)
		}
		// More than remains stays in the form with the message; then a part.
		resp, err = c.PostForm(srv.URL+path+"/mottagning", url.Values{"quantity.15749": {"8"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), "Artikel 15749: 7 återstår att ta emot på inköpsorder "+number+", inte 8.") {
			t.Errorf("over-receipt in the form: %d\n%.3000s", resp.StatusCode, b)
		}
		_, body = post(path+"/mottagning", url.Values{"quantity.15749": {"4"}})
		if !strings.Contains(body, "Mottaget mot inköpsorder "+number+": 4.") || !strings.Contains(body, "Delvis mottagen") {
			t.Errorf("after a receipt:\n%.3000s", body)
		}
		if body := get("/lager/inkop"); !strings.Contains(body, number) {
			t.Errorf("the open purchase orders do not list %s", number)
		}
		_, body = post("/lager/inkop/ny", url.Values{"warehouse": {"2000"}, "lines": {"15749; 2"}})
		if !strings.Contains(body, "till Bort &amp; Frenning AB är registrerad.") {
			t.Errorf("a hand-made purchase order:\n%.3000s", body)
		}
	})
}

// TestPurchaseReceiptRace: two receipts against one purchase order at once, 20
// times on each database. Of 3 and 2 on a remaining 5 both are taken and the
// order closes; of 3 and 3 one is refused as more than remains. Never more
// received than ordered, never an order left open with nothing remaining.
func TestPurchaseReceiptRace(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		do := func(method, path, body string) reply {
			return call(t, srv, request{Method: method, Path: path, Bearer: lager, Body: body})
		}
		for round := range 20 {
			second := 2 + round%2 // 2: both fit; 3: one does not
			number := mustStatus(t, do("POST", "/api/v1/purchaseorders", `{"warehouse":"2000","lines":[{"article":"15749","quantity":5}]}`), http.StatusCreated)["number"].(string)
			path := "/api/v1/purchaseorders/" + number + "/receipts"
			var wg sync.WaitGroup
			statuses := make([]int, 2)
			start := make(chan struct{})
			for i, q := range []int{3, second} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					statuses[i] = do("POST", path, fmt.Sprintf(`{"lines":[{"article":"15749","quantity":%d}]}`, q)).Status
				}()
			}
			close(start)
			wg.Wait()
			po := mustStatus(t, do("GET", "/api/v1/purchaseorders/"+number, ""), http.StatusOK)
			received := po["lines"].([]any)[0].(map[string]any)["received"].(float64)
			switch {
			case second == 2 && (statuses[0] != 201 || statuses[1] != 201 || received != 5 || po["status"] != "closed"):
				t.Fatalf("round %d, 3 and 2: statuses %v, received %v, status %v", round, statuses, received, po["status"])
			case second == 3 && (statuses[0]+statuses[1] != 201+400 || received != 3 || po["status"] != "partly_received"):
				t.Fatalf("round %d, 3 and 3: statuses %v, received %v, status %v", round, statuses, received, po["status"])
			}
		}
	})
}
