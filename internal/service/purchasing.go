package service

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Purchasing (inköp, SPEC §10.9, warehouse and admin): reorder points and
// order quantities per article and warehouse, the proposals they give,
// purchase orders to suppliers, and receipts against them, partial or whole.
// Open purchase orders count as incoming stock for dispatch dates.

// ReorderInput sets (or with Remove, removes) an article's reorder point and
// order quantity at a warehouse.
type ReorderInput struct {
	Warehouse, Article          string
	ReorderPoint, OrderQuantity int
	Remove                      bool
}

// maxStockQuantity bounds the quantities typed in purchasing and counts.
const maxStockQuantity = 100000

// SetReorder sets an article's reorder point and order quantity at a warehouse.
func (s *Service) SetReorder(ctx context.Context, a *Actor, in ReorderInput) (*domain.ReorderSetting, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	in.Warehouse, in.Article = strings.TrimSpace(in.Warehouse), strings.TrimSpace(in.Article)
	if in.Warehouse != "" {
		if err := a.RequireWarehouse(in.Warehouse); err != nil {
			return nil, err
		}
	}
	out := &domain.ReorderSetting{Warehouse: in.Warehouse, Article: in.Article, ReorderPoint: in.ReorderPoint, OrderQuantity: in.OrderQuantity}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
		art, err := s.stockArticle(ctx, q, in.Article, "article", fe)
		if err != nil {
			return err
		}
		if !in.Remove {
			if in.ReorderPoint < 0 || in.ReorderPoint > maxStockQuantity {
				fe.add("reorderPoint", "Ange beställningspunkt, 0 eller mer.")
			}
			if in.OrderQuantity < 1 || in.OrderQuantity > maxStockQuantity {
				fe.add("orderQuantity", "Ange beställningskvantitet, minst 1.")
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		out.ArticleName = art.Name
		if in.Remove {
			err = q.RemoveReorderSetting(ctx, in.Warehouse, art.Number)
		} else {
			err = q.SetReorderSetting(ctx, *out)
		}
		if err != nil {
			return err
		}
		var after any = out
		if in.Remove {
			after = nil
		}
		return s.audit(ctx, q, a, Audit{Action: "stock.reorder", Entity: "article", EntityID: art.Number, After: after})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// stockArticle finds an article typed in a stock form; an empty or unknown
// number is a problem of the field.
func (s *Service) stockArticle(ctx context.Context, q repo.Queries, number, field string, fe fieldErrors) (*domain.CatalogArticle, error) {
	if number == "" {
		fe.add(field, "Ange artikelnummer.")
		return nil, nil
	}
	art, err := q.FindCatalogArticle(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		fe.add(field, "Artikeln finns inte.")
		return nil, nil
	}
	return art, err
}

// ReorderSettings lists the articles with a reorder point.
func (s *Service) ReorderSettings(ctx context.Context, a *Actor, f domain.ReorderFilter) ([]domain.ReorderSetting, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	return s.db.Read().FindReorderSettings(ctx, f)
}

// ReorderProposals lists the articles of a warehouse at or below their reorder
// point (available = on hand − reserved + open purchase orders) with the
// quantity to order. The warehouse is the user's own when not given; the
// admin without one gets every warehouse's.
func (s *Service) ReorderProposals(ctx context.Context, a *Actor, warehouse string) ([]domain.ReorderProposal, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	if warehouse = strings.TrimSpace(warehouse); warehouse == "" {
		warehouse = a.Warehouse
	}
	if warehouse != "" || !a.HasRole(domain.RoleAdmin) {
		if err := a.RequireWarehouse(warehouse); err != nil {
			return nil, err
		}
	}
	ps, err := s.db.Read().FindReorderProposals(ctx, warehouse)
	for i := range ps {
		ps[i].Suggested = domain.ProposalQuantity(ps[i].Available(), ps[i].ReorderPoint, ps[i].OrderQuantity)
	}
	return ps, err
}

// PurchaseLineInput is an article and quantity to order.
type PurchaseLineInput struct {
	Warehouse string // for a line of the proposals; a purchase order's own otherwise
	Article   string
	Quantity  int
}

// PurchaseOrderInput is a purchase order: the supplier (name or id; empty:
// the articles' supplier), the warehouse it is delivered to, the expected day
// (YYYY-MM-DD; empty: the articles' longest lead time from today), a note to
// the supplier and the lines.
type PurchaseOrderInput struct {
	Supplier, Warehouse, Expected, Note string
	Lines                               []PurchaseLineInput
}

// CreatePurchaseOrder registers a purchase order to a supplier.
func (s *Service) CreatePurchaseOrder(ctx context.Context, a *Actor, in PurchaseOrderInput) (*domain.PurchaseOrder, error) {
	if err := a.requireStockWarehouse(&in.Warehouse); err != nil {
		return nil, err
	}
	var out *domain.PurchaseOrder
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		out, err = s.registerPurchaseOrder(ctx, q, a, in, "Ny inköpsorder")
		return err
	})
	return out, err
}

// CreatePurchaseOrdersFromProposals turns the chosen proposal lines into
// purchase orders, one per warehouse and supplier (the articles'), all or
// nothing.
func (s *Service) CreatePurchaseOrdersFromProposals(ctx context.Context, a *Actor, lines []PurchaseLineInput) ([]*domain.PurchaseOrder, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, domain.Invalid("lines", "Markera de artiklar som ska beställas.")
	}
	for _, l := range lines {
		if err := a.RequireWarehouse(strings.TrimSpace(l.Warehouse)); err != nil {
			return nil, err
		}
	}
	var out []*domain.PurchaseOrder
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		out = nil
		type key struct {
			warehouse string
			supplier  int64
		}
		groups := map[key]*PurchaseOrderInput{}
		var order []key
		for _, l := range lines {
			art, err := q.FindCatalogArticle(ctx, strings.TrimSpace(l.Article))
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Invalidf("lines", "Artikel %s finns inte.", l.Article)
			}
			if err != nil {
				return err
			}
			if art.SupplierID == 0 {
				return domain.Invalidf("lines", "Artikel %s har ingen leverantör.", art.Number)
			}
			k := key{strings.TrimSpace(l.Warehouse), art.SupplierID}
			if groups[k] == nil {
				groups[k] = &PurchaseOrderInput{Supplier: strconv.FormatInt(art.SupplierID, 10), Warehouse: k.warehouse}
				order = append(order, k)
			}
			groups[k].Lines = append(groups[k].Lines, l)
		}
		for _, k := range order {
			o, err := s.registerPurchaseOrder(ctx, q, a, *groups[k], "Beställningsförslag")
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// registerPurchaseOrder checks and stores a purchase order in q's transaction.
func (s *Service) registerPurchaseOrder(ctx context.Context, q repo.Queries, a *Actor, in PurchaseOrderInput, screen string) (*domain.PurchaseOrder, error) {
	fe := fieldErrors{}
	s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
	sup, err := findSupplier(ctx, q, strings.TrimSpace(in.Supplier))
	if domain.ErrorCode(err) == domain.ENotFound {
		fe.add("supplier", "Leverantören finns inte.")
	} else if err != nil {
		return nil, err
	}
	in.Note = strings.TrimSpace(in.Note)
	if err := fe.addErr(domain.CheckMaxLength("note", "Meddelande till leverantören", in.Note, 500)); err != nil {
		return nil, err
	}
	today := s.Today()
	expected := parseOptDate(in.Expected, "expected", fe)
	if !expected.IsZero() && expected.Before(today) {
		fe.add("expected", "Förväntad leverans kan inte vara före i dag.")
	}
	o := &domain.PurchaseOrder{Warehouse: in.Warehouse, Note: in.Note, CreatedAt: s.Now(), CreatedBy: a.Username}
	if len(in.Lines) == 0 {
		fe.add("lines", "Ange minst en artikel att beställa.")
	}
	lead := 1
	for i, l := range in.Lines {
		row := i + 1
		number := strings.TrimSpace(l.Article)
		art, err := q.FindCatalogArticle(ctx, number)
		if domain.ErrorCode(err) == domain.ENotFound || number == "" {
			fe.addf("lines", "Rad %d: artikel %s finns inte.", row, number)
			continue
		} else if err != nil {
			return nil, err
		}
		switch {
		case art.SupplierID == 0:
			fe.addf("lines", "Rad %d: artikel %s har ingen leverantör.", row, art.Number)
		case sup == nil && strings.TrimSpace(in.Supplier) == "":
			// The supplier is the first article's.
			if sup, err = q.FindSupplierByID(ctx, art.SupplierID); err != nil {
				return nil, err
			}
		case sup != nil && art.SupplierID != sup.ID:
			fe.addf("lines", "Rad %d: artikel %s levereras av %s, inte av %s.", row, art.Number, art.SupplierName, sup.Name)
		}
		if l.Quantity < 1 || l.Quantity > maxStockQuantity {
			fe.addf("lines", "Rad %d: ange ett antal större än noll.", row)
		}
		if slices.ContainsFunc(o.Lines, func(x domain.PurchaseOrderLine) bool { return x.Article == art.Number }) {
			fe.addf("lines", "Rad %d: artikel %s står två gånger.", row, art.Number)
		}
		lead = max(lead, art.LeadTimeDays)
		o.Lines = append(o.Lines, domain.PurchaseOrderLine{Position: row, Article: art.Number, ArticleName: art.Name, Quantity: l.Quantity})
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	o.SupplierID, o.SupplierName = sup.ID, sup.Name
	o.Expected = expected
	if o.Expected.IsZero() {
		o.Expected = domain.AddWorkingDays(today, lead)
	}
	if o.Number, err = s.db.NextDocNumber(ctx, q, domain.DocPurchase, s.Now()); err != nil {
		return nil, err
	}
	if o.ID, err = q.CreatePurchaseOrder(ctx, o); err != nil {
		return nil, err
	}
	o.Status = domain.PurchaseRegistered
	return o, s.audit(ctx, q, a, Audit{Action: "purchaseorder.register", Entity: "purchaseorder", EntityID: o.Number, Screen: screen,
		After: map[string]any{"supplier": o.SupplierName, "warehouse": o.Warehouse, "expected": domain.FormatDate(o.Expected), "lines": o.Lines}})
}

// findSupplier finds a supplier by id or name ("": none).
func findSupplier(ctx context.Context, q repo.Queries, nameOrID string) (*domain.Supplier, error) {
	if nameOrID == "" {
		return nil, nil
	}
	if id, err := strconv.ParseInt(nameOrID, 10, 64); err == nil {
		return q.FindSupplierByID(ctx, id)
	}
	return q.FindSupplierByName(ctx, nameOrID)
}

// PurchaseOrders lists purchase orders, the newest first.
func (s *Service) PurchaseOrders(ctx context.Context, a *Actor, f domain.PurchaseOrderFilter) ([]*domain.PurchaseOrder, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	return s.db.Read().FindPurchaseOrders(ctx, f)
}

// FindPurchaseOrder returns a purchase order with its lines and receipts.
func (s *Service) FindPurchaseOrder(ctx context.Context, a *Actor, number string) (*domain.PurchaseOrder, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	return findPurchaseOrder(ctx, s.db.Read(), number)
}

func findPurchaseOrder(ctx context.Context, q repo.Queries, number string) (*domain.PurchaseOrder, error) {
	number = strings.TrimSpace(number)
	o, err := q.FindPurchaseOrderByNumber(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Inköpsorder %s finns inte.", number)
	}
	return o, err
}

// PurchaseReceiptInput is what a receipt brings of one article: a quantity,
// or the units of an individually tracked article.
type PurchaseReceiptInput struct {
	Article  string
	Quantity int
	Units    []UnitIn
}

// PurchaseReceiptResult is what a receipt did: the order as it is after it,
// and what each line received.
type PurchaseReceiptResult struct {
	Order    *domain.PurchaseOrder
	Received []Receipt
}

// ReceiveFields are the form fields of a receipt line's quantity and units.
func ReceiveFields(article string) (quantity, units string) {
	return "quantity." + article, "units." + article
}

// ReceivePurchase receives goods against a purchase order, partly or wholly:
// no line more than remains. Each line goes on hand at the order's warehouse
// (units with new unit numbers) journalled with the order as reference; the
// order closes when everything has come.
func (s *Service) ReceivePurchase(ctx context.Context, a *Actor, number string, lines []PurchaseReceiptInput) (*PurchaseReceiptResult, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	res := &PurchaseReceiptResult{}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		res.Received = nil
		o, err := s.lockPurchaseOrder(ctx, q, a, number)
		if err != nil {
			return err
		}
		var plan []domain.PurchaseReceiptLine
		for i := range lines {
			l := &lines[i]
			l.Article = strings.TrimSpace(l.Article)
			if l.Quantity == 0 {
				l.Quantity = len(l.Units)
			}
			plan = append(plan, domain.PurchaseReceiptLine{Article: l.Article, Quantity: l.Quantity})
		}
		_, status, err := domain.PlanPurchaseReceipt(o.Number, o.Lines, plan)
		if err != nil {
			return err
		}
		fe := fieldErrors{}
		arts := make([]*domain.CatalogArticle, len(lines))
		units := make([][]ReceivedUnit, len(lines))
		for i, l := range lines {
			if arts[i], err = q.FindCatalogArticle(ctx, l.Article); err != nil {
				return err
			}
			qf, uf := ReceiveFields(l.Article)
			if units[i], err = s.checkReceipt(ctx, q, arts[i], l.Quantity, l.Units, fe, qf, uf); err != nil {
				return err
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		now := s.Now()
		for i, l := range lines {
			line := o.Lines[slices.IndexFunc(o.Lines, func(x domain.PurchaseOrderLine) bool { return x.Article == l.Article })]
			qty, made, err := s.putInStock(ctx, q, a, o.Warehouse, arts[i], l.Quantity, units[i], "Inköpsorder "+o.Number)
			if err != nil {
				return err
			}
			var numbers []string
			for _, u := range made {
				numbers = append(numbers, u.Number)
			}
			if err := q.AddPurchaseReceipt(ctx, o.ID, line.ID, qty, numbers, a.Username, now); err != nil {
				return err
			}
			res.Received = append(res.Received, Receipt{Warehouse: o.Warehouse, Article: l.Article, ArticleName: arts[i].Name, Quantity: qty, Units: made})
		}
		if err := q.SetPurchaseOrderStatus(ctx, o.ID, status, now); err != nil {
			return err
		}
		if res.Order, err = q.FindPurchaseOrderByNumber(ctx, o.Number); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "purchaseorder.receive", Entity: "purchaseorder", EntityID: o.Number,
			Before: map[string]string{"status": o.Status}, After: map[string]any{"status": status, "received": res.Received}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// lockPurchaseOrder finds an open purchase order of the actor's warehouse and
// locks it; its status and lines are the ones once locked (a receipt that
// committed while this action waited has changed them).
func (s *Service) lockPurchaseOrder(ctx context.Context, q repo.Queries, a *Actor, number string) (*domain.PurchaseOrder, error) {
	o, err := findPurchaseOrder(ctx, q, number)
	if err != nil {
		return nil, err
	}
	if err := a.RequireWarehouse(o.Warehouse); err != nil {
		return nil, err
	}
	if _, err = q.LockPurchaseOrder(ctx, o.ID); err != nil {
		return nil, err
	}
	if o, err = q.FindPurchaseOrderByNumber(ctx, o.Number); err != nil {
		return nil, err
	}
	if !o.Open() {
		return nil, domain.Errorf(domain.EConflict, "Inköpsorder %s är %s.", o.Number, domain.Term(strings.ToLower(domain.DocumentStatusText(o.Status))))
	}
	return o, nil
}

// ClosePurchaseOrder ends a purchase order whose rest will not come: closed,
// or cancelled when nothing came. It no longer counts as incoming.
func (s *Service) ClosePurchaseOrder(ctx context.Context, a *Actor, number string) (*domain.PurchaseOrder, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	var out *domain.PurchaseOrder
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		o, err := s.lockPurchaseOrder(ctx, q, a, number)
		if err != nil {
			return err
		}
		status := domain.PurchaseClosed
		if o.Status == domain.PurchaseRegistered {
			status = domain.PurchaseCancelled
		}
		if err := q.SetPurchaseOrderStatus(ctx, o.ID, status, s.Now()); err != nil {
			return err
		}
		if out, err = q.FindPurchaseOrderByNumber(ctx, o.Number); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "purchaseorder.close", Entity: "purchaseorder", EntityID: o.Number,
			Before: map[string]string{"status": o.Status}, After: map[string]string{"status": status}})
	})
	return out, err
}

// incoming is the day open purchase orders have brought enough of an article
// to a warehouse for need more, after the order lines already waiting for it;
// zero when they do not (SPEC §10.9: open purchase orders count as incoming).
func (c *orderCtx) incoming(ctx context.Context, warehouse, article string, need int) (time.Time, error) {
	supply, err := c.q.FindIncomingSupply(ctx, warehouse, article)
	if err != nil || len(supply) == 0 {
		return time.Time{}, err
	}
	claimed, err := c.q.WaitingQuantity(ctx, warehouse, article)
	if err != nil {
		return time.Time{}, err
	}
	available, err := c.q.Available(ctx, warehouse, article)
	if err != nil {
		return time.Time{}, err
	}
	d, _ := domain.IncomingDate(supply, available, claimed, need)
	return d, nil
}
