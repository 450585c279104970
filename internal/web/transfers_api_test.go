package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/testserver"
)

// bmbClient calls the JSON API as one logged-in user.
type bmbClient struct {
	t     *testing.T
	base  string
	token string
}

func bmbLogin(t *testing.T, base, username string) *bmbClient {
	t.Helper()
	c := &bmbClient{t: t, base: base}
	var out struct{ Token string }
	c.call("POST", "/api/v1/login", map[string]string{"username": username, "password": demo.Password}, http.StatusOK, &out)
	c.token = out.Token
	return c
}

// call sends a request and checks the status; out (if not nil) receives the body.
func (c *bmbClient) call(method, path string, body any, wantStatus int, out any) map[string]any {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		c.t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, wantStatus, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, raw)
		}
	}
	var m map[string]any
	json.Unmarshal(raw, &m)
	return m
}

type bmbTransfer struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	From       string `json:"from"`
	Recipient  struct {
		Personnummer, Customer, Name, Street string
	} `json:"recipient"`
	BMBDate       string `json:"bmbDate"`
	Customer      string `json:"customer"`
	Payer         string `json:"payer"`
	AnswerMessage string `json:"answerMessage"`
	Items         []struct {
		Holding, Article string
		Unit             *string
		Payer            string
	} `json:"items"`
}

