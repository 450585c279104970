package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// The catalogue in the JSON API (SPEC §9, admin): POST/PUT /articles, prices, files.

func (s *Server) routesCatalogAdminAPI() {
	admin := domain.RoleAdmin
	s.apiRoute("POST /api/v1/articles", APIDoc{Summary: "Skapa artikel (admin)", Tag: "catalogue",
		Description: "Required: number, name, unitOfMeasure, isoCode, supplier (name or id), status, purpose. Defaults: inAssortment true, individual false, depreciationMonths 60, visionAid false, leadTimeDays 10.",
		Request:     articleInJSON{}, Response: adminArticleJSON{}, Status: http.StatusCreated}, s.apiCreateArticle, admin)
	s.apiRoute("PUT /api/v1/articles/{number}", APIDoc{Summary: "Ändra artikel (admin); utelämnade fält behåller sina värden", Tag: "catalogue",
		Request: articleInJSON{}, Response: adminArticleJSON{}}, s.apiUpdateArticle, admin)
	s.apiRoute("POST /api/v1/articles/{number}/prices", APIDoc{Summary: "Nytt pris (hyra eller försäljningspris) från ett datum (admin)", Tag: "catalogue",
		Request: priceInJSON{}, Response: priceJSON{}, Status: http.StatusCreated}, s.apiAddPrice, admin)
	s.apiRoute("PUT /api/v1/articles/{number}/picture", APIDoc{Summary: "Ladda upp artikelns bild (PNG, JPEG, GIF, WebP) som request body (admin)", Tag: "catalogue",
		RequestType: "image/*"},
		s.apiPutArticleFile("picture"), admin)
	s.apiRoute("PUT /api/v1/articles/{number}/manual", APIDoc{Summary: "Ladda upp artikelns bruksanvisning (PDF) som request body (admin)", Tag: "catalogue",
		RequestType: "application/pdf"},
		s.apiPutArticleFile("manual"), admin)
	s.apiRoute("GET /api/v1/articles/{number}/picture", APIDoc{Summary: "Artikelns bild", Tag: "catalogue", Files: []string{"image/*"}}, s.serveArticleFile("picture"))
	s.apiRoute("GET /api/v1/articles/{number}/manual", APIDoc{Summary: "Artikelns bruksanvisning (PDF)", Tag: "catalogue", Files: pdfFile}, s.serveArticleFile("manual"))
	s.apiRoute("GET /api/v1/articles/export", APIDoc{Summary: "Exportera katalogen som CSV (admin)", Tag: "catalogue", Files: csvFile}, s.exportCatalog, admin)
	s.apiRoute("POST /api/v1/articles/import", APIDoc{Summary: "Importera katalogen från CSV i request body (admin); ?dryRun=true ändrar inget. Är någon rad fel ändras ingenting; en fil över 20 MiB avvisas hel (400).", Tag: "catalogue",
		Query: []QueryParam{{"dryRun", "true: kontrollera bara"}}, RequestType: "text/csv", Response: importJSON{}}, s.apiImportCatalog, admin)
	// Artikelinformation links these (look-ups); any logged-in user may see them.
	s.page("GET /artiklar/{number}/bild", s.serveArticleFile("picture"))
	s.page("GET /artiklar/{number}/bruksanvisning", s.serveArticleFile("manual"))
	s.apiRoute("GET /api/v1/replacement-chains", APIDoc{Summary: "Ersättningskedjor (admin)", Tag: "catalogue", Response: map[string][]chainJSON{}}, s.apiChains, admin)
	s.apiRoute("POST /api/v1/replacement-chains", APIDoc{Summary: "Skapa ersättningskedja, äldsta artikeln först (admin)", Tag: "catalogue",
		Request: chainJSON{}, Response: chainJSON{}, Status: http.StatusCreated}, s.apiSaveChain, admin)
	s.apiRoute("PUT /api/v1/replacement-chains/{id}", APIDoc{Summary: "Ändra ersättningskedja (admin)", Tag: "catalogue",
		Request: chainJSON{}, Response: chainJSON{}}, s.apiSaveChain, admin)
}

