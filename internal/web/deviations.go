package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Avvikelse och reklamation (SPEC §10.3): the report form reached from a
// holding row, an Individkort, an order or a work order; the list; the
// deviation with its history, files and the handlers' status form; the
// reports for the supplier and Läkemedelsverket.
func (s *Server) routesDeviations() {
	handlers := domain.DeviationHandlers
	s.page("GET /avvikelser", s.deviationList)
	s.page("GET /avvikelser/ny", s.deviationForm)
	s.page("POST /avvikelser", s.deviationSubmit)
	s.page("GET /avvikelser/{id}", s.deviationPage)
	s.page("POST /avvikelser/{id}/status", s.deviationStatusSubmit, handlers...)
	s.page("GET /avvikelser/{id}/rapport/{recipient}", s.deviationReport, handlers...)
	s.page("POST /avvikelser/{id}/bilagor", s.attachmentSubmit(domain.AttachmentOfDeviation))
	s.page("GET /avvikelser/{id}/bilagor/{attachment}", s.attachmentDownload(domain.AttachmentOfDeviation))
	s.page("POST /arbetsorder/{number}/bilagor", s.attachmentSubmit(domain.AttachmentOfWorkOrder), domain.StaffReaders...)
	s.page("GET /arbetsorder/{number}/bilagor/{attachment}", s.attachmentDownload(domain.AttachmentOfWorkOrder), domain.StaffReaders...)

	s.apiRoute("POST /api/v1/deviations", APIDoc{Summary: "Rapportera avvikelse eller reklamation", Tag: "deviations",
		Description: "Ange minst en av unit, article, order och workOrder. Kund, patient, individ och artikel fylls i från arbetsordern, ordern eller individens innehav när de utelämnas.",
		Request:     deviationRequest{}, Response: deviationJSON{}, Status: http.StatusCreated}, s.apiReportDeviation)
	s.apiRoute("GET /api/v1/deviations", APIDoc{Summary: "Avvikelser, nyaste först", Tag: "deviations",
		Description: "Kundtjänst och administratör ser alla; förskrivare sina egna rapporter och sina kunders.",
		Query:       []QueryParam{{"status", "registered, investigating, reported eller closed"}, {"type", "typ"}, {"q", "individ, serienummer, artikel, order, arbetsorder eller ord i beskrivningen"}},
		Response:    deviationListJSON{}}, s.apiDeviations)
	s.apiRoute("GET /api/v1/deviations/{id}", APIDoc{Summary: "En avvikelse med historik och bilagor", Tag: "deviations",
		Response: deviationJSON{}}, s.apiDeviation)
	s.apiRoute("POST /api/v1/deviations/{id}/status", APIDoc{Summary: "Ändra avvikelsens status", Tag: "deviations",
		Description: "Statusflödet registered → investigating → reported → closed går bara framåt; reported kräver datum för rapport till leverantör eller Läkemedelsverket, closed kräver outcome. blockUnit spärrar individen tills avvikelsen avslutas. Rapportören får ett meddelande.",
		Request:     deviationStatusRequest{}, Response: deviationJSON{}}, s.apiDeviationStatus, handlers...)
	s.apiRoute("GET /api/v1/deviations/{id}/report", APIDoc{Summary: "Avvikelserapport som PDF till leverantören eller Läkemedelsverket (utan patientuppgifter)", Tag: "deviations",
		Query: []QueryParam{{"for", "supplier eller authority"}}, Files: pdfFile}, s.deviationReport, handlers...)
	for _, doc := range []struct{ path, name string }{{"deviations/{id}", "avvikelsen"}, {"workorders/{number}", "arbetsordern"}} {
		document, tag := domain.AttachmentOfDeviation, "deviations"
		if strings.HasPrefix(doc.path, "workorders") {
			document, tag = domain.AttachmentOfWorkOrder, "workorders"
		}
		s.apiRoute("POST /api/v1/"+doc.path+"/attachments", APIDoc{Summary: "Bifoga fil till " + doc.name + " (PDF, JPEG eller PNG, högst 10 MB)", Tag: tag,
			RequestType: "multipart/form-data", Response: attachmentJSON{}, Status: http.StatusCreated}, s.apiAddAttachment(document))
		s.apiRoute("GET /api/v1/"+doc.path+"/attachments", APIDoc{Summary: "Bilagor till " + doc.name, Tag: tag,
			Response: attachmentListJSON{}}, s.apiAttachments(document))
		s.apiRoute("GET /api/v1/"+doc.path+"/attachments/{attachment}", APIDoc{Summary: "Hämta en bilaga; hämtningen loggas", Tag: tag,
			Files: []string{"application/pdf", "image/jpeg", "image/png"}}, s.attachmentDownload(document))
	}
}

