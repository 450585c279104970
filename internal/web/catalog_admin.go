package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Artiklar och priser (admin): the catalogue pages.

func (s *Server) routesCatalogAdmin() {
	admin := domain.RoleAdmin
	s.page("GET /admin/artiklar", s.articlesAdminPage, admin)
	s.page("GET /admin/artiklar/ny", s.articleNewPage, admin)
	s.page("POST /admin/artiklar/ny", s.articleCreateSubmit, admin)
	s.page("GET /admin/artiklar/{number}", s.articleEditPage, admin)
	s.page("POST /admin/artiklar/{number}", s.articleUpdateSubmit, admin)
	s.page("POST /admin/artiklar/{number}/priser", s.articlePriceSubmit, admin)
	s.page("POST /admin/artiklar/{number}/filer", s.articleFileSubmit, admin)
	s.page("GET /admin/artiklar/ersattningskedjor", s.chainsPage, admin)
	s.page("POST /admin/artiklar/ersattningskedjor", s.chainSubmit, admin)
	s.page("GET /admin/artiklar/import", s.importPage, admin)
	s.page("POST /admin/artiklar/import", s.importSubmit, admin)
	s.page("GET /admin/artiklar/export", s.exportCatalog, admin)
}

type articlesAdminData struct {
	Articles []domain.CatalogArticle
	Searched bool
}

func (s *Server) articlesAdminPage(w http.ResponseWriter, r *http.Request) error {
	text := strings.TrimSpace(r.Form.Get("q"))
	var arts []domain.CatalogArticle
	if text != "" {
		var err error
		if arts, err = s.svc.CatalogArticles(r.Context(), actor(r), domain.CatalogFilter{Text: text, Limit: 200}); err != nil {
			return err
		}
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/articles", &Page{Title: "Artiklar och priser", Form: r.Form,
		Data: articlesAdminData{Articles: arts, Searched: text != ""}})
}

type articleFormData struct {
	New        bool
	Number     string
	Suppliers  []boOption
	Statuses   []boOption
	Purposes   []boOption
	Sides      []boOption
	View       *service.CatalogArticleView
	PriceKinds []boOption
}

