package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

type apiClient struct {
	t     testing.TB
	base  string
	token string
}

func login(t testing.TB, srv *testserver.Server, user string) *apiClient {
	t.Helper()
	c := &apiClient{t: t, base: srv.URL}
	var out struct{ Token string }
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": user, "password": "Demo1234"}, &out); st != 200 {
		t.Fatalf("login %s: %d", user, st)
	}
	c.token = out.Token
	return c
}

// do sends a JSON request and decodes the answer into out (when not nil).
func (c *apiClient) do(method, path string, body, out any) int {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			c.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, data, err)
		}
	}
	return resp.StatusCode
}

type lineOut struct {
	Line, Article, DeliveredArticle, ChainNote, DispatchDate, ArrivalDate, Status, Total, UnitPrice string
	Unit                                                                                            *string
	Units                                                                                           []string
	Quantity, Reserved, ComponentCount                                                              int
	Components                                                                                      []lineOut
	Because                                                                                         []string
	Alternatives                                                                                    []alternativeOut
}

type alternativeOut struct{ Kind, Article, DispatchDate, Why string }

type orderOut struct {
	Number, Status, Customer, Prescriber string
	Urgent                               bool
	Delivery                             map[string]any
	Lines                                []lineOut
	Error                                *struct {
		Code, Message string
		Fields        map[string]string
	}
}

func startOrders(t *testing.T, opts ...testserver.Option) *testserver.Server {
	t.Helper()
	srv := testserver.Start(t, opts...)
	if err := ordertest.Seed(context.Background(), srv.DB); err != nil {
		t.Fatalf("seed ordering fixture: %v", err)
	}
	return srv
}

func stockOf(t testing.TB, srv *testserver.Server, article string) (onHand, reserved int) {
	t.Helper()
	if err := srv.DB.Read().Get(context.Background(), "SELECT on_hand, reserved FROM stock WHERE warehouse = '2000' AND article_number = ?",
		[]any{article}, &onHand, &reserved); err != nil {
		t.Fatal(err)
	}
	return
}

func chairOrder(key string) map[string]any {
	return map[string]any{
		"recipient": map[string]string{"personnummer": ordertest.Patient},
		"customer":  "2990",
		"lines": []map[string]any{{
			"article":    ordertest.Chair,
			"components": map[string]any{"add": []string{ordertest.Accessory1, ordertest.Accessory2}, "remove": []string{ordertest.ArmRest}},
		}},
		"delivery":       map[string]any{"addressFrom": "recipient", "doorCode": "1234", "instructions": "Ring på"},
		"idempotencyKey": key,
	}
}

