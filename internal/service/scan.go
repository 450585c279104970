package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// unitOfCode is the unit a code names: the unit of that number, else the one
// unit with that serial number (serial numbers are unique per article only, so
// two articles' units may share one: then the unit number is needed).
func unitOfCode(ctx context.Context, q repo.Queries, code string) (string, error) {
	units, err := q.FindUnitsByCode(ctx, code)
	switch {
	case err != nil:
		return "", err
	case len(units) == 0:
		return "", domain.Errorf(domain.ENotFound, "Individen finns inte.")
	case len(units) > 1:
		return "", serialOnSeveralUnits(code, units)
	}
	return units[0], nil
}

func serialOnSeveralUnits(code string, units []string) error {
	return domain.Errorf(domain.EConflict, "Serienummer %s finns på flera individer (%s). Ange individnumret.", code, strings.Join(units, ", "))
}

// Scanned is what a code typed or scanned into Sök/skanna names.
type Scanned struct {
	Kind    string // ScannedUnit or ScannedArticle
	Unit    string // the unit's number (a unit)
	Article string // the article's number: the unit's article, or the article itself
}

// The kinds of Scanned.
const (
	ScannedUnit    = "unit"
	ScannedArticle = "article"
)

// Scan finds what a code names for the back office's Sök/skanna field (SPEC
// §10.9): a unit by its number, else a unit by its serial number (several
// units with that serial: a conflict that names them), else an article by
// its number. It shows no person, so it logs nothing; the page it opens does.
func (s *Service) Scan(ctx context.Context, a *Actor, code string) (*Scanned, error) {
	if err := a.Require(domain.BackOffice...); err != nil {
		return nil, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return nil, domain.Invalid("kod", "Skriv eller skanna ett individnummer, serienummer eller artikelnummer.")
	}
	q := s.db.Read()
	units, err := q.FindUnitsByCode(ctx, code)
	switch {
	case err != nil:
		return nil, err
	case len(units) > 1:
		return nil, serialOnSeveralUnits(code, units)
	case len(units) == 1:
		u, err := q.FindStockUnit(ctx, units[0])
		if err != nil {
			return nil, err
		}
		return &Scanned{Kind: ScannedUnit, Unit: u.Number, Article: u.Article}, nil
	}
	art, err := q.FindCatalogArticle(ctx, code)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Ingen individ, inget serienummer och ingen artikel har numret %s.", code)
	}
	if err != nil {
		return nil, err
	}
	return &Scanned{Kind: ScannedArticle, Article: art.Number}, nil
}
