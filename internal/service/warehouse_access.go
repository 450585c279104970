package service

import (
	"strings"

	"hjalpmedel/internal/domain"
)

// RequireWarehouse refuses a warehouse action (receiving goods, counting and
// moving stock, picking and delivering, receiving returns, reconditioning) in
// a warehouse that is not the actor's own. It is the one place that says who
// may act where: an admin in every warehouse, a warehouse user only in the
// warehouse of their account, and in none while the account has none.
func (a *Actor) RequireWarehouse(warehouse string) error {
	if a == nil {
		return domain.Errorf(domain.EUnauthorized, "Du är inte inloggad.")
	}
	if a.HasRole(domain.RoleAdmin) || a.Warehouse != "" && a.Warehouse == warehouse {
		return nil
	}
	if a.Warehouse == "" {
		return domain.Errorf(domain.EForbidden, "Ditt konto hör inte till något lager. Be administratören att ange ditt lager.")
	}
	return domain.Errorf(domain.EForbidden, "Du arbetar i lager %s och kan inte utföra detta i lager %s.", a.Warehouse, warehouse)
}

// requireStockWarehouse lets a stock role act in the warehouse *warehouse names
// (trimmed; none yet is checked with the form's other fields).
func (a *Actor) requireStockWarehouse(warehouse *string) error {
	if err := a.Require(stockRoles...); err != nil {
		return err
	}
	if *warehouse = strings.TrimSpace(*warehouse); *warehouse != "" {
		return a.RequireWarehouse(*warehouse)
	}
	return nil
}
