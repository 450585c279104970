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

// TransferLastDay is the last day (in Sweden) to acknowledge a transfer sent
// at sentAt: the day it locks, unless it locks at midnight.
func TransferLastDay(sentAt time.Time) time.Time {
	return DateOf(TransferLocksAt(sentAt).Add(-time.Minute))
}

// TransferDaysLeft is the BMB countdown (SPEC §10.11): the calendar days from
// today until the last day to acknowledge, 7 on the day it is sent and 0 on
// the last day; never below 0.
func TransferDaysLeft(sentAt, now time.Time) int {
	return max(int(TransferLastDay(sentAt).Sub(DateOf(now)).Hours()/24), 0)
}

// TransferDaysLeftText says the countdown: "3 dagar kvar", "1 dag kvar", "Sista dagen i dag".
func TransferDaysLeftText(n int) Formatted {
	switch n {
	case 0:
		return Msgf("Sista dagen i dag")
	case 1:
		return Msgf("1 dag kvar")
	}
	return Msgf("%d dagar kvar", n)
}

// TransferReminder is a message the addressee or both parties get about an
// unanswered transfer; each is sent once per transfer.
type TransferReminder string

const (
	TransferReminderDay5   TransferReminder = "day5"   // day 5 after sending: a reminder to the addressee
	TransferReminderDay6   TransferReminder = "day6"   // day 6: the second reminder
	TransferReminderLocked TransferReminder = "locked" // locked: a message to sender and addressee
)

// TransferReminderDue returns the reminder due at now for a transfer sent at
// sentAt and still unanswered: the lock message once it is locked, on the 5th
// and 6th day after the day it was sent a reminder, otherwise "".
func TransferReminderDue(sentAt, now time.Time) TransferReminder {
	if TransferIsLocked(sentAt, now) {
		return TransferReminderLocked
	}
	switch int(DateOf(now).Sub(DateOf(sentAt)).Hours() / 24) {
	case 5:
		return TransferReminderDay5
	case 6:
		return TransferReminderDay6
	}
	return ""
}

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
