package e2e

// This file is the browser-test harness. It starts one headless Chromium for
// the test binary (in TestMain) and gives each test its own tab in its own
// browser context, so that tests share no cookies. The helpers act as a
// person: they find fields by their labels, buttons and links by their
// visible text, and read the visible text of the page.
//
// A test of the application looks like this:
//
//	srv := testserver.Start(t)
//	b := NewBrowser(t)
//	b.Open(srv.URL + "/login")
//	b.FillByLabel("Användarnamn", "K082LNO")
//	b.FillByLabel("Lösenord", "hemligt")
//	b.ClickButton("Logga in")
//	b.MustSee("Meddelanden")
//
// After every page load (Open, and a click that loads a new page) the harness
// injects axe-core and fails the test on a serious or critical violation of
// WCAG 2.0/2.1 level A or AA. It also fails the test on a link within the page
// (href="#id", such as an error summary's link to a field) that leads to no
// element, and on anything that the page's Content-Security-Policy refused
// (checked after every page load and when the test ends).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const (
	// DefaultTimeout bounds each step of a test: a page load, the search for
	// a field or a button, a click.
	DefaultTimeout = 10 * time.Second
	// seeTimeout bounds the wait of MustSee and MustNotSee.
	seeTimeout = 5 * time.Second
	// navigationGrace is how long a click has to start a navigation. A click
	// that starts none within this time counts as a click on the same page.
	navigationGrace = 500 * time.Millisecond
	// pageTextLimit is how many characters of the page text a failure shows.
	pageTextLimit = 2000
	// defaultChromium is the Debian package's binary. E2E_CHROMIUM overrides it.
	defaultChromium = "/usr/bin/chromium"
)

// AxeTags are the axe-core rule tags that the harness checks.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// StartServer is the hook that starts the application under test for a test
// and returns its base URL. It stays nil until the package
// hjalpmedel/internal/testserver exists; then a file of this package sets it:
//
//	func init() {
//		StartServer = func(t testing.TB) string { return testserver.Start(t).URL }
//	}
//
// NewAppBrowser uses it. A test can also call testserver.Start itself and
// pass srv.URL to Open or to WithBaseURL.
var StartServer func(t testing.TB) (baseURL string)

// TestMain runs the tests and then stops the shared browser and removes its
// directory, so that Chromium leaves nothing behind.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := stopSharedBrowser(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stop Chromium:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// Browser is one tab of the shared headless Chromium, owned by one test.
// In returns a Browser that shares the tab and searches only part of the page.
type Browser struct {
	st    *tabState
	scope string // CSS selector of the element that searches start from; "" is the document
}

type tabState struct {
	t       testing.TB
	ctx     context.Context
	baseURL string
	timeout time.Duration
	autoAxe bool
	docID   int // marker of the current document, see loaded

	mu       sync.Mutex
	dialogs  []string
	jsErrors []string
	csp      []string // Content-Security-Policy violations not yet reported
	status   int64
}

// Option changes a Browser that NewBrowser makes.
type Option func(*Browser)

// WithBaseURL makes Open resolve a relative address, such as "/login",
// against base.
func WithBaseURL(base string) Option { return func(b *Browser) { b.st.baseURL = base } }

// WithTimeout sets the time that each step may take. The default is
// DefaultTimeout.
func WithTimeout(d time.Duration) Option { return func(b *Browser) { b.st.timeout = d } }

// WithoutAxe turns off the accessibility check after each page load. Use it
// only to test the checker itself; call CheckAccessibility or AxeViolations
// by hand then.
func WithoutAxe() Option { return func(b *Browser) { b.st.autoAxe = false } }

// NewBrowser opens a new tab, in a browser context of its own (no cookies or
// storage from other tests), in the shared Chromium. The tab closes when the
// test ends. The test fails when Chromium or axe-core is missing.
func NewBrowser(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	if _, err := axeSource(); err != nil {
		t.Fatalf("%v", err)
	}
	parent, err := sharedBrowser()
	if err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	st := &tabState{t: t, timeout: DefaultTimeout, autoAxe: true}
	b := &Browser{st: st}
	for _, o := range opts {
		o(b)
	}
	ctx, cancel := chromedp.NewContext(parent,
		chromedp.WithNewBrowserContext(),
		chromedp.WithListener(st.onEvent),
	)
	st.ctx = ctx
	// The first Do creates the tab; it binds the tab to ctx, which has no
	// timeout. Each step later gets its own timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open a tab in Chromium: %v", err)
	}
	// Mark the blank page, so that a click can tell when it is gone.
	st.docID = 1
	var ignored jsResult
	if err := b.call(&ignored, "markDocument", st.docID); err != nil {
		cancel()
		t.Fatalf("prepare the tab: %v", err)
	}
	t.Cleanup(func() {
		if v := st.takeCSP(); len(v) > 0 {
			t.Errorf("the Content-Security-Policy refused: %s", strings.Join(v, "\n"))
		}
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		_ = chromedp.Cancel(cctx)
		cancel()
	})
	return b
}

