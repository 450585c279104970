package e2e

// Browser test of compatibility of components and accessory suggestions (SPEC
// §10.11, issue 18) as a prescriber: the components guide of Rullstol Cross
// 11109 shows what is often ordered with it and refuses a second left armrest
// with the reason, and Kompl. individ shows why the voice amplifier's headset
// does not fit the telephone connector 104901.

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

func TestComponentsGuideSuggestionsAndFit(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t, testserver.At(demoDay))
	b := NewBrowser(t, WithBaseURL(srv.URL))
	logIn(b, "K082LNO", "Demo1234")

	startPatientOrder(b, "191212121212", "11109")

	// The components guide: what prescribers ordered with the Cross in the last 24 months.
	b.ClickLink("11109 (11)")
	b.In(".suggestions").MustSee("Ofta beställt tillsammans med 11109", "17346 Bromsförlängare Cross fällbar", "4 gånger",
		"19922 Rullstolsbord Cross transparent sittbredd 40", "3 gånger")

	// A second left armrest does not fit: the reason, and nothing added.
	b.FillByLabel("Artikel", "11338")
	b.ClickButton("Spara ändringarna")
	b.MustSee("vänster sida har redan 11338 Armstöd Cross-Transit-Twin-M100 kort utan polstring höj och sänkbart vänster av samma slag.",
		"Komponenter och tillbehör (11)")
	// Replacing the base configuration's left armrest is what the manual says: remove it, add the other.
	b.Check("Ta bort 11338")
	b.FillByLabel("Artikel", "11338")
	b.ClickButton("Spara ändringarna")
	b.MustSee("Ändringarna är sparade.", "Komponenter och tillbehör (11)")

	// Kompl. individ: the headset fits the voice amplifier 75082, not the telephone connector 104901.
	b.ClickLink("Åter till kundorderrader")
	b.FillByLabel("Artikel", "33150")
	b.ClickButton("Spara ändringarna")
	b.ClickLink("Kompl. individ")
	b.MustSee("Komplettera individ", "104901",
		"33150 Headset till röstförstärkare Falck 1005 passar inte 23993 Telefontillkoppling: den passar bara 25800.")
	b.Check("75082")
	b.ClickButton("Verkställ")
	b.MustSee("Komponenten kopplas till individen vid leverans.", "K-75082")
}
