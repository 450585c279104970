package web

import (
	"net/http"
	"net/url"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesHome() {
	s.page("GET /start", s.startPage)
	s.page("GET /information", s.informationPage)
	newsRoles := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.page("GET /kundtjanst/nyheter", s.newsPage, newsRoles...)
	s.page("POST /kundtjanst/nyheter", s.newsSubmit, newsRoles...)
	s.apiRoute("POST /api/v1/news", APIDoc{Summary: "Publicera ett meddelande från hjälpmedelsverksamheten till alla", Tag: "messages",
		Request: newsJSON{}, Response: newsJSON{}, Status: http.StatusCreated}, s.apiPublishNews, newsRoles...)
	s.apiRoute("GET /api/v1/news", APIDoc{Summary: "Meddelanden från hjälpmedelsverksamheten", Tag: "messages",
		Response: map[string][]newsJSON{}}, s.apiNews)
}

func (s *Server) startPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.svc.StartPage(r.Context(), actor(r))
	if err != nil {
		return err
	}
	// News goes to everyone, but its link often to one role's page (Kvittera BMB
	// for prescribers): the others see the news without a link they cannot open.
	for i, n := range data.News {
		if localPath(n.LinkURL) && !s.opens(r, n.LinkURL) {
			data.News[i].LinkURL = ""
		}
	}
	return s.render(w, r, "home/start", "Välkommen", data)
}

// opens reports whether the request's user may open the page at path: its GET
// route exists and lets the user's roles in.
func (s *Server) opens(r *http.Request, path string) bool {
	u, err := url.Parse(path)
	if err != nil {
		return false
	}
	_, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: u, Host: r.Host})
	if pattern == "/" { // the catch-all: no page there
		return u.Path == "/"
	}
	for _, ri := range s.routes {
		if ri.Pattern == pattern {
			return ri.Kind == kindPublic || actor(r).Can(ri.Roles...)
		}
	}
	return false
}

func (s *Server) informationPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "home/information", "Information", nil)
}

func (s *Server) newsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.svc.StartPage(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "home/news", "Nyheter", data)
}

func (s *Server) newsSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.NewsInput{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"),
		LinkText: r.PostFormValue("linkText"), LinkURL: r.PostFormValue("linkUrl")}
	if _, err := s.svc.PublishNews(r.Context(), actor(r), in); err != nil {
		data, lerr := s.svc.StartPage(r.Context(), actor(r))
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "home/news", "Nyheter", data, err)
	}
	return s.redirectWithFlash(w, r, "/kundtjanst/nyheter", "Meddelandet är publicerat.")
}

type newsJSON struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	LinkText    string `json:"linkText"`
	LinkURL     string `json:"linkUrl"`
	PublishedAt string `json:"publishedAt"`
}

func (s *Server) apiPublishNews(w http.ResponseWriter, r *http.Request) error {
	var in newsJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	id, err := s.svc.PublishNews(r.Context(), actor(r), service.NewsInput{Title: in.Title, Body: in.Body, LinkText: in.LinkText, LinkURL: in.LinkURL})
	if err != nil {
		return err
	}
	in.ID = itoa(int(id))
	in.PublishedAt = s.svc.Now().Format("2006-01-02T15:04:05Z07:00")
	return writeJSON(w, http.StatusCreated, in)
}

func (s *Server) apiNews(w http.ResponseWriter, r *http.Request) error {
	data, err := s.svc.StartPage(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := []newsJSON{}
	for _, n := range data.News {
		out = append(out, newsJSON{ID: itoa(int(n.ID)), Title: n.Title, Body: n.Body, LinkText: n.LinkText, LinkURL: n.LinkURL,
			PublishedAt: n.PublishedAt.Format("2006-01-02T15:04:05Z07:00")})
	}
	return writeJSON(w, http.StatusOK, map[string][]newsJSON{"news": out})
}