func TestOrderAPIPlaceDeliverAndIdempotency(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "SQLite"
		var opts []testserver.Option
		if pg {
			name, opts = "Postgres", []testserver.Option{testserver.Postgres()}
		}
		t.Run(name, func(t *testing.T) {
			// Tuesday 2026-03-10; customer 2990 has daily delivery.
			srv := startOrders(t, append(opts, testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))...)
			lno := login(t, srv, "K082LNO")
			var o orderOut
			if st := lno.do("POST", "/api/v1/orders", chairOrder("k-1"), &o); st != 201 {
				t.Fatalf("POST /orders: %d %+v", st, o.Error)
			}
			if len(o.Number) != 8 || !strings.HasPrefix(o.Number, "26") || o.Status != "registered" {
				t.Fatalf("order = %+v", o)
			}
			main := o.Lines[0]
			// 3 base parts (arm rest ×2, leg rest) − one arm rest + two accessories = 4.
			if main.ComponentCount != 4 || len(main.Components) != 4 {
				t.Fatalf("component count %d, components %d; want 4", main.ComponentCount, len(main.Components))
			}
			if main.DispatchDate != "2026-03-11" || main.ArrivalDate != "2026-03-12" {
				t.Errorf("dates %s → %s, want 2026-03-11 → 2026-03-12", main.DispatchDate, main.ArrivalDate)
			}
			// Total = components' rents: 9,92 + 6,27 + 5,00 + 12,00.
			if main.Total != "33.19" || main.UnitPrice != "0.00" {
				t.Errorf("total %s, unit price %s; want 33.19 and 0.00", main.Total, main.UnitPrice)
			}
			if o.Delivery["street"] != "Tolvgatan 12" || o.Delivery["doorCode"] != "1234" {
				t.Errorf("delivery = %v", o.Delivery)
			}
			if _, r := stockOf(t, srv, ordertest.Chair); r != 1 {
				t.Errorf("chair reserved %d, want 1", r)
			}

			// The same key again: 200 and the same order, nothing reserved twice.
			var again orderOut
			if st := lno.do("POST", "/api/v1/orders", chairOrder("k-1"), &again); st != 200 || again.Number != o.Number {
				t.Fatalf("repeat: %d %s, want 200 %s", st, again.Number, o.Number)
			}
			if _, r := stockOf(t, srv, ordertest.Chair); r != 1 {
				t.Errorf("after repeat chair reserved %d, want 1", r)
			}

			// The prescriber cannot deliver; the warehouse can.
			lager := login(t, srv, "LAGER")
			var pl struct {
				Orders []struct{ Number string }
			}
			if st := lager.do("GET", "/api/v1/picklists?warehouse=2000&date=2026-03-11", nil, &pl); st != 200 || len(pl.Orders) != 1 || pl.Orders[0].Number != o.Number {
				t.Fatalf("pick list: %d %+v", st, pl)
			}
			if st := lno.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, nil); st != 403 {
				t.Errorf("prescriber deliver: %d, want 403", st)
			}
			var d orderOut
			if st := lager.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, &d); st != 200 || d.Status != "delivered" {
				t.Fatalf("deliver: %d %+v", st, d)
			}
			// First in, first out: the oldest unit.
			if got := d.Lines[0].Units; len(got) != 1 || got[0] != ordertest.ChairUnits[0] {
				t.Errorf("units %v, want [%s]", got, ordertest.ChairUnits[0])
			}
			ctx := context.Background()
			var n int
			srv.DB.Read().Get(ctx, `SELECT COUNT(*) FROM unit_components WHERE unit_number = ?`, []any{ordertest.ChairUnits[0]}, &n)
			if n != 4 {
				t.Errorf("unit_components on %s = %d, want 4", ordertest.ChairUnits[0], n)
			}
			var rentStart, payer string
			srv.DB.Read().Get(ctx, `SELECT rent_start, payer_number FROM holdings WHERE unit_number = ? AND recipient_personnummer = ?`,
				[]any{ordertest.ChairUnits[0], ordertest.Patient}, &rentStart, &payer)
			if rentStart != "2026-03-10" || payer != "2990" {
				t.Errorf("holding rent start %q payer %q", rentStart, payer)
			}
			srv.DB.Read().Get(ctx, `SELECT COUNT(*) FROM holdings WHERE attached_unit = ?`, []any{ordertest.ChairUnits[0]}, &n)
			if n != 4 {
				t.Errorf("component holdings attached to the unit = %d, want 4", n)
			}
			if on, r := stockOf(t, srv, ordertest.Chair); on != 2 || r != 0 {
				t.Errorf("chair stock %d/%d, want 2 on hand, 0 reserved", on, r)
			}
			var unitStatus string
			srv.DB.Read().Get(ctx, `SELECT status FROM units WHERE number = ?`, []any{ordertest.ChairUnits[0]}, &unitStatus)
			if unitStatus != "delivered" {
				t.Errorf("unit status %s", unitStatus)
			}
		})
	}
}

