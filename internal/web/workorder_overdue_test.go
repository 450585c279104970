package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// The work-order report, the work-order page and the API count overdue with
// one rule: a priority-1 order started on time is not overdue anywhere, an
// unstarted one is overdue everywhere, and the report's count per priority is
// exactly the open orders the API calls overdue.
func TestWorkOrderOverdueReportAgreesWithPage(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		tech := apiLogin(t, srv, "TEKNIKER", demoPassword)
		register := func(unit string, priority string) string {
			wo := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno,
				Body: `{"personnummer":"191212121212","customer":"2990","unit":"` + unit + `","priority":` + priority + `,"faultDescription":"Trasig."}`}), 201)
			return wo["number"].(string)
		}
		startedOnTime := register("104901", "1")
		notStarted := register("75082", "1")
		urgentStarted := register("170098", "3")
		for _, n := range []string{startedOnTime, urgentStarted} {
			mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders/" + n + "/take", Bearer: tech}), 200)
		}
		srv.SetNow(serviceNow.AddDate(0, 0, 10))
		admin := apiLogin(t, srv, "ADMIN", demoPassword)

		cookie := formLogin(t, srv, "ADMIN", demoPassword)
		for n, want := range map[string]bool{startedOnTime: false, notStarted: true, urgentStarted: true} {
			got := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders/" + n, Bearer: admin}), 200)
			if got["overdue"] != want {
				t.Errorf("API work order %s: overdue %v, want %v", n, got["overdue"], want)
			}
			page := call(t, srv, request{Method: "GET", Path: "/arbetsorder/" + n, Cookie: cookie})
			if shown := strings.Contains(page.Body, `<span class="overdue">Försenad</span>`); page.Status != 200 || shown != want {
				t.Errorf("page of work order %s: status %d, Försenad shown %v, want %v", n, page.Status, shown, want)
			}
		}

		// Every open work order as the API sees it, counted per priority.
		numbers, err := srv.DB.Read().Strings(context.Background(), "SELECT number FROM work_orders WHERE status IN ('registered', 'started')")
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{}
		for _, n := range numbers {
			got := mustStatus(t, call(t, srv, request{Method: "GET", Path: "/api/v1/workorders/" + n, Bearer: admin}), 200)
			if got["overdue"] == true {
				want[int(got["priority"].(float64))]++
			}
		}
		r := call(t, srv, request{Method: "GET", Path: "/api/v1/reports/work-orders", Bearer: admin})
		var rep struct {
			Rows []struct{ Priority, Open, Overdue int }
		}
		if r.Status != 200 || json.Unmarshal([]byte(r.Body), &rep) != nil || len(rep.Rows) != 6 {
			t.Fatalf("report: %d %s", r.Status, r.Body)
		}
		for _, row := range rep.Rows {
			if row.Overdue != want[row.Priority] {
				t.Errorf("report priority %d: %d overdue, the API calls %d overdue", row.Priority, row.Overdue, want[row.Priority])
			}
		}
		if want[1] < 1 || want[3] < 1 {
			t.Errorf("the scenario's overdue orders are missing: %v", want)
		}
	})
}
