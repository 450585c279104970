package web

import (
	"net"
	"net/http"
	"strings"

	"hjalpmedel/internal/domain"
)

func (s *Server) routesAuth() {
	s.public("GET /login", s.loginPage)
	s.public("POST /login", s.loginSubmit)
	s.page("POST /logout", s.logout)
	s.page("GET /losenord", s.passwordPage)
	s.page("POST /losenord", s.passwordSubmit)

	s.apiRoute("POST /api/v1/login", APIDoc{Summary: "Logga in: returnerar en bearer-token", Tag: "auth", Public: true,
		Request: loginRequest{}, Response: loginResponse{}}, s.apiLogin)
	s.apiRoute("POST /api/v1/logout", APIDoc{Summary: "Avsluta sessionen", Tag: "auth", EmptyBody: true}, s.apiLogout)
	s.apiRoute("GET /api/v1/me", APIDoc{Summary: "Den inloggade användaren", Tag: "auth", Response: meJSON{}}, s.apiMe)
	s.apiRoute("POST /api/v1/me/password", APIDoc{Summary: "Byt eget lösenord", Tag: "auth", Request: passwordRequest{}}, s.apiChangePassword)
}

type loginForm struct {
	Next          string
	LoggedOut     bool // after Avsluta
	SingleSignOn  bool // "Logga in med SITHS" is offered
	PasswordLogin bool
}

func (s *Server) newLoginForm(next string) loginForm {
	return loginForm{Next: next, SingleSignOn: s.oidc != nil, PasswordLogin: !s.cfg.DisablePasswordLogin}
}

// errPasswordLoginOff refuses a password when only single sign-on is allowed.
var errPasswordLoginOff = domain.Errorf(domain.EForbidden, "Inloggning med lösenord är avstängd. Logga in med SITHS.")

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.Query().Get("next")
	if !localPath(next) {
		next = ""
	}
	f := s.newLoginForm(next)
	f.LoggedOut = r.URL.Query().Get("utloggad") == "1"
	return s.render(w, r, "auth/login", "Logga in", f)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	if s.cfg.DisablePasswordLogin {
		return errPasswordLoginOff
	}
	token, user, err := s.svc.Login(r.Context(), s.clientIP(r), r.PostFormValue("username"), r.PostFormValue("password"), "web")
	if err != nil {
		code := domain.ErrorCode(err)
		if code == domain.EUnauthorized || code == domain.EInvalid {
			// Wrong password is a form error here, not a 401 page.
			de := &domain.Error{Code: domain.EInvalid, Message: domain.ErrorMessage(err)}
			if code == domain.EInvalid {
				de = err.(*domain.Error)
			}
			r.Form.Del("password")
			return s.renderForm(w, r, "auth/login", "Logga in", s.newLoginForm(next), de)
		}
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies || r.TLS != nil})
	switch {
	case user.MustChangePassword:
		next = "/losenord?forced=1"
	case !localPath(next):
		next = "/start"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	to := "/login?utloggad=1"
	if c, _ := r.Cookie(sessionCookie); c != nil {
		idToken, err := s.svc.Logout(r.Context(), actor(r), c.Value)
		if err != nil {
			return err
		}
		if end := s.providerLogout(idToken); end != "" {
			to = end
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

type passwordPage struct {
	Forced bool
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "auth/password", "Byt lösenord", passwordPage{Forced: actor(r).MustChangePassword})
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	err := s.svc.ChangePassword(r.Context(), a, r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("repeat"))
	if err != nil {
		for _, f := range []string{"current", "password", "repeat"} {
			r.Form.Del(f)
		}
		return s.renderForm(w, r, "auth/password", "Byt lösenord", passwordPage{Forced: a.MustChangePassword}, err)
	}
	return s.redirectWithFlash(w, r, "/start", "Ditt lösenord är ändrat.")
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token string `json:"token"`
	User  meJSON `json:"user"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in loginRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if s.cfg.DisablePasswordLogin {
		return errPasswordLoginOff
	}
	token, user, err := s.svc.Login(r.Context(), s.clientIP(r), in.Username, in.Password, "api")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, loginResponse{Token: token, User: meOf(user)})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	token := bearerToken(r)
	if token == "" {
		if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
	}
	if _, err := s.svc.Logout(r.Context(), actor(r), token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// meJSON is the API's view of a user.
type meJSON struct {
	Username           string   `json:"username"`
	HSAID              string   `json:"hsaId,omitempty"`
	Name               string   `json:"name"`
	Phone              string   `json:"phone"`
	Mobile             string   `json:"mobile"`
	Email              string   `json:"email"`
	Roles              []string `json:"roles"`
	RolesText          []string `json:"rolesText"`
	Customers          []string `json:"customers"`
	ServiceDepartment  string   `json:"serviceDepartment"`
	Warehouse          string   `json:"warehouse,omitempty"`
	CanPrescribe       bool     `json:"canPrescribe"`
	MustChangePassword bool     `json:"mustChangePassword"`
}

func meOf(u *domain.User) meJSON {
	m := meJSON{Username: u.Username, HSAID: u.HSAID, Name: u.Name, Phone: u.Phone, Mobile: u.Mobile, Email: u.Email,
		Roles: []string{}, RolesText: []string{}, Customers: u.Customers, ServiceDepartment: u.ServiceDepartment,
		Warehouse: u.Warehouse, CanPrescribe: u.CanPrescribe, MustChangePassword: u.MustChangePassword}
	if m.Customers == nil {
		m.Customers = []string{}
	}
	for _, r := range u.Roles {
		m.Roles = append(m.Roles, string(r))
		m.RolesText = append(m.RolesText, domain.RoleName(r))
	}
	return m
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, meOf(actor(r).User))
}

type passwordRequest struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.ChangePassword(r.Context(), actor(r), in.Current, in.Password, in.Password); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// clientIP is the address failed logins are counted by (service/throttle.go).
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.ClientIPHeader != "" {
		if v := r.Header.Values(s.cfg.ClientIPHeader); len(v) > 0 {
			parts := strings.Split(v[len(v)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
