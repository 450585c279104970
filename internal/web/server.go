// Package web serves the HTML pages and the JSON API. Handlers are thin: parse,
// call the service, render. Errors go to one place (Error), which chooses a page
// or JSON by the route.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Config configures the server.
type Config struct {
	// SecureCookies marks cookies Secure and sends HSTS; set when served over TLS
	// (directly or behind a proxy).
	SecureCookies bool
	// ClientIPHeader names the header in which a proxy in front passes the
	// client's address (e.g. X-Forwarded-For; its last address counts, the one
	// the proxy added). Empty: the connection's address is the client's.
	ClientIPHeader string
	Log            *slog.Logger
	// OIDC turns on single sign-on when its Issuer is set.
	OIDC OIDCConfig
	// DisablePasswordLogin refuses logins with a password (single sign-on only).
	DisablePasswordLogin bool
	// ExportPart is about how many bytes of a streamed export (a whole month's
	// invoice basis) are held, logged for the persons they show and sent at a
	// time (0: defaultExportPart).
	ExportPart int
}

// Server is the HTTP side of Hjälpmedel.
type Server struct {
	svc     *service.Service
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	tmpl    *templates
	static  *staticFiles
	metrics *metrics
	oidc    *oidcClient  // nil without single sign-on
	api     []apiRoute   // for the OpenAPI document
	routes  []routeInfo  // every registered route with its roles
	handler http.Handler // mux wrapped in middleware
}

// handler is what every route implements: it returns an error instead of writing one.
type handler func(w http.ResponseWriter, r *http.Request) error

// routeKind decides how a route's errors are shown and how its user is found.
type routeKind int

const (
	kindPage      routeKind = iota // HTML, session cookie, redirect to /login
	kindAPI                        // JSON, bearer token or session cookie
	kindPublic                     // no login
	kindAPIPublic                  // JSON, no login (POST /api/v1/login)
)

type routeInfo struct {
	Pattern string
	Kind    routeKind
	Roles   []domain.Role
}

