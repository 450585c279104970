package e2e

import (
	"testing"

	"hjalpmedel/internal/testserver"
)

// Anyone reaches the accessibility statement from the login page's footer; the
// page passes the automatic accessibility check like every other.
func TestAccessibilityStatementFromTheFooter(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t)
	b := NewBrowser(t, WithBaseURL(srv.URL))
	b.Open("/login")
	b.ClickLink("Tillgänglighetsredogörelse")
	b.MustSee("Kända brister", "Rapportera brister", "Myndigheten för digital förvaltning (Digg)")
	b.CheckAccessibility()
}
