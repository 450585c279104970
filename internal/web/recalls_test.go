package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// Safety notices (SPEC §10.4) on the transport wheelchair 22876 (179711 in care
// unit 1464's local store, others in stock) and on Wikström's wheelchair
// 178362: every unit where it is with holder, customer and prescriber; the
// units at the centre blocked at once; execution makes a pickup order or a
// priority-5 inspection work order per held unit and messages each prescriber
// once; progress follows the documents and the released blocks; CSV.
func TestRecalls(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		ks := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		kbn := apiLogin(t, srv, "K082KBN", demoPassword)
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) reply { return call(t, srv, request{Method: "GET", Path: path, Bearer: tok}) }
		affected := func(r map[string]any) map[string]map[string]any {
			out := map[string]map[string]any{}
			for _, u := range r["affected"].([]any) {
				m := u.(map[string]any)
				out[m["unit"].(string)] = m
			}
			return out
		}
		progress := func(r map[string]any) map[string]any { return r["progress"].(map[string]any) }

		wantError(t, post(lno, "/api/v1/recalls", `{"title":"x","articles":["22876"],"action":"pickup","deadline":"2026-12-20"}`), http.StatusForbidden, "forbidden")
		for _, c := range []struct{ body, field string }{
			{`{"title":"x","articles":["22876"],"action":"burn","deadline":"2026-12-20"}`, "action"},
			{`{"title":"x","articles":["22876"],"action":"pickup","deadline":"2026-11-24"}`, "deadline"},
			{`{"title":"x","action":"pickup","deadline":"2026-12-20"}`, "articles"},
			{`{"title":"x","articles":["99999"],"action":"pickup","deadline":"2026-12-20"}`, "articles"},
			{`{"title":"x","units":["179711"],"serialFrom":"A","action":"pickup","deadline":"2026-12-20"}`, "units"},
			{`{"title":" ","articles":["22876"],"action":"pickup","deadline":"2026-12-20"}`, "title"},
		} {
			if e := wantError(t, post(admin, "/api/v1/recalls", c.body), http.StatusBadRequest, "invalid"); e["fields"].(map[string]any)[c.field] == nil {
				t.Errorf("%s: %v; want a message on %s", c.body, e, c.field)
			}
		}

		r := mustStatus(t, post(admin, "/api/v1/recalls", `{"title":"FSN transportrullstol: bromsvajern","articles":["22876"],"action":"pickup","deadline":"2026-12-20"}`), http.StatusCreated)
		units := affected(r)
		store, ok := units["179711"]
		if !ok || store["location"] != "local_store" || store["holder"] != "1464" || store["prescriber"] != "K082LNO" || store["blocked"] != false {
			t.Fatalf("179711 in 1464's local store: %v", store)
		}
		var stocked []string
		for n, u := range units {
			if u["location"] == "stock" {
				stocked = append(stocked, n)
				if u["blocked"] != true {
					t.Errorf("unit %s in stock is not blocked: %v", n, u)
				}
			}
		}
		if len(stocked) < 2 || progress(r)["done"] != float64(0) || progress(r)["total"] != float64(len(units)) {
			t.Fatalf("units in stock %v, progress %v", stocked, progress(r))
		}
		id := r["id"].(string)
		if narrow := mustStatus(t, post(admin, "/api/v1/recalls", `{"title":"Ett serienummer","articles":["22876"],"serialFrom":"26B46546","serialTo":"26B46546","action":"inform","deadline":"2026-12-20"}`), http.StatusCreated); len(affected(narrow)) != 1 {
			t.Errorf("a serial range of one: %v", narrow["affected"])
		}

		wantError(t, get(lno, "/api/v1/recalls/"+id), http.StatusForbidden, "forbidden")
		mustStatus(t, get(apiLogin(t, srv, "LAGER", demoPassword), "/api/v1/recalls/"+id), http.StatusOK)
		done := mustStatus(t, post(admin, "/api/v1/recalls/"+id+"/execute", ""), http.StatusOK)
		if po := affected(done)["179711"]["pickupOrder"]; po == nil || po == "" {
			t.Fatalf("179711 got no pickup order: %v", affected(done)["179711"])
		}
		wantError(t, post(admin, "/api/v1/recalls/"+id+"/execute", ""), http.StatusConflict, "conflict")
		if inbox := get(lno, "/api/v1/messages").Body; strings.Count(inbox, "FSN transportrullstol") != 1 || !strings.Contains(inbox, "179711") {
			t.Errorf("K082LNO's message about the notice:\n%s", inbox)
		}

		// At the centre a unit is done when its block is released after the check.
		card := mustStatus(t, get(ks, "/api/v1/units/"+stocked[0]), http.StatusOK)
		block := card["blocks"].([]any)[0].(map[string]any)["id"].(string)
		mustStatus(t, post(ks, "/api/v1/units/"+stocked[0]+"/blocks/"+block+"/release", ""), http.StatusOK)
		if p := progress(mustStatus(t, get(ks, "/api/v1/recalls/"+id), http.StatusOK)); p["done"] != float64(1) {
			t.Errorf("after releasing one unit in stock: %v", p)
		}
		csv := get(ks, "/api/v1/recalls/"+id+"?format=csv")
		if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "individ,artikel") || !strings.Contains(csv.Body, "179711") {
			t.Errorf("CSV: %d %s", csv.Status, csv.Body)
		}

		// A list of units: the patient's wheelchair gets a priority-5 check; closed, it is done.
		chk := mustStatus(t, post(admin, "/api/v1/recalls", `{"title":"Kontroll av tippskydd","units":["178362"],"action":"inspect","deadline":"2026-12-31"}`), http.StatusCreated)
		if u := affected(chk)["178362"]; u["location"] != "patient" || u["prescriber"] != "K082KBN" || u["customer"] != "3110" {
			t.Fatalf("178362: %v", u)
		}
		chk = mustStatus(t, post(admin, "/api/v1/recalls/"+chk["id"].(string)+"/execute", ""), http.StatusOK)
		wo := affected(chk)["178362"]["workOrder"].(string)
		w := mustStatus(t, get(tech, "/api/v1/workorders/"+wo), http.StatusOK)
		if w["priority"] != float64(5) || w["actionType"] != "inspection" || !strings.Contains(w["faultDescription"].(string), "Kontroll av tippskydd") {
			t.Errorf("the check's work order: %v", w)
		}
		if !strings.Contains(get(kbn, "/api/v1/messages").Body, "Kontroll av tippskydd") {
			t.Errorf("K082KBN got no message about the check")
		}
		mustStatus(t, post(tech, "/api/v1/workorders/"+wo+"/close", `{"action":"Tippskyddet kontrollerat.","inspectionResult":"approved"}`), http.StatusOK)
		if p := progress(mustStatus(t, get(admin, "/api/v1/recalls/"+chk["id"].(string)), http.StatusOK)); p["done"] != float64(1) || p["open"] != float64(0) {
			t.Errorf("the check after its work order closed: %v", p)
		}
	})
}
