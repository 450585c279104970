package web

import (
	"regexp"
	"strings"
	"testing"
)

// inlineCode finds what the pages' Content-Security-Policy refuses in a template
// (a style attribute or element, an event-handler attribute, a javascript: or
// data: address); scriptTag finds the script elements, which must have a src.
var (
	inlineCode = regexp.MustCompile(`(?i)\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=|javascript:|(?:src|href)\s*=\s*"data:`)
	scriptTag  = regexp.MustCompile(`(?i)<script\b[^>]*>`)
)

func refusedByPolicy(text string) []string {
	bad := inlineCode.FindAllString(text, -1)
	for _, s := range scriptTag.FindAllString(text, -1) {
		if !strings.Contains(s, " src=") {
			bad = append(bad, s)
		}
	}
	return bad
}

// No template needs what the Content-Security-Policy refuses, so every page works
// under it (the browser tests check the pages they open; this checks them all).
func TestTemplatesNeedNoInlineCode(t *testing.T) {
	n := 0
	eachTemplate(t, []string{""}, func(name, text string) {
		n++
		for _, m := range refusedByPolicy(text) {
			t.Errorf("%s: %q is refused by the Content-Security-Policy", name, m)
		}
	})
	if n < 50 {
		t.Fatalf("read only %d templates", n)
	}
	for _, bad := range []string{`<p style="color: red">`, `<style>p {}</style>`, `<script>alert(1)</script>`,
		`<button onclick="go()">`, `<a href="javascript:go()">`, `<img src="data:image/png;base64,AA">`} {
		if len(refusedByPolicy(bad)) == 0 {
			t.Errorf("the check misses %s", bad)
		}
	}
	if ok := `<script src="/static/x/app.js" defer></script><form action="/x" class="inline" data-confirm="Säker?">`; len(refusedByPolicy(ok)) > 0 {
		t.Errorf("the check refuses %s: %q", ok, refusedByPolicy(ok))
	}
}
