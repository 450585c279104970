package web

import (
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Användare (admin): users, roles, customer links, service department,
// förskrivningsrätt, issued passwords, deactivation, unlocking.

func (s *Server) routesUsersAdmin() {
	admin := domain.RoleAdmin
	s.page("GET /admin/anvandare", s.usersPage, admin)
	s.page("GET /admin/anvandare/ny", s.userNewPage, admin)
	s.page("POST /admin/anvandare/ny", s.userCreateSubmit, admin)
	s.page("GET /admin/anvandare/{username}", s.userEditPage, admin)
	s.page("POST /admin/anvandare/{username}", s.userUpdateSubmit, admin)
	s.page("POST /admin/anvandare/{username}/losenord", s.userPasswordSubmit, admin)
	s.page("POST /admin/anvandare/{username}/aktiv", s.userActiveSubmit, admin)
	s.page("POST /admin/anvandare/{username}/las-upp", s.userUnlockSubmit, admin)
	s.apiRoute("GET /api/v1/users", APIDoc{Summary: "Alla användare (admin)", Tag: "users", Response: map[string][]adminUserJSON{}}, s.apiUsers, admin)
	s.apiRoute("POST /api/v1/users", APIDoc{Summary: "Skapa användare med utfärdat lösenord som måste bytas vid första inloggningen (admin)", Tag: "users",
		Request: userInJSON{}, Response: createdUserJSON{}, Status: http.StatusCreated}, s.apiCreateUser, admin)
	s.apiRoute("GET /api/v1/users/{username}", APIDoc{Summary: "En användare (admin)", Tag: "users", Response: adminUserJSON{}}, s.apiUser, admin)
	s.apiRoute("PUT /api/v1/users/{username}", APIDoc{Summary: "Ändra användare: roller, kunder, serviceavdelning, förskrivningsrätt (admin); utelämnade fält behålls", Tag: "users",
		Request: userInJSON{}, Response: adminUserJSON{}}, s.apiUpdateUser, admin)
	s.apiRoute("POST /api/v1/users/{username}/password", APIDoc{Summary: "Utfärda nytt lösenord (genereras om det utelämnas); måste bytas vid nästa inloggning (admin)", Tag: "users",
		Request: passwordIssueJSON{}, Response: passwordIssueJSON{}, EmptyBody: true}, s.apiIssuePassword, admin)
	s.apiRoute("POST /api/v1/users/{username}/deactivate", APIDoc{Summary: "Inaktivera: sessionerna upphör genast (admin)", Tag: "users", EmptyBody: true, Response: adminUserJSON{}},
		s.apiUserActive(false), admin)
	s.apiRoute("POST /api/v1/users/{username}/activate", APIDoc{Summary: "Aktivera igen (admin)", Tag: "users", EmptyBody: true, Response: adminUserJSON{}},
		s.apiUserActive(true), admin)
	s.apiRoute("POST /api/v1/users/{username}/unlock", APIDoc{Summary: "Lås upp efter för många misslyckade inloggningar (admin)", Tag: "users", EmptyBody: true, Response: adminUserJSON{}},
		s.apiUnlockUser, admin)
}

type checkOpt struct {
	Value, Label string
	Checked      bool
}

type userFormData struct {
	New                bool
	User               *domain.User
	Roles              []checkOpt
	Customers          []checkOpt
	ServiceDepartments []boOption
	Warehouses         []boOption
	Locked             bool
}

// userFormData loads the form's choices. Its error is the page's: a form shown
// without its customer boxes would unlink every customer of the user when saved.
func (s *Server) userFormData(r *http.Request, isNew bool, u *domain.User) (userFormData, error) {
	d := userFormData{New: isNew, User: u}
	if u != nil {
		d.Locked = u.LockedUntil.After(s.svc.Now())
	}
	has := map[string]bool{}
	for _, v := range r.Form["roles"] {
		has["r:"+v] = true
	}
	for _, v := range r.Form["customers"] {
		has["c:"+v] = true
	}
	for _, role := range domain.Roles {
		d.Roles = append(d.Roles, checkOpt{string(role), domain.RoleName(role), has["r:"+string(role)]})
	}
	cs, err := s.svc.AdminCustomers(r.Context(), actor(r))
	if err != nil {
		return d, err
	}
	for _, c := range cs {
		d.Customers = append(d.Customers, checkOpt{c.Number, c.Number + " " + c.Name, has["c:"+c.Number]})
	}
	d.ServiceDepartments = []boOption{{"", "Ingen"}}
	sds, err := s.svc.ServiceDepartments(r.Context())
	if err != nil {
		return d, err
	}
	for _, sd := range sds {
		d.ServiceDepartments = append(d.ServiceDepartments, boOption{strconv.FormatInt(sd.ID, 10), sd.Name})
	}
	ws, err := s.warehouseOptions(r)
	d.Warehouses = append([]boOption{{"", "Inget"}}, ws...)
	return d, err
}

// userForm renders the user form with its choices, and the action's error if any.
func (s *Server) userForm(w http.ResponseWriter, r *http.Request, title string, isNew bool, u *domain.User, actionErr error) error {
	d, err := s.userFormData(r, isNew, u)
	if err != nil {
		return err
	}
	if actionErr != nil {
		return s.renderForm(w, r, "backoffice/user_form", title, d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/user_form", &Page{Title: title, Form: r.Form, Data: d})
}

func fillUserForm(r *http.Request, u *domain.User) {
	f := r.Form
	f.Set("username", u.Username)
	f.Set("name", u.Name)
	f.Set("hsaId", u.HSAID)
	f.Set("phone", u.Phone)
	f.Set("mobile", u.Mobile)
	f.Set("email", u.Email)
	f.Set("canPrescribe", boolForm(u.CanPrescribe))
	if u.ServiceDepartmentID != 0 {
		f.Set("serviceDepartment", strconv.FormatInt(u.ServiceDepartmentID, 10))
	}
	f.Set("warehouse", u.Warehouse)
	f.Del("roles")
	for _, r := range u.Roles {
		f.Add("roles", string(r))
	}
	f["customers"] = append([]string(nil), u.Customers...)
}

func userFromForm(r *http.Request) service.UserInput {
	f := r.PostForm
	in := service.UserInput{Username: f.Get("username"), HSAID: f.Get("hsaId"), Name: f.Get("name"), Phone: strings.TrimSpace(f.Get("phone")),
		Mobile: strings.TrimSpace(f.Get("mobile")), Email: strings.TrimSpace(f.Get("email")), CanPrescribe: f.Get("canPrescribe") != "",
		Warehouse: f.Get("warehouse"), Customers: f["customers"]}
	for _, r := range f["roles"] {
		in.Roles = append(in.Roles, domain.Role(r))
	}
	in.ServiceDepartmentID, _ = strconv.ParseInt(f.Get("serviceDepartment"), 10, 64)
	return in
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	us, err := s.svc.AdminUsers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/users", "Användare", us)
}

func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.userForm(w, r, "Ny användare", true, nil, nil)
}

type issuedPasswordData struct {
	Username, Password string
}

func (s *Server) userCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.AdminCreateUser(r.Context(), actor(r), userFromForm(r), "")
	if err != nil {
		return s.userForm(w, r, "Ny användare", true, nil, err)
	}
	return s.render(w, r, "backoffice/user_password", "Användaren är skapad", issuedPasswordData{res.User.Username, res.Password})
}

func (s *Server) userEditPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.svc.AdminUser(r.Context(), actor(r), r.PathValue("username"))
	if err != nil {
		return err
	}
	fillUserForm(r, u)
	return s.userForm(w, r, "Användare "+u.Username, false, u, nil)
}

