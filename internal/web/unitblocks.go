package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
)

// Blocking a unit by hand on the Individkort (spärr); deviations, recalls and
// inspections block through their own actions.

func (s *Server) routesUnitBlocks() {
	s.page("POST /individkort/{unit}/sparr", s.blockUnitSubmit, domain.UnitBlockers...)
	s.page("POST /individkort/{unit}/sparr/{id}/hav", s.releaseUnitBlockSubmit, domain.UnitBlockers...)
	s.apiRoute("POST /api/v1/units/{unit}/blocks", APIDoc{Summary: "Spärra individ", Tag: "units",
		Description: "En spärrad individ plockas, levereras, lämnas ut eller flyttas med BMB aldrig förrän spärren hävs.",
		Request:     blockRequest{}, Response: unitBlockJSON{}, Status: http.StatusCreated}, s.apiBlockUnit, domain.UnitBlockers...)
	s.apiRoute("POST /api/v1/units/{unit}/blocks/{id}/release", APIDoc{Summary: "Häv en spärr på individen", Tag: "units",
		EmptyBody: true, Response: unitBlocksJSON{}}, s.apiReleaseUnitBlock, domain.UnitBlockers...)
}

type blockRequest struct {
	Reason string `json:"reason"`
}

type unitBlockJSON struct {
	ID         string `json:"id"`
	Source     string `json:"source" enum:"manual,deviation,recall,inspection"`
	SourceText string `json:"sourceText"`
	SourceRef  string `json:"sourceRef"`
	Reason     string `json:"reason"`
	BlockedAt  string `json:"blockedAt"`
	BlockedBy  string `json:"blockedBy"`
}

type unitBlocksJSON struct {
	Unit    string          `json:"unit"`
	Blocked bool            `json:"blocked"`
	Blocks  []unitBlockJSON `json:"blocks"`
}

func unitBlockOf(b domain.UnitBlock) unitBlockJSON {
	return unitBlockJSON{ID: strconv.FormatInt(b.ID, 10), Source: b.Source, SourceText: domain.BlockSourceText(b.Source),
		SourceRef: b.SourceRef, Reason: b.Reason, BlockedAt: b.BlockedAt.Format(time.RFC3339), BlockedBy: b.BlockedBy}
}

func unitBlocksOf(blocks []domain.UnitBlock) []unitBlockJSON {
	out := []unitBlockJSON{}
	for _, b := range blocks {
		out = append(out, unitBlockOf(b))
	}
	return out
}

func (s *Server) blockUnitSubmit(w http.ResponseWriter, r *http.Request) error {
	unit := r.PathValue("unit")
	if _, err := s.svc.BlockUnit(r.Context(), actor(r), unit, r.PostFormValue("reason")); err != nil {
		return s.unitPageWithError(w, r, unit, err)
	}
	return s.redirectWithFlash(w, r, "/individkort/"+url.PathEscape(unit), "Individen är spärrad.")
}

func (s *Server) releaseUnitBlockSubmit(w http.ResponseWriter, r *http.Request) error {
	unit := r.PathValue("unit")
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err := s.svc.ReleaseUnitBlock(r.Context(), actor(r), unit, id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/individkort/"+url.PathEscape(unit), "Spärren är hävd.")
}

func (s *Server) apiBlockUnit(w http.ResponseWriter, r *http.Request) error {
	var in blockRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	b, err := s.svc.BlockUnit(r.Context(), actor(r), r.PathValue("unit"), in.Reason)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, unitBlockOf(*b))
}

func (s *Server) apiReleaseUnitBlock(w http.ResponseWriter, r *http.Request) error {
	unit := r.PathValue("unit")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENotFound, "Spärren finns inte.")
	}
	if err := s.svc.ReleaseUnitBlock(r.Context(), actor(r), unit, id); err != nil {
		return err
	}
	c, err := s.svc.UnitCard(r.Context(), actor(r), unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, unitBlocksJSON{Unit: unit, Blocked: c.Unit.Blocked(), Blocks: unitBlocksOf(c.Unit.Blocks)})
}
