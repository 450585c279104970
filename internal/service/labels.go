package service

import (
	"context"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
)

// LabelRoles may print unit labels (SPEC §10.9): the back office any unit, a
// prescriber the units held under their customers.
var LabelRoles = append([]domain.Role{domain.RolePrescriber}, domain.BackOffice...)

// maxLabels bounds one document of labels (a large goods receipt).
const maxLabels = 500

// UnitLabels loads the labels of units in the order asked, each number once.
// A unit's label shows no person, so printing it is not a read of patient
// data; who may print it follows the unit's holding (rights.go).
func (s *Service) UnitLabels(ctx context.Context, a *Actor, numbers []string) ([]domain.UnitLabel, error) {
	if err := a.Require(LabelRoles...); err != nil {
		return nil, err
	}
	var want []string
	for _, n := range numbers {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(want, n) {
			want = append(want, n)
		}
	}
	switch {
	case len(want) == 0:
		return nil, domain.Invalid("unit", "Ange individnummer.")
	case len(want) > maxLabels:
		return nil, domain.Invalidf("unit", "Högst %d etiketter åt gången.", maxLabels)
	}
	found, err := s.db.Read().FindUnitLabels(ctx, want)
	if err != nil {
		return nil, err
	}
	out := make([]domain.UnitLabel, 0, len(want))
	for _, n := range want {
		i := slices.IndexFunc(found, func(l domain.UnitLabel) bool { return l.Number == n })
		if i < 0 {
			return nil, domain.Errorf(domain.ENotFound, "Individ %s finns inte.", n)
		}
		if err := a.MaySee(unitScope(found[i].Customer)); err != nil {
			return nil, err
		}
		out = append(out, found[i])
	}
	return out, nil
}
