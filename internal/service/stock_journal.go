package service

import (
	"context"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
)

// The stock journal (SPEC §10.9 Journal): every movement of stock — receipts,
// reservations, deliveries, moves, counts, returns, spare parts — as the store
// wrote it, newest first, for the warehouse and the admin.

// JournalPageSize is how many movements a page of the journal shows.
const JournalPageSize = 100

// JournalQuery is what the journal is filtered by; every field is optional.
// Unit takes a unit or a serial number; From and To are dates (YYYY-MM-DD), both
// inclusive; Type is a movement type (domain.MovementTypes).
type JournalQuery struct {
	Article, Unit, Warehouse, Type, From, To string
	Page                                     int // from 1
}

// StockJournal is one page of the journal.
type StockJournal struct {
	Movements []domain.StockMovement
	Unit      string // the unit filtered by, when a serial number named it
	Page      int
	More      bool // there is a next page
}

// StockJournal lists the movements that match the query.
func (s *Service) StockJournal(ctx context.Context, a *Actor, in JournalQuery) (*StockJournal, error) {
	if err := a.Require(stockRoles...); err != nil {
		return nil, err
	}
	f := domain.MovementFilter{Article: strings.TrimSpace(in.Article), Warehouse: strings.TrimSpace(in.Warehouse), Reason: in.Type}
	fe := fieldErrors{}
	if f.Reason != "" && !slices.Contains(domain.MovementTypes, f.Reason) {
		fe.addf("type", "Det finns ingen typ av lagerhändelse %s.", f.Reason)
	}
	from, to := parseOptDate(in.From, "from", fe), parseOptDate(in.To, "to", fe)
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		fe.add("from", "Från och med kan inte vara senare än till och med.")
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	if !from.IsZero() {
		f.From = domain.SwedishMidnight(from)
	}
	if !to.IsZero() {
		f.To = domain.SwedishMidnight(to.AddDate(0, 0, 1))
	}
	q := s.db.Read()
	if f.Article != "" {
		ok, err := q.ArticleExists(ctx, f.Article)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, domain.Invalidf("article", "Artikel %s finns inte.", f.Article)
		}
	}
	if u := strings.TrimSpace(in.Unit); u != "" {
		unit, err := unitOfCode(ctx, q, u)
		if err != nil {
			return nil, err
		}
		f.Unit = unit
	}
	page := max(in.Page, 1)
	f.Limit, f.Offset = JournalPageSize+1, (page-1)*JournalPageSize
	ms, err := q.FindStockMovements(ctx, f)
	if err != nil {
		return nil, err
	}
	j := &StockJournal{Movements: ms, Unit: f.Unit, Page: page}
	if len(ms) > JournalPageSize {
		j.Movements, j.More = ms[:JournalPageSize], true
	}
	return j, nil
}
