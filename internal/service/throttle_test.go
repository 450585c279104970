package service

import (
	"testing"
	"time"
)

func TestLoginThrottle(t *testing.T) {
	t0 := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	th := newLoginThrottle()
	failN := func(client, account string, n int, at time.Time) (lock bool) {
		for range n {
			lock = th.fail(client, account, at)
		}
		return lock
	}
	// One client alone, however long it goes on, never locks the account.
	for w := range 10 {
		at := t0.Add(time.Duration(w) * LockDuration)
		if failN("a", "K082LNO", MaxFailedLogins, at) {
			t.Fatalf("window %d: one client locked the account", w)
		}
		if !th.blocked("a", "k082lno", at) {
			t.Fatalf("window %d: the client is not refused after %d failures", w, MaxFailedLogins)
		}
		if th.blocked("b", "K082LNO", at) || th.blocked("a", "K082KBN", at) {
			t.Fatalf("window %d: another client or account is refused", w)
		}
	}
	at := t0.Add(20 * LockDuration)
	if th.blocked("a", "K082LNO", at) {
		t.Fatal("the window does not run out")
	}
	// Four failures are no limit; a success forgets them.
	failN("a", "K082LNO", MaxFailedLogins-1, at)
	th.succeed("a", "K082LNO")
	if failN("a", "K082LNO", MaxFailedLogins-1, at); th.blocked("a", "K082LNO", at) {
		t.Fatal("refused after a success and four failures")
	}
	// LockingClients clients lock it.
	var lock bool
	for c := range LockingClients {
		lock = failN(string(rune('p'+c)), "K082LNO", MaxFailedLogins, at)
	}
	if !lock {
		t.Fatalf("%d clients did not lock the account", LockingClients)
	}
	th.forget("k082lno")
	if th.blocked("p", "K082LNO", at) {
		t.Fatal("refused after forget")
	}
	// Spraying many accounts from one client stops at MaxClientFailures.
	for i := range MaxClientFailures {
		th.fail("z", string(rune('A'+i)), at)
	}
	if !th.blocked("z", "NEW", at) {
		t.Fatalf("a client with %d failures on different accounts is not refused", MaxClientFailures)
	}
	th.prune(at.Add(LockDuration))
	if len(th.pairs) != 0 || len(th.clients) != 0 || len(th.lockers) != 0 {
		t.Fatalf("prune left %d pairs, %d clients, %d accounts", len(th.pairs), len(th.clients), len(th.lockers))
	}
}
