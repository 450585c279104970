package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Loggranskning (log reviewers and admin) and Loggutdrag (customer service and
// admin), SPEC §10.2: pages, CSV, PDF and the API on the same service calls.

func (s *Server) routesLogReview() {
	reviewers := domain.LogReviewers
	extract := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.page("GET /loggranskning", s.logReviewPage, reviewers...)
	s.page("POST /loggranskning/{entryId}", s.logReviewSubmit, reviewers...)
	s.page("GET /loggutdrag", s.accessLogPage, extract...)
	s.apiRoute("GET /api/v1/logreview", APIDoc{Summary: "Loggranskning: en periods stickprov per användare och flaggade uppslag (loggranskare, admin); ?format=csv ger CSV", Tag: "audit",
		Query: []QueryParam{{"from", "från och med YYYY-MM-DD (standard: sex dagar före to)"}, {"to", "till och med YYYY-MM-DD (standard: i dag)"},
			{"user", "användarnamn"}, {"flagged", "true: bara flaggade"}, {"sample", "stickprov per användare (standard 5)"}, {"format", "csv"}},
		Response: logReviewJSON{}, Files: csvFile}, s.apiLogReview, reviewers...)
	s.apiRoute("POST /api/v1/logreview/{entryId}", APIDoc{Summary: "Markera en loggpost som granskad med en kommentar (loggranskare, admin); granskningen loggas själv", Tag: "audit",
		Request: logReviewIn{}, Response: logReviewEntryJSON{}}, s.apiReviewLogEntry, reviewers...)
	s.apiRoute("GET /api/v1/persons/{personnummer}/accesslog", APIDoc{Summary: "Loggutdrag: varje åtkomst till en persons uppgifter (kundtjänst, admin); ?format=pdf|csv", Tag: "audit",
		Query: []QueryParam{{"format", "pdf eller csv"}}, Response: accessLogJSON{}, Files: csvAndPDF}, s.apiAccessLog, extract...)
}

// logReviewFilter reads the filter from a query or the review form's hidden fields.
func logReviewFilter(v url.Values) service.LogReviewFilter {
	f := service.LogReviewFilter{From: v.Get("from"), To: v.Get("to"), User: v.Get("user"), FlaggedOnly: v.Get("flagged") == "true" || v.Get("flagged") == "on"}
	f.Sample, _ = strconv.Atoi(v.Get("sample"))
	return f
}

// logReviewQuery is the filter as a query string, for links and the redirect after a review.
func logReviewQuery(f service.LogReviewFilter, res *service.LogReviewResult) string {
	v := url.Values{"from": {res.From.Format(time.DateOnly)}, "to": {res.To.Format(time.DateOnly)}}
	if f.User != "" {
		v.Set("user", f.User)
	}
	if f.FlaggedOnly {
		v.Set("flagged", "true")
	}
	return v.Encode()
}

type logReviewPageData struct {
	Result *service.LogReviewResult
	Query  string // the filter, for the CSV link and the review forms
	Filter service.LogReviewFilter
}

func (s *Server) logReviewPage(w http.ResponseWriter, r *http.Request) error {
	return s.logReviewRender(w, r, r.URL.Query(), nil)
}

// logReviewRender shows the period of filter v, with the error of a review if any.
func (s *Server) logReviewRender(w http.ResponseWriter, r *http.Request, v url.Values, actionErr error) error {
	const title = "Loggranskning"
	f := logReviewFilter(v)
	res, err := s.svc.LogReview(r.Context(), actor(r), f)
	if err != nil {
		return s.renderForm(w, r, "audit/logreview", title, logReviewPageData{Filter: f}, err)
	}
	if v.Get("format") == "csv" {
		return writeCSV(w, "loggranskning-"+res.From.Format(time.DateOnly)+"-"+res.To.Format(time.DateOnly), logReviewCSV(res))
	}
	form := url.Values{"from": {res.From.Format(time.DateOnly)}, "to": {res.To.Format(time.DateOnly)}, "user": {f.User}}
	if f.FlaggedOnly {
		form.Set("flagged", "on")
	}
	for k, vs := range r.PostForm {
		form[k] = vs
	}
	data := logReviewPageData{Result: res, Query: logReviewQuery(f, res), Filter: f}
	if actionErr != nil {
		p := &Page{Title: title, Data: data, Form: form}
		de := actionErr.(*domain.Error)
		p.ErrorMessage, p.Errors = translateError(langOf(r), de)
		return s.renderPage(w, r, httpStatus(de.Code), "audit/logreview", p)
	}
	return s.renderPage(w, r, http.StatusOK, "audit/logreview", &Page{Title: title, Form: form, Data: data})
}

func (s *Server) logReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("entryId"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENotFound, "Loggposten finns inte.")
	}
	err = s.svc.ReviewLogEntry(r.Context(), actor(r), id, r.PostFormValue("comment"))
	if de, ok := err.(*domain.Error); ok && de.Code == domain.EInvalid {
		// The comment field of this entry's row shows the message.
		field := fmt.Sprintf("comment-%d", id)
		return s.logReviewRender(w, r, r.PostForm, domain.Invalid(field, de.Message))
	}
	if err != nil {
		return err
	}
	f := logReviewFilter(r.PostForm)
	back := url.Values{"from": {f.From}, "to": {f.To}, "user": {f.User}}
	if f.FlaggedOnly {
		back.Set("flagged", "true")
	}
	return s.redirectWithFlash(w, r, "/loggranskning?"+back.Encode()+fmt.Sprintf("#post-%d", id), "Loggposten är markerad som granskad.")
}