// deviationStatusTexts and deviationTypeTexts name the codes for the templates.
var (
	deviationStatusTexts = codeTexts(domain.DeviationStatuses, domain.DeviationStatusText)
	deviationTypeTexts   = codeTexts(domain.DeviationTypes, domain.DeviationTypeText)
)

func codeTexts(codes []string, text func(string) string) []codeText {
	out := make([]codeText, len(codes))
	for i, c := range codes {
		out[i] = codeText{Code: c, Text: text(c)}
	}
	return out
}

type codeText struct{ Code, Text string }

type deviationListData struct {
	List     []*domain.Deviation
	Statuses []codeText
	Types    []codeText
}

func (s *Server) deviationList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.Deviations(r.Context(), actor(r), service.DeviationListFilter{Status: q.Get("status"), Type: q.Get("typ"), Text: q.Get("sok")})
	data := &deviationListData{List: list, Statuses: deviationStatusTexts, Types: deviationTypeTexts}
	if err != nil {
		return s.renderForm(w, r, "deviations/list", "Avvikelser", data, err)
	}
	return s.renderPage(w, r, http.StatusOK, "deviations/list", &Page{Title: "Avvikelser", Form: q, Data: data})
}

type deviationFormData struct {
	Types []codeText
}

// deviationForm is the report form, filled from where it was opened: a
// holding row or an Individkort (individ, artikel, personnummer), an order
// (kundorder) or a work order (arbetsorder).
func (s *Server) deviationForm(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	form := url.Values{}
	for field, param := range map[string]string{"unit": "individ", "article": "artikel", "order": "kundorder", "workOrder": "arbetsorder", "personnummer": "personnummer"} {
		form.Set(field, q.Get(param))
	}
	form.Set("eventDate", s.svc.Today().Format(time.DateOnly))
	return s.renderPage(w, r, http.StatusOK, "deviations/form", &Page{Title: "Rapportera avvikelse", Form: form,
		Data: deviationFormData{Types: deviationTypeTexts}})
}

func (s *Server) deviationSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseMultipartForm(w, r, domain.MaxAttachmentSize, domain.Errorf(domain.EInvalid, "Formuläret kunde inte läsas (filen får vara högst 10 MB).")); err != nil {
		return err
	}
	in := service.DeviationInput{Type: r.FormValue("type"), EventDate: r.FormValue("eventDate"), Description: r.FormValue("description"),
		Harm: r.FormValue("harm") == "yes", Unit: r.FormValue("unit"), Article: r.FormValue("article"), Order: r.FormValue("order"),
		WorkOrder: r.FormValue("workOrder"), Personnummer: r.FormValue("personnummer"), File: formFile(r)}
	d, err := s.svc.ReportDeviation(r.Context(), actor(r), in)
	if err != nil {
		return s.renderForm(w, r, "deviations/form", "Rapportera avvikelse", deviationFormData{Types: deviationTypeTexts}, err)
	}
	return s.redirectWithFlash(w, r, "/avvikelser/"+strconv.FormatInt(d.ID, 10),
		"Avvikelsen är registrerad. Kundtjänst utreder den och du får ett meddelande när status ändras.")
}

