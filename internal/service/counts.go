package service

import (
	"context"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Counts (inventering, SPEC §10.9, warehouse and admin): a count of the
// articles at a location of a warehouse, entered blind (the count sheet and
// the form do not show what the system has), then approved: each difference
// becomes a stock movement of type count — units missing are written off,
// units found that the system did not have are put on hand — in one
// transaction. An approved or cancelled count does not change again.

// CountInput starts a count at a location, or every location under a prefix.
type CountInput struct {
	Warehouse, Location string
}

// StartCount starts a count of the articles whose shelf location at the
// warehouse is the location or lies under it.
func (s *Service) StartCount(ctx context.Context, a *Actor, in CountInput) (*domain.CountSession, error) {
	if err := a.requireStockWarehouse(&in.Warehouse); err != nil {
		return nil, err
	}
	var out *domain.CountSession
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		fe := fieldErrors{}
		s.checkWarehouse(ctx, q, in.Warehouse, "warehouse", fe)
		loc, err := domain.ParseLocation("location", in.Location)
		if err := fe.addErr(err); err != nil {
			return err
		}
		if loc == "" && fe["location"] == nil {
			fe.add("location", "Ange lagerplats, eller början av lagerplatser, till exempel A-03.")
		}
		if err := fe.err(); err != nil {
			return err
		}
		at, err := q.FindStockLocations(ctx, domain.LocationFilter{Warehouse: in.Warehouse, Location: loc})
		if err != nil {
			return err
		}
		if len(at) == 0 {
			return domain.Invalidf("location", "Ingen artikel har lagerplats %s i lager %s.", loc, in.Warehouse)
		}
		out = &domain.CountSession{Warehouse: in.Warehouse, Location: loc, Status: domain.CountOpen, CreatedAt: s.Now(), CreatedBy: a.Username}
		for _, l := range at {
			out.Lines = append(out.Lines, domain.CountLine{Article: l.Article, ArticleName: l.ArticleName, Individual: l.Individual, Location: l.Location})
		}
		if out.ID, err = q.CreateCountSession(ctx, out); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "count.start", Entity: "count", EntityID: strconv.FormatInt(out.ID, 10),
			After: map[string]any{"warehouse": out.Warehouse, "location": loc, "articles": len(out.Lines)}})
	})
	return out, err
}

// Counts lists counts, the newest first: of a warehouse (the user's own when
// not given; the admin without one sees every warehouse's), open ones only
// if asked.
func (s *Service) Counts(ctx context.Context, a *Actor, warehouse string, openOnly bool) ([]*domain.CountSession, error) {
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
	return s.db.Read().FindCountSessions(ctx, warehouse, openOnly)
}

// CountView is a count with its differences: once approved, those it
// recorded; while open and every line counted, those approval would journal
// now (Problem says why it could not be approved, if so).
type CountView struct {
	*domain.CountSession
	Differences []domain.CountDifference // one per line, in the lines' order
	Problem     error
}

// Counted reports whether every line has been counted.
func (v *CountView) Counted() bool {
	for _, l := range v.Lines {
		if !l.IsCounted {
			return false
		}
	}
	return true
}

// HasDifferences reports whether any line differs.
func (v *CountView) HasDifferences() bool {
	for _, d := range v.Differences {
		if !d.None() {
			return true
		}
	}
	return false
}

