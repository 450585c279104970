package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/testserver"
)

// A notification is kept as format and arguments, so each reader sees it in
// their own language: the transfer K082LNO sends reaches K082KBN's inbox in
// Swedish, and in English when she asks in English.
func TestNotificationsInTheReadersLanguage(t *testing.T) {
	now := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)
	testserver.Backends(t, []testserver.Option{testserver.At(now)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		kbn := apiLogin(t, srv, "K082KBN", demoPassword)
		mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/transfers", Bearer: lno,
			Body: `{"toPrescriber":"K082KBN","recipient":{"personnummer":"191212121212"},"units":["170098"],"message":"Tack!"}`}), http.StatusCreated)
		first := func(lang string) map[string]any {
			r := call(t, srv, request{Method: "GET", Path: "/api/v1/messages", Bearer: kbn, Header: map[string]string{"Accept-Language": lang}})
			msgs := mustStatus(t, r, http.StatusOK)["messages"].([]any)
			if len(msgs) == 0 {
				t.Fatalf("K082KBN has no messages")
			}
			return msgs[0].(map[string]any)
		}
		sv, en := first("sv"), first("en")
		if s := sv["subject"].(string); !strings.HasPrefix(s, "BMB från K082LNO att kvittera") {
			t.Errorf("the subject in Swedish: %q", s)
		}
		if s := en["subject"].(string); !strings.HasPrefix(s, "Transfer from K082LNO to acknowledge") {
			t.Errorf("the subject in English: %q", s)
		}
		if b := en["body"].(string); !strings.Contains(b, "has sent you a transfer") || !strings.HasSuffix(b, "Message: Tack!") {
			t.Errorf("the body in English: %q", b)
		}
	})
}
