package service

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Kundorder (manual "Beställa hjälpmedel", "… med komponenter", "Komplettera en
// individ med komponent", "Makulera lagd order"; SPEC §3.7, §4 Fulfilment, §5).

// Recipient is who receives the devices: a patient or a care unit (lagerpåfyllnad).
type Recipient struct {
	Personnummer string
	Customer     string
}

// DraftInput starts an order (Orderinformation).
type DraftInput struct {
	Recipient Recipient
	Customer  string // Kund/leveransadress, one the prescriber is linked to
}

// LineInput is an order line as entered.
type LineInput struct {
	Article  string
	Quantity int    // 0 means 1
	Payer    string // "" means the customer's payer
	Unit     string // Kompl. individ: attach this component to the recipient's unit
	Add      []string
	Remove   []string // each entry removes one occurrence from the base configuration
}

// DeliveryInput is the delivery information (Leveransuppgifter).
type DeliveryInput struct {
	From            string // customer (default) or recipient
	Phone           string
	Mobile          string
	DoorCode        string
	Instructions    string
	WarehouseInfo   string
	DeliverTogether bool
	Urgent          bool
}

// OrderInput is a complete order in one call (POST /api/v1/orders).
type OrderInput struct {
	DraftInput
	Lines          []LineInput
	Delivery       DeliveryInput
	IdempotencyKey string
}

// Text limits of the delivery fields.
const (
	maxInstructions = 255
	maxWarehouseInf = 255
)

// orderCtx caches look-ups within one action.
type orderCtx struct {
	s        *Service
	q        repo.Queries
	a        *Actor
	now      time.Time
	cust     *domain.OrderCustomer
	articles map[string]*domain.OrderArticle
	chains   map[string][]string               // loaded by loadChains; absent: not looked up yet
	base     map[string][]domain.BaseComponent // loaded by loadBase; absent: not looked up yet
	moves    []domain.JournalRow
	fit      *fitter
	units    map[string]*domain.FitUnit // the recipient's units' configurations as this action changes them
	held     []domain.RecipientUnit     // the recipient's units; nil: not looked up yet
	// The dates the rules gave this action, by their input: an order's lines
	// share a few (reasons are shared, never changed).
	dispatches map[domain.DispatchInput]domain.Dated
	arrivals   map[time.Time]domain.Dated
}

// notLoaded returns the keys, trimmed, that a cache of the action has not looked up yet, each once.
func notLoaded[V any](cache map[string]V, keys []string) []string {
	var need []string
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if _, ok := cache[k]; !ok && k != "" && !slices.Contains(need, k) {
			need = append(need, k)
		}
	}
	return need
}

// loadChains looks up the replacement chains of many articles in one query.
func (c *orderCtx) loadChains(ctx context.Context, articles []string) error {
	need := notLoaded(c.chains, articles)
	if len(need) == 0 {
		return nil
	}
	m, err := c.q.FindChains(ctx, need)
	if err != nil {
		return err
	}
	for _, a := range need {
		c.chains[a] = m[a] // nil: no chain
	}
	return nil
}

func (c *orderCtx) chainOf(ctx context.Context, article string) ([]string, error) {
	if err := c.loadChains(ctx, []string{article}); err != nil {
		return nil, err
	}
	return c.chains[article], nil
}

// flushMoves writes the stock journal of the action.
func (c *orderCtx) flushMoves(ctx context.Context) error {
	err := c.q.AddStockMovements(ctx, c.moves, c.now)
	c.moves = nil
	return err
}

func (s *Service) newOrderCtx(q repo.Queries, a *Actor, cust *domain.OrderCustomer) *orderCtx {
	return &orderCtx{s: s, q: q, a: a, now: s.Now(), cust: cust, articles: map[string]*domain.OrderArticle{}, chains: map[string][]string{},
		base: map[string][]domain.BaseComponent{}, fit: newFitter(q), units: map[string]*domain.FitUnit{},
		dispatches: map[domain.DispatchInput]domain.Dated{}, arrivals: map[time.Time]domain.Dated{}}
}

// useFacts takes the articles, base configurations and chains f has looked up,
// when f looked them up the same day (an article's price is the day's).
func (c *orderCtx) useFacts(f *orderCtx) {
	if domain.DateOf(f.now).Equal(domain.DateOf(c.now)) {
		c.articles, c.chains, c.base = f.articles, f.chains, f.base
	}
}

func (c *orderCtx) article(ctx context.Context, number string) (*domain.OrderArticle, error) {
	if a, ok := c.articles[number]; ok {
		return a, nil
	}
	a, err := c.q.FindOrderArticle(ctx, number, domain.DateOf(c.now))
	if err != nil {
		return nil, err
	}
	c.articles[number] = a
	return a, nil
}

// loadArticles loads the articles not yet looked up in one query (unknown ones
// stay absent: article looks them up alone and reports them).
func (c *orderCtx) loadArticles(ctx context.Context, numbers []string) error {
	need := notLoaded(c.articles, numbers)
	if len(need) == 0 {
		return nil
	}
	m, err := c.q.FindOrderArticles(ctx, need, domain.DateOf(c.now))
	if err != nil {
		return err
	}
	for k, v := range m {
		c.articles[k] = v
	}
	return nil
}

// loadBase loads the base configurations not yet looked up in one query, and the
// articles of their components in another.
func (c *orderCtx) loadBase(ctx context.Context, articles []string) error {
	need := notLoaded(c.base, articles)
	if len(need) == 0 {
		return nil
	}
	m, err := c.q.FindBaseComponents(ctx, need)
	if err != nil {
		return err
	}
	var comps []string
	for _, a := range need {
		c.base[a] = m[a] // nil: no base configuration
		for _, b := range m[a] {
			comps = append(comps, b.Article)
		}
	}
	return c.loadArticles(ctx, comps)
}