// NewAppBrowser starts the application with StartServer and returns a
// Browser whose Open resolves paths such as "/login" against it.
func NewAppBrowser(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	if StartServer == nil {
		t.Fatalf("e2e.StartServer is nil: set it to start hjalpmedel/internal/testserver")
	}
	base := StartServer(t)
	return NewBrowser(t, append([]Option{WithBaseURL(base)}, opts...)...)
}

// onEvent runs on the goroutine that reads the messages of the tab. It must
// return fast and must not send commands, see chromedp.Listen.
func (st *tabState) onEvent(ev any) {
	switch ev := ev.(type) {
	case *page.EventJavascriptDialogOpening:
		// A person reads the dialog and answers OK. The test can read the
		// messages with Dialogs.
		st.mu.Lock()
		st.dialogs = append(st.dialogs, string(ev.Type)+": "+ev.Message)
		st.mu.Unlock()
		go func() {
			_, _ = chromedp.Call(st.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}()
	case *runtime.EventExceptionThrown:
		if d := ev.ExceptionDetails; d != nil {
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			st.mu.Lock()
			st.jsErrors = append(st.jsErrors, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
			st.mu.Unlock()
		}
	case *log.EventEntryAdded:
		// Chromium logs each refusal of the Content-Security-Policy ("Refused to
		// execute inline script because it violates …") as a security entry.
		if e := ev.Entry; e != nil && e.Source == log.EntrySourceSecurity && strings.Contains(e.Text, "Content Security Policy") {
			st.mu.Lock()
			st.csp = append(st.csp, e.Text)
			st.mu.Unlock()
		}
	case *network.EventResponseReceived:
		if ev.Type == network.ResourceTypeDocument && ev.Response != nil {
			st.mu.Lock()
			st.status = ev.Response.Status
			st.mu.Unlock()
		}
	}
}

// takeCSP returns the Content-Security-Policy violations since the last call.
func (st *tabState) takeCSP() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	v := st.csp
	st.csp = nil
	return v
}

// In returns a Browser that shares this tab and looks for labels, buttons,
// links and text only inside the first element that the CSS selector
// matches. Use it when a page has the same label or button more than once:
//
//	b.In("#bestallning-17").ClickButton("Avbeställ")
func (b *Browser) In(cssSelector string) *Browser {
	return &Browser{st: b.st, scope: cssSelector}
}

// Open loads the address and waits until the page is complete. A relative
// address resolves against the base URL (WithBaseURL, NewAppBrowser).
func (b *Browser) Open(address string) {
	b.st.t.Helper()
	target, err := b.resolve(address)
	if err != nil {
		b.fatalf("open %q: %v", address, err)
	}
	ctx, cancel := b.stepContext()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(target)); err != nil {
		b.fatalf("open %s: %v", target, err)
	}
	b.waitComplete(anyDocument)
	b.loaded()
}

// anyDocument is a marker that no document has, for waitComplete.
const anyDocument = -1

func (b *Browser) resolve(address string) (string, error) {
	u, err := url.Parse(address)
	if err != nil {
		return "", err
	}
	if u.IsAbs() {
		return address, nil
	}
	if b.st.baseURL == "" {
		return "", errors.New("a relative address needs a base URL: use WithBaseURL or NewAppBrowser, or give a full URL")
	}
	base, err := url.Parse(b.st.baseURL)
	if err != nil {
		return "", err
	}
	return base.ResolveReference(u).String(), nil
}