// flexString accepts a JSON string or number ("supplier": "Etac Sverige AB" or 3).
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return domain.Invalid("supplier", "Ange leverantören som namn eller id.")
	}
	*f = flexString(n.String())
	return nil
}

type listItemJSON struct {
	Article  string `json:"article"`
	Name     string `json:"name,omitempty"`
	Quantity int    `json:"quantity"`
}

type templateJSON struct {
	Name     string         `json:"name"`
	Articles []listItemJSON `json:"articles"`
}

type articleInJSON struct {
	Number                *string         `json:"number"`
	Name                  *string         `json:"name"`
	UnitOfMeasure         *string         `json:"unitOfMeasure"`
	IsoCode               *string         `json:"isoCode"`
	Supplier              *flexString     `json:"supplier"`
	SupplierArticleNumber *string         `json:"supplierArticleNumber"`
	Product               *string         `json:"product"`
	ProductName           *string         `json:"productName"`
	Status                *string         `json:"status"`
	InAssortment          *bool           `json:"inAssortment"`
	Individual            *bool           `json:"individual"`
	Purpose               *string         `json:"purpose" enum:"rent,buy"`
	DepreciationMonths    *int            `json:"depreciationMonths"`
	ServiceLevel          *string         `json:"serviceLevel"`
	Responsibility        *string         `json:"responsibility"`
	VisionAid             *bool           `json:"visionAid"`
	NotOrderable          *bool           `json:"notOrderable"`
	NotOrderableText      *string         `json:"notOrderableText"`
	LeadTimeDays          *int            `json:"leadTimeDays"`
	InspectionMonths      *int            `json:"inspectionMonths"`
	Description           *string         `json:"description"`
	BaseConfiguration     *[]listItemJSON `json:"baseConfiguration"`
	AccessoryTemplates    *[]templateJSON `json:"accessoryTemplates"`
	Fits                  *[]string       `json:"fits"`
	Side                  *string         `json:"side" enum:",left,right,both"`
	Size                  *string         `json:"size"`
}

// apply copies the given fields onto in.
func (j *articleInJSON) apply(in *service.ArticleInput) {
	a := &in.CatalogArticle
	setS := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	setS(&a.Name, j.Name)
	setS(&a.UnitOfMeasure, j.UnitOfMeasure)
	setS(&a.ISOCode, j.IsoCode)
	if j.Supplier != nil {
		in.Supplier = string(*j.Supplier)
	}
	setS(&a.SupplierArticleNumber, j.SupplierArticleNumber)
	setS(&a.Product, j.Product)
	setS(&a.ProductName, j.ProductName)
	setS(&a.Status, j.Status)
	setS(&a.Purpose, j.Purpose)
	setS(&a.ServiceLevel, j.ServiceLevel)
	setS(&a.Responsibility, j.Responsibility)
	setS(&a.NotOrderableText, j.NotOrderableText)
	setS(&a.Description, j.Description)
	setS(&a.Size, j.Size)
	if j.Side != nil {
		a.FitSide = domain.Side(strings.TrimSpace(*j.Side))
	}
	if j.Fits != nil {
		in.SetFits, in.Fits = true, append([]string{}, *j.Fits...)
	}
	for _, b := range []struct {
		dst *bool
		v   *bool
	}{{&a.InAssortment, j.InAssortment}, {&a.Individual, j.Individual}, {&a.VisionAid, j.VisionAid}, {&a.NotOrderable, j.NotOrderable}} {
		if b.v != nil {
			*b.dst = *b.v
		}
	}
	if j.DepreciationMonths != nil {
		a.DepreciationMonths = *j.DepreciationMonths
	}
	if j.LeadTimeDays != nil {
		a.LeadTimeDays = *j.LeadTimeDays
	}
	if j.InspectionMonths != nil {
		a.InspectionMonths = *j.InspectionMonths
	}
	if j.BaseConfiguration != nil {
		in.SetBase, in.BaseConfiguration = true, []domain.ArticleListItem{}
		for _, it := range *j.BaseConfiguration {
			if it.Quantity == 0 {
				it.Quantity = 1
			}
			in.BaseConfiguration = append(in.BaseConfiguration, domain.ArticleListItem{Article: strings.TrimSpace(it.Article), Quantity: it.Quantity})
		}
	}
	if j.AccessoryTemplates != nil {
		in.SetTemplates, in.AccessoryTemplates = true, []domain.CatalogTemplate{}
		for _, t := range *j.AccessoryTemplates {
			at := domain.CatalogTemplate{Name: strings.TrimSpace(t.Name)}
			for _, it := range t.Articles {
				at.Items = append(at.Items, domain.ArticleListItem{Article: strings.TrimSpace(it.Article), Quantity: 1})
			}
			in.AccessoryTemplates = append(in.AccessoryTemplates, at)
		}
	}
}

