package service

import (
	"strings"
	"sync"
	"time"
)

// Failed logins are counted per client (its IP address) and per client and
// account, in memory. A client that fails MaxFailedLogins times on one account
// is refused on that account for LockDuration, and one that fails
// MaxClientFailures times on any accounts is refused altogether: so one client
// can neither guess a password nor lock anyone else out. The account itself
// is locked (until LockDuration has passed or an admin unlocks it) only when
// LockingClients different clients have reached their limit on it within
// LockDuration: a guess spread over many machines.
const (
	MaxFailedLogins   = 5
	MaxClientFailures = 20
	LockingClients    = 3
	LockDuration      = 15 * time.Minute
)

type loginThrottle struct {
	mu      sync.Mutex
	pairs   map[string]*failures            // client + "\x00" + account
	clients map[string]*failures            // client
	lockers map[string]map[string]time.Time // account -> clients that reached the limit on it -> when
}

// failures counts the failures of a window that starts with the first one.
type failures struct {
	n     int
	since time.Time
}

func (f *failures) count(now time.Time) int {
	if f == nil || now.Sub(f.since) >= LockDuration {
		return 0
	}
	return f.n
}

func newLoginThrottle() *loginThrottle {
	return &loginThrottle{pairs: map[string]*failures{}, clients: map[string]*failures{}, lockers: map[string]map[string]time.Time{}}
}

func pairKey(client, account string) string {
	return client + "\x00" + strings.ToLower(strings.TrimSpace(account))
}

// blocked reports whether the client is refused on the account.
func (t *loginThrottle) blocked(client, account string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pairs[pairKey(client, account)].count(now) >= MaxFailedLogins || t.clients[client].count(now) >= MaxClientFailures
}

// fail counts a failed login and reports whether the account should now be
// locked: LockingClients clients have reached their limit on it.
func (t *loginThrottle) fail(client, account string, now time.Time) (lockAccount bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pairs) > 100_000 {
		t.prune(now)
	}
	add := func(m map[string]*failures, key string) int {
		f := m[key]
		if f.count(now) == 0 {
			f = &failures{since: now}
			m[key] = f
		}
		f.n++
		return f.n
	}
	add(t.clients, client)
	if add(t.pairs, pairKey(client, account)) < MaxFailedLogins {
		return false
	}
	acc := strings.ToLower(strings.TrimSpace(account))
	ls := t.lockers[acc]
	if ls == nil {
		ls = map[string]time.Time{}
		t.lockers[acc] = ls
	}
	ls[client] = now
	n := 0
	for c, at := range ls {
		if now.Sub(at) >= LockDuration {
			delete(ls, c)
			continue
		}
		n++
	}
	return n >= LockingClients
}

// succeed forgets the client's failures on the account.
func (t *loginThrottle) succeed(client, account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.pairs, pairKey(client, account))
}

// forget drops every client's failures on the account (an admin unlocked it).
func (t *loginThrottle) forget(account string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	suffix := pairKey("", account)
	for k := range t.pairs {
		if strings.HasSuffix(k, suffix) {
			delete(t.pairs, k)
		}
	}
	delete(t.lockers, strings.ToLower(strings.TrimSpace(account)))
}

// prune drops the windows that have passed, so the maps stay small.
func (t *loginThrottle) prune(now time.Time) {
	for _, m := range []map[string]*failures{t.pairs, t.clients} {
		for k, f := range m {
			if f.count(now) == 0 {
				delete(m, k)
			}
		}
	}
	for acc, ls := range t.lockers {
		for c, at := range ls {
			if now.Sub(at) >= LockDuration {
				delete(ls, c)
			}
		}
		if len(ls) == 0 {
			delete(t.lockers, acc)
		}
	}
}