func TestOrderAPIRulesAndRefusals(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := startOrders(t, append(backend, testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))...)
		lno := login(t, srv, "K082LNO")
		place := func(body map[string]any) (int, orderOut) {
			var o orderOut
			st := lno.do("POST", "/api/v1/orders", body, &o)
			return st, o
		}
		one := func(line map[string]any) map[string]any {
			return map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient}, "customer": "2990", "lines": []map[string]any{line}}
		}

		// Replacement chain: the newer article is ordered, the older one in stock is delivered.
		st, o := place(one(map[string]any{"article": ordertest.ChainNew}))
		if st != 201 || o.Lines[0].DeliveredArticle != ordertest.ChainOld || !strings.Contains(o.Lines[0].ChainNote, "Ersättningskedja") {
			t.Fatalf("chain: %d %+v", st, o.Lines)
		}
		if _, r := stockOf(t, srv, ordertest.ChainOld); r != 1 {
			t.Errorf("older article reserved %d, want 1", r)
		}
		// With the older generation used up, the newer one is delivered.
		place(one(map[string]any{"article": ordertest.ChainNew}))
		st, o = place(one(map[string]any{"article": ordertest.ChainNew}))
		if st != 201 || o.Lines[0].DeliveredArticle != ordertest.ChainNew || o.Lines[0].ChainNote != "" {
			t.Fatalf("chain exhausted: %d %+v", st, o.Lines)
		}

		// The older generation is out of the assortment and cannot be ordered by itself.
		if st, o = place(one(map[string]any{"article": ordertest.ChainOld})); st != 400 || !strings.Contains(o.Error.Message, "utgången") {
			t.Fatalf("discontinued: %d %+v", st, o.Error)
		}
		// A not-orderable article is refused with its guidance text.
		st, o = place(one(map[string]any{"article": ordertest.NotOrderable}))
		if st != 400 || !strings.Contains(o.Error.Message, ordertest.NotOrderableText) || o.Error.Fields["lines[0].article"] == "" {
			t.Fatalf("not orderable: %d %+v", st, o.Error)
		}
		st, o = place(one(map[string]any{"article": "0000000"}))
		if st != 400 || !strings.Contains(o.Error.Message, "finns inte") {
			t.Fatalf("unknown article: %d %+v", st, o.Error)
		}
		// An order item leaves after its lead time (5 working days from Tue 2026-03-10).
		st, o = place(one(map[string]any{"article": ordertest.OrderItem}))
		if st != 201 || o.Lines[0].DispatchDate != "2026-03-17" || o.Lines[0].Reserved != 0 {
			t.Fatalf("order item: %d %+v", st, o.Lines)
		}
		// A customer the prescriber is not linked to.
		body := one(map[string]any{"article": ordertest.ArmRest})
		body["customer"] = "3110"
		if st, o = place(body); st != 403 || o.Error.Fields["customer"] == "" {
			t.Fatalf("unlinked customer: %d %+v", st, o.Error)
		}

		// Kompl. individ: a component ordered alone, attached to the patient's unit on delivery.
		st, o = place(one(map[string]any{"article": ordertest.Wheels, "unit": ordertest.HeldUnit}))
		if st != 201 || o.Lines[0].Unit == nil || *o.Lines[0].Unit != ordertest.HeldUnit {
			t.Fatalf("kompl. individ: %d %+v", st, o.Lines)
		}
		if st, _ := place(one(map[string]any{"article": ordertest.Wheels, "unit": "T999999"})); st != 400 {
			t.Errorf("a unit the patient does not hold: %d, want 400", st)
		}
		lager := login(t, srv, "LAGER")
		var d orderOut
		if st := lager.do("POST", "/api/v1/orders/"+o.Number+"/deliver", map[string]any{}, &d); st != 200 || d.Status != "delivered" {
			t.Fatalf("deliver kompl.: %d %+v", st, d)
		}
		var n int
		srv.DB.Read().Get(context.Background(), `SELECT COUNT(*) FROM unit_components WHERE unit_number = ? AND article_number = ?`,
			[]any{ordertest.HeldUnit, ordertest.Wheels}, &n)
		if n != 1 {
			t.Errorf("wheels attached to %s: %d, want 1", ordertest.HeldUnit, n)
		}
		srv.DB.Read().Get(context.Background(), `SELECT COUNT(*) FROM holdings WHERE attached_unit = ? AND article_number = ?`,
			[]any{ordertest.HeldUnit, ordertest.Wheels}, &n)
		if n != 1 {
			t.Errorf("component holding on %s: %d, want 1", ordertest.HeldUnit, n)
		}

		// Urgent: customer service is told.
		body = one(map[string]any{"article": ordertest.ArmRest})
		body["urgent"] = true
		if st, o = place(body); st != 201 || !o.Urgent {
			t.Fatalf("urgent: %d %+v", st, o)
		}
		ks := login(t, srv, "KUNDTJANST")
		var msgs struct{ Messages []struct{ Subject string } }
		ks.do("GET", "/api/v1/messages", nil, &msgs)
		if len(msgs.Messages) == 0 || !strings.Contains(msgs.Messages[0].Subject, "Akut leverans: Kundorder "+o.Number) {
			t.Errorf("customer service messages: %+v", msgs)
		}
	})
}

