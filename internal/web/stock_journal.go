package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Lagerjournal (SPEC §10.9 Journal): the stock movements of an article, a unit,
// a warehouse, a period or a type, newest first — page and API.

func (s *Server) routesStockJournal() {
	s.page("GET /lager/journal", s.journalPage, stockRoles...)
	s.apiRoute("GET /api/v1/stock/movements", APIDoc{Summary: "Lagerjournalen: lagerhändelser, senaste först (lager)", Tag: "stock",
		Query: []QueryParam{{"article", "artikelnummer"}, {"unit", "individnummer eller serienummer"}, {"warehouse", "lagernummer"},
			{"from", "från och med YYYY-MM-DD"}, {"to", "till och med YYYY-MM-DD"},
			{"type", "receipt, delivery, reserve, release, move, count, correction, return, detach eller work_order"},
			{"page", "sida, från 1 (100 rader per sida)"}},
		Response: movementsJSON{}}, s.apiMovements, stockRoles...)
}

// journalQuery reads the filter from a query string (the page's form and the API
// share the names); page is the name of the page number's parameter.
func journalQuery(q url.Values, page string) (service.JournalQuery, error) {
	in := service.JournalQuery{Article: q.Get("article"), Unit: q.Get("unit"), Warehouse: q.Get("warehouse"), Type: q.Get("type"),
		From: q.Get("from"), To: q.Get("to")}
	if v := q.Get(page); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return in, domain.Invalid(page, "Sidan anges med ett heltal från 1.")
		}
		in.Page = n
	}
	return in, nil
}

type journalData struct {
	Warehouses, Types []boOption
	Journal           *service.StockJournal
	PrevURL, NextURL  string
}

func (s *Server) journalPage(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return err
	}
	d := &journalData{Warehouses: append([]boOption{{"", "Alla lager"}}, ws...), Types: []boOption{{"", "Alla typer"}}}
	for _, t := range domain.MovementTypes {
		d.Types = append(d.Types, boOption{t, domain.MovementTypeText(t)})
	}
	in, err := journalQuery(r.URL.Query(), "sida")
	if err == nil {
		d.Journal, err = s.svc.StockJournal(r.Context(), actor(r), in)
	}
	if fe := onField(err, "unit"); fe != nil {
		err = fe
	}
	if err != nil {
		return s.renderForm(w, r, "backoffice/stock_journal", "Lagerjournal", d, err)
	}
	d.PrevURL, d.NextURL = pagerURLs(r, d.Journal.Page, d.Journal.More)
	return s.renderPage(w, r, http.StatusOK, "backoffice/stock_journal", &Page{Title: "Lagerjournal", Form: r.Form, Data: d})
}

type movementJSON struct {
	ID            string  `json:"id"`
	At            string  `json:"at"`
	Warehouse     string  `json:"warehouse"`
	Article       string  `json:"article"`
	ArticleName   string  `json:"articleName"`
	Unit          *string `json:"unit"` // null for a quantity
	OnHandDelta   int     `json:"onHandDelta"`
	ReservedDelta int     `json:"reservedDelta"`
	Type          string  `json:"type"`
	TypeText      string  `json:"typeText"`
	Reference     string  `json:"reference"`
	User          string  `json:"user"`
}

type movementsJSON struct {
	Movements []movementJSON `json:"movements"`
	Page      int            `json:"page"`
	More      bool           `json:"more"`
}

func (s *Server) apiMovements(w http.ResponseWriter, r *http.Request) error {
	in, err := journalQuery(r.URL.Query(), "page")
	if err != nil {
		return err
	}
	j, err := s.svc.StockJournal(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	out := movementsJSON{Movements: []movementJSON{}, Page: j.Page, More: j.More}
	for _, m := range j.Movements {
		mj := movementJSON{ID: strconv.FormatInt(m.ID, 10), At: m.At.Format(time.RFC3339), Warehouse: m.Warehouse, Article: m.Article,
			ArticleName: m.ArticleName, OnHandDelta: m.OnHandDelta, ReservedDelta: m.Reserved, Type: m.Reason,
			TypeText: domain.MovementTypeText(m.Reason), Reference: m.Reference, User: m.By}
		if m.Unit != "" {
			mj.Unit = &m.Unit
		}
		out.Movements = append(out.Movements, mj)
	}
	return writeJSON(w, http.StatusOK, out)
}
