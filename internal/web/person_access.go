package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"hjalpmedel/internal/service"
)

// accessWriter holds a logged-in user's response and passes every byte of it
// through the request's PersonAccess (service/person_access.go), so whatever a
// handler renders — a page, JSON, CSV — is read for the persons it shows. A PDF
// or a picture is binary; writePDF gives the PersonAccess a PDF's text itself.
// The response is sent only after its persons are logged (send): a response
// whose audit entry cannot be written is not shown at all.
type accessWriter struct {
	http.ResponseWriter
	access *service.PersonAccess
	status int // 0 until the handler writes
	body   bytes.Buffer
	parted bool // a part has been sent (sendLogged): the status is out
}

func (w *accessWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *accessWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	ct := w.Header().Get("Content-Type")
	if !strings.HasPrefix(ct, "application/pdf") && !strings.HasPrefix(ct, "image/") {
		w.access.Write(b)
	}
	return w.body.Write(b)
}

// started reports whether the handler has begun its response (see Error).
func (w *accessWriter) started() bool { return w.status != 0 }

// send writes the held response (its rest, after parts sent by sendLogged).
func (w *accessWriter) send() {
	if w.status == 0 {
		return // nothing written: net/http answers 200 with no body
	}
	if !w.parted {
		w.ResponseWriter.WriteHeader(w.status)
	}
	if w.body.Len() > 0 { // a 304 or 204 has no body to write
		w.ResponseWriter.Write(w.body.Bytes())
	}
	w.body.Reset()
}

// sendLogged logs the persons of what a response holds so far and sends it: a
// large export goes out in parts, each logged before it is sent (no log, no
// data), and no more than a part is in memory. Each part writes its own
// person.view entry. Outside a logged-in request it does nothing.
func (s *Server) sendLogged(w http.ResponseWriter, r *http.Request) error {
	aw, ok := w.(*accessWriter)
	if !ok {
		return nil
	}
	if err := s.svc.RecordAccess(context.WithoutCancel(r.Context()), actor(r), aw.access); err != nil {
		return err
	}
	aw.access.Forget()
	aw.send()
	aw.parted = true
	return http.NewResponseController(aw.ResponseWriter).Flush()
}

// heldBytes is how much of a response is held, not sent yet.
func heldBytes(w http.ResponseWriter) int {
	if aw, ok := w.(*accessWriter); ok {
		return aw.body.Len()
	}
	return 0
}

// abortStream ends a response sent in parts that failed: before its first part
// the held bytes are dropped and err is answered as usual; after it, the
// connection is cut, so the client cannot take a cut file for a whole one.
func (s *Server) abortStream(w http.ResponseWriter, r *http.Request, err error) error {
	aw, ok := w.(*accessWriter)
	if !ok || !aw.parted {
		if ok {
			aw.body.Reset()
			aw.status = 0
		}
		w.Header().Del("Content-Disposition")
		w.Header().Del("Content-Type")
		return err
	}
	s.log.Error("response cut after its first part", "id", requestID(r), "path", r.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// withPersonAccess starts a logged-in request's PersonAccess: the route is the
// screen, the query string the search criteria.
func withPersonAccess(w http.ResponseWriter, r *http.Request, pattern string) (*accessWriter, *http.Request) {
	var criteria map[string][]string
	if r.URL.RawQuery != "" {
		criteria = r.URL.Query()
	}
	ctx, access := service.WithPersonAccess(r.Context(), pattern, criteria)
	return &accessWriter{ResponseWriter: w, access: access}, r.WithContext(ctx)
}

// serveLogged runs a logged-in user's handler, logs the persons its response
// shows, and only then sends the response; when the log cannot be written the
// user gets the error instead of the data.
func (s *Server) serveLogged(w http.ResponseWriter, r *http.Request, a *service.Actor, pattern string, h handler) {
	aw, ar := withPersonAccess(w, r, pattern)
	if err := h(aw, ar); err != nil {
		s.Error(aw, ar, err)
	}
	if err := s.svc.RecordAccess(context.WithoutCancel(ar.Context()), a, aw.access); err != nil {
		s.log.Error("audit of shown persons", "route", pattern, "request", a.RequestID, "err", err)
		w.Header().Del("Content-Disposition")
		w.Header().Set("Content-Security-Policy", contentPolicy(r.URL.Path))
		s.Error(w, r, err)
		return
	}
	aw.send()
}
