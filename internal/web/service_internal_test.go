package web

import (
	"io/fs"
	"testing"

	"hjalpmedel/internal/domain"
)

// Every Swedish text of the service flows' templates, the priorities, reasons,
// status texts and action types has an English translation.
func TestServiceTextsHaveEnglish(t *testing.T) {
	var keys []string
	for _, dir := range []string{"workorders", "pickups"} {
		err := fs.WalkDir(templateFS, "templates/"+dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := templateFS.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range templateText.FindAllStringSubmatch(string(b), -1) {
				keys = append(keys, m[1]+m[2])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
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
	keys = append(keys, "Avhjälpande underhåll", "Förebyggande underhåll", "Besiktning", "Specialanpassning", "Montering",
		"Teknikerkö", "Returer", "Hämtorder", "Registrerade AO", "Arbetsorder")
	for _, k := range keys {
		if en := translate("en", k); en == k && !sameInEnglish[k] && k != "Fel:" && k != "Patient" {
			t.Errorf("no English for %q", k)
		}
	}
}