// New builds the server and its routes.
func New(svc *service.Service, cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.ExportPart <= 0 {
		cfg.ExportPart = defaultExportPart
	}
	s := &Server{svc: svc, cfg: cfg, log: cfg.Log, mux: http.NewServeMux(), metrics: newMetrics(svc.DBCollector())}
	if cfg.OIDC.Issuer != "" {
		if cfg.OIDC.Claim == "" {
			cfg.OIDC.Claim = DefaultOIDCClaim
		}
		s.oidc = &oidcClient{cfg: cfg.OIDC}
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.tmpl, err = loadTemplates(s); err != nil {
		return nil, err
	}
	s.registerRoutes()
	s.handler = s.requestContext(s.recoverer(s.crossOriginProtection(s.mux)))
	return s, nil
}

// crossOriginProtection refuses cross-site form posts and other unsafe requests
// (Sec-Fetch-Site, Origin), so cookie-authenticated forms need no tokens. An API
// call with a bearer token carries no ambient credential a third-party page could
// borrow: API routes authenticate by that token alone (never falling back to the
// cookie), so such calls pass.
func (s *Server) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, domain.Errorf(domain.EForbidden, "Begäran kom från en annan webbplats och avvisades."))
	}))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && bearerToken(r) != "" {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "Bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// Route is a registered route as tests and tools see it.
type Route struct {
	Method string // "" when the pattern matches every method
	Path   string // the mux pattern's path, e.g. /meddelanden/{id}
	API    bool   // JSON under /api/v1 (documented in the OpenAPI document)
	Public bool   // answers without a login
	Roles  []domain.Role
}

// Routes lists every registered route in the order of registration.
func (s *Server) Routes() []Route {
	out := make([]Route, 0, len(s.routes))
	for _, ri := range s.routes {
		method, path, ok := strings.Cut(ri.Pattern, " ")
		if !ok {
			method, path = "", ri.Pattern
		}
		out = append(out, Route{Method: method, Path: path, API: ri.Kind == kindAPI || ri.Kind == kindAPIPublic,
			Public: ri.Kind == kindPublic || ri.Kind == kindAPIPublic, Roles: ri.Roles})
	}
	return out
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// handle registers a route of a kind for the given roles (none: any logged-in user).
func (s *Server) handle(pattern string, kind routeKind, h handler, roles ...domain.Role) {
	s.routes = append(s.routes, routeInfo{Pattern: pattern, Kind: kind, Roles: roles})
	s.mux.Handle(pattern, s.instrument(pattern, func(w http.ResponseWriter, r *http.Request) {
		r = withKind(r, kind)
		if kind != kindPublic && kind != kindAPIPublic {
			a, err := s.authenticate(r, kind)
			if err != nil {
				s.Error(w, r, err)
				return
			}
			r = withActor(r, a)
			if kind == kindPage && a.MustChangePassword && !a.SingleSignOn && !passwordChangeAllowed(pattern) {
				http.Redirect(w, r, "/losenord?forced=1", http.StatusSeeOther)
				return
			}
			if kind == kindAPI && a.MustChangePassword && !a.SingleSignOn && !passwordChangeAllowed(pattern) {
				s.Error(w, r, domain.Errorf(domain.EForbidden, "Du måste byta lösenord innan du fortsätter."))
				return
			}
			if err := a.Require(roles...); err != nil {
				s.Error(w, r, err)
				return
			}
		}
		if err := checkRequestText(r, pattern); err != nil {
			s.Error(w, r, err)
			return
		}
		if a := actor(r); a != nil {
			s.serveLogged(w, r, a, pattern, h)
			return
		}
		if err := h(w, r); err != nil {
			s.Error(w, r, err)
		}
	}))
}

// page registers an HTML page.
func (s *Server) page(pattern string, h handler, roles ...domain.Role) {
	s.handle(pattern, kindPage, h, roles...)
}

// public registers a route that needs no login.
func (s *Server) public(pattern string, h handler) { s.handle(pattern, kindPublic, h) }

// passwordChangeRoutes are the only routes open to a user who must change their
// password: change it, see who they are, log out. Exact patterns, so that another
// route that merely contains one (an admin's reset of someone else's password,
// PUT /api/v1/me) stays closed.
var passwordChangeRoutes = map[string]bool{
	"GET /losenord": true, "POST /losenord": true, "POST /logout": true,
	"POST /api/v1/me/password": true, "GET /api/v1/me": true, "POST /api/v1/logout": true,
}

func passwordChangeAllowed(pattern string) bool { return passwordChangeRoutes[pattern] }

const sessionCookie = "hm_session"

func (s *Server) authenticate(r *http.Request, kind routeKind) (*service.Actor, error) {
	token := ""
	if kind == kindAPI {
		token = bearerToken(r)
	}
	if token == "" {
		if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
	}
	a, err := s.svc.Authenticate(r.Context(), token)
	if err != nil {
		return nil, err
	}
	a.RequestID = requestID(r)
	return a, nil
}

type ctxKey int

const (
	actorKey ctxKey = iota
	kindKey
	requestIDKey
	langKey
)

func withActor(r *http.Request, a *service.Actor) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), actorKey, a))
}

// actor returns the logged-in user of a request (nil on public routes).
func actor(r *http.Request) *service.Actor {
	a, _ := r.Context().Value(actorKey).(*service.Actor)
	return a
}

func withKind(r *http.Request, k routeKind) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), kindKey, k))
}

func isAPI(r *http.Request) bool {
	k, ok := r.Context().Value(kindKey).(routeKind)
	if ok && (k == kindAPI || k == kindAPIPublic) {
		return true
	}
	// Unknown paths under /api/ (the catch-all is a public page route) answer in JSON too.
	return strings.HasPrefix(r.URL.Path, "/api/")
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// Shutdown grace for in-flight requests.
const ShutdownGrace = 20 * time.Second
