package web_test

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// The centre's overview (SPEC §10.9) for the admin: each chart's figures add
// up to what the database holds, as the page, the API and each chart's CSV
// show them.
func TestOverview(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		admin := apiLogin(t, srv, "ADMIN", demoPassword)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) reply { return call(t, srv, request{Method: "GET", Path: path, Bearer: tok}) }
		// Today's order, delivered today; October billed.
		o := mustStatus(t, post(lno, "/api/v1/orders", `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`), http.StatusCreated)
		mustStatus(t, post(lager, "/api/v1/orders/"+o["number"].(string)+"/deliver", `{}`), http.StatusOK)
		mustStatus(t, post(admin, "/api/v1/billing/runs", `{"month":"2026-10"}`), http.StatusCreated)

		wantError(t, get(lno, "/api/v1/overview"), http.StatusForbidden, "forbidden")
		wantError(t, get(admin, "/api/v1/overview?from=2026-11-30&to=2026-11-01"), http.StatusBadRequest, "invalid")
		ov := mustStatus(t, get(admin, "/api/v1/overview?from=2026-10-01&to=2026-11-25"), http.StatusOK)
		sums := map[string]map[string]float64{}
		labels := map[string]int{}
		for _, c := range ov["charts"].([]any) {
			chart := c.(map[string]any)
			name := chart["name"].(string)
			labels[name] = len(chart["labels"].([]any))
			sums[name] = map[string]float64{}
			for _, s := range chart["series"].([]any) {
				series := s.(map[string]any)
				for _, v := range series["values"].([]any) {
					sums[name][series["name"].(string)] += v.(float64)
				}
			}
		}
		db := func(query string) float64 { return float64(countRows(t, srv, query)) }
		from, to := "'2026-10-01T00:00:00.000000Z'", "'2026-11-26T00:00:00.000000Z'"
		for _, c := range []struct {
			chart, series string
			want          float64
		}{
			{"orders", "Kundorder", db("SELECT COUNT(*) FROM orders WHERE registered_at >= " + from + " AND registered_at < " + to)},
			{"deliveries", "I tid", db("SELECT COUNT(*) FROM order_lines WHERE delivered_at >= " + from + " AND delivered_at < " + to +
				" AND (dispatch_date IS NULL OR SUBSTR(delivered_at, 1, 10) <= dispatch_date)")},
			{"deliveries", "Försenade", db("SELECT COUNT(*) FROM order_lines WHERE delivered_at >= " + from + " AND delivered_at < " + to +
				" AND SUBSTR(delivered_at, 1, 10) > dispatch_date")},
			{"units", "Utlämnade", db("SELECT COUNT(*) FROM units WHERE status = 'delivered'")},
			{"units", "I lager", db("SELECT COUNT(*) FROM units WHERE status IN ('in_stock', 'reserved')")},
			{"reconditioning", "Till rekonditionering", db("SELECT COUNT(*) FROM unit_events WHERE kind = 'returned' AND at >= " + from + " AND at < " + to)},
			{"billed", "", db("SELECT COALESCE(SUM(amount_ore), 0) FROM billing_lines WHERE month IN ('2026-10', '2026-11')") / 100},
		} {
			got := sums[c.chart][c.series]
			if c.series == "" {
				got = 0
				for _, v := range sums[c.chart] {
					got += v
				}
			}
			if math.Abs(got-c.want) > 0.001 {
				t.Errorf("%s %q: %v, the database says %v", c.chart, c.series, got, c.want)
			}
		}
		open := db("SELECT COUNT(*) FROM work_orders WHERE status IN ('registered', 'started')")
		if got := sums["workorders"]["Öppna i tid"] + sums["workorders"]["Försenade"]; got != open {
			t.Errorf("open work orders: %v, the database says %v", got, open)
		}
		if sums["orders"]["Kundorder"] < 1 || sums["billed"] == nil || labels["orders"] != 56 || labels["billed"] != 2 {
			t.Errorf("sums %v, labels %v", sums, labels)
		}

		// The page draws each chart with its table; each CSV has a row per label.
		cookie := formLogin(t, srv, "ADMIN", demoPassword)
		page := call(t, srv, request{Method: "GET", Path: "/admin/oversikt?from=2026-10-01&to=2026-11-25", Cookie: cookie})
		if page.Status != http.StatusOK || strings.Count(page.Body, "<svg class=\"chart\"") != 6 || strings.Count(page.Body, "<figure") != 6 {
			t.Fatalf("overview page: %d, %d charts", page.Status, strings.Count(page.Body, "<svg class=\"chart\""))
		}
		for name, n := range labels {
			csv := call(t, srv, request{Method: "GET", Path: "/admin/oversikt/" + name + "?from=2026-10-01&to=2026-11-25", Cookie: cookie})
			if csv.Status != http.StatusOK || strings.Count(strings.TrimSpace(csv.Body), "\n")+1 != n+1 {
				t.Errorf("CSV of %s: %d, %d lines for %d labels", name, csv.Status, strings.Count(csv.Body, "\n"), n)
			}
		}
	})
}