// logFlagReasons are a list's flags in words.
func logFlagReasons(flags []domain.LogFlag) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = domain.LogFlagReason(f)
	}
	return out
}

func logReviewCSV(res *service.LogReviewResult) [][]string {
	recs := [][]string{{"post", "tid", "användarnamn", "användare", "händelse", "bild", "personnummer", "person", "skyddad",
		"flaggor", "stickprov", "granskad_av", "granskad", "kommentar"}}
	for _, e := range res.Entries {
		var reviewer, reviewedAt, comment string
		if e.Review != nil {
			reviewer, reviewedAt, comment = e.Review.Reviewer, e.Review.ReviewedAt.In(domain.Stockholm).Format("2006-01-02 15:04"), e.Review.Comment
		}
		for _, p := range e.Persons {
			recs = append(recs, []string{strconv.FormatInt(e.AuditID, 10), e.At.In(domain.Stockholm).Format("2006-01-02 15:04:05"),
				e.Username, e.UserName, e.Action, e.Screen, p.Personnummer, p.Name, yesNo(p.Protected),
				strings.Join(logFlagReasons(p.Flags), "; "), yesNo(e.Sampled), reviewer, reviewedAt, comment})
		}
	}
	return recs
}

func yesNo(b bool) string {
	if b {
		return "ja"
	}
	return "nej"
}

type logReviewIn struct {
	Comment string `json:"comment"`
}

type reviewJSON struct {
	Reviewer   string `json:"reviewer"`
	ReviewedAt string `json:"reviewedAt"`
	Comment    string `json:"comment"`
}

type reviewedPersonJSON struct {
	Personnummer string   `json:"personnummer"`
	Name         string   `json:"name"`
	Protected    bool     `json:"protected"`
	Flags        []string `json:"flags"`
}

// accessHeadJSON is what log review and the Loggutdrag show of every access:
// its audit entry, who, when, what and where, and a search's criteria.
type accessHeadJSON struct {
	ID       string `json:"id"`
	At       string `json:"at"`
	User     string `json:"user"`
	UserName string `json:"userName"`
	Action   string `json:"action"`
	Screen   string `json:"screen"`
	Criteria any    `json:"criteria,omitempty"`
}

func accessHeadOf(id int64, at time.Time, user, userName, action, screen, criteria string) accessHeadJSON {
	return accessHeadJSON{ID: strconv.FormatInt(id, 10), At: at.Format(time.RFC3339), User: user, UserName: userName,
		Action: action, Screen: screen, Criteria: jsonOrNil(criteria)}
}

type logReviewEntryJSON struct {
	accessHeadJSON
	Persons []reviewedPersonJSON `json:"persons"`
	Flags   []string             `json:"flags"`
	Reasons []string             `json:"reasons"`
	Sampled bool                 `json:"sampled"`
	Review  *reviewJSON          `json:"review"`
}

