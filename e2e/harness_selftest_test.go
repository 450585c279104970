package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The self-test of the harness runs against small static pages: an
// accessible form, its result page, and a page that breaks accessibility
// rules on purpose.

const formPage = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Beställ hjälpmedel</title></head>
<body>
<main>
<h1>Beställ hjälpmedel</h1>
<form action="/resultat" method="get">
<p><label for="namn">Namn</label> <input id="namn" name="namn" type="text" value="förifyllt"></p>
<p><label for="kommun">Kommun</label>
<select id="kommun" name="kommun">
<option value="">Välj kommun</option>
<option value="gbg">Göteborg</option>
<option value="mmo">Malmö</option>
</select></p>
<p><label for="datum">Önskat datum</label> <input id="datum" name="datum" type="date"></p>
<p><label for="meddelande">Meddelande</label> <textarea id="meddelande" name="meddelande"></textarea></p>
<p><label><input type="checkbox" name="villkor" value="ja"> Jag godkänner villkoren</label></p>
<p><label><input type="checkbox" name="nyhetsbrev" value="ja" checked> Skicka nyhetsbrev</label></p>
<fieldset>
<legend>Leverans</legend>
<label><input type="radio" name="leverans" value="hem"> Hem</label>
<label><input type="radio" name="leverans" value="hamta"> Hämta själv</label>
</fieldset>
<p><button type="submit">Skicka beställning</button></p>
</form>
<p><button type="button" id="visa">Visa hjälp</button></p>
<p id="svar" aria-live="polite"></p>
<p><a href="/om">Om tjänsten</a></p>
</main>
<script>
document.getElementById("visa").addEventListener("click", function () {
	document.getElementById("svar").textContent = "Knappen fungerar";
});
</script>
</body>
</html>`

const aboutPage = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Om tjänsten</title></head>
<body><main><h1>Om tjänsten</h1><p>Här lånar du hjälpmedel.</p><p><a href="/">Till beställningen</a></p></main></body>
</html>`

// badPage breaks rules on purpose: no lang, an image without alt, a field
// without a label, and a label without a field.
const badPage = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Dålig sida</title></head>
<body>
<h1>Dålig sida</h1>
<img src="/bild.png">
<input type="text" name="sok">
<label>Föräldralös</label>
</body>
</html>`

// deadLinkPage has an error summary whose link leads to no field.
const deadLinkPage = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Fel i formuläret</title></head>
<body><main><h1>Fel i formuläret</h1>
<div class="error-summary"><ul><li><a href="#f-leverans">Välj leverans.</a></li><li><a href="#namn">Ange namn.</a></li></ul></div>
<form action="/resultat" method="get">
<p><label for="namn">Namn</label> <input id="namn" name="namn" type="text"></p>
<fieldset><legend>Leverans</legend><label><input type="radio" name="leverans" value="hem"> Hem</label></fieldset>
</form></main></body>
</html>`

// strictPolicy is the Content-Security-Policy of the pages /strikt and /otillaten.
const strictPolicy = "default-src 'self'"

// inlinePage has an inline style and an inline script, which strictPolicy refuses.
const inlinePage = `<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>Otillåtet</title></head>
<body><main><h1 style="color: green">Otillåtet</h1><script>document.title = "Körd";</script></main></body>
</html>`

func selftestServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /{$}", page(formPage))
	mux.HandleFunc("GET /om", page(aboutPage))
	mux.HandleFunc("GET /dalig", page(badPage))
	mux.HandleFunc("GET /dod-lank", page(deadLinkPage))
	strict := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictPolicy)
			page(body)(w, r)
		}
	}
	mux.HandleFunc("GET /strikt", strict(aboutPage))
	mux.HandleFunc("GET /otillaten", strict(inlinePage))
	mux.HandleFunc("GET /resultat", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var rows strings.Builder
		for _, k := range []string{"namn", "kommun", "datum", "meddelande", "villkor", "nyhetsbrev", "leverans"} {
			fmt.Fprintf(&rows, "<li>%s: %s</li>\n", html.EscapeString(k), html.EscapeString(q.Get(k)))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Tack</title></head>
<body><main><h1>Tack för din beställning</h1><ul>
%s</ul><p><a href="/">Tillbaka</a></p></main></body></html>`, rows.String())
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHarnessFillsAndSubmitsAForm(t *testing.T) {
	t.Parallel()
	srv := selftestServer(t)
	b := NewBrowser(t)
	b.Open(srv.URL + "/")
	b.MustSee("Beställ hjälpmedel")
	if got := b.Status(); got != http.StatusOK {
		t.Errorf("Status() = %d, want 200", got)
	}

	b.FillByLabel("Namn", "Kari Nordmann Åström")
	b.FillByLabel("Kommun", "Malmö")
	b.FillByLabel("Önskat datum", "2026-03-01")
	b.FillByLabel("Meddelande", "Rullator\nmed korg")
	b.Check("Jag godkänner villkoren")
	b.Uncheck("Skicka nyhetsbrev")
	b.Check("Hämta själv")
	b.ClickButton("Skicka beställning")

	if got := b.URLPath(); got != "/resultat" {
		t.Fatalf("URLPath() = %q, want /resultat", got)
	}
	b.MustSee(
		"Tack för din beställning",
		"namn: Kari Nordmann Åström",
		"kommun: mmo",
		"datum: 2026-03-01",
		"meddelande: Rullator med korg",
		"villkor: ja",
		"leverans: hamta",
	)
	b.MustNotSee("förifyllt", "nyhetsbrev: ja")

	b.ClickLink("Tillbaka")
	if got := b.URLPath(); got != "/" {
		t.Fatalf("after Tillbaka: URLPath() = %q, want /", got)
	}
	b.MustSee("Beställ hjälpmedel")
}

func TestHarnessClickWithoutNavigation(t *testing.T) {
	t.Parallel()
	srv := selftestServer(t)
	b := NewBrowser(t, WithBaseURL(srv.URL))
	b.Open("/")
	b.MustNotSee("Knappen fungerar")
	b.ClickButton("Visa hjälp")
	b.MustSee("Knappen fungerar")
	if got := b.URLPath(); got != "/" {
		t.Fatalf("URLPath() = %q, want /", got)
	}
	b.ClickLink("Om tjänsten")
	b.MustSee("Här lånar du hjälpmedel.")
	if got := b.URLPath(); got != "/om" {
		t.Fatalf("URLPath() = %q, want /om", got)
	}
	if got := b.In("main").Text(); !strings.Contains(got, "Om tjänsten") {
		t.Fatalf("In(main).Text() = %q", got)
	}
	path := b.Screenshot("om")
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Fatalf("screenshot %s: %v", path, err)
	}
}

func TestAxeReportsViolations(t *testing.T) {
	t.Parallel()
	srv := selftestServer(t)
	b := NewBrowser(t, WithoutAxe())

	b.Open(srv.URL + "/")
	vs, err := b.AxeViolations()
	if err != nil {
		t.Fatal(err)
	}
	if bad := SeriousOrCritical(vs); len(bad) > 0 {
		t.Fatalf("the accessible page has violations: %v", bad)
	}

	b.Open(srv.URL + "/dalig")
	vs, err = b.AxeViolations()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range SeriousOrCritical(vs) {
		ids = append(ids, v.ID)
		if len(v.Nodes) == 0 || len(v.Nodes[0].Target) == 0 {
			t.Errorf("violation %s has no target: %+v", v.ID, v)
		}
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe-core did not report %s; it reported %v", want, ids)
		}
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as the real one does, without failing the test.
type fatalRecorder struct {
	testing.TB
	mu  sync.Mutex
	msg string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.msg = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *fatalRecorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *fatalRecorder) FailNow()          { r.Fatalf("FailNow") }

// mustFail runs f with a recorder and returns the message of the Fatalf that
// must end it.
func mustFail(t *testing.T, f func(tb testing.TB)) string {
	t.Helper()
	rec := &fatalRecorder{TB: t}
	done := make(chan bool)
	go func() {
		finished := false
		defer func() { done <- finished }()
		f(rec)
		finished = true
	}()
	if <-done {
		t.Fatalf("the harness did not fail the test")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.msg
}

func wantInMessage(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("the failure message lacks %q:\n%s", p, msg)
		}
	}
}

func TestHarnessFailsWithUsefulMessages(t *testing.T) {
	t.Parallel()
	srv := selftestServer(t)

	t.Run("axe after a page load", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/dalig")
		})
		wantInMessage(t, msg, "accessibility", "image-alt", "label", "img", srv.URL+"/dalig", "Dålig sida")
	})

	t.Run("axe after a click", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.Open(srv.URL + "/om")
			b.MustSee("Om tjänsten")
			b.Open(srv.URL + "/dalig") // fails here
		})
		wantInMessage(t, msg, "image-alt")
	})

	t.Run("link within the page that leads nowhere", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/dod-lank")
		})
		wantInMessage(t, msg, "links within the page lead nowhere", `"#f-leverans"`, "Välj leverans.")
		if strings.Contains(msg, `"#namn"`) {
			t.Errorf("the link to an existing field is reported:\n%s", msg)
		}
	})

	t.Run("Content-Security-Policy", func(t *testing.T) {
		b := NewBrowser(t)
		b.Open(srv.URL + "/strikt") // a page that keeps the policy passes
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/otillaten")
		})
		wantInMessage(t, msg, "Content-Security-Policy refused", "inline style", "inline script", srv.URL+"/otillaten")
	})

	t.Run("unknown label", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.FillByLabel("Finns inte", "x")
		})
		wantInMessage(t, msg, `"Finns inte"`, `"Namn"`, `"Kommun"`, "page: "+srv.URL+"/", "Beställ hjälpmedel")
	})

	t.Run("label without a field", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb, WithoutAxe())
			b.Open(srv.URL + "/dalig")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.FillByLabel("Föräldralös", "x")
		})
		wantInMessage(t, msg, "labels no form field")
	})

	t.Run("unknown option", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.FillByLabel("Kommun", "Stockholm")
		})
		wantInMessage(t, msg, `"Stockholm"`, `"Göteborg"`, `"Malmö"`)
	})

	t.Run("unknown button", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.ClickButton("Skicka")
		})
		wantInMessage(t, msg, `button "Skicka"`, `"Skicka beställning"`, `"Visa hjälp"`)
	})

	t.Run("MustSee and MustNotSee", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.MustSee("Beställ hjälpmedel", "Finns inte")
		})
		wantInMessage(t, msg, `does not show "Finns inte"`)
		msg = mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.MustNotSee("Beställ hjälpmedel")
		})
		wantInMessage(t, msg, `shows "Beställ hjälpmedel"`)
	})

	t.Run("checkbox with FillByLabel", func(t *testing.T) {
		msg := mustFail(t, func(tb testing.TB) {
			b := NewBrowser(tb)
			b.Open(srv.URL + "/")
			b.st.timeout = time.Second // short only for the step that must fail: a busy machine may load slowly
			b.FillByLabel("Jag godkänner villkoren", "ja")
		})
		wantInMessage(t, msg, "use Check or Uncheck")
	})
}

func TestMissingAxeCoreFails(t *testing.T) {
	_, err := loadAxe(filepath.Join(t.TempDir(), "node_modules", "axe-core", "axe.min.js"))
	if err == nil {
		t.Fatal("loadAxe of a missing file gave no error")
	}
	wantInMessage(t, err.Error(), "axe-core is missing", "make test", "npm ci")
}
