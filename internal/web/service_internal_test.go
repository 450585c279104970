package web

import (
	"testing"

	"hjalpmedel/internal/domain"
)

// Every Swedish text of the service flows' templates, the priorities, reasons,
// status texts and action types has an English translation.
func TestServiceTextsHaveEnglish(t *testing.T) {
	keys := templateTexts(t, "workorders", "pickups")
	if len(keys) < 100 {
		t.Fatalf("found only %d texts", len(keys))
	}
	for _, p := range domain.Priorities {
		keys = append(keys, p.Name, p.Explanation)
	}
	for _, r := range domain.PickupReasons {
		keys = append(keys, r.Name)
	}
	for _, m := range []map[string]string{workOrderStatusText, pickupStatusText, pickupItemStatusText, ownerText, debitFormText, addressModeText} {
		for _, v := range m {
			keys = append(keys, v)
		}
	}
	keys = append(keys, "Avhjälpande underhåll", "Förebyggande underhåll", "Besiktning", "Specialanpassning", "Montering", "Skada/felanvändning",
		"Teknikerkö", "Returer", "Hämtorder", "Registrerade AO", "Arbetsorder")
	requireEnglish(t, keys)
}
