package web

import (
	"net/http"
	"net/url"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// The finance export (SPEC §10.8, admin): the billing settings (organisation,
// accounts, each payer's cost centre) and a closed month as a SIE 4 file.

func (s *Server) routesBillingExport() {
	admin := domain.RoleAdmin
	s.page("GET /admin/fakturering/installningar", s.billingSettingsPage, admin)
	s.page("POST /admin/fakturering/installningar", s.billingSettingsSubmit, admin)
	s.page("GET /admin/fakturering/{month}/sie", s.billingSIE, admin)
	s.apiRoute("GET /api/v1/billing/runs/{month}/sie", APIDoc{Summary: "En stängd månad som SIE 4-fil (teckentabell PC8/CP437): en verifikation per betalare", Tag: "billing",
		Files: []string{"text/plain"}}, s.billingSIE, admin)
	s.apiRoute("GET /api/v1/billing/settings", APIDoc{Summary: "Inställningar för fakturering: organisation, verifikationsserie, konton och betalarnas kostnadsställen (admin)", Tag: "billing",
		Response: billingSettingsJSON{}}, s.apiBillingSettings, admin)
	s.apiRoute("PUT /api/v1/billing/settings", APIDoc{Summary: "Spara inställningarna för fakturering (admin); betalare som inte nämns i costCentres behåller sitt kostnadsställe, en tom sträng tar bort det", Tag: "billing",
		Request: billingSettingsJSON{}, Response: billingSettingsJSON{}}, s.apiSaveBillingSettings, admin)
}

// accountJSON is a finance account in the API.
type accountJSON struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}

// billingSettingsJSON is the billing settings in the API; costCentres maps a
// payer number to its cost centre.
type billingSettingsJSON struct {
	OrgNumber   string            `json:"orgNumber"`
	CompanyName string            `json:"companyName"`
	Series      string            `json:"series"`
	Receivable  accountJSON       `json:"receivable"`
	Rent        accountJSON       `json:"rent"`
	Sale        accountJSON       `json:"sale"`
	Credit      accountJSON       `json:"credit"`
	CostCentres map[string]string `json:"costCentres"`
}

func billingSettingsOf(st domain.BillingSettings, payers []service.PayerCostCentre) billingSettingsJSON {
	acc := func(a domain.Account) accountJSON { return accountJSON(a) }
	j := billingSettingsJSON{OrgNumber: st.OrgNumber, CompanyName: st.CompanyName, Series: st.Series,
		Receivable: acc(st.Receivable), Rent: acc(st.Rent), Sale: acc(st.Sale), Credit: acc(st.Credit), CostCentres: map[string]string{}}
	for _, p := range payers {
		if p.CostCentre != "" {
			j.CostCentres[p.Payer] = p.CostCentre
		}
	}
	return j
}

func (s *Server) apiBillingSettings(w http.ResponseWriter, r *http.Request) error {
	st, payers, err := s.svc.BillingSettings(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, billingSettingsOf(st, payers))
}

func (s *Server) apiSaveBillingSettings(w http.ResponseWriter, r *http.Request) error {
	var j billingSettingsJSON
	if err := readJSON(r, &j); err != nil {
		return err
	}
	acc := func(a accountJSON) domain.Account { return domain.Account(a) }
	in := service.BillingSettingsInput{Settings: domain.BillingSettings{OrgNumber: j.OrgNumber, CompanyName: j.CompanyName, Series: j.Series,
		Receivable: acc(j.Receivable), Rent: acc(j.Rent), Sale: acc(j.Sale), Credit: acc(j.Credit)}, CostCentres: j.CostCentres}
	if in.CostCentres == nil {
		in.CostCentres = map[string]string{}
	}
	if err := s.svc.SaveBillingSettings(r.Context(), actor(r), in); err != nil {
		return err
	}
	return s.apiBillingSettings(w, r)
}

type billingSettingsData struct {
	Accounts []accountFields
	Payers   []service.PayerCostCentre
}

// accountFields is one account's fieldset on the form.
type accountFields struct {
	Legend, Number, Name string // Number and Name are the fields' names
}

func (s *Server) billingSettingsData(r *http.Request) (billingSettingsData, domain.BillingSettings, error) {
	settings, payers, err := s.svc.BillingSettings(r.Context(), actor(r))
	d := billingSettingsData{Payers: payers}
	for _, a := range domain.SettingsAccounts {
		d.Accounts = append(d.Accounts, accountFields{Legend: string(a.Label), Number: a.Field + "Account", Name: a.Field + "Name"})
	}
	return d, settings, err
}

func (s *Server) billingSettingsPage(w http.ResponseWriter, r *http.Request) error {
	d, settings, err := s.billingSettingsData(r)
	if err != nil {
		return err
	}
	f := url.Values{}
	f.Set("orgNumber", settings.OrgNumber)
	f.Set("companyName", settings.CompanyName)
	f.Set("series", settings.Series)
	for _, a := range domain.SettingsAccounts {
		acc := a.Of(&settings)
		f.Set(a.Field+"Account", acc.Number)
		f.Set(a.Field+"Name", acc.Name)
	}
	for _, p := range d.Payers {
		f.Set(service.CostCentreField(p.Payer), p.CostCentre)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/billing_settings", &Page{Title: "Inställningar för fakturering", Form: f, Data: d})
}

func (s *Server) billingSettingsSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	in := service.BillingSettingsInput{Settings: domain.BillingSettings{OrgNumber: f.Get("orgNumber"), CompanyName: f.Get("companyName"),
		Series: f.Get("series")}, CostCentres: map[string]string{}}
	for _, a := range domain.SettingsAccounts {
		*a.Of(&in.Settings) = domain.Account{Number: f.Get(a.Field + "Account"), Name: f.Get(a.Field + "Name")}
	}
	d, _, err := s.billingSettingsData(r)
	if err != nil {
		return err
	}
	for _, p := range d.Payers {
		if v, ok := f[service.CostCentreField(p.Payer)]; ok {
			in.CostCentres[p.Payer] = v[0]
		}
	}
	if err := s.svc.SaveBillingSettings(r.Context(), actor(r), in); err != nil {
		return s.renderForm(w, r, "backoffice/billing_settings", "Inställningar för fakturering", d, err)
	}
	return s.redirectWithFlash(w, r, "/admin/fakturering", "Inställningarna för fakturering är sparade.")
}

// billingSIE downloads a closed month's SIE 4 file, from the billing page and the API.
func (s *Server) billingSIE(w http.ResponseWriter, r *http.Request) error {
	month := r.PathValue("month")
	b, err := s.svc.BillingSIE(r.Context(), actor(r), month)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=IBM437")
	w.Header().Set("Content-Disposition", `attachment; filename="hjalpmedel-`+month+`.se"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}