// articleForm renders the article form with its choices (an error loading
// them is the page's: saved without them the article would lose its supplier),
// and the action's error if any.
func (s *Server) articleForm(w http.ResponseWriter, r *http.Request, title string, isNew bool, v *service.CatalogArticleView, actionErr error) error {
	d := articleFormData{New: isNew, View: v, Suppliers: []boOption{{"", "Välj leverantör"}},
		PriceKinds: []boOption{{"rent", "Hyra"}, {"sale", "Försäljningspris"}}}
	if v != nil {
		d.Number = v.Number
	}
	sups, err := s.svc.Suppliers(r.Context())
	if err != nil {
		return err
	}
	for _, sp := range sups {
		d.Suppliers = append(d.Suppliers, boOption{strconv.FormatInt(sp.ID, 10), sp.Name})
	}
	for _, c := range domain.ArticleStatuses {
		d.Statuses = append(d.Statuses, boOption{c, domain.ArticleStatusText(c)})
	}
	for _, c := range domain.Purposes {
		d.Purposes = append(d.Purposes, boOption{c, domain.PurposeText(c)})
	}
	d.Sides = []boOption{{"", "Ingen sida"}}
	for _, c := range domain.Sides[1:] {
		d.Sides = append(d.Sides, boOption{string(c), domain.SideText(c)})
	}
	if actionErr != nil {
		return s.renderForm(w, r, "backoffice/article_form", title, d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/article_form", &Page{Title: title, Form: r.Form, Data: d})
}

func boolForm(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// fillArticleForm puts an article's values in the form, so one template shows new and saved articles.
func fillArticleForm(r *http.Request, a domain.CatalogArticle, base []domain.ArticleListItem, templates []domain.CatalogTemplate,
	fits []domain.ArticleListItem) {
	f := r.Form
	f.Set("number", a.Number)
	f.Set("name", a.Name)
	f.Set("unitOfMeasure", a.UnitOfMeasure)
	f.Set("isoCode", a.ISOCode)
	if a.SupplierID != 0 {
		f.Set("supplier", strconv.FormatInt(a.SupplierID, 10))
	}
	f.Set("supplierArticleNumber", a.SupplierArticleNumber)
	f.Set("product", a.Product)
	f.Set("productName", a.ProductName)
	f.Set("status", a.Status)
	f.Set("purpose", a.Purpose)
	f.Set("inAssortment", boolForm(a.InAssortment))
	f.Set("individual", boolForm(a.Individual))
	f.Set("visionAid", boolForm(a.VisionAid))
	f.Set("notOrderable", boolForm(a.NotOrderable))
	f.Set("notOrderableText", a.NotOrderableText)
	f.Set("depreciationMonths", strconv.Itoa(a.DepreciationMonths))
	f.Set("leadTimeDays", strconv.Itoa(a.LeadTimeDays))
	f.Set("inspectionMonths", strconv.Itoa(a.InspectionMonths))
	f.Set("serviceLevel", a.ServiceLevel)
	f.Set("responsibility", a.Responsibility)
	f.Set("description", a.Description)
	f.Set("side", string(a.FitSide))
	f.Set("size", a.Size)
	var lines []string
	for _, it := range fits {
		lines = append(lines, it.Article)
	}
	f.Set("fits", strings.Join(lines, ", "))
	lines = nil
	for _, it := range base {
		lines = append(lines, it.Article+"; "+strconv.Itoa(it.Quantity))
	}
	f.Set("baseConfiguration", strings.Join(lines, "\n"))
	lines = nil
	for _, t := range templates {
		var arts []string
		for _, it := range t.Items {
			arts = append(arts, it.Article)
		}
		lines = append(lines, t.Name+": "+strings.Join(arts, ", "))
	}
	f.Set("accessoryTemplates", strings.Join(lines, "\n"))
}

func (s *Server) articleNewPage(w http.ResponseWriter, r *http.Request) error {
	fillArticleForm(r, service.NewArticleDefaults(), nil, nil, nil)
	return s.articleForm(w, r, "Ny artikel", true, nil, nil)
}

func (s *Server) articleEditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.svc.CatalogArticle(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	fillArticleForm(r, v.CatalogArticle, v.BaseConfiguration, v.AccessoryTemplates, v.Fits)
	r.Form.Set("validFrom", domain.FormatDate(s.svc.Today()))
	return s.articleForm(w, r, "Artikel "+v.Number, false, v, nil)
}

// articleFromForm reads the article form.
func articleFromForm(r *http.Request) (service.ArticleInput, error) {
	f := r.PostForm
	in := service.ArticleInput{SetBase: true, SetTemplates: true, SetFits: true}
	a := &in.CatalogArticle
	a.Number = strings.TrimSpace(f.Get("number"))
	a.Name, a.UnitOfMeasure, a.ISOCode = f.Get("name"), f.Get("unitOfMeasure"), f.Get("isoCode")
	in.Supplier = f.Get("supplier")
	a.SupplierArticleNumber, a.Product, a.ProductName = strings.TrimSpace(f.Get("supplierArticleNumber")), strings.TrimSpace(f.Get("product")), strings.TrimSpace(f.Get("productName"))
	a.Status, a.Purpose = f.Get("status"), f.Get("purpose")
	a.InAssortment, a.Individual, a.VisionAid, a.NotOrderable = f.Get("inAssortment") != "", f.Get("individual") != "", f.Get("visionAid") != "", f.Get("notOrderable") != ""
	a.NotOrderableText = f.Get("notOrderableText")
	a.ServiceLevel, a.Responsibility, a.Description = strings.TrimSpace(f.Get("serviceLevel")), strings.TrimSpace(f.Get("responsibility")), strings.TrimSpace(f.Get("description"))
	a.FitSide, a.Size = domain.Side(f.Get("side")), f.Get("size")
	in.Fits = strings.FieldsFunc(f.Get("fits"), func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	// The field messages; ff the format of a formatted one, for English.
	fe, ff := map[string]string{}, map[string]domain.Formatted{}
	var err error
	if a.DepreciationMonths, err = strconv.Atoi(strings.TrimSpace(f.Get("depreciationMonths"))); err != nil {
		fe["depreciationMonths"] = "Ange avskrivningstid i hela månader."
	}
	if a.LeadTimeDays, err = strconv.Atoi(strings.TrimSpace(f.Get("leadTimeDays"))); err != nil {
		fe["leadTimeDays"] = "Ange leveranstid i hela arbetsdagar."
	}
	if v := strings.TrimSpace(f.Get("inspectionMonths")); v != "" {
		if a.InspectionMonths, err = strconv.Atoi(v); err != nil {
			fe["inspectionMonths"] = "Ange besiktningsintervall i hela månader."
		}
	}
	in.BaseConfiguration = []domain.ArticleListItem{}
	for i, line := range strings.Split(f.Get("baseConfiguration"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == ',' || r == ':' || r == '\t' || r == ' ' })
		it := domain.ArticleListItem{Article: parts[0], Quantity: 1}
		if len(parts) > 1 {
			if it.Quantity, err = strconv.Atoi(parts[1]); err != nil {
				f := domain.Msgf("Rad %d: skriv artikelnummer; antal.", i+1)
				fe["baseConfiguration"], ff["baseConfiguration"] = f.String(), f
			}
		}
		in.BaseConfiguration = append(in.BaseConfiguration, it)
	}
	in.AccessoryTemplates = []domain.CatalogTemplate{}
	for i, line := range strings.Split(f.Get("accessoryTemplates"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, list, ok := strings.Cut(line, ":")
		if !ok {
			f := domain.Msgf("Rad %d: skriv mallens namn, kolon och artikelnummer, till exempel Vanligaste tillbehören: 11336, 11338.", i+1)
			fe["accessoryTemplates"], ff["accessoryTemplates"] = f.String(), f
			continue
		}
		t := domain.CatalogTemplate{Name: strings.TrimSpace(name)}
		for _, art := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			t.Items = append(t.Items, domain.ArticleListItem{Article: art, Quantity: 1})
		}
		in.AccessoryTemplates = append(in.AccessoryTemplates, t)
	}
	if len(fe) > 0 {
		return in, &domain.Error{Code: domain.EInvalid, Message: "Kontrollera de markerade fälten.", Fields: fe, FieldFormats: ff}
	}
	return in, nil
}

func (s *Server) articleCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	in, err := articleFromForm(r)
	if err == nil {
		_, err = s.svc.SaveArticle(r.Context(), actor(r), in, true)
	}
	if err != nil {
		return s.articleForm(w, r, "Ny artikel", true, nil, err)
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/"+in.Number, "Artikeln är sparad.")
}

func (s *Server) articleUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	cur, err := s.svc.CatalogArticle(r.Context(), actor(r), number)
	if err != nil {
		return err
	}
	r.PostForm.Set("number", number)
	r.Form.Set("number", number)
	in, err := articleFromForm(r)
	if err == nil {
		_, err = s.svc.SaveArticle(r.Context(), actor(r), in, false)
	}
	if err != nil {
		return s.articleForm(w, r, "Artikel "+number, false, cur, err)
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/"+number, "Artikeln är sparad.")
}

func (s *Server) articlePriceSubmit(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	_, err := s.svc.AddArticlePrice(r.Context(), actor(r), number, service.PriceInput{Kind: r.PostFormValue("kind"),
		Amount: r.PostFormValue("amount"), ValidFrom: r.PostFormValue("validFrom")})
	if err != nil {
		cur, lerr := s.svc.CatalogArticle(r.Context(), actor(r), number)
		if lerr != nil {
			return lerr
		}
		kind, amount, from := r.PostFormValue("kind"), r.PostFormValue("amount"), r.PostFormValue("validFrom")
		fillArticleForm(r, cur.CatalogArticle, cur.BaseConfiguration, cur.AccessoryTemplates, cur.Fits)
		r.Form.Set("kind", kind)
		r.Form.Set("amount", amount)
		r.Form.Set("validFrom", from)
		return s.articleForm(w, r, "Artikel "+number, false, cur, err)
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/"+number, "Priset är sparat.")
}

func (s *Server) articleFileSubmit(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	if err := parseMultipartForm(w, r, service.MaxArticleFileSize, domain.Errorf(domain.EInvalid, "Filen kunde inte läsas (högst 10 MB).")); err != nil {
		return err
	}
	kind := r.FormValue("kind")
	file, hdr, err := r.FormFile("file")
	var data []byte
	var name string
	if err == nil {
		defer file.Close()
		data, _ = io.ReadAll(io.LimitReader(file, service.MaxArticleFileSize+1))
		name = hdr.Filename
	}
	if err := s.svc.PutArticleFile(r.Context(), actor(r), number, kind, name, data); err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			return s.redirectWithFlash(w, r, "/admin/artiklar/"+number, domain.ErrorMessage(err))
		}
		return err
	}
	msg := "Bilden är sparad."
	if kind == "manual" {
		msg = "Bruksanvisningen är sparad."
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/"+number, msg)
}

type chainsData struct {
	Chains []domain.ReplacementChain
}

func (s *Server) chainsPage(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.ReplacementChains(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/chains", &Page{Title: "Ersättningskedjor", Form: r.Form, Data: chainsData{Chains: cs}})
}

func (s *Server) chainSubmit(w http.ResponseWriter, r *http.Request) error {
	if r.PostFormValue("action") == "delete" {
		return s.chainDeleteSubmit(w, r)
	}
	var id int64
	if p := r.PostFormValue("id"); p != "" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENotFound, "Ersättningskedjan finns inte.")
		}
		id = n
	}
	arts := strings.FieldsFunc(r.PostFormValue("articles"), func(r rune) bool { return r == '\n' || r == ',' || r == ';' || r == ' ' || r == '\r' })
	if _, err := s.svc.SaveReplacementChain(r.Context(), actor(r), id, r.PostFormValue("name"), arts); err != nil {
		cs, listErr := s.svc.ReplacementChains(r.Context(), actor(r))
		if listErr != nil {
			return listErr
		}
		return s.renderForm(w, r, "backoffice/chains", "Ersättningskedjor", chainsData{Chains: cs}, err)
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/ersattningskedjor", "Ersättningskedjan är sparad.")
}

func (s *Server) chainDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENotFound, "Ersättningskedjan finns inte.")
	}
	if err := s.svc.DeleteReplacementChain(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/admin/artiklar/ersattningskedjor", "Ersättningskedjan är borttagen.")
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "backoffice/import", "Import och export av katalogen", (*service.ImportResult)(nil))
}

func (s *Server) importSubmit(w http.ResponseWriter, r *http.Request) error {
	fail := func(err error) error {
		return s.renderForm(w, r, "backoffice/import", "Import och export av katalogen", (*service.ImportResult)(nil), err)
	}
	if err := parseMultipartForm(w, r, service.MaxCatalogImportSize, domain.Invalid("file", "Välj en CSV-fil.")); err != nil {
		return fail(err)
	}
	var data []byte
	if f, _, err := r.FormFile("file"); err == nil {
		// One byte over the limit is enough for the service to refuse the file.
		data, err = io.ReadAll(io.LimitReader(f, service.MaxCatalogImportSize+1))
		f.Close()
		if err != nil {
			return fail(domain.Invalid("file", "Filen kunde inte läsas som CSV."))
		}
	}
	res, err := s.svc.ImportCatalogCSV(r.Context(), actor(r), data, r.FormValue("dryRun") != "")
	if err != nil {
		return fail(err)
	}
	return s.render(w, r, "backoffice/import", "Import och export av katalogen", res)
}

func (s *Server) exportCatalog(w http.ResponseWriter, r *http.Request) error {
	data, err := s.svc.ExportCatalogCSV(r.Context(), actor(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="artiklar.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}
