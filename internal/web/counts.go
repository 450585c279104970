package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Inventeringar (SPEC §10.9, warehouse and admin): counts per location with a
// count sheet (PDF), entry of counted quantities and units, and approval that
// journals the differences — pages; the API is in counts_api.go.

func (s *Server) routesCounts() {
	s.page("GET /lager/inventeringar", s.countsPage, stockRoles...)
	s.page("POST /lager/inventeringar", s.countStartSubmit, stockRoles...)
	s.page("GET /lager/inventeringar/{id}", s.countPage, stockRoles...)
	s.page("POST /lager/inventeringar/{id}", s.countEnterSubmit, stockRoles...)
	s.page("POST /lager/inventeringar/{id}/godkann", s.countApproveSubmit, stockRoles...)
	s.page("POST /lager/inventeringar/{id}/makulera", s.countCancelSubmit, stockRoles...)
	s.routesCountsAPI()
}

type countsData struct {
	Warehouses []boOption
	Counts     []*domain.CountSession
}

func (s *Server) countsForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return err
	}
	list, err := s.svc.Counts(r.Context(), actor(r), "", false)
	if err != nil {
		return err
	}
	d := countsData{Warehouses: ws, Counts: list}
	if actionErr != nil {
		return s.renderForm(w, r, "counts/list", "Inventeringar", d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "counts/list", &Page{Title: "Inventeringar", Form: r.Form, Data: d})
}

func (s *Server) countsPage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.countsForm(w, r, nil)
}

func (s *Server) countStartSubmit(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.StartCount(r.Context(), actor(r), service.CountInput{Warehouse: r.PostFormValue("warehouse"), Location: r.PostFormValue("location")})
	if err != nil {
		return s.countsForm(w, r, err)
	}
	return s.redirectWithFlashf(w, r, countPath(c.ID), "Inventering %d av lagerplats %s är startad. Artiklar att räkna: %d.", c.ID, c.Location, len(c.Lines))
}

func countPath(id int64) string { return "/lager/inventeringar/" + strconv.FormatInt(id, 10) }

// countRow is a line of a count with its difference, once known.
type countRow struct {
	Line                     domain.CountLine
	CountedField, UnitsField string
	Diff                     *domain.CountDifference
}

type countData struct {
	View    *service.CountView
	Rows    []countRow
	Problem string // why the count cannot be approved as it is, in the reader's language
}

func countDataOf(r *http.Request, v *service.CountView) *countData {
	d := &countData{View: v}
	var de *domain.Error
	if errors.As(v.Problem, &de) {
		d.Problem, _ = translateError(langOf(r), de)
	}
	for i, l := range v.Lines {
		cf, uf := service.CountFields(l.Article)
		row := countRow{Line: l, CountedField: cf, UnitsField: uf}
		if i < len(v.Differences) {
			row.Diff = &v.Differences[i]
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

func (s *Server) countView(r *http.Request) (*service.CountView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.svc.FindCount(r.Context(), actor(r), id)
}

// countForm renders a count; what was entered before fills the fields the
// user has not just typed.
func (s *Server) countForm(w http.ResponseWriter, r *http.Request, v *service.CountView, actionErr error) error {
	d := countDataOf(r, v)
	for _, row := range d.Rows {
		if row.Line.IsCounted && !r.Form.Has(row.CountedField) {
			r.Form.Set(row.CountedField, strconv.Itoa(row.Line.Counted))
			var codes []string
			for _, u := range row.Line.Units {
				if u.Outcome != "missing" {
					codes = append(codes, u.Code)
				}
			}
			r.Form.Set(row.UnitsField, strings.Join(codes, "\n"))
		}
	}
	title := "Inventering " + strconv.FormatInt(v.ID, 10)
	if actionErr != nil {
		return s.renderForm(w, r, "counts/count", title, d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "counts/count", &Page{Title: title, Form: r.Form, Data: d})
}

func (s *Server) countPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.countView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "pdf" {
		return writePDF(w, r, "inventeringslista-"+strconv.FormatInt(v.ID, 10)+".pdf", countSheetPDF(v.CountSession, s.svc.Today()))
	}
	return s.countForm(w, r, v, nil)
}

// splitCodes reads unit or serial numbers, one a line (or separated by commas).
func splitCodes(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' || r == '\t' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *Server) countEnterSubmit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.countView(r)
	if err != nil {
		return err
	}
	var lines []service.CountLineInput
	for _, l := range v.Lines {
		cf, uf := service.CountFields(l.Article)
		counted, units := strings.TrimSpace(r.PostFormValue(cf)), splitCodes(r.PostFormValue(uf))
		if counted == "" && len(units) == 0 {
			continue // not counted yet
		}
		in := service.CountLineInput{Article: l.Article, Units: units}
		// The units listed are the count; the quantity field says 0 when none was found.
		if counted != "" && (!l.Individual || len(units) == 0) {
			n := atoiForm(counted)
			in.Counted = &n
		}
		lines = append(lines, in)
	}
	if _, err := s.svc.EnterCount(r.Context(), actor(r), v.ID, lines); err != nil {
		return s.countForm(w, r, v, err)
	}
	return s.redirectWithFlashf(w, r, countPath(v.ID), "Det räknade är sparat på inventering %d.", v.ID)
}

func (s *Server) countApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	res, err := s.svc.ApproveCount(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	n := 0
	for _, d := range res.Differences {
		if !d.None() {
			n++
		}
	}
	return s.redirectWithFlashf(w, r, countPath(id), "Inventering %d är godkänd. Differenser bokförda i lagerjournalen: %d.", id, n)
}

func (s *Server) countCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.CancelCount(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.redirectWithFlashf(w, r, countPath(id), "Inventering %d är makulerad.", id)
}