type logReviewJSON struct {
	From       string               `json:"from"`
	To         string               `json:"to"`
	Accesses   int                  `json:"accesses"`
	Flagged    int                  `json:"flagged"`
	Unreviewed int                  `json:"unreviewed"`
	Entries    []logReviewEntryJSON `json:"entries"`
}

func flagCodes(flags []domain.LogFlag) []string {
	out := make([]string, len(flags))
	for i, f := range flags {
		out[i] = string(f)
	}
	return out
}

func reviewOf(r *domain.LogReview) *reviewJSON {
	if r == nil {
		return nil
	}
	return &reviewJSON{Reviewer: r.Reviewer, ReviewedAt: r.ReviewedAt.Format(time.RFC3339), Comment: r.Comment}
}

func logReviewEntryOf(lang string, e service.LogReviewEntry) logReviewEntryJSON {
	j := logReviewEntryJSON{accessHeadJSON: accessHeadOf(e.AuditID, e.At, e.Username, e.UserName, e.Action, e.Screen, e.Criteria),
		Persons: []reviewedPersonJSON{}, Flags: flagCodes(e.Flags),
		Reasons: []string{}, Sampled: e.Sampled, Review: reviewOf(e.Review)}
	for _, reason := range logFlagReasons(e.Flags) {
		j.Reasons = append(j.Reasons, translate(lang, reason))
	}
	for _, p := range e.Persons {
		j.Persons = append(j.Persons, reviewedPersonJSON{Personnummer: p.Personnummer, Name: p.Name, Protected: p.Protected, Flags: flagCodes(p.Flags)})
	}
	return j
}

// jsonOrNil is a stored JSON text for an answer, nil when there is none.
func jsonOrNil(s string) any {
	if s == "" {
		return nil
	}
	return rawJSON(s)
}

func (s *Server) apiLogReview(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.LogReview(r.Context(), actor(r), logReviewFilter(r.URL.Query()))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "csv" {
		return writeCSV(w, "loggranskning-"+res.From.Format(time.DateOnly)+"-"+res.To.Format(time.DateOnly), logReviewCSV(res))
	}
	j := logReviewJSON{From: res.From.Format(time.DateOnly), To: res.To.Format(time.DateOnly), Accesses: res.Accesses, Flagged: res.Flagged,
		Unreviewed: res.Unreviewed, Entries: []logReviewEntryJSON{}}
	for _, e := range res.Entries {
		j.Entries = append(j.Entries, logReviewEntryOf(langOf(r), e))
	}
	return writeJSON(w, http.StatusOK, j)
}

func (s *Server) apiReviewLogEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("entryId"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENotFound, "Loggposten finns inte.")
	}
	var in logReviewIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	if err := s.svc.ReviewLogEntry(r.Context(), actor(r), id, in.Comment); err != nil {
		return err
	}
	e, err := s.svc.LogReviewEntry(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, logReviewEntryOf(langOf(r), *e))
}

type accessJSON struct {
	accessHeadJSON
	Entity   string `json:"entity"`
	EntityID string `json:"entityId"`
}

type accessLogJSON struct {
	Personnummer string       `json:"personnummer"`
	Name         string       `json:"name"`
	Accesses     []accessJSON `json:"accesses"`
}

func (s *Server) apiAccessLog(w http.ResponseWriter, r *http.Request) error {
	l, err := s.svc.PersonAccessLog(r.Context(), actor(r), r.PathValue("personnummer"))
	if err != nil {
		return err
	}
	return s.writeAccessLog(w, r, l, r.URL.Query().Get("format"))
}

