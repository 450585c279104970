package web

import (
	"io/fs"
	"testing"
)

// Every Swedish text of the back-office templates, menu items and messages has English.
func TestBackOfficeTextsHaveEnglish(t *testing.T) {
	var keys []string
	err := fs.WalkDir(templateFS, "templates/backoffice", func(p string, d fs.DirEntry, err error) error {
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
	if len(keys) < 100 {
		t.Fatalf("found only %d texts", len(keys))
	}
	keys = append(keys, "Artiklar och priser", "Användare", "Kunder och betalare", "Fakturering", "Rapporter", "Varumottagning",
		"Lagervara", "Beställningsvara", "Utgått", "Faktureringen är körd.", "Artikeln är sparad.", "Användaren är sparad.",
		"Kunden är sparad.", "Flytten är gjord.", "Import och export av katalogen", "Fakturaunderlag", "Nytt lösenord")
	for _, k := range keys {
		if k == "…" || sameInEnglish[k] || k == "PDF" || k == "Period" {
			continue
		}
		if translate("en", k) == k {
			t.Errorf("no English for %q", k)
		}
	}
}
