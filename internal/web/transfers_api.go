package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// The BMB part of the JSON API (SPEC §9: /transfers).

func (s *Server) routesTransfersAPI() {
	prescriber := []domain.Role{domain.RolePrescriber}
	s.apiRoute("POST /api/v1/transfers", APIDoc{Summary: "Skicka BMB (byte mottagare/betalare)", Tag: "transfers",
		Description: "Sends at once; the receiver gets a message. recipient is {personnummer} or {customer}; bmbDate defaults to today; " +
			"units and holdings name what moves (components attached to a unit follow it). confirmPatientToPatient: true is required " +
			"when the recipient person changes. A repeated idempotencyKey returns 200 with the transfer first sent.",
		Request: transferRequestJSON{}, Response: transferJSON{}, Status: http.StatusCreated}, s.apiSendTransfer, prescriber...)
	s.apiRoute("GET /api/v1/transfers", APIDoc{Summary: "BMB till mig (incoming) eller från mig (outgoing)", Tag: "transfers",
		Query: []QueryParam{{"direction", "incoming (default) or outgoing; all for customer service"},
			{"status", "sent, accepted, rejected, locked or unlocked"}},
		Response: transfersJSON{}}, s.apiTransfers)
	s.apiRoute("GET /api/v1/transfers/{id}", APIDoc{Summary: "En BMB", Tag: "transfers", Response: transferJSON{}}, s.apiTransfer)
	s.apiRoute("POST /api/v1/transfers/{id}/acknowledge", APIDoc{Summary: "Kvittera BMB: godkänn (approve, default true) eller inte", Tag: "transfers",
		Description: "Only the addressed prescriber. customer must be one of the prescriber's customers (may be omitted when there is only one); payer defaults to the customer's default payer.",
		Request:     acknowledgeJSON{}, Response: transferJSON{}}, s.apiAcknowledgeTransfer, prescriber...)
	s.apiRoute("POST /api/v1/transfers/{id}/unlock", APIDoc{Summary: "Lås upp en låst BMB (kundtjänst): den makuleras och hjälpmedlen kan skickas på nytt", Tag: "transfers",
		EmptyBody: true, Response: transferJSON{}}, s.apiUnlockTransfer, domain.RoleCustomerService, domain.RoleAdmin)
}

// idList accepts identifiers as JSON strings (the convention) or numbers.
type idList []string

func (l *idList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make([]string, 0, len(raw))
	for _, r := range raw {
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			out = append(out, s)
			continue
		}
		var n json.Number
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.UseNumber()
		if err := dec.Decode(&n); err != nil {
			return err
		}
		out = append(out, n.String())
	}
	*l = out
	return nil
}

type transferRecipientJSON struct {
	Personnummer string `json:"personnummer,omitempty"`
	Customer     string `json:"customer,omitempty"`
}

type transferRequestJSON struct {
	ToPrescriber            string                `json:"toPrescriber"`
	Recipient               transferRecipientJSON `json:"recipient"`
	BMBDate                 string                `json:"bmbDate,omitempty"`
	Units                   idList                `json:"units,omitempty"`
	Holdings                idList                `json:"holdings,omitempty"`
	Message                 string                `json:"message,omitempty"`
	ConfirmPatientToPatient bool                  `json:"confirmPatientToPatient,omitempty"`
	IdempotencyKey          string                `json:"idempotencyKey,omitempty"`
}

type acknowledgeJSON struct {
	Approve  *bool  `json:"approve,omitempty"`
	Customer string `json:"customer,omitempty"`
	Payer    string `json:"payer,omitempty"`
	Message  string `json:"message,omitempty"`
}

type transferPartyJSON struct {
	Personnummer string `json:"personnummer,omitempty"`
	Customer     string `json:"customer,omitempty"`
	Name         string `json:"name"`
	Street       string `json:"street,omitempty"`
	PostalCode   string `json:"postalCode,omitempty"`
	Town         string `json:"town,omitempty"`
	Protected    bool   `json:"protected,omitempty"`
	LocalStore   bool   `json:"localStore,omitempty"`
}

type transferItemJSON struct {
	Holding      string  `json:"holding"`
	Article      string  `json:"article"`
	Name         string  `json:"name"`
	Unit         *string `json:"unit"`
	AttachedUnit *string `json:"attachedUnit,omitempty"`
	Quantity     int     `json:"quantity"`
	Customer     string  `json:"customer"`
	Payer        string  `json:"payer"`
	Purpose      string  `json:"purpose" enum:"rent,buy"`
	RentStart    string  `json:"rentStart"`
}

