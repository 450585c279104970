package store

import (
	"context"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
)

// Compatibility of components and accessory suggestions (SPEC §10.11).

// FindFitParts loads the fit data of articles (name, ISO code, side, size and the
// main articles each fits) in one query; an unknown article is left out.
func (q *Q) FindFitParts(ctx context.Context, articles []string) (map[string]domain.FitPart, error) {
	out := map[string]domain.FitPart{}
	if len(articles) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT a.number, a.name, a.iso_code, a.fit_side, a.size, COALESCE(f.main_article, '')
		FROM articles a LEFT JOIN article_fits f ON f.article_number = a.number
		WHERE a.number IN (`+Placeholders(len(articles))+`) ORDER BY a.number, f.main_article`, withStrings(nil, articles)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p domain.FitPart
		var side, main string
		if err := rows.Scan(&p.Article, &p.Name, &p.ISOCode, &side, &p.Size, &main); err != nil {
			return nil, err
		}
		if prev, ok := out[p.Article]; ok {
			p.Fits = prev.Fits
		}
		p.Side = domain.Side(side)
		if main != "" {
			p.Fits = append(p.Fits, main)
		}
		out[p.Article] = p
	}
	return out, rows.Err()
}

// FindArticleFits lists the main articles an article fits, with their names.
func (q *Q) FindArticleFits(ctx context.Context, number string) ([]domain.ArticleListItem, error) {
	return q.articleList(ctx, `SELECT f.main_article, a.name, 1 FROM article_fits f JOIN articles a ON a.number = f.main_article
		WHERE f.article_number = ? ORDER BY f.main_article`, number)
}

// SetArticleFits replaces the main articles an article fits.
func (q *Q) SetArticleFits(ctx context.Context, number string, mains []string) error {
	if _, err := q.Exec(ctx, "DELETE FROM article_fits WHERE article_number = ?", number); err != nil {
		return err
	}
	for _, m := range mains {
		if _, err := q.Exec(ctx, "INSERT INTO article_fits (article_number, main_article) VALUES (?, ?) ON CONFLICT DO NOTHING", number, m); err != nil {
			return err
		}
	}
	return nil
}

// FindUnitConfiguration lists the articles a unit carries, one entry per piece:
// the components attached to it and those ordered for it (Kompl. individ) that
// are still on their way.
func (q *Q) FindUnitConfiguration(ctx context.Context, unit string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT article_number, quantity FROM unit_components WHERE unit_number = ? AND removed_at IS NULL
		UNION ALL
		SELECT l.article_number, l.quantity FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE l.complement_unit = ? AND l.status = 'open' AND o.status IN ('registered', 'partly_delivered')`, unit, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, err
		}
		for range n {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// AddAccessoryPairs adds to the counts of accessories ordered with main
// articles, in one statement. The rows go in key order, so two orders that
// count the same pairs lock them in the same order (PostgreSQL).
func (q *Q) AddAccessoryPairs(ctx context.Context, pairs []domain.AccessoryPair) error {
	if len(pairs) == 0 {
		return nil
	}
	sum := map[[3]string]int{}
	for _, p := range pairs {
		sum[[3]string{p.Main, p.Month, p.Accessory}] += p.Count
	}
	keys := make([][3]string, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [3]string) int {
		return strings.Compare(a[0]+"\x00"+a[1]+"\x00"+a[2], b[0]+"\x00"+b[1]+"\x00"+b[2])
	})
	var sb strings.Builder
	args := make([]any, 0, 4*len(keys))
	for i, k := range keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, ?, ?)")
		args = append(args, k[0], k[1], k[2], sum[k])
	}
	return q.execLater(ctx, `INSERT INTO accessory_pairs (main_article, month, accessory_article, count) VALUES `+sb.String()+`
		ON CONFLICT (main_article, month, accessory_article) DO UPDATE SET count = accessory_pairs.count + excluded.count`, args...)
}

// FindAccessorySuggestions lists the accessories most often ordered with an
// article from a month (YYYY-MM) on, the most often first: one range scan of
// the article's counts.
func (q *Q) FindAccessorySuggestions(ctx context.Context, article, fromMonth string, limit int) ([]domain.Suggestion, error) {
	rows, err := q.Query(ctx, `SELECT p.accessory_article, a.name, p.n FROM (
			SELECT accessory_article, SUM(count) AS n FROM accessory_pairs WHERE main_article = ? AND month >= ?
			GROUP BY accessory_article) p
		JOIN articles a ON a.number = p.accessory_article
		ORDER BY p.n DESC, p.accessory_article LIMIT ?`, article, fromMonth, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Suggestion{}
	for rows.Next() {
		var s domain.Suggestion
		if err := rows.Scan(&s.Article, &s.Name, &s.Count); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RebuildAccessoryPairs counts the accessories of every placed order again, as
// migration 0038 did for the orders before it: for data loaded without the order
// path (the demo and the scale data set).
func (q *Q) RebuildAccessoryPairs(ctx context.Context) error {
	if _, err := q.Exec(ctx, "DELETE FROM accessory_pairs"); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO accessory_pairs (main_article, month, accessory_article, count)
		SELECT main_article, month, accessory_article, COUNT(*) FROM (
			SELECT m.article_number AS main_article, substr(o.registered_at, 1, 7) AS month, c.article_number AS accessory_article
			FROM order_lines c JOIN order_lines m ON m.id = c.parent_line_id JOIN orders o ON o.id = c.order_id
			WHERE c.from_base_config = FALSE AND o.registered_at IS NOT NULL
			UNION ALL
			SELECT u.article_number, substr(o.registered_at, 1, 7), l.article_number
			FROM order_lines l JOIN units u ON u.number = l.complement_unit JOIN orders o ON o.id = l.order_id
			WHERE l.parent_line_id IS NULL AND o.registered_at IS NOT NULL
		) p GROUP BY main_article, month, accessory_article`)
	return err
}
