package web

import (
	"testing"

	"hjalpmedel/internal/domain"
)

// Every Swedish text of the BMB pages, their titles, confirmations and the fixed
// messages of the rules has an English translation.
func TestTransferTextsHaveEnglish(t *testing.T) {
	keys := templateTexts(t, "transfers")
	if len(keys) < 80 {
		t.Fatalf("found only %d texts in the BMB templates", len(keys))
	}
	keys = append(keys, domain.PatientToPatientConditions...)
	for _, s := range []domain.TransferStatus{domain.TransferSent, domain.TransferAccepted, domain.TransferRejected, domain.TransferLocked, domain.TransferUnlocked} {
		keys = append(keys, domain.TransferStatusText(s))
	}
	keys = append(keys, "Kvittera BMB", "Skicka BMB", "Överta betalningsansvar via BMB", "Uppgifter om förskrivare", "Låsta BMB",
		"BMB är kvitterad och godkänd.", "BMB är besvarad med Nej. Avsändaren har fått ett meddelande.",
		"BMB är skickad till dig själv. Kvittera den nedan för att den ska verkställas.",
		"BMB mellan patienter får bara göras i undantagsfall: bekräfta att villkoren är uppfyllda.",
		"Endast den förskrivare som BMB är skickad till kan kvittera den.",
		"BMB är låst eftersom den inte kvitterades inom 7 dagar. Kontakta Länsservice kundtjänst.",
		"BMB är redan kvitterad.", "BMB finns inte.", "Välj kund/leveransadress.", "Markera vilket eller vilka hjälpmedel som avses.")
	requireEnglish(t, keys)
}
