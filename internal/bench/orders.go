package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// The order workloads (issue 4): complete 3-line orders with one component change,
// placed through POST /api/v1/orders ("orders") or through the Kundorder pages
// ("orders-html"); then deliveries, and checks that nothing was oversold and no
// unit was allocated twice.

func init() {
	register("orders", func(ctx context.Context, c *Config) error { return runOrders(ctx, c, false) })
	register("orders-html", func(ctx context.Context, c *Config) error { return runOrders(ctx, c, true) })
}

var benchPrescribers = []string{"K082LNO", "K082KBN"}

func runOrders(ctx context.Context, c *Config, html bool) error {
	if err := prepareStock(ctx, c.DB); err != nil {
		return err
	}
	baseline, err := reservedByArticle(ctx, c.DB)
	if err != nil {
		return err
	}
	ceiling, err := InsertCeiling(ctx, c.DB, c.Clients, min(c.Duration, 5*time.Second))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Out, "ceiling: %.0f single-row insert transactions/s (%s, %d clients)\n", ceiling, c.DB.Dialect, c.Clients)

	clients := make([]*client, c.Clients)
	for i := range clients {
		if clients[i], err = newClient(c.BaseURL, benchPrescribers[i%len(benchPrescribers)], html); err != nil {
			return err
		}
	}
	var lat Latencies
	var seq atomic.Int64
	run := time.Now().UnixNano() // keys of earlier runs on the same data set must not repeat
	var numbers = make(chan string, 1<<20)
	start := time.Now()
	errs, first := runFor(ctx, c.Clients, c.Duration, func(ctx context.Context, w int) error {
		t0 := time.Now()
		var number string
		var err error
		if html {
			number, err = clients[w].orderHTML()
		} else {
			number, err = clients[w].orderAPI(fmt.Sprintf("bench-%d-%d-%d", run, w, seq.Add(1)))
		}
		if err != nil {
			return err
		}
		lat.Add(time.Since(t0))
		select {
		case numbers <- number:
		default:
		}
		return nil
	})
	elapsed := time.Since(start)
	n := lat.Count()
	mode := "API"
	if html {
		mode = "HTML"
	}
	fmt.Fprintf(c.Out, "orders (%s): %d complete orders in %.1fs = %.0f orders/s, p50 %s, p99 %s, %d errors\n",
		mode, n, elapsed.Seconds(), float64(n)/elapsed.Seconds(), lat.Percentile(50).Round(time.Microsecond*10),
		lat.Percentile(99).Round(time.Microsecond*10), errs)
	if first != nil {
		fmt.Fprintf(c.Out, "first error: %v\n", first)
	}

	// Deliveries: warehouse clients deliver the orders, two clients per order at
	// times, while the stock of units is smaller than the demand.
	close(numbers)
	var list []string
	for nb := range numbers {
		list = append(list, nb)
	}
	lager, err := newClient(c.BaseURL, "LAGER", false)
	if err != nil {
		return err
	}
	var next atomic.Int64
	var delivered atomic.Int64
	dErrs, dFirst := runFor(ctx, 8, 3*time.Second, func(ctx context.Context, w int) error {
		i := int(next.Add(1)-1) / 2 // each order is tried by two clients
		if i >= len(list) {
			time.Sleep(10 * time.Millisecond)
			return nil
		}
		st, body, err := lager.post("/api/v1/orders/"+list[i]+"/deliver", nil)
		if err != nil {
			return err
		}
		switch st {
		case 200:
			delivered.Add(1)
		case 409: // the other client delivered it first
		default:
			return fmt.Errorf("deliver %s: %d %.300s", list[i], st, body)
		}
		return nil
	})
	fmt.Fprintf(c.Out, "deliveries: %d successful deliver calls, %d errors\n", delivered.Load(), dErrs)
	if dFirst != nil {
		fmt.Fprintf(c.Out, "first delivery error: %v\n", dFirst)
	}
	if err := checkConsistency(ctx, c, baseline); err != nil {
		return err
	}
	if errs+dErrs > 0 {
		return fmt.Errorf("bench: %d orders and %d deliveries failed", errs, dErrs)
	}
	return nil
}