func TestOrderAPIDispatchDatesByRoute(t *testing.T) {
	// Thursday before Easter 2026: next working day is the Tuesday after.
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := startOrders(t, append(backend, testserver.At(time.Date(2026, 4, 2, 10, 0, 0, 0, domain.Stockholm)))...)
		kbn := login(t, srv, "K082KBN")
		order := func(customer, article string) lineOut {
			var o orderOut
			st := kbn.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient},
				"customer": customer, "lines": []map[string]any{{"article": article}}}, &o)
			if st != 201 {
				t.Fatalf("order: %d %+v", st, o.Error)
			}
			return o.Lines[0]
		}
		// 2990: daily delivery.
		if l := order("2990", ordertest.ArmRest); l.DispatchDate != "2026-04-07" || l.ArrivalDate != "2026-04-08" {
			t.Errorf("2990: %s → %s, want 2026-04-07 → 2026-04-08", l.DispatchDate, l.ArrivalDate)
		}
		// 3110: route Tuesday/Thursday: arrives on the dispatch Tuesday.
		if l := order("3110", ordertest.ArmRest); l.DispatchDate != "2026-04-07" || l.ArrivalDate != "2026-04-07" {
			t.Errorf("3110: %s → %s, want 2026-04-07 → 2026-04-07", l.DispatchDate, l.ArrivalDate)
		}
		// Lead time 5 from Maundy Thursday: 7, 8, 9, 10, 13 April; Monday 13 → Tuesday route 14.
		if l := order("3110", ordertest.OrderItem); l.DispatchDate != "2026-04-13" || l.ArrivalDate != "2026-04-14" {
			t.Errorf("3110 order item: %s → %s, want 2026-04-13 → 2026-04-14", l.DispatchDate, l.ArrivalDate)
		}
	})
}

