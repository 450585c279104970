package web_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/testserver"
)

// The BMB countdown (SPEC §10.11): both sides see the days left; the addressee
// is reminded on day 5 and day 6 and both are told when it locks, each message
// once even when the job runs twice at the same time on two app servers.
func TestTransferCountdownAndReminders(t *testing.T) {
	sentAt := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC) // a Monday
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, append(backend, testserver.At(sentAt))...)
		other := testserver.Start(t, testserver.SharedDB(srv.DB), testserver.At(sentAt))
		lno, kbn := bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "K082KBN")

		var sent struct {
			ID       string
			DaysLeft *int
		}
		lno.call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": "191212121212"},
			"units": []string{"170098"}}, http.StatusCreated, &sent)
		if sent.DaysLeft == nil || *sent.DaysLeft != 7 {
			t.Fatalf("daysLeft when sent: %v", sent.DaysLeft)
		}
		daysLeft := func(c *bmbClient, direction string) *int {
			t.Helper()
			var list struct {
				Transfers []struct {
					ID       string
					DaysLeft *int
				}
			}
			c.call("GET", "/api/v1/transfers?direction="+direction, nil, http.StatusOK, &list)
			for _, x := range list.Transfers {
				if x.ID == sent.ID {
					return x.DaysLeft
				}
			}
			t.Fatalf("transfer %s not %s", sent.ID, direction)
			return nil
		}
		// inbox counts the messages about the transfer whose subject starts with prefix.
		inbox := func(c *bmbClient, prefix string) int {
			t.Helper()
			var msgs struct {
				Messages []struct{ Subject, Link string }
			}
			c.call("GET", "/api/v1/messages", nil, http.StatusOK, &msgs)
			n := 0
			for _, m := range msgs.Messages {
				if m.Link == "/bmb/"+sent.ID && strings.HasPrefix(m.Subject, prefix) {
					n++
				}
			}
			return n
		}
		// runJob runs the job twice on each server, two at the same time.
		runJob := func(at time.Time) {
			t.Helper()
			srv.SetNow(at)
			other.SetNow(at)
			for range 2 {
				var wg sync.WaitGroup
				for _, s := range []*testserver.Server{srv, other} {
					wg.Go(func() {
						if _, err := s.Svc.SendTransferReminders(t.Context()); err != nil {
							t.Errorf("reminders at %s: %v", at, err)
						}
					})
				}
				wg.Wait()
			}
			// Days later, the sessions have expired: log in again.
			lno, kbn = bmbLogin(t, srv.URL, "K082LNO"), bmbLogin(t, srv.URL, "K082KBN")
		}

		runJob(sentAt.AddDate(0, 0, 4)) // day 4: nothing yet
		if n := inbox(kbn, "Påminnelse"); n != 0 {
			t.Errorf("reminders on day 4: %d", n)
		}
		runJob(sentAt.AddDate(0, 0, 5))
		if l, r := daysLeft(kbn, "incoming"), daysLeft(lno, "outgoing"); l == nil || *l != 2 || r == nil || *r != 2 {
			t.Errorf("daysLeft on day 5: incoming %v, outgoing %v; want 2", l, r)
		}
		if n := inbox(kbn, "Påminnelse: BMB från K082LNO att kvittera (2 dagar kvar)"); n != 1 {
			t.Errorf("reminders to the addressee on day 5: %d, want 1", n)
		}
		if n := inbox(lno, "Påminnelse"); n != 0 {
			t.Errorf("reminders to the sender: %d, want 0", n)
		}
		runJob(sentAt.AddDate(0, 0, 6))
		if n := inbox(kbn, "Påminnelse: BMB från K082LNO att kvittera (1 dag kvar)"); n != 1 {
			t.Errorf("reminders to the addressee on day 6: %d, want 1", n)
		}
		runJob(sentAt.AddDate(0, 0, 7))
		if l := daysLeft(kbn, "incoming"); l != nil {
			t.Errorf("daysLeft of a locked transfer: %d, want null", *l)
		}
		if a, s := inbox(kbn, "BMB "+sent.ID+" är låst"), inbox(lno, "BMB "+sent.ID+" är låst"); a != 1 || s != 1 {
			t.Errorf("lock messages: addressee %d, sender %d; want 1 each", a, s)
		}
		if n := inbox(kbn, "Påminnelse"); n != 2 {
			t.Errorf("reminders in all: %d, want 2", n)
		}
	})
}