func (s *Server) userUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.svc.AdminUser(r.Context(), actor(r), r.PathValue("username"))
	if err != nil {
		return err
	}
	in := userFromForm(r)
	in.Username = u.Username
	if _, err := s.svc.AdminUpdateUser(r.Context(), actor(r), in); err != nil {
		r.Form.Set("username", u.Username)
		return s.userForm(w, r, "Användare "+u.Username, false, u, err)
	}
	return s.redirectWithFlash(w, r, "/admin/anvandare/"+u.Username, "Användaren är sparad.")
}

func (s *Server) userPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	username := domain.NormalizeUsername(r.PathValue("username"))
	pw, err := s.svc.IssuePassword(r.Context(), actor(r), username, "")
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/user_password", "Nytt lösenord", issuedPasswordData{username, pw})
}

func (s *Server) userActiveSubmit(w http.ResponseWriter, r *http.Request) error {
	username := domain.NormalizeUsername(r.PathValue("username"))
	active := r.PostFormValue("active") == "1"
	if err := s.svc.SetUserActive(r.Context(), actor(r), username, active); err != nil {
		return err
	}
	msg := "Användaren är inaktiverad och utloggad."
	if active {
		msg = "Användaren är aktiverad."
	}
	return s.redirectWithFlash(w, r, "/admin/anvandare/"+username, msg)
}

func (s *Server) userUnlockSubmit(w http.ResponseWriter, r *http.Request) error {
	username := domain.NormalizeUsername(r.PathValue("username"))
	if err := s.svc.UnlockUserLogin(r.Context(), actor(r), username); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/admin/anvandare/"+username, "Kontot är upplåst.")
}

// API