func TestOrderAPICancelReleasesStock(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "SQLite"
		var opts []testserver.Option
		if pg {
			name, opts = "Postgres", []testserver.Option{testserver.Postgres()}
		}
		t.Run(name, func(t *testing.T) {
			srv := startOrders(t, opts...)
			lno := login(t, srv, "K082LNO")
			var o orderOut
			body := chairOrder("")
			body["lines"] = append(body["lines"].([]map[string]any), map[string]any{"article": ordertest.LastOne})
			if st := lno.do("POST", "/api/v1/orders", body, &o); st != 201 {
				t.Fatalf("order: %d %+v", st, o.Error)
			}
			// Picked units go back too.
			lager := login(t, srv, "LAGER")
			var e orderOut
			if st := lno.do("POST", "/api/v1/orders/"+o.Number+"/cancel", nil, &e); st != 403 || !strings.Contains(e.Error.Message, "C2") {
				t.Fatalf("prescriber cancel: %d %+v", st, e.Error)
			}
			ks := login(t, srv, "KUNDTJANST")
			// Cancel one line: the other stays.
			var c orderOut
			if st := ks.do("POST", "/api/v1/orders/"+o.Number+"/cancel", map[string]any{"lines": []string{o.Lines[1].Line}}, &c); st != 200 || c.Status != "registered" || c.Lines[1].Status != "cancelled" {
				t.Fatalf("cancel line: %d %+v", st, c)
			}
			if _, r := stockOf(t, srv, ordertest.LastOne); r != 0 {
				t.Errorf("last one still reserved: %d", r)
			}
			_ = lager
			if st := ks.do("POST", "/api/v1/orders/"+o.Number+"/cancel", nil, &c); st != 200 || c.Status != "cancelled" {
				t.Fatalf("cancel order: %d %+v", st, c)
			}
			for _, a := range []string{ordertest.Chair, ordertest.ArmRest, ordertest.Accessory1} {
				if on, r := stockOf(t, srv, a); r != 0 || on == 0 {
					t.Errorf("%s after cancel: on hand %d reserved %d", a, on, r)
				}
			}
			var msgs struct{ Messages []struct{ Subject string } }
			lno.do("GET", "/api/v1/messages", nil, &msgs)
			if len(msgs.Messages) == 0 || msgs.Messages[0].Subject != "Kundorder "+o.Number+" har makulerats" {
				t.Errorf("prescriber messages: %+v", msgs.Messages)
			}
			if st := ks.do("POST", "/api/v1/orders/"+o.Number+"/cancel", nil, nil); st != 409 {
				t.Errorf("cancel twice: %d, want 409", st)
			}
			if st := lager.do("POST", "/api/v1/orders/"+o.Number+"/deliver", nil, nil); st != 409 {
				t.Errorf("deliver cancelled: %d, want 409", st)
			}
		})
	}
}

// Two prescribers order the last unit at the same moment: one gets it, the other's
// line gets the supplier's lead time — never both, never below zero.
func TestOrderAPILastUnitRace(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := "SQLite"
		var opts []testserver.Option
		if pg {
			name, opts = "Postgres", []testserver.Option{testserver.Postgres()}
		}
		t.Run(name, func(t *testing.T) {
			srv := startOrders(t, append(opts, testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))...)
			clients := []*apiClient{login(t, srv, "K082LNO"), login(t, srv, "K082KBN")}
			for round := 0; round < 25; round++ {
				resetLastOne(t, srv)
				var wg sync.WaitGroup
				res := make([]orderOut, 2)
				codes := make([]int, 2)
				start := make(chan struct{})
				for i, c := range clients {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						codes[i] = c.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient},
							"customer": "2990", "lines": []map[string]any{{"article": ordertest.LastOne}}}, &res[i])
					}()
				}
				close(start)
				wg.Wait()
				got := 0
				for i := range res {
					if codes[i] != 201 {
						t.Fatalf("round %d: %d %+v", round, codes[i], res[i].Error)
					}
					l := res[i].Lines[0]
					switch {
					case l.Reserved == 1 && l.DispatchDate == "2026-03-11":
						got++
					case l.Reserved == 0 && l.DispatchDate == "2026-03-24": // 10 working days
					default:
						t.Fatalf("round %d: line %+v", round, l)
					}
				}
				if got != 1 {
					t.Fatalf("round %d: %d orders got the last unit, want exactly 1", round, got)
				}
				if on, r := stockOf(t, srv, ordertest.LastOne); on != 1 || r != 1 {
					t.Fatalf("round %d: stock %d/%d", round, on, r)
				}
				if n := reserveJournal(t, srv, res[0].Number, res[1].Number); n != 1 {
					t.Fatalf("round %d: %d units reserved in the stock journal, want 1", round, n)
				}
			}
		})
	}
}