// formFile reads the form's file field, nil when none was chosen.
func formFile(r *http.Request) *service.FileInput {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return nil
	}
	defer file.Close()
	data, _ := io.ReadAll(io.LimitReader(file, domain.MaxAttachmentSize+1))
	return &service.FileInput{Name: hdr.Filename, Data: data}
}

type deviationPageData struct {
	*service.DeviationView
	Statuses []codeText
}

func (s *Server) deviationPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.deviationView(r)
	if err != nil {
		return err
	}
	form := url.Values{"status": {v.Status}, "reportedToSupplier": {v.ReportedToSupplier},
		"reportedToAuthority": {v.ReportedToAuthority}, "outcome": {v.Outcome}}
	return s.renderPage(w, r, http.StatusOK, "deviations/show", &Page{Title: "Avvikelse " + strconv.FormatInt(v.ID, 10),
		Form: form, Data: deviationPageData{DeviationView: v, Statuses: deviationStatusTexts}})
}

func (s *Server) deviationView(r *http.Request) (*service.DeviationView, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, domain.Errorf(domain.ENotFound, "Avvikelsen finns inte.")
	}
	return s.svc.Deviation(r.Context(), actor(r), id)
}

func deviationStatusInputOf(f url.Values) service.DeviationStatusInput {
	return service.DeviationStatusInput{Status: f.Get("status"), ReportedToSupplier: f.Get("reportedToSupplier"),
		ReportedToAuthority: f.Get("reportedToAuthority"), Outcome: f.Get("outcome"), Comment: f.Get("comment"),
		BlockUnit: f.Get("blockUnit") == "1"}
}

func (s *Server) deviationStatusSubmit(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	n, _ := strconv.ParseInt(id, 10, 64)
	if _, err := s.svc.ChangeDeviationStatus(r.Context(), actor(r), n, deviationStatusInputOf(r.PostForm)); err != nil {
		v, verr := s.deviationView(r)
		if verr != nil {
			return err
		}
		return s.renderForm(w, r, "deviations/show", "Avvikelse "+id, deviationPageData{DeviationView: v, Statuses: deviationStatusTexts}, err)
	}
	return s.redirectWithFlash(w, r, "/avvikelser/"+id, "Avvikelsen är sparad. Rapportören har fått ett meddelande om statusen ändrades.")
}

// deviationReport is the report for the supplier or Läkemedelsverket: what
// happened to which product, without the patient's identity.
func (s *Server) deviationReport(w http.ResponseWriter, r *http.Request) error {
	recipient := r.PathValue("recipient")
	if recipient == "" {
		recipient = r.URL.Query().Get("for")
	}
	forAuthority := recipient == "lakemedelsverket" || recipient == "authority"
	if !forAuthority && recipient != "leverantor" && recipient != "supplier" {
		return domain.Errorf(domain.ENotFound, "Rapporten finns inte: välj leverantör eller Läkemedelsverket.")
	}
	v, err := s.deviationView(r)
	if err != nil {
		return err
	}
	return writePDF(w, r, "avvikelse-"+strconv.FormatInt(v.ID, 10)+".pdf", deviationPDF(v, forAuthority, s.svc.Today()))
}

