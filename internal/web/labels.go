package web

// Labels and scanning (SPEC §10.9): a unit's label as PDF, and the back
// office's Sök/skanna field that opens the unit or article a code names.

import (
	"net/http"
	"net/url"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesLabels() {
	s.page("GET /units/{unit}/label", s.unitLabels, service.LabelRoles...)
	s.page("GET /units/labels", s.unitLabels, service.LabelRoles...)
	s.apiRoute("GET /api/v1/units/{unit}/label", APIDoc{Summary: "Etikett för individen: individnumret som Code 128 och QR, artikel och serienummer (PDF, 100 × 50 mm)",
		Tag: "units", Description: "The back office may print any unit's label, a prescriber those of units held under their customers.",
		Files: pdfFile}, s.unitLabels, service.LabelRoles...)
	s.page("GET /skanna", s.scanPage, domain.BackOffice...)
	s.apiRoute("GET /api/v1/scan/{code}", APIDoc{Summary: "Sök/skanna: individnummer, serienummer eller artikelnummer", Tag: "units",
		Description: "A unit number, else a serial number (409 when several units have it), else an article number; 404 when nothing has the code. path is the page that opens it.",
		Response:    scanJSON{}}, s.apiScan, domain.BackOffice...)
}

// unitLabels answers one unit's label ({unit}) or the labels of the units
// asked with unit=…&unit=…, one page each (the units of a goods receipt).
func (s *Server) unitLabels(w http.ResponseWriter, r *http.Request) error {
	numbers := r.URL.Query()["unit"]
	if u := r.PathValue("unit"); u != "" {
		numbers = []string{u}
	}
	labels, err := s.svc.UnitLabels(r.Context(), actor(r), numbers)
	if err != nil {
		return err
	}
	doc, err := labelsPDF(labels)
	if err != nil {
		return err
	}
	name := "etiketter.pdf"
	if len(labels) == 1 {
		name = "etikett-" + labels[0].Number + ".pdf"
	}
	return writePDF(w, r, name, doc)
}

// labelsURL is the document of the units' labels.
func labelsURL(units []string) string {
	return "/units/labels?" + url.Values{"unit": units}.Encode()
}

// scanPath is the page that opens what a code named: a unit's Individkort for
// those who read it, else (the warehouse) its history; an article's page.
func scanPath(a *service.Actor, found *service.Scanned) string {
	switch {
	case found.Kind == service.ScannedArticle:
		return "/artiklar/" + url.PathEscape(found.Article)
	case a.Can(domain.StaffReaders...):
		return "/individkort/" + url.PathEscape(found.Unit)
	}
	return "/lager/individ?" + url.Values{"unit": {found.Unit}}.Encode()
}

// scanPage opens what the code of the header's Sök/skanna names; a code that
// names nothing, or a serial number of several units, is shown here with
// its message and stays in the field.
func (s *Server) scanPage(w http.ResponseWriter, r *http.Request) error {
	if !r.URL.Query().Has("kod") {
		return s.render(w, r, "backoffice/scan", "Sök/skanna", nil)
	}
	found, err := s.svc.Scan(r.Context(), actor(r), r.URL.Query().Get("kod"))
	if fe := onField(err, "kod"); fe != nil {
		err = fe
	}
	if err != nil {
		return s.renderForm(w, r, "backoffice/scan", "Sök/skanna", nil, err)
	}
	http.Redirect(w, r, scanPath(actor(r), found), http.StatusSeeOther)
	return nil
}

type scanJSON struct {
	Kind    string `json:"kind" enum:"unit,article"`
	Unit    string `json:"unit,omitempty"`
	Article string `json:"article"`
	Path    string `json:"path"`
}

func (s *Server) apiScan(w http.ResponseWriter, r *http.Request) error {
	found, err := s.svc.Scan(r.Context(), actor(r), r.PathValue("code"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, scanJSON{Kind: found.Kind, Unit: found.Unit, Article: found.Article, Path: scanPath(actor(r), found)})
}
