package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// BMB pages: Skicka BMB (/bmb/ny, reached from Hjälpmedel and Individkort), Kvittera BMB
// (/bmb), one transfer (/bmb/{id}), the sender's contact card, and customer service's
// list of locked transfers (/kundtjanst/bmb).

func (s *Server) routesTransfers() {
	prescriber := []domain.Role{domain.RolePrescriber}
	cs := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.page("GET /bmb", s.transfersPage, prescriber...)
	s.page("GET /bmb/ny", s.transferNewPage, prescriber...)
	s.page("GET /bmb/skicka", s.transferNewPage, prescriber...) // the look-up pages' BMB link
	s.page("POST /bmb/ny", s.transferNewSubmit, prescriber...)
	s.page("GET /bmb/{id}", s.transferPage, domain.StaffReaders...)
	s.page("POST /bmb/{id}", s.transferAcknowledge, prescriber...)
	s.page("GET /bmb/forskrivare/{username}", s.transferContactPage, domain.StaffReaders...)
	s.page("GET /kundtjanst/bmb", s.lockedTransfersPage, cs...)
	s.page("POST /kundtjanst/bmb/{id}/las-upp", s.transferUnlock, cs...)
	s.routesTransfersAPI()
}

func (s *Server) transfersPage(w http.ResponseWriter, r *http.Request) error {
	lists, err := s.svc.TransferLists(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "transfers/list", "Kvittera BMB", lists)
}

// transferRow is a holding on the send form.
type transferRow struct {
	domain.TransferHolding
	Label     string // the checkbox's visible label
	Checked   bool
	Component bool // attached to a unit: follows it, no checkbox of its own
}

// transferForm is the send form with its summary after "Spara ändringarna".
type transferForm struct {
	Source  *service.TransferSource
	Rows    []transferRow
	Values  map[string]string
	Plan    *service.TransferPlan
	Confirm bool
	Back    string // Avbryt: the page the form was opened from
	Today   string
}

// Conditions are the manual's conditions for a transfer between patients.
func (f *transferForm) Conditions() []string { return domain.PatientToPatientConditions }

func (s *Server) transferNewPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	src, err := s.svc.TransferSource(r.Context(), actor(r), q.Get("personnummer"), q.Get("individ"), q.Get("kund"))
	if err != nil {
		return err
	}
	f := s.newTransferForm(src, nil)
	f.Values["recipientType"] = "patient"
	f.Values["recipient"] = src.From.Personnummer
	if src.From.Customer != "" {
		f.Values["recipientType"], f.Values["recipient"] = "customer", src.From.Customer
	}
	f.Values["bmbDate"] = f.Today
	return s.render(w, r, "transfers/new", "Skicka BMB", f)
}

