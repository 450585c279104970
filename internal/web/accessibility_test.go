package web_test

import (
	"strings"
	"testing"

	"hjalpmedel/internal/testserver"
)

// The accessibility statement is public, in Swedish and English, and every
// page's footer links to it (the login page too).
func TestAccessibilityStatement(t *testing.T) {
	srv := testserver.Start(t)
	sv := call(t, srv, request{Method: "GET", Path: "/tillganglighet"})
	if sv.Status != 200 || !strings.Contains(sv.Body, "<h1>Tillgänglighetsredogörelse</h1>") || !strings.Contains(sv.Body, "Digg") {
		t.Fatalf("statement: %d\n%.2000s", sv.Status, sv.Body)
	}
	en := call(t, srv, request{Method: "GET", Path: "/tillganglighet", Header: map[string]string{"Cookie": "hm_lang=en"}})
	if !strings.Contains(en.Body, "<h1>Accessibility statement</h1>") || !strings.Contains(en.Body, "Agency for Digital Government") {
		t.Fatalf("English statement:\n%.2000s", en.Body)
	}
	if login := call(t, srv, request{Method: "GET", Path: "/login"}); !strings.Contains(login.Body, `<a href="/tillganglighet">`) {
		t.Fatalf("the login page's footer does not link the statement")
	}
}
