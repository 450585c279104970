package web_test

import (
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

type returnedWorkOrder struct {
	Number, Status, StatusText, FaultDescription string
	Priority                                     int
	Returned                                     *struct{ At, By, Reason string }
	Notes                                        []struct{ User, Kind, Text string }
}

func TestWorkOrderFixInPlace(t *testing.T) { testserver.Backends(t, nil, workOrderFixInPlaceScenario) }

// workOrderFixInPlaceScenario (SPEC §10.11 Fix in place): customer service
// returns a work order with a reason; the prescriber is messaged, corrects it
// and sends it again with the same number; the history keeps both steps; a
// prescriber of another customer can neither see nor correct it.
func workOrderFixInPlaceScenario(t *testing.T, srv *testserver.Server) {
	lno, kbn := bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "K082KBN")
	ks, tek := bmbLogin(t, srv.URL, "KUNDTJANST"), bmbLogin(t, srv.URL, "TEKNIKER")
	holmgren := personByName(t, srv, "Holmgren")
	// Holmgren's care bed 177620 is held under 1464, K082LNO's and not K082KBN's.
	var wo returnedWorkOrder
	lno.call("POST", "/api/v1/workorders", map[string]any{"personnummer": holmgren, "customer": "1464", "unit": "177620",
		"priority": 3, "faultDescription": "Sängen går inte att höja."}, http.StatusCreated, &wo)
	n := wo.Number

	lno.call("POST", "/api/v1/workorders/"+n+"/return", map[string]string{"reason": "Själv?"}, http.StatusForbidden, nil)
	e := ks.call("POST", "/api/v1/workorders/"+n+"/return", map[string]string{"reason": " "}, http.StatusBadRequest, nil)
	if f := e["error"].(map[string]any)["fields"].(map[string]any); f["reason"] == nil {
		t.Errorf("an empty reason names no field: %v", e)
	}
	reason := "Ange om motorn eller handkontrollen är trasig."
	ks.call("POST", "/api/v1/workorders/"+n+"/return", map[string]string{"reason": reason}, http.StatusOK, &wo)
	if wo.Number != n || wo.Status != "returned" || wo.StatusText != "Återsänd till förskrivaren" || wo.Returned == nil ||
		wo.Returned.By != "KUNDTJANST" || wo.Returned.Reason != reason {
		t.Fatalf("returned: %+v", wo)
	}
	ks.call("POST", "/api/v1/workorders/"+n+"/return", map[string]string{"reason": reason}, http.StatusConflict, nil)
	// It waits for the prescriber: out of the technicians' queue, not to be taken.
	var queue struct{ WorkOrders []returnedWorkOrder }
	tek.call("GET", "/api/v1/workorders?queue=1", nil, http.StatusOK, &queue)
	for _, q := range queue.WorkOrders {
		if q.Number == n {
			t.Errorf("the returned work order %s is in the technicians' queue", n)
		}
	}
	tek.call("POST", "/api/v1/workorders/"+n+"/take", nil, http.StatusConflict, nil)
	var inbox struct {
		Messages []struct{ Subject, Body, Link string }
	}
	lno.call("GET", "/api/v1/messages", nil, http.StatusOK, &inbox)
	if len(inbox.Messages) == 0 || !strings.Contains(inbox.Messages[0].Subject, n) || inbox.Messages[0].Link != "/arbetsorder/"+n+"/ratta" ||
		!strings.Contains(inbox.Messages[0].Body, reason) {
		t.Errorf("the prescriber's message: %+v", inbox.Messages)
	}

	fix := map[string]any{"personnummer": holmgren, "customer": "1464", "unit": "177620", "priority": 2,
		"faultDescription": "Sängen går inte att höja: handkontrollen är trasig, motorn går."}
	// Another customer's prescriber sees nothing and cannot correct it.
	kbn.call("GET", "/api/v1/workorders/"+n, nil, http.StatusForbidden, nil)
	kbn.call("PUT", "/api/v1/workorders/"+n, fix, http.StatusForbidden, nil)
	// Bad input changes nothing.
	bad := map[string]any{"personnummer": holmgren, "customer": "1464", "unit": "177620", "faultDescription": ""}
	lno.call("PUT", "/api/v1/workorders/"+n, bad, http.StatusBadRequest, nil)
	lno.call("GET", "/api/v1/workorders/"+n, nil, http.StatusOK, &wo)
	if wo.Status != "returned" || wo.FaultDescription != "Sängen går inte att höja." {
		t.Errorf("after a refused correction: %+v", wo)
	}

	lno.call("PUT", "/api/v1/workorders/"+n, fix, http.StatusOK, &wo)
	if wo.Number != n || wo.Status != "registered" || wo.Returned != nil || wo.Priority != 2 || wo.FaultDescription != fix["faultDescription"] {
		t.Errorf("corrected: %+v", wo)
	}
	var kinds []string
	for _, note := range wo.Notes {
		kinds = append(kinds, note.Kind+" "+note.User+" "+note.Text)
	}
	want := []string{"returned KUNDTJANST " + reason, "corrected K082LNO Aktivitetsprioritet, Felbeskrivning"}
	if strings.Join(kinds, "|") != strings.Join(want, "|") {
		t.Errorf("history:\n got %q\nwant %q", kinds, want)
	}
	lno.call("PUT", "/api/v1/workorders/"+n, fix, http.StatusConflict, nil)
	tek.call("GET", "/api/v1/workorders?queue=1", nil, http.StatusOK, &queue)
	found := false
	for _, q := range queue.WorkOrders {
		found = found || q.Number == n
	}
	if !found {
		t.Errorf("the corrected work order %s is not back in the technicians' queue", n)
	}
	if n := countRows(t, srv, "SELECT COUNT(*) FROM work_orders WHERE number = ?", n); n != 1 {
		t.Errorf("%d work orders numbered %s", n, wo.Number)
	}
}
