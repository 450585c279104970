package web

import (
	"bytes"
	"net/http"
	"strconv"

	"hjalpmedel/internal/csvsafe"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Fakturering (SPEC §7, admin): the monthly run, the invoice basis per payer on
// screen, as CSV and as PDF, and closing a month.

func (s *Server) routesBillingAdmin() {
	admin := domain.RoleAdmin
	s.page("GET /admin/fakturering", s.billingPage, admin)
	s.page("POST /admin/fakturering", s.billingRunSubmit, admin)
	s.page("POST /admin/fakturering/{month}/stang", s.billingCloseSubmit, admin)
	s.page("GET /admin/fakturering/{month}/{payer}", s.invoiceBasisPage, admin)
	s.page("GET /admin/fakturering/rad/{id}/rattelse", s.billingCorrectionPage, admin)
	s.page("POST /admin/fakturering/rad/{id}/rattelse", s.billingCorrectionSubmit, admin)
	s.apiRoute("POST /api/v1/billing/runs", APIDoc{Summary: "Kör månadens fakturering (klar när svaret kommer); samma månad igen ger samma rader", Tag: "billing",
		Request: billingRunIn{}, Response: billingRunJSON{}, Status: http.StatusCreated}, s.apiBillingRun, admin)
	s.apiRoute("GET /api/v1/billing/runs/{month}", APIDoc{Summary: "En månads körning med summa per betalare", Tag: "billing",
		Response: billingRunJSON{}}, s.apiBillingMonth, admin)
	s.apiRoute("POST /api/v1/billing/runs/{month}/close", APIDoc{Summary: "Stäng månaden: den ändras sedan inte", Tag: "billing",
		EmptyBody: true, Response: billingRunJSON{}}, s.apiBillingClose, admin)
	s.apiRoute("GET /api/v1/billing/runs/{month}/payers/{payer}", APIDoc{Summary: "Fakturaunderlag för en betalare (?format=csv för CSV, ?format=pdf för PDF)", Tag: "billing",
		Query: []QueryParam{{"format", "csv för CSV: rubrikrad och en rad per fakturarad, ingen körningstid"}}, Response: invoiceBasisJSON{},
		Files: csvAndPDF}, s.apiInvoiceBasis, admin)
	s.apiRoute("POST /api/v1/billing/lines/{id}/corrections", APIDoc{Summary: "Rättelse av en rad i en stängd månad: en rad i nästa öppna månad med belopp och orsak", Tag: "billing",
		Request: billingCorrectionIn{}, Response: billingCorrectionJSON{}, Status: http.StatusCreated}, s.apiBillingCorrection, admin)
}

type billingPageData struct {
	Month       string
	Runs        []domain.BillingRun
	Result      *service.BillingRunResult
	Corrections []domain.BillingCorrection // billed in Month, run or not
}

func (s *Server) billingPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	runs, err := s.svc.BillingRuns(r.Context(), a)
	if err != nil {
		return err
	}
	month := r.URL.Query().Get("month")
	if month == "" {
		month = domain.MonthOf(s.svc.Today()).AddDate(0, -1, 0).Format("2006-01")
	}
	data := billingPageData{Month: month, Runs: runs}
	if r.URL.Query().Get("month") != "" {
		res, err := s.svc.BillingMonth(r.Context(), a, month)
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return s.renderForm(w, r, "backoffice/billing", "Fakturering", data, err)
		}
		data.Result = res
		if data.Corrections, err = s.svc.BillingCorrections(r.Context(), a, month); err != nil {
			return err
		}
	}
	if r.Form.Get("month") == "" {
		r.Form.Set("month", month)
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/billing", &Page{Title: "Fakturering", Form: r.Form, Data: data})
}

func (s *Server) billingRunSubmit(w http.ResponseWriter, r *http.Request) error {
	month := r.PostFormValue("month")
	if _, err := s.svc.RunBilling(r.Context(), actor(r), month); err != nil {
		runs, rerr := s.svc.BillingRuns(r.Context(), actor(r))
		if rerr != nil {
			return rerr
		}
		return s.renderForm(w, r, "backoffice/billing", "Fakturering", billingPageData{Month: month, Runs: runs}, err)
	}
	return s.redirectWithFlash(w, r, "/admin/fakturering?month="+month, "Faktureringen är körd.")
}

func (s *Server) billingCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	month := r.PathValue("month")
	if err := s.svc.CloseBillingMonth(r.Context(), actor(r), month); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/admin/fakturering?month="+month, "Månaden är stängd.")
}

