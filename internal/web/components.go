package web

import (
	"net/http"
	"net/url"
	"strconv"

	"hjalpmedel/internal/domain"
)

// Components on a unit in the warehouse (SPEC §10.1): the warehouse detaches one
// back into stock from the unit's page (Individhistorik) or through the API.
// Accessory suggestions (SPEC §10.11): what is most often ordered with an article.

func (s *Server) routesComponents() {
	s.page("POST /lager/individ/{unit}/komponenter/{component}/koppla-loss", s.detachComponentSubmit, stockRoles...)
	s.apiRoute("POST /api/v1/units/{unit}/components/{component}/detach", APIDoc{
		Summary: "Koppla loss en komponent från en individ i lager eller under rekonditionering; komponenten läggs i individens lager (lager)",
		Tag:     "stock", EmptyBody: true, Response: detachJSON{}}, s.apiDetachComponent, stockRoles...)
	s.apiRoute("GET /api/v1/articles/{number}/suggestions", APIDoc{
		Summary: "Tillbehör som oftast beställts med artikeln de senaste 24 månaderna, och hur många gånger (flest först)",
		Tag:     "lookups", Response: suggestionsJSON{}}, s.apiSuggestions)
}

type suggestionJSON struct {
	Article string `json:"article"`
	Name    string `json:"name"`
	Count   int    `json:"count"`
}

type suggestionsJSON struct {
	Suggestions []suggestionJSON `json:"suggestions"`
}

// apiSuggestions answers GET /api/v1/articles/{number}/suggestions (SPEC §10.11).
func (s *Server) apiSuggestions(w http.ResponseWriter, r *http.Request) error {
	sugg, err := s.svc.AccessorySuggestions(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	out := suggestionsJSON{Suggestions: []suggestionJSON{}}
	for _, sg := range sugg {
		out.Suggestions = append(out.Suggestions, suggestionJSON{Article: sg.Article, Name: sg.Name, Count: sg.Count})
	}
	return writeJSON(w, http.StatusOK, out)
}

type unitComponentJSON struct {
	ID         string `json:"id"`
	Article    string `json:"article"`
	Name       string `json:"name"`
	Quantity   int    `json:"quantity"`
	AttachedAt string `json:"attachedAt"`
}

// unitComponentsJSON lists a unit's components, [] when it has none.
func unitComponentsJSON(cs []domain.UnitComponent) []unitComponentJSON {
	out := []unitComponentJSON{}
	for _, c := range cs {
		out = append(out, unitComponentJSON{ID: strconv.FormatInt(c.ID, 10), Article: c.ArticleNumber, Name: c.ArticleName,
			Quantity: c.Quantity, AttachedAt: c.AttachedAt})
	}
	return out
}

type detachJSON struct {
	Unit      string            `json:"unit"`
	Warehouse string            `json:"warehouse"`
	Component unitComponentJSON `json:"component"`
}

// componentID reads the {component} of the path; a malformed id is not found.
func componentID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("component"), 10, 64)
	if err != nil {
		return 0, domain.Errorf(domain.ENotFound, "Komponenten finns inte.")
	}
	return id, nil
}

func (s *Server) detachComponentSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := componentID(r)
	if err != nil {
		return err
	}
	unit := r.PathValue("unit")
	if _, err := s.svc.DetachComponent(r.Context(), actor(r), unit, id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/lager/individ?unit="+url.QueryEscape(unit), "Komponenten är kopplad loss och lagd i lager.")
}

func (s *Server) apiDetachComponent(w http.ResponseWriter, r *http.Request) error {
	id, err := componentID(r)
	if err != nil {
		return err
	}
	unit := r.PathValue("unit")
	d, err := s.svc.DetachComponent(r.Context(), actor(r), unit, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, detachJSON{Unit: d.Unit, Warehouse: d.Warehouse, Component: unitComponentsJSON([]domain.UnitComponent{d.Component})[0]})
}
