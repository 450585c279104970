package web_test

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
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
		// The period's Swedish days: 1 October began at 22:00 UTC (CEST), 26 November at 23:00 UTC (CET).
		from, to := "'2026-09-30T22:00:00.000000Z'", "'2026-11-25T23:00:00.000000Z'"
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

// The overview counts Swedish days, not the UTC days its timestamps are
// stored in: an order at 23:30 lands on its day, one at 00:30 on the next
// (23:30 UTC the day before), and a line delivered at 00:30 the day after its
// dispatch date is late.
func TestOverviewSwedishDays(t *testing.T) {
	at := func(day, hour, minute int) time.Time {
		return time.Date(2026, 11, day, hour, minute, 0, 0, domain.Stockholm)
	}
	testserver.Backends(t, []testserver.Option{testserver.At(at(24, 23, 30))}, func(t *testing.T, srv *testserver.Server) {
		// figures is the orders per day of 24–26 November, and the week's
		// deliveries on time and late, as the API shows them.
		figures := func(from, to string) (orders []float64, onTime, late float64) {
			t.Helper()
			admin := apiLogin(t, srv, "ADMIN", demoPassword)
			ov := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/overview?from=" + from + "&to=" + to, Bearer: admin}), http.StatusOK)
			for _, c := range ov["charts"].([]any) {
				chart := c.(map[string]any)
				for _, s := range chart["series"].([]any) {
					series := s.(map[string]any)
					values := series["values"].([]any)
					switch chart["name"].(string) + "/" + series["name"].(string) {
					case "orders/Kundorder":
						for _, v := range values {
							orders = append(orders, v.(float64))
						}
					case "deliveries/I tid":
						onTime = values[len(values)-1].(float64)
					case "deliveries/Försenade":
						late = values[len(values)-1].(float64)
					}
				}
			}
			return orders, onTime, late
		}
		order := func() string {
			t.Helper()
			lno := apiLogin(t, srv, "K082LNO", demoPassword)
			o := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/orders", Bearer: lno,
				Body: `{"recipient":{"personnummer":"191212121212"},"customer":"2990","lines":[{"article":"11109"}]}`}), http.StatusCreated)
			return o["number"].(string)
		}
		orders0, onTime0, late0 := figures("2026-11-24", "2026-11-26")
		day0, _, _ := figures("2026-11-25", "2026-11-25")

		first := order() // 23:30 on Tuesday 24 November; dispatched on Wednesday 25th
		srv.SetNow(at(25, 0, 30))
		order() // 00:30 on Wednesday 25th, 23:30 UTC on the 24th
		srv.SetNow(at(26, 0, 30))
		lager := apiLogin(t, srv, "LAGER", demoPassword)
		mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/orders/" + first + "/deliver", Bearer: lager, Body: `{}`}), http.StatusOK)

		orders, onTime, late := figures("2026-11-24", "2026-11-26")
		for i, want := range []float64{1, 1, 0} {
			if got := orders[i] - orders0[i]; got != want {
				t.Errorf("orders on %d November: %v more, want %v", 24+i, got, want)
			}
		}
		lines := float64(countRows(t, srv, `SELECT COUNT(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
			WHERE o.number = ? AND l.delivered_at IS NOT NULL`, first))
		if lines == 0 || onTime != onTime0 || late != late0+lines {
			t.Errorf("deliveries on time %v → %v, late %v → %v: want %v more late", onTime0, onTime, late0, late, lines)
		}
		// A period of the one day holds the order of its first half hour.
		if day, _, _ := figures("2026-11-25", "2026-11-25"); day[0] != day0[0]+1 {
			t.Errorf("orders on 25 November alone: %v → %v, want one more", day0[0], day[0])
		}
	})
}
