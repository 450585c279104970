package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
)

// apiSession is a user logged in through the API of one server.
type apiSession struct {
	t           *testing.T
	base, token string
}

func apiLogIn(t *testing.T, base, user string) *apiSession {
	s := &apiSession{t: t, base: base}
	var out struct{ Token string }
	if st := s.call("POST", "/api/v1/login", map[string]string{"username": user, "password": demo.Password}, &out); st != 200 {
		t.Fatalf("log in %s at %s: %d", user, base, st)
	}
	s.token = out.Token
	return s
}

// call sends a JSON request and decodes the answer into out; it returns the status.
func (s *apiSession) call(method, path string, body, out any) int {
	b, _ := json.Marshal(body)
	rq, _ := http.NewRequest(method, s.base+path, bytes.NewReader(b))
	rq.Header.Set("Content-Type", "application/json")
	if s.token != "" {
		rq.Header.Set("Authorization", "Bearer "+s.token)
	}
	rp, err := http.DefaultClient.Do(rq)
	if err != nil {
		s.t.Error(err)
		return 0
	}
	defer rp.Body.Close()
	data, _ := io.ReadAll(rp.Body)
	if out != nil {
		json.Unmarshal(data, out)
	}
	return rp.StatusCode
}

// together runs fn once per session at the same moment and returns the statuses.
func together(sessions []*apiSession, fn func(i int, s *apiSession) int) []int {
	out := make([]int, len(sessions))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, s := range sessions {
		wg.Go(func() { <-start; out[i] = fn(i, s) })
	}
	close(start)
	wg.Wait()
	return out
}

// Two `serve` processes start at the same moment on one PostgreSQL database
// (both migrate, both load the demo data), then race each other: the last unit
// of an article is ordered and delivered through both, an order is sent to both
// with one idempotency key, and a BMB is acknowledged on both at once. No unit
// is delivered twice, the key makes one order, and one acknowledgement wins.
func TestTwoServersOnOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dsn := postgresDSN(t)
	bin := buildBinary(t)
	_, outA := launchBinary(t, bin, t.TempDir(), "--db", dsn)
	_, outB := launchBinary(t, bin, t.TempDir(), "--db", dsn)
	servers := []string{awaitServing(t, outA), awaitServing(t, outB)}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM users WHERE username = 'K082LNO'", nil, &n); err != nil || n != 1 {
		t.Fatalf("the demo data was loaded %d times (%v)", n, err)
	}

	// The last unit: cushion 10156 has one unit in stock. Four orders, two
	// through each server, then each delivered through both servers at once.
	var prescribers, warehouse []*apiSession
	for i := range 4 {
		prescribers = append(prescribers, apiLogIn(t, servers[i%2], []string{"K082LNO", "K082KBN"}[i/2]))
	}
	for _, base := range servers {
		warehouse = append(warehouse, apiLogIn(t, base, "LAGER"))
	}
	numbers := make([]string, 4)
	statuses := together(prescribers, func(i int, s *apiSession) int {
		var o struct{ Number string }
		st := s.call("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": demo.TestPatient}, "customer": "2990",
			"lines": []map[string]any{{"article": "10156"}}, "idempotencyKey": fmt.Sprintf("last-unit-%d", i)}, &o)
		numbers[i] = o.Number
		return st
	})
	for i, st := range statuses {
		if st != 201 || numbers[i] == "" {
			t.Fatalf("order %d: %d", i, st)
		}
	}
	delivered := 0 // lines delivered, as the answers say
	for _, number := range numbers {
		counts := make([]int, len(warehouse))
		for i, st := range together(warehouse, func(i int, s *apiSession) int {
			var res struct{ DeliveredLines int }
			st := s.call("POST", "/api/v1/orders/"+number+"/deliver", nil, &res)
			counts[i] = res.DeliveredLines
			return st
		}) {
			switch st {
			case 200: // delivered, or waiting for stock (delivered 0)
				delivered += counts[i]
			case 409: // the other server delivered it first
			default:
				t.Errorf("deliver %s: %d", number, st)
			}
		}
	}
	var twice, held int
	if err := db.Read().Get(ctx, `SELECT COUNT(*) FROM (SELECT unit_number FROM holdings WHERE end_date IS NULL AND unit_number IS NOT NULL
		GROUP BY unit_number HAVING COUNT(*) > 1) x`, nil, &twice); err != nil || twice != 0 {
		t.Fatalf("%d units are held twice (%v)", twice, err)
	}
	if err := db.Read().Get(ctx, `SELECT COUNT(*) FROM holdings h JOIN order_lines l ON l.id = h.order_line_id JOIN orders o ON o.id = l.order_id
		WHERE h.article_number = '10156' AND o.number IN (?, ?, ?, ?)`, []any{numbers[0], numbers[1], numbers[2], numbers[3]}, &held); err != nil {
		t.Fatal(err)
	}
	if delivered != 1 || held != 1 {
		t.Fatalf("one unit in stock: the answers say %d delivered and %d holdings were made, want 1 and 1", delivered, held)
	}

	// One idempotency key sent to both servers at once: one order.
	same := []*apiSession{prescribers[0], prescribers[1]}
	got := make([]string, 2)
	statuses = together(same, func(i int, s *apiSession) int {
		var o struct{ Number string }
		st := s.call("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": demo.TestPatient}, "customer": "2990",
			"lines": []map[string]any{{"article": "25052"}}, "idempotencyKey": "one-key-two-servers"}, &o)
		got[i] = o.Number
		return st
	})
	if got[0] == "" || got[0] != got[1] || !(statuses[0] == 201 && statuses[1] == 200 || statuses[0] == 200 && statuses[1] == 201) {
		t.Fatalf("one key on two servers: %v %v, want one 201 and one 200 naming the same order", statuses, got)
	}

	// A BMB acknowledged on both servers at once: one acknowledgement.
	var sent struct{ ID string }
	if st := prescribers[0].call("POST", "/api/v1/transfers", map[string]any{"toPrescriber": "K082KBN", "recipient": map[string]string{"personnummer": demo.TestPatient},
		"units": []string{"170098"}, "message": "BMB över två servrar."}, &sent); st != 201 {
		t.Fatalf("send BMB: %d", st)
	}
	receivers := []*apiSession{apiLogIn(t, servers[0], "K082KBN"), apiLogIn(t, servers[1], "K082KBN")}
	acks := together(receivers, func(_ int, s *apiSession) int {
		return s.call("POST", "/api/v1/transfers/"+sent.ID+"/acknowledge", map[string]any{"customer": "3110", "payer": "3110"}, nil)
	})
	if !(acks[0] == 200 && acks[1] == 409 || acks[0] == 409 && acks[1] == 200) {
		t.Fatalf("acknowledged on both servers: %v, want one 200 and one 409", acks)
	}
	var open int
	if err := db.Read().Get(ctx, "SELECT COUNT(*) FROM holdings WHERE unit_number = '170098' AND end_date IS NULL", nil, &open); err != nil || open != 1 {
		t.Fatalf("unit 170098 is held %d times after the acknowledgement (%v)", open, err)
	}
}
