package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Besiktning (FU, SPEC §10.5): the units due for planned inspection per
// service department, and priority-5 work orders for the chosen ones.
func (s *Server) routesMaintenance() {
	roles := service.MaintenanceRoles
	s.page("GET /tekniker/besiktning", s.maintenancePage, roles...)
	s.page("POST /tekniker/besiktning", s.maintenanceSubmit, roles...)
	s.apiRoute("GET /api/v1/maintenance/due", APIDoc{Summary: "Individer med besiktning (FU) som förfaller", Tag: "maintenance",
		Description: "Utlämnade individer av artiklar med besiktningsintervall vars nästa FU (senaste FU eller leverans plus intervallet) infaller inom within dagar, försenade först.",
		Query:       []QueryParam{{"department", "serviceavdelningens id (förskrivarens Utföres av); tomt: alla"}, {"within", "dagar framåt, 0–366 (standard 30)"}},
		Response:    maintenanceDueJSON{}}, s.apiMaintenanceDue, roles...)
	s.apiRoute("POST /api/v1/maintenance/workorders", APIDoc{Summary: "Skapa besiktningsarbetsordrar (prioritet 5) för individerna", Tag: "maintenance",
		Description: "En arbetsorder per individ, utförs på plats hos innehavaren; allt eller inget.",
		Request:     maintenanceRequest{}, Response: maintenanceCreatedJSON{}, Status: http.StatusCreated}, s.apiMaintenanceWorkOrders, roles...)
}

type maintenanceRequest struct {
	Units []string `json:"units"`
}

type maintenanceCreatedJSON struct {
	WorkOrders []string `json:"workOrders"`
}

type dueUnitJSON struct {
	Unit          string `json:"unit"`
	Serial        string `json:"serial"`
	Article       string `json:"article"`
	ArticleName   string `json:"articleName"`
	Months        int    `json:"intervalMonths"`
	LastFU        string `json:"lastInspection"`
	LastResult    string `json:"lastResult,omitempty"`
	NextFU        string `json:"nextInspection"`
	Overdue       bool   `json:"overdue"`
	Personnummer  string `json:"personnummer,omitempty"`
	PatientName   string `json:"patientName,omitempty"`
	Customer      string `json:"customer"`
	CustomerName  string `json:"customerName"`
	DepartmentID  string `json:"department,omitempty"`
	OpenWorkOrder string `json:"openWorkOrder,omitempty"`
	Blocked       bool   `json:"blocked"`
}

type maintenanceDueJSON struct {
	Units []dueUnitJSON `json:"units"`
}

func dueFilterOf(r *http.Request, within string) (service.MaintenanceDueFilter, error) {
	f := service.MaintenanceDueFilter{Within: 30}
	q := r.URL.Query()
	if v := q.Get("department"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return f, domain.Invalid("department", "Välj en serviceavdelning.")
		}
		f.Department = n
	}
	if v := q.Get(within); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, domain.Invalid(within, "Ange antal dagar framåt, 0–366.")
		}
		f.Within = n
	}
	return f, nil
}

type maintenanceData struct {
	*service.MaintenanceDue
	Today string
}

func (s *Server) maintenancePage(w http.ResponseWriter, r *http.Request) error {
	f, err := dueFilterOf(r, "within")
	var due *service.MaintenanceDue
	if err == nil {
		due, err = s.svc.MaintenanceDueList(r.Context(), actor(r), f)
	}
	data := maintenanceData{MaintenanceDue: due, Today: s.svc.Today().Format("2006-01-02")}
	if err != nil {
		return s.renderForm(w, r, "workorders/maintenance", "Besiktning (FU)", data, err)
	}
	form := r.URL.Query()
	if form.Get("within") == "" {
		form.Set("within", "30")
	}
	return s.renderPage(w, r, http.StatusOK, "workorders/maintenance", &Page{Title: "Besiktning (FU)", Form: form, Data: data})
}

func (s *Server) maintenanceSubmit(w http.ResponseWriter, r *http.Request) error {
	numbers, err := s.svc.CreateMaintenanceWorkOrders(r.Context(), actor(r), r.PostForm["unit"])
	if err != nil {
		if domain.ErrorCode(err) == domain.EInvalid {
			return s.redirectWithFlash(w, r, "/tekniker/besiktning", domain.ErrorMessage(err))
		}
		return err
	}
	return s.redirectWithFlashf(w, r, "/tekniker/besiktning?within="+url.QueryEscape(r.PostForm.Get("within")),
		"%d besiktningsarbetsordrar är skapade: %s.", len(numbers), strings.Join(numbers, ", "))
}

func (s *Server) apiMaintenanceDue(w http.ResponseWriter, r *http.Request) error {
	f, err := dueFilterOf(r, "within")
	if err != nil {
		return err
	}
	due, err := s.svc.MaintenanceDueList(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	today := s.svc.Today()
	out := maintenanceDueJSON{Units: []dueUnitJSON{}}
	for _, u := range due.Units {
		j := dueUnitJSON{Unit: u.Unit, Serial: u.Serial, Article: u.Article, ArticleName: u.ArticleName, Months: u.Months,
			LastFU: u.LastFU, LastResult: u.LastResult, NextFU: u.Next.Format("2006-01-02"), Overdue: u.Next.Before(today),
			Personnummer: u.Personnummer, PatientName: u.PatientName, Customer: u.Customer, CustomerName: u.CustomerName,
			OpenWorkOrder: u.OpenWorkOrder, Blocked: u.Blocked}
		if u.DepartmentID != 0 {
			j.DepartmentID = strconv.FormatInt(u.DepartmentID, 10)
		}
		out.Units = append(out.Units, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiMaintenanceWorkOrders(w http.ResponseWriter, r *http.Request) error {
	var in maintenanceRequest
	if err := readJSON(r, &in); err != nil {
		return err
	}
	numbers, err := s.svc.CreateMaintenanceWorkOrders(r.Context(), actor(r), in.Units)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, maintenanceCreatedJSON{WorkOrders: numbers})
}
