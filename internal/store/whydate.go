package store

import (
	"context"
	"encoding/json"
	"slices"
	"sync"

	"hjalpmedel/internal/domain"
)

// Why this date (SPEC §10.11): a line's reasons as stored, and the stock and
// local stores that could serve a waiting line sooner.

type dateReasons struct {
	Dispatch []domain.Formatted `json:"dispatch,omitempty"`
	Arrival  []domain.Formatted `json:"arrival,omitempty"`
}

// dateReasonsJSON is a line's reasons as stored ("" for none): what
// encoding/json writes of dateReasons, appended by hand.
func dateReasonsJSON(l *domain.OrderLine) string {
	if len(l.DispatchBecause) == 0 && len(l.ArrivalBecause) == 0 {
		return ""
	}
	b := make([]byte, 0, 512)
	b = append(b, '{')
	var err error
	for _, part := range []struct {
		key string
		fs  []domain.Formatted
	}{{`"dispatch":[`, l.DispatchBecause}, {`"arrival":[`, l.ArrivalBecause}} {
		if len(part.fs) == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, part.key...)
		for i, f := range part.fs {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = f.AppendJSON(b); err != nil {
				return "" // a reason's arguments are text and numbers: unreachable
			}
		}
		b = append(b, ']')
	}
	return string(append(b, '}'))
}

// readReasons keeps the reasons read by their stored text: the lines planned
// on one day share a few texts, and decoding one is most of what reading an
// order line costs. The values are shared, so no one changes them (Because
// copies). Bounded: it starts afresh when full.
var readReasons struct {
	sync.RWMutex
	m map[string]dateReasons
}

const readReasonsMax = 4096

// readDateReasons reads what dateReasonsJSON wrote; a line planned before
// reasons were kept has none.
func readDateReasons(s string) (dispatch, arrival []domain.Formatted) {
	if s == "" {
		return nil, nil
	}
	readReasons.RLock()
	r, ok := readReasons.m[s]
	readReasons.RUnlock()
	if ok {
		return r.Dispatch, r.Arrival
	}
	if json.Unmarshal([]byte(s), &r) != nil {
		return nil, nil
	}
	r.Dispatch, r.Arrival = slices.Clip(r.Dispatch), slices.Clip(r.Arrival)
	readReasons.Lock()
	if len(readReasons.m) >= readReasonsMax || readReasons.m == nil {
		readReasons.m = make(map[string]dateReasons, readReasonsMax)
	}
	readReasons.m[s] = r
	readReasons.Unlock()
	return r.Dispatch, r.Arrival
}

// FindStockAlternatives lists the stock that could serve a line sooner: the
// article at other warehouses and orderable stocked articles of its ISO class
// at the line's warehouse, each with quantity to promise.
func (q *Q) FindStockAlternatives(ctx context.Context, article, warehouse string, quantity int) ([]domain.StockBalance, error) {
	return queryAll(ctx, q, func(sc rowScanner) (domain.StockBalance, error) {
		var b domain.StockBalance
		err := sc.Scan(&b.Warehouse, &b.WarehouseName, &b.Article, &b.ArticleName, &b.Individual, &b.OnHand, &b.Reserved)
		return b, err
	}, `SELECT stock.warehouse, w.name, stock.article_number, a.name, a.individual, stock.on_hand, stock.reserved
		FROM (
			-- The article at other warehouses (stock_article), and the stocked
			-- articles of its ISO class at this one (articles_iso, then the
			-- stock's key): two index searches, not a scan of all stock with
			-- its blocked units counted row by row.
			SELECT s.warehouse, s.article_number FROM stock s WHERE s.article_number = ? AND s.warehouse <> ?
			UNION ALL
			SELECT s.warehouse, s.article_number FROM articles c JOIN stock s ON s.warehouse = ? AND s.article_number = c.number
			WHERE c.iso_code = (SELECT iso_code FROM articles WHERE number = ?) AND c.number <> ?
				AND c.status = 'stocked' AND c.in_assortment AND NOT c.not_orderable
		) x
		JOIN stock ON stock.warehouse = x.warehouse AND stock.article_number = x.article_number
		JOIN warehouses w ON w.number = stock.warehouse JOIN articles a ON a.number = stock.article_number
		WHERE `+q.unblocked()+` >= ?
		ORDER BY stock.warehouse = ? DESC, stock.article_number, stock.warehouse LIMIT ?`,
		article, warehouse, warehouse, article, article, quantity, warehouse, domain.MaxAlternatives*2)
}

// FindLocalStoreAlternatives lists current holdings of the article, or of its
// ISO class, in the own stores (närförråd) of customers: hand-out candidates.
func (q *Q) FindLocalStoreAlternatives(ctx context.Context, customers []string, article string, quantity int) ([]domain.AlternativeCandidate, error) {
	if len(customers) == 0 {
		return nil, nil
	}
	args := withStrings(nil, customers)
	args = append(args, quantity, article, article, domain.MaxAlternatives)
	return queryAll(ctx, q, func(sc rowScanner) (domain.AlternativeCandidate, error) {
		c := domain.AlternativeCandidate{Kind: domain.AltLocalStore}
		err := sc.Scan(&c.Holding, &c.Customer, &c.Where, &c.Article, &c.Name)
		return c, err
	}, `SELECT h.id, c.number, c.name, h.article_number, a.name
		FROM holdings h JOIN customers c ON c.number = h.recipient_customer JOIN articles a ON a.number = h.article_number
		WHERE h.recipient_customer IN (`+Placeholders(len(customers))+`) AND c.local_store AND h.end_date IS NULL
			AND h.attached_unit IS NULL AND h.quantity >= ?
			AND (h.unit_number IS NULL OR NOT EXISTS (SELECT 1 FROM units u WHERE u.number = h.unit_number AND u.blocked))
			AND (h.article_number = ? OR a.iso_code = (SELECT iso_code FROM articles WHERE number = ?))
		ORDER BY h.article_number, h.id LIMIT ?`, args...)
}
