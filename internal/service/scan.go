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
		return "", domain.Errorf(domain.EConflict, "Serienummer %s finns på flera individer (%s). Ange individnumret.", code, strings.Join(units, ", "))
	}
	return units[0], nil
}
