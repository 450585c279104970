package store

import (
	"context"
	"hjalpmedel/internal/domain"
	"strings"
	"time"
)

const catalogArticleColumns = `a.number, a.name, a.unit_of_measure, a.iso_code, COALESCE(a.supplier_id, 0), COALESCE(s.name, ''),
	a.supplier_article_number, a.product, a.product_name, a.status, a.in_assortment, a.individual, a.purpose,
	a.depreciation_months, a.service_level, a.responsibility, a.vision_aid, a.not_orderable, a.not_orderable_text,
	a.lead_time_days, a.inspection_months, a.description, a.fit_side, a.size, a.created_at, a.updated_at`

func scanCatalogArticle(r rowScanner) (*domain.CatalogArticle, error) {
	var a domain.CatalogArticle
	var created, updated, side string
	err := r.Scan(&a.Number, &a.Name, &a.UnitOfMeasure, &a.ISOCode, &a.SupplierID, &a.SupplierName,
		&a.SupplierArticleNumber, &a.Product, &a.ProductName, &a.Status, &a.InAssortment, &a.Individual, &a.Purpose,
		&a.DepreciationMonths, &a.ServiceLevel, &a.Responsibility, &a.VisionAid, &a.NotOrderable, &a.NotOrderableText,
		&a.LeadTimeDays, &a.InspectionMonths, &a.Description, &side, &a.Size, &created, &updated)
	if err != nil {
		return nil, mapError(err)
	}
	a.FitSide = domain.Side(side)
	a.CreatedAt, a.UpdatedAt = domain.ParseTimestamp(created), domain.ParseTimestamp(updated)
	return &a, nil
}

// FindCatalogArticle finds an article by number with every field.
func (q *Q) FindCatalogArticle(ctx context.Context, number string) (*domain.CatalogArticle, error) {
	return scanCatalogArticle(q.QueryRow(ctx, `SELECT `+catalogArticleColumns+` FROM articles a
		LEFT JOIN suppliers s ON s.id = a.supplier_id WHERE a.number = ?`, number))
}