// prepareStock gives the bench articles room to run and adds units of the
// wheelchair (fewer than the orders will want, so allocation is contested),
// numbered after those of earlier runs on the same data set.
func prepareStock(ctx context.Context, db *store.DB) error {
	now := time.Now()
	return db.Transact(ctx, func(q *store.Q) error {
		if _, err := q.Exec(ctx, "UPDATE stock SET on_hand = on_hand + 1000000 WHERE warehouse = '2000' AND article_number IN (SELECT number FROM articles WHERE NOT individual)"); err != nil {
			return err
		}
		var earlier int
		if err := q.Get(ctx, "SELECT COUNT(*) FROM units WHERE serial LIKE 'BENCH%'", nil, &earlier); err != nil {
			return err
		}
		const units = 400
		for i := range units {
			n := fmt.Sprintf("9%07d", earlier+i)
			fifo := domain.FormatDate(now.AddDate(0, 0, -units+i))
			if _, err := q.Exec(ctx, `INSERT INTO units (number, article_number, serial, warehouse, status, status_date, fifo_date, created_at)
				VALUES (?, '11109', ?, '2000', 'in_stock', ?, ?, ?)`, n, "BENCH"+n, fifo, fifo, domain.FormatTimestamp(now)); err != nil {
				return err
			}
		}
		_, err := q.Exec(ctx, "UPDATE stock SET on_hand = on_hand + ? WHERE warehouse = '2000' AND article_number = '11109'", units)
		return err
	})
}