func deviationPDF(v *service.DeviationView, forAuthority bool, today time.Time) *textPDF {
	title := "Reklamation till leverantör – avvikelse " + strconv.FormatInt(v.ID, 10)
	if forAuthority {
		title = "Rapport till Läkemedelsverket – avvikelse " + strconv.FormatInt(v.ID, 10)
	}
	ls := []pdfLine{{Text: title, Bold: true, Size: 15},
		{Text: "Utskriven " + today.Format(time.DateOnly) + "   Status: " + domain.DeviationStatusText(v.Status), Size: 10}, {Size: 10}}
	add := func(label, value string) {
		if value != "" {
			ls = append(ls, pdfLine{Text: label + ": " + value, Size: 10})
		}
	}
	harm := "Nej"
	if v.Harm {
		harm = "Ja"
	}
	add("Typ", domain.DeviationTypeText(v.Type))
	add("Händelsedatum", v.EventDate)
	add("Kom någon till skada", harm)
	add("Artikel", strings.TrimSpace(v.Article+" "+v.ArticleName))
	add("Leverantör", v.SupplierName)
	add("Individ", v.Unit)
	add("Serienummer", v.UnitSerial)
	add("Kundorder", v.Order)
	add("Arbetsorder", v.WorkOrder)
	add("Rapporterad av", v.ReporterName+" ("+v.ReporterUsername+"), "+v.RegisteredAt.In(domain.Stockholm).Format("2006-01-02"))
	add("Rapporterad till leverantör", v.ReportedToSupplier)
	add("Rapporterad till Läkemedelsverket", v.ReportedToAuthority)
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Vad hände", Bold: true, Size: 11})
	ls = append(ls, wrapLines(v.Description, 90, 10)...)
	if v.Outcome != "" {
		ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Resultat av utredningen", Bold: true, Size: 11})
		ls = append(ls, wrapLines(v.Outcome, 90, 10)...)
	}
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Historik", Bold: true, Size: 11})
	for _, e := range v.Events {
		ls = append(ls, wrapLines(e.At.In(domain.Stockholm).Format("2006-01-02 15:04")+"  "+domain.DeviationStatusText(e.Status)+"  "+e.Username+"  "+e.Comment, 90, 9)...)
	}
	if len(v.Attachments) > 0 {
		ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Bilagor (skickas separat)", Bold: true, Size: 11})
		for _, a := range v.Attachments {
			ls = append(ls, pdfLine{Text: a.Filename + " (" + a.ContentType + ")", Size: 9})
		}
	}
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Patientuppgifter lämnas inte ut i rapporten (patientdatalagen).", Size: 9})
	return linesPDF(ls)
}

// attachmentSubmit takes a file for a deviation or a work order from a form.
func (s *Server) attachmentSubmit(document string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		back := documentPath(document, documentRef(r, document))
		// The document's scope first, so that an upload outside it is never read.
		if _, err := s.svc.Attachments(r.Context(), actor(r), document, documentRef(r, document)); err != nil {
			return err
		}
		if err := parseMultipartForm(w, r, domain.MaxAttachmentSize, domain.Errorf(domain.EInvalid, "Filen kunde inte läsas (högst 10 MB).")); err != nil {
			return s.redirectWithFlash(w, r, back, domain.ErrorMessage(err))
		}
		f := formFile(r)
		if f == nil {
			f = &service.FileInput{}
		}
		if _, err := s.svc.AddAttachment(r.Context(), actor(r), document, documentRef(r, document), *f); err != nil {
			if domain.ErrorCode(err) == domain.EInvalid {
				return s.redirectWithFlash(w, r, back, domain.ErrorMessage(err))
			}
			return err
		}
		return s.redirectWithFlash(w, r, back, "Filen är bifogad.")
	}
}

// documentRef is the document's id (a deviation) or number (a work order) in the path.
func documentRef(r *http.Request, document string) string {
	if document == domain.AttachmentOfWorkOrder {
		return r.PathValue("number")
	}
	return r.PathValue("id")
}

func documentPath(document, id string) string {
	if document == domain.AttachmentOfWorkOrder {
		return "/arbetsorder/" + url.PathEscape(id)
	}
	return "/avvikelser/" + url.PathEscape(id)
}