// prefetchLines loads what a whole order's lines need (their articles, base
// configurations, components and replacement chains) in one query instead of
// some per line.
func (c *orderCtx) prefetchLines(ctx context.Context, lines []LineInput) error {
	var arts []string
	for _, l := range lines {
		arts = append(arts, l.Article)
		arts = append(arts, l.Add...)
	}
	need := notLoaded(c.articles, arts)
	if len(need) == 0 {
		return nil
	}
	f, err := c.q.FindOrderFacts(ctx, need, domain.DateOf(c.now))
	if err != nil {
		return err
	}
	for number, a := range f.Articles {
		c.articles[number] = a
		c.base[number] = f.Base[number]     // nil: no base configuration
		c.chains[number] = f.Chains[number] // nil: no chain
	}
	return nil
}

// orderable checks that an article may be ordered here; field names the form field for messages.
func (c *orderCtx) orderable(ctx context.Context, field, number string) (*domain.OrderArticle, error) {
	number = strings.TrimSpace(number)
	if number == "" {
		return nil, domain.Invalid(field, "Ange artikelnummer.")
	}
	art, err := c.article(ctx, number)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalidf(field, "Artikel %s finns inte.", number)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case art.NotOrderable:
		var guidance any = art.NotOrderableText // the article's own guidance, as written
		if art.NotOrderableText == "" {
			guidance = domain.Term("Artikeln kan inte beställas här.")
		}
		return nil, domain.Invalidf(field, "Artikel %s kan inte beställas här. %s", number, guidance)
	case art.Status == "discontinued":
		return nil, domain.Invalidf(field, "Artikel %s är utgången och kan inte beställas.", number)
	case !art.InAssortment:
		return nil, domain.Invalidf(field, "Artikel %s ligger utanför sortimentet och kan inte beställas här.", number)
	}
	return art, nil
}

// lineTree is a main line with its components, before or after it is stored.
type lineTree struct {
	main  *domain.OrderLine
	comps []*domain.OrderLine
	// carries: what each unit picked in this transaction carries (pickTree),
	// so that its delivery need not read it again.
	carries map[string][]domain.UnitComponent
}

// checkOrderer returns an error unless the actor may order for a customer.
func checkOrderer(a *Actor, customer string) error {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return err
	}
	if !a.CanPrescribe {
		return domain.Errorf(domain.EForbidden, "Du saknar förskrivningsrätt och kan inte beställa.")
	}
	if customer != "" {
		return a.MayPrescribeFor("customer", customer)
	}
	return nil
}

// resolveDraft checks the order information and returns the order row to create,
// its customer and the recipient patient (nil for a care unit).
func (s *Service) resolveDraft(ctx context.Context, q repo.Queries, a *Actor, in DraftInput) (*domain.Order, *domain.OrderCustomer, *domain.OrderPerson, error) {
	in.Customer = strings.TrimSpace(in.Customer)
	if in.Customer == "" {
		c, err := defaultOrderCustomer(ctx, q, a, in.Recipient.Personnummer, "")
		if err != nil {
			return nil, nil, nil, err
		}
		if in.Customer = c; c == "" {
			return nil, nil, nil, domain.Invalid("customer", "Välj kund/leveransadress.")
		}
	}
	if err := checkOrderer(a, in.Customer); err != nil {
		return nil, nil, nil, err
	}
	pnr, rc := strings.TrimSpace(in.Recipient.Personnummer), strings.TrimSpace(in.Recipient.Customer)
	p, badPnr := domain.ParsePersonnummer(pnr)
	patient := "" // read with the customer, when the order names one
	if pnr != "" && badPnr == nil && rc == "" {
		patient = string(p)
	}
	cust, person, err := q.FindOrderCustomerAndPerson(ctx, in.Customer, patient)
	if err != nil {
		return nil, nil, nil, err
	}
	if cust == nil {
		return nil, nil, nil, domain.Invalidf("customer", "Kund %s finns inte.", in.Customer)
	}
	o := &domain.Order{Status: "draft", CustomerNumber: cust.Number, CustomerName: cust.Name, PayerNumber: cust.Payer,
		PayerName: cust.PayerName, Warehouse: cust.Warehouse, PrescriberID: a.ID, PrescriberUsername: a.Username,
		PrescriberName: a.Name, CreatedAt: s.Now()}
	switch {
	case pnr != "" && rc != "":
		return nil, nil, nil, domain.Invalid("recipient", "Ange antingen patient eller vårdenhet som mottagare, inte båda.")
	case pnr != "":
		if badPnr != nil {
			return nil, nil, nil, domain.Invalid("personnummer", domain.ErrorMessage(badPnr))
		}
		if person == nil {
			return nil, nil, nil, domain.Invalidf("personnummer", "Personnummer %s finns inte i folkbokföringen.", p)
		}
		o.RecipientPersonnummer, o.RecipientName = string(p), person.LastName+", "+person.FirstName
		return o, cust, person, nil
	case rc != "":
		recipient, err := q.FindOrderCustomer(ctx, rc)
		if err != nil {
			if domain.ErrorCode(err) == domain.ENotFound {
				return nil, nil, nil, domain.Invalidf("recipientCustomer", "Vårdenhet %s finns inte.", rc)
			}
			return nil, nil, nil, err
		}
		if err := a.MayPrescribeFor("recipientCustomer", rc); err != nil {
			return nil, nil, nil, err
		}
		o.RecipientCustomer, o.RecipientName = rc, recipient.Name
	default:
		return nil, nil, nil, domain.Invalid("personnummer", "Ange mottagare: patientens personnummer eller en vårdenhet.")
	}
	return o, cust, nil, nil
}

