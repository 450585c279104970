package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// The admin has no warehouse of their own: Plocklista offers every warehouse
// (and all at once, the default) instead of refusing with "Ange lager."; the
// warehouse's own staff choose only their own.
func TestPickListWarehouseChoice(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		admin, lager := boLogin(t, srv, "ADMIN"), boLogin(t, srv, "LAGER")
		page := call(t, srv, request{Method: "GET", Path: "/lager/plocklista", Cookie: admin.token})
		if page.Status != http.StatusOK {
			t.Fatalf("admin: GET /lager/plocklista: %d\n%.500s", page.Status, page.Body)
		}
		for _, want := range []string{`<select id="f-lager" name="lager"`, `<option value="" selected>Alla lager</option>`, `<option value="2000">`, `<option value="3000">`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("admin's pick list lacks %s", want)
			}
		}
		if strings.Contains(page.Body, "Ange lager.") {
			t.Error(`admin's pick list says "Ange lager."`)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/lager/plocklista?lager=3000", Cookie: admin.token}); !strings.Contains(r.Body, `<option value="3000" selected>`) {
			t.Errorf("admin's pick list of 3000: %d, 3000 not chosen", r.Status)
		}
		var all struct{ Warehouse string }
		if st := admin.do("GET", "/api/v1/picklists", nil, &all); st != 200 || all.Warehouse != "" {
			t.Errorf("admin: GET /api/v1/picklists: %d, warehouse %q; want 200 and every warehouse", st, all.Warehouse)
		}
		own := call(t, srv, request{Method: "GET", Path: "/lager/plocklista", Cookie: lager.token})
		if !strings.Contains(own.Body, `<option value="2000" selected>`) || strings.Contains(own.Body, `<option value="3000"`) || strings.Contains(own.Body, "Alla lager") {
			t.Errorf("LAGER's pick list should offer 2000 only: %d\n%.2000s", own.Status, own.Body)
		}
	})
}

// Individhistorik finds a unit by its serial number as well as by its unit number.
func TestUnitHistoryBySerial(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		lager := boLogin(t, srv, "LAGER")
		page := call(t, srv, request{Method: "GET", Path: "/lager/individ?unit=G024-014317", Cookie: lager.token})
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "<dd>123569</dd>") {
			t.Fatalf("GET /lager/individ?unit=G024-014317: %d, want unit 123569\n%.500s", page.Status, page.Body)
		}
		if r := call(t, srv, request{Method: "GET", Path: "/lager/individ?unit=g024-014317", Cookie: lager.token}); !strings.Contains(r.Body, "<dd>123569</dd>") {
			t.Errorf("a serial number typed in lower case: %d, want unit 123569", r.Status)
		}
		missing := call(t, srv, request{Method: "GET", Path: "/lager/individ?unit=NOSUCH-1", Cookie: lager.token})
		if missing.Status != http.StatusBadRequest || !strings.Contains(missing.Body, `id="f-unit-error"`) || !strings.Contains(missing.Body, "Individen finns inte.") {
			t.Errorf("an unknown serial: %d, want 400 with the message at the field", missing.Status)
		}
		// Serial numbers are unique per article: two articles' units may share one.
		for _, article := range []string{"11109", "24310"} {
			if st := lager.do("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": article,
				"units": []map[string]string{{"serial": "DUP-77"}}}, nil); st != 201 {
				t.Fatalf("receive %s with serial DUP-77: %d", article, st)
			}
		}
		twice := call(t, srv, request{Method: "GET", Path: "/lager/individ?unit=DUP-77", Cookie: lager.token})
		if twice.Status != http.StatusBadRequest || !strings.Contains(twice.Body, "Serienummer DUP-77 finns på flera individer") {
			t.Errorf("a serial number of two units: %d, want 400 asking for the unit number\n%.3000s", twice.Status, twice.Body)
		}
		var h struct{ Unit, Serial string }
		if st := lager.do("GET", "/api/v1/stock/units/G024-014317/history", nil, &h); st != 200 || h.Unit != "123569" || h.Serial != "G024-014317" {
			t.Errorf("API history by serial: %d %+v", st, h)
		}
	})
}
