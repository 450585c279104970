package web

import (
	"net/http"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// The training clock (serve --training-clock): an admin sets the system's date
// and time so that a class can play through a month end. Without the flag the
// routes answer 404.
func (s *Server) routesTrainingClock() {
	admin := domain.RoleAdmin
	s.page("GET /admin/ovningsklocka", s.trainingClockPage, admin)
	s.page("POST /admin/ovningsklocka", s.trainingClockSubmit, admin)
	s.apiRoute("GET /api/v1/training/clock", APIDoc{Summary: "Övningsklockans tid (admin; bara med serve --training-clock, annars 404)", Tag: "training",
		Response: trainingClockJSON{}}, s.apiTrainingClock, admin)
	s.apiRoute("POST /api/v1/training/clock", APIDoc{Summary: "Ställ systemets tid (admin; bara med serve --training-clock, annars 404); tiden går sedan vidare därifrån",
		Tag: "training", Request: trainingClockJSON{}, Response: trainingClockJSON{}}, s.apiSetTrainingClock, admin)
}

// trainingClockJSON is the training clock's time, RFC 3339.
type trainingClockJSON struct {
	Now string `json:"now"`
}

func (s *Server) apiTrainingClock(w http.ResponseWriter, r *http.Request) error {
	now, err := s.svc.TrainingClockNow(actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, trainingClockJSON{Now: now.Format(time.RFC3339)})
}

func (s *Server) apiSetTrainingClock(w http.ResponseWriter, r *http.Request) error {
	var in trainingClockJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	now, err := time.Parse(time.RFC3339, strings.TrimSpace(in.Now))
	if err != nil {
		return domain.Invalid("now", "Ange tiden som RFC 3339, till exempel 2026-03-31T23:50:00+02:00.")
	}
	if err := s.svc.SetTrainingClock(r.Context(), actor(r), now); err != nil {
		return err
	}
	return s.apiTrainingClock(w, r)
}

type trainingClockPage struct {
	Now time.Time
}

func (s *Server) trainingClockPage(w http.ResponseWriter, r *http.Request) error {
	return s.trainingClockForm(w, r, nil)
}

// trainingClockForm renders the page with the clock's time, and the action's error if any.
func (s *Server) trainingClockForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	now, err := s.svc.TrainingClockNow(actor(r))
	if err != nil {
		return err
	}
	const title = "Övningsklocka"
	if actionErr != nil {
		return s.renderForm(w, r, "backoffice/training_clock", title, trainingClockPage{Now: now}, actionErr)
	}
	return s.render(w, r, "backoffice/training_clock", title, trainingClockPage{Now: now})
}

func (s *Server) trainingClockSubmit(w http.ResponseWriter, r *http.Request) error {
	v := strings.TrimSpace(r.PostFormValue("now"))
	var now time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly} {
		if now, err = time.ParseInLocation(layout, v, domain.Stockholm); err == nil {
			break
		}
	}
	if err != nil {
		return s.trainingClockForm(w, r, domain.Invalid("now", "Ange datum och tid som 2026-03-31 23:50."))
	}
	if err := s.svc.SetTrainingClock(r.Context(), actor(r), now); err != nil {
		return s.trainingClockForm(w, r, err)
	}
	return s.redirectWithFlash(w, r, "/admin/ovningsklocka", "Systemets tid är ställd.")
}