// FillByLabel finds the form field whose <label> has exactly this visible
// text (trimmed, white space collapsed) and fills it in as a person does:
// a text field or text area gets cleared and typed into, a <select> gets the
// option with this visible text, a date, time, colour or range field gets
// the value, and a file field gets the file with this path. For a checkbox or
// a radio button use Check or Uncheck.
func (b *Browser) FillByLabel(label, value string) {
	b.st.t.Helper()
	f := b.findField(label)
	if f.Disabled {
		b.fatalf("the field with the label %q is disabled", label)
	}
	if f.ReadOnly {
		b.fatalf("the field with the label %q is read-only", label)
	}
	switch {
	case f.Tag == "select":
		var r jsResult
		if err := b.call(&r, "selectOption", f.Sel, value); err != nil {
			b.fatalf("choose %q in the list %q: %v", value, label, err)
		}
		if r.Err != "" {
			b.fatalf("choose %q in the list %q: %s", value, label, r.Err)
		}
	case f.Type == "checkbox" || f.Type == "radio":
		b.fatalf("the field with the label %q is a %s: use Check or Uncheck", label, f.Type)
	case f.Type == "file":
		if err := b.do(chromedp.SetUploadFiles(chromedp.CSS(f.Sel), []string{value})); err != nil {
			b.fatalf("choose the file %q for %q: %v", value, label, err)
		}
	case f.Tag == "textarea" || typedInputs[f.Type]:
		var r jsResult
		if err := b.call(&r, "setValue", f.Sel, ""); err != nil {
			b.fatalf("clear the field %q: %v", label, err)
		}
		if value != "" {
			if err := b.do(chromedp.SendKeys(chromedp.CSS(f.Sel), value)); err != nil {
				b.fatalf("type into the field %q: %v", label, err)
			}
		}
		var got string
		if err := b.call(&got, "valueOf", f.Sel); err != nil {
			b.fatalf("read the field %q: %v", label, err)
		}
		if f.Type != "number" && got != value {
			b.fatalf("typed %q into the field %q, but it holds %q", value, label, got)
		}
	default: // date, time, datetime-local, month, week, color, range
		var r jsResult
		if err := b.call(&r, "setValue", f.Sel, value); err != nil {
			b.fatalf("set the field %q to %q: %v", label, value, err)
		}
		if r.Value != value {
			b.fatalf("set the field %q (type %s) to %q, but it holds %q", label, f.Type, value, r.Value)
		}
	}
}

// typedInputs are the input types that take typed text.
var typedInputs = map[string]bool{
	"text": true, "": true, "email": true, "password": true, "search": true,
	"tel": true, "url": true, "number": true,
}

// Check ticks the checkbox or chooses the radio button with this label, by a
// click on it (or on its label when the field itself is hidden, as with a
// styled checkbox). It does nothing when the field is already checked.
func (b *Browser) Check(label string) { b.st.t.Helper(); b.setChecked(label, true) }

// Uncheck clears the checkbox with this label.
func (b *Browser) Uncheck(label string) { b.st.t.Helper(); b.setChecked(label, false) }

func (b *Browser) setChecked(label string, want bool) {
	b.st.t.Helper()
	f := b.findField(label)
	if f.Type != "checkbox" && f.Type != "radio" {
		b.fatalf("the field with the label %q is a %s, not a checkbox or radio button", label, f.Tag+" "+f.Type)
	}
	if !want && f.Type == "radio" {
		b.fatalf("a radio button cannot be unchecked: check another one (label %q)", label)
	}
	if f.Disabled {
		b.fatalf("the %s with the label %q is disabled", f.Type, label)
	}
	if f.Checked == want {
		return
	}
	sel := f.Sel
	if !f.Visible {
		sel = f.Label
	}
	if navigated := b.click(sel, label); navigated {
		return
	}
	var r fieldInfo
	if err := b.call(&r, "fieldState", f.Sel); err != nil {
		b.fatalf("read the %s %q: %v", f.Type, label, err)
	}
	if r.Checked != want {
		b.fatalf("clicked the %s %q, but it is still %s", f.Type, label, map[bool]string{true: "checked", false: "unchecked"}[r.Checked])
	}
}

// ClickButton clicks the <button>, input[type=submit|button|reset|image],
// [role=button] element, button-styled link (a.button, a.btn) or a details
// element's summary (a disclosure a person opens like a button) whose
// visible text (the value for an input) is exactly text, after trimming. When
// the click loads a new page, it waits until that page is complete and checks
// it.
func (b *Browser) ClickButton(text string) {
	b.st.t.Helper()
	r := b.find("button", text, "findButton")
	if r.Disabled {
		b.fatalf("the button %q is disabled", text)
	}
	b.click(r.Sel, text)
}

// ClickLink clicks the link (<a href>) whose visible text is exactly text,
// after trimming. When the click loads a new page, it waits until that page
// is complete and checks it.
func (b *Browser) ClickLink(text string) {
	b.st.t.Helper()
	r := b.find("link", text, "findLink")
	b.click(r.Sel, text)
}

// Text returns the visible text (innerText) of the page body, or of the
// element of In.
func (b *Browser) Text() string {
	b.st.t.Helper()
	s, err := b.text()
	if err != nil {
		b.fatalf("read the text of the page: %v", err)
	}
	return s
}

func (b *Browser) text() (string, error) {
	var s string
	err := b.call(&s, "text", b.scope)
	return s, err
}

