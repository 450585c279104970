// Package demo loads the demo data of SPEC §8 (the manual's own examples, so the
// manual can be followed on a fresh install) and generates the scale data set.
package demo

import (
	"context"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

// Password is every demo user's password.
const Password = "Demo1234"

// Users are the demo logins printed by serve --demo.
var Users = []struct{ Username, Name, Role string }{
	{"K082LNO", "Lena Nordgren-Hansson", "förskrivare"},
	{"K082KBN", "Kerstin Berg-Nilsson", "förskrivare"},
	{"KUNDTJANST", "Kundtjänst Länsservice", "kundtjänst"},
	{"LAGER", "Lager Boden", "lager"},
	{"TEKNIKER", "Tekniker Boden", "tekniker"},
	{"LOGGRANSKARE", "Loggranskare Regionen", "loggranskare"},
	{"ADMIN", "Administratör", "admin"},
}

// Loaded reports whether the demo data is already in the database.
func Loaded(ctx context.Context, db *store.DB) (bool, error) {
	var n int
	err := db.Read().Get(ctx, "SELECT COUNT(*) FROM users WHERE username = 'K082LNO'", nil, &n)
	return n > 0, err
}

// Load puts the demo data into an empty database in one transaction; on a database
// that already has it, it does nothing, so a second start neither fails nor duplicates.
func Load(ctx context.Context, db *store.DB, now time.Time) error {
	if ok, err := Loaded(ctx, db); err != nil || ok {
		return err
	}
	hash, err := service.HashPassword(Password)
	if err != nil {
		return err
	}
	return db.Transact(ctx, func(q *store.Q) error {
		l := newLoader(ctx, q, now, hash)
		l.exec(`INSERT INTO warehouses (number, name) VALUES ('2000', 'Länsservice Boden'), ('3000', 'Länsservice Luleå')`)
		l.exec(`INSERT INTO payers (number, name) VALUES ('2990', 'Länsservice Hjälpmedelskonsulenterna prod. ansvar'), ('1464', 'Arvidsjaur Kommun Närförråd'), ('3110', 'Hälsocentralen Gammelstad')`)
		// The finance export's organisation (SPEC §10.8): Region Norrbotten, whose HSA prefix the demo users carry.
		l.exec(`UPDATE billing_settings SET org_number = '232100-0230', company_name = 'Region Norrbotten Hjälpmedelscentrum' WHERE id = 1`)
		l.exec(`INSERT INTO routes (id, name, weekdays) VALUES (1, 'Turbil Boden tisdag/torsdag', '2,4'), (2, 'Turbil Arvidsjaur onsdag', '3')`)
		l.exec(`INSERT INTO customers (number, name, street, postal_code, town, phone, default_payer, warehouse, route_id, daily_delivery, local_store) VALUES
			('2990', 'Länsservice Hjälpmedelskonsulenterna prod. ansvar', 'Hedenbrovägen 1', '96136', 'BODEN', '0921-660 00', '2990', '2000', NULL, TRUE, FALSE),
			('1464', 'Arvidsjaur Kommun Närförråd', 'Sjukstugegatan 3', '93331', 'ARVIDSJAUR', '0960-155 00', '1464', '2000', 2, FALSE, TRUE),
			('3110', 'Hälsocentralen Gammelstad', 'Gammelstadsvägen 10', '95432', 'GAMMELSTAD', '0920-28 30 00', '3110', '2000', 1, FALSE, FALSE)`)
		l.loadCustomers()
		l.exec(`INSERT INTO service_departments (id, name) VALUES (1, 'Hjälpmedelstekniker Boden'), (2, 'Hjälpmedelstekniker Luleå')`)
		l.exec(`INSERT INTO action_types (code, name, sets_maintenance, chargeable) VALUES
			('corrective', 'Avhjälpande underhåll', FALSE, FALSE), ('preventive', 'Förebyggande underhåll', TRUE, FALSE),
			('inspection', 'Besiktning', TRUE, FALSE), ('adaptation', 'Specialanpassning', FALSE, FALSE), ('assembly', 'Montering', FALSE, FALSE),
			('damage', 'Skada/felanvändning', FALSE, TRUE)`)
		l.exec(`INSERT INTO pickup_reasons (code, name, position) VALUES ('need_ended', 'Behovet upphört', 1), ('wrong_order', 'Felbeställt', 2),
			('deceased', 'Avliden', 3), ('replaced', 'Byte till annat hjälpmedel', 4), ('broken', 'Trasigt', 5), ('other', 'Övrigt', 6)`)
		l.person("191212121212", "Testare", "Svensson", "Tolvgatan 12", "12125", "STOCKHOLM-GLOBEN", "Här sätter vi telefonnumret", false)
		lno := l.user(domain.NewUser{Username: "K082LNO", Name: "Lena Nordgren-Hansson", Phone: "0921-66634", Mobile: "070-202 13 75",
			Email: "lena.nordgren-hansson@example.se", CanPrescribe: true, ServiceDepartmentID: 1,
			Roles: []domain.Role{domain.RolePrescriber}, Customers: []string{"2990", "1464"}})
		kbn := l.user(domain.NewUser{Username: "K082KBN", Name: "Kerstin Berg-Nilsson", Phone: "0920-28 30 12", Mobile: "070-311 22 44",
			Email: "kerstin.berg-nilsson@example.se", CanPrescribe: true, ServiceDepartmentID: 1,
			Roles: []domain.Role{domain.RolePrescriber}, Customers: []string{"2990", "3110"}})
		l.user(domain.NewUser{Username: "KUNDTJANST", Name: "Kundtjänst Länsservice", Roles: []domain.Role{domain.RoleCustomerService}})
		l.user(domain.NewUser{Username: "LAGER", Name: "Lager Boden", Warehouse: "2000", Roles: []domain.Role{domain.RoleWarehouse}})
		tek := l.user(domain.NewUser{Username: "TEKNIKER", Name: "Tekniker Boden", ServiceDepartmentID: 1, Roles: []domain.Role{domain.RoleTechnician}})
		l.user(domain.NewUser{Username: "LOGGRANSKARE", Name: "Loggranskare Regionen", Roles: []domain.Role{domain.RoleLogReviewer}})
		l.user(domain.NewUser{Username: "ADMIN", Name: "Administratör", Roles: []domain.Role{domain.RoleAdmin}})
		l.news("Välkommen till Hjälpmedel", "I varukatalogen visas både artiklar som ligger i sortiment och utanför sortiment. Förskrivning av kommunikations-, kognitions- och datorhjälpmedel ska inte göras här.", "Sortimentsöversikt", "/varukatalog", 2)
		l.news("Överföring av hjälpmedelskostnad (BMB)", "Mottagaren av en BMB har 7 dagar på sig att kvittera. Du får nu ett meddelande när en BMB skickas till dig.", "Kvittera BMB", "/bmb", 1)
		l.message(lno, "193406122139", "Arbetsorder 14030671 (gällande Andersson, Åke Evert) har avslutats", 40)
		l.message(lno, "", "Arbetsorder 12060395 har avslutats", 20)
		l.message(lno, "", "Arbetsorder 12060324 har avslutats", 3)
		l.users = map[string]int64{"K082LNO": lno, "K082KBN": kbn, "TEKNIKER": tek}
		l.catalogue()
		l.compatibility()
		l.stockUp()
		l.people()
		l.manualExamples()
		l.articleFiles()
		l.history()
		l.returnedWorkOrder()
		l.safety()
		l.dueTransfer()
		l.suggestionOrders()
		l.shelve()
		l.sequences()
		if l.err != nil {
			return l.err
		}
		return resetIdentities(ctx, q, "suppliers", "service_departments", "routes", "accessory_templates", "replacement_chains")
	})
}

// loader keeps the first error so the demo script reads as a list of facts.
type loader struct {
	q    *store.Q
	ctx  context.Context
	now  time.Time
	hash string
	err  error

	users        map[string]int64 // user name -> id
	suppliers    map[string]int64 // supplier name -> id
	articles     map[string]article
	articleOrder []string // article numbers in the order loaded
	customers    map[string]customer
	persons      map[string]registryPerson // personnummer -> name and address
	seqs         map[seqKey]int64          // highest document sequence used per kind and year
	unitSeq      int                       // last unit number handed out for stock units
	maxUnit      int                       // highest unit number loaded
}

// firstStockUnit is the number after which stocked demo units are numbered (180001 …);
// the manual's units (104901, 179711 …) and the history's units lie below it.
const firstStockUnit = 180000

func newLoader(ctx context.Context, q *store.Q, now time.Time, hash string) *loader {
	return &loader{q: q, ctx: ctx, now: now, hash: hash, users: map[string]int64{}, suppliers: map[string]int64{},
		articles: map[string]article{}, customers: map[string]customer{}, persons: map[string]registryPerson{},
		seqs: map[seqKey]int64{}, unitSeq: firstStockUnit}
}

// customer is what orders copy from a customer (the delivery address).
type customer struct {
	Name, Street, Postal, Town, Phone, Warehouse string
}

func (l *loader) loadCustomers() {
	if l.err != nil {
		return
	}
	rows, err := l.q.Query(l.ctx, `SELECT number, name, street, postal_code, town, phone, warehouse FROM customers`)
	if err != nil {
		l.err = err
		return
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var c customer
		if l.err = rows.Scan(&n, &c.Name, &c.Street, &c.Postal, &c.Town, &c.Phone, &c.Warehouse); l.err != nil {
			return
		}
		l.customers[n] = c
	}
	l.err = rows.Err()
}

func (l *loader) exec(query string, args ...any) {
	if l.err == nil {
		_, l.err = l.q.Exec(l.ctx, query, args...)
	}
}

// HSAIDPrefix starts the demo users' HSA-ids: SE2321000230-K082LNO.
const HSAIDPrefix = "SE2321000230-"

func (l *loader) user(u domain.NewUser) int64 {
	if l.err != nil {
		return 0
	}
	u.PasswordHash = l.hash
	// Every demo user can log in with SITHS too (SPEC §10.8).
	u.HSAID = HSAIDPrefix + domain.NormalizeUsername(u.Username)
	id, err := l.q.CreateUser(l.ctx, u, l.now)
	l.err = err
	return id
}

func (l *loader) person(pnr, first, last, street, postal, town, phone string, protected bool) {
	p, err := domain.ParsePersonnummer(pnr)
	if err != nil {
		l.err = err
		return
	}
	l.exec(`INSERT INTO persons (personnummer, first_name, last_name, street, postal_code, town, phone, sex, protected,
		last_name_folded, first_name_folded, street_folded, town_folded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(p), first, last, street, postal, town, phone, p.Sex(), protected,
		domain.Fold(last), domain.Fold(first), domain.Fold(street), domain.Fold(town))
	l.persons[string(p)] = registryPerson{First: first, Last: last, Street: street, Postal: postal, Town: town, Phone: phone, Protected: protected}
}

func (l *loader) news(title, body, linkText, linkURL string, daysAgo int) {
	if l.err == nil {
		_, l.err = l.q.PublishNews(l.ctx, domain.News{Title: title, Body: body, LinkText: linkText, LinkURL: linkURL,
			PublishedAt: l.now.AddDate(0, 0, -daysAgo), PublishedBy: "KUNDTJANST"})
	}
}

// message puts a message in a user's inbox; personnummer is whom it is about ("" for nobody).
func (l *loader) message(userID int64, personnummer, subject string, daysAgo int) {
	if l.err == nil {
		_, l.err = l.q.SendMessage(l.ctx, domain.Message{UserID: userID, Personnummer: personnummer, Subject: subject,
			CreatedAt: l.now.AddDate(0, 0, -daysAgo)})
	}
}
