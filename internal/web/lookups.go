package web

// Pages of the prescriber look-ups (manual: Hjälpmedel, Individkort, Varukatalog,
// Sök artikel, CFR, Dina uppgifter).

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesLookups() {
	readers := domain.StaffReaders
	s.page("GET /hjalpmedel", s.aidsPage, readers...)
	s.page("GET /hjalpmedel/aterlamnade", s.returnedPage, readers...)
	s.page("GET /hjalpmedel/arbetsorder", s.recipientDocsPage(service.ScreenWorkOrders), readers...)
	s.page("GET /hjalpmedel/hamtorder", s.recipientDocsPage(service.ScreenPickups), readers...)
	s.page("GET /hjalpmedel/komponenter", s.recipientDocsPage(service.ScreenComponents), readers...)
	s.page("GET /hjalpmedel/bmb", s.recipientDocsPage(service.ScreenTransfers), readers...)
	s.page("GET /hjalpmedel/ordination/{holding}", s.orderOverviewPage, readers...)
	s.page("GET /individkort", s.unitPage, readers...)
	s.page("GET /individkort/{unit}", s.unitPage, readers...)
	s.page("GET /varukatalog", s.cataloguePage)
	s.page("GET /varukatalog/{code}", s.cataloguePage)
	s.page("GET /artiklar", s.articlesPage)
	s.page("GET /artiklar/{number}", s.articlePage)
	s.page("GET /artiklar/{number}/information", s.articleInfoPage)
	s.page("GET /cfr", s.registryPage, readers...)
	s.page("GET /cfr/{personnummer}", s.registryPersonPage, readers...)
	s.page("GET /dina-uppgifter", s.myDetailsPage)
	s.page("POST /dina-uppgifter", s.myDetailsSubmit)
	s.routesLookupsAPI()
}

// Links to the screens of other features, pre-filled from a row of Hjälpmedel.
const (
	linkOrder     = "/kundorder"
	linkWorkOrder = "/arbetsorder"
	linkTransfer  = "/bmb/ny"
	linkPickup    = "/hamtorder"
)

// built reports whether a path leads to a working page: a menu item that has
// landed, or any other registered route.
func (s *Server) built(path string) bool {
	ok := false
	found := false
	for _, items := range [][]menuItem{prescriberMenu, backOfficeMenu} {
		for _, it := range items {
			if it.Path == path {
				ok, found = it.Built, true
			}
		}
	}
	if !found {
		_, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: path}})
		ok = pattern != "" && pattern != "/"
	}
	return ok
}

// recipientParams reads the recipient of a Hjälpmedel page: the search form's
// Mottagare + nummer, or personnummer= / kund= from a link.
func recipientParams(r *http.Request) (pnr, customer string) {
	q := r.URL.Query()
	pnr, customer = q.Get("personnummer"), q.Get("kund")
	if n := q.Get("nummer"); n != "" {
		if q.Get("mottagare") == "kund" {
			customer = n
		} else {
			pnr = n
		}
	}
	return pnr, customer
}

// aidsView is what the Hjälpmedel templates receive.
type aidsView struct {
	*service.Aids
	Searched   bool
	Returned   bool
	Query      template.URL // personnummer=… or kund=…, for links
	OnlyUnits  bool
	ISO        string
	OrderOK    bool
	TransferOK bool
	PickupOK   bool
	CanOrder   bool // a prescriber: Beställ and Arbetsorder are offered
	CanAudit   bool // an admin: a link to who has looked at the person
	PrevURL    string
	NextURL    string
}

// searchError re-renders a search form with its message next to the field, for
// input the user can correct (invalid, or a number that is not found).
func (s *Server) searchError(w http.ResponseWriter, r *http.Request, name, title string, data any, err error, rename map[string]string) error {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Code != domain.EInvalid && de.Code != domain.ENotFound) || len(de.Fields) == 0 {
		return err
	}
	msg, fields := translateError(langOf(r), de)
	p := &Page{Title: title, Data: data, Form: r.URL.Query(), ErrorMessage: msg, Errors: map[string]string{}}
	for k, v := range fields {
		if n, ok := rename[k]; ok {
			k = n
		}
		p.Errors[k] = v
	}
	return s.renderPage(w, r, httpStatus(de.Code), name, p)
}

