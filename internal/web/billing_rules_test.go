package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/testserver"
)

func TestBillingClosedMonths(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(time.Date(2026, 10, 28, 9, 0, 0, 0, time.UTC))}, billingClosedMonthsScenario)
}

// billingClosedMonthsScenario (SPEC §7 "Only ended months", issue 11): a run is
// possible only for an ended month, closing needs a run, and closing October
// 2026 freezes October and every earlier month for every dated change.
func billingClosedMonthsScenario(t *testing.T, srv *testserver.Server) {
	boCatalogBase(t, srv)
	admin := boLogin(t, srv, "ADMIN")
	lno := bmbLogin(t, srv.URL, "K082LNO")
	errMsg := func(e map[string]any) string { return e["error"].(map[string]any)["message"].(string) }

	// 2026-10-28: a BMB of cushion 170098 dated today, answered only after October is closed.
	var sent bmbTransfer
	lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
		"units": []string{"170098"}}, http.StatusCreated, &sent)

	// October has not ended: no run, no closing; neither for a later month.
	for _, m := range []string{"2026-10", "2026-12", "2027-10"} {
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": m}, nil); st != http.StatusBadRequest {
			t.Errorf("run %s on 2026-10-28: %d, want 400", m, st)
		}
	}
	st, body := admin.raw("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"})
	if want := "Oktober 2026 har inte tagit slut: faktureringen för den kan köras från 2026-11-01."; st != 400 || !strings.Contains(string(body), want) {
		t.Errorf("run of the current month: %d %s", st, body)
	}

	srv.SetNow(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	admin = boLogin(t, srv, "ADMIN") // the sessions of October have expired
	lno, kbn := bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "k082kbn")
	if st := admin.do("POST", "/api/v1/billing/runs/2026-11/close", nil, nil); st != http.StatusBadRequest {
		t.Errorf("close November on 2026-11-02: %d, want 400", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != http.StatusConflict {
		t.Errorf("close October before its run: %d, want 409", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-09"}, nil); st != http.StatusCreated {
		t.Fatalf("run September: %d", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != http.StatusCreated {
		t.Fatalf("run October: %d", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != http.StatusOK {
		t.Fatalf("close October: %d", st)
	}
	_, csvBefore := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil)

	// September was run but not closed: closing October froze it too.
	closed := "Oktober 2026 är stängd för fakturering: "
	if st, body := admin.raw("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-09"}); st != 409 || !strings.Contains(string(body), closed) {
		t.Errorf("re-run September after closing October: %d %s", st, body)
	}
	// The BMB sent in October cannot be accepted any more.
	e := kbn.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"approve": true, "customer": "2990"}, http.StatusConflict, nil)
	if !strings.HasPrefix(errMsg(e), closed+"BMB-datum 2026-10-28 ligger på eller före 2026-10-31.") {
		t.Errorf("accept a BMB dated in closed October: %q", errMsg(e))
	}
	kbn.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"approve": false, "message": "Skicka en ny BMB."}, http.StatusOK, nil)

	// Each dated change on or before 2026-10-31 is refused, naming the closed month;
	// in an earlier month too (the old guard checked only the change's own month).
	for _, d := range []string{"2026-10-31", "2026-09-15", "2026-01-31"} {
		e := lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"170098"}, "bmbDate": d}, http.StatusBadRequest, nil)
		if f := e["error"].(map[string]any)["fields"].(map[string]any); !strings.HasPrefix(f["bmbDate"].(string), closed+"BMB-datum "+d) {
			t.Errorf("BMB dated %s: %v", d, e)
		}
		st, body := admin.raw("POST", "/api/v1/articles/10156/prices", map[string]any{"kind": "rent", "amount": "1.00", "validFrom": d})
		if st != 409 || !strings.Contains(string(body), closed+"Prisets startdatum "+d) || !strings.Contains(string(body), `"validFrom"`) {
			t.Errorf("price from %s: %d %s", d, st, body)
		}
		var res importAnswer
		if st := admin.do("POST", "/api/v1/articles/import", exportedRow(t, admin, "10156", map[string]string{"rentPrice": "1.00", "rentValidFrom": d}), &res); st != 200 || res.Applied || len(res.Errors) != 1 ||
			!strings.HasPrefix(strings.Join(res.Errors[0].Messages, " "), closed+"Prisets startdatum "+d) {
			t.Errorf("import a price from %s: %d %+v", d, st, res)
		}
		st, body = admin.raw("POST", "/api/v1/stock/receipts", map[string]any{"warehouse": "2000", "article": "10156",
			"units": []map[string]string{{"serial": "G-" + d, "purchaseDate": d}}})
		if st != 409 || !strings.Contains(string(body), closed+"Inköpsdatum "+d) {
			t.Errorf("receipt of a unit bought %s: %d %s", d, st, body)
		}
	}
	// Depreciation: cushion 170098 (article 10156, bought 2026-02-02) was rented in
	// October; 6 months would make it free from 2026-08-02, inside the closed months.
	for _, c := range []struct {
		months int
		status int
	}{{6, 409}, {61, 200}} {
		st, body := admin.raw("PUT", "/api/v1/articles/10156", map[string]any{"depreciationMonths": c.months})
		if st != c.status || c.status == 409 && !strings.Contains(string(body), closed+"Avskrivningsdatum 2026-08-02") {
			t.Errorf("depreciation %d months: %d %s", c.months, st, body)
		}
	}
	var res importAnswer
	if st := admin.do("POST", "/api/v1/articles/import", exportedRow(t, admin, "10156", map[string]string{"depreciationMonths": "6"}), &res); st != 200 || res.Applied ||
		len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0].Messages[0], closed+"Avskrivningsdatum 2026-08-02") {
		t.Errorf("import a depreciation of 6 months: %d %+v", st, res)
	}
	// The first open day is accepted.
	if st := admin.do("POST", "/api/v1/articles/10156/prices", map[string]any{"kind": "rent", "amount": "1.00", "validFrom": "2026-11-01"}, nil); st != 201 {
		t.Errorf("price from 2026-11-01: %d", st)
	}
	lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
		"units": []string{"170098"}, "bmbDate": "2026-11-01"}, http.StatusCreated, nil)
	if _, csvAfter := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil); string(csvAfter) != string(csvBefore) {
		t.Error("closed October changed")
	}
}

// exportedRow returns the catalogue export's header and the row of article with
// the columns in set changed: an import file that changes only those.
func exportedRow(t *testing.T, admin *boClient, article string, set map[string]string) []byte {
	t.Helper()
	_, data := admin.raw("GET", "/api/v1/articles/export", nil)
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("export: %v", err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(recs[0])
	for _, rec := range recs[1:] {
		if rec[0] != article {
			continue
		}
		for i, h := range recs[0] {
			if v, ok := set[h]; ok {
				rec[i] = v
			}
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}
