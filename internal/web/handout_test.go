package web_test

import (
	"net/http"
	"testing"

	"hjalpmedel/internal/testserver"
)

// Hand-out from the care unit's store (SPEC §10.7): 1464's transport
// wheelchair 179711 goes to a patient, whose rent starts today under 1464 and
// its payer, while the care unit's holding ends today; a quantity is taken
// from a refill of the store, the rest stays; a prescriber of another
// customer, a blocked unit, a unit not in the store, a payer outside the
// user's and more than the store holds are refused and change nothing.
func TestHandOutFromLocalStore(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		kbn := apiLogin(t, srv, "K082KBN", demoPassword)
		ks := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		const handout = "/api/v1/customers/1464/handout"
		holdings := func() int { return countRows(t, srv, "SELECT COUNT(*) FROM holdings") }
		before := holdings()

		wantError(t, post(kbn, handout, `{"unit":"179711","personnummer":"191212121212"}`), http.StatusForbidden, "forbidden")
		wantError(t, post(lno, handout, `{"unit":"104901","personnummer":"191212121212"}`), http.StatusBadRequest, "invalid")
		wantError(t, post(lno, handout, `{"unit":"179711","personnummer":"191212121213"}`), http.StatusBadRequest, "invalid")
		wantError(t, post(lno, handout, `{"unit":"179711","personnummer":"191212121212","payer":"3110"}`), http.StatusForbidden, "forbidden")
		b := mustStatus(t, post(ks, "/api/v1/units/179711/blocks", `{"reason":"Avvikelse utreds"}`), http.StatusCreated)
		wantError(t, post(lno, handout, `{"unit":"179711","personnummer":"191212121212"}`), http.StatusConflict, "conflict")
		mustStatus(t, post(ks, "/api/v1/units/179711/blocks/"+b["id"].(string)+"/release", ""), http.StatusOK)
		if n := holdings(); n != before {
			t.Fatalf("refusals changed the holdings: %d → %d", before, n)
		}

		r := mustStatus(t, post(lno, handout, `{"unit":"179711","personnummer":"191212121212"}`), http.StatusCreated)
		if r["payer"] != "1464" || r["rentStart"] != "2026-11-25" || len(r["holdings"].([]any)) != 1 {
			t.Fatalf("hand-out: %v", r)
		}
		if n := countRows(t, srv, `SELECT COUNT(*) FROM holdings WHERE unit_number = '179711' AND recipient_personnummer = '191212121212'
			AND customer_number = '1464' AND payer_number = '1464' AND rent_start = '2026-11-25' AND end_date IS NULL`); n != 1 {
			t.Errorf("the patient's holding of 179711: %d rows", n)
		}
		if n := countRows(t, srv, `SELECT COUNT(*) FROM holdings WHERE unit_number = '179711' AND recipient_customer = '1464'
			AND end_date = '2026-11-25' AND end_reason = 'handed_out'`); n != 1 {
			t.Errorf("the care unit's holding of 179711 did not end today: %d rows", n)
		}
		if n := countRows(t, srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'holding.handout' AND personnummer = '191212121212'"); n != 1 {
			t.Errorf("%d audit entries of the hand-out", n)
		}
		wantError(t, post(lno, handout, `{"unit":"179711","personnummer":"191212121212"}`), http.StatusBadRequest, "invalid")

		// A refill of the store with three of an article, then two handed out.
		var article string
		if err := srv.DB.Read().Get(t.Context(), `SELECT s.article_number FROM stock s JOIN articles a ON a.number = s.article_number
			WHERE NOT a.individual AND a.status = 'stocked' AND s.warehouse = '2000' AND s.on_hand - s.reserved >= 3
			ORDER BY s.article_number LIMIT 1`, nil, &article); err != nil {
			t.Fatal(err)
		}
		o := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"customer":"1464"},"customer":"1464","lines":[{"article":"`+article+`","quantity":3}]}`), http.StatusCreated)
		mustStatus(t, post(lager, "/api/v1/orders/"+o["number"].(string)+"/deliver", `{}`), http.StatusOK)
		wantError(t, post(lno, handout, `{"article":"`+article+`","quantity":4,"personnummer":"191212121212"}`), http.StatusBadRequest, "invalid")
		r = mustStatus(t, post(lno, handout, `{"article":"`+article+`","quantity":2,"personnummer":"191212121212"}`), http.StatusCreated)
		if len(r["holdings"].([]any)) != 1 {
			t.Fatalf("quantity hand-out: %v", r)
		}
		left := countRows(t, srv, `SELECT COALESCE(SUM(quantity), 0) FROM holdings WHERE recipient_customer = '1464' AND article_number = ? AND end_date IS NULL`, article)
		given := countRows(t, srv, `SELECT COALESCE(SUM(quantity), 0) FROM holdings WHERE recipient_personnummer = '191212121212' AND article_number = ?
			AND end_date IS NULL AND rent_start = '2026-11-25'`, article)
		if left != 1 || given != 2 {
			t.Errorf("after handing out 2 of 3: the store holds %d, the patient got %d", left, given)
		}
	})
}
