package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"hjalpmedel/internal/domain"
)

// Shelf locations and counts (lagerplatser och inventering, SPEC §10.9). A
// location is a column of stock_settings; a count's differences go on hand
// through AdjustOnHand, WriteOffUnit, RestoreUnit and CreateStockUnit, each a
// row of the journal of type 'count'.

// SetStockLocation sets an article's shelf location at a warehouse ("" none).
func (q *Q) SetStockLocation(ctx context.Context, warehouse, article, location string) error {
	_, err := q.Exec(ctx, `INSERT INTO stock_settings (warehouse, article_number, location) VALUES (?, ?, ?)
		ON CONFLICT (warehouse, article_number) DO UPDATE SET location = excluded.location`, warehouse, article, location)
	return err
}

// FindStockLocations lists the articles with a shelf location, in the order
// a picker walks the shelves (domain.CompareLocations), then by article.
func (q *Q) FindStockLocations(ctx context.Context, f domain.LocationFilter) ([]domain.StockLocation, error) {
	w := where{}
	w.add("ss.location <> ''")
	if f.Warehouse != "" {
		w.add("ss.warehouse = ?", f.Warehouse)
	}
	if f.Article != "" {
		w.add("ss.article_number = ?", f.Article)
	}
	if f.Location != "" {
		w.add("(ss.location = ? OR substr(ss.location, 1, ?) = ?)", f.Location, len([]rune(f.Location))+1, f.Location+"-")
	}
	out, err := queryAll(ctx, q, func(r rowScanner) (domain.StockLocation, error) {
		var l domain.StockLocation
		err := r.Scan(&l.Warehouse, &l.Article, &l.ArticleName, &l.Individual, &l.Location, &l.OnHand)
		return l, err
	}, `SELECT ss.warehouse, ss.article_number, a.name, a.individual, ss.location, COALESCE(s.on_hand, 0)
		FROM stock_settings ss JOIN articles a ON a.number = ss.article_number
		LEFT JOIN stock s ON s.warehouse = ss.warehouse AND s.article_number = ss.article_number`+w.sql()+`
		ORDER BY ss.warehouse, ss.location, ss.article_number LIMIT 5000`, w.args...)
	slices.SortStableFunc(out, func(a, b domain.StockLocation) int {
		if a.Warehouse != b.Warehouse {
			return cmp.Compare(a.Warehouse, b.Warehouse)
		}
		return domain.CompareLocations(a.Location, b.Location)
	})
	return out, err
}

// CreateCountSession stores an open count with its lines and returns its id.
func (q *Q) CreateCountSession(ctx context.Context, c *domain.CountSession) (int64, error) {
	id, err := q.Insert(ctx, `INSERT INTO count_sessions (warehouse, location, status, created_at, created_by) VALUES (?, ?, 'open', ?, ?)`,
		c.Warehouse, c.Location, domain.FormatTimestamp(c.CreatedAt), c.CreatedBy)
	if err != nil {
		return 0, err
	}
	for _, l := range c.Lines {
		if _, err := q.Exec(ctx, "INSERT INTO count_lines (session_id, article_number, location) VALUES (?, ?, ?)", id, l.Article, l.Location); err != nil {
			return 0, err
		}
	}
	return id, nil
}

const countColumns = `c.id, c.warehouse, w.name, c.location, c.status, c.created_at, c.created_by, COALESCE(c.closed_at, ''), c.closed_by
	FROM count_sessions c JOIN warehouses w ON w.number = c.warehouse`

func scanCount(r rowScanner) (*domain.CountSession, error) {
	var c domain.CountSession
	var created, closed string
	if err := r.Scan(&c.ID, &c.Warehouse, &c.WarehouseName, &c.Location, &c.Status, &created, &c.CreatedBy, &closed, &c.ClosedBy); err != nil {
		return nil, err
	}
	c.CreatedAt, c.ClosedAt = domain.ParseTimestamp(created), domain.ParseTimestamp(closed)
	return &c, nil
}