func (s *Server) renderQuery(w http.ResponseWriter, r *http.Request, name, title string, data any) error {
	return s.renderPage(w, r, http.StatusOK, name, &Page{Title: title, Data: data, Form: r.URL.Query()})
}

var aidsFieldNames = map[string]string{"personnummer": "nummer", "kund": "nummer"}

func (s *Server) aidsPage(w http.ResponseWriter, r *http.Request) error {
	return s.aidsOrReturned(w, r, false)
}

func (s *Server) returnedPage(w http.ResponseWriter, r *http.Request) error {
	return s.aidsOrReturned(w, r, true)
}

func (s *Server) aidsOrReturned(w http.ResponseWriter, r *http.Request, returned bool) error {
	title := "Hjälpmedel"
	if returned {
		title = "Återlämnade hjälpmedel"
	}
	pnr, cust := recipientParams(r)
	q := r.URL.Query()
	view := aidsView{Returned: returned, OnlyUnits: q.Get("individer") != "", ISO: q.Get("iso"),
		OrderOK: s.built(linkOrder), TransferOK: s.built(linkTransfer), PickupOK: s.built(linkPickup),
		CanOrder: actor(r).Can(domain.RolePrescriber), CanAudit: actor(r).Can(domain.RoleAdmin)}
	if pnr == "" && cust == "" && !q.Has("nummer") {
		return s.renderQuery(w, r, "lookups/aids", title, view)
	}
	view.Searched = true
	page, _ := strconv.Atoi(q.Get("sida"))
	aids, err := s.svc.PatientAids(r.Context(), actor(r), service.AidsQuery{Personnummer: pnr, Customer: cust,
		OnlyUnits: view.OnlyUnits, ISO: view.ISO, Returned: returned, Page: page})
	if err != nil {
		view.Searched = false
		return s.searchError(w, r, "lookups/aids", title, view, err, aidsFieldNames)
	}
	view.Aids = aids
	view.Query = recipientQuery(aids.AidsRecipient)
	if aids.Customer != nil {
		view.PrevURL, view.NextURL = pagerURLs(r, aids.Page, aids.More)
	}
	return s.renderQuery(w, r, "lookups/aids", title, view)
}

// recipientQuery is the query that names a recipient in links (personnummer=… or kund=…).
func recipientQuery(rc service.AidsRecipient) template.URL {
	if rc.Person != nil {
		return template.URL("personnummer=" + rc.Person.Personnummer)
	}
	return template.URL("kund=" + url.QueryEscape(rc.Customer.Number))
}

type docsView struct {
	*service.RecipientDocs
	Screen     string
	Query      template.URL
	PickupOK   bool
	TransferOK bool
}

func (s *Server) recipientDocsPage(screen string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		pnr, cust := recipientParams(r)
		view := docsView{Screen: screen, PickupOK: s.built(linkPickup), TransferOK: s.built(linkTransfer)}
		if screen == service.ScreenTransfers {
			rc, err := s.svc.ParseRecipient(r.Context(), actor(r), pnr, cust)
			if err != nil {
				return err
			}
			if view.TransferOK {
				http.Redirect(w, r, linkTransfer+"?"+string(recipientQuery(rc)), http.StatusSeeOther)
				return nil
			}
			view.RecipientDocs = &service.RecipientDocs{AidsRecipient: rc}
			view.Query = recipientQuery(rc)
			return s.render(w, r, "lookups/docs", screen, view)
		}
		docs, err := s.svc.RecipientDocuments(r.Context(), actor(r), pnr, cust, screen)
		if err != nil {
			return err
		}
		view.RecipientDocs = docs
		view.Query = recipientQuery(docs.AidsRecipient)
		return s.render(w, r, "lookups/docs", screen, view)
	}
}