func reservedByArticle(ctx context.Context, db *store.DB) (map[string][2]int, error) {
	rows, err := db.Read().Query(ctx, `SELECT s.article_number, s.reserved, COALESCE(l.reserved, 0) FROM stock s
		LEFT JOIN (SELECT delivered_article_number AS article, SUM(reserved_quantity) AS reserved FROM order_lines
			WHERE warehouse = '2000' AND status = 'open' GROUP BY delivered_article_number) l ON l.article = s.article_number
		WHERE s.warehouse = '2000'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][2]int{}
	for rows.Next() {
		var a string
		var s, l int
		if err := rows.Scan(&a, &s, &l); err != nil {
			return nil, err
		}
		out[a] = [2]int{s, l}
	}
	return out, rows.Err()
}

// checkConsistency: nothing oversold, reservations add up, no unit allocated or held twice.
func checkConsistency(ctx context.Context, c *Config, baseline map[string][2]int) error {
	q := c.DB.Read()
	var oversold, twiceAllocated, twiceHeld, mismatched int
	if err := q.Get(ctx, "SELECT COUNT(*) FROM stock WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand", nil, &oversold); err != nil {
		return err
	}
	if err := q.Get(ctx, "SELECT COUNT(*) FROM (SELECT unit_number FROM order_line_units WHERE picked GROUP BY unit_number HAVING COUNT(*) > 1) x", nil, &twiceAllocated); err != nil {
		return err
	}
	if err := q.Get(ctx, "SELECT COUNT(*) FROM (SELECT unit_number FROM holdings WHERE end_date IS NULL AND unit_number IS NOT NULL GROUP BY unit_number HAVING COUNT(*) > 1) x", nil, &twiceHeld); err != nil {
		return err
	}
	now, err := reservedByArticle(ctx, c.DB)
	if err != nil {
		return err
	}
	for a, v := range now {
		b := baseline[a]
		if v[0]-b[0] != v[1]-b[1] {
			mismatched++
		}
	}
	var units, unitsDelivered int
	q.Get(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'delivered' THEN 1 ELSE 0 END), 0) FROM units WHERE article_number = '11109'", nil, &units, &unitsDelivered)
	fmt.Fprintf(c.Out, "check: %d oversold stock rows, %d units allocated twice, %d units held twice, %d articles whose reservations do not add up (%d of %d wheelchair units delivered)\n",
		oversold, twiceAllocated, twiceHeld, mismatched, unitsDelivered, units)
	if oversold+twiceAllocated+twiceHeld+mismatched > 0 {
		return fmt.Errorf("bench: consistency check failed")
	}
	return nil
}

type client struct {
	base  string
	http  *http.Client
	token string
}

func newClient(base, user string, html bool) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	if html {
		resp, err := c.http.PostForm(base+"/login", url.Values{"username": {user}, "password": {demo.Password}})
		if err != nil {
			return nil, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return nil, fmt.Errorf("login %s: %d", user, resp.StatusCode)
		}
		return c, nil
	}
	st, body, err := c.post("/api/v1/login", map[string]string{"username": user, "password": demo.Password})
	if err != nil {
		return nil, err
	}
	if st != 200 {
		return nil, fmt.Errorf("login %s: %d %s", user, st, body)
	}
	var out struct{ Token string }
	json.Unmarshal(body, &out)
	c.token = out.Token
	return c, nil
}

func (c *client) post(path string, v any) (int, []byte, error) {
	var rd io.Reader
	if v != nil {
		b, _ := json.Marshal(v)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest("POST", c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// benchOrder is the workload's order: the wheelchair with one base component
// removed, a wheel set and a brake extension.
func benchOrder(key string) map[string]any {
	return map[string]any{
		"recipient": map[string]string{"personnummer": demo.TestPatient},
		"customer":  "2990",
		"lines": []map[string]any{
			{"article": "11109", "components": map[string]any{"remove": []string{"14430"}}},
			{"article": "25052"},
			{"article": "17346"},
		},
		"delivery":       map[string]any{"addressFrom": "recipient", "doorCode": "1234"},
		"idempotencyKey": key,
	}
}

func (c *client) orderAPI(key string) (string, error) {
	st, body, err := c.post("/api/v1/orders", benchOrder(key))
	if err != nil {
		return "", err
	}
	if st != 201 {
		return "", fmt.Errorf("POST /api/v1/orders: %d %.300s", st, body)
	}
	var out struct{ Number string }
	if err := json.Unmarshal(body, &out); err != nil {
		return "", err
	}
	return out.Number, nil
}

var (
	reComponents = regexp.MustCompile(`/kundorder/utkast/(\d+)/rader/(\d+)/komponenter`)
	reToken      = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)
	reNumber     = regexp.MustCompile(`/kundorder/order/(\d+)/bekraftelse`)
	reDraft      = regexp.MustCompile(`/kundorder/utkast/(\d+)/rader`)
)

// form posts a form and follows the redirect as a browser does; it returns the final URL and page.
func (c *client) form(path string, v url.Values) (string, string, error) {
	resp, err := c.http.PostForm(c.base+path, v)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return "", "", fmt.Errorf("POST %s: %d", path, resp.StatusCode)
	}
	return resp.Request.URL.Path, string(body), err
}

func (c *client) orderHTML() (string, error) {
	at, _, err := c.form("/kundorder", url.Values{"mottagare": {"patient"}, "personnummer": {demo.TestPatient}, "customer": {"2990"}})
	if err != nil {
		return "", err
	}
	m := reDraft.FindStringSubmatch(at)
	if m == nil {
		return "", fmt.Errorf("no draft after Orderinformation: at %s", at)
	}
	lines := "/kundorder/utkast/" + m[1] + "/rader"
	_, page, err := c.form(lines, url.Values{"action": {"spara"}, "article": {"11109"}, "quantity": {"1"}})
	if err != nil {
		return "", err
	}
	cm := reComponents.FindStringSubmatch(page)
	if cm == nil {
		return "", fmt.Errorf("no components guide link on the lines page")
	}
	// One component change: an accessory by number in the components guide.
	if _, _, err := c.form(cm[0], url.Values{"action": {"spara"}, "article": {"17346"}}); err != nil {
		return "", err
	}
	if _, _, err := c.form(lines, url.Values{"action": {"spara"}, "article": {"25052"}, "quantity": {"1"}}); err != nil {
		return "", err
	}
	at, page, err = c.form(lines, url.Values{"action": {"fortsatt"}, "article": {"17346"}, "quantity": {"1"}})
	if err != nil {
		return "", err
	}
	tm := reToken.FindStringSubmatch(page)
	if tm == nil {
		return "", fmt.Errorf("no form token on the delivery page (at %s)", at)
	}
	at, page, err = c.form("/kundorder/utkast/"+m[1]+"/verkstall", url.Values{"token": {tm[1]}, "from": {"recipient"}, "doorCode": {"1234"}})
	if err != nil {
		return "", err
	}
	nm := reNumber.FindStringSubmatch(at)
	if nm == nil || !strings.Contains(page, "Din order är nu registrerad.") {
		return "", fmt.Errorf("no confirmation after Verkställ (at %s)", at)
	}
	return nm[1], nil
}
