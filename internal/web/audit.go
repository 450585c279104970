package web

import (
	"net/http"
	"time"

	"hjalpmedel/internal/domain"
)

func (s *Server) routesAudit() {
	s.page("GET /admin/logg", s.auditPage, domain.RoleAdmin)
	s.apiRoute("GET /api/v1/audit", APIDoc{Summary: "Granskningsloggen (admin)", Tag: "audit",
		Query:    []QueryParam{{"person", "personnummer"}, {"user", "användarnamn"}, {"action", "händelse"}, {"from", "från och med YYYY-MM-DD"}, {"to", "till och med YYYY-MM-DD"}},
		Response: auditJSON{}}, s.apiAudit, domain.RoleAdmin)
}

// auditFilter reads the search form or query: person, user, action, from, to (dates inclusive).
func auditFilter(r *http.Request) (domain.AuditFilter, error) {
	q := r.URL.Query()
	f := domain.AuditFilter{Username: q.Get("user"), Action: q.Get("action"), Entity: q.Get("entity"), EntityID: q.Get("entityId")}
	if p := q.Get("person"); p != "" {
		pn, err := domain.ParsePersonnummer(p)
		if err != nil {
			return f, err
		}
		f.Personnummer = string(pn)
	}
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"from", &f.From, 0}, {"to", &f.To, 1}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.ParseInLocation(time.DateOnly, v, domain.Stockholm)
			if err != nil {
				return f, domain.Invalid(d.name, "Ange datum som ÅÅÅÅ-MM-DD.")
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	return f, nil
}

type auditPage struct {
	Entries  []domain.AuditEntry
	Searched bool
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return s.renderForm(w, r, "audit/list", "Granskningslogg", auditPage{}, err)
	}
	entries, err := s.svc.SearchAudit(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	return s.renderPage(w, r, http.StatusOK, "audit/list", &Page{Title: "Granskningslogg", Form: r.Form,
		Data: auditPage{Entries: entries, Searched: len(r.URL.Query()) > 0}})
}

type auditEntryJSON struct {
	ID           string `json:"id"`
	At           string `json:"at"`
	User         string `json:"user"`
	Action       string `json:"action"`
	Entity       string `json:"entity"`
	EntityID     string `json:"entityId"`
	Personnummer string `json:"personnummer,omitempty"`
	Screen       string `json:"screen,omitempty"`
	Protected    bool   `json:"protected"`
	Before       any    `json:"before,omitempty"`
	After        any    `json:"after,omitempty"`
}

type auditJSON struct {
	Entries []auditEntryJSON `json:"entries"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	entries, err := s.svc.SearchAudit(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := auditJSON{Entries: []auditEntryJSON{}}
	for _, e := range entries {
		j := auditEntryJSON{ID: itoa(int(e.ID)), At: e.At.Format(time.RFC3339Nano), User: e.Username, Action: e.Action,
			Entity: e.Entity, EntityID: e.EntityID, Personnummer: e.Personnummer, Screen: e.Screen, Protected: e.Protected}
		if e.Before != "" {
			j.Before = rawJSON(e.Before)
		}
		if e.After != "" {
			j.After = rawJSON(e.After)
		}
		out.Entries = append(out.Entries, j)
	}
	return writeJSON(w, http.StatusOK, out)
}