// buildLine validates an entered line and builds it with its base configuration and component changes.
func (c *orderCtx) buildLine(ctx context.Context, o *domain.Order, in LineInput, prefix string) (*lineTree, error) {
	field := func(f string) string {
		if prefix == "" {
			return f
		}
		return prefix + "." + f
	}
	art, err := c.orderable(ctx, field("article"), in.Article)
	if err != nil {
		return nil, err
	}
	qty := in.Quantity
	if qty == 0 {
		qty = 1
	}
	if qty < 0 || qty > 999 {
		return nil, domain.Invalid(field("quantity"), "Antal måste vara mellan 1 och 999.")
	}
	payer, payerName := strings.TrimSpace(in.Payer), c.cust.PayerName
	if payer == "" {
		payer = o.PayerNumber
	} else if name, ok, err := c.q.ActivePayerName(ctx, payer); err != nil {
		return nil, err
	} else if !ok {
		return nil, domain.Invalidf(field("payer"), "Betalare %s finns inte.", payer)
	} else if err := c.s.mayBill(ctx, c.q, c.a, field("payer"), o.PayerNumber, payer); err != nil {
		return nil, err
	} else {
		payerName = name
	}
	t := &lineTree{main: &domain.OrderLine{OrderID: o.ID, Article: art.Number, ArticleName: art.Name, DeliveredArticle: art.Number,
		DeliveredName: art.Name, Individual: art.Individual, Payer: payer, PayerName: payerName, Warehouse: c.cust.Warehouse, Quantity: qty,
		Purpose: art.Purpose, UnitPrice: art.Price, Status: "open"}}
	if u := strings.TrimSpace(in.Unit); u != "" {
		if err := c.complementUnit(ctx, o, field("unit"), u, art.Number, qty, 0); err != nil {
			return nil, err
		}
		t.main.ComplementUnit = u
	}
	if err := c.loadBase(ctx, []string{art.Number}); err != nil {
		return nil, err
	}
	for _, b := range c.base[art.Number] {
		ca, err := c.article(ctx, b.Article)
		if err != nil {
			return nil, err
		}
		// Listed per piece, as in the manual (two leg rests are two sub-lines).
		for range b.Quantity {
			t.comps = append(t.comps, c.componentLine(t.main, ca, 1, true))
		}
	}
	for i, r := range in.Remove {
		r = strings.TrimSpace(r)
		idx := slices.IndexFunc(t.comps, func(l *domain.OrderLine) bool { return l.Article == r })
		if idx < 0 {
			return nil, domain.Invalidf(field(fmt.Sprintf("components.remove[%d]", i)), "Artikel %s finns inte bland komponenterna till %s.", r, art.Number)
		}
		t.comps = slices.Delete(t.comps, idx, idx+1)
	}
	if len(in.Add) == 0 {
		return t, nil
	}
	var installed []string
	for _, comp := range t.comps {
		installed = append(installed, comp.Article)
	}
	fu, err := c.fit.unit(ctx, art.Number, installed)
	if err != nil {
		return nil, err
	}
	for i, add := range in.Add {
		f := field(fmt.Sprintf("components.add[%d]", i))
		ca, err := c.orderable(ctx, f, add)
		if err != nil {
			return nil, err
		}
		if err := c.fit.mount(ctx, &fu, f, ca.Number, 1); err != nil {
			return nil, err
		}
		t.comps = append(t.comps, c.componentLine(t.main, ca, 1, false))
	}
	return t, nil
}

func (c *orderCtx) componentLine(main *domain.OrderLine, ca *domain.OrderArticle, perUnit int, base bool) *domain.OrderLine {
	return &domain.OrderLine{OrderID: main.OrderID, ParentID: main.ID, FromBase: base, Article: ca.Number, ArticleName: ca.Name,
		DeliveredArticle: ca.Number, DeliveredName: ca.Name, Individual: ca.Individual, Payer: main.Payer, PayerName: main.PayerName, Warehouse: main.Warehouse,
		Quantity: perUnit * main.Quantity, Purpose: ca.Purpose, UnitPrice: ca.Price, Status: "open"}
}

// recipientUnits are the units the order's recipient holds now, looked up once.
func (c *orderCtx) recipientUnits(ctx context.Context, o *domain.Order) ([]domain.RecipientUnit, error) {
	if c.held == nil {
		units, err := c.q.FindRecipientUnits(ctx, o.RecipientPersonnummer, o.RecipientCustomer)
		if err != nil {
			return nil, err
		}
		c.held = append([]domain.RecipientUnit{}, units...)
	}
	return c.held, nil
}

// recipientUnit: Kompl. individ attaches to a unit the recipient holds now.
func (c *orderCtx) recipientUnit(ctx context.Context, o *domain.Order, field, unit string) (*domain.RecipientUnit, error) {
	units, err := c.recipientUnits(ctx, o)
	if err != nil {
		return nil, err
	}
	for i := range units {
		if units[i].Unit == unit {
			return &units[i], nil
		}
	}
	return nil, domain.Invalidf(field, "Individ %s finns inte hos mottagaren.", unit)
}