// FindCount returns a count of the actor's warehouse with its differences.
func (s *Service) FindCount(ctx context.Context, a *Actor, id int64) (*CountView, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	q := s.db.Read()
	c, err := findCount(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	v := &CountView{CountSession: c}
	switch {
	case c.Status == domain.CountApproved:
		for _, l := range c.Lines {
			v.Differences = append(v.Differences, l.Difference())
		}
	case c.Open() && v.Counted():
		for _, l := range c.Lines {
			st, err := q.FindCountStock(ctx, c.Warehouse, l.Article, false)
			if err != nil {
				return nil, err
			}
			d, err := domain.CountDifferenceOf(l, st)
			if err != nil && v.Problem == nil {
				v.Problem = err
			}
			v.Differences = append(v.Differences, d)
		}
	}
	return v, nil
}

// findCount finds a count of a warehouse the actor works in.
func findCount(ctx context.Context, q repo.Queries, a *Actor, id int64) (*domain.CountSession, error) {
	c, err := q.FindCountSession(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Inventering %d finns inte.", id)
	}
	if err != nil {
		return nil, err
	}
	if err := a.RequireWarehouse(c.Warehouse); err != nil {
		return nil, err
	}
	return c, nil
}

// openCount locks and finds an open count the actor may change.
func openCount(ctx context.Context, q repo.Queries, a *Actor, id int64) (*domain.CountSession, error) {
	if err := q.LockCountSession(ctx, id); domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Inventering %d finns inte.", id)
	} else if err != nil {
		return nil, err
	}
	c, err := findCount(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !c.Open() {
		return nil, domain.Errorf(domain.EConflict, "Inventering %d är %s och kan inte ändras.", id, domain.Term(strings.ToLower(domain.CountStatusText(c.Status))))
	}
	return c, nil
}

// CountLineInput is what was counted of an article: a quantity, or for an
// individually tracked article the unit or serial numbers found (Counted,
// if given, must be their number; 0 with none: none found).
type CountLineInput struct {
	Article string
	Counted *int
	Units   []string
}

// CountFields are the form fields of a count line's quantity and units.
func CountFields(article string) (counted, units string) {
	return "counted." + article, "units." + article
}

// EnterCount records what was counted on an open count, some lines at a
// time; a line entered again replaces what was entered before.
func (s *Service) EnterCount(ctx context.Context, a *Actor, id int64, lines []CountLineInput) (*domain.CountSession, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, domain.Invalid("lines", "Ange vad du har räknat.")
	}
	var out *domain.CountSession
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		c, err := openCount(ctx, q, a, id)
		if err != nil {
			return err
		}
		fe := fieldErrors{}
		type entry struct {
			article string
			counted int
			units   []domain.CountUnit
		}
		var entries []entry
		seen := map[string]bool{}
		for _, in := range lines {
			article := strings.TrimSpace(in.Article)
			cf, uf := CountFields(article)
			i := -1
			for k, l := range c.Lines {
				if l.Article == article {
					i = k
				}
			}
			if i < 0 {
				fe.addf("lines", "Artikel %s står inte på inventering %d.", article, id)
				continue
			}
			if seen[article] {
				fe.addf("lines", "Artikel %s står två gånger.", article)
				continue
			}
			seen[article] = true
			l := c.Lines[i]
			e := entry{article: article}
			if !l.Individual {
				switch {
				case len(in.Units) > 0:
					fe.add(uf, "Artikeln är inte individmärkt: ange bara antal.")
				case in.Counted == nil || *in.Counted < 0 || *in.Counted > maxStockQuantity:
					fe.add(cf, "Ange räknat antal, 0 eller mer.")
				default:
					e.counted = *in.Counted
				}
				entries = append(entries, e)
				continue
			}
			if e.units, err = s.foundUnits(ctx, q, c.Warehouse, article, in.Units, uf, fe); err != nil {
				return err
			}
			e.counted = len(e.units)
			switch {
			case in.Counted == nil && len(in.Units) == 0:
				fe.add(uf, "Ange individnummer eller serienummer för varje individ du hittade, eller 0 om du inte hittade någon.")
			case in.Counted != nil && *in.Counted != len(in.Units):
				fe.add(cf, "Antalet stämmer inte med antalet individer.")
			}
			entries = append(entries, e)
		}
		if err := fe.err(); err != nil {
			return err
		}
		after := map[string]int{}
		for _, e := range entries {
			if err := q.SetCountLine(ctx, id, e.article, e.counted, e.units); err != nil {
				return err
			}
			after[e.article] = e.counted
		}
		if out, err = q.FindCountSession(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "count.enter", Entity: "count", EntityID: strconv.FormatInt(id, 10), After: after})
	})
	return out, err
}

// foundUnits resolves the unit or serial numbers found of an article: a unit
// of the article in stock at the warehouse (or picked there), or a written-off
// unit found again; a number no unit has is the serial number of a unit the
// system does not know, made at approval. Problems go to fe under field.
func (s *Service) foundUnits(ctx context.Context, q repo.Queries, warehouse, article string, codes []string, field string,
	fe fieldErrors) ([]domain.CountUnit, error) {
	var out []domain.CountUnit
	seen := map[string]string{} // unit or code -> the code that named it
	for _, code := range codes {
		if code = strings.TrimSpace(code); code == "" {
			continue
		}
		numbers, err := q.FindUnitsByCode(ctx, code)
		if err != nil {
			return nil, err
		}
		cu := domain.CountUnit{Code: code}
		var other *domain.StockUnit
		for _, n := range numbers {
			u, err := q.FindStockUnit(ctx, n)
			if err != nil {
				return nil, err
			}
			if u.Article != article {
				other = u
				continue
			}
			switch {
			case u.Status == "scrapped" || (u.Status == "in_stock" || u.Status == "reserved") && u.Warehouse == warehouse:
				cu.Unit = u.Number
			case u.Status == "in_stock":
				fe.addf(field, "Individ %s står i lager %s. Flytta den hit först (Flytta mellan lager).", u.Number, u.Warehouse)
			default:
				fe.addf(field, "Individ %s är inte i lager (%s).", u.Number, domain.Term(strings.ToLower(domain.UnitStatusText(u.Status, ""))))
			}
			other = nil
			break
		}
		if other != nil {
			fe.addf(field, "Individ %s är artikel %s, inte %s.", other.Number, other.Article, article)
		}
		key := cu.Unit
		if key == "" {
			key = code
		}
		if first, ok := seen[key]; ok {
			fe.addf(field, "Individ %s står två gånger (%s och %s).", key, first, code)
		}
		seen[key] = code
		out = append(out, cu)
	}
	return out, nil
}

