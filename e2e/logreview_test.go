package e2e

// Browser test of Loggranskning and Loggutdrag (SPEC §10.2).

import (
	"context"
	"strconv"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/testserver"
)

// A prescriber searches CFR for the protected person and for a person with no
// care relation under their customers; the log reviewer sees both look-ups
// flagged, marks the protected one reviewed with a comment, and the review is
// itself in the audit log; customer service takes a Loggutdrag of the protected person.
func TestLogReviewInTheBrowser(t *testing.T) {
	t.Parallel()
	morning := time.Date(2026, 11, 10, 10, 0, 0, 0, domain.Stockholm) // a Tuesday
	testserver.Backends(t, []testserver.Option{testserver.At(morning)}, func(t *testing.T, srv *testserver.Server) {
		const protected, stranger = "195208174465", "193908274511"
		b := NewBrowser(t, WithBaseURL(srv.URL))
		logIn(b, "K082LNO", "Demo1234")
		for _, pnr := range []string{protected, stranger} {
			b.Open("/cfr")
			b.FillByLabel("Personnr", pnr)
			b.ClickButton("Sök")
		}
		b.MustSee("Berglund")
		logOut(b)

		logIn(b, "LOGGRANSKARE", "Demo1234")
		b.Open("/loggranskning")
		b.Check("Bara flaggade")
		b.ClickButton("Sök")
		b.MustSee("Skyddad identitet", "Ingen vårdrelation", "Lindberg, Sara Elisabet", "Berglund, Gösta")

		var entry int64
		if err := srv.DB.Read().Get(context.Background(), `SELECT MAX(p.audit_id) FROM audit_persons p JOIN audit_log a ON a.id = p.audit_id
			WHERE p.personnummer = ? AND a.username = 'K082LNO'`, []any{protected}, &entry); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(entry, 10)
		row := b.In("#post-" + id)
		row.FillByLabel("Kommentar "+id, "Vårdrelation finns enligt journalen.")
		row.ClickButton("Markera som granskad")
		b.MustSee("Loggposten är markerad som granskad.", "Granskad av LOGGRANSKARE")

		var reviews int
		if err := srv.DB.Read().Get(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'logreview.review'
			AND username = 'LOGGRANSKARE' AND entity_id = ?`, []any{id}, &reviews); err != nil || reviews != 1 {
			t.Fatalf("the review is not in the audit log: %d %v", reviews, err)
		}
		logOut(b)

		logIn(b, "KUNDTJANST", "Demo1234")
		b.Open("/loggutdrag")
		b.FillByLabel("Personnummer", protected)
		b.ClickButton("Sök")
		b.MustSee("Loggutdrag som PDF", "Loggutdrag som CSV", "Lindberg, Sara Elisabet", "K082LNO", "person.view")
	})
}
