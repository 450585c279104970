package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/i18n"
	"hjalpmedel/internal/service"
)

//go:embed all:templates
var templateFS embed.FS

// templates holds every page parsed once per language, so the t function is bound
// at start-up and rendering needs no cloning. Swedish is parsed at start, which
// also proves the files; another language when its first page is asked for
// (each page carries its own copy of the shared templates, about 17 MB of heap
// per language, and a Swedish region seldom uses English).
type templates struct {
	shared, files []string
	funcs         func(lang string) template.FuncMap
	mu            sync.RWMutex
	pages         map[string]map[string]*template.Template // lang -> page name -> template
}

func loadTemplates(s *Server) (*templates, error) {
	t := &templates{funcs: s.funcs, pages: map[string]map[string]*template.Template{}}
	err := fs.WalkDir(templateFS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		if strings.HasPrefix(p, "templates/_") {
			t.shared = append(t.shared, p)
		} else {
			t.files = append(t.files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, err := t.page(i18n.Languages[0], ""); err != nil {
		return nil, err
	}
	return t, nil
}

// page returns a page's template in lang, parsing the language's pages first
// if they are not yet.
func (t *templates) page(lang, name string) (*template.Template, error) {
	t.mu.RLock()
	pages, ok := t.pages[lang]
	t.mu.RUnlock()
	if ok {
		return pages[name], nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if pages, ok := t.pages[lang]; ok {
		return pages[name], nil
	}
	base, err := template.New("base").Funcs(t.funcs(lang)).ParseFS(templateFS, t.shared...)
	if err != nil {
		return nil, err
	}
	pages = map[string]*template.Template{}
	for _, p := range t.files {
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(templateFS, p); err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		pages[strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")] = clone
	}
	t.pages[lang] = pages
	return pages[name], nil
}

// Page is what every template receives; the page's own data is in Data.
type Page struct {
	Lang       string
	Title      string
	User       *service.Actor
	Path       string
	RequestURI string
	Menu       []menuLink
	BackOffice []menuLink
	Unread     int
	Flash      string
	// LabelsURL is the labels of the units the flash confirms received, for
	// printing them (SPEC §10.9).
	LabelsURL string
	// Scan shows the back office's Sök/skanna field in the header (SPEC §10.9),
	// on every page but its own.
	Scan         bool
	Errors       map[string]string // field name -> message, for messages next to fields
	ErrorMessage string            // for the error summary
	Form         url.Values        // what the user typed, to show again after a failed submit
	Print        bool
	PrintURL     string // this page with print=1, for Skriv ut without script
	// TrainingNow is the system's time on a training install (serve
	// --training-clock), shown on every page so no one mistakes it for today.
	TrainingNow time.Time
	// Refresh reloads the page every so many seconds (0: never): a page that
	// follows a running job without script.
	Refresh int
	Data    any
}

// Err returns the message for a field, "" when it has none.
func (p *Page) Err(field string) string { return p.Errors[field] }

// Value returns what the user typed into a field, for re-rendering a failed form.
func (p *Page) Value(field string) string { return p.Form.Get(field) }

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name, title string, data any) error {
	return s.renderPage(w, r, http.StatusOK, name, &Page{Title: title, Data: data})
}

// renderStatus writes a page with a status; used by Error, so it cannot fail further.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	if err := s.renderPage(w, r, status, name, &Page{Title: title, Data: data}); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, title, status)
	}
}

// renderForm shows a form again after a failed submit: the values the user typed
// stay, the error summary lists the problems and each field shows its message.
// Errors that are not about the input (internal, forbidden …) are returned.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, name, title string, data any, err error) error {
	var de *domain.Error
	// A refused choice (a customer, payer or unit outside the user's scope) names its
	// field: the form shows it there, with the 403.
	if !errors.As(err, &de) || (de.Code != domain.EInvalid && de.Code != domain.EConflict && (de.Code != domain.EForbidden || len(de.Fields) == 0)) {
		return err
	}
	p := &Page{Title: title, Data: data, Form: r.Form}
	p.ErrorMessage, p.Errors = translateError(langOf(r), de)
	return s.renderPage(w, r, httpStatus(de.Code), name, p)
}

func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) error {
	lang := langOf(r)
	t, err := s.tmpl.page(lang, name)
	if err != nil {
		return err
	}
	if t == nil {
		return fmt.Errorf("no template %q", name)
	}
	p.Lang, p.Path, p.RequestURI = lang, r.URL.Path, r.URL.RequestURI()
	q := r.URL.Query()
	p.Print = q.Get("print") == "1"
	q.Set("print", "1")
	p.PrintURL = r.URL.Path + "?" + q.Encode()
	p.User = actor(r)
	if p.User != nil {
		p.Menu, p.BackOffice = menuFor(p.User, r.URL.Path)
		p.Scan = p.User.HasRole(domain.BackOffice...) && r.URL.Path != "/skanna"
		if s.svc.Training != nil {
			p.TrainingNow = s.svc.Now()
			if p.User.HasRole(domain.RoleAdmin) {
				p.BackOffice = append(p.BackOffice, menuLink{Label: "Övningsklocka", Path: "/admin/ovningsklocka",
					Current: r.URL.Path == "/admin/ovningsklocka", Built: true})
			}
		}
		if n, err := s.svc.UnreadCount(r.Context(), p.User); err == nil {
			p.Unread = n
		}
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			p.Flash = v
		}
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	if c, err := r.Cookie(flashLabelsCookie); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil && p.Flash != "" {
			p.LabelsURL = labelsURL(strings.Fields(v))
		}
		http.SetCookie(w, &http.Cookie{Name: flashLabelsCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store") // patient data: never cached by the browser
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

const (
	flashCookie       = "hm_flash"
	flashLabelsCookie = "hm_flash_labels"
)

// flashLabels makes the next page's flash offer the labels of units just
// received. The numbers go space-separated (seven bytes a unit), so the
// cookie holds more units than one document of labels may have.
func (s *Server) flashLabels(w http.ResponseWriter, units []string) {
	http.SetCookie(w, &http.Cookie{Name: flashLabelsCookie, Value: url.QueryEscape(strings.Join(units, " ")), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies, MaxAge: 60})
}

// redirectWithFlash confirms an action on the next page (post/redirect/get).
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, to, message string) error {
	return s.redirectWithText(w, r, to, translate(langOf(r), message))
}

// redirectWithFlashf is redirectWithFlash of a message with numbers or names:
// the format is translated, then filled in.
func (s *Server) redirectWithFlashf(w http.ResponseWriter, r *http.Request, to, format string, args ...any) error {
	return s.redirectWithText(w, r, to, i18n.Sprintf(langOf(r), format, args...))
}

func (s *Server) redirectWithText(w http.ResponseWriter, r *http.Request, to, text string) error {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: url.QueryEscape(text), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies, MaxAge: 60})
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":  func(key string) string { return translate(lang, key) },
		"tc": func(context, key string) string { return translate(lang, i18n.Context(context, key)) },
		// msg shows a stored message (a notification) in lang: its format and
		// arguments when it has them, else its Swedish text.
		"msg": func(f domain.Formatted, swedish string) string { return messageText(lang, f, swedish) },
		"tf":  func(key string, args ...any) string { return fmt.Sprintf(translate(lang, key), args...) },
		"date": func(v any) string {
			switch d := v.(type) {
			case time.Time:
				if d.IsZero() {
					return ""
				}
				return domain.DateOf(d).Format(time.DateOnly) // the Swedish date, whatever the server's zone
			case string:
				return d
			}
			return ""
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return domain.DateOf(t).Format(time.DateOnly) + " " + t.In(domain.Stockholm).Format("15:04")
		},
		"money":    func(o domain.Ore) string { return o.Display() },
		"static":   func(name string) string { return s.static.url(name) },
		"roleName": func(r domain.Role) string { return translate(lang, domain.RoleName(r)) },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"join":  strings.Join,
		"query": url.QueryEscape,
		"pathJoin": func(parts ...string) string {
			return path.Join(parts...)
		},
		"username":    domain.NormalizeUsername,
		"add":         func(a, b int) int { return a + b },
		"purpose":     func(p string) string { return translate(lang, domain.PurposeText(p)) },
		"lineStatus":  func(s string) string { return translate(lang, domain.LineStatusText(s)) },
		"orderStatus": func(s string) string { return translate(lang, domain.DocumentStatusText(s)) },
		"countStatus": func(s string) string { return translate(lang, i18n.Context("inventering", domain.CountStatusText(s))) },
		// Look-ups (lookups.go): enumeration texts, personnummer, stored timestamps as dates.
		"statusText":       domain.DocumentStatusText,
		"purposeText":      domain.PurposeText,
		"articleStatus":    domain.ArticleStatusText,
		"sideText":         domain.SideText,
		"unitStatus":       func(code, date string) string { return translate(lang, domain.UnitStatusText(code, "")) + " " + date },
		"flagReason":       func(f domain.LogFlag) string { return domain.LogFlagReason(f) },
		"unitEventText":    domain.UnitEventText,
		"movementType":     domain.MovementTypeText,
		"blockSource":      domain.BlockSourceText,
		"deviationType":    func(c string) string { return translate(lang, domain.DeviationTypeText(c)) },
		"deviationStatus":  func(c string) string { return translate(lang, domain.DeviationStatusText(c)) },
		"kb":               func(n int64) int64 { return (n + 1023) / 1024 },
		"inspectionResult": func(r string) string { return translate(lang, domain.InspectionResultText(r)) },
		"recallAction":     domain.RecallActionText,
		"locationText":     domain.LocationText,
		"pnr":              func(s string) string { return domain.Personnummer(s).Formatted() },
		"stampDate":        dateOfStamp,
		"oreMoney":         func(o int64) string { return domain.Ore(o).Display() },
	}
}
