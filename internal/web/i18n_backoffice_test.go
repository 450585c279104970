package web

import (
	"testing"
)

// Every Swedish text of the back-office templates, menu items and messages has English.
func TestBackOfficeTextsHaveEnglish(t *testing.T) {
	keys := templateTexts(t, "backoffice")
	if len(keys) < 100 {
		t.Fatalf("found only %d texts", len(keys))
	}
	keys = append(keys, "Artiklar och priser", "Användare", "Kunder och betalare", "Fakturering", "Rapporter", "Varumottagning",
		"Lagervara", "Beställningsvara", "Utgått", "Faktureringen är körd.", "Artikeln är sparad.", "Användaren är sparad.",
		"Kunden är sparad.", "Flytten är gjord.", "Import och export av katalogen", "Fakturaunderlag", "Nytt lösenord")
	requireEnglish(t, keys)
}
