package web

import (
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Säkerhetsmeddelanden (SPEC §10.4): the admin registers a notice and
// executes it; the back office follows its units and progress.
func (s *Server) routesRecalls() {
	admin := []domain.Role{domain.RoleAdmin}
	s.page("GET /admin/sakerhetsmeddelanden", s.recallList, domain.BackOffice...)
	s.page("POST /admin/sakerhetsmeddelanden", s.recallSubmit, admin...)
	s.page("GET /admin/sakerhetsmeddelanden/{id}", s.recall(s.recallPage), domain.BackOffice...)
	s.page("POST /admin/sakerhetsmeddelanden/{id}/verkstall", s.recallExecuteSubmit, admin...)
	s.apiRoute("POST /api/v1/recalls", APIDoc{Summary: "Registrera säkerhetsmeddelande", Tag: "recalls",
		Description: "Ange artiklar (med intervall för serienummer och/eller inköpsdatum) eller en lista med individer. Individerna i lager, på rekonditionering eller service spärras genast.",
		Request:     recallRequest{}, Response: recallJSON{}, Status: http.StatusCreated}, s.apiRegisterRecall, admin...)
	s.apiRoute("GET /api/v1/recalls", APIDoc{Summary: "Säkerhetsmeddelanden, nyaste först", Tag: "recalls",
		Response: recallListJSON{}}, s.apiRecalls, domain.BackOffice...)
	s.apiRoute("GET /api/v1/recalls/{id}", APIDoc{Summary: "Ett säkerhetsmeddelande med berörda individer och progress", Tag: "recalls",
		Query: []QueryParam{{"format", "csv för de berörda individerna som CSV"}}, Response: recallJSON{}, Files: csvFile},
		s.recall(func(w http.ResponseWriter, _ *http.Request, v *service.RecallView) error {
			return writeJSON(w, http.StatusOK, recallViewJSON(v))
		}), domain.BackOffice...)
	s.apiRoute("POST /api/v1/recalls/{id}/execute", APIDoc{Summary: "Verkställ: arbetsorder eller hämtorder per utlämnad individ, meddelande till varje förskrivare", Tag: "recalls",
		EmptyBody: true, Response: recallJSON{}}, s.apiExecuteRecall, admin...)
}

type recallRequest struct {
	Title         string   `json:"title"`
	Articles      []string `json:"articles"`
	SerialFrom    string   `json:"serialFrom"`
	SerialTo      string   `json:"serialTo"`
	PurchasedFrom string   `json:"purchasedFrom"`
	PurchasedTo   string   `json:"purchasedTo"`
	Units         []string `json:"units"`
	Action        string   `json:"action" enum:"inspect,exchange,pickup,inform"`
	Deadline      string   `json:"deadline"`
}

type recallUnitJSON struct {
	Unit         string `json:"unit"`
	Article      string `json:"article"`
	Serial       string `json:"serial"`
	Location     string `json:"location" enum:"patient,care_unit,local_store,stock,reconditioning,in_service,scrapped"`
	LocationText string `json:"locationText"`
	Holder       string `json:"holder"`
	HolderName   string `json:"holderName"`
	Customer     string `json:"customer"`
	Prescriber   string `json:"prescriber"`
	Blocked      bool   `json:"blocked"`
	WorkOrder    string `json:"workOrder,omitempty"`
	PickupOrder  string `json:"pickupOrder,omitempty"`
	Done         bool   `json:"done"`
}

type recallProgressJSON struct {
	Total   int `json:"total"`
	Done    int `json:"done"`
	Open    int `json:"open"`
	Overdue int `json:"overdue"`
}

type recallJSON struct {
	ID            string             `json:"id"`
	Title         string             `json:"title"`
	Action        string             `json:"action"`
	ActionText    string             `json:"actionText"`
	Deadline      string             `json:"deadline"`
	Articles      []string           `json:"articles"`
	SerialFrom    string             `json:"serialFrom,omitempty"`
	SerialTo      string             `json:"serialTo,omitempty"`
	PurchasedFrom string             `json:"purchasedFrom,omitempty"`
	PurchasedTo   string             `json:"purchasedTo,omitempty"`
	Status        string             `json:"status" enum:"registered,executed"`
	Progress      recallProgressJSON `json:"progress"`
	Affected      []recallUnitJSON   `json:"affected,omitempty"`
}

type recallListJSON struct {
	Recalls []recallJSON `json:"recalls"`
}

func recallJSONOf(r *domain.Recall) recallJSON {
	return recallJSON{ID: strconv.FormatInt(r.ID, 10), Title: r.Title, Action: r.Action, ActionText: domain.RecallActionText(r.Action),
		Deadline: r.Deadline, Articles: append([]string{}, r.Articles...), SerialFrom: r.SerialFrom, SerialTo: r.SerialTo,
		PurchasedFrom: r.PurchasedFrom, PurchasedTo: r.PurchasedTo, Status: r.Status, Progress: recallProgressJSON{Total: r.Units}}
}

func recallViewJSON(v *service.RecallView) recallJSON {
	out := recallJSONOf(v.Recall)
	p := v.Progress
	out.Progress = recallProgressJSON{Total: p.Total, Done: p.Done, Open: p.Open, Overdue: p.Overdue}
	out.Affected = []recallUnitJSON{}
	for _, u := range v.Units {
		holder := u.Personnummer
		if holder == "" {
			holder = u.RecipientCustomer
		}
		out.Affected = append(out.Affected, recallUnitJSON{Unit: u.Unit, Article: u.Article, Serial: u.Serial, Location: u.Location,
			LocationText: domain.LocationText(u.Location), Holder: holder, HolderName: cmpOr(u.PatientName, u.CustomerName, ""),
			Customer: u.Customer, Prescriber: u.PrescriberUsername, Blocked: u.Blocked, WorkOrder: u.WorkOrder,
			PickupOrder: u.PickupOrder, Done: u.Done})
	}
	return out
}

// cmpOr is the first non-empty of its arguments.
func cmpOr(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

func recallInputOf(in recallRequest) domain.RecallInput {
	return domain.RecallInput{Title: in.Title, Articles: in.Articles, SerialFrom: in.SerialFrom, SerialTo: in.SerialTo,
		PurchasedFrom: in.PurchasedFrom, PurchasedTo: in.PurchasedTo, Units: in.Units, Action: in.Action, Deadline: in.Deadline}
}

func recallID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, domain.Errorf(domain.ENotFound, "Säkerhetsmeddelandet finns inte.")
	}
	return id, nil
}

