package service

// The cost view (SPEC §10.11 "Cost view"): what a patient's aids, or a payer's,
// have cost and will cost, and whether buying would have been cheaper. Nothing
// here computes a price: the figures are domain.CostOf and domain.BillMonths
// over the holdings as the billing run reads them (billingHolding), and the
// spare parts as the run bills them (billSpareParts).

import (
	"context"
	"sort"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// ScreenCosts is the cost view of a patient in the audit log.
const ScreenCosts = "Kostnader"

// AidCost is one holding of the cost view with its cost.
type AidCost struct {
	domain.BillingHoldingRow
	domain.HoldingCost
}

// BuyingCheaper reports whether buying the aid would have cost less than renting it.
func (c AidCost) BuyingCheaper() bool { return c.HoldingCost.BuyingCheaper(c.Purpose) }

// Returned reports whether the holding has ended.
func (c AidCost) Returned() bool { return !c.EndDate.IsZero() }

// CostTotals sums the cost of aids.
type CostTotals struct {
	Billed, Remaining, Total domain.Ore
	// BuyPrice is what buying the rented aids would have cost; BuyingCheaper
	// counts those for which it would have been cheaper.
	BuyPrice      domain.Ore
	BuyingCheaper int
}

func (t *CostTotals) add(c AidCost) {
	t.Billed += c.Billed
	t.Remaining += c.Remaining
	t.Total += c.Total()
	if c.Purpose == "rent" {
		t.BuyPrice += c.BuyPrice
	}
	if c.BuyingCheaper() {
		t.BuyingCheaper++
	}
}

// PatientCosts is the cost view of a patient: the current aids first, then the returned ones.
type PatientCosts struct {
	AidsRecipient
	Aids          []AidCost
	Totals        CostTotals
	Today         time.Time
	BilledThrough time.Time // the latest ended month: Billed runs through it
}

// PatientCosts shows what each of a patient's aids under the actor's customers
// has cost and will cost. It is a look-up of the patient, logged like
// Hjälpmedel; a prescriber with none of the patient's aids under their
// customers, current or returned, is refused and sees nothing.
func (s *Service) PatientCosts(ctx context.Context, a *Actor, personnummer string) (*PatientCosts, error) {
	if err := a.Require(domain.StaffReaders...); err != nil {
		return nil, err
	}
	if strings.TrimSpace(personnummer) == "" {
		return nil, domain.Invalid("personnummer", "Ange patientens personnummer.")
	}
	r, err := s.ParseRecipient(ctx, a, personnummer, "")
	if err != nil {
		return nil, err
	}
	q := s.db.Read()
	rows, err := q.FindPersonBillingHoldings(ctx, r.Person.Personnummer)
	if err != nil {
		return nil, err
	}
	rows = visible(a, rows, func(h domain.BillingHoldingRow) Scope { return customerScope(h.Customer) })
	if err := s.logPerson(ctx, a, r.Person, ScreenCosts, "person", r.Number()); err != nil {
		return nil, err
	}
	if len(rows) == 0 && !a.Can(domain.BackOffice...) {
		return nil, ErrOutOfScope
	}
	today := s.Today()
	out := &PatientCosts{AidsRecipient: r, Today: today}
	if out.Aids, _, err = costsOf(ctx, q, rows, today); err != nil {
		return nil, err
	}
	sort.SliceStable(out.Aids, func(i, j int) bool { return !out.Aids[i].Returned() && out.Aids[j].Returned() })
	for _, c := range out.Aids {
		out.Totals.add(c)
	}
	out.BilledThrough = domain.MonthOf(today).AddDate(0, -1, 0)
	return out, nil
}

// costsOf computes the cost of each holding on the day today, and returns the
// holdings as the billing rules take them.
func costsOf(ctx context.Context, q repo.Queries, rows []domain.BillingHoldingRow, today time.Time) ([]AidCost, []domain.BillingHolding, error) {
	numbers := articlesOf(rows)
	rent, sale, err := pricesByArticle(ctx, q, numbers)
	if err != nil {
		return nil, nil, err
	}
	articles, err := q.FindBillingArticles(ctx, numbers)
	if err != nil {
		return nil, nil, err
	}
	withArticles(rows, articles)
	out := make([]AidCost, 0, len(rows))
	hs := make([]domain.BillingHolding, 0, len(rows))
	for i := range rows {
		h := billingHolding(&rows[i], rent, sale)
		hs = append(hs, h)
		out = append(out, AidCost{BillingHoldingRow: rows[i], HoldingCost: domain.CostOf(h, today)})
	}
	return out, hs, nil
}

// articlesOf lists the articles of the holdings and of their units.
func articlesOf(rows []domain.BillingHoldingRow) []string {
	seen := map[string]bool{"": true}
	var out []string
	for _, h := range rows {
		for _, a := range []string{h.Article, h.UnitArticle, h.AttachedArticle} {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// PayerCostsQuery is a payer and a period of months, "2026-01" … "2026-12";
// empty months: the twelve months through the latest ended one.
type PayerCostsQuery struct {
	Payer, From, To string
}

// MaxCostMonths is the longest period the payer's cost view computes.
const MaxCostMonths = 120

// PeriodCost is what a group of aids cost a payer in a period, by the kinds of
// the billing lines, and what buying its rented aids would have cost.
type PeriodCost struct {
	Holdings   int        // holdings billed in the period
	Rent       domain.Ore // rent and components
	Purchase   domain.Ore // purchases and their credits (återköp)
	SpareParts domain.Ore // spare parts of chargeable work orders
	Total      domain.Ore
	// BuyPrice is what buying the rented aids would have cost; BuyingCheaper
	// counts those for which it would have been cheaper over their whole time.
	BuyPrice      domain.Ore
	BuyingCheaper int
}

func (p *PeriodCost) addLine(l domain.BillingLine) {
	switch l.Kind {
	case domain.LineRent, domain.LineComponent:
		p.Rent += l.Amount
	case domain.LinePurchase, domain.LineCredit:
		p.Purchase += l.Amount
	case domain.LineSparePart:
		p.SpareParts += l.Amount
	}
	p.Total += l.Amount
}

func (p *PeriodCost) addHolding(c AidCost) {
	p.Holdings++
	if c.Purpose == "rent" {
		p.BuyPrice += c.BuyPrice
	}
	if c.BuyingCheaper() {
		p.BuyingCheaper++
	}
}

// ArticleCost is the period's cost of one article.
type ArticleCost struct {
	ISO, Article, ArticleName string
	PeriodCost
}

// ClassCost is the period's cost of an ISO class (its first two digits).
type ClassCost struct {
	Class, Name string
	PeriodCost
}

// PayerCosts is the cost view of a payer for a period.
type PayerCosts struct {
	Payer, PayerName string
	From, To         time.Time // the first days of the period's first and last month
	Articles         []ArticleCost
	Classes          []ClassCost
	Total            PeriodCost
}

// PayerCosts shows what a payer's aids cost in a period, per article and per
// ISO class (admin): the lines the billing run gives those months.
func (s *Service) PayerCosts(ctx context.Context, a *Actor, in PayerCostsQuery) (*PayerCosts, error) {
	if err := a.Require(domain.RoleAdmin); err != nil {
		return nil, err
	}
	today := s.Today()
	from, to, err := costPeriod(in, today)
	if err != nil {
		return nil, err
	}
	payer := strings.TrimSpace(in.Payer)
	if payer == "" {
		return nil, domain.Invalid("payer", "Ange betalare.")
	}
	q := s.db.Read()
	out := &PayerCosts{Payer: payer, From: from, To: to}
	if out.PayerName, err = q.PayerName(ctx, payer); domain.ErrorCode(err) == domain.ENotFound {
		return nil, &domain.Error{Code: domain.ENotFound, Message: "Betalaren finns inte.", Fields: map[string]string{"payer": "Betalaren finns inte."}}
	} else if err != nil {
		return nil, err
	}
	rows, err := q.FindBillingHoldings(ctx, from, to.AddDate(0, 1, 0), payer)
	if err != nil {
		return nil, err
	}
	costs, holdings, err := costsOf(ctx, q, rows, today)
	if err != nil {
		return nil, err
	}
	byArticle := map[string]*ArticleCost{}
	article := func(number, name, iso string) *ArticleCost {
		c := byArticle[number]
		if c == nil {
			c = &ArticleCost{ISO: iso, Article: number, ArticleName: name}
			byArticle[number] = c
		}
		return c
	}
	for i, c := range costs {
		lines := domain.BillMonths(from, to, holdings[i:i+1])
		if len(lines) == 0 {
			continue
		}
		ac := article(c.Article, c.ArticleName, c.ISO)
		ac.addHolding(c)
		for _, l := range lines {
			ac.addLine(l)
		}
	}
	// Spare parts as the run bills them, month by month, to this payer.
	for m := from; !m.After(to); m = m.AddDate(0, 1, 0) {
		parts, err := s.billSpareParts(ctx, q, m)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if p.Payer != payer {
				continue
			}
			iso, err := articleISO(ctx, q, p.Article)
			if err != nil {
				return nil, err
			}
			article(p.Article, p.ArticleName, iso).addLine(domain.BillingLine{Kind: p.Kind, Amount: p.Amount})
		}
	}
	names, err := q.ISOClassNames(ctx)
	if err != nil {
		return nil, err
	}
	byClass := map[string]*ClassCost{}
	for _, ac := range byArticle {
		out.Articles = append(out.Articles, *ac)
		class := ac.ISO[:min(2, len(ac.ISO))]
		cc := byClass[class]
		if cc == nil {
			cc = &ClassCost{Class: class, Name: names[class]}
			byClass[class] = cc
		}
		cc.PeriodCost.sum(ac.PeriodCost)
		out.Total.sum(ac.PeriodCost)
	}
	sort.Slice(out.Articles, func(i, j int) bool {
		a, b := out.Articles[i], out.Articles[j]
		if a.ISO != b.ISO {
			return a.ISO < b.ISO
		}
		return a.Article < b.Article
	})
	for _, cc := range byClass {
		out.Classes = append(out.Classes, *cc)
	}
	sort.Slice(out.Classes, func(i, j int) bool { return out.Classes[i].Class < out.Classes[j].Class })
	return out, nil
}

func (p *PeriodCost) sum(o PeriodCost) {
	p.Holdings += o.Holdings
	p.Rent += o.Rent
	p.Purchase += o.Purchase
	p.SpareParts += o.SpareParts
	p.Total += o.Total
	p.BuyPrice += o.BuyPrice
	p.BuyingCheaper += o.BuyingCheaper
}

// articleISO is an article's ISO code (a spare part's, which no holding names).
func articleISO(ctx context.Context, q repo.Queries, article string) (string, error) {
	a, err := q.FindCatalogArticle(ctx, article)
	if err != nil {
		return "", err
	}
	return a.ISOCode, nil
}

// costPeriod reads the period's months; empty: the twelve months through the
// latest ended one.
func costPeriod(in PayerCostsQuery, today time.Time) (from, to time.Time, err error) {
	fe := fieldErrors{}
	to = domain.MonthOf(today).AddDate(0, -1, 0)
	if m := strings.TrimSpace(in.To); m != "" {
		if to, err = domain.ParseMonth(m); err != nil {
			fe.add("to", domain.ErrorMessage(err))
		}
	}
	from = to.AddDate(0, -11, 0)
	if m := strings.TrimSpace(in.From); m != "" {
		if from, err = domain.ParseMonth(m); err != nil {
			fe.add("from", domain.ErrorMessage(err))
		}
	}
	if len(fe) == 0 && from.After(to) {
		fe.add("from", "Från-månaden ligger efter till-månaden.")
	}
	if len(fe) == 0 && from.AddDate(0, MaxCostMonths, 0).Before(to.AddDate(0, 1, 0)) {
		fe.addf("from", "Perioden får vara högst %d månader.", MaxCostMonths)
	}
	return from, to, fe.err()
}
