package web_test

import (
	"context"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/testserver"
)

// Pressing Verkställ twice (a resubmitted form with the same one-time token, or a
// double click) creates one order and shows the same confirmation.
func TestOrderPagesDoubleVerkstall(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := startOrders(t, backend...)
		c, post := formBrowser(t, srv, "K082LNO")
		// A link from Hjälpmedel for a care unit preselects it as recipient.
		resp, err := c.Get(srv.URL + "/kundorder?kund=1464&artikel=" + ordertest.ArmRest)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), `value="vardenhet" checked`) || !strings.Contains(string(b), `name="artikel" value="`+ordertest.ArmRest+`"`) {
			t.Errorf("?kund=1464&artikel=…: care unit not preselected or article not carried")
		}
		at, _ := post("/kundorder", url.Values{"mottagare": {"patient"}, "personnummer": {ordertest.Patient}, "customer": {"2990"}})
		lines := regexp.MustCompile(`^/kundorder/utkast/\d+/rader$`).FindString(at)
		if lines == "" {
			t.Fatalf("after Orderinformation at %s", at)
		}
		_, page := post(lines, url.Values{"action": {"spara"}, "article": {ordertest.ArmRest}, "quantity": {"1"}})
		if !strings.Contains(page, ordertest.ArmRest) {
			t.Fatalf("line not shown")
		}
		_, page = post(lines, url.Values{"action": {"fortsatt"}})
		token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(page)
		if token == nil {
			t.Fatalf("no token on the delivery page")
		}
		verk := strings.Replace(lines, "/rader", "/verkstall", 1)
		form := url.Values{"token": {token[1]}, "from": {"customer"}}
		at1, page1 := post(verk, form)
		at2, page2 := post(verk, form)
		if at1 != at2 || !strings.Contains(page1, "Din order är nu registrerad.") || !strings.Contains(page2, "Din order är nu registrerad.") {
			t.Fatalf("double Verkställ: %s vs %s", at1, at2)
		}
		var n int
		srv.DB.Read().Get(context.Background(), "SELECT COUNT(*) FROM orders WHERE status = 'registered' AND id IN (SELECT order_id FROM order_lines WHERE article_number = ?)",
			[]any{ordertest.ArmRest}, &n)
		if n != 1 {
			t.Errorf("%d orders registered, want 1", n)
		}
		var reserved int
		srv.DB.Read().Get(context.Background(), "SELECT reserved FROM stock WHERE warehouse = '2000' AND article_number = ?", []any{ordertest.ArmRest}, &reserved)
		if reserved != 1 {
			t.Errorf("reserved %d, want 1", reserved)
		}
	})
}