// attachmentDownload sends a file as it was stored; the service audits it.
func (s *Server) attachmentDownload(document string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := strconv.ParseInt(r.PathValue("attachment"), 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENotFound, "Bilagan finns inte.")
		}
		f, err := s.svc.Attachment(r.Context(), actor(r), document, documentRef(r, document), id)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", f.ContentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", filePolicy)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Disposition", `attachment; filename="`+strings.NewReplacer(`"`, "", "\n", "", "\r", "").Replace(f.Filename)+`"`)
		_, err = w.Write(f.Data)
		return err
	}
}

// The API.

type deviationRequest struct {
	Type         string `json:"type" enum:"incident,near_miss,complaint,delivery,other"`
	EventDate    string `json:"eventDate"`
	Description  string `json:"description"`
	Harm         bool   `json:"harm"`
	Unit         string `json:"unit"`
	Article      string `json:"article"`
	Order        string `json:"order"`
	WorkOrder    string `json:"workOrder"`
	Personnummer string `json:"personnummer"`
}

type deviationStatusRequest struct {
	Status              string `json:"status" enum:"registered,investigating,reported,closed"`
	ReportedToSupplier  string `json:"reportedToSupplier"`
	ReportedToAuthority string `json:"reportedToAuthority"`
	Outcome             string `json:"outcome"`
	Comment             string `json:"comment"`
	BlockUnit           bool   `json:"blockUnit"`
}

type deviationEventJSON struct {
	At         string `json:"at"`
	Status     string `json:"status"`
	StatusText string `json:"statusText"`
	User       string `json:"user"`
	Comment    string `json:"comment"`
}

type attachmentJSON struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	UploadedAt  string `json:"uploadedAt"`
	UploadedBy  string `json:"uploadedBy"`
	URL         string `json:"url"`
}

type attachmentListJSON struct {
	Attachments []attachmentJSON `json:"attachments"`
}

type deviationJSON struct {
	ID                  string               `json:"id"`
	Type                string               `json:"type"`
	TypeText            string               `json:"typeText"`
	Status              string               `json:"status"`
	StatusText          string               `json:"statusText"`
	EventDate           string               `json:"eventDate"`
	Description         string               `json:"description"`
	Harm                bool                 `json:"harm"`
	Unit                string               `json:"unit"`
	Serial              string               `json:"serial"`
	Article             string               `json:"article"`
	ArticleName         string               `json:"articleName"`
	Supplier            string               `json:"supplier"`
	Order               string               `json:"order"`
	WorkOrder           string               `json:"workOrder"`
	Personnummer        string               `json:"personnummer"`
	PatientName         string               `json:"patientName"`
	Customer            string               `json:"customer"`
	CustomerName        string               `json:"customerName"`
	Reporter            string               `json:"reporter"`
	ReporterName        string               `json:"reporterName"`
	RegisteredAt        string               `json:"registeredAt"`
	ReportedToSupplier  string               `json:"reportedToSupplier"`
	ReportedToAuthority string               `json:"reportedToAuthority"`
	Outcome             string               `json:"outcome"`
	UnitBlocked         bool                 `json:"unitBlocked"`
	Events              []deviationEventJSON `json:"events,omitempty"`
	Attachments         []attachmentJSON     `json:"attachments,omitempty"`
}

type deviationListJSON struct {
	Deviations []deviationJSON `json:"deviations"`
}

func deviationJSONOf(d *domain.Deviation) deviationJSON {
	return deviationJSON{ID: strconv.FormatInt(d.ID, 10), Type: d.Type, TypeText: domain.DeviationTypeText(d.Type),
		Status: d.Status, StatusText: domain.DeviationStatusText(d.Status), EventDate: d.EventDate, Description: d.Description,
		Harm: d.Harm, Unit: d.Unit, Serial: d.UnitSerial, Article: d.Article, ArticleName: d.ArticleName, Supplier: d.SupplierName,
		Order: d.Order, WorkOrder: d.WorkOrder, Personnummer: d.Personnummer, PatientName: d.PatientName, Customer: d.Customer,
		CustomerName: d.CustomerName, Reporter: d.ReporterUsername, ReporterName: d.ReporterName,
		RegisteredAt: d.RegisteredAt.Format(time.RFC3339), ReportedToSupplier: d.ReportedToSupplier,
		ReportedToAuthority: d.ReportedToAuthority, Outcome: d.Outcome}
}

func deviationViewJSON(v *service.DeviationView) deviationJSON {
	out := deviationJSONOf(v.Deviation)
	out.UnitBlocked = v.UnitBlocked
	for _, e := range v.Events {
		out.Events = append(out.Events, deviationEventJSON{At: e.At.Format(time.RFC3339), Status: e.Status,
			StatusText: domain.DeviationStatusText(e.Status), User: e.Username, Comment: e.Comment})
	}
	out.Attachments = attachmentsJSON("deviations", out.ID, v.Attachments)
	return out
}

func attachmentsJSON(path, ref string, list []domain.Attachment) []attachmentJSON {
	out := []attachmentJSON{}
	for _, a := range list {
		id := strconv.FormatInt(a.ID, 10)
		out = append(out, attachmentJSON{ID: id, Filename: a.Filename, ContentType: a.ContentType, Size: a.Size,
			UploadedAt: a.UploadedAt.Format(time.RFC3339), UploadedBy: a.UploadedBy,
			URL: "/api/v1/" + path + "/" + url.PathEscape(ref) + "/attachments/" + id})
	}
	return out
}

func (s *Server) apiReportDeviation(w http.ResponseWriter, r *http.Request) error {
	var in deviationRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	d, err := s.svc.ReportDeviation(r.Context(), actor(r), service.DeviationInput{Type: in.Type, EventDate: in.EventDate,
		Description: in.Description, Harm: in.Harm, Unit: in.Unit, Article: in.Article, Order: in.Order, WorkOrder: in.WorkOrder,
		Personnummer: in.Personnummer})
	if err != nil {
		return err
	}
	v, err := s.svc.Deviation(r.Context(), actor(r), d.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, deviationViewJSON(v))
}

func (s *Server) apiDeviations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.svc.Deviations(r.Context(), actor(r), service.DeviationListFilter{Status: q.Get("status"), Type: q.Get("type"), Text: q.Get("q")})
	if err != nil {
		return err
	}
	out := deviationListJSON{Deviations: []deviationJSON{}}
	for _, d := range list {
		out.Deviations = append(out.Deviations, deviationJSONOf(d))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeviation(w http.ResponseWriter, r *http.Request) error {
	v, err := s.deviationView(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, deviationViewJSON(v))
}

func (s *Server) apiDeviationStatus(w http.ResponseWriter, r *http.Request) error {
	var in deviationStatusRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENotFound, "Avvikelsen finns inte.")
	}
	if _, err := s.svc.ChangeDeviationStatus(r.Context(), actor(r), id, service.DeviationStatusInput{Status: in.Status,
		ReportedToSupplier: in.ReportedToSupplier, ReportedToAuthority: in.ReportedToAuthority, Outcome: in.Outcome,
		Comment: in.Comment, BlockUnit: in.BlockUnit}); err != nil {
		return err
	}
	return s.apiDeviation(w, r)
}

func (s *Server) apiAddAttachment(document string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := s.svc.Attachments(r.Context(), actor(r), document, documentRef(r, document)); err != nil {
			return err
		}
		if err := parseMultipartForm(w, r, domain.MaxAttachmentSize, domain.Errorf(domain.EInvalid, "Skicka filen som multipart/form-data i fältet file (högst 10 MB).")); err != nil {
			return err
		}
		f := formFile(r)
		if f == nil {
			return domain.Invalid("file", "Skicka filen i fältet file.")
		}
		ref := documentRef(r, document)
		a, err := s.svc.AddAttachment(r.Context(), actor(r), document, ref, *f)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusCreated, attachmentsJSON(apiDocumentPath(document), ref, []domain.Attachment{*a})[0])
	}
}

func (s *Server) apiAttachments(document string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ref := documentRef(r, document)
		list, err := s.svc.Attachments(r.Context(), actor(r), document, ref)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, attachmentListJSON{Attachments: attachmentsJSON(apiDocumentPath(document), ref, list)})
	}
}

func apiDocumentPath(document string) string {
	if document == domain.AttachmentOfWorkOrder {
		return "workorders"
	}
	return "deviations"
}
