package service

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"hjalpmedel/internal/csvsafe"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Catalogue import and export as CSV, for bulk changes. An import is all or
// nothing: every row is checked, and when any row is wrong nothing is changed and
// the errors are listed per row. A dry run checks and reports without changing.
// The check reads the catalogue as it is when it reaches a row, outside any
// transaction, so a large file holds neither the writer nor a snapshot while it
// is read; the rows are then written a batch per short transaction, each row
// checked again against the catalogue as it is then.

// CatalogCSVColumns are the columns of the export, in order; an import needs the
// required ones and may leave out the others (left out: unchanged, or the default).
var CatalogCSVColumns = []string{"number", "name", "unitOfMeasure", "isoCode", "supplier", "supplierArticleNumber",
	"product", "productName", "status", "inAssortment", "individual", "purpose", "depreciationMonths", "serviceLevel",
	"responsibility", "visionAid", "notOrderable", "notOrderableText", "leadTimeDays", "description",
	"rentPrice", "rentValidFrom", "salePrice", "saleValidFrom", "baseConfiguration", "inspectionMonths", "fits", "side", "size"}

var catalogCSVRequired = []string{"number", "name", "unitOfMeasure", "isoCode", "supplier", "status", "purpose"}

// ExportCatalogCSV writes every article with its current prices and base configuration.
func (s *Service) ExportCatalogCSV(ctx context.Context, a *Actor) ([]byte, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	q := s.db.Read()
	arts, err := q.FindCatalogArticles(ctx, domain.CatalogFilter{Limit: 1 << 30})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csvsafe.NewWriter(&buf)
	w.Write(CatalogCSVColumns)
	b := func(v bool) string { return strconv.FormatBool(v) }
	for _, art := range arts {
		v, err := s.catalogArticleView(ctx, q, art.Number)
		if err != nil {
			return nil, err
		}
		var rp, rf, sp, sf string
		if v.RentNow != nil {
			rp, rf = domain.Ore(v.RentNow.Amount).APIString(), domain.FormatDate(v.RentNow.ValidFrom)
		}
		if v.SaleNow != nil {
			sp, sf = domain.Ore(v.SaleNow.Amount).APIString(), domain.FormatDate(v.SaleNow.ValidFrom)
		}
		var base []string
		for _, it := range v.BaseConfiguration {
			base = append(base, it.Article+":"+strconv.Itoa(it.Quantity))
		}
		var fits []string
		for _, it := range v.Fits {
			fits = append(fits, it.Article)
		}
		w.Write([]string{art.Number, art.Name, art.UnitOfMeasure, art.ISOCode, art.SupplierName, art.SupplierArticleNumber,
			art.Product, art.ProductName, art.Status, b(art.InAssortment), b(art.Individual), art.Purpose,
			strconv.Itoa(art.DepreciationMonths), art.ServiceLevel, art.Responsibility, b(art.VisionAid), b(art.NotOrderable),
			art.NotOrderableText, strconv.Itoa(art.LeadTimeDays), art.Description, rp, rf, sp, sf, strings.Join(base, "|"), strconv.Itoa(art.InspectionMonths),
			strings.Join(fits, "|"), string(art.FitSide), art.Size})
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// ImportRowError lists the problems of one row (Row counts the header as row 1).
type ImportRowError struct {
	Row      int
	Article  string
	Messages []domain.Formatted // in Swedish, by format and arguments (shown in the reader's language)
}

// ImportResult is what an import did, or would do.
type ImportResult struct {
	DryRun           bool
	Applied          bool
	Rows             int
	Created, Updated int
	Prices           int
	Errors           []ImportRowError
}

func parseCSVBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "ja", "j", "1", "yes", "x":
		return true, true
	case "false", "nej", "n", "0", "no":
		return false, true
	}
	return false, false
}

// MaxCatalogImportSize bounds a catalogue import. A larger file is refused
// whole: callers pass at most one byte more than this, never a cut file.
const MaxCatalogImportSize = 20 << 20

// defaultImportBatch is how many rows of a catalogue import one transaction
// writes. A batch holds SQLite's one writer while it runs, so everything else
// waits it out: mixed bench, jobs phase, 100 → 25 rows: orders' p99 348 →
// 265–311 ms, Hjälpmedel's 299 → 229–274 ms, the import itself 24 → 53–62 s;
// 25 → 10 rows (alternated runs, quiet machine): orders' p99 187 → 132–138 ms
// (3.4× → 2.5× the baseline's), the import 30 → 54–55 s.
const defaultImportBatch = 10

