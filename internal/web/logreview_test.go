package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

type logReviewAnswer struct {
	Accesses, Flagged, Unreviewed int
	Entries                       []struct {
		ID, User, Screen string
		Persons          []struct {
			Personnummer string
			Protected    bool
			Flags        []string
		}
		Flags, Reasons []string
		Sampled        bool
		Review         *struct{ Reviewer, Comment string }
	}
}

// flaggedFor returns the flags of the entries that name pnr, and one entry id.
func (a logReviewAnswer) flaggedFor(pnr string) (flags []string, id string) {
	for _, e := range a.Entries {
		for _, p := range e.Persons {
			if p.Personnummer == pnr {
				flags = append(flags, p.Flags...)
				id = e.ID
			}
		}
	}
	return flags, id
}

// TestLogReview: a prescriber looks up the protected person, a person without
// any care relation under their customers and the test patient (who has one)
// on a Tuesday morning, and one more at night. Loggranskning flags the first
// two, not the third for care, the night one for hours; a review is saved with
// its comment and is itself in the audit log; a prescriber may not review, a
// log reviewer may not take a Loggutdrag; the Loggutdrag names the look-up
// (JSON, CSV, PDF) and is logged itself. On SQLite and PostgreSQL.
func TestLogReview(t *testing.T) {
	morning := time.Date(2026, 11, 10, 10, 0, 0, 0, domain.Stockholm) // a Tuesday
	testserver.Backends(t, []testserver.Option{testserver.At(morning)}, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		var stranger string
		if err := srv.DB.Read().Get(ctx, `SELECT personnummer FROM persons WHERE last_name = 'Berglund'`, nil, &stranger); err != nil {
			t.Fatal(err)
		}
		var cares int
		if err := srv.DB.Read().Get(ctx, `SELECT (SELECT COUNT(*) FROM holdings WHERE recipient_personnummer = ?) +
			(SELECT COUNT(*) FROM orders WHERE recipient_personnummer = ?)`, []any{stranger, stranger}, &cares); err != nil || cares != 0 {
			t.Fatalf("%s has %d holdings and orders (%v); the test needs a person without", stranger, cares, err)
		}
		const protected, patient = "195208174465", "191212121212"
		prescriber := boLogin(t, srv, "K082LNO")
		for _, pnr := range []string{protected, stranger, patient} {
			if st, b := prescriber.raw("GET", "/api/v1/registry/"+pnr, nil); st != 200 {
				t.Fatalf("look up %s: %d %s", pnr, st, b)
			}
		}
		srv.SetNow(morning.Add(12 * time.Hour)) // 22:00; the morning's session has expired
		prescriber = boLogin(t, srv, "K082LNO")
		if st, _ := prescriber.raw("GET", "/api/v1/registry/"+patient, nil); st != 200 {
			t.Fatal("night look-up")
		}

		if st, _ := prescriber.raw("GET", "/api/v1/logreview", nil); st != 403 {
			t.Fatalf("a prescriber reads the log review: %d", st)
		}
		reviewer := boLogin(t, srv, "LOGGRANSKARE")
		var got logReviewAnswer
		if st := reviewer.do("GET", "/api/v1/logreview?flagged=true&user=K082LNO&from=2026-11-10&to=2026-11-10", nil, &got); st != 200 {
			t.Fatalf("log review: %d", st)
		}
		flags, protectedEntry := got.flaggedFor(protected)
		if !slices.Contains(flags, "protected") {
			t.Errorf("the protected person's look-up is not flagged protected: %v", flags)
		}
		if flags, _ := got.flaggedFor(stranger); !slices.Contains(flags, "no_care_relation") {
			t.Errorf("the look-up without a care relation is not flagged: %v", flags)
		}
		if flags, _ := got.flaggedFor(patient); slices.Contains(flags, "no_care_relation") || !slices.Contains(flags, "off_hours") {
			t.Errorf("the test patient's look-ups: %v, want only the night one off hours", flags)
		}
		for _, e := range got.Entries {
			if len(e.Flags) == 0 || len(e.Reasons) != len(e.Flags) {
				t.Errorf("entry %s in the flagged list: flags %v, reasons %v", e.ID, e.Flags, e.Reasons)
			}
		}

		// Review: a too long comment changes nothing; then the review is saved and logged.
		if st, b := reviewer.raw("POST", "/api/v1/logreview/"+protectedEntry, map[string]string{"comment": strings.Repeat("x", 1001)}); st != 400 || !strings.Contains(string(b), "comment") {
			t.Fatalf("long comment: %d %s", st, b)
		}
		if st, _ := reviewer.raw("POST", "/api/v1/logreview/999999", map[string]string{"comment": "x"}); st != 404 {
			t.Fatalf("unknown entry: %d", st)
		}
		var reviewed struct {
			ID     string
			Review struct{ Reviewer, Comment string }
		}
		if st := reviewer.do("POST", "/api/v1/logreview/"+protectedEntry, map[string]string{"comment": "Vårdrelation finns enligt journalen."}, &reviewed); st != 200 ||
			reviewed.Review.Reviewer != "LOGGRANSKARE" || reviewed.Review.Comment != "Vårdrelation finns enligt journalen." {
			t.Fatalf("review: %d %+v", st, reviewed)
		}
		var audit struct {
			Entries []struct{ User, Action, EntityID string }
		}
		if st := boLogin(t, srv, "ADMIN").do("GET", "/api/v1/audit?action=logreview.review", nil, &audit); st != 200 ||
			len(audit.Entries) != 1 || audit.Entries[0].User != "LOGGRANSKARE" || audit.Entries[0].EntityID != protectedEntry {
			t.Fatalf("the review is not in the audit log: %d %+v", st, audit)
		}

		// CSV: a row per person of each entry, the review with it.
		st, csv := reviewer.raw("GET", "/api/v1/logreview?format=csv&flagged=true&from=2026-11-10&to=2026-11-10", nil)
		if st != 200 || !strings.HasPrefix(string(csv), "post,tid,") || !strings.Contains(string(csv), "Vårdrelation finns enligt journalen.") ||
			!strings.Contains(string(csv), "Skyddad identitet") {
			t.Fatalf("CSV: %d\n%s", st, csv)
		}

		// The page: the flags in words, and a review through the form.
		cookie := formLogin(t, srv, "LOGGRANSKARE", demo.Password)
		page := call(t, srv, request{Method: "GET", Path: "/loggranskning?from=2026-11-10&to=2026-11-10&flagged=on", Cookie: cookie})
		for _, want := range []string{"Skyddad identitet", "Ingen vårdrelation", "Utanför arbetstid", "Granskad av LOGGRANSKARE", "Markera som granskad"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the Loggranskning page does not show %q", want)
			}
		}
		_, strangerEntry := got.flaggedFor(stranger)
		form := url.Values{"comment": {"Felaktigt uppslag, chefen informerad."}, "from": {"2026-11-10"}, "to": {"2026-11-10"}, "flagged": {"on"}}
		if r := call(t, srv, request{Method: "POST", Path: "/loggranskning/" + strangerEntry, Cookie: cookie, Form: form}); r.Status != 303 ||
			!strings.HasPrefix(r.Header.Get("Location"), "/loggranskning?") {
			t.Fatalf("review on the page: %d %s", r.Status, r.Header.Get("Location"))
		}
		form.Set("comment", strings.Repeat("å", 1001))
		if r := call(t, srv, request{Method: "POST", Path: "/loggranskning/" + strangerEntry, Cookie: cookie, Form: form}); r.Status != 400 ||
			!strings.Contains(r.Body, `id="f-comment-`+strangerEntry+`"`) || !strings.Contains(r.Body, `href="#f-comment-`+strangerEntry+`"`) {
			t.Fatalf("a too long comment on the page: %d\n%.3000s", r.Status, r.Body)
		}

		// Loggutdrag: customer service, not the log reviewer.
		if st, _ := reviewer.raw("GET", "/api/v1/persons/"+protected+"/accesslog", nil); st != 403 {
			t.Fatalf("a log reviewer takes a Loggutdrag: %d", st)
		}
		service := boLogin(t, srv, "KUNDTJANST")
		var extract struct {
			Personnummer, Name string
			Accesses           []struct{ User, Action, Screen string }
		}
		if st := service.do("GET", "/api/v1/persons/"+patient+"/accesslog", nil, &extract); st != 200 || extract.Name == "" {
			t.Fatalf("Loggutdrag: %d %+v", st, extract)
		}
		byPrescriber := 0
		for _, a := range extract.Accesses {
			if a.User == "K082LNO" {
				byPrescriber++
			}
		}
		if byPrescriber < 2 {
			t.Errorf("the Loggutdrag shows %d of K082LNO's two look-ups: %+v", byPrescriber, extract.Accesses)
		}
		st, pdf := service.raw("GET", "/api/v1/persons/"+patient+"/accesslog?format=pdf", nil)
		text := pdftest.Text(t, pdf)
		if st != 200 || !strings.Contains(text, "Loggutdrag") || !strings.Contains(text, "19121212-1212") || !strings.Contains(text, "K082LNO") {
			t.Fatalf("Loggutdrag PDF: %d\n%s", st, text)
		}
		if st, csv := service.raw("GET", "/api/v1/persons/"+patient+"/accesslog?format=csv", nil); st != 200 || !strings.Contains(string(csv), "K082LNO") {
			t.Fatalf("Loggutdrag CSV: %d\n%s", st, csv)
		}
		var taken struct {
			Entries []struct{ User, Personnummer string }
		}
		boLogin(t, srv, "ADMIN").do("GET", "/api/v1/audit?action=person.accesslog&person="+patient, nil, &taken)
		if len(taken.Entries) != 3 || taken.Entries[0].User != "KUNDTJANST" {
			t.Fatalf("each Loggutdrag is logged: %+v", taken.Entries)
		}
		if st, _ := service.raw("GET", "/api/v1/persons/19121212121/accesslog", nil); st != 400 {
			t.Fatalf("a wrong personnummer: %d", st)
		}
	})
}
