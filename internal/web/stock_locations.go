package web

import (
	"net/http"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Lagerplatser (SPEC §10.9, warehouse and admin): an article's shelf location
// per warehouse — page and API.

func (s *Server) routesStockLocations() {
	s.page("GET /lager/lagerplatser", s.locationsPage, stockRoles...)
	s.page("POST /lager/lagerplatser", s.locationsSubmit, stockRoles...)
	s.apiRoute("GET /api/v1/stock/locations", APIDoc{Summary: "Lagerplatser per artikel och lager, i plockordning (lager)", Tag: "stock",
		Query:    []QueryParam{{"warehouse", "lagernummer"}, {"article", "artikelnummer"}, {"location", "lagerplats eller början av lagerplatser, t.ex. A-03"}},
		Response: locationsJSON{}}, s.apiLocations, stockRoles...)
	s.apiRoute("PUT /api/v1/stock/locations", APIDoc{Summary: "Sätt en artikels lagerplats i ett lager (lager)", Tag: "stock",
		Description: "location är bokstäver och siffror åtskilda av bindestreck, t.ex. A-03-2; tom tar bort lagerplatsen.",
		Request:     locationIn{}, Response: locationJSON{}}, s.apiSetLocation, stockRoles...)
}

type locationsData struct {
	Warehouses, AllWarehouses []boOption
	Locations                 []domain.StockLocation
}

func (s *Server) locationsForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	all, err := s.allWarehouseOptions(r)
	if err != nil {
		return err
	}
	if !r.Form.Has("lager") {
		r.Form.Set("lager", actor(r).Warehouse)
	}
	list, err := s.svc.StockLocations(r.Context(), actor(r), domain.LocationFilter{Warehouse: r.Form.Get("lager")})
	if err != nil {
		return err
	}
	d := locationsData{Warehouses: all[1:], AllWarehouses: all, Locations: list}
	if actionErr != nil {
		return s.renderForm(w, r, "backoffice/stock_locations", "Lagerplatser", d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/stock_locations", &Page{Title: "Lagerplatser", Form: r.Form, Data: d})
}

func (s *Server) locationsPage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.locationsForm(w, r, nil)
}

func (s *Server) locationsSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.LocationInput{Warehouse: r.PostFormValue("warehouse"), Article: r.PostFormValue("article"), Location: r.PostFormValue("location")}
	set, err := s.svc.SetStockLocation(r.Context(), actor(r), in)
	if err != nil {
		return s.locationsForm(w, r, err)
	}
	to := "/lager/lagerplatser?lager=" + set.Warehouse
	if set.Location == "" {
		return s.redirectWithFlashf(w, r, to, "Artikel %s har inte längre någon lagerplats i lager %s.", set.Article, set.Warehouse)
	}
	return s.redirectWithFlashf(w, r, to, "Artikel %s har lagerplats %s i lager %s.", set.Article, set.Location, set.Warehouse)
}

type locationIn struct {
	Warehouse string `json:"warehouse"`
	Article   string `json:"article"`
	Location  string `json:"location"`
}

type locationJSON struct {
	Warehouse string `json:"warehouse"`
	Article   string `json:"article"`
	Name      string `json:"name"`
	Location  string `json:"location"`
	OnHand    int    `json:"onHand"`
}

type locationsJSON struct {
	Locations []locationJSON `json:"locations"`
}

func locationOf(l domain.StockLocation) locationJSON {
	return locationJSON{Warehouse: l.Warehouse, Article: l.Article, Name: l.ArticleName, Location: l.Location, OnHand: l.OnHand}
}

func (s *Server) apiLocations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.StockLocations(r.Context(), actor(r), domain.LocationFilter{Warehouse: q.Get("warehouse"), Article: q.Get("article"), Location: q.Get("location")})
	if err != nil {
		return err
	}
	out := locationsJSON{Locations: []locationJSON{}}
	for _, l := range list {
		out.Locations = append(out.Locations, locationOf(l))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSetLocation(w http.ResponseWriter, r *http.Request) error {
	var in locationIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	set, err := s.svc.SetStockLocation(r.Context(), actor(r), service.LocationInput{Warehouse: in.Warehouse, Article: in.Article, Location: in.Location})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, locationOf(*set))
}
