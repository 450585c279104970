package e2e

// The back office on a 1280×800 screen (issue 16.8): the menu's heading is
// whole, and no page's content (the customers table is the widest) runs under
// the menu.

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"

	"hjalpmedel/internal/testserver"
)

// layoutBox is where the page lays out the main content and the menu.
type layoutBox struct {
	ContentRight   float64 // the right edge of main's widest content
	MainRight      float64 // the right edge of main's content box
	MenuLeft       float64 // the menu's left edge
	HeadingClipped bool    // the menu heading's text is wider than its box
	PageScrolls    bool    // the page is wider than the window
}

func (b *Browser) layout() layoutBox {
	b.st.t.Helper()
	ctx, cancel := b.stepContext()
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
		var right = 0;
		document.querySelectorAll("main *").forEach(function (e) {
			var r = e.getBoundingClientRect();
			if (r.width > 0 && r.right > right) { right = r.right; }
		});
		var main = document.querySelector("main"), box = main.getBoundingClientRect();
		var menu = document.querySelector("nav.menu").getBoundingClientRect();
		var h = document.querySelector(".menu-heading");
		return JSON.stringify({ContentRight: right, MainRight: box.right - parseFloat(getComputedStyle(main).paddingRight), MenuLeft: menu.left,
			HeadingClipped: h.scrollWidth > h.clientWidth || h.getBoundingClientRect().right > menu.right,
			PageScrolls: document.documentElement.scrollWidth > window.innerWidth});
	})()`))
	if err != nil {
		b.fatalf("measure the layout: %v", err)
	}
	var box layoutBox
	if err := json.Unmarshal([]byte(got), &box); err != nil {
		b.fatalf("decode the layout %s: %v", got, err)
	}
	return box
}

func TestBackOfficeLayoutAt1280(t *testing.T) {
	t.Parallel()
	srv := testserver.Start(t)
	b := NewBrowser(t, WithBaseURL(srv.URL))
	b.Viewport(1280, 800)
	logIn(b, "ADMIN", "Demo1234")
	for _, path := range []string{"/start", "/admin/kunder", "/admin/anvandare", "/admin/artiklar?q=a", "/lager/saldo", "/lager/plocklista"} {
		b.Open(path)
		box := b.layout()
		b.Screenshot(path)
		if box.HeadingClipped {
			t.Errorf("%s: the menu heading is clipped", path)
		}
		if box.MainRight > box.MenuLeft {
			t.Errorf("%s: the main column reaches x=%.0f, under the menu at x=%.0f", path, box.MainRight, box.MenuLeft)
		}
		if box.ContentRight > box.MainRight+0.5 {
			t.Errorf("%s: the content reaches x=%.0f, beyond the main column's x=%.0f", path, box.ContentRight, box.MainRight)
		}
		if box.PageScrolls {
			t.Errorf("%s: the page is wider than 1280 px", path)
		}
	}
}
