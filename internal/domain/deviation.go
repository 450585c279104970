package domain

import (
	"bytes"
	"net/http"
	"slices"
)

// Deviations and complaints (avvikelse och reklamation, SPEC §10.3).

// The types of a deviation.
const (
	DeviationIncident  = "incident"  // negativ händelse
	DeviationNearMiss  = "near_miss" // tillbud
	DeviationComplaint = "complaint" // reklamation till leverantör
	DeviationDelivery  = "delivery"  // leveransavvikelse
	DeviationOther     = "other"
)

// DeviationTypes lists the types in display order.
var DeviationTypes = []string{DeviationIncident, DeviationNearMiss, DeviationComplaint, DeviationDelivery, DeviationOther}

// The statuses of a deviation, in the order it goes through them.
const (
	DeviationRegistered    = "registered"
	DeviationInvestigating = "investigating"
	DeviationReported      = "reported"
	DeviationClosed        = "closed"
)

// DeviationStatuses lists the statuses in their order.
var DeviationStatuses = []string{DeviationRegistered, DeviationInvestigating, DeviationReported, DeviationClosed}

// MaxDeviationDescription is the limit of "Vad hände" in code points; the
// outcome has the same.
const MaxDeviationDescription = 2000

// DeviationHandlers handle deviations: change their status, block their unit.
var DeviationHandlers = []Role{RoleCustomerService, RoleAdmin}

// DeviationTypeText is the Swedish name of a deviation type.
func DeviationTypeText(t string) string {
	switch t {
	case DeviationIncident:
		return "Negativ händelse"
	case DeviationNearMiss:
		return "Tillbud"
	case DeviationComplaint:
		return "Reklamation till leverantör"
	case DeviationDelivery:
		return "Leveransavvikelse"
	case DeviationOther:
		return "Övrigt"
	}
	return t
}

// DeviationStatusText is the Swedish name of a deviation status.
func DeviationStatusText(s string) string {
	switch s {
	case DeviationRegistered:
		return "Registrerad"
	case DeviationInvestigating:
		return "Under utredning"
	case DeviationReported:
		return "Rapporterad"
	case DeviationClosed:
		return "Avslutad"
	}
	return s
}

// DeviationChange is a handler's change of a deviation's status.
type DeviationChange struct {
	From, To            string
	ReportedToSupplier  string // dates, YYYY-MM-DD or empty
	ReportedToAuthority string
	Outcome             string
}

// CheckDeviationChange applies the status flow: a deviation only moves forward
// (registered → investigating → reported → closed, steps may be skipped), a
// closed one never changes, "reported" needs the date it was reported to the
// supplier or to Läkemedelsverket, and closing needs the outcome.
func CheckDeviationChange(c DeviationChange) error {
	from, to := slices.Index(DeviationStatuses, c.From), slices.Index(DeviationStatuses, c.To)
	switch {
	case to < 0:
		return Invalid("status", "Välj en status.")
	case c.From == DeviationClosed:
		return Errorf(EConflict, "Avvikelsen är avslutad och kan inte ändras.")
	case to < from:
		return Invalidf("status", "Avvikelsen kan inte gå tillbaka från %s till %s.",
			Term(DeviationStatusText(c.From)), Term(DeviationStatusText(c.To)))
	}
	for _, d := range []struct{ field, value string }{
		{"reportedToSupplier", c.ReportedToSupplier}, {"reportedToAuthority", c.ReportedToAuthority},
	} {
		if d.value != "" {
			if ParseDate(d.value).IsZero() {
				return Invalid(d.field, "Ange datum som ÅÅÅÅ-MM-DD.")
			}
		}
	}
	if c.To == DeviationReported && c.ReportedToSupplier == "" && c.ReportedToAuthority == "" {
		return Invalid("reportedToSupplier", "Ange när avvikelsen rapporterades till leverantören eller till Läkemedelsverket.")
	}
	if c.To == DeviationClosed && c.Outcome == "" {
		return Invalid("outcome", "Skriv resultatet av utredningen innan avvikelsen avslutas.")
	}
	return CheckMaxLength("outcome", "Resultat", c.Outcome, MaxDeviationDescription)
}

// Attachments (bilagor, SPEC §10.6) on deviations and work orders.
const (
	AttachmentOfDeviation = "deviation"
	AttachmentOfWorkOrder = "workorder"
	MaxAttachmentSize     = 10 << 20
)

// AttachmentContentType is the content type of an attachment's data, read
// from the data itself (not the name or the browser's word): PDF, JPEG or PNG;
// ok is false for anything else.
func AttachmentContentType(data []byte) (contentType string, ok bool) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return "application/pdf", true
	}
	switch ct := http.DetectContentType(data); ct {
	case "image/jpeg", "image/png":
		return ct, true
	}
	return "", false
}
