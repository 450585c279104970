package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/storetest"
)

// A change whose commit met a broken connection answers 503: through the API
// with code unavailable, Retry-After and the advice to repeat it with the same
// idempotency key; on a page with the advice to look first.
func TestOutcomeUnknownAnswers503(t *testing.T) {
	s, err := New(service.New(storetest.OpenSQLite(t).Repo(), slog.Default()), Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	broken := func(http.ResponseWriter, *http.Request) error {
		return fmt.Errorf("%w (%w)", domain.ErrOutcomeUnknown, errors.New("unexpected EOF"))
	}
	s.public("POST /api/v1/test-broken", broken)
	s.public("POST /test-broken", broken)

	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/test-broken", nil))
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusServiceUnavailable ||
		body.Error.Code != "unavailable" || !strings.Contains(body.Error.Message, "samma idempotensnyckel") || rec.Header().Get("Retry-After") == "" {
		t.Errorf("API: %d %s (Retry-After %q)", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
	}

	rec = httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/test-broken", nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Kontrollera om den finns innan du gör den igen") {
		t.Errorf("page: %d %.500s", rec.Code, rec.Body)
	}
}