func (s *Server) newTransferForm(src *service.TransferSource, checked map[string]bool) *transferForm {
	f := &transferForm{Source: src, Values: map[string]string{}, Today: s.svc.Today().Format(time.DateOnly)}
	switch {
	case src.Unit != "":
		f.Back = "/individkort?individ=" + url.QueryEscape(src.Unit)
	case src.From.Personnummer != "":
		f.Back = "/hjalpmedel?personnummer=" + url.QueryEscape(src.From.Personnummer)
	default:
		f.Back = "/hjalpmedel?kund=" + url.QueryEscape(src.From.Customer)
	}
	seen := map[string]int{}
	for _, h := range src.Holdings {
		row := transferRow{TransferHolding: h, Component: h.AttachedUnit != ""}
		key := h.Unit
		if key == "" {
			key = h.Article
		}
		seen[key]++
		row.Label = "Markera " + key
		if seen[key] > 1 {
			row.Label += fmt.Sprintf(" (%d)", seen[key])
		}
		id := strconv.FormatInt(h.ID, 10)
		if checked != nil {
			row.Checked = checked[id]
		} else {
			row.Checked = src.Selected[h.ID]
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

func (s *Server) transferNewSubmit(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	src, err := s.svc.TransferSource(r.Context(), a, r.PostForm.Get("personnummer"), r.PostForm.Get("individ"), r.PostForm.Get("kund"))
	if err != nil {
		return err
	}
	checked := map[string]bool{}
	for _, id := range r.PostForm["holding"] {
		checked[id] = true
	}
	f := s.newTransferForm(src, checked)
	for _, k := range []string{"toPrescriber", "recipientType", "recipient", "bmbDate", "message"} {
		f.Values[k] = r.PostForm.Get(k)
	}
	f.Confirm = r.PostForm.Get("confirmPatientToPatient") == "ja"
	in := service.TransferInput{ToPrescriber: f.Values["toPrescriber"], BMBDate: f.Values["bmbDate"],
		Holdings: r.PostForm["holding"], Message: f.Values["message"], ConfirmPatientToPatient: f.Confirm}
	if f.Values["recipientType"] == "customer" {
		in.RecipientCustomer = f.Values["recipient"]
	} else {
		in.RecipientPersonnummer = f.Values["recipient"]
	}
	if r.PostForm.Get("action") == "verkstall" {
		v, _, err := s.svc.SendTransfer(r.Context(), a, in)
		if err != nil {
			// Show the summary again with the error (e.g. the missing confirmation).
			if plan, perr := s.svc.PlanTransfer(r.Context(), a, in); perr == nil {
				f.Plan = plan
			}
			return s.renderForm(w, r, "transfers/new", "Skicka BMB", f, err)
		}
		msg := fmt.Sprintf(translate(langOf(r), "BMB är skickad till %s, som har fått ett meddelande om den."), v.ToUsername)
		if v.ToUserID == a.ID {
			msg = "BMB är skickad till dig själv. Kvittera den nedan för att den ska verkställas."
		}
		return s.redirectWithFlash(w, r, fmt.Sprintf("/bmb/%d", v.ID), msg)
	}
	plan, err := s.svc.PlanTransfer(r.Context(), a, in)
	if err != nil {
		return s.renderForm(w, r, "transfers/new", "Skicka BMB", f, err)
	}
	f.Plan = plan
	return s.render(w, r, "transfers/new", "Skicka BMB", f)
}

// transferPageData is one transfer with what the acknowledge form needs.
type transferPageData struct {
	*service.TransferView
	Customers []domain.TransferParty // the viewer's customers (Kund/leveransadress)
	Payers    []domain.TransferParty // one per distinct payer
	Values    map[string]string
	IsSender  bool
}

// Title is the page's heading as the manual names it for the viewer: the
// receiver takes over the payment responsibility, the sender looks at a BMB
// they sent (a local store's prescriber who acknowledges their own is the receiver).
func (d *transferPageData) Title() string {
	if d.IsSender && !d.CanAcknowledge {
		return "Skickad BMB (byte mottagare/betalare)"
	}
	return "Överta betalningsansvar via BMB"
}

func (s *Server) transferPageData(r *http.Request, v *service.TransferView) (*transferPageData, error) {
	a := actor(r)
	d := &transferPageData{TransferView: v, Values: map[string]string{"approve": "ja"}, IsSender: v.FromUserID == a.ID}
	if v.CanAcknowledge {
		mine, err := s.svc.MyTransferCustomers(r.Context(), a)
		if err != nil {
			return nil, err
		}
		seen := map[string]bool{}
		for _, c := range mine {
			if !c.Active {
				continue
			}
			d.Customers = append(d.Customers, c)
			if !seen[c.DefaultPayer] {
				seen[c.DefaultPayer] = true
				d.Payers = append(d.Payers, c)
			}
		}
		if len(d.Customers) == 1 {
			d.Values["customer"] = d.Customers[0].Customer
		}
	}
	return d, nil
}

func (s *Server) transferPage(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.svc.ViewTransfer(r.Context(), actor(r), id, "Kvittera BMB")
	if err != nil {
		return err
	}
	d, err := s.transferPageData(r, v)
	if err != nil {
		return err
	}
	return s.render(w, r, "transfers/show", d.Title(), d)
}

func (s *Server) transferAcknowledge(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	a := actor(r)
	in := service.AcknowledgeInput{Approve: r.PostForm.Get("approve") != "nej", Customer: r.PostForm.Get("customer"),
		Payer: r.PostForm.Get("payer"), Message: r.PostForm.Get("message")}
	v, err := s.svc.AcknowledgeTransfer(r.Context(), a, id, in)
	if err != nil {
		cur, verr := s.svc.Transfer(r.Context(), a, id)
		if verr != nil {
			return err
		}
		d, derr := s.transferPageData(r, cur)
		if derr != nil {
			return err
		}
		for _, k := range []string{"approve", "customer", "payer", "message"} {
			d.Values[k] = r.PostForm.Get(k)
		}
		return s.renderForm(w, r, "transfers/show", d.Title(), d, err)
	}
	msg := "BMB är kvitterad och godkänd."
	if v.State == domain.TransferRejected {
		msg = "BMB är besvarad med Nej. Avsändaren har fått ett meddelande."
	}
	return s.redirectWithFlash(w, r, fmt.Sprintf("/bmb/%d", id), msg)
}

func (s *Server) transferContactPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.svc.PrescriberContact(r.Context(), actor(r), r.PathValue("username"))
	if err != nil {
		return err
	}
	return s.render(w, r, "transfers/contact", "Uppgifter om förskrivare", u)
}

func (s *Server) lockedTransfersPage(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.svc.LockedTransfers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return s.render(w, r, "transfers/locked", "Låsta BMB", vs)
}

func (s *Server) transferUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.svc.UnlockTransfer(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, backTo(r, "/kundtjanst/bmb"), fmt.Sprintf(translate(langOf(r), "BMB %d från %s är upplåst. Hjälpmedlen kan skickas på nytt och avsändaren har fått ett meddelande."), v.ID, v.FromUsername))
}
