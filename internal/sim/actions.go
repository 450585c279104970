package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/store"
)

// playDay plays one simulated day: month-end billing first (a night batch, any
// day of the week), then on working days every actor in turn.
func (s *Sim) playDay(ctx context.Context) error {
	if err := s.monthEnd(ctx); err != nil {
		return err
	}
	if !domain.IsWorkingDay(s.today) {
		return nil
	}
	steps := []func(context.Context) error{
		s.admins, s.prescribe, s.answerTransfers, s.warehouse, s.technician, s.customerService,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// --- admin: billing, prices, catalogue import

// monthEnd runs the previous month's billing on the 1st and runs it again and
// closes it on the 3rd, comparing it with the reference; forbidden runs and
// back-dated changes into the closed month are tried and must be refused.
func (s *Sim) monthEnd(ctx context.Context) error {
	prev := domain.MonthOf(s.today).AddDate(0, -1, 0).Format("2006-01")
	this := domain.MonthOf(s.today).Format("2006-01")
	switch s.today.Day() {
	case 1:
		s.tick()
		_, err := s.svc.RunBilling(ctx, s.admin, this)
		if err := s.refused("billing.run-unended-month", err); err != nil {
			return err
		}
		s.tick()
		_, err = s.svc.RunBilling(ctx, s.admin, prev)
		return s.done("billing.run", err)
	case 2:
		id, err := randomRow(ctx, s.db.Read(), s, `SELECT CAST(id AS TEXT) FROM billing_lines WHERE month = ? ORDER BY id`, prev)
		if err != nil || id == "" {
			return err
		}
		n, _ := strconv.ParseInt(id, 10, 64)
		s.tick()
		_, err = s.svc.CorrectBillingLine(ctx, s.admin, n, service.BillingCorrectionInput{Amount: "10.00", Reason: "Simulering"})
		return s.refused("billing.correct-open-month", err)
	case 3:
		s.tick()
		if _, err := s.svc.RunBilling(ctx, s.admin, prev); err != nil {
			return s.done("billing.run", err)
		}
		s.rep.Actions["billing.run"]++
		s.tick()
		if err := s.done("billing.close", s.svc.CloseBillingMonth(ctx, s.admin, prev)); err != nil {
			return err
		}
		if err := s.compareReference(ctx, prev); err != nil {
			return err
		}
		snap, err := monthSnapshot(ctx, s.db.Read(), prev)
		if err != nil {
			return err
		}
		s.closed[prev] = snap
		bill := MonthBill{Month: prev}
		if err := s.db.Read().Get(ctx, "SELECT COUNT(*), COALESCE(SUM(amount_ore), 0) FROM billing_lines WHERE month = ?",
			[]any{prev}, &bill.Lines, &bill.Billed); err != nil {
			return err
		}
		s.rep.Months = append(s.rep.Months, bill)
		s.tick()
		if err := s.refused("billing.close-month-not-run", s.svc.CloseBillingMonth(ctx, s.admin, this)); err != nil {
			return err
		}
		return s.closedMonthRefusals(ctx, prev)
	}
	return nil
}

// closedMonthRefusals tries what a closed month forbids: running it again, a
// price valid from a day in it, a BMB dated in it.
func (s *Sim) closedMonthRefusals(ctx context.Context, month string) error {
	s.tick()
	_, err := s.svc.RunBilling(ctx, s.admin, month)
	if err := s.refused("billing.run-closed-month", err); err != nil {
		return err
	}
	first, _ := time.Parse("2006-01", month)
	day := first.AddDate(0, 0, s.rng.IntN(domain.DaysInMonth(first)))
	s.tick()
	_, err = s.svc.AddArticlePrice(ctx, s.admin, one(s, s.art.rentPriced), service.PriceInput{Kind: "rent",
		Amount: "12.34", ValidFrom: civil(day)})
	if err := s.refused("price.valid-from-closed-month", err); err != nil {
		return err
	}
	s.tick()
	_, err = s.svc.ReceiveGoods(ctx, s.wh, service.ReceiptInput{Warehouse: "2000", Article: s.art.main[0],
		Units: []service.UnitIn{{Serial: "SIM-STANGD", PurchaseDate: civil(day)}}})
	if err := s.refused("stock.receive-purchased-in-closed-month", err); err != nil {
		return err
	}
	// A depreciation period so short that units rented in the closed month would
	// have been depreciated in it.
	art, err := s.db.Read().FindCatalogArticle(ctx, s.art.main[0])
	if err != nil {
		return err
	}
	in := service.ArticleInput{CatalogArticle: *art, Supplier: art.SupplierName}
	in.DepreciationMonths = 1
	s.tick()
	_, err = s.svc.SaveArticle(ctx, s.admin, in, false)
	if err := s.refused("article.depreciation-into-closed-month", err); err != nil {
		return err
	}
	if err := s.importCatalogue(ctx, day); err != nil {
		return err
	}
	h, ok, err := s.transferableHolding(ctx, nil)
	if err != nil || !ok {
		return err
	}
	s.tick()
	_, _, err = s.svc.SendTransfer(ctx, h.from, service.TransferInput{ToPrescriber: one(s, s.prescribers).Username,
		RecipientPersonnummer: one(s, s.patients), BMBDate: civil(s.closedEnd()), Holdings: []string{strconv.FormatInt(h.id, 10)},
		ConfirmPatientToPatient: true, Message: "Simulering: BMB i stängd månad"})
	return s.refused("bmb.dated-in-closed-month", err)
}

// admins changes rent prices now and then (valid from a day in the open
// period, often ahead) and imports a catalogue file every other month.
func (s *Sim) admins(ctx context.Context) error {
	if s.chance(0.08) {
		from := s.today.AddDate(0, 0, s.rng.IntN(30)-5)
		if open := s.earliestOpen(); from.Before(open) {
			from = open
		}
		art := one(s, s.art.rentPriced)
		amount := domain.Ore(1000 + s.rng.IntN(20000))
		s.tick()
		_, err := s.svc.AddArticlePrice(ctx, s.admin, art, service.PriceInput{Kind: "rent", Amount: amount.APIString(), ValidFrom: civil(from)})
		if domain.ErrorCode(err) == domain.EConflict && strings.Contains(err.Error(), "samma datum") {
			err = nil // a price from that day already exists: the admin picks another day next time
		}
		if err := s.done("price.change", err); err != nil {
			return err
		}
	}
	if !s.closedEnd().IsZero() && s.chance(0.05) {
		if err := s.correctLine(ctx); err != nil {
			return err
		}
	}
	if s.today.Day() == 15 && s.today.Month()%2 == 0 || s.today.Day() == 16 && s.today.Month()%2 == 0 && s.today.Weekday() == time.Monday {
		return s.importCatalogue(ctx, s.today.AddDate(0, 0, 1+s.rng.IntN(20)))
	}
	return nil
}

// correctLine corrects (rättelse) a line of a closed month: the correction is a
// line of the next open month, the closed month stays as it was.
func (s *Sim) correctLine(ctx context.Context) error {
	end := s.closedEnd()
	id, err := randomRow(ctx, s.db.Read(), s, `SELECT CAST(id AS TEXT) FROM billing_lines WHERE month <= ? AND kind IN ('rent', 'component', 'purchase') ORDER BY id`,
		end.Format("2006-01"))
	if err != nil || id == "" {
		return err
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	s.tick()
	_, err = s.svc.CorrectBillingLine(ctx, s.admin, n, service.BillingCorrectionInput{Amount: one(s, []string{"-12.50", "25.00", "-3.10"}),
		Reason: "Simulering: fel hyresstart enligt betalaren."})
	return s.done("billing.correct", err)
}

// importCatalogue exports the catalogue, changes the rent of two articles from
// the day from and imports those rows back. A day in a closed month must make
// the whole import be refused.
func (s *Sim) importCatalogue(ctx context.Context, validFrom time.Time) error {
	s.tick()
	data, err := s.svc.ExportCatalogCSV(ctx, s.admin)
	if err != nil {
		return s.done("catalogue.export", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	header := strings.Split(lines[0], ",")
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var out []string
	out = append(out, lines[0])
	want := map[string]bool{one(s, s.art.rentPriced): true, one(s, s.art.rentPriced): true}
	from := civil(validFrom)
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if len(f) != len(header) || !want[f[col["number"]]] {
			continue // rows with quoted commas are left out: only simple rows are edited
		}
		f[col["rentPrice"]] = domain.Ore(1000 + s.rng.IntN(20000)).APIString()
		f[col["rentValidFrom"]] = from
		out = append(out, strings.Join(f, ","))
	}
	if len(out) == 1 {
		return nil
	}
	s.tick()
	res, err := s.svc.ImportCatalogCSV(ctx, s.admin, []byte(strings.Join(out, "\n")+"\n"), false)
	if !validFrom.After(s.closedEnd()) {
		if err == nil && res.Applied {
			return fmt.Errorf("catalogue.import-price-in-closed-month was applied but must be refused")
		}
		if err == nil {
			s.rep.Refused["catalogue.import-price-in-closed-month"]++
			return nil
		}
		return s.refused("catalogue.import-price-in-closed-month", err)
	}
	if err == nil && (!res.Applied || len(res.Errors) > 0) {
		err = fmt.Errorf("import not applied: %+v", res.Errors)
	}
	return s.done("catalogue.import", err)
}

// --- prescribers

// prescribe lets each prescriber act: order, complete a unit, pick up, report a
// fault, send a BMB, and now and then try an order the catalogue forbids.
func (s *Sim) prescribe(ctx context.Context) error {
	for _, a := range s.prescribers {
		for _, act := range []struct {
			p  float64
			fn func(context.Context, *service.Actor) error
		}{
			{0.45, s.order}, {0.08, s.complementUnit}, {0.15, s.pickup}, {0.06, s.workOrder}, {0.08, s.transfer}, {0.05, s.buyback},
			{0.02, s.forbiddenOrder},
		} {
			if s.chance(act.p) {
				if err := act.fn(ctx, a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// order places an order for a patient, or a refill of a local store the
// prescriber is linked to: a main aid (with its base configuration and maybe an
// accessory), plain rent articles, a purchase.
func (s *Sim) order(ctx context.Context, a *service.Actor) error {
	in := service.OrderInput{DraftInput: service.DraftInput{Customer: one(s, a.Customers)}}
	kind := "order.patient"
	if in.Customer == "1464" && s.chance(0.5) {
		in.Recipient.Customer, kind = "1464", "order.local-store-refill"
	} else {
		in.Recipient.Personnummer = one(s, s.patients)
	}
	if s.chance(0.6) {
		main := one(s, s.art.main)
		l := service.LineInput{Article: main}
		if acc := s.art.accessories[main]; len(acc) > 0 && s.chance(0.4) {
			l.Add = []string{one(s, acc)}
		}
		in.Lines = append(in.Lines, l)
	}
	if len(in.Lines) == 0 || s.chance(0.4) {
		in.Lines = append(in.Lines, service.LineInput{Article: one(s, s.art.plain), Quantity: 1 + s.rng.IntN(2)})
	}
	if len(s.art.buy) > 0 && s.chance(0.2) {
		in.Lines = append(in.Lines, service.LineInput{Article: one(s, s.art.buy)})
	}
	in.Delivery.Urgent = s.chance(0.05)
	if s.chance(0.3) {
		return s.orderByScreens(ctx, a, in, kind)
	}
	s.tick()
	return s.done(kind, s.placeOrder(ctx, a, in))
}

// placeOrder places an order through the API's service and checks its answer:
// the order as it is stored, read back.
func (s *Sim) placeOrder(ctx context.Context, a *service.Actor, in service.OrderInput) error {
	o, _, err := s.svc.PlaceOrder(ctx, a, in)
	if err != nil {
		return err
	}
	stored, err := s.db.Read().FindOrderByID(ctx, o.ID)
	if err != nil {
		return err
	}
	answer, _ := json.Marshal(o)
	want, _ := json.Marshal(stored)
	if !bytes.Equal(answer, want) {
		return fmt.Errorf("the answer to order %s is not the order stored:\n%s\nstored:\n%s", o.Number, answer, want)
	}
	return nil
}

// orderByScreens places an order the way the pages do: a draft (Orderinformation),
// its lines one by one, then Leveransuppgifter and Verkställ.
func (s *Sim) orderByScreens(ctx context.Context, a *service.Actor, in service.OrderInput, kind string) error {
	s.tick()
	id, err := s.svc.CreateOrderDraft(ctx, a, in.DraftInput)
	if err != nil {
		return s.done(kind+"-by-screens", err)
	}
	for _, l := range in.Lines {
		s.tick()
		if err := s.svc.AddOrderLine(ctx, a, id, l); err != nil {
			return s.done(kind+"-by-screens", err)
		}
	}
	s.tick()
	_, _, err = s.svc.RegisterOrderDraft(ctx, a, id, in.Delivery, fmt.Sprintf("sim-%d", id))
	return s.done(kind+"-by-screens", err)
}

// forbiddenOrder tries to order an article that is blocked (not orderable) or
// unavailable (discontinued, outside the assortment): it must be refused.
func (s *Sim) forbiddenOrder(ctx context.Context, a *service.Actor) error {
	// Blocked and unavailable articles take turns, so both are tried in any run.
	kind, from := "order.blocked-article", s.art.blocked
	if len(from) == 0 || len(s.art.unavailable) > 0 && s.rep.Refused["order.unavailable-article"] < s.rep.Refused[kind] {
		kind, from = "order.unavailable-article", s.art.unavailable
	}
	if len(from) == 0 {
		return nil
	}
	s.tick()
	_, _, err := s.svc.PlaceOrder(ctx, a, service.OrderInput{DraftInput: service.DraftInput{Customer: one(s, a.Customers),
		Recipient: service.Recipient{Personnummer: one(s, s.patients)}}, Lines: []service.LineInput{{Article: one(s, from)}}})
	return s.refused(kind, err)
}

// heldUnit is a delivered unit and its current holding.
type heldUnit struct {
	unit, pnr, customer string
}

// heldUnits lists units that patients of the prescriber's customers hold now.
func (s *Sim) heldUnits(ctx context.Context, a *service.Actor) ([]heldUnit, error) {
	rows, err := s.db.Read().Query(ctx, `SELECT h.unit_number, h.recipient_personnummer, h.customer_number FROM holdings h
		JOIN units u ON u.number = h.unit_number
		WHERE h.end_date IS NULL AND h.recipient_personnummer IS NOT NULL AND u.status = 'delivered'
		AND h.customer_number IN (`+store.Placeholders(len(a.Customers))+`) ORDER BY h.id`, strArgs(a.Customers)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []heldUnit
	for rows.Next() {
		var h heldUnit
		if err := rows.Scan(&h.unit, &h.pnr, &h.customer); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// fitData is what the catalogue's fit data says of a component on a unit:
// it names the main articles it fits and not the unit's (notListed), or it has
// a side or a size, so whether it fits depends on more than the article (limited).
func (s *Sim) fitData(ctx context.Context, component, unit string) (notListed, limited bool, err error) {
	var names, fitsThis, limits int
	err = s.db.Read().Get(ctx, `SELECT COUNT(f.main_article),
		COUNT(CASE WHEN f.main_article = (SELECT article_number FROM units WHERE number = ?) THEN 1 END),
		(SELECT COUNT(*) FROM articles WHERE number = ? AND (fit_side <> '' OR size <> ''))
		FROM article_fits f WHERE f.article_number = ?`, []any{unit, component, component}, &names, &fitsThis, &limits)
	return names > 0 && fitsThis == 0, limits > 0, err
}

// complementUnit orders a component alone for a unit the patient holds (Kompl. individ).
func (s *Sim) complementUnit(ctx context.Context, a *service.Actor) error {
	units, err := s.heldUnits(ctx, a)
	if err != nil || len(units) == 0 || len(s.art.components) == 0 {
		return err
	}
	h := one(s, units)
	component := one(s, s.art.components)
	// Fit data (SPEC §10.11) decides: a component that names the main articles
	// it fits, without this unit's, is refused and changes nothing; one without
	// a side or size limit that fits is ordered. (A side or size could make a
	// fitting one refused on this unit: those are left out.)
	notListed, limited, err := s.fitData(ctx, component, h.unit)
	if err != nil {
		return err
	}
	if notListed {
		s.tick()
		_, _, err = s.svc.PlaceOrder(ctx, a, service.OrderInput{
			DraftInput: service.DraftInput{Customer: h.customer, Recipient: service.Recipient{Personnummer: h.pnr}},
			Lines:      []service.LineInput{{Article: component, Unit: h.unit}}})
		return s.refused("order.component-does-not-fit", err)
	}
	if limited {
		return nil
	}
	s.tick()
	return s.done("order.kompl-individ", s.placeOrder(ctx, a, service.OrderInput{
		DraftInput: service.DraftInput{Customer: h.customer, Recipient: service.Recipient{Personnummer: h.pnr}},
		Lines:      []service.LineInput{{Article: component, Unit: h.unit}}}))
}

// workOrder reports a fault on a unit a patient holds.
func (s *Sim) workOrder(ctx context.Context, a *service.Actor) error {
	units, err := s.heldUnits(ctx, a)
	if err != nil || len(units) == 0 {
		return err
	}
	h := one(s, units)
	s.tick()
	_, _, err = s.svc.RegisterWorkOrder(ctx, a, service.WorkOrderInput{Personnummer: h.pnr, Customer: h.customer, Unit: h.unit,
		Priority: one(s, []int{1, 2, 3, 4}), FaultDescription: "Simulering: hjulet skramlar.", ActionType: one(s, []string{"corrective", "corrective", "damage"}),
		Address: service.AddressInput{Mode: "onsite", Source: "customer"}})
	return s.done("workorder.register", err)
}

// freeHolding is a holding that can be picked up or transferred: current, not a
// component on a unit, not on an open pickup order or in an open BMB.
type freeHolding struct {
	id        int64
	pnr, cust string // recipient
	customer  string
	rentStart time.Time
	delivery  time.Time
	from      *service.Actor
}

// freeHoldingsQuery reads the rent start as the latest of the holding's and of
// the components on its unit, since a BMB moves them together.
const freeHoldingsQuery = `SELECT h.id, COALESCE(h.recipient_personnummer, ''), COALESCE(h.recipient_customer, ''), h.customer_number,
	COALESCE((SELECT MAX(c.rent_start) FROM holdings c WHERE c.attached_unit = h.unit_number AND c.end_date IS NULL AND c.rent_start > h.rent_start), h.rent_start), h.delivery_date
	FROM holdings h JOIN articles a ON a.number = h.article_number
	WHERE h.end_date IS NULL AND h.attached_unit IS NULL AND NOT a.vision_aid
	AND NOT EXISTS (SELECT 1 FROM pickup_items pi WHERE pi.holding_id = h.id AND pi.status = 'registered')
	AND NOT EXISTS (SELECT 1 FROM transfer_items ti WHERE ti.holding_id = h.id AND ti.open)`

func (s *Sim) freeHoldings(ctx context.Context, a *service.Actor, extra string) ([]freeHolding, error) {
	rows, err := s.db.Read().Query(ctx, freeHoldingsQuery+" AND h.customer_number IN ("+store.Placeholders(len(a.Customers))+")"+extra+" ORDER BY h.id",
		strArgs(a.Customers)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []freeHolding
	for rows.Next() {
		h := freeHolding{from: a}
		var start, delivery string
		if err := rows.Scan(&h.id, &h.pnr, &h.cust, &h.customer, &start, &delivery); err != nil {
			return nil, err
		}
		h.rentStart, h.delivery = domain.ParseDate(start), domain.ParseDate(delivery)
		out = append(out, h)
	}
	return out, rows.Err()
}

// transferableHolding picks a free holding of a patient held under a customer of
// a prescriber (a given one, or any).
func (s *Sim) transferableHolding(ctx context.Context, a *service.Actor) (freeHolding, bool, error) {
	from := s.prescribers
	if a != nil {
		from = []*service.Actor{a}
	}
	for range 4 {
		p := one(s, from)
		hs, err := s.freeHoldings(ctx, p, "")
		if err != nil {
			return freeHolding{}, false, err
		}
		if len(hs) > 0 {
			return one(s, hs), true, nil
		}
	}
	return freeHolding{}, false, nil
}

// pickup orders a pickup of one to three of a recipient's aids (buys stay: they are the payer's).
func (s *Sim) pickup(ctx context.Context, a *service.Actor) error {
	hs, err := s.freeHoldings(ctx, a, " AND h.purpose = 'rent'")
	if err != nil || len(hs) == 0 {
		return err
	}
	h := one(s, hs)
	ids := []string{strconv.FormatInt(h.id, 10)}
	for _, o := range hs {
		if len(ids) < 3 && o.id != h.id && o.pnr == h.pnr && o.cust == h.cust && o.customer == h.customer && s.chance(0.3) {
			ids = append(ids, strconv.FormatInt(o.id, 10))
		}
	}
	in := service.PickupInput{Personnummer: h.pnr, Customer: h.customer, Holdings: ids, Reason: one(s, []string{"need_ended", "replaced", "broken"}),
		Information: "Simulering: hämtas vid entrén."}
	if h.pnr == "" {
		in.Customer = h.cust
	}
	s.tick()
	_, _, err = s.svc.RegisterPickup(ctx, a, in)
	return s.done("pickup.register", err)
}

// buyback picks up a purchased stocked article: within 14 days of delivery it is
// taken back (återköp, credited), later the pickup must be refused.
func (s *Sim) buyback(ctx context.Context, a *service.Actor) error {
	hs, err := s.freeHoldings(ctx, a, ` AND h.purpose = 'buy' AND a.status = 'stocked' AND h.previous_holding_id IS NULL`)
	if err != nil || len(hs) == 0 {
		return err
	}
	h := one(s, hs)
	in := service.PickupInput{Personnummer: h.pnr, Customer: h.customer, Holdings: []string{strconv.FormatInt(h.id, 10)},
		Reason: "wrong_order", Information: "Simulering: oanvänd, återköp."}
	if h.pnr == "" {
		in.Customer = h.cust
	}
	s.tick()
	_, _, err = s.svc.RegisterPickup(ctx, a, in)
	if s.today.After(h.delivery.AddDate(0, 0, domain.BuybackDays)) {
		return s.refused("pickup.buyback-after-14-days", err)
	}
	return s.done("pickup.register-buyback", err)
}

// transfer sends a BMB of a holding to another prescriber for another patient,
// dated today or a few days back (never before the rent start or into a closed month).
func (s *Sim) transfer(ctx context.Context, a *service.Actor) error {
	h, ok, err := s.transferableHolding(ctx, a)
	if err != nil || !ok {
		return err
	}
	date := s.today.AddDate(0, 0, -s.rng.IntN(4))
	if date.Before(h.rentStart) {
		date = h.rentStart
	}
	if open := s.earliestOpen(); date.Before(open) {
		date = open
	}
	to := one(s, s.prescribers)
	pnr := one(s, s.patients)
	if pnr == h.pnr {
		return nil
	}
	kind := "bmb.send"
	if h.cust != "" {
		kind = "bmb.send-from-local-store"
	}
	s.tick()
	_, _, err = s.svc.SendTransfer(ctx, a, service.TransferInput{ToPrescriber: to.Username, RecipientPersonnummer: pnr,
		BMBDate: civil(date), Holdings: []string{strconv.FormatInt(h.id, 10)}, ConfirmPatientToPatient: true,
		Message: "Simulering: patienten har flyttat."})
	return s.done(kind, err)
}

// answerTransfers lets each addressee accept or reject some BMBs sent to them;
// the rest wait, and after 7 days are locked: answering a locked one must be refused.
// A BMB dated in a month closed since it was sent cannot be accepted any more.
func (s *Sim) answerTransfers(ctx context.Context) error {
	rows, err := s.db.Read().Query(ctx, `SELECT id, to_user_id, sent_at, bmb_date FROM transfers WHERE status = 'sent' ORDER BY id`)
	if err != nil {
		return err
	}
	type sent struct {
		id, to int64
		at     time.Time
		date   time.Time
	}
	var list []sent
	for rows.Next() {
		var t sent
		var at, date string
		if err := rows.Scan(&t.id, &t.to, &at, &date); err != nil {
			rows.Close()
			return err
		}
		t.at, t.date = domain.ParseTimestamp(at), domain.ParseDate(date)
		list = append(list, t)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, t := range list {
		var a *service.Actor
		for _, p := range s.prescribers {
			if p.ID == t.to {
				a = p
			}
		}
		if a == nil {
			continue
		}
		s.tick()
		locked := !s.now.Before(t.at.Add(domain.TransferAnswerPeriod))
		in := service.AcknowledgeInput{Approve: s.chance(0.8), Customer: one(s, a.Customers), Message: "Simulering"}
		switch {
		case locked && s.chance(0.3):
			_, err := s.svc.AcknowledgeTransfer(ctx, a, t.id, in)
			if err := s.refused("bmb.acknowledge-locked", err); err != nil {
				return err
			}
		case locked || !s.chance(0.35):
		case in.Approve && !t.date.After(s.closedEnd()) && !s.closedEnd().IsZero():
			_, err := s.svc.AcknowledgeTransfer(ctx, a, t.id, in)
			if err := s.refused("bmb.accept-dated-in-closed-month", err); err != nil {
				return err
			}
		default:
			kind := "bmb.reject"
			if in.Approve {
				kind = "bmb.accept"
			}
			_, err := s.svc.AcknowledgeTransfer(ctx, a, t.id, in)
			if err := s.done(kind, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// --- warehouse

// warehouse receives what open orders wait for, delivers the pick list, receives
// the pickups due and reconditions returned units.
func (s *Sim) warehouse(ctx context.Context) error {
	for _, step := range []func(context.Context) error{s.receiveGoods, s.deliver, s.receiveReturns, s.recondition, s.housekeeping} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// receiveGoods receives, from the supplier, what open order lines registered at
// least two days ago still lack at the warehouse.
func (s *Sim) receiveGoods(ctx context.Context) error {
	rows, err := s.db.Read().Query(ctx, `SELECT l.warehouse, l.article_number, a.individual, l.need - COALESCE(st.on_hand - st.reserved, 0)
		FROM (SELECT ol.warehouse, ol.delivered_article_number AS article_number, SUM(ol.quantity - ol.reserved_quantity) AS need
			FROM order_lines ol JOIN orders o ON o.id = ol.order_id
			WHERE ol.status = 'open' AND o.status IN ('registered', 'partly_delivered') AND o.registered_at < ?
			GROUP BY ol.warehouse, ol.delivered_article_number) l
		JOIN articles a ON a.number = l.article_number
		LEFT JOIN stock st ON st.warehouse = l.warehouse AND st.article_number = l.article_number
		WHERE l.need - COALESCE(st.on_hand - st.reserved, 0) > 0 ORDER BY l.warehouse, l.article_number`,
		domain.FormatTimestamp(s.now.AddDate(0, 0, -2)))
	if err != nil {
		return err
	}
	type want struct {
		warehouse, article string
		individual         bool
		n                  int
	}
	var list []want
	for rows.Next() {
		var w want
		if err := rows.Scan(&w.warehouse, &w.article, &w.individual, &w.n); err != nil {
			rows.Close()
			return err
		}
		list = append(list, w)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, w := range list {
		in := service.ReceiptInput{Warehouse: w.warehouse, Article: w.article, Quantity: w.n}
		if w.individual {
			in.Quantity = 0
			for range w.n {
				s.serial++
				// Some units were bought a few days before they arrive: the purchase
				// date (and so depreciation) is the supplier's, never in a closed month.
				purchase := s.today.AddDate(0, 0, -s.rng.IntN(5))
				if open := s.earliestOpen(); purchase.Before(open) {
					purchase = open
				}
				in.Units = append(in.Units, service.UnitIn{Serial: fmt.Sprintf("SIM%06d", s.serial), PurchaseDate: civil(purchase)})
			}
		}
		s.tick()
		_, err := s.svc.ReceiveGoods(ctx, s.wh, in)
		if err := s.done("stock.receive", err); err != nil {
			return err
		}
	}
	return nil
}

// deliver delivers every order on today's pick list (what stock allows).
func (s *Sim) deliver(ctx context.Context) error {
	s.tick()
	pl, err := s.svc.PickList(ctx, s.wh, "2000", s.today)
	if err != nil {
		return s.done("picklist", err)
	}
	for _, o := range pl.Orders {
		gone, err := s.db.Read().Strings(ctx, `SELECT CAST(ol.id AS TEXT) FROM order_lines ol JOIN orders o ON o.id = ol.order_id
			WHERE o.number = ? AND ol.status = 'open' AND ol.complement_unit IS NOT NULL AND NOT EXISTS (
				SELECT 1 FROM holdings h WHERE h.unit_number = ol.complement_unit AND h.end_date IS NULL
				AND COALESCE(h.recipient_personnummer, '') = COALESCE(o.recipient_personnummer, '')
				AND COALESCE(h.recipient_customer, '') = COALESCE(o.recipient_customer, ''))
			ORDER BY ol.id`, o.Number)
		if err != nil {
			return err
		}
		if len(gone) == 0 && s.chance(0.2) {
			// Picked today, delivered another day: its units stay picked meanwhile.
			s.tick()
			_, err := s.svc.PickOrder(ctx, s.wh, o.Number)
			if err := s.done("order.pick", err); err != nil {
				return err
			}
			continue
		}
		s.tick()
		res, err := s.svc.DeliverOrder(ctx, s.wh, o.Number, nil)
		if len(gone) > 0 {
			// A component ordered for a unit the patient no longer holds (picked up
			// or transferred since): the delivery is refused, and customer service
			// cancels the line.
			if err := s.refused("order.deliver-kompl-unit-gone", err); err != nil {
				return err
			}
			ids, _ := service.ParseLineIDs(gone)
			s.tick()
			_, err := s.svc.CancelOrder(ctx, s.cs, o.Number, ids)
			if err := s.done("order.cancel-line", err); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return s.done("order.deliver", err)
		}
		if res.Delivered > 0 {
			s.rep.Actions["order.deliver"]++
		}
	}
	return nil
}

// receiveReturns receives the pickup orders due today (all their items).
func (s *Sim) receiveReturns(ctx context.Context) error {
	s.tick()
	open, err := s.svc.OpenPickupOrders(ctx, s.wh)
	if err != nil {
		return s.done("pickup.list", err)
	}
	for _, p := range open {
		if p.PickupDate.After(s.today) {
			continue
		}
		s.tick()
		_, err := s.svc.ReceivePickup(ctx, s.wh, p.Number, service.ReceiveInput{})
		if err := s.done("pickup.receive", err); err != nil {
			return err
		}
	}
	return nil
}

// recondition approves (the unit is lent again, with the components it carries)
// or scraps the units returned before today.
func (s *Sim) recondition(ctx context.Context) error {
	units, err := s.svc.ReconditioningUnits(ctx, s.wh)
	if err != nil {
		return s.done("reconditioning.list", err)
	}
	for _, u := range units {
		if !u.Since.Before(s.today) {
			continue
		}
		s.tick()
		if s.chance(0.8) {
			if err := s.done("unit.recondition-approve", s.svc.ApproveReconditioning(ctx, s.wh, u.Unit)); err != nil {
				return err
			}
			continue
		}
		_, err := s.svc.ScrapUnit(ctx, s.wh, u.Unit, "Simulering: sliten")
		if err := s.done("unit.scrap", err); err != nil {
			return err
		}
	}
	return nil
}

// housekeeping counts a plain article now and then (the count may not go below
// what is reserved), and the admin moves a unit to the other warehouse and back.
// The warehouse user may not count a unit-tracked article nor receive goods into
// another warehouse than its own.
func (s *Sim) housekeeping(ctx context.Context) error {
	q := s.db.Read()
	if s.chance(0.1) {
		art := one(s, s.art.plain)
		var onHand, reserved int
		if err := q.Get(ctx, "SELECT COALESCE(MAX(on_hand), 0), COALESCE(MAX(reserved), 0) FROM stock WHERE warehouse = '2000' AND article_number = ?",
			[]any{art}, &onHand, &reserved); err != nil {
			return err
		}
		s.tick()
		_, err := s.svc.CorrectStock(ctx, s.wh, service.CorrectionInput{Warehouse: "2000", Article: art,
			Counted: max(reserved, onHand+s.rng.IntN(5)-2), Reason: "Simulering: inventering"})
		if err := s.done("stock.count", err); err != nil {
			return err
		}
		s.tick()
		_, err = s.svc.CorrectStock(ctx, s.wh, service.CorrectionInput{Warehouse: "2000", Article: one(s, s.art.main), Counted: 1,
			Reason: "Simulering: inventering"})
		if err := s.refused("stock.count-unit-tracked", err); err != nil {
			return err
		}
		s.tick()
		_, err = s.svc.ReceiveGoods(ctx, s.wh, service.ReceiptInput{Warehouse: "3000", Article: art, Quantity: 1})
		if err := s.refused("stock.receive-other-warehouse", err); err != nil {
			return err
		}
	}
	if s.chance(0.1) {
		// A unit whose article is all reserved by open lines is not free to move.
		unit, err := randomRow(ctx, q, s, `SELECT u.number FROM units u JOIN stock st ON st.warehouse = u.warehouse AND st.article_number = u.article_number
			WHERE u.status = 'in_stock' AND u.warehouse = '2000' AND st.on_hand > st.reserved ORDER BY u.number`)
		if err != nil || unit == "" {
			return err
		}
		s.tick()
		if err := s.done("stock.move-unit", s.svc.MoveStock(ctx, s.admin, service.MoveInput{Unit: unit, To: "3000"})); err != nil {
			return err
		}
		s.tick()
		err = s.svc.MoveStock(ctx, s.wh, service.MoveInput{Unit: unit, To: "2000"})
		if err := s.refused("stock.move-from-other-warehouse", err); err != nil {
			return err
		}
		if s.chance(0.7) {
			s.tick()
			return s.done("stock.move-unit", s.svc.MoveStock(ctx, s.admin, service.MoveInput{Unit: unit, To: "2000"}))
		}
	}
	return nil
}

// --- technician and customer service

// technician closes the work orders registered before today; some are taken and
// noted first.
func (s *Sim) technician(ctx context.Context) error {
	s.tick()
	queue, err := s.svc.TechnicianQueue(ctx, s.tech)
	if err != nil {
		return s.done("workorder.queue", err)
	}
	for _, w := range queue {
		if !domain.DateOf(w.RegisteredAt).Before(s.today) || !s.chance(0.7) {
			continue
		}
		if w.Status == "registered" && s.chance(0.3) {
			s.tick()
			if _, err := s.svc.TakeWorkOrder(ctx, s.tech, w.Number); err != nil {
				return s.done("workorder.take", err)
			}
			s.rep.Actions["workorder.take"]++
			s.tick()
			if _, err := s.svc.NoteWorkOrder(ctx, s.tech, w.Number, "Simulering: reservdel beställd."); err != nil {
				return s.done("workorder.note", err)
			}
			s.rep.Actions["workorder.note"]++
			if s.chance(0.3) {
				// The technician makes the final assessment of the priority (SPEC §5).
				s.tick()
				_, err := s.svc.ChangeWorkOrderPriority(ctx, s.tech, w.Number, w.Priority%4+1, "Simulering: bedömt på plats.")
				if err := s.done("workorder.priority", err); err != nil {
					return err
				}
			}
			continue
		}
		if len(s.art.parts) > 0 && s.chance(0.5) {
			if err := s.sparePart(ctx, w.Number); err != nil {
				return err
			}
		}
		minutes := 15 + s.rng.IntN(90)
		s.tick()
		_, err := s.svc.CloseWorkOrder(ctx, s.tech, w.Number, service.CloseWorkOrderInput{Action: "Simulering: åtgärdat.", Minutes: &minutes})
		if err := s.done("workorder.close", err); err != nil {
			return err
		}
	}
	return nil
}

// sparePart records a spare part used on a work order, if the warehouse has one
// free (billed when the work order's action type is chargeable, SPEC §7).
func (s *Sim) sparePart(ctx context.Context, number string) error {
	part := one(s, s.art.parts)
	var free int
	if err := s.db.Read().Get(ctx, "SELECT COALESCE(MAX(on_hand - reserved), 0) FROM stock WHERE warehouse = '2000' AND article_number = ?",
		[]any{part}, &free); err != nil {
		return err
	}
	if free == 0 {
		return nil
	}
	// A spare part must fit the work order's unit by article and size (a side
	// already taken does not matter: it replaces a part).
	var unit string
	if err := s.db.Read().Get(ctx, "SELECT COALESCE(unit_number, '') FROM work_orders WHERE number = ?", []any{number}, &unit); err != nil {
		return err
	}
	notListed, limited, err := s.fitData(ctx, part, unit)
	if err != nil || unit != "" && limited {
		return err
	}
	s.tick()
	_, err = s.svc.AddWorkOrderPart(ctx, s.tech, number, service.WorkOrderPartInput{Article: part, Quantity: 1})
	if unit != "" && notListed {
		return s.refused("workorder.spare-part-does-not-fit", err)
	}
	return s.done("workorder.spare-part", err)
}

// customerService cancels an open order now and then (whole, or its open lines)
// and a pickup order, and unlocks locked BMBs.
func (s *Sim) customerService(ctx context.Context) error {
	q := s.db.Read()
	if s.chance(0.25) {
		number, err := randomRow(ctx, q, s, `SELECT number FROM orders WHERE status IN ('registered', 'partly_delivered') ORDER BY id`)
		if err != nil {
			return err
		}
		if number != "" {
			s.tick()
			_, err := s.svc.CancelOrder(ctx, s.cs, number, nil)
			if err := s.done("order.cancel", err); err != nil {
				return err
			}
		}
	}
	if s.chance(0.08) {
		number, err := randomRow(ctx, q, s, `SELECT number FROM pickup_orders WHERE status = 'registered' ORDER BY id`)
		if err != nil {
			return err
		}
		if number != "" {
			s.tick()
			_, err := s.svc.CancelPickup(ctx, s.cs, number)
			if err := s.done("pickup.cancel", err); err != nil {
				return err
			}
		}
	}
	s.tick()
	locked, err := s.svc.LockedTransfers(ctx, s.cs)
	if err != nil {
		return s.done("bmb.locked-list", err)
	}
	for _, t := range locked {
		if !s.chance(0.3) {
			continue
		}
		s.tick()
		_, err := s.svc.UnlockTransfer(ctx, s.cs, t.ID)
		if err := s.done("bmb.unlock", err); err != nil {
			return err
		}
	}
	return nil
}

// randomRow returns a random value of a one-column query ("" when it has no rows).
func randomRow(ctx context.Context, q *store.Q, s *Sim, query string, args ...any) (string, error) {
	list, err := q.Strings(ctx, query, args...)
	if err != nil || len(list) == 0 {
		return "", err
	}
	return one(s, list), nil
}

func strArgs(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}