func (s *Server) orderOverviewPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.OrderOverview(r.Context(), actor(r), r.PathValue("holding"))
	if err != nil {
		return err
	}
	return s.render(w, r, "lookups/ordination", "Ordinationsöversikt", o)
}

type unitView struct {
	*service.UnitCard
	HolderQuery template.URL
	TransferOK  bool
	PickupOK    bool
	MayBlock    bool // the back office may block and release the unit
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("unit")
	if number == "" {
		number = r.URL.Query().Get("individ")
	}
	view := s.newUnitView(r)
	if strings.TrimSpace(number) == "" && !r.URL.Query().Has("individ") {
		return s.renderQuery(w, r, "lookups/unit", "Individkort", view)
	}
	card, err := s.svc.UnitCard(r.Context(), actor(r), number)
	if err != nil {
		return s.searchError(w, r, "lookups/unit", "Individkort", view, err, nil)
	}
	view.setCard(card)
	p := &Page{Title: "Individkort", Data: view, Form: url.Values{"individ": {card.Unit.Number}}}
	return s.renderPage(w, r, http.StatusOK, "lookups/unit", p)
}

func (s *Server) newUnitView(r *http.Request) unitView {
	return unitView{TransferOK: s.built(linkTransfer), PickupOK: s.built(linkPickup),
		MayBlock: actor(r).Can(domain.UnitBlockers...)}
}

func (v *unitView) setCard(card *service.UnitCard) {
	v.UnitCard = card
	if card.Holding != nil {
		v.HolderQuery = recipientQuery(card.Holder)
	}
}

// unitPageWithError shows the Individkort again with a refused action's message
// (the block form keeps its reason).
func (s *Server) unitPageWithError(w http.ResponseWriter, r *http.Request, unit string, actionErr error) error {
	view := s.newUnitView(r)
	card, err := s.svc.UnitCard(r.Context(), actor(r), unit)
	if err != nil {
		return err
	}
	view.setCard(card)
	return s.renderForm(w, r, "lookups/unit", "Individkort", view, actionErr)
}

type catalogueView struct {
	*service.Catalogue
	All bool
}

func (s *Server) cataloguePage(w http.ResponseWriter, r *http.Request) error {
	all := r.URL.Query().Get("visa") == "alla"
	c, err := s.svc.Catalogue(r.Context(), actor(r), r.PathValue("code"), all)
	if err != nil {
		return err
	}
	return s.render(w, r, "lookups/catalogue", "Varukatalog", catalogueView{Catalogue: c, All: all})
}

type articlesView struct {
	*service.ArticleResults
	Suppliers   []domain.Supplier
	Supplier    string
	Searched    bool
	WithBalance bool
}

func articleSearchOf(r *http.Request) service.ArticleSearch {
	q := r.URL.Query()
	return service.ArticleSearch{Number: q.Get("artikel"), SupplierArticleNumber: q.Get("levartnr"), Name: q.Get("benamning"),
		Product: q.Get("produkt"), ProductName: q.Get("produktnamn"), Supplier: q.Get("leverantor"),
		All: q.Get("visa") == "alla", WithBalance: q.Get("saldo") != ""}
}

func (s *Server) articlesPage(w http.ResponseWriter, r *http.Request) error {
	in := articleSearchOf(r)
	in.WithSuppliers = true // the form's, read with the own warehouse
	view := articlesView{Supplier: in.Supplier, WithBalance: in.WithBalance}
	if len(r.URL.Query()) == 0 || r.URL.Query().Get("print") == "1" && len(r.URL.Query()) == 1 {
		return s.articlesForm(w, r, view, nil)
	}
	res, err := s.svc.SearchArticles(r.Context(), actor(r), in)
	if err != nil {
		return s.articlesForm(w, r, view, err)
	}
	view.ArticleResults, view.Suppliers, view.Searched = res, res.Suppliers, true
	return s.renderQuery(w, r, "lookups/articles", "Sök artikel", view)
}

