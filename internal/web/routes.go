package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
)

// registerRoutes is the route table. Each feature registers its routes in its own
// file (routesAuth in auth.go, …); add one line here per feature.
func (s *Server) registerRoutes() {
	s.public("GET /static/{hash}/{name}", s.static.serve)
	s.public("GET /healthz", s.healthz)
	s.public("GET /api/openapi.json", s.serveOpenAPI)
	s.public("GET /sprak/{lang}", s.switchLanguage)
	s.public("GET /tillganglighet", s.accessibilityStatement)

	s.routesAuth()
	s.routesOIDC()
	s.routesHome()
	s.routesMessages()
	s.routesAudit()
	s.routesLogReview()
	s.routesLookups()
	s.routesOrdersAPI()
	s.routesOrders()
	s.routesFulfilment()
	s.routesCatalogAdminAPI()
	s.routesBillingAdmin()
	s.routesBillingExport()
	s.routesCosts()
	s.routesStockAdmin()
	s.routesStockJournal()
	s.routesStockLocations()
	s.routesCounts()
	s.routesComponents()
	s.routesCatalogAdmin()
	s.routesUsersAdmin()
	s.routesCustomersAdmin()
	s.routesReportsAdmin()
	s.routesTransfers()
	s.routesWorkOrders()
	s.routesPickups()
	s.routesTrainingClock()
	s.routesRegistry()
	s.routesUnitBlocks()
	s.routesLabels()
	s.routesDeviations()
	s.routesHandOut()
	s.routesSearch()
	s.routesMaintenance()
	s.routesRecalls()
	s.routesOverview()
	s.routesPurchasing()

	s.registerNotBuilt()
	s.public("/", s.notFound)
}

// accessibilityStatement is the statement the Act on accessibility to digital
// public services requires, readable without logging in.
func (s *Server) accessibilityStatement(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "info/accessibility", "Tillgänglighetsredogörelse", nil)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.svc.Ping(r.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return nil
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s.openAPI())
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Path == "/" {
		http.Redirect(w, r, "/start", http.StatusSeeOther)
		return nil
	}
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return domain.Errorf(domain.EMethodNotAllowed, "Metoden %s används inte för den här adressen.", r.Method)
	}
	err := domain.Errorf(domain.ENotFound, "Sidan finns inte.")
	if !isAPI(r) {
		// A logged-in user keeps the menu on the page that says so.
		if a, aerr := s.authenticate(r, kindPage); aerr == nil {
			s.Error(w, withActor(r, a), err)
			return nil
		}
	}
	return err
}

// allowedMethods are the methods a route of the request's path answers, when
// its own method is not among them (the catch-all "/" takes every request the
// routes do not, so the mux's own 405 never happens).
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host}
		if _, pattern := s.mux.Handler(probe); pattern != "/" && pattern != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 && slices.Contains(allow, http.MethodGet) {
		allow = append(allow, http.MethodHead)
	}
	return allow
}

// switchLanguage sets the UI language and returns to the page the user was on.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := r.PathValue("lang")
	if lang != "sv" && lang != "en" {
		return domain.Errorf(domain.ENotFound, "Språket finns inte.")
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	back := r.URL.Query().Get("tillbaka")
	if !localPath(back) {
		back = "/start"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// backTo is the page a form's "tillbaka" field names when it is on this site,
// else fallback: an action taken from a list returns to the list.
func backTo(r *http.Request, fallback string) string {
	if back := r.PostFormValue("tillbaka"); localPath(back) {
		return back
	}
	return fallback
}

// localPath accepts only paths on this site, so redirects cannot be pointed elsewhere:
// "/x" but not "//host", "/\\host", a scheme, or control characters (browsers drop a
// tab or newline, which would turn "/\t/host" into "//host").
func localPath(p string) bool {
	if len(p) == 0 || p[0] != '/' || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	if len(p) > 1 && p[1] == '/' {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}
