package web

import (
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// The count API (SPEC §10.9 Locations and counts): start a count, read it,
// enter what was counted, approve or cancel it.

func (s *Server) routesCountsAPI() {
	s.apiRoute("POST /api/v1/counts", APIDoc{Summary: "Starta en inventering av en lagerplats (lager)", Tag: "stock",
		Description: "location är en lagerplats eller början av flera (A-03 räknar A-03-1, A-03-2 …); inventeringen tar artiklarna med den lagerplatsen i lagret.",
		Request:     countIn{}, Response: countJSON{}, Status: http.StatusCreated}, s.apiStartCount, stockRoles...)
	s.apiRoute("GET /api/v1/counts", APIDoc{Summary: "Inventeringar, de senaste först (lager)", Tag: "stock",
		Query:    []QueryParam{{"warehouse", "lagernummer (utelämnat: användarens lager; admin: alla)"}, {"status", "open: bara pågående"}},
		Response: countsJSON{}}, s.apiCounts, stockRoles...)
	s.apiRoute("GET /api/v1/counts/{id}", APIDoc{Summary: "En inventering med rader och, när allt är räknat, differenser (lager)", Tag: "stock",
		Response: countJSON{}}, s.apiCount, stockRoles...)
	s.apiRoute("POST /api/v1/counts/{id}/lines", APIDoc{Summary: "Skriv in räknat antal, och individer, på en pågående inventering (lager)", Tag: "stock",
		Description: "counted är räknat antal; för individmärkta artiklar units: individnummer eller serienummer som hittades (counted utelämnat: antalet units; 0 utan units: ingen hittad). En rad som skrivs in igen ersätter det tidigare.",
		Request:     countLinesIn{}, Response: countJSON{}}, s.apiEnterCount, stockRoles...)
	s.apiRoute("POST /api/v1/counts/{id}/approve", APIDoc{Summary: "Godkänn en inventering: differenserna bokförs i lagerjournalen (lager)", Tag: "stock",
		Description: "Varje rad ska vara räknad. Saknade individer skrivs av (skrotade), hittade läggs i lager; lagerhändelserna har typen count. Tom kropp.",
		EmptyBody:   true, Response: countJSON{}}, s.apiApproveCount, stockRoles...)
	s.apiRoute("POST /api/v1/counts/{id}/cancel", APIDoc{Summary: "Makulera en pågående inventering (lager)", Tag: "stock",
		EmptyBody: true, Response: countJSON{}}, s.apiCancelCount, stockRoles...)
}

type countIn struct {
	Warehouse string `json:"warehouse"`
	Location  string `json:"location"`
}

type countLineIn struct {
	Article string   `json:"article"`
	Counted *int     `json:"counted"`
	Units   []string `json:"units"`
}

type countLinesIn struct {
	Lines []countLineIn `json:"lines"`
}

type countUnitJSON struct {
	Code    string  `json:"code"`
	Unit    *string `json:"unit"` // null: an unknown serial, a new unit at approval
	Outcome string  `json:"outcome,omitempty"`
}

type countLineJSON struct {
	Article    string          `json:"article"`
	Name       string          `json:"name"`
	Location   string          `json:"location"`
	Individual bool            `json:"individual"`
	Counted    *int            `json:"counted"` // null: not counted yet
	Units      []countUnitJSON `json:"units"`
}

type countDifferenceJSON struct {
	Article  string          `json:"article"`
	Expected int             `json:"expected"`
	Counted  int             `json:"counted"`
	Delta    int             `json:"delta"`
	Missing  []string        `json:"missing"`
	Extra    []countUnitJSON `json:"extra"`
}

type countJSON struct {
	ID            string                `json:"id"`
	Warehouse     string                `json:"warehouse"`
	Location      string                `json:"location"`
	Status        string                `json:"status"`
	StatusText    string                `json:"statusText"`
	CreatedAt     string                `json:"createdAt"`
	CreatedBy     string                `json:"createdBy"`
	ClosedAt      *string               `json:"closedAt"`
	ClosedBy      string                `json:"closedBy"`
	Lines         []countLineJSON       `json:"lines"`
	Differences   []countDifferenceJSON `json:"differences"` // when every line is counted
	CannotApprove string                `json:"cannotApprove,omitempty"`
}

type countsJSON struct {
	Counts []countJSON `json:"counts"`
}

func countUnitOf(u domain.CountUnit) countUnitJSON {
	j := countUnitJSON{Code: u.Code, Outcome: u.Outcome}
	if u.Unit != "" {
		j.Unit = &u.Unit
	}
	return j
}

func countOf(c *domain.CountSession) countJSON {
	out := countJSON{ID: strconv.FormatInt(c.ID, 10), Warehouse: c.Warehouse, Location: c.Location, Status: c.Status,
		StatusText: domain.CountStatusText(c.Status), CreatedAt: c.CreatedAt.Format(time.RFC3339), CreatedBy: c.CreatedBy,
		ClosedBy: c.ClosedBy, Lines: []countLineJSON{}, Differences: []countDifferenceJSON{}}
	if !c.ClosedAt.IsZero() {
		at := c.ClosedAt.Format(time.RFC3339)
		out.ClosedAt = &at
	}
	for _, l := range c.Lines {
		lj := countLineJSON{Article: l.Article, Name: l.ArticleName, Location: l.Location, Individual: l.Individual, Units: []countUnitJSON{}}
		if l.IsCounted {
			lj.Counted = &l.Counted
		}
		for _, u := range l.Units {
			lj.Units = append(lj.Units, countUnitOf(u))
		}
		out.Lines = append(out.Lines, lj)
	}
	return out
}

func countViewOf(v *service.CountView) countJSON {
	out := countOf(v.CountSession)
	for _, d := range v.Differences {
		dj := countDifferenceJSON{Article: d.Article, Expected: d.Expected, Counted: d.Counted, Delta: d.Delta, Missing: d.Missing, Extra: []countUnitJSON{}}
		if dj.Missing == nil {
			dj.Missing = []string{}
		}
		for _, u := range d.Extra {
			dj.Extra = append(dj.Extra, countUnitOf(u))
		}
		out.Differences = append(out.Differences, dj)
	}
	if v.Problem != nil {
		out.CannotApprove = v.Problem.Error()
	}
	return out
}

func (s *Server) apiStartCount(w http.ResponseWriter, r *http.Request) error {
	var in countIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	c, err := s.svc.StartCount(r.Context(), actor(r), service.CountInput{Warehouse: in.Warehouse, Location: in.Location})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, countOf(c))
}

func (s *Server) apiCounts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.Counts(r.Context(), actor(r), q.Get("warehouse"), q.Get("status") == "open")
	if err != nil {
		return err
	}
	out := countsJSON{Counts: []countJSON{}}
	for _, c := range list {
		out.Counts = append(out.Counts, countOf(c))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiCount(w http.ResponseWriter, r *http.Request) error {
	v, err := s.countView(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, countViewOf(v))
}

func (s *Server) apiEnterCount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in countLinesIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	var lines []service.CountLineInput
	for _, l := range in.Lines {
		lines = append(lines, service.CountLineInput{Article: l.Article, Counted: l.Counted, Units: l.Units})
	}
	if _, err := s.svc.EnterCount(r.Context(), actor(r), id, lines); err != nil {
		return err
	}
	v, err := s.svc.FindCount(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, countViewOf(v))
}

func (s *Server) apiApproveCount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	v, err := s.svc.ApproveCount(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, countViewOf(v))
}

func (s *Server) apiCancelCount(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	c, err := s.svc.CancelCount(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, countOf(c))
}