// plan decides a line's delivered article (replacement chain), reservation and
// dispatch date. With reserve it reserves stock atomically; without, it previews
// from the current balance.
func (c *orderCtx) plan(ctx context.Context, l *domain.OrderLine, ref string, reserve bool) error {
	need := l.Quantity - l.Reserved
	if !l.Open() || need <= 0 && reserve {
		return nil
	}
	chain, err := c.chainOf(ctx, l.Article)
	if err != nil {
		return err
	}
	single := len(chain) == 0
	if single {
		chain = []string{l.Article}
	}
	cands := make([]domain.ChainCandidate, len(chain))
	for i, a := range chain {
		art, err := c.article(ctx, a)
		if err != nil {
			return err
		}
		avail := 0
		switch {
		case art.Status == "order_item":
		case single && reserve:
			avail = l.Quantity // the conditional reservation below decides
		default:
			if avail, err = c.q.Available(ctx, l.Warehouse, a); err != nil {
				return err
			}
		}
		cands[i] = domain.ChainCandidate{Article: a, Available: avail}
	}
	var chosen, note string
	available := false
	for {
		chosen, note = domain.ChooseFromChain(cands, l.Article, l.Quantity)
		if single {
			note = ""
		}
		idx := slices.IndexFunc(cands, func(x domain.ChainCandidate) bool { return x.Article == chosen })
		if idx < 0 || cands[idx].Available < l.Quantity {
			break // nothing in stock: lead time
		}
		if !reserve {
			available = true
			break
		}
		ok, err := c.q.TryReserve(ctx, l.Warehouse, chosen, l.Quantity)
		if err != nil {
			return err
		}
		if ok {
			available = true
			l.Reserved = l.Quantity
			c.moves = append(c.moves, domain.JournalRow{Warehouse: l.Warehouse, Article: chosen, ReservedDelta: l.Quantity,
				Reason: "reserve", Reference: ref, User: c.a.Username})
			break
		}
		cands[idx].Available = 0 // another order took it meanwhile
	}
	art, err := c.article(ctx, chosen)
	if err != nil {
		return err
	}
	l.DeliveredArticle, l.DeliveredName, l.Individual, l.ChainNote = chosen, art.Name, art.Individual, note
	if available {
		c.setDates(l, c.dispatch(c.dispatchInput(art, true, l.Quantity)))
		return nil
	}
	return c.planWaiting(ctx, l, art, l.Quantity, nil)
}

// dispatchInput is what the dispatch rule needs of an article at the customer's warehouse.
func (c *orderCtx) dispatchInput(art *domain.OrderArticle, available bool, quantity int) domain.DispatchInput {
	return domain.DispatchInput{Stocked: art.Status != "order_item", Available: available, LeadTimeDays: art.LeadTimeDays,
		Warehouse: c.cust.WarehouseName, Quantity: quantity}
}

// setDates sets a line's dispatch date as the rule decided it and its arrival
// by the customer's route, each with the rule's reasons.
func (c *orderCtx) setDates(l *domain.OrderLine, d domain.Dated) {
	a := c.arrival(d.Date)
	l.Dispatch, l.DispatchBecause = d.Date, d.Because
	l.Arrival, l.ArrivalBecause = a.Date, a.Because
}

// dispatch is the dispatch date the rule gives in, worked out once per action.
func (c *orderCtx) dispatch(in domain.DispatchInput) domain.Dated {
	d, ok := c.dispatches[in]
	if !ok {
		d = domain.DispatchDate(in, c.now)
		c.dispatches[in] = d
	}
	return d
}

// arrival is the arrival at the customer for a dispatch date, worked out once per action.
func (c *orderCtx) arrival(dispatch time.Time) domain.Dated {
	a, ok := c.arrivals[dispatch]
	if !ok {
		a = domain.ArrivalDate(dispatch, domain.Route{Weekdays: domain.ParseWeekdays(c.cust.RouteWeekdays), Daily: c.cust.Daily})
		c.arrivals[dispatch] = a
	}
	return a
}

// prepareLines plans the lines of an order at Verkställ. Lines of a replacement
// chain (the chain decides the article) and order items are planned and reserved
// one by one. The other ("plain") lines are planned from the current balance and,
// where it suffices, as reserved: they are returned, to be reserved together by
// reservePlain at the very end, and their journal rows are queued already.
func (c *orderCtx) prepareLines(ctx context.Context, trees []*lineTree) ([]*domain.OrderLine, error) {
	var plain []*domain.OrderLine
	need := map[string]int{}
	for _, t := range trees {
		for _, l := range append([]*domain.OrderLine{t.main}, t.comps...) {
			if !l.Open() || l.Reserved >= l.Quantity {
				continue
			}
			chain, err := c.chainOf(ctx, l.Article)
			if err != nil {
				return nil, err
			}
			art, err := c.article(ctx, l.Article)
			if err != nil {
				return nil, err
			}
			if len(chain) > 0 || art.Status == "order_item" {
				if err := c.plan(ctx, l, "", true); err != nil {
					return nil, err
				}
				continue
			}
			l.DeliveredArticle, l.DeliveredName, l.Individual, l.ChainNote = art.Number, art.Name, art.Individual, ""
			plain = append(plain, l)
			need[l.Article] += l.Quantity
		}
	}
	avail, err := c.q.AvailableMany(ctx, c.cust.Warehouse, slices.Collect(maps.Keys(need)))
	if err != nil {
		return nil, err
	}
	reserve := plain[:0]
	for _, l := range plain {
		art, err := c.article(ctx, l.Article)
		if err != nil {
			return nil, err
		}
		if level := avail[l.Article]; level.Available < need[l.Article] {
			if err := c.planWaiting(ctx, l, art, need[l.Article], &level); err != nil {
				return nil, err
			}
			continue
		}
		l.Reserved = l.Quantity
		c.setDates(l, c.dispatch(c.dispatchInput(art, true, need[l.Article])))
		c.moves = append(c.moves, domain.JournalRow{Warehouse: l.Warehouse, Article: l.Article, ReservedDelta: l.Quantity,
			Reason: "reserve", User: c.a.Username})
		reserve = append(reserve, l)
	}
	for _, t := range trees {
		c.mainDates(t)
	}
	return reserve, nil
}