func (s *Server) invoiceBasisPage(w http.ResponseWriter, r *http.Request) error {
	ib, err := s.svc.PayerInvoiceBasis(r.Context(), actor(r), r.PathValue("month"), r.PathValue("payer"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("format") {
	case "csv":
		return writeInvoiceCSV(w, ib)
	case "pdf":
		return writeInvoicePDF(w, r, ib)
	}
	return s.render(w, r, "backoffice/invoice", "Fakturaunderlag", ib)
}

type billingRunIn struct {
	Month string `json:"month"`
}

type payerTotalJSON struct {
	Payer string `json:"payer"`
	Name  string `json:"name"`
	Lines int    `json:"lines"`
	Total string `json:"total"`
}

type billingRunJSON struct {
	Month      string           `json:"month"`
	Status     string           `json:"status"`
	StatusText string           `json:"statusText"`
	Payers     []payerTotalJSON `json:"payers"`
	Total      string           `json:"total"`
}

func billingRunOf(res *service.BillingRunResult) billingRunJSON {
	out := billingRunJSON{Month: res.Run.Month, Status: res.Run.Status, StatusText: domain.BillingRunStatusText(res.Run.Status), Payers: []payerTotalJSON{}}
	var total domain.Ore
	for _, p := range res.Payers {
		out.Payers = append(out.Payers, payerTotalJSON{Payer: p.Payer, Name: p.Name, Lines: p.Lines, Total: p.Total.APIString()})
		total += p.Total
	}
	out.Total = total.APIString()
	return out
}

func (s *Server) apiBillingRun(w http.ResponseWriter, r *http.Request) error {
	var in billingRunIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	res, err := s.svc.RunBilling(r.Context(), actor(r), in.Month)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, billingRunOf(res))
}

func (s *Server) apiBillingMonth(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.BillingMonth(r.Context(), actor(r), r.PathValue("month"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, billingRunOf(res))
}

func (s *Server) apiBillingClose(w http.ResponseWriter, r *http.Request) error {
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	if err := s.svc.CloseBillingMonth(r.Context(), actor(r), r.PathValue("month")); err != nil {
		return err
	}
	return s.apiBillingMonth(w, r)
}

// invoiceLineJSON is one billing line: what it is (kind), for which holding or
// unit, which days, which price valid from when, so a payer can recompute it.
type invoiceLineJSON struct {
	ID             string  `json:"id"`
	Holding        *string `json:"holding"`
	Recipient      string  `json:"recipient"`
	RecipientName  string  `json:"recipientName"`
	Article        string  `json:"article"`
	ArticleName    string  `json:"articleName"`
	Unit           *string `json:"unit"`
	Kind           string  `json:"kind"`
	KindText       string  `json:"kindText"`
	From           string  `json:"from"`
	To             string  `json:"to"`
	Days           int     `json:"days"`
	DaysInMonth    int     `json:"daysInMonth"`
	Quantity       int     `json:"quantity"`
	Price          string  `json:"price"`
	PriceValidFrom *string `json:"priceValidFrom"`
	Amount         string  `json:"amount"`
	WorkOrder      *string `json:"workOrder"`
	CorrectsMonth  *string `json:"correctsMonth"`
	CorrectsLine   *string `json:"correctsLine"`
	Reason         string  `json:"reason"`
}

func invoiceLineOf(l domain.StoredBillingLine) invoiceLineJSON {
	j := invoiceLineJSON{ID: strconv.FormatInt(l.ID, 10), Recipient: l.Recipient, RecipientName: l.RecipientName, Article: l.Article,
		ArticleName: l.ArticleName, Unit: optString(l.Unit), Kind: l.Kind, KindText: domain.LineKindText(l.Kind),
		From: domain.FormatDate(l.From), To: domain.FormatDate(l.To), Days: l.Days, DaysInMonth: l.DaysInMonth, Quantity: l.Quantity,
		Price: l.Price.APIString(), Amount: l.Amount.APIString(), WorkOrder: optString(l.WorkOrder),
		CorrectsMonth: optString(l.CorrectsMonth), Reason: l.Reason}
	if l.HoldingID != 0 {
		j.Holding = optString(strconv.FormatInt(l.HoldingID, 10))
	}
	if !l.PriceFrom.IsZero() {
		j.PriceValidFrom = optString(domain.FormatDate(l.PriceFrom))
	}
	if l.CorrectsLineID != 0 {
		j.CorrectsLine = optString(strconv.FormatInt(l.CorrectsLineID, 10))
	}
	return j
}

type invoiceBasisJSON struct {
	Month      string            `json:"month"`
	Status     string            `json:"status"`
	StatusText string            `json:"statusText"`
	Payer      string            `json:"payer"`
	PayerName  string            `json:"payerName"`
	Total      string            `json:"total"`
	Lines      []invoiceLineJSON `json:"lines"`
}

func (s *Server) apiInvoiceBasis(w http.ResponseWriter, r *http.Request) error {
	ib, err := s.svc.PayerInvoiceBasis(r.Context(), actor(r), r.PathValue("month"), r.PathValue("payer"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("format") {
	case "csv":
		return writeInvoiceCSV(w, ib)
	case "pdf":
		return writeInvoicePDF(w, r, ib)
	}
	out := invoiceBasisJSON{Month: ib.Month, Status: ib.Status, StatusText: domain.BillingRunStatusText(ib.Status), Payer: ib.Payer,
		PayerName: ib.PayerName, Total: ib.Total.APIString(), Lines: []invoiceLineJSON{}}
	for _, l := range ib.Lines {
		out.Lines = append(out.Lines, invoiceLineOf(l))
	}
	return writeJSON(w, http.StatusOK, out)
}

// invoiceCSVHeader is the CSV's header row; the file has no run timestamp and no
// line ids (a re-run renumbers them), so two runs of the same month compare equal
// byte for byte. A correction names the closed month and line it corrects.
var invoiceCSVHeader = []string{"month", "payer", "holding", "recipient", "recipientName", "article", "articleName", "unit", "kind",
	"kindText", "from", "to", "days", "daysInMonth", "quantity", "price", "priceValidFrom", "amount", "workOrder",
	"correctsMonth", "correctsLine", "reason"}

func writeInvoiceCSV(w http.ResponseWriter, ib *service.InvoiceBasis) error {
	var buf bytes.Buffer
	cw := csvsafe.NewWriter(&buf)
	cw.Write(invoiceCSVHeader)
	for _, l := range ib.Lines {
		j := invoiceLineOf(l)
		cw.Write([]string{ib.Month, ib.Payer, deref(j.Holding), l.Recipient, l.RecipientName, l.Article, l.ArticleName, l.Unit, l.Kind,
			j.KindText, j.From, j.To, strconv.Itoa(l.Days), strconv.Itoa(l.DaysInMonth), strconv.Itoa(l.Quantity),
			j.Price, deref(j.PriceValidFrom), j.Amount, l.WorkOrder, l.CorrectsMonth, deref(j.CorrectsLine), l.Reason})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="fakturaunderlag-`+ib.Month+`-`+ib.Payer+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// lineID reads the {id} of a billing line's path; a malformed id is not found.
func lineID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, domain.Errorf(domain.ENotFound, "Fakturaraden finns inte.")
	}
	return id, nil
}

func (s *Server) billingCorrectionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := lineID(r)
	if err != nil {
		return err
	}
	l, err := s.svc.BillingLine(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/billing_correction", "Rättelse", l)
}

func (s *Server) billingCorrectionSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := lineID(r)
	if err != nil {
		return err
	}
	c, err := s.svc.CorrectBillingLine(r.Context(), actor(r), id, service.BillingCorrectionInput{Amount: r.PostFormValue("amount"), Reason: r.PostFormValue("reason")})
	if err != nil {
		l, lerr := s.svc.BillingLine(r.Context(), actor(r), id)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "backoffice/billing_correction", "Rättelse", l, err)
	}
	return s.redirectWithFlash(w, r, "/admin/fakturering?month="+c.Month, "Rättelsen är registrerad som en rad i nästa öppna månad.")
}

type billingCorrectionIn struct {
	Amount string `json:"amount"`
	Reason string `json:"reason"`
}

type billingCorrectionJSON struct {
	ID            string `json:"id"`
	Month         string `json:"month"`
	CorrectsMonth string `json:"correctsMonth"`
	CorrectsLine  string `json:"correctsLine"`
	Payer         string `json:"payer"`
	Amount        string `json:"amount"`
	Reason        string `json:"reason"`
}

func (s *Server) apiBillingCorrection(w http.ResponseWriter, r *http.Request) error {
	id, err := lineID(r)
	if err != nil {
		return err
	}
	var in billingCorrectionIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	c, err := s.svc.CorrectBillingLine(r.Context(), actor(r), id, service.BillingCorrectionInput(in))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, billingCorrectionJSON{ID: strconv.FormatInt(c.ID, 10), Month: c.Month, CorrectsMonth: c.Line.Month,
		CorrectsLine: strconv.FormatInt(c.Line.ID, 10), Payer: c.Line.Payer, Amount: c.Amount.APIString(), Reason: c.Reason})
}