// reserveJournal sums the stock journal's reservations of the last unit by orders.
func reserveJournal(t *testing.T, srv *testserver.Server, orders ...string) int {
	t.Helper()
	args := []any{ordertest.LastOne}
	for _, o := range orders {
		args = append(args, o)
	}
	var n int
	if err := srv.DB.Read().Get(context.Background(), `SELECT COALESCE(SUM(reserved_delta), 0) FROM stock_movements
		WHERE article_number = ? AND reason = 'reserve' AND reference IN (`+store.Placeholders(len(orders))+")", args, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOrderAPILastUnitTakenAfterTheCheckPostgres: the order saw the last unit available,
// but another transaction reserved it before this order's reservation (PostgreSQL,
// where transactions overlap): the line waits for the supplier and the stock
// journal keeps no reservation of it.
func TestOrderAPILastUnitTakenAfterTheCheckPostgres(t *testing.T) {
	srv := startOrders(t, testserver.Postgres(), testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))
	c := login(t, srv, "K082LNO")
	resetLastOne(t, srv)
	ctx := context.Background()
	reserved, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	var released sync.Once
	letGo := func() { released.Do(func() { close(release) }) }
	defer letGo() // a failed check must not leave the transaction waiting and the test hanging
	go func() {
		done <- srv.DB.Transact(ctx, func(q *store.Q) error {
			ok, err := q.TryReserve(ctx, "2000", ordertest.LastOne, 1)
			if err == nil && !ok {
				err = fmt.Errorf("the other transaction could not reserve the last unit")
			}
			close(reserved)
			<-release
			return err
		})
	}()
	<-reserved
	var res orderOut
	placed := make(chan int, 1)
	go func() {
		placed <- c.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient},
			"customer": "2990", "lines": []map[string]any{{"article": ordertest.LastOne}}}, &res)
	}()
	// Let the order pass its availability check (the other reservation is not
	// committed, so it sees the unit) and wait on the stock row.
	deadline := time.Now().Add(10 * time.Second)
	for waiting := 0; waiting == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the order never waited for the stock row")
		}
		if err := srv.DB.Read().Get(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%apply_stock_deltas%'",
			nil, &waiting); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	letGo()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if st := <-placed; st != 201 {
		t.Fatalf("order: %d %+v", st, res.Error)
	}
	if l := res.Lines[0]; l.Reserved != 0 || l.DispatchDate != "2026-03-24" { // 10 working days
		t.Fatalf("line %+v; want nothing reserved, dispatch after the lead time", l)
	}
	// The answer, built from the transaction, is the order as stored (the
	// order's page adds the alternatives of a waiting line).
	var stored orderOut
	st := c.do("GET", "/api/v1/orders/"+res.Number, nil, &stored)
	for _, o := range []*orderOut{&stored, &res} {
		for i := range o.Lines {
			o.Lines[i].Alternatives = nil
		}
	}
	if st != 200 || !reflect.DeepEqual(stored, res) {
		t.Errorf("the order as stored: %d %+v\nthe answer: %+v", st, stored, res)
	}
	if on, r := stockOf(t, srv, ordertest.LastOne); on != 1 || r != 1 {
		t.Fatalf("stock %d/%d, want 1 on hand, 1 reserved (by the other)", on, r)
	}
	if n := reserveJournal(t, srv, res.Number); n != 0 {
		t.Fatalf("the stock journal keeps %d reserved by the order, want 0", n)
	}
}

func resetLastOne(t *testing.T, srv *testserver.Server) {
	t.Helper()
	if err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
		_, err := q.Exec(context.Background(), "UPDATE order_lines SET reserved_quantity = 0 WHERE article_number = ?", ordertest.LastOne)
		if err != nil {
			return err
		}
		_, err = q.Exec(context.Background(), "UPDATE stock SET on_hand = 1, reserved = 0 WHERE article_number = ?", ordertest.LastOne)
		return err
	}); err != nil {
		t.Fatal(fmt.Errorf("reset: %w", err))
	}
}