// planWaiting plans a line whose delivered article art is not available for
// it: nothing reserved, the lead time or what open purchase orders bring. need
// is what the order needs of the article at the warehouse; the reasons name the
// warehouse's balance of a stocked article: level when the caller has read it
// (the balance its decision was made on), else read now.
func (c *orderCtx) planWaiting(ctx context.Context, l *domain.OrderLine, art *domain.OrderArticle, need int, level *domain.StockLevel) error {
	l.Reserved = 0
	in := c.dispatchInput(art, false, need)
	var err error
	if in.Incoming, err = c.incoming(ctx, l.Warehouse, art.Number, l.Quantity); err != nil {
		return err
	}
	switch {
	case !in.Stocked:
	case level != nil:
		in.OnHand, in.Reserved = level.OnHand, level.Reserved
	default:
		bs, err := c.q.FindStockBalances(ctx, domain.StockFilter{Warehouse: l.Warehouse, Article: art.Number, Limit: 1})
		if err != nil {
			return err
		}
		for _, b := range bs {
			in.OnHand, in.Reserved = b.OnHand, b.Reserved
		}
	}
	c.setDates(l, c.dispatch(in))
	return nil
}

// mainDates: the main aid leaves with its components, so its dispatch date is the latest of them.
func (c *orderCtx) mainDates(t *lineTree) {
	var comps []domain.ComponentDate
	for _, comp := range t.comps {
		if comp.Open() {
			comps = append(comps, domain.ComponentDate{Article: comp.DeliveredArticle, Dispatch: comp.Dispatch})
		}
	}
	c.setDates(t.main, domain.LeavesWithComponents(domain.Dated{Date: t.main.Dispatch, Because: t.main.DispatchBecause}, comps))
}

// reservePlain reserves the plain lines' stock in one statement, per article all
// or nothing; the conditional UPDATE decides a race for the last unit. It comes
// last in the transaction, so the stock rows stay locked only for it and the
// commit. A line whose article was taken meanwhile gets the supplier's lead time
// instead, and its queued journal rows are taken back.
func (c *orderCtx) reservePlain(ctx context.Context, o *domain.Order, trees []*lineTree, plain []*domain.OrderLine) error {
	qty := map[string]int{}
	for _, l := range plain {
		qty[l.Article] += l.Quantity
	}
	got, err := c.q.ReserveMany(ctx, c.cust.Warehouse, qty)
	if err != nil {
		return err
	}
	failed := map[string]bool{}
	for _, l := range plain {
		if got[l.Article] {
			continue
		}
		art, err := c.article(ctx, l.Article)
		if err != nil {
			return err
		}
		if err := c.planWaiting(ctx, l, art, qty[l.Article], nil); err != nil {
			return err
		}
		if !failed[l.Article] {
			failed[l.Article] = true
			if err := c.q.SetArticleLinesWaiting(ctx, o.ID, l); err != nil {
				return err
			}
			if err := c.q.DeleteReserveMovements(ctx, l.Warehouse, l.Article, o.Number); err != nil {
				return err
			}
		}
	}
	if len(failed) == 0 {
		return nil
	}
	for _, t := range trees {
		before := t.main.Dispatch
		c.mainDates(t)
		if !t.main.Dispatch.Equal(before) || failed[t.main.Article] {
			if err := c.q.SetLinePlan(ctx, t.main); err != nil {
				return err
			}
		}
	}
	return nil
}

// planTree plans a main line and its components; the main aid leaves with its
// components, so its dispatch date is the latest of them.
func (c *orderCtx) planTree(ctx context.Context, t *lineTree, ref string, reserve bool) error {
	if err := c.plan(ctx, t.main, ref, reserve); err != nil {
		return err
	}
	for _, comp := range t.comps {
		if err := c.plan(ctx, comp, ref, reserve); err != nil {
			return err
		}
	}
	c.mainDates(t)
	return nil
}

// insertTrees stores new main lines from position pos on with their
// components, and sets every line's id.
func (c *orderCtx) insertTrees(ctx context.Context, trees []*lineTree, pos int) error {
	mains, comps := linesOf(trees)
	for i, l := range mains {
		l.Position = pos + i
	}
	return c.q.CreateLineTrees(ctx, mains, comps)
}

// linesOf lists trees' main lines and, for each, its components.
func linesOf(trees []*lineTree) (mains []*domain.OrderLine, comps [][]*domain.OrderLine) {
	mains = make([]*domain.OrderLine, len(trees))
	comps = make([][]*domain.OrderLine, len(trees))
	for i, t := range trees {
		mains[i], comps[i] = t.main, t.comps
	}
	return mains, comps
}

// treesOf groups stored lines into main lines with their components.
func treesOf(lines []domain.OrderLine) []*lineTree {
	var out []*lineTree
	byID := map[int64]*lineTree{}
	for i := range lines {
		l := &lines[i]
		if l.ParentID == 0 {
			t := &lineTree{main: l}
			byID[l.ID] = t
			out = append(out, t)
		} else if t := byID[l.ParentID]; t != nil {
			t.comps = append(t.comps, l)
		}
	}
	return out
}