// FindCountSessions lists counts, the newest first: of a warehouse ("" every
// one), open ones only if asked.
func (q *Q) FindCountSessions(ctx context.Context, warehouse string, openOnly bool) ([]*domain.CountSession, error) {
	w := where{}
	if warehouse != "" {
		w.add("c.warehouse = ?", warehouse)
	}
	if openOnly {
		w.add("c.status = 'open'")
	}
	return queryAll(ctx, q, scanCount, "SELECT "+countColumns+w.sql()+" ORDER BY c.id DESC LIMIT 200", w.args...)
}

// FindCountSession finds a count with its lines (by location, then article)
// and their units.
func (q *Q) FindCountSession(ctx context.Context, id int64) (*domain.CountSession, error) {
	c, err := scanCount(q.QueryRow(ctx, "SELECT "+countColumns+" WHERE c.id = ?", id))
	if err != nil {
		return nil, mapError(err)
	}
	c.Lines, err = queryAll(ctx, q, func(r rowScanner) (domain.CountLine, error) {
		var l domain.CountLine
		var counted, expected *int
		err := r.Scan(&l.Article, &l.ArticleName, &l.UnitOfMeasure, &l.Individual, &l.Location, &counted, &expected)
		if counted != nil {
			l.Counted, l.IsCounted = *counted, true
		}
		if expected != nil {
			l.Expected = *expected
		}
		return l, err
	}, `SELECT l.article_number, a.name, a.unit_of_measure, a.individual, l.location, l.counted, l.expected
		FROM count_lines l JOIN articles a ON a.number = l.article_number WHERE l.session_id = ? ORDER BY l.location, l.article_number`, id)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(c.Lines, func(a, b domain.CountLine) int { return domain.CompareLocations(a.Location, b.Location) })
	rows, err := q.Query(ctx, `SELECT article_number, code, COALESCE(unit_number, ''), outcome FROM count_units WHERE session_id = ?
		ORDER BY article_number, outcome, code`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var article string
		var u domain.CountUnit
		if err := rows.Scan(&article, &u.Code, &u.Unit, &u.Outcome); err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(c.Lines, func(l domain.CountLine) bool { return l.Article == article }); i >= 0 {
			c.Lines[i].Units = append(c.Lines[i].Units, u)
		}
	}
	return c, unavailable(rows.Err())
}

// SetCountLine records what was counted of an article on an open count: the
// quantity, and the units found (replacing those entered before).
func (q *Q) SetCountLine(ctx context.Context, id int64, article string, counted int, units []domain.CountUnit) error {
	n, err := q.ExecAffected(ctx, `UPDATE count_lines SET counted = ? WHERE session_id = ? AND article_number = ?
		AND EXISTS (SELECT 1 FROM count_sessions c WHERE c.id = count_lines.session_id AND c.status = 'open')`, counted, id, article)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Inventering %d ändrades samtidigt av någon annan.", id)
	}
	return q.setCountUnits(ctx, id, article, units)
}

func (q *Q) setCountUnits(ctx context.Context, id int64, article string, units []domain.CountUnit) error {
	if _, err := q.Exec(ctx, "DELETE FROM count_units WHERE session_id = ? AND article_number = ?", id, article); err != nil {
		return err
	}
	for _, u := range units {
		if _, err := q.Exec(ctx, "INSERT INTO count_units (session_id, article_number, code, unit_number, outcome) VALUES (?, ?, ?, ?, ?)",
			id, article, u.Code, nullString(u.Unit), u.Outcome); err != nil {
			return err
		}
	}
	return nil
}

// SetCountOutcome records on an approved count's line what the system had
// and each unit's outcome (found, extra or missing).
func (q *Q) SetCountOutcome(ctx context.Context, id int64, article string, expected int, units []domain.CountUnit) error {
	if _, err := q.Exec(ctx, "UPDATE count_lines SET expected = ? WHERE session_id = ? AND article_number = ?", expected, id, article); err != nil {
		return err
	}
	return q.setCountUnits(ctx, id, article, units)
}

// LockCountSession locks a count for its entry, approval or cancelling, so
// that they follow one another.
func (q *Q) LockCountSession(ctx context.Context, id int64) error {
	var status string
	return q.Get(ctx, "SELECT status FROM count_sessions WHERE id = ?"+q.ForUpdate(), []any{id}, &status)
}

