package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// Planned inspection (FU, SPEC §10.5) on the demo's care bed 177620 (never
// inspected since its delivery 2025-08-21: overdue) and lift 176410 (last FU
// 2025-12-08: due within 30 days of 2026-11-25): the due list, a batch of
// priority-5 work orders, closing them approved (Senaste and Nästa FU move on)
// and failed (the unit is blocked); the interval is set on the article.
func TestMaintenanceInspections(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) reply { return call(t, srv, request{Method: "GET", Path: path, Bearer: tok}) }
		due := func() []any {
			return mustStatus(t, get(tech, "/api/v1/maintenance/due?within=30"), http.StatusOK)["units"].([]any)
		}

		wantError(t, get(lno, "/api/v1/maintenance/due"), http.StatusForbidden, "forbidden")
		wantError(t, get(tech, "/api/v1/maintenance/due?within=-1"), http.StatusBadRequest, "invalid")
		units := due()
		if len(units) != 2 {
			t.Fatalf("due: %v; want the bed and the lift", units)
		}
		bed, lift := units[0].(map[string]any), units[1].(map[string]any)
		if bed["unit"] != "177620" || bed["nextInspection"] != "2026-08-21" || bed["overdue"] != true ||
			lift["unit"] != "176410" || lift["nextInspection"] != "2026-12-08" || lift["overdue"] != false || lift["lastResult"] != "approved" {
			t.Fatalf("due list: %v", units)
		}
		if n := len(mustStatus(t, get(tech, "/api/v1/maintenance/due?within=0"), http.StatusOK)["units"].([]any)); n != 1 {
			t.Errorf("due today: %d units, want only the overdue bed", n)
		}

		wantError(t, post(tech, "/api/v1/maintenance/workorders", `{"units":["104901"]}`), http.StatusBadRequest, "invalid")
		created := mustStatus(t, post(tech, "/api/v1/maintenance/workorders", `{"units":["176410","177620"]}`), http.StatusCreated)["workOrders"].([]any)
		if len(created) != 2 {
			t.Fatalf("created %v", created)
		}
		wantError(t, post(tech, "/api/v1/maintenance/workorders", `{"units":["176410"]}`), http.StatusBadRequest, "invalid")
		liftWO, bedWO := created[0].(string), created[1].(string)
		wo := mustStatus(t, get(tech, "/api/v1/workorders/"+liftWO), http.StatusOK)
		if wo["priority"] != float64(5) || wo["actionType"] != "inspection" || wo["unit"] != "176410" || wo["customer"] != "1464" {
			t.Errorf("the lift's FU work order: %v", wo)
		}
		for _, u := range due() {
			if u.(map[string]any)["openWorkOrder"] == "" {
				t.Errorf("a due unit without its new work order: %v", u)
			}
		}

		wantError(t, post(tech, "/api/v1/workorders/"+liftWO+"/close", `{"action":"Besiktad."}`), http.StatusBadRequest, "invalid")
		mustStatus(t, post(tech, "/api/v1/workorders/"+liftWO+"/close", `{"action":"Besiktad utan anmärkning.","inspectionResult":"approved"}`), http.StatusOK)
		card := mustStatus(t, get(lno, "/api/v1/units/176410"), http.StatusOK)
		last, _ := card["lastInspection"].(map[string]any)
		if last["date"] != "2026-11-25" || last["result"] != "approved" || card["nextInspection"] != "2027-11-25" || card["blocked"] != false {
			t.Errorf("the lift after an approved FU: last %v, next %v, blocked %v", last, card["nextInspection"], card["blocked"])
		}
		mustStatus(t, post(tech, "/api/v1/workorders/"+bedWO+"/close", `{"action":"Grinden håller inte.","inspectionResult":"failed"}`), http.StatusOK)
		card = mustStatus(t, get(lno, "/api/v1/units/177620"), http.StatusOK)
		if card["blocked"] != true || !strings.Contains(card["blocks"].([]any)[0].(map[string]any)["source"].(string), "inspection") {
			t.Errorf("the bed after a failed FU: blocked %v, blocks %v", card["blocked"], card["blocks"])
		}
		if len(due()) != 0 {
			t.Errorf("units still due after both were inspected: %v", due())
		}

		// The interval is the article's.
		mustStatus(t, call(t, srv, request{Method: "PUT", Path: "/api/v1/articles/" + wo["article"].(string), Bearer: admin,
			Body: `{"inspectionMonths":6}`}), http.StatusOK)
		if card := mustStatus(t, get(lno, "/api/v1/units/176410"), http.StatusOK); card["nextInspection"] != "2027-05-25" {
			t.Errorf("next FU after a 6-month interval: %v", card["nextInspection"])
		}
		wantError(t, call(t, srv, request{Method: "PUT", Path: "/api/v1/articles/" + wo["article"].(string), Bearer: admin,
			Body: `{"inspectionMonths":121}`}), http.StatusBadRequest, "invalid")
	})
}