// delivery resolves the delivery address: the customer's (default) or the
// recipient's home; a protected person's address is never used. person is the
// recipient patient if already loaded (nil: looked up when needed).
func (s *Service) delivery(ctx context.Context, q repo.Queries, o *domain.Order, cust *domain.OrderCustomer, person *domain.OrderPerson, in DeliveryInput) (domain.OrderDelivery, error) {
	if err := domain.CheckMaxLength("instructions", "Instruktioner", in.Instructions, maxInstructions); err != nil {
		return domain.OrderDelivery{}, err
	}
	if err := domain.CheckMaxLength("warehouseInfo", "Övrig information", in.WarehouseInfo, maxWarehouseInf); err != nil {
		return domain.OrderDelivery{}, err
	}
	d := domain.OrderDelivery{Source: "customer", Name: cust.Name, Street: cust.Street, PostalCode: cust.PostalCode, Town: cust.Town,
		Phone: cust.Phone}
	rd, protected, err := s.recipientDelivery(ctx, q, o, person)
	if err != nil {
		return d, err
	}
	// The form starts with the phone of the address it starts with. A phone
	// still equal to the other address's was not typed: it is left from before
	// the user chose Mottagare (or Kund), so the chosen address's phone applies.
	otherPhone := rd.Phone
	switch in.From {
	case "", "customer":
		if protected {
			otherPhone = ""
		}
	case "recipient":
		if protected {
			return d, domain.Invalid("from", "Patienten har skyddade personuppgifter. Leverans sker till kundens adress.")
		}
		d, otherPhone = rd, cust.Phone
	default:
		return d, domain.Invalid("from", "Hämta leveransadress från kund eller mottagare.")
	}
	if v := strings.TrimSpace(in.Phone); v != "" && v != otherPhone {
		d.Phone = v
	}
	d.Mobile, d.DoorCode = strings.TrimSpace(in.Mobile), strings.TrimSpace(in.DoorCode)
	d.Instructions, d.WarehouseInfo = strings.TrimSpace(in.Instructions), strings.TrimSpace(in.WarehouseInfo)
	d.DeliverTogether = in.DeliverTogether
	return d, nil
}

// recipientDelivery is the address of an order's recipient (Mottagare): the
// patient's home, or the care unit's. protected is true for a patient with
// protected identity, whose address is never used.
func (s *Service) recipientDelivery(ctx context.Context, q repo.Queries, o *domain.Order, person *domain.OrderPerson) (d domain.OrderDelivery, protected bool, err error) {
	d.Source = "recipient"
	if o.RecipientPersonnummer == "" {
		rc, err := q.FindOrderCustomer(ctx, o.RecipientCustomer)
		if err != nil {
			return d, false, err
		}
		d.Name, d.Street, d.PostalCode, d.Town, d.Phone = rc.Name, rc.Street, rc.PostalCode, rc.Town, rc.Phone
		return d, false, nil
	}
	p := person
	if p == nil || p.Personnummer != o.RecipientPersonnummer {
		if p, err = q.FindOrderPerson(ctx, o.RecipientPersonnummer); err != nil {
			return d, false, err
		}
	}
	if p.Protected {
		return domain.OrderDelivery{Source: "recipient"}, true, nil
	}
	d.Name, d.Street, d.PostalCode, d.Town, d.Phone = p.LastName+", "+p.FirstName, p.Street, p.PostalCode, p.Town, p.Phone
	return d, false, nil
}

// planLines plans an order's lines at Verkställ (prepareLines) and returns
// the plain lines, whose stock complete reserves last.
func (c *orderCtx) planLines(ctx context.Context, trees []*lineTree) ([]*domain.OrderLine, error) {
	var arts []string
	for _, t := range trees {
		arts = append(arts, t.main.Article)
		for _, comp := range t.comps {
			arts = append(arts, comp.Article)
		}
	}
	if err := c.loadChains(ctx, arts); err != nil {
		return nil, err
	}
	// Plan and store everything first and reserve the plain lines' stock last,
	// in one statement: PostgreSQL holds row locks until commit, and every order
	// wants the same popular stock rows.
	return c.prepareLines(ctx, trees)
}

// number gives the order its number, as late as the action can: the lines are
// planned and checked.
func (c *orderCtx) number(ctx context.Context, o *domain.Order) error {
	number, err := c.s.db.NextDocNumber(ctx, c.q, domain.DocOrder, c.now)
	if err != nil {
		return err
	}
	registered(o, number, c.now)
	return nil
}

// registered marks an order registered at now under its number.
func registered(o *domain.Order, number string, now time.Time) {
	o.Number, o.Status, o.RegisteredAt = number, "registered", now
}

// registerDraft registers a stored draft with planned lines, inside the
// caller's transaction.
func (c *orderCtx) registerDraft(ctx context.Context, o *domain.Order, trees []*lineTree) error {
	plain, err := c.planLines(ctx, trees)
	if err != nil {
		return err
	}
	for _, t := range trees {
		for _, l := range append([]*domain.OrderLine{t.main}, t.comps...) {
			if err := c.q.SetLinePlan(ctx, l); err != nil {
				return err
			}
		}
	}
	if err := c.number(ctx, o); err != nil {
		return err
	}
	ok, err := c.q.RegisterOrder(ctx, o.ID, o.Number, c.now)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Errorf(domain.EConflict, "Ordern är redan verkställd.")
	}
	return c.complete(ctx, o, trees, plain)
}

// complete finishes a registered order's transaction: the stock journal, the
// message to customer service about an urgent order, the audit entry and the
// accessory pairs, and last the plain lines' stock.
func (c *orderCtx) complete(ctx context.Context, o *domain.Order, trees []*lineTree, plain []*domain.OrderLine) error {
	number := o.Number
	for i := range c.moves {
		c.moves[i].Reference = number
	}
	if err := c.flushMoves(ctx); err != nil {
		return err
	}
	if o.Urgent {
		ids, err := c.q.UserIDsWithRole(ctx, domain.RoleCustomerService)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := c.s.Notify(ctx, c.q, id, domain.Msgf("Akut leverans: Kundorder %s", number),
				domain.Msgf("Förskrivare %s har markerat kundorder %s som akut. Kontakta förskrivaren och hjälp till med leveransen.", c.a.Username, number),
				"/kundtjanst/ordrar?order="+number); err != nil {
				return err
			}
		}
	}
	if err := c.s.audit(ctx, c.q, c.a, Audit{Action: "order.register", Entity: "order", EntityID: number, Personnummer: o.RecipientPersonnummer,
		After: map[string]any{"customer": o.CustomerNumber, "lines": len(trees), "urgent": o.Urgent}}); err != nil {
		return err
	}
	// The accessory suggestions count the order in its own transaction, before
	// the stock rows (the hottest) are changed last.
	pairs, err := c.accessoryPairs(ctx, o, trees)
	if err != nil {
		return err
	}
	if err := c.q.AddAccessoryPairs(ctx, pairs); err != nil {
		return err
	}
	return c.reservePlain(ctx, o, trees, plain)
}

