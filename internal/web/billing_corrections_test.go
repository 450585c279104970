package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/testserver"
)

func TestBillingCorrections(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))}, billingCorrectionsScenario)
}

type invoiceLine struct {
	ID, Kind, KindText, From, To, Price, Amount, Reason string
	Holding, Unit, PriceValidFrom, CorrectsMonth        *string
	CorrectsLine, WorkOrder                             *string
	Days, DaysInMonth, Quantity                         int
}

type invoiceBasis struct {
	Status, Total string
	Lines         []invoiceLine
}

// billingCorrectionsScenario (SPEC §7 rättelse): every line says what it is, for
// which holding and unit, which days, which price valid from when; a line of
// closed October is corrected by a line of November that names the month, the
// line and the reason, and October never changes.
func billingCorrectionsScenario(t *testing.T, srv *testserver.Server) {
	admin := boLogin(t, srv, "ADMIN")
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, nil); st != 201 {
		t.Fatalf("run October: %d", st)
	}
	var oct invoiceBasis
	admin.do("GET", "/api/v1/billing/runs/2026-10/payers/2990", nil, &oct)
	var cushion *invoiceLine
	for i, l := range oct.Lines {
		if l.Unit != nil && *l.Unit == "170098" {
			cushion = &oct.Lines[i]
		}
	}
	if cushion == nil || cushion.Kind != "rent" || cushion.KindText != "Hyra" || cushion.Holding == nil || cushion.PriceValidFrom == nil ||
		cushion.Quantity != 1 || cushion.From != "2026-10-01" || cushion.To != "2026-10-31" || cushion.Days != 31 || cushion.DaysInMonth != 31 {
		t.Fatalf("cushion 170098's October line: %+v", cushion)
	}
	// An open month is re-run, not corrected.
	if st := admin.do("POST", "/api/v1/billing/lines/"+cushion.ID+"/corrections", map[string]string{"amount": "-1.00", "reason": "x"}, nil); st != 409 {
		t.Errorf("correct a line of open October: %d, want 409", st)
	}
	if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != 200 {
		t.Fatalf("close October: %d", st)
	}
	_, csvOct := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil)
	if !strings.HasPrefix(string(csvOct), "month,payer,holding,recipient,recipientName,article,articleName,unit,kind,kindText,from,to,days,daysInMonth,quantity,price,priceValidFrom,amount,workOrder,correctsMonth,correctsLine,reason\n") ||
		!strings.Contains(string(csvOct), ",170098,rent,Hyra,2026-10-01,2026-10-31,31,31,1,") {
		t.Errorf("October's CSV:\n%s", csvOct)
	}

	// Refused: no amount, zero, no reason, an unknown line; nothing is stored.
	for _, c := range []struct {
		line   string
		body   map[string]string
		status int
	}{
		{cushion.ID, map[string]string{"amount": "", "reason": "Sen återlämning"}, 400},
		{cushion.ID, map[string]string{"amount": "0,00", "reason": "Sen återlämning"}, 400},
		{cushion.ID, map[string]string{"amount": "-5,00", "reason": " "}, 400},
		{cushion.ID, map[string]string{"amount": "-5,00", "reason": strings.Repeat("å", 251)}, 400},
		{"999999", map[string]string{"amount": "-5,00", "reason": "Sen återlämning"}, 404},
	} {
		if st := admin.do("POST", "/api/v1/billing/lines/"+c.line+"/corrections", c.body, nil); st != c.status {
			t.Errorf("correction %v: %d, want %d", c.body, st, c.status)
		}
	}
	if n := countRows(t, srv, "SELECT COUNT(*) FROM billing_corrections"); n != 0 {
		t.Fatalf("refused corrections stored: %d", n)
	}

	// The admin's page: the line, then the form; the correction goes to November.
	page := func(method, path string, form url.Values) (int, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, _ := http.NewRequest(method, srv.URL+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.AddCookie(&http.Cookie{Name: "hm_session", Value: admin.token})
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, body := page("GET", "/admin/fakturering/2026-10/2990", nil); st != 200 || !strings.Contains(body, `href="/admin/fakturering/rad/`+cushion.ID+`/rattelse"`) {
		t.Errorf("October's invoice basis offers no correction of the cushion: %d", st)
	}
	if st, body := page("GET", "/admin/fakturering/rad/"+cushion.ID+"/rattelse", nil); st != 200 || !strings.Contains(body, "Raden som rättas") || !strings.Contains(body, "170098") {
		t.Errorf("correction page: %d", st)
	}
	if st, body := page("POST", "/admin/fakturering/rad/"+cushion.ID+"/rattelse", url.Values{"amount": {"0"}, "reason": {"x"}}); st != 400 || !strings.Contains(body, "Beloppet kan inte vara noll.") {
		t.Errorf("zero on the page: %d", st)
	}
	if st, _ := page("POST", "/admin/fakturering/rad/"+cushion.ID+"/rattelse", url.Values{"amount": {"-15,10"}, "reason": {"Återlämnad 2026-10-16, registrerad för sent."}}); st != http.StatusSeeOther {
		t.Errorf("correct on the page: %d", st)
	}

	// Before November's run, its page lists the correction waiting for it.
	if st, body := page("GET", "/admin/fakturering?month=2026-11", nil); st != 200 || !strings.Contains(body, "Rättelser som faktureras denna månad") ||
		!strings.Contains(body, "Återlämnad 2026-10-16, registrerad för sent.") || !strings.Contains(body, "-15,10") {
		t.Errorf("November's billing page before its run: %d", st)
	}

	// November is run on 2026-12-01: the correction is a line of November.
	srv.SetNow(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	admin = boLogin(t, srv, "ADMIN")
	if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-11"}, nil); st != 201 {
		t.Fatalf("run November: %d", st)
	}
	// A second correction, made after November's run: on November at once.
	var c struct{ ID, Month, CorrectsMonth, CorrectsLine, Payer, Amount, Reason string }
	if st := admin.do("POST", "/api/v1/billing/lines/"+cushion.ID+"/corrections", map[string]string{"amount": "2.00", "reason": "Frakt"}, &c); st != 201 ||
		c.Month != "2026-11" || c.CorrectsMonth != "2026-10" || c.CorrectsLine != cushion.ID || c.Payer != "2990" || c.Amount != "2.00" {
		t.Fatalf("correction: %d %+v", st, c)
	}
	corrections := func() []invoiceLine {
		var nov invoiceBasis
		admin.do("GET", "/api/v1/billing/runs/2026-11/payers/2990", nil, &nov)
		var out []invoiceLine
		for _, l := range nov.Lines {
			if l.Kind == "correction" {
				out = append(out, l)
			}
		}
		return out
	}
	got := corrections()
	if len(got) != 2 || got[0].KindText != "Rättelse" || *got[0].CorrectsMonth != "2026-10" || *got[0].CorrectsLine != cushion.ID ||
		*got[0].Unit != "170098" || got[0].From != "2026-10-01" || got[0].To != "2026-10-31" {
		t.Fatalf("November's corrections: %+v", got)
	}
	amounts := got[0].Amount + " " + got[0].Reason + "|" + got[1].Amount + " " + got[1].Reason
	if amounts != "-15.10 Återlämnad 2026-10-16, registrerad för sent.|2.00 Frakt" && amounts != "2.00 Frakt|-15.10 Återlämnad 2026-10-16, registrerad för sent." {
		t.Errorf("corrections: %s", amounts)
	}
	overviewTotalsMatch(t, srv, "after the correction on run November")
	// Repeatable: a re-run keeps them; October is unchanged.
	admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-11"}, nil)
	if n := len(corrections()); n != 2 {
		t.Errorf("after a re-run: %d corrections", n)
	}
	overviewTotalsMatch(t, srv, "after November's re-run")
	if _, csv := admin.raw("GET", "/api/v1/billing/runs/2026-10/payers/2990?format=csv", nil); string(csv) != string(csvOct) {
		t.Error("closed October changed")
	}
	if st, body := page("GET", "/admin/fakturering/2026-11/2990", nil); st != 200 || !strings.Contains(body, "Rättelse") || !strings.Contains(body, "Frakt") {
		t.Errorf("November's invoice basis: %d", st)
	}
}

// overviewTotalsMatch checks the totals the overview reads (billing_totals)
// against each month's shown lines summed per payer.
func overviewTotalsMatch(t *testing.T, srv *testserver.Server, when string) {
	t.Helper()
	const shown = `SELECT b.month, b.payer_number, SUM(b.amount_ore) FROM billing_lines b
		JOIN billing_runs r ON r.month = b.month AND r.job_id = b.job_id GROUP BY b.month, b.payer_number`
	const kept = "SELECT month, payer_number, amount_ore FROM billing_totals"
	rows := countRows(t, srv, "SELECT COUNT(*) FROM billing_totals")
	missing := countRows(t, srv, "SELECT COUNT(*) FROM ("+shown+" EXCEPT "+kept+") d")
	extra := countRows(t, srv, "SELECT COUNT(*) FROM ("+kept+" EXCEPT "+shown+") d")
	if rows == 0 || missing != 0 || extra != 0 {
		t.Errorf("billing totals %s: %d rows, %d sums of shown lines missing, %d not theirs", when, rows, missing, extra)
	}
}
