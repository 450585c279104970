package demo

import (
	"fmt"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// TestPatient is the manual's test personnummer ("Svensson, Testare").
const TestPatient = "191212121212"

// manualExamples loads the holdings, units and documents the manual's screenshots show.
func (l *loader) manualExamples() {
	lno := l.users["K082LNO"]
	// Svensson, Testare (Hjälpmedel, Hämtorder and BMB examples).
	l.deliver(delivered{Number: "08004471", Person: TestPatient, Customer: "2990", Prescriber: lno, OrderDate: "2008-11-05", Delivery: "2008-11-05",
		Lines: []line{{Article: "10680", Owner: "other", Debit: "sale"}}})
	l.addUnit(unit{Number: "75082", Article: "25800", Purchase: "2010-03-15", Status: "delivered"})
	l.addUnit(unit{Number: "104901", Article: "23993", Purchase: "2011-05-20", Status: "delivered"})
	l.deliver(delivered{Number: "11001893", Person: TestPatient, Customer: "2990", Prescriber: lno, OrderDate: "2011-05-31", Delivery: "2011-05-31",
		Lines: []line{{Article: "25800", Unit: "75082"}, {Article: "23993", Unit: "104901"}}})
	l.deliver(delivered{Number: "12000135", Person: TestPatient, Customer: "2990", Prescriber: lno, OrderDate: "2012-01-13", Delivery: "2012-01-13",
		Lines: []line{{Article: "15749", Owner: "other", Debit: "sale"}}})
	l.addUnit(unit{Number: "157792", Article: "15014", Purchase: "2026-02-02", Status: "delivered"})
	l.addUnit(unit{Number: "170098", Article: "10156", Purchase: "2026-02-02", Status: "delivered"})
	l.deliver(delivered{Number: "26000118", Person: TestPatient, Customer: "2990", Prescriber: lno, OrderDate: "2026-02-23", Delivery: "2026-03-02",
		Lines: []line{{Article: "10156", Unit: "170098"}, {Article: "15014", Unit: "157792"}}})

	// Unit 179711: a transport wheelchair in the local store of 1464 Arvidsjaur Kommun Närförråd.
	l.addUnit(unit{Number: "179711", Article: "22876", Serial: "26B46546", Purchase: "2016-04-11", Warranty: "2020-04-10", Status: "delivered"})
	l.deliver(delivered{Number: "16003217", CareUnit: "1464", Customer: "1464", Payer: "1464", Prescriber: lno, OrderDate: "2016-04-14", Delivery: "2016-04-20",
		Lines: []line{{Article: "22876", Unit: "179711"}}})

	// Unit 123569: the scrapped rollator of the Individkort example, with its special adaptation.
	gunnel := l.pnr("Nilsson")
	l.addUnit(unit{Number: "123569", Article: "16952", Serial: "G024-014317", Purchase: "2007-03-02", Warranty: "2009-03-01", Status: "delivered"})
	ids := l.deliver(delivered{Number: "07001322", Person: gunnel, Customer: "2990", Prescriber: lno, OrderDate: "2007-03-05", Delivery: "2007-03-08",
		Lines: []line{{Article: "16952", Unit: "123569", EndDate: "2011-09-26", EndReason: "returned"}}})
	l.exec(`INSERT INTO unit_adaptations (unit_number, date, text, username) VALUES ('123569', '2011-03-21', ?, 'TEKNIKER')`,
		"Monterat slangklammer för att rollatorn inte ska gå att fälla ihop, monterat stoppskruvar till böjning av handtag")
	l.event("123569", "2011-03-21", "adaptation", "Specialanpassning: monterat slangklammer och stoppskruvar", "", "TEKNIKER")
	l.pickup(pickup{Number: "11004512", Person: gunnel, Customer: "2990", Prescriber: lno, Reason: "broken",
		Information: "Rollatorn är trasig, ramen har spricka vid vänster handtag.", Registered: "2011-09-19", PickupDate: "2011-09-21",
		Closed: "2011-09-26", Holdings: ids})
	l.event("123569", "2011-09-26", "returned", "Återlämnad till lager 2000", "11004512", "LAGER")
	l.exec(`UPDATE units SET status = 'scrapped', status_date = '2011-09-28', fifo_date = '2011-09-26' WHERE number = '123569'`)
	l.event("123569", "2011-09-28", "scrapped", "Skrotad: ramen spräckt, ej lönsam att reparera", "", "LAGER")
}

// history loads more holdings, closed work orders and pickup orders around the demo's prescribers.
func (l *loader) history() {
	lno, kbn := l.users["K082LNO"], l.users["K082KBN"]
	ake, erik := l.pnr("Andersson"), l.pnr("Karlsson")

	// Andersson, Åke Evert: a rollator since 2013 and work order 14030671 (the start page message).
	l.addUnit(unit{Number: "112408", Article: "24310", Purchase: "2013-04-02", Status: "delivered"})
	l.deliver(delivered{Number: "13002741", Person: ake, Customer: "2990", Prescriber: lno, OrderDate: "2013-05-14", Delivery: "2013-05-21",
		AddressFromRecipient: true, Lines: []line{{Article: "24310", Unit: "112408"}}})
	l.workOrder(workOrder{Number: "14030671", Person: ake, Customer: "2990", Prescriber: lno, Article: "24310", Unit: "112408", Priority: 1,
		Fault: "Bromsen tar dåligt på höger sida.", Action: "Justerat bromsvajer och bytt bromsbelägg höger.", Minutes: 35,
		Registered: "2014-01-09", Closed: "2014-01-16"})

	// The test patient's work orders 12060395 and 12060324, and 12060286 for Karlsson, Erik Gustav.
	l.workOrder(workOrder{Number: "12060324", Person: TestPatient, Customer: "2990", Prescriber: lno, Article: "25800", Unit: "75082", Priority: 1,
		Fault: "Röstförstärkaren laddar inte.", Action: "Bytt batteri och laddkabel. Funktionstestad.", Minutes: 20,
		Registered: "2012-02-01", Closed: "2012-02-08"})
	l.workOrder(workOrder{Number: "12060395", Person: TestPatient, Customer: "2990", Prescriber: lno, Article: "23993", Unit: "104901", Priority: 1,
		Fault: "Brus i telefontillkopplingen vid samtal.", Action: "Bytt anslutningskabel. Funktionstestad.", Minutes: 25,
		Registered: "2012-02-03", Closed: "2012-02-09"})
	l.addUnit(unit{Number: "98114", Article: "24310", Purchase: "2011-06-20", Status: "delivered"})
	l.deliver(delivered{Number: "11002204", Person: erik, Customer: "2990", Prescriber: lno, OrderDate: "2011-08-10", Delivery: "2011-08-16",
		Lines: []line{{Article: "24310", Unit: "98114"}}})
	l.workOrder(workOrder{Number: "12060286", Person: erik, Customer: "2990", Prescriber: lno, Article: "24310", Unit: "98114", Priority: 3,
		Fault: "Rollatorn drar åt vänster, framhjulet glappar.", Action: "Bytt framhjul vänster och justerat bromsar.", Minutes: 30,
		Registered: "2012-02-02", Closed: "2012-02-08", OnSite: true})

	// Johansson, Bertil: a Rullstol Cross delivered with its base configuration and a brake extension attached.
	l.addUnit(unit{Number: "176540", Article: "11109", Purchase: "2024-11-18", Status: "delivered"})
	base := make([]string, 0, len(crossBase)+1)
	for _, c := range crossBase {
		base = append(base, c.Component)
	}
	l.deliver(delivered{Number: "25004410", Person: l.pnr("Johansson"), Customer: "2990", Prescriber: lno, OrderDate: "2025-03-03", Delivery: "2025-03-11",
		AddressFromRecipient: true, Lines: []line{{Article: "11109", Unit: "176540", Components: base, Accessories: []string{"17346"}}}})

	// Öberg, Margit: buy articles (Försäljning) and a rollator of the newer generation.
	l.addUnit(unit{Number: "174233", Article: "38002", Purchase: "2024-08-12", Status: "delivered"})
	l.deliver(delivered{Number: "24007719", Person: l.pnr("Öberg"), Customer: "2990", Prescriber: lno, OrderDate: "2024-09-02", Delivery: "2024-09-05",
		DeliverTogether: true, Lines: []line{{Article: "38002", Unit: "174233"},
			{Article: l.find("Duschpall Edge utan ryggstöd"), Owner: "other", Debit: "sale"},
			{Article: l.find("Toalettförhöjning Hi-Loo fast 10 cm"), Owner: "other", Debit: "sale"},
			{Article: "20110", Owner: "other", Debit: "sale"}}})

	// Lindberg, Sara Elisabet (protected identity): ordered by K082KBN for 3110, delivered to the care unit's address.
	l.addUnit(unit{Number: "177015", Article: "24310", Purchase: "2025-01-20", Status: "delivered"})
	l.deliver(delivered{Number: "25011873", Person: l.pnr("Lindberg"), Customer: "3110", Prescriber: kbn, OrderDate: "2025-06-10", Delivery: "2025-06-12",
		Lines: []line{{Article: "24310", Unit: "177015"}}})

	// Wikström, Jonas: a transport wheelchair through Hälsocentralen Gammelstad.
	transit := l.find("Rullstol transport Transit 4 sittbredd 45")
	l.addUnit(unit{Number: "178362", Article: transit, Purchase: "2025-09-01", Status: "delivered"})
	l.deliver(delivered{Number: "25013002", Person: l.pnr("Wikström"), Customer: "3110", Prescriber: kbn, OrderDate: "2025-11-04", Delivery: "2025-11-06",
		Lines: []line{{Article: transit, Unit: "178362"}}})

	// Holmgren, Astrid: a care bed with side rails through 1464 Arvidsjaur (payer 1464).
	bed := l.find("Vårdsäng Medley Ergo 90x200")
	l.addUnit(unit{Number: "177620", Article: bed, Purchase: "2025-05-05", Status: "delivered"})
	l.deliver(delivered{Number: "25010544", Person: l.pnr("Holmgren"), Customer: "1464", Payer: "1464", Prescriber: lno, OrderDate: "2025-08-18", Delivery: "2025-08-21",
		Lines: []line{{Article: bed, Unit: "177620", Accessories: []string{l.find("Sänggrind Medley metall")}}}})

	// Planned inspection (FU, SPEC §10.5): care beds and patient lifts every 12
	// months. Holmgren's bed has had none since its delivery (overdue); her lift
	// was inspected a year ago this month, so it is due now.
	lift := l.find("Personlyft Molift Mover 180")
	l.exec("UPDATE articles SET inspection_months = 12 WHERE number IN (?, ?) OR name LIKE 'Personlyft Molift %'", bed, lift)
	l.addUnit(unit{Number: "176410", Article: lift, Serial: "MM180-22871", Purchase: "2024-11-18", Status: "delivered", LastMaintenance: "2025-12-08"})
	l.exec("UPDATE units SET last_inspection_result = 'approved' WHERE number = '176410'")
	l.deliver(delivered{Number: "24011876", Person: l.pnr("Holmgren"), Customer: "1464", Payer: "1464", Prescriber: lno, OrderDate: "2024-11-20", Delivery: "2024-11-27",
		Lines: []line{{Article: lift, Unit: "176410"}}})

	// Björk, Kerstin: a vision aid (cannot be returned via Hämtorder) and a hearing aid.
	duett := l.find("Samtalsförstärkare Comfort Duett")
	l.addUnit(unit{Number: "175880", Article: duett, Purchase: "2025-02-10", Status: "delivered"})
	l.deliver(delivered{Number: "25006120", Person: l.pnr("Björk"), Customer: "2990", Prescriber: lno, OrderDate: "2025-04-22", Delivery: "2025-04-24",
		Lines: []line{{Article: "33120"}, {Article: duett, Unit: "175880"}}})

	// Nordström, Olof: wheelchair and pressure-relief cushion.
	prio := l.find("Rullstol Prio sittbredd 42")
	roho := l.find("Sittdyna Roho Quadtro Select låg 44x43")
	l.addUnit(unit{Number: "168231", Article: prio, Purchase: "2023-08-21", Status: "delivered"})
	l.addUnit(unit{Number: "168577", Article: roho, Purchase: "2023-09-04", Status: "delivered"})
	l.deliver(delivered{Number: "23008812", Person: l.pnr("Nordström"), Customer: "2990", Prescriber: lno, OrderDate: "2023-10-02", Delivery: "2023-10-05",
		Lines: []line{{Article: prio, Unit: "168231"}, {Article: roho, Unit: "168577"}}})

	// Vikström, Gunnar (deceased 2025-10-02): his rollator was collected (closed pickup order),
	// reconditioned and is back in stock.
	gunnar := l.pnr("Vikström")
	l.addUnit(unit{Number: "174901", Article: "38002", Purchase: "2024-08-12", Status: "delivered"})
	ids := l.deliver(delivered{Number: "24010233", Person: gunnar, Customer: "1464", Payer: "1464", Prescriber: lno, OrderDate: "2024-11-11", Delivery: "2024-11-13",
		Lines: []line{{Article: "38002", Unit: "174901", EndDate: "2025-10-09", EndReason: "returned"}}})
	l.pickup(pickup{Number: "25009876", Person: gunnar, Customer: "1464", Prescriber: lno, Reason: "deceased",
		Information: "Kontakta anhörig Lena Vikström 070-345 12 90 före hämtning.", Registered: "2025-10-06", PickupDate: "2025-10-08",
		Closed: "2025-10-09", Holdings: ids})
	l.event("174901", "2025-10-09", "returned", "Återlämnad till lager 2000", "25009876", "LAGER")
	l.event("174901", "2025-10-15", "reconditioned", "Rekonditionerad och åter i lager", "", "LAGER")
	l.exec(`UPDATE units SET status = 'in_stock', status_date = '2025-10-15', fifo_date = '2025-10-15' WHERE number = '174901'`)
	l.putOnHand(domain.JournalRow{Warehouse: "2000", Article: "38002", Unit: "174901", OnHandDelta: 1, Reason: "return",
		Reference: "Retur 25009876"}, "2025-10-15")
}

// find returns the number of the first demo article whose name starts with prefix.
func (l *loader) find(prefix string) string {
	for _, n := range l.articleOrder {
		if strings.HasPrefix(l.articles[n].Name, prefix) {
			return n
		}
	}
	l.fail("demo: no article named %q…", prefix)
	return ""
}

// workOrder is a closed work order (arbetsorder) of the demo history.
type workOrder struct {
	Number, Person, Customer, Article, Unit string
	Prescriber                              int64
	Priority, Minutes                       int
	Fault, Action                           string
	Registered, Closed                      string
	OnSite                                  bool
}

func (l *loader) workOrder(w workOrder) {
	l.useNumber("workorder", w.Number)
	c := l.customers[w.Customer]
	reg := domain.ParseDate(w.Registered).Add(8*time.Hour + 30*time.Minute)
	due := domain.FormatTimestamp(domain.AddWorkingDays(reg, 3))
	mode := "pickup"
	if w.OnSite {
		mode = "onsite"
	}
	closed := domain.ParseDate(w.Closed).Add(14 * time.Hour)
	l.exec(`INSERT INTO work_orders (number, status, personnummer, customer_number, article_number, unit_number, priority,
		action_type_id, service_department_id, fault_description, address_mode, address_source, address_name, address_street,
		address_postal_code, address_town, address_phone, prescriber_id, registered_at, due_at, technician_id, started_at, closed_at,
		action_text, minutes_spent)
		VALUES (?, 'closed', ?, ?, ?, ?, ?, (SELECT id FROM action_types WHERE code = 'corrective'), 1, ?, ?, 'customer', ?, ?, ?, ?, ?,
		?, ?, ?, ?, ?, ?, ?, ?)`,
		w.Number, w.Person, w.Customer, w.Article, w.Unit, w.Priority, w.Fault, mode, c.Name, c.Street, c.Postal, c.Town, c.Phone,
		w.Prescriber, domain.FormatTimestamp(reg), due, l.users["TEKNIKER"], domain.FormatTimestamp(closed.Add(-2*time.Hour)), domain.FormatTimestamp(closed),
		w.Action, w.Minutes)
	if w.Unit != "" {
		l.event(w.Unit, w.Closed, "workorder", "Arbetsorder avslutad: "+w.Action, w.Number, "TEKNIKER")
	}
}

// returnedWorkOrder is Wikström's transport wheelchair: a work order that
// customer service returned yesterday to K082KBN to correct (SPEC §10.11 Fix in
// place), waiting for her with a message in her inbox.
func (l *loader) returnedWorkOrder() {
	if l.err != nil {
		return
	}
	kbn, jonas := l.users["K082KBN"], l.pnr("Wikström")
	reg := domain.DateOf(l.now).AddDate(0, 0, -2).Add(8*time.Hour + 30*time.Minute)
	returned := reg.AddDate(0, 0, 1).Add(2 * time.Hour)
	number := fmt.Sprintf("%02d%06d", reg.Year()%100, 60412)
	l.useNumber("workorder", number)
	c, p := l.customers["3110"], l.persons[jonas]
	due, _, _ := domain.WorkOrderDue(domain.PriorityNormal, reg)
	reason := "Beskriv felet: vilket hjul, och vad händer? Ange också telefon till patienten, vi hämtar på hemadressen."
	id, err := l.q.Insert(l.ctx, `INSERT INTO work_orders (number, status, personnummer, customer_number, article_number, unit_number, priority,
		action_type_id, service_department_id, fault_description, address_mode, address_source, address_name, address_street,
		address_postal_code, address_town, address_phone, prescriber_id, registered_at, due_at, returned_at, returned_by, return_reason)
		VALUES (?, 'registered', ?, '3110', ?, '178362', ?, (SELECT id FROM action_types WHERE code = 'corrective'), 1, 'Hjulet.',
		'pickup', 'customer', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'KUNDTJANST', ?)`,
		number, jonas, l.find("Rullstol transport Transit 4 sittbredd 45"), domain.PriorityNormal, c.Name, c.Street, c.Postal, c.Town, c.Phone,
		kbn, domain.FormatTimestamp(reg), domain.FormatTimestamp(due), domain.FormatTimestamp(returned), reason)
	if err != nil {
		l.err = err
		return
	}
	l.exec(`INSERT INTO work_order_notes (work_order_id, at, username, kind, text) VALUES (?, ?, 'KUNDTJANST', 'returned', ?)`,
		id, domain.FormatTimestamp(returned), reason)
	subject := domain.Msgf("Arbetsorder %s (gällande %s) har återsänts till dig för rättelse", number, p.Last+", "+p.First)
	body := domain.Msgf("Orsak: %s", reason)
	if l.err == nil {
		_, l.err = l.q.SendMessage(l.ctx, domain.Message{UserID: kbn, Personnummer: jonas, Subject: subject.String(), Body: body.String(),
			SubjectFormat: subject, BodyFormat: body, Link: "/arbetsorder/" + number + "/ratta", CreatedAt: returned})
	}
}

// pickup is a closed pickup order (hämtorder) whose items were received.
type pickup struct {
	Number, Person, Customer, Reason, Information string
	Prescriber                                    int64
	Registered, PickupDate, Closed                string
	Holdings                                      []int64
}

func (l *loader) pickup(p pickup) {
	if l.err != nil {
		return
	}
	l.useNumber("pickup", p.Number)
	r := l.persons[p.Person]
	closed := domain.FormatTimestamp(domain.ParseDate(p.Closed).Add(13 * time.Hour))
	id, err := l.q.Insert(l.ctx, `INSERT INTO pickup_orders (number, status, recipient_personnummer, customer_number, prescriber_id,
		reason_code, information, address_source, address_name, address_street, address_postal_code, address_town, address_phone,
		pickup_date, registered_at, closed_at)
		VALUES (?, 'closed', ?, ?, ?, ?, ?, 'recipient', ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.Number, p.Person, p.Customer, p.Prescriber, p.Reason, p.Information, r.Last+", "+r.First, r.Street, r.Postal, r.Town, r.Phone,
		p.PickupDate, domain.FormatTimestamp(domain.ParseDate(p.Registered).Add(9*time.Hour)), closed)
	if err != nil {
		l.err = err
		return
	}
	for _, h := range p.Holdings {
		l.exec(`INSERT INTO pickup_items (pickup_order_id, holding_id, status, received_at) VALUES (?, ?, 'received', ?)`, id, h, closed)
	}
}