type priceJSON struct {
	Kind      string `json:"kind"`
	KindText  string `json:"kindText"`
	Amount    string `json:"amount"`
	ValidFrom string `json:"validFrom"`
}

func priceOf(p domain.ArticlePrice) priceJSON {
	text := "Hyra"
	if p.Kind == "sale" {
		text = "Försäljningspris"
	}
	return priceJSON{Kind: p.Kind, KindText: text, Amount: domain.Ore(p.Amount).APIString(), ValidFrom: domain.FormatDate(p.ValidFrom)}
}

type adminArticleJSON struct {
	Number                string         `json:"number"`
	Name                  string         `json:"name"`
	UnitOfMeasure         string         `json:"unitOfMeasure"`
	IsoCode               string         `json:"isoCode"`
	Supplier              string         `json:"supplier"`
	SupplierID            string         `json:"supplierId"`
	SupplierArticleNumber string         `json:"supplierArticleNumber"`
	Product               string         `json:"product"`
	ProductName           string         `json:"productName"`
	Status                string         `json:"status" enum:"stocked,order_item,discontinued"`
	StatusText            string         `json:"statusText"`
	InAssortment          bool           `json:"inAssortment"`
	Individual            bool           `json:"individual"`
	Purpose               string         `json:"purpose" enum:"rent,buy"`
	PurposeText           string         `json:"purposeText"`
	DepreciationMonths    int            `json:"depreciationMonths"`
	ServiceLevel          string         `json:"serviceLevel"`
	Responsibility        string         `json:"responsibility"`
	VisionAid             bool           `json:"visionAid"`
	NotOrderable          bool           `json:"notOrderable"`
	NotOrderableText      string         `json:"notOrderableText"`
	LeadTimeDays          int            `json:"leadTimeDays"`
	InspectionMonths      int            `json:"inspectionMonths"`
	Description           string         `json:"description"`
	RentPrice             *priceJSON     `json:"rentPrice"`
	SalePrice             *priceJSON     `json:"salePrice"`
	Prices                []priceJSON    `json:"prices"`
	BaseConfiguration     []listItemJSON `json:"baseConfiguration"`
	AccessoryTemplates    []templateJSON `json:"accessoryTemplates"`
	fitJSON
	Picture string `json:"picture,omitempty"`
	Manual  string `json:"manual,omitempty"`
}

