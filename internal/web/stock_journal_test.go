package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

type movementOut struct {
	ID, At, Warehouse, Article, ArticleName string
	Unit                                    *string
	OnHandDelta, ReservedDelta              int
	Type, TypeText, Reference, User         string
}

type movementsOut struct {
	Movements []movementOut
	Page      int
	More      bool
}

// GET /api/v1/stock/movements: the stock journal by unit (or its serial number),
// article, warehouse, type and period, newest first, for the warehouse and the
// admin only.
func TestStockMovementsAPI(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		lager, lno := boLogin(t, srv, "LAGER"), boLogin(t, srv, "K082LNO")
		today := srv.Svc.Today().Format("2006-01-02")
		journal := func(query url.Values) movementsOut {
			t.Helper()
			var out movementsOut
			if st := lager.do("GET", "/api/v1/stock/movements?"+query.Encode(), nil, &out); st != 200 {
				t.Fatalf("GET /api/v1/stock/movements?%s: %d", query.Encode(), st)
			}
			return out
		}

		// Two units received with serial numbers; the first is moved to 3000.
		var rec struct {
			Units []struct{ Unit, Serial string }
		}
		if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "24310",
			"units": []map[string]string{{"serial": "JR-1"}, {"serial": "JR-2"}}}, &rec); st != 201 || len(rec.Units) != 2 {
			t.Fatalf("receipt: %d %+v", st, rec)
		}
		unit := rec.Units[0].Unit
		if st := lager.do("POST", "/api/v1/stock/moves", map[string]string{"unit": unit, "to": "3000"}, nil); st != 200 {
			t.Fatalf("move %s: %d", unit, st)
		}
		byUnit := journal(url.Values{"unit": {"JR-1"}}) // by its serial number
		want := []struct {
			typ, warehouse string
			onHand         int
		}{{"move", "3000", 1}, {"move", "2000", -1}, {"receipt", "2000", 1}}
		if len(byUnit.Movements) != len(want) {
			t.Fatalf("movements of unit %s: %+v; want %d", unit, byUnit.Movements, len(want))
		}
		for i, w := range want {
			m := byUnit.Movements[i]
			// The time is UTC, the day Swedish: between 23 and 24 UTC they differ.
			at, err := time.Parse(time.RFC3339, m.At)
			if err != nil || m.Type != w.typ || m.Warehouse != w.warehouse || m.OnHandDelta != w.onHand || m.Unit == nil || *m.Unit != unit ||
				m.Article != "24310" || m.ArticleName == "" || m.User != "LAGER" || domain.FormatDate(domain.DateOf(at)) != today || m.TypeText == "" {
				t.Errorf("movement %d of unit %s: %+v; want %s of %+d at %s", i, unit, m, w.typ, w.onHand, w.warehouse)
			}
		}
		if byUnit.Movements[2].TypeText != "Inleverans" || byUnit.Movements[0].TypeText != "Flytt mellan lager" {
			t.Errorf("type texts %q, %q", byUnit.Movements[2].TypeText, byUnit.Movements[0].TypeText)
		}

		// Delivering an order journals the unit that went out.
		o := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/orders", Bearer: lno.token,
			Body: `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`}), 201)
		d := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/orders/" + o["number"].(string) + "/deliver", Bearer: lager.token, Body: `{}`}), 200)
		out := d["lines"].([]any)[0].(map[string]any)["units"].([]any)[0].(string)
		delivered := journal(url.Values{"unit": {out}})
		if len(delivered.Movements) < 2 || delivered.Movements[0].Type != "delivery" || delivered.Movements[0].OnHandDelta != -1 ||
			delivered.Movements[0].ReservedDelta != -1 || delivered.Movements[0].Reference != o["number"] {
			t.Errorf("movements of the delivered unit %s: %+v; want its delivery on %s first", out, delivered.Movements, o["number"])
		}
		if last := delivered.Movements[len(delivered.Movements)-1]; last.Type != "receipt" {
			t.Errorf("the delivered unit's first movement: %+v; want its receipt", last)
		}

		// By article and type: the order's reservation of 11109 (no unit) and its delivery.
		reserve := journal(url.Values{"article": {"11109"}, "type": {"reserve"}, "from": {today}, "to": {today}})
		if len(reserve.Movements) != 1 || reserve.Movements[0].Unit != nil || reserve.Movements[0].ReservedDelta != 1 || reserve.Movements[0].Reference != o["number"] {
			t.Errorf("reservations of 11109 today: %+v; want the order's one", reserve.Movements)
		}
		for _, m := range journal(url.Values{"article": {"11109"}}).Movements {
			if m.Article != "11109" {
				t.Errorf("an article's journal shows %+v", m)
			}
		}
		if n := len(journal(url.Values{"warehouse": {"3000"}, "from": {today}}).Movements); n != 1 {
			t.Errorf("today's movements at 3000: %d; want the move in", n)
		}
		if n := len(journal(url.Values{"article": {"24310"}, "to": {"2000-01-01"}}).Movements); n != 0 {
			t.Errorf("movements of 24310 until 2000: %d; want none", n)
		}

		// Paging: 100 a page, newest first.
		all := journal(url.Values{})
		if len(all.Movements) != 100 || !all.More || all.Page != 1 {
			t.Fatalf("first page: %d movements, more %v, page %d; want 100, more, 1", len(all.Movements), all.More, all.Page)
		}
		next := journal(url.Values{"page": {"2"}})
		if next.Page != 2 || len(next.Movements) == 0 || next.Movements[0].ID == all.Movements[99].ID || next.Movements[0].At > all.Movements[99].At {
			t.Errorf("second page starts with %+v after %+v", next.Movements[0], all.Movements[99])
		}

		// Mistakes and roles.
		for _, c := range []struct {
			query  string
			status int
			code   domain.Code
		}{
			{"type=theft", http.StatusBadRequest, domain.EInvalid},
			{"from=2026-13-01", http.StatusBadRequest, domain.EInvalid},
			{"from=2026-05-02&to=2026-05-01", http.StatusBadRequest, domain.EInvalid},
			{"article=NOSUCH", http.StatusBadRequest, domain.EInvalid},
			{"unit=NOSUCH-9", http.StatusNotFound, domain.ENotFound},
			{"page=0", http.StatusBadRequest, domain.EInvalid},
		} {
			wantError(t, call(t, srv, request{Method: "GET", Path: "/api/v1/stock/movements?" + c.query, Bearer: lager.token}), c.status, c.code)
		}
		for _, user := range []string{"K082LNO", "TEKNIKER", "KUNDTJANST"} {
			if st := boLogin(t, srv, user).do("GET", "/api/v1/stock/movements", nil, nil); st != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", user, st)
			}
		}
		if st := boLogin(t, srv, "ADMIN").do("GET", "/api/v1/stock/movements?article=24310", nil, nil); st != 200 {
			t.Errorf("ADMIN: %d", st)
		}
	})
}

