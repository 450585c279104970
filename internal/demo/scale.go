package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

// The scale data set (hjalpmedel seed --scale N) for benchmarks, on top of the demo data:
//
//   - N registry persons, personnummer ScalePersonnummer(0 … N−1), about one in 5000 protected;
//   - customers 5000 … (one payer each, same number), ScaleCustomers(N) of them (500 from N = 100 000);
//   - prescribers F00001 … (ScaleUsers(N), 2000 from N = 100 000), password Demo1234, each linked
//     to two customers: user j (0-based) to customers j mod C and (7j + 3) mod C;
//   - articles 600000 … (ScaleArticles(N), 50 000 from N = 100 000) with words, prices, ISO codes,
//     stock in the warehouses 2000, 3000, 4000 and 4500 (individual ones as in-stock units);
//   - two holdings per person (each delivered, with rent start; most with a delivered unit), and
//     for one holding in ten a delivered order with one line (a unit's with 0–3 accessories,
//     cancelled before delivery, that the accessory suggestions count).
//
// Everything is deterministic: the same N gives the same data.

// Scale sizes for n persons.
func ScaleCustomers(n int) int { return clamp(n/200, 20, 500) }
func ScaleUsers(n int) int     { return clamp(n/50, 50, 2000) }
func ScaleArticles(n int) int  { return clamp(n/2, 1000, 50000) }

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// ScaleUsername is the user name of scale prescriber j (0-based).
func ScaleUsername(j int) string { return fmt.Sprintf("F%05d", j+1) }

// ScaleCustomer is the customer (and payer) number of scale customer k (0-based).
func ScaleCustomer(k int) string { return fmt.Sprint(5000 + k) }

// ScaleArticle is the number of scale article a (0-based).
func ScaleArticle(a int) string { return fmt.Sprint(600000 + a) }

// scaleDays is the number of birth dates persons are spread over (1920-01-01 on).
const scaleDays = 32000

var scaleBirthStart = time.Date(1920, 1, 1, 0, 0, 0, 0, time.UTC)

// ScalePersonnummer is the personnummer of scale person i (0-based). Serials from 500
// keep them apart from the demo's own persons.
func ScalePersonnummer(i int) string {
	birth := scaleBirthStart.AddDate(0, 0, i%scaleDays).Format("20060102")
	serial := fmt.Sprintf("%03d", 500+i/scaleDays)
	return birth + serial + string(domain.LuhnCheckDigit(birth[2:]+serial))
}

