// Package e2e holds the browser tests of Hjälpmedel.
//
// The tests drive a headless Chromium (Debian's /usr/bin/chromium, or the
// binary that E2E_CHROMIUM names) through chromedp and act as a person does:
// they find form fields by the text of their labels, buttons and links by
// their visible text, and read the visible text of the page. After every page
// load the harness runs axe-core on the page and fails the test on a serious
// or critical WCAG 2.1 A/AA violation.
//
// The harness is in harness_test.go, so that it is no part of the production
// build. Run the tests with
//
//	make test        # installs Chromium and axe-core when they are missing
//	go test ./e2e/   # needs /usr/bin/chromium and `npm ci` run once
//
// Set E2E_SCREENSHOT_DIR to keep the screenshots that Browser.Screenshot and
// failing tests take.
package e2e
