package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"hjalpmedel/internal/domain"
)

// Error is the one way to fail: JSON on API routes, a page otherwise. Internal
// errors show a short message and the request id; details go only to the log.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if rec, ok := w.(interface{ started() bool }); ok && rec.started() {
		// The page was already on its way (e.g. the client went away mid-write):
		// a second status cannot be sent, so only log.
		s.log.Warn("error after the response started", "id", requestID(r), "path", r.URL.Path, "err", err)
		return
	}
	code := domain.ErrorCode(err)
	status := httpStatus(code)
	switch {
	case r.Context().Err() != nil && (errors.Is(err, context.Canceled) || status == http.StatusServiceUnavailable):
		// The client went away (a closed tab, a stopped bench), and the database
		// call with it: nothing failed here.
		s.log.Debug("request canceled by the client", "id", requestID(r), "method", r.Method, "path", r.URL.Path)
	case status == http.StatusServiceUnavailable:
		s.log.Warn("database unavailable", "id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	case status == http.StatusInternalServerError:
		s.log.Error("internal error", "id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	lang := langOf(r)
	msg := translate(lang, domain.ErrorMessage(err))
	var fields map[string]string
	var de *domain.Error
	if errors.As(err, &de) {
		msg, fields = translateError(lang, de)
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
		if errors.Is(err, domain.ErrOutcomeUnknown) && !isAPI(r) {
			// A person has no idempotency key to repeat: tell them to look first.
			msg = translate(lang, outcomeUnknownOnPage)
		}
	}
	if isAPI(r) {
		body := map[string]any{"code": string(code), "message": msg}
		if len(fields) > 0 {
			body["fields"] = fields
		}
		if status == http.StatusInternalServerError {
			body["requestId"] = requestID(r)
		}
		writeJSON(w, status, map[string]any{"error": body})
		return
	}
	if status == http.StatusUnauthorized && actor(r) == nil {
		// Not logged in (or the session ran out): to the login page, which returns
		// to the page after login. A form post cannot be repeated, so it goes back to
		// the login page alone.
		to := "/login"
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			to += "?next=" + url.QueryEscape(r.URL.RequestURI())
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	s.renderStatus(w, r, status, "errors/error", errorTitle(status), errorPage{Status: status, Message: msg, RequestID: requestID(r)})
}

// outcomeUnknownOnPage is domain.ErrOutcomeUnknown as a page says it.
const outcomeUnknownOnPage = "Förbindelsen med databasen bröts medan ändringen sparades, så den kan ha sparats. Kontrollera om den finns innan du gör den igen."

type errorPage struct {
	Status    int
	Message   string
	RequestID string
}

func errorTitle(status int) string {
	switch status {
	case http.StatusForbidden:
		return "Behörighet saknas"
	case http.StatusNotFound:
		return "Sidan finns inte"
	case http.StatusUnauthorized:
		return "Inte inloggad"
	case http.StatusBadRequest, http.StatusConflict:
		return "Det gick inte att utföra"
	case http.StatusServiceUnavailable:
		return "Försök igen om en stund"
	}
	return "Ett fel inträffade"
}

// onField turns a look-up's "not found" or "not one" (a serial number on two
// units) into a mistake in the form's field, with the same message (and format,
// for English) next to it; nil for any other error.
func onField(err error, field string) *domain.Error {
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.ENotFound && de.Code != domain.EConflict {
		return nil
	}
	fe := *de
	fe.Code, fe.Fields = domain.EInvalid, map[string]string{field: de.Message}
	return &fe
}