// ImportCatalogCSV creates or updates the articles of a CSV file. With dryRun, or
// when any row is wrong, nothing is changed.
func (s *Service) ImportCatalogCSV(ctx context.Context, a *Actor, data []byte, dryRun bool) (*ImportResult, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	r, col, err := openCatalogCSV(data)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{DryRun: dryRun}
	// Not on one snapshot: held through a large file (47–68 s for 10,000 rows
	// on the mixed bench), it keeps PostgreSQL from pruning the versions of the
	// rows every order updates (stock, number sequences), and orders slow down
	// the longer it is held (orders bench with a snapshot held: 127–140 against
	// 164–202 orders/s, p99 392–426 against 229–260 ms); on SQLite it keeps the
	// WAL from being checkpointed. The write checks each row again anyway.
	rows, err := s.checkCatalogRows(ctx, s.db.Read(), r, col, res)
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		res.Created, res.Updated, res.Prices = 0, 0, 0
	}
	if len(res.Errors) > 0 || dryRun {
		return res, nil
	}
	if err := s.writeCatalogRows(ctx, a, rows, res); err != nil {
		return nil, err
	}
	res.Applied = true
	return res, nil
}

// writeCatalogRows writes the checked rows, a batch per transaction, each row
// checked again against the catalogue as it is (a change made since the check
// is neither overwritten nor let past the closed months' guard): a row that has
// become wrong stops the import there.
func (s *Service) writeCatalogRows(ctx context.Context, a *Actor, rows []csvRow, res *ImportResult) error {
	batch := s.ImportBatch
	if batch <= 0 {
		batch = defaultImportBatch
	}
	ctx = repo.Background(ctx)
	for part := 0; part*batch < len(rows); part++ {
		todo := rows[part*batch : min(len(rows), (part+1)*batch)]
		err := s.db.Transact(ctx, func(tx repo.Queries) error {
			ahead, err := readAhead(ctx, tx, todo)
			if err != nil {
				return err
			}
			q := fileArticles{Queries: ahead, created: map[string]*domain.CatalogArticle{}}
			var n ImportResult
			for _, row := range todo {
				in, create, newPrices, msgs, err := s.checkCatalogRow(ctx, q, row)
				if err != nil {
					return err
				}
				if len(msgs) > 0 {
					return domain.Errorf(domain.EConflict, "Importen avbröts på rad %d: raden blev fel medan filen lästes in (%s). Raderna före den är sparade; läs in filen igen.",
						row.no, domain.Term(msgs[0].String()))
				}
				if err := s.writeCatalogRow(ctx, q, a, in, create, newPrices); err != nil {
					return err
				}
				if create {
					q.created[in.Number] = &in.CatalogArticle
				}
				n.count(create, newPrices)
			}
			return s.audit(ctx, q, a, Audit{Action: "catalog.import", Entity: "article",
				After: map[string]int{"firstRow": todo[0].no, "lastRow": todo[len(todo)-1].no, "rows": len(todo),
					"created": n.Created, "updated": n.Updated, "prices": n.Prices}})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// count adds a checked row to the result's counts.
func (res *ImportResult) count(create bool, newPrices []*domain.ArticlePrice) {
	if create {
		res.Created++
	} else {
		res.Updated++
	}
	res.Prices += len(newPrices)
}

// openCatalogCSV checks the file (size, UTF-8, not empty), chooses the separator
// (semicolon or comma, by the header row) and reads the header: every column
// known, the required ones there. It returns the reader at the first data row
// and each column's index.
func openCatalogCSV(data []byte) (*csv.Reader, map[string]int, error) {
	if len(data) > MaxCatalogImportSize {
		return nil, nil, domain.FileTooLarge("file", MaxCatalogImportSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, domain.Invalid("file", "Filen ska vara sparad som UTF-8.")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, domain.Invalid("file", "Välj en CSV-fil.")
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, nil, domain.Invalid("file", "Filen kunde inte läsas som CSV.")
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !slices.Contains(CatalogCSVColumns, h) {
			return nil, nil, domain.Invalidf("file", "Okänd kolumn i rubrikraden: %s.", h)
		}
		col[h] = i
	}
	var missing []string
	for _, c := range catalogCSVRequired {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, domain.Invalidf("file", "Rubrikraden saknar kolumnerna: %s.", strings.Join(missing, ", "))
	}
	return r, col, nil
}

// csvRow is one data row of the catalogue file.
type csvRow struct {
	no  int // its row number, the header being row 1
	rec []string
	col map[string]int
}

// get is the unescaped, trimmed value of a column; false when the file has no
// such column (an empty cell is there, and "").
func (r csvRow) get(name string) (string, bool) {
	i, ok := r.col[name]
	if !ok || i >= len(r.rec) {
		return "", false
	}
	return csvsafe.Unescape(strings.TrimSpace(r.rec[i])), true
}

// fileArticles is the catalogue with the articles that the file's rows
// checked (or written) so far create, as the catalogue will be when the row
// being checked is written: a later row may name them in its base
// configuration.
type fileArticles struct {
	repo.Queries
	created map[string]*domain.CatalogArticle
}

func (q fileArticles) ArticleExists(ctx context.Context, number string) (bool, error) {
	if q.created[number] != nil {
		return true, nil
	}
	return q.Queries.ArticleExists(ctx, number)
}

func (q fileArticles) FindCatalogArticle(ctx context.Context, number string) (*domain.CatalogArticle, error) {
	if a := q.created[number]; a != nil {
		cp := *a
		return &cp, nil
	}
	return q.Queries.FindCatalogArticle(ctx, number)
}

// checkCatalogRows checks every row against the catalogue q and returns the
// rows to write; the rows' problems go to res.Errors, and the counts say what
// the rows would do. It reads the file importChunk rows at a time, with what
// the catalogue has for them (readAhead).
func (s *Service) checkCatalogRows(ctx context.Context, catalogue repo.Queries, r *csv.Reader, col map[string]int, res *ImportResult) ([]csvRow, error) {
	q := fileArticles{created: map[string]*domain.CatalogArticle{}}
	seen := map[string]int{}
	var rows []csvRow
	for rowNo, end := 2, false; !end; {
		var chunk []csvRow
		for len(chunk) < importChunk {
			rec, err := r.Read()
			if err == io.EOF {
				end = true
				break
			}
			no := rowNo
			rowNo++
			if err != nil {
				res.Errors = append(res.Errors, ImportRowError{Row: no, Messages: []domain.Formatted{domain.Msgf("Raden kunde inte läsas som CSV.")}})
				continue
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue
			}
			chunk = append(chunk, csvRow{no: no, rec: rec, col: col})
		}
		ahead, err := readAhead(ctx, catalogue, chunk)
		if err != nil {
			return nil, err
		}
		q.Queries = ahead
		for _, row := range chunk {
			res.Rows++
			number, _ := row.get("number")
			var msgs []domain.Formatted
			if prev, dup := seen[number]; dup && number != "" {
				msgs = append(msgs, domain.Msgf("Artikelnumret finns redan på rad %d.", prev))
			}
			seen[number] = row.no
			in, create, newPrices, rowMsgs, err := s.checkCatalogRow(ctx, q, row)
			if err != nil {
				return nil, err
			}
			if msgs = append(msgs, rowMsgs...); len(msgs) > 0 {
				res.Errors = append(res.Errors, ImportRowError{Row: row.no, Article: number, Messages: msgs})
				continue
			}
			if create {
				q.created[in.Number] = &in.CatalogArticle
			}
			res.count(create, newPrices)
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// importChunk is how many rows of a catalogue file the check reads ahead.
const importChunk = 500

// catalogueAhead answers an import's reads for a group of rows from what it
// read for them at once (readAhead): their articles, the articles' prices and
// the ISO classes they name, in three queries, not three a row; and each
// supplier once. Anything else it asks q. (Mixed bench on PostgreSQL, where
// every round trip waits its turn for the busy CPUs: checking and writing each
// row in some fifteen round trips, the import took 277–283 s; reading ahead,
// 172–201 s.)
type catalogueAhead struct {
	repo.Queries
	asked     map[string]bool                   // the rows' article numbers
	articles  map[string]*domain.CatalogArticle // those that exist
	prices    map[string][]domain.ArticlePrice
	iso       map[string]bool // the ISO classes named that exist
	suppliers map[string]*domain.Supplier
}

// readAhead reads what the catalogue q has for rows.
func readAhead(ctx context.Context, q repo.Queries, rows []csvRow) (*catalogueAhead, error) {
	c := &catalogueAhead{Queries: q, asked: map[string]bool{}, suppliers: map[string]*domain.Supplier{}}
	var numbers, codes []string
	for _, row := range rows {
		if n, _ := row.get("number"); n != "" && !c.asked[n] {
			c.asked[n] = true
			numbers = append(numbers, n)
		}
		if code, _ := row.get("isoCode"); code != "" {
			codes = append(codes, strings.ReplaceAll(code, " ", ""))
		}
	}
	var err error
	if c.articles, err = q.FindCatalogArticlesByNumber(ctx, numbers); err != nil {
		return nil, err
	}
	if c.prices, err = q.FindPricesOfArticles(ctx, numbers); err != nil {
		return nil, err
	}
	for _, a := range c.articles {
		codes = append(codes, a.ISOCode)
	}
	slices.Sort(codes)
	if c.iso, err = q.ExistingISOClasses(ctx, slices.Compact(codes)); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *catalogueAhead) FindCatalogArticle(ctx context.Context, number string) (*domain.CatalogArticle, error) {
	if !c.asked[number] {
		return c.Queries.FindCatalogArticle(ctx, number)
	}
	a := c.articles[number]
	if a == nil {
		return nil, domain.ErrNotFound
	}
	cp := *a
	return &cp, nil
}

func (c *catalogueAhead) ArticleExists(ctx context.Context, number string) (bool, error) {
	if !c.asked[number] {
		return c.Queries.ArticleExists(ctx, number)
	}
	return c.articles[number] != nil, nil
}

func (c *catalogueAhead) FindArticlePrices(ctx context.Context, number string) ([]domain.ArticlePrice, error) {
	if !c.asked[number] {
		return c.Queries.FindArticlePrices(ctx, number)
	}
	return c.prices[number], nil
}

// ISOClassExists asks q again for a class not found ahead: it may have come
// since.
func (c *catalogueAhead) ISOClassExists(ctx context.Context, code string) (bool, error) {
	if c.iso[code] {
		return true, nil
	}
	return c.Queries.ISOClassExists(ctx, code)
}

func (c *catalogueAhead) FindSupplierByName(ctx context.Context, name string) (*domain.Supplier, error) {
	return c.supplier("name:"+name, func() (*domain.Supplier, error) { return c.Queries.FindSupplierByName(ctx, name) })
}

func (c *catalogueAhead) FindSupplierByID(ctx context.Context, id int64) (*domain.Supplier, error) {
	return c.supplier("id:"+strconv.FormatInt(id, 10), func() (*domain.Supplier, error) { return c.Queries.FindSupplierByID(ctx, id) })
}

// supplier is a supplier found before under key, or else find's (kept when found).
func (c *catalogueAhead) supplier(key string, find func() (*domain.Supplier, error)) (*domain.Supplier, error) {
	if sup := c.suppliers[key]; sup != nil {
		cp := *sup
		return &cp, nil
	}
	sup, err := find()
	if err == nil {
		cp := *sup
		c.suppliers[key] = &cp
	}
	return sup, err
}

// checkCatalogRow reads a row onto its article (the article as q has it, or a
// new one) and checks it: what it would write, or what is wrong with it.
func (s *Service) checkCatalogRow(ctx context.Context, q repo.Queries, row csvRow) (in *ArticleInput, create bool,
	newPrices []*domain.ArticlePrice, msgs []domain.Formatted, err error) {
	number, _ := row.get("number")
	in = &ArticleInput{CatalogArticle: NewArticleDefaults()}
	create = true
	if number != "" {
		cur, err := q.FindCatalogArticle(ctx, number)
		if err == nil {
			in.CatalogArticle, create = *cur, false
		} else if domain.ErrorCode(err) != domain.ENotFound {
			return nil, false, nil, nil, err
		}
	}
	in.Number = number
	msgs = articleOfRow(row, in)
	prices, priceMsgs := s.pricesOfRow(row)
	msgs = append(msgs, priceMsgs...)
	if err := s.validateArticle(ctx, q, in, create); err != nil {
		var de *domain.Error
		if !errors.As(err, &de) {
			return nil, false, nil, nil, err
		}
		msgs = append(msgs, sortedFormats(de)...)
	}
	newPrices, priceMsgs, err = newPricesOf(ctx, q, number, create, prices)
	if err != nil {
		return nil, false, nil, nil, err
	}
	msgs = append(msgs, priceMsgs...)
	closedMsgs, err := closedMonthsOfRow(ctx, q, number, create, in.DepreciationMonths, newPrices)
	if err != nil {
		return nil, false, nil, nil, err
	}
	return in, create, newPrices, append(msgs, closedMsgs...), nil
}

// articleOfRow sets the article's fields from the row's columns (a column the
// file does not have keeps the article's value) and says what it could not read.
func articleOfRow(row csvRow, in *ArticleInput) []domain.Formatted {
	var msgs []domain.Formatted
	for _, f := range []struct {
		name string
		dst  *string
	}{{"name", &in.Name}, {"unitOfMeasure", &in.UnitOfMeasure}, {"isoCode", &in.ISOCode},
		{"supplierArticleNumber", &in.SupplierArticleNumber}, {"product", &in.Product}, {"productName", &in.ProductName},
		{"status", &in.Status}, {"purpose", &in.Purpose}, {"serviceLevel", &in.ServiceLevel},
		{"responsibility", &in.Responsibility}, {"notOrderableText", &in.NotOrderableText}, {"description", &in.Description},
		{"supplier", &in.Supplier}, {"size", &in.Size}} {
		if v, ok := row.get(f.name); ok {
			*f.dst = v
		}
	}
	for _, f := range []struct {
		name string
		dst  *bool
	}{{"inAssortment", &in.InAssortment}, {"individual", &in.Individual}, {"visionAid", &in.VisionAid}, {"notOrderable", &in.NotOrderable}} {
		if v, ok := row.get(f.name); ok && v != "" {
			b, ok := parseCSVBool(v)
			if !ok {
				msgs = append(msgs, domain.Msgf("%s: skriv true eller false (ja eller nej).", f.name))
			}
			*f.dst = b
		}
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"depreciationMonths", &in.DepreciationMonths}, {"leadTimeDays", &in.LeadTimeDays}, {"inspectionMonths", &in.InspectionMonths}} {
		if v, ok := row.get(f.name); ok && v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				msgs = append(msgs, domain.Msgf("%s: skriv ett heltal.", f.name))
			}
			*f.dst = n
		}
	}
	if v, ok := row.get("side"); ok {
		side, ok := domain.ParseSide(v)
		if !ok {
			msgs = append(msgs, domain.Msgf("side: skriv left, right eller both (vänster, höger eller båda), eller lämna tomt."))
		}
		in.FitSide = side
	}
	if v, ok := row.get("fits"); ok {
		in.SetFits, in.Fits = true, []string{}
		for _, part := range strings.Split(v, "|") {
			if part = strings.TrimSpace(part); part != "" {
				in.Fits = append(in.Fits, part)
			}
		}
	}
	if v, ok := row.get("baseConfiguration"); ok {
		in.SetBase, in.BaseConfiguration = true, []domain.ArticleListItem{}
		for _, part := range strings.Split(v, "|") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			art, qty, hasQty := strings.Cut(part, ":")
			n := 1
			if hasQty {
				var err error
				if n, err = strconv.Atoi(strings.TrimSpace(qty)); err != nil {
					msgs = append(msgs, domain.Msgf("baseConfiguration: skriv artikel:antal, till exempel 11336:1|17333:2."))
				}
			}
			in.BaseConfiguration = append(in.BaseConfiguration, domain.ArticleListItem{Article: strings.TrimSpace(art), Quantity: n})
		}
	}
	return msgs
}

// rowPrice is a rent or sale price of a row.
type rowPrice struct {
	kind string
	p    *domain.ArticlePrice
}

// pricesOfRow reads the row's rent and sale prices (valid from today unless a
// date is given).
func (s *Service) pricesOfRow(row csvRow) ([]rowPrice, []domain.Formatted) {
	var prices []rowPrice
	var msgs []domain.Formatted
	for _, k := range []struct{ kind, amount, from string }{{"rent", "rentPrice", "rentValidFrom"}, {"sale", "salePrice", "saleValidFrom"}} {
		amount, _ := row.get(k.amount)
		from, _ := row.get(k.from)
		if amount == "" {
			if from != "" {
				msgs = append(msgs, domain.Msgf("%s: ange också priset.", k.from))
			}
			continue
		}
		p, err := s.parsePrice(PriceInput{Kind: k.kind, Amount: amount, ValidFrom: from})
		if err != nil {
			var de *domain.Error
			if errors.As(err, &de) {
				for _, m := range sortedFormats(de) {
					msgs = append(msgs, domain.Msgf("%s: %s", k.amount, m))
				}
			}
			continue
		}
		if from == "" {
			p.ValidFrom = s.Today()
		}
		prices = append(prices, rowPrice{k.kind, p})
	}
	return prices, msgs
}

// newPricesOf keeps the prices the article does not have yet. A price already
// there on the same date must be the same price (so an exported file imports
// without change).
func newPricesOf(ctx context.Context, q repo.Queries, number string, create bool, prices []rowPrice) ([]*domain.ArticlePrice, []domain.Formatted, error) {
	var out []*domain.ArticlePrice
	if create {
		for _, rp := range prices {
			out = append(out, rp.p)
		}
		return out, nil, nil
	}
	existing, err := q.FindArticlePrices(ctx, number)
	if err != nil {
		return nil, nil, err
	}
	var msgs []domain.Formatted
next:
	for _, rp := range prices {
		for _, e := range existing {
			if e.Kind == rp.kind && e.ValidFrom.Equal(rp.p.ValidFrom) {
				if e.Amount != rp.p.Amount {
					msgs = append(msgs, domain.Msgf("Det finns redan ett annat pris (%s) från %s.", domain.Ore(e.Amount).Display(), domain.FormatDate(e.ValidFrom)))
				}
				continue next
			}
		}
		out = append(out, rp.p)
	}
	return out, msgs, nil
}

// closedMonthsOfRow asks the closed-month guard that the row's writes will run,
// first, so that every refused row is reported, not only the first.
func closedMonthsOfRow(ctx context.Context, q repo.Queries, number string, create bool, depreciationMonths int,
	newPrices []*domain.ArticlePrice) ([]domain.Formatted, error) {
	var msgs []domain.Formatted
	closedErr := func(err error) error {
		if domain.ErrorCode(err) == domain.EConflict {
			msgs = append(msgs, errorFormat(err))
			return nil
		}
		return err
	}
	for _, p := range newPrices {
		if err := closedErr(q.EnsureOpen(ctx, p.ValidFrom, domain.Term("Prisets startdatum"))); err != nil {
			return nil, err
		}
	}
	if !create {
		if err := closedErr(q.EnsureDepreciationOpen(ctx, number, depreciationMonths)); err != nil {
			return nil, err
		}
	}
	return msgs, nil
}

// writeCatalogRow saves a checked row: the article, its base configuration and
// its new prices.
func (s *Service) writeCatalogRow(ctx context.Context, q repo.Queries, a *Actor, in *ArticleInput, create bool,
	newPrices []*domain.ArticlePrice) error {
	now := s.Now()
	if create {
		if err := q.InsertCatalogArticle(ctx, &in.CatalogArticle, now); err != nil {
			return err
		}
	} else if err := q.UpdateCatalogArticle(ctx, &in.CatalogArticle, now); err != nil {
		return err
	}
	if in.SetBase {
		if err := q.SetBaseComponents(ctx, in.Number, in.BaseConfiguration); err != nil {
			return err
		}
	}
	if in.SetFits {
		if err := q.SetArticleFits(ctx, in.Number, in.Fits); err != nil {
			return err
		}
	}
	for _, p := range newPrices {
		p.CreatedBy = a.Username
		if _, err := q.InsertArticlePrice(ctx, in.Number, *p, now); err != nil {
			return err
		}
	}
	return nil
}

// sortedFormats are an error's messages (one per field, in the order of their
// Swedish), each as format and arguments.
func sortedFormats(de *domain.Error) []domain.Formatted {
	if len(de.Fields) == 0 {
		return []domain.Formatted{errorFormat(de)}
	}
	fields := make([]string, 0, len(de.Fields))
	for k := range de.Fields {
		fields = append(fields, k)
	}
	sort.Slice(fields, func(i, j int) bool { return de.Fields[fields[i]] < de.Fields[fields[j]] })
	out := make([]domain.Formatted, 0, len(fields))
	for _, k := range fields {
		if f, ok := de.FieldFormat(k); ok {
			out = append(out, f)
		} else {
			out = append(out, domain.Msgf("%s", domain.Term(de.Fields[k])))
		}
	}
	return out
}

// errorFormat is an error's message as format and arguments: its own format, or
// its text as a term to translate.
func errorFormat(err error) domain.Formatted {
	var de *domain.Error
	if errors.As(err, &de) && de.Format != "" {
		return de.Formatted
	}
	return domain.Msgf("%s", domain.Term(domain.ErrorMessage(err)))
}
