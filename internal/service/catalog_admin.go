package service

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Catalogue administration (SPEC §4, admin only): articles with every field, prices
// with valid-from dates, base configurations, accessory templates, replacement
// chains, pictures and user manuals.

// ArticleInput is a complete article as the form, the API and the CSV import give it.
type ArticleInput struct {
	domain.CatalogArticle
	// Supplier is the supplier's name or id.
	Supplier string
	// BaseConfiguration and AccessoryTemplates replace the lists when not nil.
	BaseConfiguration  []domain.ArticleListItem
	AccessoryTemplates []domain.CatalogTemplate
	SetBase            bool
	SetTemplates       bool
	// Fits are the main articles a component fits (SPEC §10.11); they replace
	// the list with SetFits.
	Fits    []string
	SetFits bool
}

var articleNumberPattern = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z\-]{0,19}$`)

// fieldErrors collects the problems of one form or row: the first message of
// each field, as a one-field EInvalid error (a formatted one keeps its format
// and arguments, for English).
type fieldErrors map[string]*domain.Error

func (f fieldErrors) add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = domain.Invalid(field, msg)
	}
}

// addf adds a formatted message (see domain.Invalidf).
func (f fieldErrors) addf(field, format string, args ...any) {
	if _, ok := f[field]; !ok {
		f[field] = domain.Invalidf(field, format, args...)
	}
}

// err returns the problems as one EInvalid error, nil if none: the one field's
// message, or for several a summary asking to check them.
func (f fieldErrors) err() error {
	if len(f) == 1 {
		for _, e := range f {
			return e
		}
	}
	return f.summed(&domain.Error{Message: "Kontrollera de markerade fälten."})
}

// errFirst returns the problems as one EInvalid error, nil if none, whose
// message is that of the first field in order that has one.
func (f fieldErrors) errFirst(order ...string) error {
	for _, k := range order {
		if e, ok := f[k]; ok {
			return f.summed(e)
		}
	}
	return f.summed(&domain.Error{Message: "Kontrollera uppgifterna."})
}

// summed returns the problems as one EInvalid error with the message of summary.
func (f fieldErrors) summed(summary *domain.Error) error {
	if len(f) == 0 {
		return nil
	}
	e := &domain.Error{Code: domain.EInvalid, Message: summary.Message, Formatted: summary.Formatted,
		Fields: map[string]string{}, FieldFormats: map[string]domain.Formatted{}}
	for k, fe := range f {
		e.Fields[k] = fe.Message
		if fe.Format != "" {
			e.FieldFormats[k] = fe.Formatted
		}
	}
	return e
}

// validateArticle checks an article and resolves its supplier; create says whether the
// number must be new.
func (s *Service) validateArticle(ctx context.Context, q repo.Queries, in *ArticleInput, create bool) error {
	fe := fieldErrors{}
	a := &in.CatalogArticle
	a.Number = strings.TrimSpace(a.Number)
	a.Name = strings.TrimSpace(a.Name)
	a.UnitOfMeasure = strings.TrimSpace(a.UnitOfMeasure)
	a.ISOCode = strings.ReplaceAll(strings.TrimSpace(a.ISOCode), " ", "")
	switch {
	case a.Number == "":
		fe.add("number", "Ange artikelnummer.")
	case !articleNumberPattern.MatchString(a.Number):
		fe.add("number", "Artikelnumret får bara innehålla siffror, bokstäver och bindestreck (högst 20 tecken).")
	case create:
		if ok, err := q.ArticleExists(ctx, a.Number); err != nil {
			return err
		} else if ok {
			fe.add("number", "Artikelnumret finns redan.")
		}
	}
	if a.Name == "" {
		fe.add("name", "Ange benämning.")
	} else if err := fe.addErr(domain.CheckMaxLength("name", "Benämning", a.Name, 200)); err != nil {
		return err
	}
	if a.UnitOfMeasure == "" {
		fe.add("unitOfMeasure", "Ange enhet, till exempel st.")
	}
	if a.ISOCode == "" {
		fe.add("isoCode", "Ange ISO-kod.")
	} else if ok, err := q.ISOClassExists(ctx, a.ISOCode); err != nil {
		return err
	} else if !ok {
		fe.add("isoCode", "ISO-koden finns inte.")
	}
	sup := strings.TrimSpace(in.Supplier)
	switch {
	case sup == "" && a.SupplierID == 0:
		fe.add("supplier", "Ange leverantör.")
	default:
		var found *domain.Supplier
		var err error
		if id, perr := strconv.ParseInt(sup, 10, 64); perr == nil {
			found, err = q.FindSupplierByID(ctx, id)
		} else if sup != "" {
			found, err = q.FindSupplierByName(ctx, sup)
		} else {
			found, err = q.FindSupplierByID(ctx, a.SupplierID)
		}
		if domain.ErrorCode(err) == domain.ENotFound {
			fe.add("supplier", "Leverantören finns inte.")
		} else if err != nil {
			return err
		} else {
			a.SupplierID, a.SupplierName = found.ID, found.Name
		}
	}
	if !slices.Contains(domain.ArticleStatuses, a.Status) {
		fe.add("status", "Välj status: lagervara, beställningsvara eller utgått.")
	}
	if !slices.Contains(domain.Purposes, a.Purpose) {
		fe.add("purpose", "Välj förskrivningssyfte: hyra eller köp.")
	}
	if a.DepreciationMonths < 0 || a.DepreciationMonths > 600 {
		fe.add("depreciationMonths", "Avskrivningstiden ska vara 0–600 månader.")
	}
	if a.LeadTimeDays < 0 || a.LeadTimeDays > 365 {
		fe.add("leadTimeDays", "Leveranstiden ska vara 0–365 arbetsdagar.")
	}
	if a.InspectionMonths < 0 || a.InspectionMonths > 120 {
		fe.add("inspectionMonths", "Besiktningsintervallet ska vara 0–120 månader (0: ingen planerad besiktning).")
	}
	a.NotOrderableText = strings.TrimSpace(a.NotOrderableText)
	if a.NotOrderable && a.NotOrderableText == "" {
		fe.add("notOrderableText", "Skriv vägledningen som visas när artikeln inte kan beställas här.")
	}
	if in.SetBase {
		for i, it := range in.BaseConfiguration {
			if msg := s.checkListArticle(ctx, q, a.Number, it.Article); msg.Format != "" {
				fe.addf("baseConfiguration", "Grundutförande rad %d: %s", i+1, msg)
			}
			if it.Quantity <= 0 {
				fe.addf("baseConfiguration", "Grundutförande rad %d: antalet ska vara minst 1.", i+1)
			}
		}
	}
	if !slices.Contains(domain.Sides, a.FitSide) {
		fe.add("side", "Välj sida: vänster, höger, båda eller ingen.")
	}
	a.Size = strings.TrimSpace(a.Size)
	if err := fe.addErr(domain.CheckMaxLength("size", "Storlek", a.Size, 50)); err != nil {
		return err
	}
	if err := fe.addErr(domain.CheckSize("size", a.Size)); err != nil {
		return err
	}
	if in.SetFits {
		for i, m := range in.Fits {
			in.Fits[i] = strings.TrimSpace(m)
			if msg := s.checkListArticle(ctx, q, a.Number, in.Fits[i]); msg.Format != "" {
				fe.addf("fits", "Passar till: %s", msg)
			}
		}
	}
	if in.SetTemplates {
		for _, t := range in.AccessoryTemplates {
			if strings.TrimSpace(t.Name) == "" {
				fe.add("accessoryTemplates", "Ange ett namn på mallen.")
			}
			for _, it := range t.Items {
				if msg := s.checkListArticle(ctx, q, a.Number, it.Article); msg.Format != "" {
					fe.addf("accessoryTemplates", "Mall %s: %s", t.Name, msg)
				}
			}
		}
	}
	return fe.err()
}

// checkListArticle says what is wrong with article as an item of the lists of
// article self (in lower case, to follow a row's name), or nothing (no Format).
func (s *Service) checkListArticle(ctx context.Context, q repo.Queries, self, article string) domain.Formatted {
	if article == "" {
		return domain.Msgf("ange artikelnummer.")
	}
	if article == self {
		return domain.Msgf("artikeln kan inte vara en del av sig själv.")
	}
	ok, err := q.ArticleExists(ctx, article)
	if err != nil || !ok {
		return domain.Msgf("artikel %s finns inte.", article)
	}
	return domain.Formatted{}
}

// NewArticleDefaults returns an article with the defaults of SPEC §9.
func NewArticleDefaults() domain.CatalogArticle {
	return domain.CatalogArticle{UnitOfMeasure: "st", Status: "stocked", Purpose: "rent", InAssortment: true,
		DepreciationMonths: 60, LeadTimeDays: 10}
}

// CatalogArticleView is an article with its lists, prices and files.
type CatalogArticleView struct {
	domain.CatalogArticle
	Prices             []domain.ArticlePrice
	BaseConfiguration  []domain.ArticleListItem
	AccessoryTemplates []domain.CatalogTemplate
	Fits               []domain.ArticleListItem // the main articles it fits
	Files              []domain.ArticleFile
	RentNow, SaleNow   *domain.ArticlePrice
}

// CatalogArticle loads an article for the administration.
func (s *Service) CatalogArticle(ctx context.Context, a *Actor, number string) (*CatalogArticleView, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.catalogArticleView(ctx, s.db.Read(), number)
}

func (s *Service) catalogArticleView(ctx context.Context, q repo.Queries, number string) (*CatalogArticleView, error) {
	art, err := q.FindCatalogArticle(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Artikeln finns inte.")
	}
	if err != nil {
		return nil, err
	}
	v := &CatalogArticleView{CatalogArticle: *art}
	if v.Prices, err = q.FindArticlePrices(ctx, number); err != nil {
		return nil, err
	}
	today := s.Today()
	for i := range v.Prices {
		p := &v.Prices[i]
		if p.ValidFrom.After(today) {
			continue
		}
		cur := &v.RentNow
		if p.Kind == "sale" {
			cur = &v.SaleNow
		}
		if *cur == nil || p.ValidFrom.After((*cur).ValidFrom) {
			*cur = p
		}
	}
	if v.BaseConfiguration, err = q.FindBaseConfiguration(ctx, number); err != nil {
		return nil, err
	}
	if v.AccessoryTemplates, err = q.FindCatalogTemplates(ctx, number); err != nil {
		return nil, err
	}
	if v.Fits, err = q.FindArticleFits(ctx, number); err != nil {
		return nil, err
	}
	v.Files, err = q.FindArticleFileInfo(ctx, number)
	return v, err
}

// CatalogArticles lists articles for the administration.
func (s *Service) CatalogArticles(ctx context.Context, a *Actor, f domain.CatalogFilter) ([]domain.CatalogArticle, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindCatalogArticles(ctx, f)
}

// SaveArticle creates (create true) or updates an article with its lists.
func (s *Service) SaveArticle(ctx context.Context, a *Actor, in ArticleInput, create bool) (*CatalogArticleView, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	var view *CatalogArticleView
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		var err error
		view, err = s.saveArticle(ctx, q, a, &in, create)
		return err
	})
	return view, err
}

func (s *Service) saveArticle(ctx context.Context, q repo.Queries, a *Actor, in *ArticleInput, create bool) (*CatalogArticleView, error) {
	var before *domain.CatalogArticle
	if !create {
		var err error
		before, err = q.FindCatalogArticle(ctx, in.Number)
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.ENotFound, "Artikeln finns inte.")
		}
		if err != nil {
			return nil, err
		}
	}
	if err := s.validateArticle(ctx, q, in, create); err != nil {
		return nil, err
	}
	now := s.Now()
	var err error
	if create {
		err = q.InsertCatalogArticle(ctx, &in.CatalogArticle, now)
	} else {
		err = q.UpdateCatalogArticle(ctx, &in.CatalogArticle, now)
	}
	if err != nil {
		return nil, err
	}
	if in.SetBase {
		if err := q.SetBaseComponents(ctx, in.Number, in.BaseConfiguration); err != nil {
			return nil, err
		}
	}
	if in.SetTemplates {
		if err := q.SetAccessoryTemplates(ctx, in.Number, in.AccessoryTemplates); err != nil {
			return nil, err
		}
	}
	if in.SetFits {
		if err := q.SetArticleFits(ctx, in.Number, in.Fits); err != nil {
			return nil, err
		}
	}
	action := "article.update"
	if create {
		action = "article.create"
	}
	if err := s.audit(ctx, q, a, Audit{Action: action, Entity: "article", EntityID: in.Number, Before: before, After: in.CatalogArticle}); err != nil {
		return nil, err
	}
	return s.catalogArticleView(ctx, q, in.Number)
}

// PriceInput is a new price of an article.
type PriceInput struct {
	Kind      string // rent, sale
	Amount    string // "45.50" or "45,50"
	ValidFrom string // YYYY-MM-DD; empty: today
}

// AddArticlePrice adds a rent or sales price valid from a date. A future price takes
// effect on its date; earlier prices stay as history. A date inside a closed billing
// month is refused.
func (s *Service) AddArticlePrice(ctx context.Context, a *Actor, number string, in PriceInput) (*domain.ArticlePrice, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	p, err := s.parsePrice(in)
	if err != nil {
		return nil, err
	}
	p.CreatedBy = a.Username
	err = s.db.Transact(ctx, func(q repo.Queries) error { return s.addPrice(ctx, q, a, number, p) })
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) parsePrice(in PriceInput) (*domain.ArticlePrice, error) {
	fe := fieldErrors{}
	p := &domain.ArticlePrice{Kind: strings.TrimSpace(in.Kind)}
	if p.Kind != "rent" && p.Kind != "sale" {
		fe.add("kind", "Välj hyra eller försäljningspris.")
	}
	if strings.TrimSpace(in.Amount) == "" {
		fe.add("amount", "Ange pris.")
	} else if o, err := domain.ParseOre(in.Amount); err != nil {
		fe.add("amount", domain.ErrorMessage(err))
	} else if o < 0 {
		fe.add("amount", "Priset kan inte vara negativt.")
	} else {
		p.Amount = o
	}
	p.ValidFrom = s.Today()
	if v := strings.TrimSpace(in.ValidFrom); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			fe.add("validFrom", "Ange datum som ÅÅÅÅ-MM-DD.")
		}
		p.ValidFrom = d
	}
	if err := fe.err(); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) addPrice(ctx context.Context, q repo.Queries, a *Actor, number string, p *domain.ArticlePrice) error {
	if ok, err := q.ArticleExists(ctx, number); err != nil {
		return err
	} else if !ok {
		return domain.Errorf(domain.ENotFound, "Artikeln finns inte.")
	}
	fe := fieldErrors{}
	if err := fe.addOpen(q.EnsureOpen(ctx, p.ValidFrom, domain.Term("Prisets startdatum")), "validFrom"); err != nil {
		return err
	}
	if err := fe.err(); err != nil {
		return err
	}
	id, err := q.InsertArticlePrice(ctx, number, *p, s.Now())
	if domain.ErrorCode(err) == domain.EConflict {
		return &domain.Error{Code: domain.EConflict, Message: "Det finns redan ett pris av det slaget från samma datum.",
			Fields: map[string]string{"validFrom": "Det finns redan ett pris av det slaget från samma datum."}}
	}
	if err != nil {
		return err
	}
	p.ID = id
	return s.audit(ctx, q, a, Audit{Action: "article.price", Entity: "article", EntityID: number,
		After: map[string]any{"kind": p.Kind, "amount": domain.Ore(p.Amount).APIString(), "validFrom": domain.FormatDate(p.ValidFrom)}})
}

// ReplacementChains lists the replacement chains.
func (s *Service) ReplacementChains(ctx context.Context, a *Actor) ([]domain.ReplacementChain, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.db.Read().FindReplacementChains(ctx)
}

// SaveReplacementChain creates (id 0) or replaces a chain: name and articles, oldest first.
func (s *Service) SaveReplacementChain(ctx context.Context, a *Actor, id int64, name string, articles []string) (*domain.ReplacementChain, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	fe := fieldErrors{}
	name = strings.TrimSpace(name)
	if name == "" {
		fe.add("name", "Ange ett namn på kedjan.")
	}
	c := &domain.ReplacementChain{ID: id, Name: name}
	seen := map[string]bool{}
	for _, art := range articles {
		art = strings.TrimSpace(art)
		if art == "" {
			continue
		}
		if seen[art] {
			fe.addf("articles", "Artikel %s står två gånger i kedjan.", art)
		}
		seen[art] = true
		c.Articles = append(c.Articles, domain.ArticleListItem{Article: art, Quantity: 1})
	}
	if len(c.Articles) < 2 {
		fe.add("articles", "En ersättningskedja behöver minst två artiklar.")
	}
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		for _, it := range c.Articles {
			if ok, err := q.ArticleExists(ctx, it.Article); err != nil {
				return err
			} else if !ok {
				fe.addf("articles", "Artikel %s finns inte.", it.Article)
			}
			_, err := q.OtherChainOfArticle(ctx, it.Article, id)
			if err == nil {
				fe.addf("articles", "Artikel %s finns redan i en annan ersättningskedja.", it.Article)
			} else if domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
		}
		if err := fe.err(); err != nil {
			return err
		}
		if err := q.SaveReplacementChain(ctx, c); err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Errorf(domain.ENotFound, "Ersättningskedjan finns inte.")
			}
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "chain.save", Entity: "replacement_chain", EntityID: strconv.FormatInt(c.ID, 10), After: c})
	})
	return c, err
}

// DeleteReplacementChain removes a chain.
func (s *Service) DeleteReplacementChain(ctx context.Context, a *Actor, id int64) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if err := q.DeleteReplacementChain(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "chain.delete", Entity: "replacement_chain", EntityID: strconv.FormatInt(id, 10)})
	})
}

// MaxArticleFileSize bounds an uploaded picture or manual.
const MaxArticleFileSize = 10 << 20

// PutArticleFile stores an article's picture (PNG, JPEG, GIF or WebP) or user manual (PDF).
func (s *Service) PutArticleFile(ctx context.Context, a *Actor, number, kind, filename string, data []byte) error {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return err
	}
	field := "picture"
	if kind == "manual" {
		field = "manual"
	} else if kind != "picture" {
		return domain.Errorf(domain.ENotFound, "Filtypen finns inte.")
	}
	if len(data) == 0 {
		return domain.Invalid(field, "Välj en fil.")
	}
	if len(data) > MaxArticleFileSize {
		return domain.Invalid(field, "Filen är för stor (högst 10 MB).")
	}
	ctype := http.DetectContentType(data)
	switch kind {
	case "picture":
		switch ctype {
		case "image/png", "image/jpeg", "image/gif", "image/webp":
		default:
			return domain.Invalid(field, "Bilden ska vara PNG, JPEG, GIF eller WebP.")
		}
	case "manual":
		if !bytes.HasPrefix(data, []byte("%PDF-")) {
			return domain.Invalid(field, "Bruksanvisningen ska vara en PDF-fil.")
		}
		ctype = "application/pdf"
	}
	if filename = strings.TrimSpace(filename); filename == "" {
		filename = number + map[string]string{"picture": ".bild", "manual": ".pdf"}[kind]
	}
	return s.db.Transact(ctx, func(q repo.Queries) error {
		if ok, err := q.ArticleExists(ctx, number); err != nil {
			return err
		} else if !ok {
			return domain.Errorf(domain.ENotFound, "Artikeln finns inte.")
		}
		if err := q.PutArticleFile(ctx, number, domain.ArticleFile{Kind: kind, Filename: filename, ContentType: ctype, Data: data}, s.Now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, Audit{Action: "article.file", Entity: "article", EntityID: number,
			After: map[string]any{"kind": kind, "filename": filename, "size": len(data)}})
	})
}

// ArticleFile returns an article's picture or manual; any logged-in user may see them.
func (s *Service) ArticleFile(ctx context.Context, a *Actor, number, kind string) (*domain.ArticleFile, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	f, err := s.db.Read().FindArticleFile(ctx, number, kind)
	if domain.ErrorCode(err) == domain.ENotFound {
		if kind == "manual" {
			return nil, domain.Errorf(domain.ENotFound, "Artikeln har ingen bruksanvisning.")
		}
		return nil, domain.Errorf(domain.ENotFound, "Artikeln har ingen bild.")
	}
	return f, err
}

// Suppliers lists the suppliers.
func (s *Service) Suppliers(ctx context.Context) ([]domain.Supplier, error) {
	return s.db.Read().FindSuppliers(ctx)
}