// FindCatalogArticlesByNumber loads articles by number in one query (unknown
// numbers are absent).
func (q *Q) FindCatalogArticlesByNumber(ctx context.Context, numbers []string) (map[string]*domain.CatalogArticle, error) {
	out := map[string]*domain.CatalogArticle{}
	if len(numbers) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT `+catalogArticleColumns+` FROM articles a
		LEFT JOIN suppliers s ON s.id = a.supplier_id WHERE a.number IN (`+Placeholders(len(numbers))+`)`, withStrings(nil, numbers)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanCatalogArticle(rows)
		if err != nil {
			return nil, err
		}
		out[a.Number] = a
	}
	return out, rows.Err()
}

// ExistingISOClasses tells which of the ISO codes exist, in one query.
func (q *Q) ExistingISOClasses(ctx context.Context, codes []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(codes) == 0 {
		return out, nil
	}
	found, err := q.Strings(ctx, "SELECT code FROM iso_classes WHERE code IN ("+Placeholders(len(codes))+")", withStrings(nil, codes)...)
	for _, c := range found {
		out[c] = true
	}
	return out, err
}

// FindCatalogArticles lists articles by number, or by name words.
func (q *Q) FindCatalogArticles(ctx context.Context, f domain.CatalogFilter) ([]domain.CatalogArticle, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	where, args := "1=1", []any{}
	if t := strings.TrimSpace(f.Text); t != "" {
		conds := []string{"(a.number >= ? AND a.number < ?)"}
		args = append(args, t, PrefixEnd(t))
		words := domain.Words(t)
		if len(words) > 0 {
			var wc []string
			for _, w := range words {
				wc = append(wc, "EXISTS (SELECT 1 FROM article_words aw WHERE aw.article_number = a.number AND aw.word >= ? AND aw.word < ?)")
				args = append(args, w, PrefixEnd(w))
			}
			conds = append(conds, "("+strings.Join(wc, " AND ")+")")
		}
		where = "(" + strings.Join(conds, " OR ") + ")"
	}
	args = append(args, f.Limit)
	rows, err := q.Query(ctx, `SELECT `+catalogArticleColumns+` FROM articles a
		LEFT JOIN suppliers s ON s.id = a.supplier_id WHERE `+where+` ORDER BY a.number LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CatalogArticle
	for rows.Next() {
		a, err := scanCatalogArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// InsertCatalogArticle creates an article and its search words.
func (q *Q) InsertCatalogArticle(ctx context.Context, a *domain.CatalogArticle, now time.Time) error {
	_, err := q.Exec(ctx, `INSERT INTO articles (number, name, name_folded, unit_of_measure, iso_code, supplier_id,
		supplier_article_number, product, product_name, status, in_assortment, individual, purpose, depreciation_months,
		service_level, responsibility, vision_aid, not_orderable, not_orderable_text, lead_time_days, inspection_months,
		description, fit_side, size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Number, a.Name, domain.Fold(a.Name), a.UnitOfMeasure, a.ISOCode, nullInt(a.SupplierID), a.SupplierArticleNumber,
		a.Product, a.ProductName, a.Status, a.InAssortment, a.Individual, a.Purpose, a.DepreciationMonths,
		a.ServiceLevel, a.Responsibility, a.VisionAid, a.NotOrderable, a.NotOrderableText, a.LeadTimeDays,
		a.InspectionMonths, a.Description, string(a.FitSide), a.Size, domain.FormatTimestamp(now), domain.FormatTimestamp(now))
	if err != nil {
		return err
	}
	return q.SetArticleWords(ctx, a.Number, a.Name, a.Product, a.ProductName)
}

// UpdateCatalogArticle saves every field of an article, and its search words
// when its name, product or product name changed (a supplier's catalogue
// update mostly changes neither: a 10,000-row import then rewrites no words).
func (q *Q) UpdateCatalogArticle(ctx context.Context, a *domain.CatalogArticle, now time.Time) error {
	var months int
	var name, product, productName string
	// Locked on PostgreSQL, so that the words skipped are those of the name as
	// this transaction read it.
	if err := q.Get(ctx, "SELECT depreciation_months, name, product, product_name FROM articles WHERE number = ?"+q.ForUpdate(),
		[]any{a.Number}, &months, &name, &product, &productName); err != nil {
		return err
	}
	if err := q.ensureDepreciationChangeOpen(ctx, a.Number, months, a.DepreciationMonths); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `UPDATE articles SET name = ?, name_folded = ?, unit_of_measure = ?, iso_code = ?,
		supplier_id = ?, supplier_article_number = ?, product = ?, product_name = ?, status = ?, in_assortment = ?,
		individual = ?, purpose = ?, depreciation_months = ?, service_level = ?, responsibility = ?, vision_aid = ?,
		not_orderable = ?, not_orderable_text = ?, lead_time_days = ?, inspection_months = ?, description = ?,
		fit_side = ?, size = ?, updated_at = ? WHERE number = ?`,
		a.Name, domain.Fold(a.Name), a.UnitOfMeasure, a.ISOCode, nullInt(a.SupplierID), a.SupplierArticleNumber, a.Product,
		a.ProductName, a.Status, a.InAssortment, a.Individual, a.Purpose, a.DepreciationMonths, a.ServiceLevel,
		a.Responsibility, a.VisionAid, a.NotOrderable, a.NotOrderableText, a.LeadTimeDays, a.InspectionMonths, a.Description,
		string(a.FitSide), a.Size, domain.FormatTimestamp(now), a.Number); err != nil {
		return err
	}
	if name == a.Name && product == a.Product && productName == a.ProductName {
		return nil
	}
	return q.SetArticleWords(ctx, a.Number, a.Name, a.Product, a.ProductName)
}

// ArticleExists reports whether an article number exists.
func (q *Q) ArticleExists(ctx context.Context, number string) (bool, error) {
	var n int
	err := q.Get(ctx, "SELECT COUNT(*) FROM articles WHERE number = ?", []any{number}, &n)
	return n > 0, err
}

// ISOClassExists reports whether an ISO code exists.
func (q *Q) ISOClassExists(ctx context.Context, code string) (bool, error) {
	found, err := q.ExistingISOClasses(ctx, []string{code})
	return found[code], err
}

// FindSuppliers lists every supplier by name.
func (q *Q) FindSuppliers(ctx context.Context) ([]domain.Supplier, error) {
	rows, err := q.Query(ctx, "SELECT id, name, phone, email FROM suppliers ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Supplier
	for rows.Next() {
		var s domain.Supplier
		if err := rows.Scan(&s.ID, &s.Name, &s.Phone, &s.Email); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FindSupplierByName finds a supplier by its name, case-insensitively.
func (q *Q) FindSupplierByName(ctx context.Context, name string) (*domain.Supplier, error) {
	var s domain.Supplier
	err := q.Get(ctx, "SELECT id, name, phone, email FROM suppliers WHERE LOWER(name) = LOWER(?)", []any{strings.TrimSpace(name)},
		&s.ID, &s.Name, &s.Phone, &s.Email)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// FindSupplierByID finds a supplier by id.
func (q *Q) FindSupplierByID(ctx context.Context, id int64) (*domain.Supplier, error) {
	var s domain.Supplier
	err := q.Get(ctx, "SELECT id, name, phone, email FROM suppliers WHERE id = ?", []any{id}, &s.ID, &s.Name, &s.Phone, &s.Email)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateSupplier adds a supplier.
func (q *Q) CreateSupplier(ctx context.Context, s domain.Supplier) (int64, error) {
	return q.Insert(ctx, "INSERT INTO suppliers (name, phone, email) VALUES (?, ?, ?)", strings.TrimSpace(s.Name), s.Phone, s.Email)
}

// FindArticlePrices lists an article's prices, newest valid-from first.
func (q *Q) FindArticlePrices(ctx context.Context, number string) ([]domain.ArticlePrice, error) {
	prices, err := q.FindPricesOfArticles(ctx, []string{number})
	return prices[number], err
}

// FindPricesOfArticles lists the prices of articles in one query, each
// article's by kind, newest valid-from first.
func (q *Q) FindPricesOfArticles(ctx context.Context, numbers []string) (map[string][]domain.ArticlePrice, error) {
	out := map[string][]domain.ArticlePrice{}
	if len(numbers) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, `SELECT article_number, id, kind, amount_ore, valid_from, created_at, created_by FROM article_prices
		WHERE article_number IN (`+Placeholders(len(numbers))+`) ORDER BY article_number, kind, valid_from DESC`, withStrings(nil, numbers)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var number, vf, ca string
		var p domain.ArticlePrice
		if err := rows.Scan(&number, &p.ID, &p.Kind, &p.Amount, &vf, &ca, &p.CreatedBy); err != nil {
			return nil, err
		}
		p.ValidFrom, p.CreatedAt = domain.ParseDate(vf), domain.ParseTimestamp(ca)
		out[number] = append(out[number], p)
	}
	return out, rows.Err()
}

// InsertArticlePrice adds a price valid from a date; a second price of the same kind
// from the same date is a conflict (the history is kept, not overwritten).
func (q *Q) InsertArticlePrice(ctx context.Context, number string, p domain.ArticlePrice, now time.Time) (int64, error) {
	if err := q.EnsureOpen(ctx, p.ValidFrom, domain.Term("Prisets startdatum")); err != nil {
		return 0, err
	}
	return q.Insert(ctx, `INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?)`, number, p.Kind, p.Amount, domain.FormatDate(p.ValidFrom), domain.FormatTimestamp(now), p.CreatedBy)
}

// FindBaseConfiguration lists an article's base configuration (grundutförande) in order.
func (q *Q) FindBaseConfiguration(ctx context.Context, number string) ([]domain.ArticleListItem, error) {
	return q.articleList(ctx, `SELECT b.component_number, a.name, b.quantity FROM article_base_components b
		JOIN articles a ON a.number = b.component_number WHERE b.article_number = ? ORDER BY b.position`, number)
}

func (q *Q) articleList(ctx context.Context, query string, args ...any) ([]domain.ArticleListItem, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ArticleListItem
	for rows.Next() {
		var it domain.ArticleListItem
		if err := rows.Scan(&it.Article, &it.Name, &it.Quantity); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// SetBaseComponents replaces an article's base configuration.
func (q *Q) SetBaseComponents(ctx context.Context, number string, items []domain.ArticleListItem) error {
	if _, err := q.Exec(ctx, "DELETE FROM article_base_components WHERE article_number = ?", number); err != nil {
		return err
	}
	for i, it := range items {
		if _, err := q.Exec(ctx, `INSERT INTO article_base_components (article_number, position, component_number, quantity)
			VALUES (?, ?, ?, ?)`, number, i+1, it.Article, it.Quantity); err != nil {
			return err
		}
	}
	return nil
}

// FindCatalogTemplates lists an article's accessory templates with their items.
func (q *Q) FindCatalogTemplates(ctx context.Context, number string) ([]domain.CatalogTemplate, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM accessory_templates WHERE article_number = ? ORDER BY id", number)
	if err != nil {
		return nil, err
	}
	var out []domain.CatalogTemplate
	for rows.Next() {
		var t domain.CatalogTemplate
		if err := rows.Scan(&t.ID, &t.Name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Items, err = q.articleList(ctx, `SELECT i.component_number, a.name, 1 FROM accessory_template_items i
			JOIN articles a ON a.number = i.component_number WHERE i.template_id = ? ORDER BY i.position`, out[i].ID)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetAccessoryTemplates replaces an article's accessory templates.
func (q *Q) SetAccessoryTemplates(ctx context.Context, number string, templates []domain.CatalogTemplate) error {
	if _, err := q.Exec(ctx, `DELETE FROM accessory_template_items WHERE template_id IN
		(SELECT id FROM accessory_templates WHERE article_number = ?)`, number); err != nil {
		return err
	}
	if _, err := q.Exec(ctx, "DELETE FROM accessory_templates WHERE article_number = ?", number); err != nil {
		return err
	}
	for _, t := range templates {
		id, err := q.Insert(ctx, "INSERT INTO accessory_templates (article_number, name) VALUES (?, ?)", number, t.Name)
		if err != nil {
			return err
		}
		for i, it := range t.Items {
			if _, err := q.Exec(ctx, "INSERT INTO accessory_template_items (template_id, position, component_number) VALUES (?, ?, ?)",
				id, i+1, it.Article); err != nil {
				return err
			}
		}
	}
	return nil
}

// FindReplacementChains lists every chain with its articles.
func (q *Q) FindReplacementChains(ctx context.Context) ([]domain.ReplacementChain, error) {
	rows, err := q.Query(ctx, "SELECT id, name FROM replacement_chains ORDER BY id")
	if err != nil {
		return nil, err
	}
	var out []domain.ReplacementChain
	for rows.Next() {
		var c domain.ReplacementChain
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Articles, err = q.chainArticles(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (q *Q) chainArticles(ctx context.Context, id int64) ([]domain.ArticleListItem, error) {
	return q.articleList(ctx, `SELECT c.article_number, a.name, 1 FROM replacement_chain_articles c
		JOIN articles a ON a.number = c.article_number WHERE c.chain_id = ? ORDER BY c.position`, id)
}

// FindReplacementChain finds a chain by id.
func (q *Q) FindReplacementChain(ctx context.Context, id int64) (*domain.ReplacementChain, error) {
	var c domain.ReplacementChain
	if err := q.Get(ctx, "SELECT id, name FROM replacement_chains WHERE id = ?", []any{id}, &c.ID, &c.Name); err != nil {
		return nil, err
	}
	var err error
	c.Articles, err = q.chainArticles(ctx, id)
	return &c, err
}

// SaveReplacementChain creates (ID 0) or replaces a chain; an article can be in one chain only.
func (q *Q) SaveReplacementChain(ctx context.Context, c *domain.ReplacementChain) error {
	if c.ID == 0 {
		id, err := q.Insert(ctx, "INSERT INTO replacement_chains (name) VALUES (?)", c.Name)
		if err != nil {
			return err
		}
		c.ID = id
	} else {
		n, err := q.ExecAffected(ctx, "UPDATE replacement_chains SET name = ? WHERE id = ?", c.Name, c.ID)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if _, err := q.Exec(ctx, "DELETE FROM replacement_chain_articles WHERE chain_id = ?", c.ID); err != nil {
			return err
		}
	}
	for i, it := range c.Articles {
		if _, err := q.Exec(ctx, "INSERT INTO replacement_chain_articles (chain_id, position, article_number) VALUES (?, ?, ?)",
			c.ID, i+1, it.Article); err != nil {
			return err
		}
	}
	return nil
}

// DeleteReplacementChain removes a chain.
func (q *Q) DeleteReplacementChain(ctx context.Context, id int64) error {
	if _, err := q.Exec(ctx, "DELETE FROM replacement_chain_articles WHERE chain_id = ?", id); err != nil {
		return err
	}
	_, err := q.Exec(ctx, "DELETE FROM replacement_chains WHERE id = ?", id)
	return err
}

// PutArticleFile stores (or replaces) an article's picture or manual.
func (q *Q) PutArticleFile(ctx context.Context, number string, f domain.ArticleFile, now time.Time) error {
	if _, err := q.Exec(ctx, "DELETE FROM article_files WHERE article_number = ? AND kind = ?", number, f.Kind); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO article_files (article_number, kind, filename, content_type, data, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, number, f.Kind, f.Filename, f.ContentType, f.Data, domain.FormatTimestamp(now))
	return err
}

// FindArticleFile returns an article's picture or manual with its content.
func (q *Q) FindArticleFile(ctx context.Context, number, kind string) (*domain.ArticleFile, error) {
	var f domain.ArticleFile
	var at string
	err := q.Get(ctx, `SELECT kind, filename, content_type, data, uploaded_at FROM article_files
		WHERE article_number = ? AND kind = ?`, []any{number, kind}, &f.Kind, &f.Filename, &f.ContentType, &f.Data, &at)
	if err != nil {
		return nil, err
	}
	f.UploadedAt, f.Size = domain.ParseTimestamp(at), len(f.Data)
	return &f, nil
}

// FindArticleFileInfo lists which files an article has, without their content.
func (q *Q) FindArticleFileInfo(ctx context.Context, number string) ([]domain.ArticleFile, error) {
	rows, err := q.Query(ctx, `SELECT kind, filename, content_type, LENGTH(data), uploaded_at FROM article_files
		WHERE article_number = ? ORDER BY kind`, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ArticleFile
	for rows.Next() {
		var f domain.ArticleFile
		var at string
		if err := rows.Scan(&f.Kind, &f.Filename, &f.ContentType, &f.Size, &at); err != nil {
			return nil, err
		}
		f.UploadedAt = domain.ParseTimestamp(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

func domainConflict(msg string) error { return domain.Errorf(domain.EConflict, "%s", msg) }