func TestTransfersAPI(t *testing.T) {
	now := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, append(backend, testserver.At(now))...)
		lno, kbn, ks := bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "k082kbn"), bmbLogin(t, srv.URL, "KUNDTJANST")

		// Errors: invalid input (400 with fields), the wrong role (403), unknown (404).
		e := lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082XXX", "recipient": map[string]string{"personnummer": "191212121213"},
			"units": []string{"170098"}}, http.StatusBadRequest, nil)
		fields := e["error"].(map[string]any)["fields"].(map[string]any)
		if fields["toPrescriber"] == nil || fields["recipient"] == nil {
			t.Errorf("field errors: %v", e)
		}
		ks.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN"}, http.StatusForbidden, nil)
		kbn.call("GET", "/api/v1/transfers/999", nil, http.StatusNotFound, nil)

		// K082LNO sends the two cushions of the test patient to K082KBN.
		var sent bmbTransfer
		lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"170098", "157792"}, "message": "Skickar BMB enl. överenskommelse."}, http.StatusCreated, &sent)
		if sent.ID == "" || sent.Status != "sent" || sent.StatusText != "Skickad 2026-11-02" || sent.BMBDate != "2026-11-02" || len(sent.Items) != 2 {
			t.Fatalf("sent: %+v", sent)
		}
		// The same units cannot be sent again while it is open.
		lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"170098"}}, http.StatusConflict, nil)

		var in struct{ Transfers []bmbTransfer }
		kbn.call("GET", "/api/v1/transfers?direction=incoming", nil, http.StatusOK, &in)
		// The demo's BMB on day 5 (demo.DueTransferUnit) is the other one sent to K082KBN.
		if len(in.Transfers) != 2 || in.Transfers[0].ID != sent.ID || in.Transfers[0].From != "K082LNO" || in.Transfers[0].Recipient.Name != "Svensson, Testare" {
			t.Fatalf("incoming for K082KBN: %+v", in)
		}
		var out struct{ Transfers []bmbTransfer }
		lno.call("GET", "/api/v1/transfers?direction=outgoing&status=sent", nil, http.StatusOK, &out)
		if len(out.Transfers) != 2 {
			t.Fatalf("outgoing for K082LNO: %+v", out)
		}
		var msgs struct {
			Messages []struct{ Subject, Link string }
		}
		kbn.call("GET", "/api/v1/messages", nil, http.StatusOK, &msgs)
		if len(msgs.Messages) == 0 || !strings.HasPrefix(msgs.Messages[0].Subject, "BMB från K082LNO") {
			t.Errorf("K082KBN's inbox: %+v", msgs)
		}

		// Only the addressee acknowledges; a customer she is not linked to is refused.
		lno.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"approve": true, "customer": "2990"}, http.StatusForbidden, nil)
		kbn.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"approve": true, "customer": "1464"}, http.StatusBadRequest, nil)
		var acc bmbTransfer
		kbn.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"customer": "3110", "payer": "3110"}, http.StatusOK, &acc)
		if acc.Status != "accepted" || acc.Customer != "3110" || acc.Payer != "3110" {
			t.Fatalf("accepted: %+v", acc)
		}
		kbn.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"approve": false}, http.StatusConflict, nil)
		var aids []struct{ Payer, RentStart string }
		rows, err := srv.DB.Read().Query(t.Context(), `SELECT payer_number, rent_start FROM holdings WHERE unit_number IN ('170098', '157792') AND end_date IS NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a struct{ Payer, RentStart string }
			rows.Scan(&a.Payer, &a.RentStart)
			aids = append(aids, a)
		}
		rows.Close()
		if len(aids) != 2 || aids[0].Payer != "3110" || aids[0].RentStart != "2026-11-02" || aids[1].Payer != "3110" {
			t.Errorf("the cushions now: %+v", aids)
		}

		// A transfer of the local store's wheelchair 179711 locks after 7 days; customer service unlocks it.
		var local bmbTransfer
		lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082LNO", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"179711"}}, http.StatusCreated, &local)
		ks.call("POST", "/api/v1/transfers/"+local.ID+"/unlock", nil, http.StatusConflict, nil)
		srv.SetNow(now.Add(7 * 24 * time.Hour))
		// A week later everyone logs in again (sessions expire when idle).
		lno, kbn, ks = bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "K082KBN"), bmbLogin(t, srv.URL, "KUNDTJANST")
		var got bmbTransfer
		lno.call("GET", "/api/v1/transfers/"+local.ID, nil, http.StatusOK, &got)
		if got.Status != "locked" {
			t.Fatalf("after 7 days: %+v", got)
		}
		lno.call("POST", "/api/v1/transfers/"+local.ID+"/acknowledge", map[string]any{"customer": "2990"}, http.StatusConflict, nil)
		kbn.call("POST", "/api/v1/transfers/"+local.ID+"/unlock", nil, http.StatusForbidden, nil)
		var locked struct{ Transfers []bmbTransfer }
		ks.call("GET", "/api/v1/transfers?direction=all&status=locked", nil, http.StatusOK, &locked)
		// The demo's BMB sent 5 days before (demo.DueTransferUnit) has locked too.
		if len(locked.Transfers) != 2 || locked.Transfers[0].ID != local.ID {
			t.Fatalf("locked list: %+v", locked)
		}
		ks.call("POST", "/api/v1/transfers/"+local.ID+"/unlock", nil, http.StatusOK, &got)
		if got.Status != "unlocked" {
			t.Fatalf("unlocked: %+v", got)
		}
		// Free again: sent anew; a repeated idempotency key returns the same transfer with 200.
		again := map[string]any{"toPrescriber": "K082LNO", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"179711"}, "bmbDate": "2026-11-09", "idempotencyKey": "bmb-179711-1"}
		var first, repeat bmbTransfer
		lno.call("POST", "/api/v1/transfers", again, http.StatusCreated, &first)
		lno.call("POST", "/api/v1/transfers", again, http.StatusOK, &repeat)
		if repeat.ID != first.ID || repeat.BMBDate != "2026-11-09" {
			t.Errorf("repeated key: %+v, first %+v", repeat, first)
		}

		// The OpenAPI document lists the BMB paths.
		var doc struct{ Paths map[string]any }
		lno.call("GET", "/api/openapi.json", nil, http.StatusOK, &doc)
		for _, p := range []string{"/api/v1/transfers", "/api/v1/transfers/{id}", "/api/v1/transfers/{id}/acknowledge", "/api/v1/transfers/{id}/unlock"} {
			if doc.Paths[p] == nil {
				t.Errorf("OpenAPI lacks %s", p)
			}
		}
	})
}