func adminArticleOf(v *service.CatalogArticleView) adminArticleJSON {
	out := adminArticleJSON{Number: v.Number, Name: v.Name, UnitOfMeasure: v.UnitOfMeasure, IsoCode: v.ISOCode,
		Supplier: v.SupplierName, SupplierArticleNumber: v.SupplierArticleNumber, Product: v.Product, ProductName: v.ProductName,
		Status: v.Status, StatusText: domain.ArticleStatusText(v.Status), InAssortment: v.InAssortment, Individual: v.Individual,
		Purpose: v.Purpose, PurposeText: domain.PurposeText(v.Purpose), DepreciationMonths: v.DepreciationMonths,
		ServiceLevel: v.ServiceLevel, Responsibility: v.Responsibility, VisionAid: v.VisionAid, NotOrderable: v.NotOrderable,
		NotOrderableText: v.NotOrderableText, LeadTimeDays: v.LeadTimeDays, InspectionMonths: v.InspectionMonths, Description: v.Description,
		Prices: []priceJSON{}, BaseConfiguration: []listItemJSON{}, AccessoryTemplates: []templateJSON{}}
	var fits []string
	for _, it := range v.Fits {
		fits = append(fits, it.Article)
	}
	out.fitJSON = fitOf(fits, v.FitSide, v.Size)
	if v.SupplierID != 0 {
		out.SupplierID = strconv.FormatInt(v.SupplierID, 10)
	}
	if v.RentNow != nil {
		p := priceOf(*v.RentNow)
		out.RentPrice = &p
	}
	if v.SaleNow != nil {
		p := priceOf(*v.SaleNow)
		out.SalePrice = &p
	}
	for _, p := range v.Prices {
		out.Prices = append(out.Prices, priceOf(p))
	}
	for _, it := range v.BaseConfiguration {
		out.BaseConfiguration = append(out.BaseConfiguration, listItemJSON{Article: it.Article, Name: it.Name, Quantity: it.Quantity})
	}
	for _, t := range v.AccessoryTemplates {
		tj := templateJSON{Name: t.Name, Articles: []listItemJSON{}}
		for _, it := range t.Items {
			tj.Articles = append(tj.Articles, listItemJSON{Article: it.Article, Name: it.Name, Quantity: 1})
		}
		out.AccessoryTemplates = append(out.AccessoryTemplates, tj)
	}
	for _, f := range v.Files {
		if f.Kind == "picture" {
			out.Picture = "/api/v1/articles/" + v.Number + "/picture"
		} else {
			out.Manual = "/api/v1/articles/" + v.Number + "/manual"
		}
	}
	return out
}

func (s *Server) apiCreateArticle(w http.ResponseWriter, r *http.Request) error {
	var j articleInJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	missing, formats := map[string]string{}, map[string]domain.Formatted{}
	req := func(name string, present bool) {
		if !present {
			f := domain.Msgf("Fältet %s saknas.", name)
			missing[name], formats[name] = f.String(), f
		}
	}
	req("number", j.Number != nil)
	req("name", j.Name != nil)
	req("unitOfMeasure", j.UnitOfMeasure != nil)
	req("isoCode", j.IsoCode != nil)
	req("supplier", j.Supplier != nil)
	req("status", j.Status != nil)
	req("purpose", j.Purpose != nil)
	if len(missing) > 0 {
		return &domain.Error{Code: domain.EInvalid, Message: "Obligatoriska fält saknas.", Fields: missing, FieldFormats: formats}
	}
	in := service.ArticleInput{CatalogArticle: service.NewArticleDefaults()}
	in.Number = *j.Number
	j.apply(&in)
	v, err := s.svc.SaveArticle(r.Context(), actor(r), in, true)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, adminArticleOf(v))
}

func (s *Server) apiUpdateArticle(w http.ResponseWriter, r *http.Request) error {
	var j articleInJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	number := r.PathValue("number")
	if j.Number != nil && *j.Number != number {
		return domain.Invalid("number", "Artikelnumret kan inte ändras.")
	}
	cur, err := s.svc.CatalogArticle(r.Context(), actor(r), number)
	if err != nil {
		return err
	}
	in := service.ArticleInput{CatalogArticle: cur.CatalogArticle}
	j.apply(&in)
	v, err := s.svc.SaveArticle(r.Context(), actor(r), in, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, adminArticleOf(v))
}

type priceInJSON struct {
	Kind      string     `json:"kind"`
	Amount    flexString `json:"amount"`
	ValidFrom string     `json:"validFrom"`
}

func (s *Server) apiAddPrice(w http.ResponseWriter, r *http.Request) error {
	var j priceInJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	p, err := s.svc.AddArticlePrice(r.Context(), actor(r), r.PathValue("number"), service.PriceInput{Kind: j.Kind, Amount: string(j.Amount), ValidFrom: j.ValidFrom})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, priceOf(*p))
}

func (s *Server) apiPutArticleFile(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		data, err := io.ReadAll(io.LimitReader(r.Body, service.MaxArticleFileSize+1))
		if err != nil {
			return domain.Errorf(domain.EInvalid, "Kunde inte läsa filen.")
		}
		number := r.PathValue("number")
		if err := s.svc.PutArticleFile(r.Context(), actor(r), number, kind, r.URL.Query().Get("filename"), data); err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, map[string]string{"article": number, "kind": kind, "url": "/api/v1/articles/" + number + "/" + kind})
	}
}

