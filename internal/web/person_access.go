package web

import (
	"net/http"
	"strings"

	"hjalpmedel/internal/service"
)

// accessWriter passes every byte of a logged-in user's response through the
// request's PersonAccess as well (service/person_access.go), so whatever a
// handler renders — a page, JSON, CSV — is read for the persons it shows. A PDF
// or a picture is binary; writePDF gives the PersonAccess a PDF's text itself.
type accessWriter struct {
	http.ResponseWriter
	access *service.PersonAccess
}

func (w *accessWriter) Write(b []byte) (int, error) {
	ct := w.Header().Get("Content-Type")
	if !strings.HasPrefix(ct, "application/pdf") && !strings.HasPrefix(ct, "image/") {
		w.access.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

func (w *accessWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withPersonAccess starts a logged-in request's PersonAccess: the route is the
// screen, the query string the search criteria.
func withPersonAccess(w http.ResponseWriter, r *http.Request, pattern string) (http.ResponseWriter, *http.Request, *service.PersonAccess) {
	var criteria map[string][]string
	if r.URL.RawQuery != "" {
		criteria = r.URL.Query()
	}
	ctx, access := service.WithPersonAccess(r.Context(), pattern, criteria)
	return &accessWriter{ResponseWriter: w, access: access}, r.WithContext(ctx), access
}