// writeAccessLog answers a Loggutdrag as JSON, CSV or PDF.
func (s *Server) writeAccessLog(w http.ResponseWriter, r *http.Request, l *service.PersonAccessLog, format string) error {
	switch format {
	case "csv":
		recs := [][]string{{"tid", "användarnamn", "användare", "händelse", "bild", "post", "sökbegrepp"}}
		for _, a := range l.Accesses {
			recs = append(recs, []string{a.At.In(domain.Stockholm).Format("2006-01-02 15:04:05"), a.Username, a.UserName, a.Action, a.Screen,
				strings.TrimSpace(a.Entity + " " + a.EntityID), a.Criteria})
		}
		return writeCSV(w, "loggutdrag-"+l.Number, recs)
	case "pdf":
		return writeAccessLogPDF(w, l, s.svc.Now())
	}
	j := accessLogJSON{Personnummer: l.Number, Accesses: []accessJSON{}}
	if l.Person != nil {
		j.Name = l.Person.LastName + ", " + l.Person.FirstName
	}
	for _, a := range l.Accesses {
		j.Accesses = append(j.Accesses, accessJSON{accessHeadJSON: accessHeadOf(a.AuditID, a.At, a.Username, a.UserName, a.Action, a.Screen, a.Criteria),
			Entity: a.Entity, EntityID: a.EntityID})
	}
	return writeJSON(w, http.StatusOK, j)
}

type accessLogPageData struct {
	Log *service.PersonAccessLog
}

func (s *Server) accessLogPage(w http.ResponseWriter, r *http.Request) error {
	const title = "Loggutdrag"
	v := r.URL.Query()
	pnr := strings.TrimSpace(v.Get("personnummer"))
	if pnr == "" {
		return s.renderPage(w, r, http.StatusOK, "audit/accesslog", &Page{Title: title, Form: v, Data: accessLogPageData{}})
	}
	l, err := s.svc.PersonAccessLog(r.Context(), actor(r), pnr)
	if err != nil {
		return s.renderForm(w, r, "audit/accesslog", title, accessLogPageData{}, err)
	}
	if f := v.Get("format"); f == "csv" || f == "pdf" {
		return s.writeAccessLog(w, r, l, f)
	}
	return s.renderPage(w, r, http.StatusOK, "audit/accesslog", &Page{Title: title, Form: v, Data: accessLogPageData{Log: l}})
}

// writeAccessLogPDF prints a Loggutdrag for the person who asked for it.
func writeAccessLogPDF(w http.ResponseWriter, l *service.PersonAccessLog, now time.Time) error {
	doc := &textPDF{}
	name := ""
	if l.Person != nil {
		name = l.Person.LastName + ", " + l.Person.FirstName
	}
	var page []pdfText
	y := 800.0
	header := func() {
		page = append(page, pdfText{X: 40, Y: y, Size: 14, Bold: true, Text: "Loggutdrag – " + domain.Personnummer(l.Number).Formatted() + " " + name})
		y -= 18
		page = append(page, pdfText{X: 40, Y: y, Size: 9, Text: "Varje åtkomst till personens uppgifter i Hjälpmedel. Utskrivet " + now.In(domain.Stockholm).Format("2006-01-02 15:04") + "."})
		y -= 22
		for _, c := range []struct {
			x    float64
			text string
		}{{40, "Tid"}, {140, "Användare"}, {300, "Händelse"}, {400, "Bild"}} {
			page = append(page, pdfText{X: c.x, Y: y, Size: 9, Bold: true, Text: c.text})
		}
		y -= 14
	}
	header()
	for _, a := range l.Accesses {
		if y < 50 {
			doc.pages = append(doc.pages, page)
			page, y = nil, 800
			header()
		}
		user := a.Username
		if a.UserName != "" {
			user = a.UserName + " (" + a.Username + ")"
		}
		page = append(page,
			pdfText{X: 40, Y: y, Size: 8, Text: a.At.In(domain.Stockholm).Format("2006-01-02 15:04")},
			pdfText{X: 140, Y: y, Size: 8, Text: clip(user, 34)},
			pdfText{X: 300, Y: y, Size: 8, Text: clip(a.Action, 20)},
			pdfText{X: 400, Y: y, Size: 8, Text: clip(a.Screen, 36)})
		y -= 12
	}
	if len(l.Accesses) == 0 {
		page = append(page, pdfText{X: 40, Y: y, Size: 9, Text: "Ingen åtkomst är loggad."})
	}
	doc.pages = append(doc.pages, page)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="loggutdrag-`+l.Number+`.pdf"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(doc.bytes())
	return err
}
