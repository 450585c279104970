package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

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
	s.page("GET /admin/fakturering/{month}/csv", s.billingMonthCSV, admin)
	s.page("GET /admin/fakturering/{month}/{payer}", s.invoiceBasisPage, admin)
	s.page("GET /admin/fakturering/rad/{id}/rattelse", s.billingCorrectionPage, admin)
	s.page("POST /admin/fakturering/rad/{id}/rattelse", s.billingCorrectionSubmit, admin)
	s.apiRoute("POST /api/v1/billing/runs", APIDoc{Summary: "Kör månadens fakturering (klar när svaret kommer); samma månad igen ger samma rader", Tag: "billing",
		Description: "Körningen räknar från en ögonblicksbild och skriver i korta transaktioner, så beställningar väntar inte på den. " +
			"Månaden visar den förra körningen tills den nya är klar; en körning som misslyckas lämnar den förra. " +
			"Medan den pågår visar GET /api/v1/billing/runs/{month} hur långt den har kommit (job).",
		Request: billingRunIn{}, Response: billingRunJSON{}, Status: http.StatusCreated}, s.apiBillingRun, admin)
	s.apiRoute("GET /api/v1/billing/runs/{month}", APIDoc{Summary: "En månads körning med summa per betalare och den senaste körningens förlopp (job); ?format=csv för hela månadens rader som CSV", Tag: "billing",
		Description: "status notRun: månadens första körning pågår eller misslyckades (job säger vilket). " +
			"?format=csv strömmar hela månadens fakturaunderlag, alla betalare, i samma kolumner som en betalares CSV.",
		Query:    []QueryParam{{"format", "csv för hela månadens rader som CSV: rubrikrad och en rad per fakturarad"}},
		Response: billingRunJSON{}, Files: csvFile}, s.apiBillingMonth, admin)
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
	Refresh     bool                       // the page reloads itself while the month's run is going
}

func (s *Server) billingPage(w http.ResponseWriter, r *http.Request) error {
	month := r.URL.Query().Get("month")
	if month == "" {
		month = domain.MonthOf(s.svc.Today()).AddDate(0, -1, 0).Format("2006-01")
	}
	data, err := s.billingPageData(r, month, r.URL.Query().Get("month") != "")
	if err != nil {
		return s.renderForm(w, r, "backoffice/billing", "Fakturering", data, err)
	}
	if r.Form.Get("month") == "" {
		r.Form.Set("month", month)
	}
	// The page follows a running job without script only when the user asks
	// for it: a page that reloads by itself unasked is a time limit the user
	// did not choose (WCAG 2.2.1, axe's meta-refresh rule).
	data.Refresh = data.Running() && r.URL.Query().Get("uppdatera") == "ja"
	p := &Page{Title: "Fakturering", Form: r.Form, Data: data}
	if data.Refresh {
		p.Refresh = billingRefreshSeconds
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/billing", p)
}

// billingRefreshSeconds is how often the billing page reloads itself while a
// run of its month is going.
const billingRefreshSeconds = 2

// billingPageData is the runs made and, when shown is set, the month's run,
// job and corrections.
func (s *Server) billingPageData(r *http.Request, month string, shown bool) (billingPageData, error) {
	a := actor(r)
	runs, err := s.svc.BillingRuns(r.Context(), a)
	data := billingPageData{Month: month, Runs: runs}
	if err != nil || !shown {
		return data, err
	}
	res, err := s.svc.BillingMonth(r.Context(), a, month)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return data, err
	}
	data.Result = res
	data.Corrections, err = s.svc.BillingCorrections(r.Context(), a, month)
	return data, err
}

// Running reports whether the shown month's latest run is going.
func (d billingPageData) Running() bool {
	return d.Result != nil && d.Result.Job != nil && d.Result.Job.Status == domain.BillingJobRunning
}

// billingPageWait is how long starting a run from the page waits for it to
// end before it shows the run's progress instead.
const billingPageWait = 3 * time.Second

func (s *Server) billingRunSubmit(w http.ResponseWriter, r *http.Request) error {
	month := r.PostFormValue("month")
	job, err := s.svc.StartBilling(r.Context(), actor(r), month, billingPageWait)
	if err != nil {
		data, derr := s.billingPageData(r, month, domain.ErrorCode(err) == domain.EConflict)
		if derr != nil && domain.ErrorCode(derr) != domain.EInvalid {
			return derr
		}
		return s.renderForm(w, r, "backoffice/billing", "Fakturering", data, err)
	}
	if job.Status == domain.BillingJobRunning {
		return s.redirectWithFlash(w, r, "/admin/fakturering?month="+month, "Faktureringen körs. Sidan visar hur långt den har kommit.")
	}
	return s.redirectWithFlash(w, r, "/admin/fakturering?month="+month, "Faktureringen är körd.")
}