// CloseCountSession approves or cancels an open count; one that is no longer
// open (another user closed it first) is a conflict.
func (q *Q) CloseCountSession(ctx context.Context, id int64, status, username string, now time.Time) error {
	n, err := q.ExecAffected(ctx, "UPDATE count_sessions SET status = ?, closed_at = ?, closed_by = ? WHERE id = ? AND status = 'open'",
		status, domain.FormatTimestamp(now), username, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Inventering %d är redan avslutad.", id)
	}
	return nil
}

// FindCountStock returns what the system has of an article at a warehouse:
// on hand, reserved, and its units in stock or picked there; lock locks the
// stock row for the approval that compares the count with it.
func (q *Q) FindCountStock(ctx context.Context, warehouse, article string, lock bool) (domain.CountStock, error) {
	var st domain.CountStock
	forUpdate := ""
	if lock {
		forUpdate = q.ForUpdate()
	}
	err := q.Get(ctx, "SELECT on_hand, reserved FROM stock WHERE warehouse = ? AND article_number = ?"+forUpdate,
		[]any{warehouse, article}, &st.OnHand, &st.Reserved)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return st, err
	}
	st.Units, err = queryAll(ctx, q, func(r rowScanner) (domain.CountedUnit, error) {
		var u domain.CountedUnit
		var status string
		err := r.Scan(&u.Number, &status)
		u.Reserved = status == "reserved"
		return u, err
	}, `SELECT number, status FROM units WHERE article_number = ? AND warehouse = ? AND status IN ('in_stock', 'reserved') ORDER BY number`,
		article, warehouse)
	return st, err
}

// AdjustOnHand changes on hand by the movement's quantity, up or down (never
// below what is reserved), and journals it.
func (q *Q) AdjustOnHand(ctx context.Context, m domain.JournalRow, now time.Time) error {
	if m.OnHandDelta >= 0 {
		return q.putOnHand(ctx, m, now)
	}
	if err := q.takeOnHand(ctx, m.Warehouse, m.Article, -m.OnHandDelta); err != nil {
		return err
	}
	return q.addMovement(ctx, m, now)
}

// WriteOffUnit writes off a unit in stock that a count did not find: it is
// scrapped (avskriven), leaves on hand and its history says why.
func (q *Q) WriteOffUnit(ctx context.Context, number, warehouse, ref, username string, now time.Time) error {
	u, err := q.FindStockUnit(ctx, number)
	if err != nil {
		return err
	}
	n, err := q.ExecAffected(ctx, "UPDATE units SET status = 'scrapped', status_date = ? WHERE number = ? AND warehouse = ? AND status = 'in_stock'",
		domain.FormatDate(domain.DateOf(now)), number, warehouse)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Individ %s ändrades samtidigt av någon annan.", number)
	}
	if err := q.AdjustOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: u.Article, Unit: number, OnHandDelta: -1,
		Reason: "count", Reference: ref, User: username}, now); err != nil {
		return err
	}
	return q.AddUnitEvent(ctx, number, "lost", "Saknades vid inventering i lager "+warehouse+" och är avskriven", ref, username, now)
}

// RestoreUnit puts a scrapped unit that a count found back in stock at the
// warehouse.
func (q *Q) RestoreUnit(ctx context.Context, number, warehouse, ref, username string, now time.Time) error {
	u, err := q.FindStockUnit(ctx, number)
	if err != nil {
		return err
	}
	today := domain.FormatDate(domain.DateOf(now))
	n, err := q.ExecAffected(ctx, "UPDATE units SET status = 'in_stock', warehouse = ?, status_date = ?, fifo_date = ? WHERE number = ? AND status = 'scrapped'",
		warehouse, today, today, number)
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Errorf(domain.EConflict, "Individ %s ändrades samtidigt av någon annan.", number)
	}
	if err := q.AdjustOnHand(ctx, domain.JournalRow{Warehouse: warehouse, Article: u.Article, Unit: number, OnHandDelta: 1,
		Reason: "count", Reference: ref, User: username}, now); err != nil {
		return err
	}
	return q.AddUnitEvent(ctx, number, "found", "Återfunnen vid inventering i lager "+warehouse, ref, username, now)
}
