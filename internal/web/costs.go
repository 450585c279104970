package web

// The cost view (SPEC §10.11): Kostnader for a patient, from Hjälpmedel, and
// per payer for the admin, on screen, as CSV and as JSON.

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

func (s *Server) routesCosts() {
	s.page("GET /hjalpmedel/kostnader", s.patientCostsPage, domain.StaffReaders...)
	s.page("GET /admin/kostnader", s.payerCostsPage, domain.RoleAdmin)
	s.apiRoute("GET /api/v1/patients/{personnummer}/costs", APIDoc{Summary: "Kostnader: vad patientens hjälpmedel har kostat och kommer att kosta, och om köp hade varit billigare",
		Tag: "lookups", Description: "Räknat med faktureringens regler: billed är de avslutade månadernas rader (samma som månadskörningarna), " +
			"remaining månaderna från den innevarande tills individen är avskriven (open: kostar utan slut, monthlyRent per månad). " +
			"Bara hjälpmedel under dina kunder; uppslaget loggas som person.view. En förskrivare utan något av patientens hjälpmedel under sina kunder får 403.",
		Response: patientCostsJSON{}}, s.apiPatientCosts, domain.StaffReaders...)
	s.apiRoute("GET /api/v1/payers/{payer}/costs", APIDoc{Summary: "Kostnader för en betalare under en period, per artikel och ISO-klass (?format=csv för CSV)",
		Tag: "billing", Query: []QueryParam{{"from", "första månaden, ÅÅÅÅ-MM (förval: elva månader före to)"}, {"to", "sista månaden, ÅÅÅÅ-MM (förval: den senast avslutade)"},
			{"format", "csv för CSV: rubrikrad och en rad per artikel"}},
		Response: payerCostsJSON{}, Files: csvFile}, s.apiPayerCosts, domain.RoleAdmin)
}

// patientCostsView is what the Kostnader page shows.
type patientCostsView struct {
	*service.PatientCosts
	Query template.URL
}

func (s *Server) patientCostsPage(w http.ResponseWriter, r *http.Request) error {
	pnr, _ := recipientParams(r)
	c, err := s.svc.PatientCosts(r.Context(), actor(r), pnr)
	if err != nil {
		return err
	}
	return s.render(w, r, "lookups/costs", "Kostnader", patientCostsView{PatientCosts: c, Query: recipientQuery(c.AidsRecipient)})
}

func (s *Server) apiPatientCosts(w http.ResponseWriter, r *http.Request) error {
	c, err := s.svc.PatientCosts(r.Context(), actor(r), r.PathValue("personnummer"))
	if err != nil {
		return err
	}
	out := patientCostsJSON{Patient: registryPersonOf(c.Person), Today: c.Today.Format(time.DateOnly),
		BilledThrough: c.BilledThrough.Format("2006-01"), Aids: []aidCostJSON{}, Totals: costTotalsJSON{
			Billed: c.Totals.Billed.APIString(), Remaining: c.Totals.Remaining.APIString(), Total: c.Totals.Total.APIString(),
			BuyPrice: c.Totals.BuyPrice.APIString(), BuyingCheaper: c.Totals.BuyingCheaper}}
	for _, a := range c.Aids {
		out.Aids = append(out.Aids, aidCostOf(a))
	}
	return writeJSON(w, http.StatusOK, out)
}

type patientCostsJSON struct {
	Patient       *registryPersonJSON `json:"patient"`
	Today         string              `json:"today"`
	BilledThrough string              `json:"billedThrough"` // the latest ended month, YYYY-MM
	Aids          []aidCostJSON       `json:"aids"`
	Totals        costTotalsJSON      `json:"totals"`
}

type costTotalsJSON struct {
	Billed        string `json:"billed"`
	Remaining     string `json:"remaining"`
	Total         string `json:"total"`
	BuyPrice      string `json:"buyPrice"`
	BuyingCheaper int    `json:"buyingCheaper"` // how many rented aids would have been cheaper to buy
}

type aidCostJSON struct {
	Holding       string  `json:"holding"`
	Article       string  `json:"article"`
	Name          string  `json:"name"`
	ISOCode       string  `json:"isoCode"`
	Unit          *string `json:"unit"`
	AttachedUnit  *string `json:"attachedUnit"`
	Quantity      int     `json:"quantity"`
	Purpose       string  `json:"purpose" enum:"rent,buy"`
	PurposeText   string  `json:"purposeText"`
	Customer      string  `json:"customer"`
	Payer         string  `json:"payer"`
	DeliveryDate  string  `json:"deliveryDate"`
	RentStart     string  `json:"rentStart"`
	EndDate       *string `json:"endDate"`
	MonthlyRent   string  `json:"monthlyRent"`
	Billed        string  `json:"billed"`
	Remaining     string  `json:"remaining"`
	Total         string  `json:"total"`
	FreeFrom      *string `json:"freeFrom"` // the day it costs nothing any more (depreciated)
	Open          bool    `json:"open"`     // held and never depreciated: costs monthlyRent a month on
	BuyPrice      *string `json:"buyPrice"`
	BuyingCheaper bool    `json:"buyingCheaper"`
}