// ApproveCount approves an open count whose every line is counted: each
// difference becomes a stock movement of type count with the count as
// reference — a quantity up or down, a missing unit written off, an extra one
// put on hand (a new unit for an unknown serial) — all or nothing. Who
// approved is in the count and the audit log.
func (s *Service) ApproveCount(ctx context.Context, a *Actor, id int64) (*CountView, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	out := &CountView{}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		out.Differences = nil
		c, err := openCount(ctx, q, a, id)
		if err != nil {
			return err
		}
		now := s.Now()
		// The count is locked; the conditional update decides a race on a
		// database without row locks: the second finds it approved.
		if err := q.CloseCountSession(ctx, id, domain.CountApproved, a.Username, now); err != nil {
			return err
		}
		ref := "Inventering " + strconv.FormatInt(id, 10)
		var journalled []map[string]any
		for _, l := range c.Lines {
			st, err := q.FindCountStock(ctx, c.Warehouse, l.Article, true)
			if err != nil {
				return err
			}
			d, err := domain.CountDifferenceOf(l, st)
			if err != nil {
				return err
			}
			units, err := s.journalCount(ctx, q, a, c.Warehouse, l, d, ref)
			if err != nil {
				return err
			}
			if err := q.SetCountOutcome(ctx, id, l.Article, d.Expected, units); err != nil {
				return err
			}
			out.Differences = append(out.Differences, d)
			if !d.None() {
				journalled = append(journalled, map[string]any{"article": l.Article, "expected": d.Expected, "counted": d.Counted,
					"missing": d.Missing, "extra": d.Extra})
			}
		}
		if out.CountSession, err = q.FindCountSession(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "count.approve", Entity: "count", EntityID: strconv.FormatInt(id, 10),
			Before: map[string]string{"status": domain.CountOpen}, After: map[string]any{"status": domain.CountApproved, "differences": journalled}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// journalCount puts one line's difference on hand and returns its units with
// their outcomes: found, extra (with the unit made of an unknown serial) and
// missing.
func (s *Service) journalCount(ctx context.Context, q repo.Queries, a *Actor, warehouse string, l domain.CountLine,
	d domain.CountDifference, ref string) ([]domain.CountUnit, error) {
	now := s.Now()
	if !l.Individual {
		if d.Delta == 0 {
			return nil, nil
		}
		return nil, q.AdjustOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: l.Article, OnHandDelta: d.Delta,
			Reason: "count", Reference: ref, User: a.Username}, now)
	}
	extra := map[string]bool{}
	for _, u := range d.Extra {
		extra[u.Code] = true
	}
	var units []domain.CountUnit
	for _, u := range l.Units {
		if !extra[u.Code] {
			units = append(units, domain.CountUnit{Code: u.Code, Unit: u.Unit, Outcome: "found"})
			continue
		}
		var err error
		if u.Unit != "" {
			err = q.RestoreUnit(ctx, u.Unit, warehouse, ref, a.Username, now)
		} else {
			u.Unit, err = q.CreateStockUnit(ctx, domain.NewStockUnit{Article: l.Article, Serial: u.Code, Warehouse: warehouse,
				DeliveredFrom: warehouse, Reason: "count"}, ref, a.Username, now)
		}
		if err != nil {
			return nil, err
		}
		units = append(units, domain.CountUnit{Code: u.Code, Unit: u.Unit, Outcome: "extra"})
	}
	for _, number := range d.Missing {
		if err := q.WriteOffUnit(ctx, number, warehouse, ref, a.Username, now); err != nil {
			return nil, err
		}
		units = append(units, domain.CountUnit{Code: number, Unit: number, Outcome: "missing"})
	}
	return units, nil
}

// CancelCount cancels an open count; nothing it counted is journalled.
func (s *Service) CancelCount(ctx context.Context, a *Actor, id int64) (*domain.CountSession, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	var out *domain.CountSession
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		if _, err := openCount(ctx, q, a, id); err != nil {
			return err
		}
		if err := q.CloseCountSession(ctx, id, domain.CountCancelled, a.Username, s.Now()); err != nil {
			return err
		}
		var err error
		if out, err = q.FindCountSession(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "count.cancel", Entity: "count", EntityID: strconv.FormatInt(id, 10),
			Before: map[string]string{"status": domain.CountOpen}, After: map[string]string{"status": domain.CountCancelled}})
	})
	return out, err
}