// PlaceOrder registers a complete order in one transaction (the API). A repeated
// idempotency key returns the order first created, with created=false.
func (s *Service) PlaceOrder(ctx context.Context, a *Actor, in OrderInput) (*domain.Order, bool, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, false, err
	}
	if len(in.Lines) == 0 {
		return nil, false, domain.Invalid("lines", "Ordern saknar orderrader.")
	}
	// The lines' catalogue facts (articles, base configurations, replacement
	// chains) are read before the transaction, on the reader pool, so that
	// SQLite's one writer only checks and writes. Only an admin changes them,
	// and an order that read them before such a change is one placed before
	// it. A failed read is met again, and reported, in the transaction.
	facts := s.newOrderCtx(s.db.Read(), a, nil)
	facts.prefetchLines(ctx, in.Lines)
	var answer *domain.Order
	return s.placeOnce(ctx, a, in.IdempotencyKey, &answer, func(q repo.Queries, claim func(string) error) (string, bool, error) {
		answer = nil // a retried transaction starts over
		o, cust, person, err := s.resolveDraft(ctx, q, a, in.DraftInput)
		if err != nil {
			return "", false, err
		}
		c := s.newOrderCtx(q, a, cust)
		c.useFacts(facts)
		if o.Delivery, err = s.delivery(ctx, q, o, cust, person, in.Delivery); err != nil {
			return "", false, err
		}
		o.Urgent = in.Delivery.Urgent
		if err := c.prefetchLines(ctx, in.Lines); err != nil {
			return "", false, err
		}
		var trees []*lineTree
		for i, li := range in.Lines {
			t, err := c.buildLine(ctx, o, li, fmt.Sprintf("lines[%d]", i))
			if err != nil {
				return "", false, err
			}
			trees = append(trees, t)
		}
		// The order is written registered, with its number and its lines:
		// one INSERT instead of a draft's and the UPDATE that registers it,
		// and on PostgreSQL with the commit, under ids taken with the number,
		// which is taken there while the lines are planned (an order refused
		// meanwhile skips its number: numbers are unique, not gapless).
		lines := 0
		for _, t := range trees {
			lines += 1 + len(t.comps)
		}
		taken := s.db.NextOrderNumber(ctx, q, c.now, lines)
		plain, err := c.planLines(ctx, trees)
		if err != nil {
			return "", false, err
		}
		number, ids, err := taken()
		if err != nil {
			return "", false, err
		}
		registered(o, number, c.now)
		mains, comps := linesOf(trees)
		if err := q.CreateOrderWithLines(ctx, o, ids, mains, comps); err != nil {
			return "", false, err
		}
		if err := claim(strconv.FormatInt(o.ID, 10)); err != nil {
			return "", false, err
		}
		if err := c.complete(ctx, o, trees, plain); err != nil {
			return "", false, err
		}
		answer = placedOrder(o, trees)
		return strconv.FormatInt(o.ID, 10), true, nil
	})
}

// placedOrder is a just-registered order as FindOrderByID reads it after the
// commit, from what its transaction wrote (the store has set every line's id).
func placedOrder(o *domain.Order, trees []*lineTree) *domain.Order {
	placed := *o
	placed.CreatedAt, placed.RegisteredAt = domain.StoredTimestamp(o.CreatedAt), domain.StoredTimestamp(o.RegisteredAt)
	placed.Lines = nil
	for _, t := range trees {
		for _, l := range append([]*domain.OrderLine{t.main}, t.comps...) {
			line := *l
			line.Dispatch, line.Arrival = domain.StoredDate(l.Dispatch), domain.StoredDate(l.Arrival)
			placed.Lines = append(placed.Lines, line)
		}
	}
	return &placed
}

// placeOnce runs an action that registers an order at most once per key (once)
// and answers with the order: as the action built it (*answer, when it set
// one), or else read after the commit, so that no locks are held while the
// answer is built. Reading it back would cost SQLite a fifth of its orders per
// second: the order's pages are in the write-ahead log, which a reader reads
// with a system call a page.
func (s *Service) placeOnce(ctx context.Context, a *Actor, key string, answer **domain.Order, create creator) (*domain.Order, bool, error) {
	ref, created, err := s.once(ctx, a, key, "order", create)
	if err != nil {
		return nil, false, err
	}
	if created && answer != nil && *answer != nil {
		return *answer, true, nil
	}
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, fmt.Errorf("order reference %q: %w", ref, err)
	}
	o, err := s.db.Read().FindOrderByID(ctx, id)
	return o, created, err
}

// --- Reading, cancelling, picking and delivering registered orders.

// FindOrder loads a registered order for someone allowed to see it: the
// prescriber who placed it or one linked to its customer; HMC staff.
func (s *Service) FindOrder(ctx context.Context, a *Actor, number string) (*domain.Order, error) {
	if a == nil {
		return nil, domain.Errorf(domain.EUnauthorized, "Du är inte inloggad.")
	}
	o, err := s.db.Read().FindOrderByNumber(ctx, strings.TrimSpace(number))
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Errorf(domain.ENotFound, "Kundorder %s finns inte.", number)
	}
	if err != nil {
		return nil, err
	}
	if err := a.MaySee(orderScope(o)); err != nil {
		return nil, err
	}
	if o.Delivery.Source == "recipient" {
		// A home delivery's delivery note names the patient and their address,
		// not their personnummer.
		PersonAccessFrom(ctx).Show(o.RecipientPersonnummer)
	}
	return o, nil
}