// Scale generates the scale data set of n persons (loading the demo first when missing).
// It refuses a database that already has scale data.
func Scale(ctx context.Context, db *store.DB, n int, now time.Time, progress ScaleProgress) error {
	if n <= 0 {
		return fmt.Errorf("scale: n must be positive")
	}
	if 500+(n-1)/scaleDays > 999 {
		return fmt.Errorf("scale: at most %d persons", 500*scaleDays)
	}
	if progress == nil {
		progress = func(string, string, int, int) {}
	}
	if err := Load(ctx, db, now); err != nil {
		return err
	}
	var exists int
	if err := db.Read().Get(ctx, `SELECT COUNT(*) FROM customers WHERE number = ?`, []any{ScaleCustomer(0)}, &exists); err != nil {
		return err
	}
	if exists > 0 {
		return fmt.Errorf("scale: the database already has scale data (customer %s); use a fresh database", ScaleCustomer(0))
	}
	hash, err := service.HashPassword(Password)
	if err != nil {
		return err
	}
	g := &scaleGen{db: db, ctx: ctx, now: now, hash: hash, progress: progress, n: n,
		rnd: rand.New(rand.NewPCG(uint64(n), 20261125)), start: time.Now()}
	g.customers, g.users, g.nArticles = ScaleCustomers(n), ScaleUsers(n), ScaleArticles(n)
	if db.Dialect == store.Postgres {
		if err := db.Read().Get(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`, nil, &g.skipTriggers); err != nil {
			return err
		}
	}
	if db.Dialect == store.SQLite {
		// A larger page cache for the writer keeps the growing indexes in memory.
		if err := db.Transact(ctx, func(q *store.Q) error {
			if _, err := q.Exec(ctx, "PRAGMA cache_size = -1048576"); err != nil {
				return err
			}
			_, err := q.Exec(ctx, "PRAGMA mmap_size = 4294967296")
			return err
		}); err != nil {
			return err
		}
	}
	// Secondary indexes of the big tables are built once at the end: cheaper than
	// keeping them up to date row by row.
	restore, err := dropIndexes(ctx, db, "persons", "units", "unit_events", "holdings", "orders", "order_lines",
		"articles", "article_words", "stock")
	if err != nil {
		return err
	}
	steps := []func() error{g.organisation, g.catalogue, g.population}
	for _, step := range steps {
		if err = step(); err != nil {
			break
		}
	}
	g.say("indexes")
	if rerr := restore(); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	return g.finish()
}

// dropIndexes drops the secondary (non-constraint) indexes of the tables and returns
// the function that creates them again from their stored definitions.
func dropIndexes(ctx context.Context, db *store.DB, tables ...string) (func() error, error) {
	args := make([]any, len(tables))
	for i, t := range tables {
		args[i] = t
	}
	query := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` + store.Placeholders(len(tables)) + `)`
	if db.Dialect == store.Postgres {
		query = `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema()
			AND i.tablename IN (` + store.Placeholders(len(tables)) + `)
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`
	}
	type index struct{ name, def string }
	var indexes []index
	err := db.Transact(ctx, func(q *store.Q) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var ix index
			if err := rows.Scan(&ix.name, &ix.def); err != nil {
				rows.Close()
				return err
			}
			indexes = append(indexes, ix)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ix := range indexes {
			if _, err := q.Exec(ctx, "DROP INDEX "+ix.name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return func() error {
		return db.Transact(ctx, func(q *store.Q) error {
			for _, ix := range indexes {
				if _, err := q.Exec(ctx, ix.def); err != nil {
					return fmt.Errorf("recreate index %s: %w", ix.name, err)
				}
			}
			return nil
		})
	}, nil
}

type scaleGen struct {
	db       *store.DB
	ctx      context.Context
	now      time.Time
	hash     string
	progress ScaleProgress
	rnd      *rand.Rand
	start    time.Time

	skipTriggers                   bool // PostgreSQL superuser: no foreign-key triggers while loading
	n, customers, users, nArticles int
	userBase                       int64    // id of user 0
	custWarehouse                  []string // per customer
	rentUnitArticles               []int    // article indexes: individual, rent, orderable
	rentQtyArticles                []int    // non-individual, rent
	buyArticles                    []int
	articleRent, articleSale       []int64
	nextUnit                       int64
	nextOrderID, nextLineID        int64
	orderSeq                       map[int]int64 // year -> last sequence used
}

// ScaleProgress hears how far Scale has come: done of total units of a phase
// ("population", "persons"), or with total 0 a message between phases.
type ScaleProgress func(phase, unit string, done, total int)

func (g *scaleGen) say(format string, args ...any) {
	g.progress(fmt.Sprintf(format, args...), "", 0, 0)
}

// bulk collects rows for one multi-row INSERT statement that is prepared once per transaction.
type bulk struct {
	q          *store.Q
	ctx        context.Context
	head       string
	cols, per  int
	stmt       *sql.Stmt
	args       []any
	rows, done int
}

const rowsPerStatement = 500

func newBulk(ctx context.Context, q *store.Q, head string, cols int) (*bulk, error) {
	per := min(rowsPerStatement, 30000/cols)
	st, err := q.Prepare(ctx, head+values(per, cols))
	if err != nil {
		return nil, err
	}
	return &bulk{q: q, ctx: ctx, head: head, cols: cols, per: per, stmt: st, args: make([]any, 0, per*cols)}, nil
}

func (b *bulk) add(vals ...any) error {
	b.args = append(b.args, vals...)
	b.rows++
	return nil
}

// flush inserts the collected rows: full statements with the prepared one, the rest with one more.
// Rows are only sent at flush, so a transaction can flush parents before children.
func (b *bulk) flush() error {
	defer b.stmt.Close()
	n := b.per * b.cols
	for b.rows >= b.per {
		if _, err := b.stmt.ExecContext(b.ctx, b.args[:n]...); err != nil {
			return err
		}
		b.args, b.rows, b.done = b.args[n:], b.rows-b.per, b.done+b.per
	}
	if b.rows > 0 {
		if _, err := b.q.Exec(b.ctx, b.head+values(b.rows, b.cols), b.args...); err != nil {
			return err
		}
		b.done += b.rows
	}
	b.args, b.rows = nil, 0
	return nil
}

// tx runs fn in one transaction with the named bulk inserters, flushing them at the end.
func (g *scaleGen) tx(heads map[string]string, fn func(b map[string]*bulk) error) error {
	return g.db.Transact(g.ctx, func(q *store.Q) error {
		if g.skipTriggers {
			// The generated rows are consistent by construction; on PostgreSQL a superuser
			// may skip the per-row foreign-key triggers for this transaction.
			if _, err := q.Exec(g.ctx, "SET LOCAL session_replication_role = replica"); err != nil {
				return err
			}
		}
		bs := map[string]*bulk{}
		defer func() {
			for _, b := range bs {
				if b.stmt != nil {
					b.stmt.Close()
				}
			}
		}()
		for name, head := range heads {
			cols := strings.Count(head[:strings.Index(head, ")")], ",") + 1
			b, err := newBulk(g.ctx, q, head, cols)
			if err != nil {
				return fmt.Errorf("prepare %s: %w", name, err)
			}
			bs[name] = b
		}
		if err := fn(bs); err != nil {
			return err
		}
		// Flush parents before children (foreign keys).
		for _, name := range []string{"persons", "users", "articles", "words", "prices", "stock", "units", "events",
			"orders", "lines", "accessories", "lineunits", "holdings", "roles", "links"} {
			if b, ok := bs[name]; ok {
				if err := b.flush(); err != nil {
					return fmt.Errorf("insert %s: %w", name, err)
				}
				b.stmt = nil
			}
		}
		return nil
	})
}

var scaleTowns = []struct{ Town, Postal, Area, Warehouse string }{
	{"LULEÅ", "972", "0920", "3000"}, {"LULEÅ", "973", "0920", "3000"}, {"LULEÅ", "975", "0920", "3000"},
	{"BODEN", "961", "0921", "2000"}, {"PITEÅ", "941", "0911", "4500"}, {"KIRUNA", "981", "0980", "4000"},
	{"GÄLLIVARE", "982", "0970", "4000"}, {"MALMBERGET", "983", "0970", "4000"}, {"KALIX", "952", "0923", "3000"},
	{"HAPARANDA", "953", "0922", "3000"}, {"ARVIDSJAUR", "933", "0960", "4500"}, {"ARJEPLOG", "938", "0961", "4500"},
	{"JOKKMOKK", "962", "0971", "2000"}, {"ÄLVSBYN", "942", "0929", "4500"}, {"ÖVERKALIX", "956", "0926", "2000"},
	{"ÖVERTORNEÅ", "957", "0927", "3000"}, {"PAJALA", "984", "0978", "4000"}, {"GAMMELSTAD", "954", "0920", "3000"},
	{"SÖDRA SUNDERBYN", "954", "0920", "3000"}, {"VIDSEL", "942", "0929", "4500"},
}

var scaleStreets = []string{"Storgatan", "Köpmangatan", "Kyrkogatan", "Skolgatan", "Nygatan", "Järnvägsgatan", "Stationsgatan",
	"Hamngatan", "Smedjegatan", "Rådhusgatan", "Parkvägen", "Skogsvägen", "Björkvägen", "Tallvägen", "Granvägen", "Älvgatan",
	"Sjövägen", "Lingonstigen", "Hjortronvägen", "Blåbärsvägen", "Norra Strandgatan", "Södra Järnvägsgatan", "Malmvägen",
	"Gruvvägen", "Forsvägen", "Fjällvägen", "Åsvägen", "Ängsvägen", "Myrvägen", "Kvarngatan", "Sandviksgatan", "Varvsgatan",
	"Lasarettsgatan", "Idrottsvägen", "Solvägen", "Månvägen", "Byvägen", "Älvbrinken", "Holmvägen", "Uddvägen"}

var scaleMen = []string{"Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Olof", "Jan", "Sven", "Gunnar", "Lennart",
	"Bengt", "Bertil", "Åke", "Göran", "Rolf", "Stig", "Ture", "Tore", "Ragnar", "Helmer", "Evert", "Gösta", "Kjell", "Ulf",
	"Leif", "Mikael", "Stefan", "Jonas", "Henrik", "Mats", "Magnus", "Tomas", "Hans", "Arne", "Ove", "Sture", "Einar", "Hugo"}

var scaleWomen = []string{"Maria", "Anna", "Margareta", "Elisabeth", "Eva", "Birgitta", "Kristina", "Karin", "Elisabet",
	"Marie", "Ingrid", "Christina", "Linnéa", "Kerstin", "Sara", "Marianne", "Ulla", "Gunnel", "Astrid", "Solveig", "Britt",
	"Maj-Britt", "Inger", "Gun", "Elsa", "Hildur", "Signe", "Märta", "Agneta", "Lena", "Annika", "Ingegerd", "Berit", "Siv",
	"Gunvor", "Alice", "Ellen", "Ebba", "Greta", "Åsa"}

var scaleLast = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
	"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Lindberg", "Lindqvist", "Lundström", "Nordström",
	"Öberg", "Åström", "Marklund", "Sundqvist", "Wikström", "Vikström", "Holmgren", "Isaksson", "Berglund", "Nyström",
	"Lundgren", "Hedman", "Forsberg", "Strand", "Engström", "Granström", "Mäkitalo", "Lantto", "Niemi", "Rova", "Keskitalo",
	"Kuoppa", "Lindström", "Sandström", "Bergström", "Burman", "Lundberg", "Hedström", "Boman", "Lindgren", "Björk", "Nordin",
	"Westerlund", "Öhman", "Sjöberg", "Fors", "Renberg", "Pohjanen", "Kero", "Spik", "Labba", "Sarri"}

var scaleCustomerKinds = []string{"Hälsocentralen", "Hemsjukvården", "Rehabenheten", "Särskilt boende", "Kommun Närförråd",
	"Sjukhuset avdelning", "Korttidsboendet", "Habiliteringen"}

// organisation adds the scale warehouses, payers, customers and prescribers.
func (g *scaleGen) organisation() error {
	g.say("organisation: %d customers and payers, %d prescribers", g.customers, g.users)
	g.custWarehouse = make([]string, g.customers)
	return g.db.Transact(g.ctx, func(q *store.Q) error {
		if _, err := q.Exec(g.ctx, `INSERT INTO warehouses (number, name) VALUES ('3000', 'Länsservice Luleå'), ('4000', 'Länsservice Kiruna'),
			('4500', 'Länsservice Piteå') ON CONFLICT (number) DO NOTHING`); err != nil {
			return err
		}
		var maxUser int64
		if err := q.Get(g.ctx, `SELECT COALESCE(MAX(id), 0) FROM users`, nil, &maxUser); err != nil {
			return err
		}
		g.userBase = maxUser + 1
		payers, err := newBulk(g.ctx, q, `INSERT INTO payers (number, name) VALUES `, 2)
		if err != nil {
			return err
		}
		custs, err := newBulk(g.ctx, q, `INSERT INTO customers (number, name, street, postal_code, town, phone, default_payer, warehouse,
			route_id, daily_delivery, local_store) VALUES `, 11)
		if err != nil {
			return err
		}
		for k := 0; k < g.customers; k++ {
			t := scaleTowns[k%len(scaleTowns)]
			kind := scaleCustomerKinds[(k/len(scaleTowns))%len(scaleCustomerKinds)]
			name := kind + " " + titleCase(t.Town)
			if round := k / (len(scaleTowns) * len(scaleCustomerKinds)); round > 0 {
				name += fmt.Sprintf(" %d", round+1)
			}
			num := ScaleCustomer(k)
			g.custWarehouse[k] = t.Warehouse
			var route any
			if k%3 != 0 {
				route = int64(1 + k%2)
			}
			if err := payers.add(num, name); err != nil {
				return err
			}
			if err := custs.add(num, name, fmt.Sprintf("%s %d", scaleStreets[k%len(scaleStreets)], 1+k%60), fmt.Sprintf("%s%02d", t.Postal, 30+k%60),
				t.Town, fmt.Sprintf("%s-%02d %02d %02d", t.Area, 10+k%90, k%100, (k*7)%100), num, t.Warehouse, route, k%3 == 0,
				kind == "Kommun Närförråd"); err != nil {
				return err
			}
		}
		if err := payers.flush(); err != nil {
			return err
		}
		if err := custs.flush(); err != nil {
			return err
		}
		users, err := newBulk(g.ctx, q, `INSERT INTO users (id, username, name, phone, mobile, email, password_hash, can_prescribe,
			service_department_id, created_at) VALUES `, 10)
		if err != nil {
			return err
		}
		roles, err := newBulk(g.ctx, q, `INSERT INTO user_roles (user_id, role) VALUES `, 2)
		if err != nil {
			return err
		}
		links, err := newBulk(g.ctx, q, `INSERT INTO user_customers (user_id, customer_number) VALUES `, 2)
		if err != nil {
			return err
		}
		created := domain.FormatTimestamp(g.now)
		for j := 0; j < g.users; j++ {
			id := g.userBase + int64(j)
			first := scaleWomen[j%len(scaleWomen)]
			if j%3 == 0 {
				first = scaleMen[j%len(scaleMen)]
			}
			last := scaleLast[(j*7)%len(scaleLast)]
			user := ScaleUsername(j)
			if err := users.add(id, user, first+" "+last, fmt.Sprintf("0920-%06d", 100000+j), fmt.Sprintf("070-%03d %02d %02d", j%1000, j%100, (j/100)%100),
				strings.ToLower(user)+"@example.se", g.hash, true, int64(1+j%2), created); err != nil {
				return err
			}
			if err := roles.add(id, "prescriber"); err != nil {
				return err
			}
			a, b := j%g.customers, (7*j+3)%g.customers
			if err := links.add(id, ScaleCustomer(a)); err != nil {
				return err
			}
			if b != a {
				if err := links.add(id, ScaleCustomer(b)); err != nil {
					return err
				}
			}
		}
		for _, b := range []*bulk{users, roles, links} {
			if err := b.flush(); err != nil {
				return err
			}
		}
		return nil
	})
}

var scaleColours = []string{"svart", "grå", "blå", "röd", "silver", "vit", "grön", "antracit"}

// catalogue adds the scale articles with words, prices and stock.
func (g *scaleGen) catalogue() error {
	g.say("catalogue: %d articles", g.nArticles)
	var isoCodes []string
	for _, c := range isoClasses {
		if len(c.Code) == 6 {
			isoCodes = append(isoCodes, c.Code)
		}
	}
	supplierIDs := make([]int64, len(suppliers))
	for i, s := range suppliers {
		if err := g.db.Read().Get(g.ctx, `SELECT id FROM suppliers WHERE name = ?`, []any{s.Name}, &supplierIDs[i]); err != nil {
			return err
		}
	}
	var unitMax int64
	if err := g.db.Read().Get(g.ctx, `SELECT COALESCE(MAX(last), 0) FROM number_sequences WHERE kind = 'unit' AND year = 0`, nil, &unitMax); err != nil {
		return err
	}
	g.nextUnit = max(unitMax, firstStockUnit+10000) + 1
	g.articleRent, g.articleSale = make([]int64, g.nArticles), make([]int64, g.nArticles)
	ts := domain.FormatTimestamp(g.now)
	warehouses := []string{"2000", "3000", "4000", "4500"}
	const perTx = 10000
	for from := 0; from < g.nArticles; from += perTx {
		to := min(from+perTx, g.nArticles)
		err := g.tx(map[string]string{
			"articles": `INSERT INTO articles (number, name, name_folded, iso_code, supplier_id, supplier_article_number, product, product_name,
				status, in_assortment, individual, purpose, depreciation_months, lead_time_days, created_at, updated_at) VALUES `,
			"words":  `INSERT INTO article_words (word, article_number) VALUES `,
			"prices": `INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at, created_by) VALUES `,
			"stock":  `INSERT INTO stock (warehouse, article_number, on_hand, reserved) VALUES `,
			"units": `INSERT INTO units (number, article_number, serial, warehouse, delivered_from, purchase_date, warranty_until, status,
				status_date, fifo_date, created_at) VALUES `,
		}, func(b map[string]*bulk) error {
			for a := from; a < to; a++ {
				f := families[a%len(families)]
				v := f.Variants[(a/len(families))%len(f.Variants)]
				model := a / len(families)
				name := fmt.Sprintf(f.Name, v) + " " + scaleColours[model%len(scaleColours)] + fmt.Sprintf(" typ %d", model/len(scaleColours)+1)
				num := ScaleArticle(a)
				iso := f.ISO
				if a%5 == 4 {
					iso = isoCodes[a%len(isoCodes)]
				}
				status := "stocked"
				switch a % 50 {
				case 7, 17, 27, 37, 47, 9, 19, 29, 39:
					status = "order_item"
				case 49:
					status = "discontinued"
				}
				inAssortment := a%20 != 13
				purpose := "rent"
				if f.Buy {
					purpose = "buy"
				}
				rent, sale := f.Rent+int64(a%40)*25, f.Sale+int64(a%40)*1000
				if f.Buy {
					rent = 0
				}
				g.articleRent[a], g.articleSale[a] = rent, sale
				orderable := status != "discontinued" && inAssortment
				switch {
				case f.Buy && orderable:
					g.buyArticles = append(g.buyArticles, a)
				case f.Individual && orderable:
					g.rentUnitArticles = append(g.rentUnitArticles, a)
				case orderable:
					g.rentQtyArticles = append(g.rentQtyArticles, a)
				}
				sup := supplierIDs[a%len(supplierIDs)]
				if err := b["articles"].add(num, name, domain.Fold(name), iso, sup, fmt.Sprintf("%c%06d", 'A'+rune(a%26), a*7%1000000),
					f.Product, f.Product+" "+fmt.Sprint(v), status, inAssortment, f.Individual, purpose, 60, 5+a%20, ts, ts); err != nil {
					return err
				}
				for _, w := range domain.Words(name + " " + f.Product + " " + f.Product + " " + fmt.Sprint(v)) {
					if err := b["words"].add(w, num); err != nil {
						return err
					}
				}
				if !f.Buy {
					if err := b["prices"].add(num, "rent", rent, "2022-01-01", ts, "ADMIN"); err != nil {
						return err
					}
				}
				if err := b["prices"].add(num, "sale", sale, "2022-01-01", ts, "ADMIN"); err != nil {
					return err
				}
				if status != "stocked" {
					continue
				}
				w2 := warehouses[1+a%3]
				if !f.Individual {
					if err := b["stock"].add("2000", num, 5+a%40, 0); err != nil {
						return err
					}
					if err := b["stock"].add(w2, num, a%15, 0); err != nil {
						return err
					}
					continue
				}
				// Individual: one or two units in stock at 2000 and the stock row that counts them.
				k := 1 + a%2
				if err := b["stock"].add("2000", num, k, 0); err != nil {
					return err
				}
				purchase := time.Date(2025, time.Month(1+a%12), 1+a%28, 0, 0, 0, 0, time.UTC)
				for u := 0; u < k; u++ {
					unum := fmt.Sprint(g.nextUnit)
					g.nextUnit++
					if err := b["units"].add(unum, num, "SC"+unum, "2000", "", domain.FormatDate(purchase), domain.FormatDate(purchase.AddDate(2, 0, -1)),
						"in_stock", domain.FormatDate(purchase), domain.FormatDate(purchase), ts); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.progress("catalogue", "articles", to, g.nArticles)
	}
	return nil
}

// population adds the persons, their units and holdings and some orders, in chunks.
func (g *scaleGen) population() error {
	if len(g.rentUnitArticles) == 0 || len(g.rentQtyArticles) == 0 || len(g.buyArticles) == 0 {
		return fmt.Errorf("scale: the catalogue has no orderable articles")
	}
	var maxOrder, maxLine int64
	if err := g.db.Read().Get(g.ctx, `SELECT COALESCE(MAX(id), 0) FROM orders`, nil, &maxOrder); err != nil {
		return err
	}
	if err := g.db.Read().Get(g.ctx, `SELECT COALESCE(MAX(id), 0) FROM order_lines`, nil, &maxLine); err != nil {
		return err
	}
	g.nextOrderID, g.nextLineID = maxOrder+1, maxLine+1
	g.orderSeq = map[int]int64{}
	rows, err := g.db.Read().Query(g.ctx, `SELECT year, last FROM number_sequences WHERE kind = 'order'`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var y int
		var last int64
		if err := rows.Scan(&y, &last); err != nil {
			rows.Close()
			return err
		}
		g.orderSeq[y] = last
	}
	rows.Close()

	// Folded forms of the name lists, computed once.
	fold := map[string]string{}
	for _, list := range [][]string{scaleMen, scaleWomen, scaleLast, scaleStreets} {
		for _, s := range list {
			fold[s] = domain.Fold(s)
		}
	}
	for _, t := range scaleTowns {
		fold[t.Town] = domain.Fold(t.Town)
	}
	firstDay := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(g.now.Sub(firstDay).Hours()/24) - 1
	created := domain.FormatTimestamp(g.now)
	const perTx = 25000
	for from := 0; from < g.n; from += perTx {
		to := min(from+perTx, g.n)
		err := g.tx(map[string]string{
			"persons": `INSERT INTO persons (personnummer, first_name, last_name, street, postal_code, town, phone, sex, protected,
				last_name_folded, first_name_folded, street_folded, town_folded) VALUES `,
			"units": `INSERT INTO units (number, article_number, serial, warehouse, delivered_from, purchase_date, warranty_until, status,
				status_date, fifo_date, created_at) VALUES `,
			"events": `INSERT INTO unit_events (unit_number, at, kind, text, reference, username) VALUES `,
			"orders": `INSERT INTO orders (id, number, status, recipient_personnummer, customer_number, payer_number, prescriber_id,
				created_at, registered_at) VALUES `,
			"lines": `INSERT INTO order_lines (id, order_id, position, article_number, delivered_article_number, payer_number, warehouse,
				quantity, purpose, unit_price_ore, delivered_quantity, dispatch_date, arrival_date, status, delivered_at) VALUES `,
			"accessories": `INSERT INTO order_lines (id, order_id, position, parent_line_id, article_number, delivered_article_number,
				payer_number, warehouse, quantity, purpose, unit_price_ore, dispatch_date, arrival_date, status, cancelled_at) VALUES `,
			"lineunits": `INSERT INTO order_line_units (line_id, unit_number) VALUES `,
			"holdings": `INSERT INTO holdings (recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
				prescriber_id, owner, debit_form, purpose, order_line_id, order_date, delivery_date, rent_start) VALUES `,
		}, func(b map[string]*bulk) error {
			for i := from; i < to; i++ {
				pnr := ScalePersonnummer(i)
				man := (pnr[10]-'0')%2 == 1
				var first string
				if man {
					first = scaleMen[g.rnd.IntN(len(scaleMen))]
				} else {
					first = scaleWomen[g.rnd.IntN(len(scaleWomen))]
				}
				last := scaleLast[g.rnd.IntN(len(scaleLast))]
				street := scaleStreets[g.rnd.IntN(len(scaleStreets))]
				no := 1 + g.rnd.IntN(80)
				t := scaleTowns[g.rnd.IntN(len(scaleTowns))]
				sex := "K"
				if man {
					sex = "M"
				}
				if err := b["persons"].add(pnr, first, last, fmt.Sprintf("%s %d", street, no), fmt.Sprintf("%s%02d", t.Postal, 30+g.rnd.IntN(60)),
					t.Town, fmt.Sprintf("%s-%06d", t.Area, g.rnd.IntN(1000000)), sex, i%5000 == 4999,
					fold[last], fold[first], fmt.Sprintf("%s %d", fold[street], no), fold[t.Town]); err != nil {
					return err
				}
				for h := 0; h < 2; h++ {
					if err := g.holding(b, pnr, h, firstDay, span, created); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.progress("population", "persons", to, g.n)
	}
	return nil
}

// holding adds one delivered holding of person pnr: h = 0 always a unit, h = 1 a unit,
// a quantity article or a purchase. One holding in ten comes with its order.
func (g *scaleGen) holding(b map[string]*bulk, pnr string, h int, firstDay time.Time, span int, created string) error {
	k := g.rnd.IntN(g.customers)
	cust := ScaleCustomer(k)
	// A prescriber linked to customer k: users j with j mod C = k.
	nUsers := (g.users - k + g.customers - 1) / g.customers
	if nUsers <= 0 {
		nUsers = 1
	}
	prescriber := g.userBase + int64(k+g.customers*g.rnd.IntN(nUsers))
	delivery := firstDay.AddDate(0, 0, g.rnd.IntN(span))
	ordered := delivery.AddDate(0, 0, -1-g.rnd.IntN(14))
	var art int
	var unitNum any
	kind := 0 // 0 unit, 1 quantity, 2 purchase
	if h == 1 {
		kind = []int{0, 0, 1, 2}[g.rnd.IntN(4)]
	}
	purpose, owner, debit := "rent", "region", "buyback"
	switch kind {
	case 0:
		art = g.rentUnitArticles[g.rnd.IntN(len(g.rentUnitArticles))]
	case 1:
		art = g.rentQtyArticles[g.rnd.IntN(len(g.rentQtyArticles))]
	case 2:
		art = g.buyArticles[g.rnd.IntN(len(g.buyArticles))]
		purpose, owner, debit = "buy", "other", "sale"
	}
	num := ScaleArticle(art)
	wh := g.custWarehouse[k]
	deliveryDate := domain.FormatDate(delivery)
	if kind == 0 {
		u := fmt.Sprint(g.nextUnit)
		g.nextUnit++
		unitNum = u
		purchase := delivery.AddDate(0, 0, -5-g.rnd.IntN(300))
		if err := b["units"].add(u, num, "SC"+u, wh, wh, domain.FormatDate(purchase), domain.FormatDate(purchase.AddDate(2, 0, -1)),
			"delivered", deliveryDate, domain.FormatDate(purchase), created); err != nil {
			return err
		}
		if err := b["events"].add(u, domain.FormatTimestamp(delivery.Add(12*time.Hour)), "delivered", "Utlevererad", "", "LAGER"); err != nil {
			return err
		}
	}
	price := g.articleRent[art]
	if purpose == "buy" {
		price = g.articleSale[art]
	}
	var lineID any
	if g.rnd.IntN(10) == 0 {
		y := ordered.Year()
		g.orderSeq[y]++
		number := domain.FormatDocNumber(y, g.orderSeq[y])
		oid, lid := g.nextOrderID, g.nextLineID
		g.nextOrderID++
		g.nextLineID++
		reg := domain.FormatTimestamp(ordered.Add(10 * time.Hour))
		if err := b["orders"].add(oid, number, "delivered", pnr, cust, cust, prescriber, reg, reg); err != nil {
			return err
		}
		if err := b["lines"].add(lid, oid, 1, num, num, cust, wh, 1, purpose, price, 1, deliveryDate, deliveryDate, "delivered",
			domain.FormatTimestamp(delivery.Add(12*time.Hour))); err != nil {
			return err
		}
		if unitNum != nil {
			if err := b["lineunits"].add(lid, unitNum); err != nil {
				return err
			}
			if err := g.accessories(b, oid, lid, art, cust, wh, deliveryDate, reg); err != nil {
				return err
			}
		}
		lineID = lid
	}
	return b["holdings"].add(pnr, num, unitNum, 1, cust, cust, prescriber, owner, debit, purpose, lineID,
		domain.FormatDate(ordered), deliveryDate, deliveryDate)
}

// accessories adds 0–3 accessories to an order of a unit (by the main line's id, so
// the random stream and the rest of the data set stay as they were), chosen from
// the few the main article art is usually ordered with, for the accessory
// suggestions (SPEC §10.11). The warehouse cancelled them before delivery, so
// they are not held and the holdings (and their billing) stay as they were.
func (g *scaleGen) accessories(b map[string]*bulk, orderID, lineID int64, art int, cust, wh, day, registered string) error {
	for k := range int(lineID % 4) {
		acc := g.rentQtyArticles[(art*7+int(lineID/4%5)*3+k)%len(g.rentQtyArticles)]
		id := g.nextLineID
		g.nextLineID++
		if err := b["accessories"].add(id, orderID, 1, lineID, ScaleArticle(acc), ScaleArticle(acc), cust, wh, 1, "rent",
			g.articleRent[acc], day, day, "cancelled", registered); err != nil {
			return err
		}
	}
	return nil
}

// finish moves the number sequences and identity columns past the generated rows and
// refreshes the planner statistics.
func (g *scaleGen) finish() error {
	g.say("finishing: sequences and statistics")
	err := g.db.Transact(g.ctx, func(q *store.Q) error {
		for y, last := range g.orderSeq {
			if _, err := q.Exec(g.ctx, `INSERT INTO number_sequences (kind, year, last) VALUES ('order', ?, ?)
				ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last`, y, last); err != nil {
				return err
			}
		}
		if _, err := q.Exec(g.ctx, `INSERT INTO number_sequences (kind, year, last) VALUES ('unit', 0, ?)
			ON CONFLICT (kind, year) DO UPDATE SET last = excluded.last`, g.nextUnit-1); err != nil {
			return err
		}
		if err := resetIdentities(g.ctx, q, "users", "orders", "order_lines"); err != nil {
			return err
		}
		return q.RebuildAccessoryPairs(g.ctx)
	})
	if err != nil {
		return err
	}
	if g.db.Dialect == store.SQLite {
		err = g.db.Transact(g.ctx, func(q *store.Q) error {
			// Sample the indexes instead of reading them whole.
			if _, err := q.Exec(g.ctx, "PRAGMA analysis_limit = 2000"); err != nil {
				return err
			}
			_, err := q.Exec(g.ctx, "ANALYZE")
			return err
		})
	} else {
		// Vacuumed as well as analysed, as after any bulk load (VACUUM runs
		// outside a transaction): the tables' visibility maps are then set, so
		// index-only scans read no table rows, as on a running system, where
		// autovacuum keeps them so. Every table of this schema (a bare VACUUM
		// on PostgreSQL reads the whole database): one left without statistics
		// is planned with default selectivities, so a delivery's read of what
		// its units carry scanned every unit's components (unit_components and
		// order_line_units had none; 13 ms a delivery once the run had added
		// 16,000 components).
		var tables []string
		tables, err = g.db.Read().Strings(g.ctx, "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
		if err == nil {
			_, err = g.db.Read().Exec(g.ctx, "VACUUM (ANALYZE) "+strings.Join(tables, ", "))
		}
	}
	if err != nil {
		return err
	}
	g.say("done: %d persons, %d holdings", g.n, 2*g.n)
	return nil
}

// resetIdentities moves PostgreSQL identity columns past rows inserted with explicit ids
// (SQLite needs nothing: INTEGER PRIMARY KEY continues after the largest id).
func resetIdentities(ctx context.Context, q *store.Q, tables ...string) error {
	if q.Dialect != store.Postgres {
		return nil
	}
	for _, t := range tables {
		if _, err := q.Exec(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM %s), 1))`, t, t)); err != nil {
			return fmt.Errorf("reset identity of %s: %w", t, err)
		}
	}
	return nil
}

// titleCase turns "SÖDRA SUNDERBYN" into "Södra Sunderbyn".
func titleCase(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