// MustSee waits a short time until the page shows every text, and fails the
// test when it does not. White space in the texts and the page counts as one
// space.
func (b *Browser) MustSee(texts ...string) {
	b.st.t.Helper()
	missing := b.waitText(texts, true)
	if len(missing) > 0 {
		b.fatalf("the page does not show %s", quoteAll(missing))
	}
}

// MustNotSee waits a short time until the page shows none of the texts, and
// fails the test when it still shows one.
func (b *Browser) MustNotSee(texts ...string) {
	b.st.t.Helper()
	shown := b.waitText(texts, false)
	if len(shown) > 0 {
		b.fatalf("the page shows %s, but it should not", quoteAll(shown))
	}
}

// waitText polls the page until every text is present (see) or absent
// (!see), and returns the texts that are still wrong.
func (b *Browser) waitText(texts []string, see bool) []string {
	deadline := time.Now().Add(min(seeTimeout, b.st.timeout))
	var wrong []string
	for {
		page, err := b.text()
		wrong = wrong[:0]
		if err != nil {
			wrong = append(wrong, texts...)
		} else {
			page = normSpace(page)
			for _, s := range texts {
				if strings.Contains(page, normSpace(s)) != see {
					wrong = append(wrong, s)
				}
			}
		}
		if len(wrong) == 0 || time.Now().After(deadline) {
			return wrong
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// URL returns the address of the page.
func (b *Browser) URL() string {
	b.st.t.Helper()
	ctx, cancel := b.stepContext()
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.fatalf("read the address of the page: %v", err)
	}
	return u
}

// URLPath returns the path of the page's address, such as "/login".
func (b *Browser) URLPath() string {
	b.st.t.Helper()
	u, err := url.Parse(b.URL())
	if err != nil {
		b.fatalf("parse the address of the page: %v", err)
	}
	return u.Path
}

// Status returns the HTTP status code of the last document that the tab
// loaded, or 0 before the first.
func (b *Browser) Status() int {
	b.st.mu.Lock()
	defer b.st.mu.Unlock()
	return int(b.st.status)
}

// Dialogs returns the alert, confirm and prompt dialogs that the pages opened,
// as "type: message". The harness answers each with OK, as a person would.
func (b *Browser) Dialogs() []string {
	b.st.mu.Lock()
	defer b.st.mu.Unlock()
	return slices.Clone(b.st.dialogs)
}

// Screenshot saves a PNG of the visible part of the page and returns its
// path. It saves into E2E_SCREENSHOT_DIR when that is set, else into a
// directory of the test that is removed when the test ends.
func (b *Browser) Screenshot(name string) string {
	b.st.t.Helper()
	path, err := b.screenshot(name, os.Getenv("E2E_SCREENSHOT_DIR"))
	if err != nil {
		b.fatalf("screenshot %q: %v", name, err)
	}
	b.st.t.Logf("screenshot: %s", path)
	return path
}

// Viewport sets the size of the tab's page area in CSS pixels, as a window of
// that size would have it; the next Open lays the page out for it.
func (b *Browser) Viewport(width, height int64) {
	b.st.t.Helper()
	if err := b.do(chromedp.EmulateViewport(width, height)); err != nil {
		b.fatalf("viewport %d×%d: %v", width, height, err)
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (b *Browser) screenshot(name, dir string) (string, error) {
	if dir == "" {
		dir = b.st.t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ctx, cancel := b.stepContext()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return "", err
	}
	file := unsafeName.ReplaceAllString(b.st.t.Name()+"-"+name, "_")
	path := filepath.Join(dir, strings.TrimSuffix(file, ".png")+".png")
	return path, os.WriteFile(path, png, 0o644)
}

// ---------------------------------------------------------------------------
// Accessibility

// AxeViolation is one rule that axe-core found broken on the page.
type AxeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"` // minor, moderate, serious or critical
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []AxeNode `json:"nodes"`
}

// AxeNode is one element that breaks a rule.
type AxeNode struct {
	Target  []string `json:"target"` // CSS selectors; ">>>" joins the parts of a selector into a shadow root or frame
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

func (v AxeViolation) String() string {
	var s strings.Builder
	fmt.Fprintf(&s, "%s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&s, "\n        %s  %s", strings.Join(n.Target, " "), oneLine(n.HTML, 160))
	}
	return s.String()
}

// SeriousOrCritical returns the violations whose impact is serious or
// critical: the ones that fail a test.
func SeriousOrCritical(vs []AxeViolation) []AxeViolation {
	var out []AxeViolation
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// AxeViolations injects axe-core into the page, when it is not there yet,
// runs it with the tags AxeTags, and returns every violation of any impact.
func (b *Browser) AxeViolations() ([]AxeViolation, error) {
	src, err := axeSource()
	if err != nil {
		return nil, err
	}
	timeout := max(b.st.timeout, 30*time.Second)
	ctx, cancel := context.WithTimeout(b.st.ctx, timeout)
	defer cancel()
	has, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`))
	if err != nil {
		return nil, fmt.Errorf("look for axe-core in the page: %w", err)
	}
	if !has {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	tags, _ := json.Marshal(AxeTags)
	expr := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tags) + `}, resultTypes: ["violations"]})
	.then(function (r) {
		return JSON.stringify(r.violations.map(function (v) {
			return {id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
				nodes: v.nodes.map(function (n) {
					return {target: n.target.map(function (t) { return Array.isArray(t) ? t.join(" >>> ") : String(t); }),
						html: n.html, summary: n.failureSummary || ""};
				})};
		}));
	})`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var vs []AxeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("decode the result of axe-core: %w", err)
	}
	return vs, nil
}

// CheckAccessibility runs axe-core on the page and fails the test on a
// serious or critical violation. It logs the minor and moderate ones. The
// harness calls it after each page load, unless WithoutAxe was given.
func (b *Browser) CheckAccessibility() {
	b.st.t.Helper()
	vs, err := b.AxeViolations()
	if err != nil {
		b.fatalf("accessibility check: %v", err)
	}
	bad := SeriousOrCritical(vs)
	if len(bad) > 0 {
		var s strings.Builder
		fmt.Fprintf(&s, "accessibility: axe-core found %d serious or critical violation(s) of %s:", len(bad), strings.Join(AxeTags, ", "))
		for _, v := range bad {
			s.WriteString("\n    " + v.String())
		}
		b.fatalf("%s", s.String())
	}
	if len(vs) > 0 {
		ids := make([]string, len(vs))
		for i, v := range vs {
			ids[i] = v.ID + " (" + v.Impact + ")"
		}
		b.st.t.Logf("accessibility: minor problems on %s: %s", b.currentURL(), strings.Join(ids, ", "))
	}
}

var axeCache struct {
	once sync.Once
	src  string
	err  error
}

// axeSource returns the text of node_modules/axe-core/axe.min.js below the
// repository root, which holds go.mod.
func axeSource() (string, error) {
	axeCache.once.Do(func() {
		root, err := repoRoot()
		if err != nil {
			axeCache.err = err
			return
		}
		axeCache.src, axeCache.err = loadAxe(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	})
	return axeCache.src, axeCache.err
}

func loadAxe(path string) (string, error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("axe-core is missing: %s does not exist; run `make test` (or `npm ci` in the repository root) to install the pinned axe-core from package-lock.json", path)
	}
	if err != nil {
		return "", fmt.Errorf("read axe-core: %w", err)
	}
	return string(src), nil
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("found no go.mod above the working directory, so no repository root")
		}
		dir = parent
	}
}

// ---------------------------------------------------------------------------
// The shared browser

var shared struct {
	mu          sync.Mutex
	started     bool
	ctx         context.Context
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	dir         string
	err         error
}

func chromiumPath() string {
	if p := os.Getenv("E2E_CHROMIUM"); p != "" {
		return p
	}
	return defaultChromium
}

// sharedBrowser starts Chromium the first time that a test needs it. Its
// HOME, TMPDIR, XDG directories and profile are in one temporary directory
// that stopSharedBrowser removes.
func sharedBrowser() (context.Context, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.started {
		return shared.ctx, shared.err
	}
	shared.started = true
	path := chromiumPath()
	if _, err := os.Stat(path); err != nil {
		shared.err = fmt.Errorf("no Chromium at %s: run `make deps` (apt-get install chromium) or set E2E_CHROMIUM", path)
		return nil, shared.err
	}
	dir, err := os.MkdirTemp("", "hjalpmedel-e2e-")
	if err != nil {
		shared.err = err
		return nil, err
	}
	shared.dir = dir
	sub := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(p, 0o700); err != nil && shared.err == nil {
			shared.err = err
		}
		return p
	}
	home, tmp, profile := sub("home"), sub("tmp"), sub("profile")
	if shared.err != nil {
		return nil, shared.err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "sv-SE"),
		chromedp.WindowSize(1280, 900),
		chromedp.UserDataDir(profile),
		chromedp.Env(
			"HOME="+home,
			"TMPDIR="+tmp,
			"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
			"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
			"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		allocCancel()
		shared.err = fmt.Errorf("%s: %w", path, err)
		return nil, shared.err
	}
	shared.ctx, shared.cancel, shared.allocCancel = ctx, cancel, allocCancel
	return ctx, nil
}

func stopSharedBrowser() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	var errs []error
	if shared.cancel != nil {
		cctx, ccancel := context.WithTimeout(shared.ctx, 15*time.Second)
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
		ccancel()
		shared.cancel()
		shared.allocCancel()
	}
	if shared.dir != "" {
		// Child processes of Chromium can write for a moment after the
		// browser exits, so retry.
		var err error
		for range 50 {
			if err = os.RemoveAll(shared.dir); err == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ---------------------------------------------------------------------------
// Steps, waiting and failures

func (b *Browser) stepContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.st.ctx, b.st.timeout)
}

func (b *Browser) do(steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := b.stepContext()
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// call runs the function fn of pageLib in the page with the arguments, and
// decodes its JSON result into out.
// Fetch reads address (a PDF, a CSV, a file) with the page's own session, as
// a click on a link to it would, and returns its status and body.
func (b *Browser) Fetch(address string) (int, []byte) {
	b.st.t.Helper()
	ctx, cancel := b.stepContext()
	defer cancel()
	expr := `fetch(` + strconv.Quote(address) + `, {credentials: "same-origin"}).then(function (r) {
		return r.arrayBuffer().then(function (buf) {
			var bytes = new Uint8Array(buf), bin = "";
			for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
			return JSON.stringify({status: r.status, body: btoa(bin)});
		});
	})`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.fatalf("fetch %s: %v", address, err)
	}
	var r struct {
		Status int
		Body   []byte // base64 in JSON
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		b.fatalf("fetch %s: %v", address, err)
	}
	return r.Status, r.Body
}

func (b *Browser) call(out any, fn string, args ...any) error {
	enc := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			return err
		}
		enc[i] = string(j)
	}
	expr := "(function () {\n" + pageLib + "\nreturn JSON.stringify(" + fn + "(" + strings.Join(enc, ", ") + "));\n})()"
	ctx, cancel := b.stepContext()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(s), out)
}

type jsResult struct {
	Err   string `json:"err"`
	Value string `json:"value"`
}

type fieldInfo struct {
	Err      string `json:"err"`
	Sel      string `json:"sel"`
	Label    string `json:"label"`
	Tag      string `json:"tag"`
	Type     string `json:"type"`
	Disabled bool   `json:"disabled"`
	ReadOnly bool   `json:"readOnly"`
	Visible  bool   `json:"visible"`
	Checked  bool   `json:"checked"`
}

// find polls the page with the finder fn until it finds the thing, and fails
// the test with the finder's last explanation when it does not.
func (b *Browser) find(kind, text, fn string) fieldInfo {
	b.st.t.Helper()
	deadline := time.Now().Add(b.st.timeout)
	for {
		var r fieldInfo
		err := b.call(&r, fn, b.scope, text)
		if err == nil && r.Err == "" {
			return r
		}
		if time.Now().After(deadline) {
			why := r.Err
			if err != nil {
				why = err.Error()
			}
			b.fatalf("find the %s %q: %s", kind, text, why)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *Browser) findField(label string) fieldInfo {
	b.st.t.Helper()
	return b.find("field with the label", label, "findField")
}

type pageState struct {
	Doc     int    `json:"doc"`
	Leaving bool   `json:"leaving"`
	Ready   string `json:"ready"`
}

func (b *Browser) state() (pageState, error) {
	var s pageState
	err := b.call(&s, "pageState")
	return s, err
}

// click clicks the element with a mouse click, as a person does. When the
// click starts a navigation within navigationGrace, it waits for the new
// page and checks it, and reports true.
func (b *Browser) click(sel, what string) (navigated bool) {
	b.st.t.Helper()
	prev := b.st.docID
	var ignored jsResult
	if err := b.call(&ignored, "arm"); err != nil {
		b.fatalf("prepare to click %q: %v", what, err)
	}
	if err := b.do(chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.fatalf("click %q: %v", what, err)
	}
	grace := time.Now().Add(navigationGrace)
	for {
		s, err := b.state()
		if err != nil || s.Doc != prev || s.Leaving {
			break // the old document is leaving or gone
		}
		if time.Now().After(grace) {
			return false
		}
		time.Sleep(25 * time.Millisecond)
	}
	b.waitComplete(prev)
	b.loaded()
	return true
}

// waitComplete waits until the tab shows a document other than the one with
// the marker prev, and that document's readyState is complete.
func (b *Browser) waitComplete(prev int) {
	b.st.t.Helper()
	deadline := time.Now().Add(b.st.timeout)
	var last string
	for {
		s, err := b.state()
		if err == nil && s.Doc != prev && s.Ready == "complete" {
			return
		}
		if err != nil {
			last = err.Error()
		} else {
			last = fmt.Sprintf("readyState %s", s.Ready)
		}
		if time.Now().After(deadline) {
			b.fatalf("the page did not finish loading within %s (%s)", b.st.timeout, last)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// loaded marks the new document, so that a later click can tell whether it
// left, and checks its links within the page and its accessibility.
func (b *Browser) loaded() {
	b.st.t.Helper()
	b.st.docID++
	var ignored jsResult
	if err := b.call(&ignored, "markDocument", b.st.docID); err != nil {
		b.fatalf("mark the page: %v", err)
	}
	var dead []string
	if err := b.call(&dead, "deadInPageLinks"); err != nil {
		b.fatalf("check the links within the page: %v", err)
	}
	if len(dead) > 0 {
		b.fatalf("links within the page lead nowhere: no element has the id of %s", quoteAll(dead))
	}
	if v := b.st.takeCSP(); len(v) > 0 {
		b.fatalf("the Content-Security-Policy refused: %s", strings.Join(v, "\n"))
	}
	if b.st.autoAxe {
		b.CheckAccessibility()
	}
}

func (b *Browser) currentURL() string {
	ctx, cancel := context.WithTimeout(b.st.ctx, 3*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown: " + err.Error() + ")"
	}
	return u
}

// fatalf fails the test with the message, the address of the page and the
// start of its text.
func (b *Browser) fatalf(format string, args ...any) {
	b.st.t.Helper()
	msg := fmt.Sprintf(format, args...)
	u := b.currentURL()
	text := "(unavailable)"
	{
		ctx, cancel := context.WithTimeout(b.st.ctx, 3*time.Second)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		cancel()
		if err == nil {
			text = s
		}
	}
	if utf8.RuneCountInString(text) > pageTextLimit {
		text = string([]rune(text)[:pageTextLimit]) + "\n…"
	}
	var extra strings.Builder
	b.st.mu.Lock()
	if len(b.st.jsErrors) > 0 {
		extra.WriteString("\n--- JavaScript errors:\n" + strings.Join(b.st.jsErrors, "\n"))
	}
	b.st.mu.Unlock()
	if dir := os.Getenv("E2E_SCREENSHOT_DIR"); dir != "" {
		if p, err := b.screenshot("failure", dir); err == nil {
			extra.WriteString("\n--- screenshot: " + p)
		}
	}
	b.st.t.Fatalf("%s\n--- page: %s\n--- page text:\n%s%s", msg, u, text, extra.String())
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func oneLine(s string, n int) string {
	s = normSpace(s)
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return s
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// pageLib holds the functions that run in the page. Browser.call evaluates it
// with one call at the end; nothing of it stays in the page except the
// data-e2e-id attributes that name the elements found and the markers of
// markDocument.
const pageLib = `
function norm(s) { return String(s == null ? "" : s).replace(/\s+/g, " ").trim(); }
function visible(el) {
	if (!el || !el.isConnected) return false;
	if (typeof el.checkVisibility === "function") return el.checkVisibility({visibilityProperty: true});
	return el.getClientRects().length > 0;
}
function root(scope) {
	if (!scope) return document;
	var r = document.querySelector(scope);
	if (!r) throw new Error("the scope " + scope + " matches no element");
	return r;
}
function all(r, sel) { return Array.prototype.slice.call(r.querySelectorAll(sel)); }
function tag(el) {
	var id = el.getAttribute("data-e2e-id");
	if (!id) {
		window.__e2eSeq = (window.__e2eSeq || 0) + 1;
		id = String(window.__e2eSeq);
		el.setAttribute("data-e2e-id", id);
	}
	return '[data-e2e-id="' + id + '"]';
}
function listOf(texts) {
	var seen = [];
	texts.forEach(function (t) { if (seen.indexOf(t) < 0) seen.push(t); });
	if (!seen.length) return "(none)";
	var more = seen.length > 30 ? " and " + (seen.length - 30) + " more" : "";
	return seen.slice(0, 30).map(function (t) { return JSON.stringify(t); }).join(", ") + more;
}
var CONTROLS = "input, select, textarea, button, datalist";
// labelText is the visible text of a label without the text of a field in it.
function labelText(label) {
	var parts = [];
	var w = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
	for (var n = w.nextNode(); n; n = w.nextNode()) {
		var p = n.parentElement;
		if (!p || !visible(p)) continue;
		var c = p.closest(CONTROLS);
		if (c && label.contains(c)) continue;
		parts.push(n.nodeValue);
	}
	return norm(parts.join(""));
}
function describeField(f, label) {
	return {sel: tag(f), label: label ? tag(label) : "", tag: f.tagName.toLowerCase(),
		type: String(f.type || "").toLowerCase(), disabled: f.matches(":disabled"),
		readOnly: !!f.readOnly, visible: visible(f), checked: !!f.checked};
}
function findField(scope, want) {
	want = norm(want);
	var labels = all(root(scope), "label").filter(visible);
	var hits = labels.filter(function (l) { return labelText(l) === want; });
	if (!hits.length) return {err: "no visible label has this text; the visible labels are: " + listOf(labels.map(labelText))};
	var fields = [];
	hits.forEach(function (l) { var c = l.control; if (c && fields.indexOf(c) < 0) fields.push(c); });
	if (!fields.length) return {err: "the label labels no form field: give it a for attribute with the id of the field, or put the field inside it"};
	if (fields.length > 1) return {err: "the label is on " + fields.length + " fields; narrow the search with In(cssSelector)"};
	var f = fields[0];
	return describeField(f, hits.filter(function (l) { return l.control === f; })[0]);
}
function fieldState(sel) { return describeField(document.querySelector(sel), null); }
function setValue(sel, v) {
	var f = document.querySelector(sel);
	f.focus();
	var d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(f), "value");
	if (d && d.set) d.set.call(f, v); else f.value = v;
	f.dispatchEvent(new Event("input", {bubbles: true}));
	f.dispatchEvent(new Event("change", {bubbles: true}));
	return {value: f.value};
}
function valueOf(sel) { return document.querySelector(sel).value; }
function selectOption(sel, want) {
	want = norm(want);
	var s = document.querySelector(sel);
	var opts = Array.prototype.slice.call(s.options);
	var hits = opts.filter(function (o) { return norm(o.text) === want; });
	if (!hits.length) return {err: "the list has no such option; its options are: " + listOf(opts.map(function (o) { return norm(o.text); }))};
	if (hits[0].disabled) return {err: "the option is disabled"};
	s.focus();
	if (s.multiple) hits[0].selected = true; else s.selectedIndex = hits[0].index;
	s.dispatchEvent(new Event("input", {bubbles: true}));
	s.dispatchEvent(new Event("change", {bubbles: true}));
	return {};
}
function buttonText(el) {
	if (el.tagName === "INPUT") {
		if (el.type === "image") return norm(el.alt);
		if (el.value) return norm(el.value);
		return el.type === "submit" ? "Submit" : el.type === "reset" ? "Reset" : "";
	}
	return norm(el.innerText);
}
function findButton(scope, want) {
	want = norm(want);
	var buttons = all(root(scope), 'button, input[type="submit"], input[type="button"], input[type="reset"], input[type="image"], [role="button"], a.button, a.btn, summary').filter(visible);
	var hits = buttons.filter(function (el) { return buttonText(el) === want; });
	if (!hits.length) return {err: "no visible button has this text; the visible buttons are: " + listOf(buttons.map(buttonText))};
	if (hits.length > 1) return {err: hits.length + " visible buttons have this text; narrow the search with In(cssSelector)"};
	var el = hits[0];
	return {sel: tag(el), disabled: el.matches(":disabled") || el.getAttribute("aria-disabled") === "true"};
}
function findLink(scope, want) {
	want = norm(want);
	var links = all(root(scope), "a[href]").filter(visible);
	var hits = links.filter(function (a) { return norm(a.innerText) === want; });
	if (!hits.length) return {err: "no visible link has this text; the visible links are: " + listOf(links.map(function (a) { return norm(a.innerText); }))};
	var hrefs = [];
	hits.forEach(function (a) { if (hrefs.indexOf(a.href) < 0) hrefs.push(a.href); });
	if (hrefs.length > 1) return {err: "links with this text go to different places (" + listOf(hrefs) + "); narrow the search with In(cssSelector)"};
	return {sel: tag(hits[0])};
}
function text(scope) {
	if (!scope) return document.body ? document.body.innerText : "";
	return root(scope).innerText;
}
// deadInPageLinks lists the hrefs of links to an id that no element has.
function deadInPageLinks() {
	var dead = [];
	all(document, 'a[href^="#"]').forEach(function (a) {
		var href = a.getAttribute("href");
		if (href.length > 1 && !document.getElementById(decodeURIComponent(href.slice(1))) && dead.indexOf(href) < 0) dead.push(href);
	});
	return dead;
}
function pageState() { return {doc: window.__e2eDoc || 0, leaving: !!window.__e2eLeaving, ready: document.readyState}; }
function arm() { window.__e2eLeaving = false; return {}; }
function markDocument(id) {
	window.__e2eDoc = id;
	window.__e2eLeaving = false;
	if (!window.__e2eHooked) {
		window.__e2eHooked = true;
		window.addEventListener("beforeunload", function () { window.__e2eLeaving = true; });
	}
	return {};
}
`