// CancelAdvice is what a prescriber is told instead of cancelling (manual, "Makulera lagd order").
const CancelAdvice = "Om du önskar makulera en lagd order så hänvisar vi till att göra ett ärende i C2-länken som finns på hjälpmedelsportalen. Då får du hjälp av kundtjänst med att makulera din order."

// CancelOrder cancels a whole order, or the given lines of it (makulera), before
// delivery: reservations are released, picked units go back to stock and the
// prescriber gets a message. Customer service and admin only.
func (s *Service) CancelOrder(ctx context.Context, a *Actor, number string, lineIDs []int64) (*domain.Order, error) {
	if a != nil && a.HasRole(domain.RolePrescriber) && !a.HasRole(domain.RoleCustomerService, domain.RoleAdmin) {
		return nil, domain.Errorf(domain.EForbidden, CancelAdvice)
	}
	if err := a.Require(domain.RoleCustomerService, domain.RoleAdmin); err != nil {
		return nil, err
	}
	var out *domain.Order
	err := s.db.Transact(ctx, func(q repo.Queries) error {
		o, err := q.LockOrderByNumber(ctx, strings.TrimSpace(number))
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Errorf(domain.ENotFound, "Kundorder %s finns inte.", number)
		}
		if err != nil {
			return err
		}
		if o.Status != "registered" && o.Status != "partly_delivered" {
			return domain.Errorf(domain.EConflict, "Kundorder %s kan inte makuleras (status %s).", o.Number, domain.Term(domain.DocumentStatusText(o.Status)))
		}
		now := s.Now()
		var cancelled []string
		var released []domain.JournalRow // written last (ChangeStock)
		for _, t := range treesOf(o.Lines) {
			if len(lineIDs) > 0 && !slices.Contains(lineIDs, t.main.ID) {
				continue
			}
			if !t.main.Open() {
				if len(lineIDs) > 0 {
					return domain.Errorf(domain.EConflict, "Orderrad %d är inte öppen och kan inte makuleras.", t.main.Position)
				}
				continue
			}
			for _, l := range append([]*domain.OrderLine{t.main}, t.comps...) {
				ok, err := q.CancelLineRow(ctx, l.ID, now)
				if err != nil {
					return err
				}
				if !ok {
					continue
				}
				if err := q.UnallocateUnits(ctx, l.ID, now); err != nil {
					return err
				}
				released = append(released, domain.ReleaseRow(l.Warehouse, l.DeliveredArticle, l.Reserved, o.Number, a.Username))
			}
			cancelled = append(cancelled, t.main.Article)
		}
		if len(cancelled) == 0 {
			return domain.Errorf(domain.EConflict, "Det finns inga öppna orderrader att makulera.")
		}
		lines, err := q.FindOrderLines(ctx, o.ID)
		if err != nil {
			return err
		}
		status := statusFromLines(lines)
		if status == "cancelled" {
			err = q.CancelOrderRow(ctx, o.ID, a.Username, now)
		} else {
			err = q.SetOrderStatus(ctx, o.ID, status)
		}
		if err != nil {
			return err
		}
		subject := domain.Msgf("Kundorder %s har makulerats", o.Number)
		body := domain.Msgf("Kundtjänst har makulerat kundorder %s.", o.Number)
		if status != "cancelled" {
			subject = domain.Msgf("Orderrader i kundorder %s har makulerats", o.Number)
			body = domain.Msgf("Kundtjänst har makulerat artikel %s i kundorder %s.", strings.Join(cancelled, ", "), o.Number)
		}
		if err := s.Notify(ctx, q, o.PrescriberID, subject, body, "/kundorder/order/"+o.Number); err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, Audit{Action: "order.cancel", Entity: "order", EntityID: o.Number, Personnummer: o.RecipientPersonnummer,
			Before: map[string]any{"status": o.Status}, After: map[string]any{"status": status, "articles": cancelled}}); err != nil {
			return err
		}
		if out, err = q.FindOrderByID(ctx, o.ID); err != nil {
			return err
		}
		return q.ChangeStock(ctx, released, now)
	})
	return out, err
}

// statusFromLines derives an order's status from its main lines.
func statusFromLines(lines []domain.OrderLine) string {
	open, delivered := 0, 0
	for _, l := range lines {
		if l.ParentID != 0 {
			continue
		}
		switch l.Status {
		case "open":
			open++
		case "delivered":
			delivered++
		}
	}
	switch {
	case open == 0 && delivered == 0:
		return "cancelled"
	case open == 0:
		return "delivered"
	case delivered > 0:
		return "partly_delivered"
	}
	return "registered"
}

func recipientOf(o *domain.Order) string {
	if o.RecipientPersonnummer != "" {
		return o.RecipientPersonnummer
	}
	return "kund " + o.RecipientCustomer
}

// ParseLineIDs reads line ids from form or JSON values.
func ParseLineIDs(vals []string) ([]int64, error) {
	var out []int64
	for _, v := range vals {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return nil, domain.Errorf(domain.EInvalid, "Ogiltig orderrad.")
		}
		out = append(out, n)
	}
	return out, nil
}

// LinkedCustomers lists the customers the actor is linked to (Kund/leveransadress).
func (s *Service) LinkedCustomers(ctx context.Context, a *Actor) ([]*domain.OrderCustomer, error) {
	var out []*domain.OrderCustomer
	for _, n := range a.Customers {
		c, err := s.db.Read().FindOrderCustomer(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