func (s *Server) apiRegisterRecall(w http.ResponseWriter, r *http.Request) error {
	var in recallRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	v, err := s.svc.RegisterRecall(r.Context(), actor(r), recallInputOf(in))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, recallViewJSON(v))
}

func (s *Server) apiRecalls(w http.ResponseWriter, r *http.Request) error {
	list, err := s.svc.Recalls(r.Context(), actor(r))
	if err != nil {
		return err
	}
	out := recallListJSON{Recalls: []recallJSON{}}
	for _, rc := range list {
		out.Recalls = append(out.Recalls, recallJSONOf(rc))
	}
	return writeJSON(w, http.StatusOK, out)
}

// recall serves a notice, as CSV with ?format=csv or through show.
func (s *Server) recall(show func(w http.ResponseWriter, r *http.Request, v *service.RecallView) error) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := recallID(r)
		if err != nil {
			return err
		}
		v, err := s.svc.Recall(r.Context(), actor(r), id)
		if err != nil {
			return err
		}
		if r.URL.Query().Get("format") == "csv" {
			return writeRecallCSV(w, v)
		}
		return show(w, r, v)
	}
}

func (s *Server) apiExecuteRecall(w http.ResponseWriter, r *http.Request) error {
	id, err := recallID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.ExecuteRecall(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recallViewJSON(v))
}

// writeRecallCSV is the list of a notice's units with what is done.
func writeRecallCSV(w http.ResponseWriter, v *service.RecallView) error {
	recs := [][]string{{"individ", "artikel", "serienummer", "plats", "innehavare", "namn", "kund", "förskrivare", "spärrad", "arbetsorder", "hämtorder", "klar"}}
	yes := map[bool]string{true: "ja", false: "nej"}
	for _, u := range recallViewJSON(v).Affected {
		recs = append(recs, []string{u.Unit, u.Article, u.Serial, u.LocationText, u.Holder, u.HolderName, u.Customer, u.Prescriber,
			yes[u.Blocked], u.WorkOrder, u.PickupOrder, yes[u.Done]})
	}
	return writeCSV(w, "sakerhetsmeddelande-"+strconv.FormatInt(v.ID, 10), recs)
}

// The pages.

type recallListData struct {
	Recalls []*domain.Recall
	Actions []codeText
	CanEdit bool
}

func (s *Server) recallListData(r *http.Request) (*recallListData, error) {
	list, err := s.svc.Recalls(r.Context(), actor(r))
	return &recallListData{Recalls: list, Actions: codeTexts(domain.RecallActions, domain.RecallActionText),
		CanEdit: actor(r).HasRole(domain.RoleAdmin)}, err
}

func (s *Server) recallList(w http.ResponseWriter, r *http.Request) error {
	data, err := s.recallListData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/recalls", "Säkerhetsmeddelanden", data)
}

// lines splits a text area into its non-empty lines and words.
func lines(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ' ' || r == '\t' })
}

func (s *Server) recallSubmit(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	v, err := s.svc.RegisterRecall(r.Context(), actor(r), domain.RecallInput{Title: f.Get("title"), Articles: lines(f.Get("articles")),
		SerialFrom: f.Get("serialFrom"), SerialTo: f.Get("serialTo"), PurchasedFrom: f.Get("purchasedFrom"),
		PurchasedTo: f.Get("purchasedTo"), Units: lines(f.Get("units")), Action: f.Get("action"), Deadline: f.Get("deadline")})
	if err != nil {
		data, derr := s.recallListData(r)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "backoffice/recalls", "Säkerhetsmeddelanden", data, err)
	}
	return s.redirectWithFlashf(w, r, "/admin/sakerhetsmeddelanden/"+strconv.FormatInt(v.ID, 10),
		"Säkerhetsmeddelandet är registrerat: %d individer berörs, %d i lager är spärrade.", v.Progress.Total, countBlocked(v))
}

func countBlocked(v *service.RecallView) int {
	n := 0
	for _, u := range v.Units {
		if u.Blocked {
			n++
		}
	}
	return n
}

func (s *Server) recallPage(w http.ResponseWriter, r *http.Request, v *service.RecallView) error {
	return s.render(w, r, "backoffice/recall", "Säkerhetsmeddelande "+strconv.FormatInt(v.ID, 10),
		recallPageData{RecallView: v, CanExecute: actor(r).HasRole(domain.RoleAdmin) && v.Status == "registered"})
}

type recallPageData struct {
	*service.RecallView
	CanExecute bool
}

func (s *Server) recallExecuteSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := recallID(r)
	if err != nil {
		return err
	}
	v, err := s.svc.ExecuteRecall(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return s.redirectWithFlashf(w, r, "/admin/sakerhetsmeddelanden/"+strconv.FormatInt(id, 10),
		"Säkerhetsmeddelandet är verkställt: %d av %d individer är klara. Förskrivarna har fått meddelanden.", v.Progress.Done, v.Progress.Total)
}