type adminUserJSON struct {
	meJSON
	Active bool `json:"active"`
	Locked bool `json:"locked"`
}

func (s *Server) adminUserOf(u *domain.User) adminUserJSON {
	return adminUserJSON{meJSON: meOf(u), Active: u.Active, Locked: u.LockedUntil.After(s.svc.Now())}
}

type createdUserJSON struct {
	adminUserJSON
	Password string `json:"password"`
}

type userInJSON struct {
	Username          *string     `json:"username"`
	Name              *string     `json:"name"`
	HSAID             *string     `json:"hsaId"`
	Phone             *string     `json:"phone"`
	Mobile            *string     `json:"mobile"`
	Email             *string     `json:"email"`
	Roles             *[]string   `json:"roles"`
	Customers         *[]string   `json:"customers"`
	CanPrescribe      *bool       `json:"canPrescribe"`
	ServiceDepartment *flexString `json:"serviceDepartment"`
	Warehouse         *string     `json:"warehouse"`
	Password          string      `json:"password"`
}

func (s *Server) applyUserJSON(r *http.Request, j userInJSON, in *service.UserInput) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&in.Name, j.Name)
	set(&in.HSAID, j.HSAID)
	set(&in.Phone, j.Phone)
	set(&in.Mobile, j.Mobile)
	set(&in.Email, j.Email)
	set(&in.Warehouse, j.Warehouse)
	if j.Roles != nil {
		in.Roles = nil
		for _, r := range *j.Roles {
			in.Roles = append(in.Roles, domain.Role(r))
		}
	}
	if j.Customers != nil {
		in.Customers = *j.Customers
	}
	if j.CanPrescribe != nil {
		in.CanPrescribe = *j.CanPrescribe
	}
	if j.ServiceDepartment != nil {
		v := strings.TrimSpace(string(*j.ServiceDepartment))
		in.ServiceDepartmentID = 0
		if v != "" {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil {
				in.ServiceDepartmentID = id
			} else {
				sds, err := s.svc.ServiceDepartments(r.Context())
				if err != nil {
					return err
				}
				for _, sd := range sds {
					if strings.EqualFold(sd.Name, v) {
						in.ServiceDepartmentID = sd.ID
					}
				}
				if in.ServiceDepartmentID == 0 {
					return domain.Invalid("serviceDepartment", "Serviceavdelningen finns inte.")
				}
			}
		}
	}
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	us, err := s.svc.AdminUsers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := []adminUserJSON{}
	for _, u := range us {
		out = append(out, s.adminUserOf(u))
	}
	return writeJSON(w, http.StatusOK, map[string][]adminUserJSON{"users": out})
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.svc.AdminUser(r.Context(), actor(r), r.PathValue("username"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.adminUserOf(u))
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var j userInJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	in := service.UserInput{}
	if j.Username != nil {
		in.Username = *j.Username
	}
	if err := s.applyUserJSON(r, j, &in); err != nil {
		return err
	}
	res, err := s.svc.AdminCreateUser(r.Context(), actor(r), in, j.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, createdUserJSON{adminUserJSON: s.adminUserOf(res.User), Password: res.Password})
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) error {
	var j userInJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	u, err := s.svc.AdminUser(r.Context(), actor(r), r.PathValue("username"))
	if err != nil {
		return err
	}
	in := service.UserInput{Username: u.Username, HSAID: u.HSAID, Name: u.Name, Phone: u.Phone, Mobile: u.Mobile, Email: u.Email, Roles: u.Roles,
		Customers: u.Customers, CanPrescribe: u.CanPrescribe, ServiceDepartmentID: u.ServiceDepartmentID, Warehouse: u.Warehouse}
	if err := s.applyUserJSON(r, j, &in); err != nil {
		return err
	}
	out, err := s.svc.AdminUpdateUser(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.adminUserOf(out))
}

type passwordIssueJSON struct {
	Password string `json:"password"`
}

func (s *Server) apiIssuePassword(w http.ResponseWriter, r *http.Request) error {
	var j passwordIssueJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	pw, err := s.svc.IssuePassword(r.Context(), actor(r), r.PathValue("username"), j.Password)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, passwordIssueJSON{Password: pw})
}

func (s *Server) apiUserActive(active bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := readJSON(r, &struct{}{}); err != nil {
			return err
		}
		if err := s.svc.SetUserActive(r.Context(), actor(r), r.PathValue("username"), active); err != nil {
			return err
		}
		return s.apiUser(w, r)
	}
}

func (s *Server) apiUnlockUser(w http.ResponseWriter, r *http.Request) error {
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	if err := s.svc.UnlockUserLogin(r.Context(), actor(r), r.PathValue("username")); err != nil {
		return err
	}
	return s.apiUser(w, r)
}