func aidCostOf(a service.AidCost) aidCostJSON {
	out := aidCostJSON{Holding: strconv.FormatInt(a.ID, 10), Article: a.Article, Name: a.ArticleName, ISOCode: a.ISO,
		Unit: strPtr(a.Unit), AttachedUnit: strPtr(a.Attached), Quantity: a.Quantity, Purpose: a.Purpose, PurposeText: domain.PurposeText(a.Purpose),
		Customer: a.Customer, Payer: a.Payer, DeliveryDate: a.DeliveryDate.Format(time.DateOnly), RentStart: a.RentStart.Format(time.DateOnly),
		EndDate: datePtr(a.EndDate), MonthlyRent: a.MonthlyRent.APIString(), Billed: a.Billed.APIString(), Remaining: a.Remaining.APIString(),
		Total: a.Total().APIString(), FreeFrom: datePtr(a.FreeFrom), Open: a.Open, BuyingCheaper: a.BuyingCheaper()}
	if a.HasBuyPrice {
		p := a.BuyPrice.APIString()
		out.BuyPrice = &p
	}
	return out
}

// payerCostsView is the admin's Kostnader per betalare page.
type payerCostsView struct {
	*service.PayerCosts
	Payers []boOption
}

func (s *Server) payerCostsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	payers, err := s.svc.Payers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	view := payerCostsView{}
	for _, p := range payers {
		view.Payers = append(view.Payers, boOption{p.Number, p.Number + " " + p.Name})
	}
	if q.Get("betalare") == "" {
		return s.renderQuery(w, r, "backoffice/payer_costs", "Kostnader per betalare", view)
	}
	c, err := s.svc.PayerCosts(r.Context(), actor(r), service.PayerCostsQuery{Payer: q.Get("betalare"), From: q.Get("fran"), To: q.Get("till")})
	if err != nil {
		return s.searchError(w, r, "backoffice/payer_costs", "Kostnader per betalare", view, err,
			map[string]string{"payer": "betalare", "from": "fran", "to": "till"})
	}
	if q.Get("format") == "csv" {
		return writeCSV(w, "kostnader-"+c.Payer+"-"+c.From.Format("2006-01")+"-"+c.To.Format("2006-01"), payerCostsCSV(c))
	}
	view.PayerCosts = c
	return s.renderQuery(w, r, "backoffice/payer_costs", "Kostnader per betalare", view)
}

// payerCostsCSV is one row per article, as the page's table.
func payerCostsCSV(c *service.PayerCosts) [][]string {
	recs := [][]string{{"payer", "from", "to", "isoCode", "article", "name", "holdings", "rent", "purchase", "spareParts", "total", "buyPrice", "buyingCheaper"}}
	for _, a := range c.Articles {
		recs = append(recs, []string{c.Payer, c.From.Format("2006-01"), c.To.Format("2006-01"), a.ISO, a.Article, a.ArticleName,
			strconv.Itoa(a.Holdings), a.Rent.APIString(), a.Purchase.APIString(), a.SpareParts.APIString(), a.Total.APIString(),
			a.BuyPrice.APIString(), strconv.Itoa(a.BuyingCheaper)})
	}
	return recs
}

type periodCostJSON struct {
	Holdings      int    `json:"holdings"`
	Rent          string `json:"rent"`
	Purchase      string `json:"purchase"`
	SpareParts    string `json:"spareParts"`
	Total         string `json:"total"`
	BuyPrice      string `json:"buyPrice"`
	BuyingCheaper int    `json:"buyingCheaper"`
}

func periodCostOf(p service.PeriodCost) periodCostJSON {
	return periodCostJSON{Holdings: p.Holdings, Rent: p.Rent.APIString(), Purchase: p.Purchase.APIString(), SpareParts: p.SpareParts.APIString(),
		Total: p.Total.APIString(), BuyPrice: p.BuyPrice.APIString(), BuyingCheaper: p.BuyingCheaper}
}

type articleCostJSON struct {
	ISOCode string `json:"isoCode"`
	Article string `json:"article"`
	Name    string `json:"name"`
	periodCostJSON
}

type classCostJSON struct {
	ISOClass string `json:"isoClass"`
	Name     string `json:"name"`
	periodCostJSON
}

type payerCostsJSON struct {
	Payer     string            `json:"payer"`
	PayerName string            `json:"payerName"`
	From      string            `json:"from"`
	To        string            `json:"to"`
	Articles  []articleCostJSON `json:"articles"`
	Classes   []classCostJSON   `json:"classes"`
	Total     periodCostJSON    `json:"total"`
}

func (s *Server) apiPayerCosts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c, err := s.svc.PayerCosts(r.Context(), actor(r), service.PayerCostsQuery{Payer: r.PathValue("payer"), From: q.Get("from"), To: q.Get("to")})
	if err != nil {
		return err
	}
	if q.Get("format") == "csv" {
		return writeCSV(w, "kostnader-"+c.Payer+"-"+c.From.Format("2006-01")+"-"+c.To.Format("2006-01"), payerCostsCSV(c))
	}
	out := payerCostsJSON{Payer: c.Payer, PayerName: c.PayerName, From: c.From.Format("2006-01"), To: c.To.Format("2006-01"),
		Articles: []articleCostJSON{}, Classes: []classCostJSON{}, Total: periodCostOf(c.Total)}
	for _, a := range c.Articles {
		out.Articles = append(out.Articles, articleCostJSON{ISOCode: a.ISO, Article: a.Article, Name: a.ArticleName, periodCostJSON: periodCostOf(a.PeriodCost)})
	}
	for _, k := range c.Classes {
		out.Classes = append(out.Classes, classCostJSON{ISOClass: k.Class, Name: k.Name, periodCostJSON: periodCostOf(k.PeriodCost)})
	}
	return writeJSON(w, http.StatusOK, out)
}