// billingMonthCSV downloads a whole month's invoice basis, every payer's lines.
func (s *Server) billingMonthCSV(w http.ResponseWriter, r *http.Request) error {
	return s.writeMonthCSV(w, r, r.PathValue("month"))
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
	Status     string           `json:"status" enum:"open,closed,notRun"`
	StatusText string           `json:"statusText"`
	Payers     []payerTotalJSON `json:"payers"`
	Total      string           `json:"total"`
	Job        *billingJobJSON  `json:"job"` // the latest run's job
}

// billingJobJSON is a run's job: how far it has come (holdings billed of the
// month's holdings), and why it failed.
type billingJobJSON struct {
	ID         string  `json:"id"`
	Status     string  `json:"status" enum:"running,done,failed"`
	StatusText string  `json:"statusText"`
	Processed  int     `json:"processed"`
	Total      int     `json:"total"`
	Percent    int     `json:"percent"`
	StartedAt  string  `json:"startedAt"`
	EndedAt    *string `json:"endedAt"`
	Error      string  `json:"error"`
}

func billingRunOf(res *service.BillingRunResult) billingRunJSON {
	out := billingRunJSON{Month: res.Month, Status: domain.BillingNotRun, Payers: []payerTotalJSON{}}
	if res.Run != nil {
		out.Status = res.Run.Status
	}
	out.StatusText = domain.BillingRunStatusText(out.Status)
	var total domain.Ore
	for _, p := range res.Payers {
		out.Payers = append(out.Payers, payerTotalJSON{Payer: p.Payer, Name: p.Name, Lines: p.Lines, Total: p.Total.APIString()})
		total += p.Total
	}
	out.Total = total.APIString()
	if j := res.Job; j != nil {
		out.Job = &billingJobJSON{ID: strconv.FormatInt(j.ID, 10), Status: j.Status, StatusText: domain.BillingJobStatusText(j.Status),
			Processed: j.Processed, Total: j.Total, Percent: j.Percent(), StartedAt: domain.FormatTimestamp(j.StartedAt), Error: j.Error}
		if !j.EndedAt.IsZero() {
			out.Job.EndedAt = optString(domain.FormatTimestamp(j.EndedAt))
		}
	}
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
	if r.URL.Query().Get("format") == "csv" {
		return s.writeMonthCSV(w, r, r.PathValue("month"))
	}
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
		cw.Write(invoiceCSVRow(l))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	csvHeaders(w, "fakturaunderlag-"+ib.Month+"-"+ib.Payer+".csv")
	_, err := w.Write(buf.Bytes())
	return err
}

// invoiceCSVRow is a line as a row of invoiceCSVHeader.
func invoiceCSVRow(l domain.StoredBillingLine) []string {
	j := invoiceLineOf(l)
	return []string{l.Month, l.Payer, deref(j.Holding), l.Recipient, l.RecipientName, l.Article, l.ArticleName, l.Unit, l.Kind,
		j.KindText, j.From, j.To, strconv.Itoa(l.Days), strconv.Itoa(l.DaysInMonth), strconv.Itoa(l.Quantity),
		j.Price, deref(j.PriceValidFrom), j.Amount, l.WorkOrder, l.CorrectsMonth, deref(j.CorrectsLine), l.Reason}
}

func csvHeaders(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "no-store")
}

// defaultExportPart is about how many bytes of a streamed export are held,
// read for persons and logged before they are sent (sendLogged): some 20,000
// lines of a month's invoice basis, one person.view entry each.
const defaultExportPart = 4 << 20

// writeMonthCSV streams a month's whole invoice basis as CSV, in parts: each is
// logged for the persons it shows before it is sent, and no more than a part
// is in memory (2,000,000 lines are some 400 MB).
func (s *Server) writeMonthCSV(w http.ResponseWriter, r *http.Request, month string) error {
	each, err := s.svc.BillingLines(r.Context(), actor(r), month)
	if err != nil {
		return err
	}
	csvHeaders(w, "fakturaunderlag-"+month+".csv")
	cw := csvsafe.NewWriter(w)
	cw.Write(invoiceCSVHeader)
	err = each(func(l domain.StoredBillingLine) error {
		cw.Write(invoiceCSVRow(l))
		cw.Flush() // a part ends with a whole row
		if heldBytes(w) < s.cfg.ExportPart {
			return nil
		}
		return s.sendLogged(w, r)
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		return s.abortStream(w, r, err)
	}
	return nil
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