// Lagerjournal: the page filters like the API, keeps the filter in its form, and
// shows a mistake next to its field.
func TestStockJournalPage(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		lager := boLogin(t, srv, "LAGER")
		page := call(t, srv, request{Method: "GET", Path: "/lager/journal?article=11109&type=receipt", Cookie: lager.token})
		if page.Status != http.StatusOK {
			t.Fatalf("GET /lager/journal: %d\n%.500s", page.Status, page.Body)
		}
		for _, want := range []string{`<a href="/lager/journal" aria-current="page">`, `value="11109"`, `<option value="receipt" selected>Inleverans</option>`,
			`<table class="data journal">`, `<a href="/lager/journal?article=11109">11109</a>`, `<a href="/lager/individ?unit=`, `<td class="num">&#43;1</td>`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the journal of 11109's receipts lacks %s", want)
			}
		}
		if strings.Contains(page.Body, "<td>Reservation</td>") {
			t.Error("a receipts-only journal shows a reservation")
		}
		missing := call(t, srv, request{Method: "GET", Path: "/lager/journal?unit=NOSUCH-1", Cookie: lager.token})
		if missing.Status != http.StatusBadRequest || !strings.Contains(missing.Body, `id="f-unit-error"`) {
			t.Errorf("an unknown unit: %d, want 400 with the message at the field", missing.Status)
		}
		bad := call(t, srv, request{Method: "GET", Path: "/lager/journal?from=igår", Cookie: lager.token})
		if bad.Status != http.StatusBadRequest || !strings.Contains(bad.Body, `id="f-from-error"`) || !strings.Contains(bad.Body, `value="igår"`) {
			t.Errorf("a date that is none: %d, want 400 with the message at the field and the value kept", bad.Status)
		}
	})
}