// serveArticleFile sends an article's picture or manual (also at /artiklar/{number}/bild and /bruksanvisning).
func (s *Server) serveArticleFile(kind string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := s.svc.ArticleFile(r.Context(), actor(r), r.PathValue("number"), kind)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", filePolicy)
		w.Header().Set("Cache-Control", "private, max-age=300")
		w.Header().Set("Last-Modified", f.UploadedAt.UTC().Format(http.TimeFormat))
		disp := "inline"
		w.Header().Set("Content-Disposition", disp+`; filename="`+strings.NewReplacer(`"`, "", "\n", "", "\r", "").Replace(f.Filename)+`"`)
		if t, err := time.Parse(http.TimeFormat, r.Header.Get("If-Modified-Since")); err == nil && !f.UploadedAt.Truncate(time.Second).After(t) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		_, err = w.Write(f.Data)
		return err
	}
}

type chainJSON struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Articles []listItemJSON `json:"articles"`
}

func chainOf(c domain.ReplacementChain) chainJSON {
	out := chainJSON{ID: strconv.FormatInt(c.ID, 10), Name: c.Name, Articles: []listItemJSON{}}
	for _, it := range c.Articles {
		out.Articles = append(out.Articles, listItemJSON{Article: it.Article, Name: it.Name, Quantity: 1})
	}
	return out
}

func (s *Server) apiChains(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.svc.ReplacementChains(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := []chainJSON{}
	for _, c := range cs {
		out = append(out, chainOf(c))
	}
	return writeJSON(w, http.StatusOK, map[string][]chainJSON{"chains": out})
}

func (s *Server) apiSaveChain(w http.ResponseWriter, r *http.Request) error {
	var j chainJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	var id int64
	status := http.StatusCreated
	if p := r.PathValue("id"); p != "" {
		n, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENotFound, "Ersättningskedjan finns inte.")
		}
		id, status = n, http.StatusOK
	}
	var arts []string
	for _, it := range j.Articles {
		arts = append(arts, it.Article)
	}
	c, err := s.svc.SaveReplacementChain(r.Context(), actor(r), id, j.Name, arts)
	if err != nil {
		return err
	}
	saved, err := s.svc.ReplacementChains(r.Context(), actor(r))
	if err != nil {
		return err
	}
	for _, sc := range saved {
		if sc.ID == c.ID {
			return writeJSON(w, status, chainOf(sc))
		}
	}
	return writeJSON(w, status, chainOf(*c))
}

type importRowJSON struct {
	Row      int      `json:"row"`
	Article  string   `json:"article"`
	Messages []string `json:"messages"`
}

type importJSON struct {
	DryRun  bool            `json:"dryRun"`
	Applied bool            `json:"applied"`
	Rows    int             `json:"rows"`
	Created int             `json:"created"`
	Updated int             `json:"updated"`
	Prices  int             `json:"prices"`
	Errors  []importRowJSON `json:"errors"`
}

func (s *Server) apiImportCatalog(w http.ResponseWriter, r *http.Request) error {
	// One byte over the limit is enough for the service to refuse the file.
	data, err := io.ReadAll(io.LimitReader(r.Body, service.MaxCatalogImportSize+1))
	if err != nil {
		return domain.Errorf(domain.EInvalid, "Kunde inte läsa filen.")
	}
	dry := r.URL.Query().Get("dryRun")
	res, err := s.svc.ImportCatalogCSV(r.Context(), actor(r), data, dry == "true" || dry == "1")
	if err != nil {
		return err
	}
	out := importJSON{DryRun: res.DryRun, Applied: res.Applied, Rows: res.Rows, Created: res.Created, Updated: res.Updated,
		Prices: res.Prices, Errors: []importRowJSON{}}
	for _, e := range res.Errors {
		row := importRowJSON{Row: e.Row, Article: e.Article, Messages: []string{}}
		for _, m := range e.Messages {
			row.Messages = append(row.Messages, messageText(langOf(r), m, m.String()))
		}
		out.Errors = append(out.Errors, row)
	}
	return writeJSON(w, http.StatusOK, out)
}
