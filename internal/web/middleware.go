package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// The Content-Security-Policy of each response. Pages load only the stylesheet,
// script and pictures of this origin: no inline script or style, no plugins, no
// other base, forms post only here, and no other site may frame them. API
// responses (JSON) load nothing. A file that the browser shows by itself (a PDF,
// an article's picture) loads nothing either; its inline style is the browser's
// own image viewer's.
const (
	pagePolicy = "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	apiPolicy  = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	filePolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

// contentPolicy is the Content-Security-Policy of a response to path (a file
// sets filePolicy itself).
func contentPolicy(path string) string {
	if strings.HasPrefix(path, "/api/") {
		return apiPolicy
	}
	return pagePolicy
}

// requestContext gives each request an id and a language, sets the security
// headers, and logs it.
func (s *Server) requestContext(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, langKey, requestLang(r))
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("X-Frame-Options", "DENY")
		if s.cfg.SecureCookies {
			// Served over HTTPS: browsers keep to HTTPS for a year, so no
			// later visit can be led onto plain HTTP.
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		w.Header().Set("Content-Security-Policy", contentPolicy(r.URL.Path))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		next.ServeHTTP(rec, r.WithContext(ctx))
		s.log.Debug("request", "id", id, "method", r.Method, "path", r.URL.Path, "status", rec.status, "duration", time.Since(start))
	})
}

// recoverer turns a panic outside a route's handler (in middleware) into an
// internal error; a route's own panics are caught by instrument, which counts them.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer s.recoverPanic(w, r)
		next.ServeHTTP(w, r)
	})
}

// recoverPanic, deferred, logs a panic with the request id and the stack and
// answers with the internal-error page or JSON, which shows the same id.
func (s *Server) recoverPanic(w http.ResponseWriter, r *http.Request) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	s.log.Error("panic", "id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", p, "stack", string(debug.Stack()))
	s.Error(w, r, fmt.Errorf("panic: %v", p))
}

// statusRecorder remembers the status code for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// started reports whether the response has begun (see Error).
func (r *statusRecorder) started() bool { return r.wrote }

// httpStatus maps a domain error code to an HTTP status.
func httpStatus(code domain.Code) int {
	switch code {
	case domain.EInvalid:
		return http.StatusBadRequest
	case domain.EUnauthorized:
		return http.StatusUnauthorized
	case domain.EForbidden:
		return http.StatusForbidden
	case domain.ENotFound:
		return http.StatusNotFound
	case domain.EConflict:
		return http.StatusConflict
	case domain.EMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case domain.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
