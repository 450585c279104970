package domain

import "time"

// Transfers (BMB, byte mottagare/betalare). Manual "Skicka BMB" and "Kvittera BMB":
// the receiver has 7 days to acknowledge; after that the transfer is locked and only
// customer service can unlock it.

// TransferAnswerPeriod is how long the receiver has to acknowledge (7 calendar days).
const TransferAnswerPeriod = 7 * 24 * time.Hour

// TransferStatus is a transfer's state as the API shows it. The database stores
// sent, accepted, rejected and unlocked; locked is derived from sent_at and now.
type TransferStatus string

const (
	TransferSent     TransferStatus = "sent"
	TransferAccepted TransferStatus = "accepted"
	TransferRejected TransferStatus = "rejected"
	TransferLocked   TransferStatus = "locked"
	TransferUnlocked TransferStatus = "unlocked"
)

// MaxTransferMessage is the length limit of the messages of a transfer.
const MaxTransferMessage = 500

// TransferLocksAt is when a transfer sent at sentAt locks unless acknowledged.
func TransferLocksAt(sentAt time.Time) time.Time { return sentAt.Add(TransferAnswerPeriod) }

// TransferIsLocked reports whether a sent, unanswered transfer is locked at now:
// sent_at + 7×24 h ≤ now.
func TransferIsLocked(sentAt, now time.Time) bool {
	return !now.Before(TransferLocksAt(sentAt))
}

// TransferStatusAt is the status shown at now for the stored status.
func TransferStatusAt(stored TransferStatus, sentAt, now time.Time) TransferStatus {
	if stored == TransferSent && TransferIsLocked(sentAt, now) {
		return TransferLocked
	}
	return stored
}

// TransferStatusText is the Swedish text of a status.
func TransferStatusText(s TransferStatus) string {
	switch s {
	case TransferSent:
		return "Skickad"
	case TransferAccepted:
		return "Godkänd"
	case TransferRejected:
		return "Ej godkänd"
	case TransferLocked:
		return "Låst"
	case TransferUnlocked:
		return "Upplåst"
	}
	return string(s)
}

// CheckTransferAcknowledge says whether the user byUserID may acknowledge (accept or
// reject) a transfer addressed to toUserID with the stored status at now.
func CheckTransferAcknowledge(stored TransferStatus, sentAt time.Time, toUserID, byUserID int64, now time.Time) error {
	if byUserID != toUserID {
		return Errorf(EForbidden, "Endast den förskrivare som BMB är skickad till kan kvittera den.")
	}
	switch TransferStatusAt(stored, sentAt, now) {
	case TransferSent:
		return nil
	case TransferLocked:
		return Errorf(EConflict, "BMB är låst eftersom den inte kvitterades inom 7 dagar. Kontakta Länsservice kundtjänst.")
	case TransferUnlocked:
		return Errorf(EConflict, "BMB är upplåst av kundtjänst och kan inte längre kvitteras.")
	}
	return Errorf(EConflict, "BMB är redan kvitterad.")
}

// CheckTransferUnlock says whether customer service may unlock a transfer at now:
// only a locked one can be unlocked.
func CheckTransferUnlock(stored TransferStatus, sentAt, now time.Time) error {
	switch TransferStatusAt(stored, sentAt, now) {
	case TransferLocked:
		return nil
	case TransferSent:
		return Errorf(EConflict, "BMB är inte låst: mottagaren kan fortfarande kvittera den.")
	case TransferUnlocked:
		return Errorf(EConflict, "BMB är redan upplåst.")
	}
	return Errorf(EConflict, "BMB är redan kvitterad och kan inte låsas upp.")
}

// TransferNeedsPatientConfirmation reports whether moving holdings from the person
// fromPnr to the person toPnr is a transfer between two patients, which the manual
// allows only in exceptional cases and which must be confirmed explicitly.
func TransferNeedsPatientConfirmation(fromPnr, toPnr string) bool {
	return fromPnr != "" && toPnr != "" && fromPnr != toPnr
}

// PatientToPatientConditions are the manual's conditions for a transfer between patients.
var PatientToPatientConditions = []string{
	"Huvudregeln är att BMB mellan brukare inte ska utföras utan att hjälpmedlet först varit in till Länsservice för rekonditionering/genomgång av tekniker.",
	"En individuell behovsbedömning ska alltid göras för att säkerställa att patientens behov uppfylls.",
	"Du som förskrivare har ansvar för att hjälpmedlet är funktionsdugligt och inte bär smitta vidare från en patient till en annan.",
	"Finns behov av rekonditionering ska hjälpmedlet returneras till Länsservice och nytt hjälpmedel förskrivas.",
	"Alla transaktioner som görs i webSesam har spårbarhet.",
	"Om hjälpmedlet är förenat med egenavgift, ska detta ske enligt gällande rutiner.",
}