type transferJSON struct {
	ID               string             `json:"id"`
	Status           string             `json:"status" enum:"sent,accepted,rejected,locked,unlocked"`
	StatusText       string             `json:"statusText"`
	From             string             `json:"from"`
	FromName         string             `json:"fromName"`
	ToPrescriber     string             `json:"toPrescriber"`
	ToPrescriberName string             `json:"toPrescriberName"`
	CurrentRecipient *transferPartyJSON `json:"currentRecipient,omitempty"`
	Recipient        transferPartyJSON  `json:"recipient"`
	BMBDate          string             `json:"bmbDate"`
	SentAt           string             `json:"sentAt"`
	LocksAt          string             `json:"locksAt"`
	DaysLeft         *int               `json:"daysLeft"` // the countdown of a sent transfer (7 … 0); null otherwise
	Message          string             `json:"message"`
	PatientToPatient bool               `json:"patientToPatient"`
	LocalStore       bool               `json:"localStore"`
	AnsweredAt       string             `json:"answeredAt,omitempty"`
	AnswerMessage    string             `json:"answerMessage,omitempty"`
	Customer         string             `json:"customer,omitempty"`
	Payer            string             `json:"payer,omitempty"`
	UnlockedAt       string             `json:"unlockedAt,omitempty"`
	UnlockedBy       string             `json:"unlockedBy,omitempty"`
	Items            []transferItemJSON `json:"items"`
}

type transfersJSON struct {
	Transfers []transferJSON `json:"transfers"`
}

func partyJSON(p domain.TransferParty) transferPartyJSON {
	out := transferPartyJSON{Personnummer: p.Personnummer, Customer: p.Customer, Name: p.Name, Protected: p.Protected, LocalStore: p.LocalStore}
	if !p.Protected {
		out.Street, out.PostalCode, out.Town = p.Street, p.PostalCode, p.Town
	}
	return out
}

func apiTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func transferOf(v *service.TransferView) transferJSON {
	out := transferJSON{ID: strconv.FormatInt(v.ID, 10), Status: string(v.State), StatusText: v.StatusText(),
		From: v.FromUsername, FromName: v.FromName, ToPrescriber: v.ToUsername, ToPrescriberName: v.ToName,
		Recipient: partyJSON(v.To), BMBDate: v.BMBDate.Format(time.DateOnly), SentAt: apiTime(v.SentAt),
		LocksAt: apiTime(v.LocksAt), Message: v.Message, PatientToPatient: v.PatientToPatient, LocalStore: v.FromLocalStore,
		AnsweredAt: apiTime(v.AnsweredAt), AnswerMessage: v.AnswerMessage, Customer: v.NewCustomer, Payer: v.NewPayer,
		UnlockedAt: apiTime(v.UnlockedAt), UnlockedBy: v.UnlockedBy, Items: []transferItemJSON{}}
	if v.DaysLeft >= 0 {
		n := v.DaysLeft
		out.DaysLeft = &n
	}
	if v.To.Name == "" {
		out.Recipient = transferPartyJSON{Personnummer: v.RecipientPersonnummer, Customer: v.RecipientCustomer, Name: v.RecipientName}
	}
	if v.From.Name != "" {
		p := partyJSON(v.From)
		out.CurrentRecipient = &p
	}
	for _, h := range v.Items {
		out.Items = append(out.Items, transferItemJSON{Holding: strconv.FormatInt(h.ID, 10), Article: h.Article, Name: h.ArticleName,
			Unit: optString(h.Unit), AttachedUnit: optString(h.AttachedUnit), Quantity: h.Quantity, Customer: h.Customer,
			Payer: h.Payer, Purpose: h.Purpose, RentStart: h.RentStart.Format(time.DateOnly)})
	}
	return out
}

func (s *Server) apiSendTransfer(w http.ResponseWriter, r *http.Request) error {
	var in transferRequestJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	v, created, err := s.svc.SendTransfer(r.Context(), actor(r), service.TransferInput{ToPrescriber: in.ToPrescriber,
		RecipientPersonnummer: in.Recipient.Personnummer, RecipientCustomer: in.Recipient.Customer, BMBDate: in.BMBDate,
		Units: in.Units, Holdings: in.Holdings, Message: in.Message, ConfirmPatientToPatient: in.ConfirmPatientToPatient,
		IdempotencyKey: in.IdempotencyKey})
	if err != nil {
		return err
	}
	return writeCreated(w, created, transferOf(v))
}

func (s *Server) apiTransfers(w http.ResponseWriter, r *http.Request) error {
	vs, err := s.svc.Transfers(r.Context(), actor(r), service.TransferQuery{Direction: r.URL.Query().Get("direction"), Status: r.URL.Query().Get("status")})
	if err != nil {
		return err
	}
	out := transfersJSON{Transfers: []transferJSON{}}
	for _, v := range vs {
		out.Transfers = append(out.Transfers, transferOf(v))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.svc.ViewTransfer(r.Context(), actor(r), id, "API")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, transferOf(v))
}

func (s *Server) apiAcknowledgeTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var in acknowledgeJSON
	if err := readJSON(r, &in); err != nil {
		return err
	}
	approve := in.Approve == nil || *in.Approve // the manual's default is Ja
	v, err := s.svc.AcknowledgeTransfer(r.Context(), actor(r), id, service.AcknowledgeInput{Approve: approve,
		Customer: in.Customer, Payer: in.Payer, Message: in.Message})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, transferOf(v))
}

func (s *Server) apiUnlockTransfer(w http.ResponseWriter, r *http.Request) error {
	id, err := service.ParseTransferID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var empty struct{}
	if err := readJSON(r, &empty); err != nil {
		return err
	}
	v, err := s.svc.UnlockTransfer(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, transferOf(v))
}