// articlesForm shows Sök artikel without results: the empty form, or a refused
// search's message (searchErr).
func (s *Server) articlesForm(w http.ResponseWriter, r *http.Request, view articlesView, searchErr error) error {
	sups, err := s.svc.Suppliers(r.Context())
	if err != nil {
		return err
	}
	view.Suppliers = sups
	if searchErr != nil {
		return s.searchError(w, r, "lookups/articles", "Sök artikel", view, searchErr, nil)
	}
	return s.renderQuery(w, r, "lookups/articles", "Sök artikel", view)
}

type articleView struct {
	*service.ArticlePage
	Back    string
	OrderOK bool
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Article(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	back := r.URL.Query().Get("tillbaka")
	if !localPath(back) {
		back = ""
	}
	return s.render(w, r, "lookups/article", "Artikel", articleView{ArticlePage: p, Back: back, OrderOK: s.built(linkOrder)})
}

func (s *Server) articleInfoPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.Article(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return s.render(w, r, "lookups/articleinfo", "Artikelinformation", p)
}

type registryView struct {
	*service.RegistryResults
	Searched bool
	PrevURL  string
	NextURL  string
}

// pagerURLs are the links to the page before and after page of a paged list
// (query parameter sida), "" where there is none.
func pagerURLs(r *http.Request, page int, more bool) (prev, next string) {
	url := func(n int) string {
		v := r.URL.Query()
		v.Del("print")
		v.Set("sida", strconv.Itoa(n))
		return r.URL.Path + "?" + v.Encode()
	}
	if page > 1 {
		prev = url(page - 1)
	}
	if more {
		next = url(page + 1)
	}
	return prev, next
}

func registrySearchOf(r *http.Request) service.RegistrySearch {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("sida"))
	return service.RegistrySearch{Name: q.Get("namn"), Street: q.Get("gatuadress"), PostalCode: q.Get("postnr"),
		Personnummer: q.Get("personnr"), Town: q.Get("postort"), Sex: q.Get("kon"), Page: page}
}

func (s *Server) registryPage(w http.ResponseWriter, r *http.Request) error {
	view := registryView{}
	q := r.URL.Query()
	q.Del("print")
	if len(q) == 0 {
		return s.renderQuery(w, r, "lookups/cfr", "CFR", view)
	}
	res, err := s.svc.SearchRegistry(r.Context(), actor(r), registrySearchOf(r))
	if err != nil {
		return s.searchError(w, r, "lookups/cfr", "CFR", view, err, map[string]string{"personnummer": "personnr"})
	}
	view.RegistryResults, view.Searched = res, true
	view.PrevURL, view.NextURL = pagerURLs(r, res.Page, res.More)
	return s.renderQuery(w, r, "lookups/cfr", "CFR", view)
}

func (s *Server) registryPersonPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.svc.RegistryPerson(r.Context(), actor(r), r.PathValue("personnummer"))
	if err != nil {
		return err
	}
	return s.render(w, r, "lookups/cfrperson", "CFR", p)
}

func (s *Server) myDetailsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.svc.MyDetails(r.Context(), actor(r))
	if err != nil {
		return err
	}
	form := url.Values{"name": {d.User.Name}, "phone": {d.User.Phone}, "mobile": {d.User.Mobile}, "email": {d.User.Email}}
	return s.renderPage(w, r, http.StatusOK, "lookups/mine", &Page{Title: "Dina uppgifter", Data: d, Form: form})
}

func (s *Server) myDetailsSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.ContactInput{Name: r.PostFormValue("name"), Phone: r.PostFormValue("phone"),
		Mobile: r.PostFormValue("mobile"), Email: r.PostFormValue("email")}
	if err := s.svc.UpdateMyContact(r.Context(), actor(r), in); err != nil {
		d, lerr := s.svc.MyDetails(r.Context(), actor(r))
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "lookups/mine", "Dina uppgifter", d, err)
	}
	return s.redirectWithFlash(w, r, "/dina-uppgifter", "Dina uppgifter är sparade.")
}
