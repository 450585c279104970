package web

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/i18n"
	"hjalpmedel/internal/service"
)

// foundationTemplates are the template folders of the foundation (issue 2); each
// feature checks its own catalogue.
var foundationTemplates = []string{"_layout", "_partials/forms.html", "_partials/messages.html", "auth", "errors", "home", "messages", "audit"}

var templateText = regexp.MustCompile(`\{\{-?\s*(?:t|tf)\s+"([^"]+)"|"(?:Label|Hint)"\s+"([^"]+)"|\{\{-?\s*tc\s+("[^"]+"\s+"[^"]+")`)

// contextText reads the arguments of a {{tc "context" "text"}} as its key.
var contextText = regexp.MustCompile(`^"([^"]+)"\s+"([^"]+)"$`)

// eachTemplate calls fn with the name and text of each template file in the
// files or folders under templates/ ("" for all of them).
func eachTemplate(t *testing.T, paths []string, fn func(name, text string)) {
	t.Helper()
	for _, dir := range paths {
		err := fs.WalkDir(templateFS, path.Join("templates", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := templateFS.ReadFile(p)
			if err != nil {
				return err
			}
			fn(p, string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// templateTexts collects the translatable texts of template files or folders under
// templates/ ("" for all of them).
func templateTexts(t *testing.T, paths ...string) []string {
	t.Helper()
	var keys []string
	eachTemplate(t, paths, func(_, text string) {
		for _, m := range templateText.FindAllStringSubmatch(text, -1) {
			if c := contextText.FindStringSubmatch(m[3]); c != nil {
				keys = append(keys, i18n.Context(c[1], c[2]))
			} else if k := m[1] + m[2]; k != "…" {
				keys = append(keys, k)
			}
		}
	})
	return keys
}

// requireEnglish fails for each Swedish text without an English translation
// (texts that are the same in both languages are listed in sameInEnglish).
func requireEnglish(t *testing.T, keys []string) {
	t.Helper()
	for _, k := range keys {
		if en := translate("en", k); en == k && !sameInEnglish[k] && k != "Fel:" && k != "Patient" {
			t.Errorf("no English for %q", k)
		}
	}
}

// Every Swedish text of the foundation's templates, titles, menus and messages
// has an English translation, so the English switch shows no Swedish.
func TestFoundationTextsHaveEnglish(t *testing.T) {
	keys := templateTexts(t, foundationTemplates...)
	if len(keys) < 50 {
		t.Fatalf("found only %d texts in the templates", len(keys))
	}
	for _, items := range [][]menuItem{prescriberMenu, backOfficeMenu} {
		for _, it := range items {
			keys = append(keys, it.Label)
		}
	}
	for _, st := range []int{400, 401, 403, 404, 409, 500} {
		keys = append(keys, errorTitle(st))
	}
	for _, r := range domain.Roles {
		keys = append(keys, domain.RoleName(r))
	}
	keys = append(keys,
		// page titles and confirmations set in Go
		"Logga in", "Byt lösenord", "Välkommen", "Information", "Nyheter", "Meddelande", "Granskningslogg",
		"Ditt lösenord är ändrat.", "Samtliga meddelanden är borttagna.", "Det fanns inga meddelanden att ta bort.", "Meddelandet är publicerat.",
		// messages of the service and the web core
		"Fel användarnamn eller lösenord.", "Ange användarnamn och lösenord.", "Ange användarnamn.", "Ange lösenord.",
		"Kontot är inaktiverat.", "Kontot är inaktiverat. Kontakta kundtjänst.",
		"För många misslyckade inloggningar. Försök igen om en stund eller kontakta kundtjänst.",
		"Kontot har inte använts på länge och är inaktiverat. Kontakta kundtjänst.",
		"Nuvarande lösenord är fel.", "Lösenorden är inte lika.", "Välj ett annat lösenord än det nuvarande.",
		domain.MsgPasswordTooShort, domain.MsgPasswordMix, "Du måste byta lösenord innan du fortsätter.",
		"Du saknar behörighet för detta.", "Du är inte inloggad.", "Du är inte inloggad eller har varit inaktiv för länge.",
		"Sidan finns inte.", "Språket finns inte.", "Meddelandet finns inte.", "Formuläret kunde inte läsas.", "Kunde inte läsa begäran.",
		"Ange en rubrik.", "Länken måste börja med https:// eller /.", "Ange datum som ÅÅÅÅ-MM-DD.",
		"Begäran kom från en annan webbplats och avvisades.", domain.InternalErrorMessage,
		domain.MsgPersonnummerEmpty, domain.MsgPersonnummerCharacters, domain.MsgPersonnummerLength,
		domain.MsgPersonnummerFormat, domain.MsgPersonnummerDate, domain.MsgPersonnummerCheckDigit,
	)
	requireEnglish(t, keys)
}

// Texts that read the same in both languages.
var sameInEnglish = map[string]bool{"Information": true, "CFR": true, "Status": true, "Text": true, "Person": true, "PDF": true, "Period": true, "Pos": true,
	"April": true, "September": true, "November": true, "December": true,
	"%s, %s": true} // a list of route days

// The current page is marked in the menu once: the most specific item.
func TestMenuMarksTheCurrentPage(t *testing.T) {
	admin := &service.Actor{User: &domain.User{Roles: []domain.Role{domain.RoleAdmin}}}
	prescriber := &service.Actor{User: &domain.User{Roles: []domain.Role{domain.RolePrescriber}}}
	for _, tc := range []struct {
		who  *service.Actor
		path string
		want string // label of the marked item, "" for none
	}{
		{prescriber, "/meddelanden", "Meddelande"},
		{prescriber, "/meddelanden/17", "Meddelande"},
		{prescriber, "/meddelandenx", ""},
		{prescriber, "/start", ""},
		{prescriber, "/hjalpmedel/191212121212", "Hjälpmedel"},
		{admin, "/kundtjanst/nyheter", "Nyheter"},
		{admin, "/kundtjanst", "Kundtjänst"},
		{admin, "/kundtjanst/order/5", "Kundtjänst"},
		{admin, "/admin/logg", "Granskningslogg"},
	} {
		a, b := menuFor(tc.who, tc.path)
		var marked []string
		for _, l := range append(a, b...) {
			if l.Current {
				marked = append(marked, l.Label)
			}
		}
		got := strings.Join(marked, ", ")
		if got != tc.want {
			t.Errorf("%s: marked %q, want %q", tc.path, got, tc.want)
		}
	}
	p, b := menuFor(prescriber, "/start")
	if len(b) != 0 {
		t.Errorf("a prescriber sees the back-office menu: %v", b)
	}
	if len(p) != len(prescriberMenu) {
		t.Errorf("a prescriber sees %d of the %d items of the manual's menu", len(p), len(prescriberMenu))
	}
}

func TestLocalPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/": true, "/start": true, "/meddelanden?x=1&y=%2F": true, "/a/b#c": true,
		"": false, "start": false, "//elak.example": false, "/\\elak.example": false, "\\\\elak.example": false,
		"/\t/elak.example": false, "/\n/elak.example": false, "https://elak.example/": false, "javascript:alert(1)": false,
		"/%zz": false,
	} {
		if got := localPath(p); got != want {
			t.Errorf("localPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// Every text of every template has English, whichever feature it belongs to.
func TestAllTemplatesHaveEnglish(t *testing.T) {
	keys := templateTexts(t, "")
	if len(keys) < 500 {
		t.Fatalf("found only %d texts in the templates", len(keys))
	}
	requireEnglish(t, keys)
}
