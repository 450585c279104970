package service

import (
	"context"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Goods receipt, shared by Varumottagning (ReceiveGoods) and receipts against
// a purchase order (ReceivePurchase): what came is checked, then put on hand.

// checkReceipt checks a receipt of an article: a quantity, or for an
// individually tracked article one unit with its serial number each (a
// quantity, if given, must match). Problems go to fe under the fields given;
// it returns the units to create.
func (s *Service) checkReceipt(ctx context.Context, q repo.Queries, art *domain.CatalogArticle, quantity int, in []UnitIn,
	fe fieldErrors, quantityField, unitsField string) ([]ReceivedUnit, error) {
	switch {
	case art.Individual && len(in) == 0:
		fe.add(unitsField, "Artikeln är individmärkt: ange varje individ med serienummer.")
	case !art.Individual && len(in) > 0:
		fe.add(unitsField, "Artikeln är inte individmärkt: ange bara antal.")
	case !art.Individual && (quantity <= 0 || quantity > maxStockQuantity):
		fe.add(quantityField, "Ange ett antal större än noll.")
	case art.Individual && quantity != 0 && quantity != len(in):
		fe.add(quantityField, "Antalet stämmer inte med antalet individer.")
	}
	today := s.Today()
	var units []ReceivedUnit
	seen := map[string]bool{}
	for i, u := range in {
		row := i + 1
		serial := strings.TrimSpace(u.Serial)
		if serial == "" {
			fe.addf(unitsField, "Individ %d: ange serienummer.", row)
			continue
		}
		if seen[serial] {
			fe.addf(unitsField, "Individ %d: serienummer %s står två gånger.", row, serial)
		}
		seen[serial] = true
		if ok, err := q.SerialExists(ctx, art.Number, serial); err != nil {
			return nil, err
		} else if ok {
			fe.addf(unitsField, "Individ %d: serienummer %s finns redan för artikeln.", row, serial)
		}
		pd := parseOptDate(u.PurchaseDate, unitsField, fe)
		if pd.IsZero() {
			pd = today
		} else if err := fe.addOpen(q.EnsureOpen(ctx, pd, domain.Term("Inköpsdatum")), unitsField); err != nil {
			return nil, err
		}
		wu := parseOptDate(u.WarrantyUntil, unitsField, fe)
		if !wu.IsZero() && wu.Before(pd) {
			fe.addf(unitsField, "Individ %d: garantin kan inte sluta före inköpsdatum.", row)
		}
		units = append(units, ReceivedUnit{Serial: serial, PurchaseDate: pd, WarrantyUntil: wu})
	}
	return units, nil
}

// putInStock puts a checked receipt on hand at a warehouse, journalled with
// ref: each unit with a new unit number, or the quantity of an article
// without units. It returns the quantity received and the units created.
func (s *Service) putInStock(ctx context.Context, q repo.Queries, a *Actor, warehouse string, art *domain.CatalogArticle,
	quantity int, units []ReceivedUnit, ref string) (int, []ReceivedUnit, error) {
	now := s.Now()
	if !art.Individual {
		return quantity, nil, q.ReceiveStock(ctx, warehouse, art.Number, quantity, ref, a.Username, now)
	}
	for i := range units {
		u := &units[i]
		num, err := q.CreateStockUnit(ctx, domain.NewStockUnit{Article: art.Number, Serial: u.Serial, Warehouse: warehouse,
			DeliveredFrom: warehouse, PurchaseDate: u.PurchaseDate, WarrantyUntil: u.WarrantyUntil}, ref, a.Username, now)
		if err != nil {
			return 0, nil, err
		}
		u.Number = num
	}
	return len(units), units, nil
}
