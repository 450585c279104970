package web

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// A panicking handler answers 500 with the request's id, in the log as on the
// page, and is counted as a 500 of its route.
func TestPanicIsAnInternalErrorOfItsRequest(t *testing.T) {
	var logs bytes.Buffer
	s, err := New(service.New(storetest.OpenSQLite(t).Repo(), slog.Default()), Config{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	s.public("GET /api/v1/test-panic", func(http.ResponseWriter, *http.Request) error { panic("boom") })
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/test-panic", nil))
	id := rec.Header().Get("X-Request-Id")
	var body struct {
		Error struct {
			RequestID string `json:"requestId"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != 500 || err != nil || id == "" || body.Error.RequestID != id {
		t.Fatalf("status %d, id %q, body %s", rec.Code, id, rec.Body)
	}
	if !strings.Contains(logs.String(), "id="+id) || !strings.Contains(logs.String(), "boom") {
		t.Errorf("the log does not name the request %s and the panic:\n%s", id, logs.String())
	}
	rec = httptest.NewRecorder()
	s.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if want := `hjalpmedel_http_requests_total{route="GET /api/v1/test-panic",status="500"} 1`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("/metrics lacks %s", want)
	}
}

// A user form whose customer boxes cannot be loaded is an error page, never the
// form without them: saving that would unlink every customer of the user.
func TestUserFormWithoutItsChoicesIsAnError(t *testing.T) {
	db := storetest.OpenSQLite(t)
	s, err := New(service.New(db.Repo(), slog.Default()), Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Transact(t.Context(), func(q *store.Q) error {
		_, err := q.Exec(t.Context(), "ALTER TABLE customers RENAME TO customers_away")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("GET", "/admin/anvandare/ny", nil)
	r.ParseForm()
	if err := s.userForm(httptest.NewRecorder(), r, "Ny användare", true, nil, nil); err == nil {
		t.Error("the user form rendered without its customers")
	}
}

// Handlers never parse forms: every page route gets its query and posted form
// parsed (and checked) before the handler runs, and an unparsable form is a 400
// the handler never sees.
func TestPageFormsAreParsedBeforeTheHandler(t *testing.T) {
	s, err := New(service.New(storetest.OpenSQLite(t).Repo(), slog.Default()), Config{})
	if err != nil {
		t.Fatal(err)
	}
	var seen string
	s.public("POST /test-form", func(w http.ResponseWriter, r *http.Request) error {
		seen = r.PostForm.Get("name") + "|" + r.Form.Get("q")
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
	post := func(body string) int {
		rq := httptest.NewRequest("POST", "/test-form?q=frågan", strings.NewReader(body))
		rq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, rq)
		return rec.Code
	}
	if code := post("name=%C3%85sa"); code != http.StatusNoContent || seen != "Åsa|frågan" {
		t.Fatalf("the handler saw %q (%d), want the parsed form", seen, code)
	}
	seen = ""
	if code := post("name=%zz"); code != http.StatusBadRequest || seen != "" {
		t.Fatalf("an unparsable form: %d, the handler saw %q", code, seen)
	}
}
