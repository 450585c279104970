package service

import (
	"context"
	"slices"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
)

// Compatibility of components and accessory suggestions (SPEC §10.11). The
// components guide, Kompl. individ and a work order's spare parts refuse a
// component that its fit data says does not fit, with the reason; a component
// without fit data fits anything.

// fitter checks components against what they are mounted on, with the fit data
// of one action loaded once.
type fitter struct {
	q     repo.Queries
	parts map[string]domain.FitPart
}

func newFitter(q repo.Queries) *fitter {
	return &fitter{q: q, parts: map[string]domain.FitPart{}}
}

// load looks up the fit data of the articles not loaded yet, in one query.
func (f *fitter) load(ctx context.Context, articles []string) error {
	need := notLoaded(f.parts, articles)
	if len(need) == 0 {
		return nil
	}
	m, err := f.q.FindFitParts(ctx, need)
	if err != nil {
		return err
	}
	for _, a := range need {
		p := m[a]
		p.Article = a // an unknown article has no fit data: it fits anything
		f.parts[a] = p
	}
	return nil
}

// unit is main article carrying the installed articles (one entry per piece).
func (f *fitter) unit(ctx context.Context, main string, installed []string) (domain.FitUnit, error) {
	if err := f.load(ctx, append([]string{main}, installed...)); err != nil {
		return domain.FitUnit{}, err
	}
	m := f.parts[main]
	u := domain.FitUnit{Article: main, Name: m.Name, Size: m.Size}
	for _, a := range installed {
		u.Installed = append(u.Installed, f.parts[strings.TrimSpace(a)])
	}
	return u, nil
}

// why says why n pieces of article do not all fit u, each checked against the
// ones before it (a second left armrest), or nothing (no Format) when they fit.
func (f *fitter) why(ctx context.Context, u domain.FitUnit, article string, n int) (domain.Formatted, error) {
	article = strings.TrimSpace(article)
	if err := f.load(ctx, []string{article}); err != nil {
		return domain.Formatted{}, err
	}
	u.Installed = slices.Clip(u.Installed)
	for range max(n, 1) {
		if why := domain.CheckFit(u, f.parts[article]); why.Format != "" {
			return why, nil
		}
		u.Installed = append(u.Installed, f.parts[article])
	}
	return domain.Formatted{}, nil
}

// mount refuses n pieces of an article that do not fit u (an error about field,
// with the reason) and adds ones that do to u's installed components, so that
// the next article is checked against them too.
func (f *fitter) mount(ctx context.Context, u *domain.FitUnit, field, article string, n int) error {
	why, err := f.why(ctx, *u, article, n)
	if err != nil {
		return err
	}
	if why.Format != "" {
		return domain.InvalidMsg(field, why)
	}
	for range max(n, 1) {
		u.Installed = append(u.Installed, f.parts[strings.TrimSpace(article)])
	}
	return nil
}

// lineConfiguration is what one main aid of a main line carries: its open
// component lines, each piece once.
func lineConfiguration(main *domain.OrderLine, lines []domain.OrderLine) []string {
	var out []string
	for _, l := range lines {
		if l.ParentID != main.ID || !l.Open() {
			continue
		}
		for range max(l.Quantity/max(main.Quantity, 1), 1) {
			out = append(out, l.Article)
		}
	}
	return out
}

// unitFit is the configuration of a recipient's unit as this action sees it:
// what the unit carries or has on its way, the draft's other lines for it
// (skip: the line being chosen for), and what this action adds.
func (c *orderCtx) unitFit(ctx context.Context, o *domain.Order, ru domain.RecipientUnit, skip int64) (*domain.FitUnit, error) {
	if u, ok := c.units[ru.Unit]; ok {
		return u, nil
	}
	arts, err := c.q.FindUnitConfiguration(ctx, ru.Unit)
	if err != nil {
		return nil, err
	}
	for _, l := range o.Lines {
		if l.ComplementUnit == ru.Unit && l.ParentID == 0 && l.ID != skip && l.Open() {
			for range l.Quantity {
				arts = append(arts, l.Article)
			}
		}
	}
	u, err := c.fit.unit(ctx, ru.Article, arts)
	if err != nil {
		return nil, err
	}
	c.units[ru.Unit] = &u
	return &u, nil
}

// complementUnit checks that a component ordered alone (quantity pieces of
// article) may go to the recipient's unit (Kompl. individ): the recipient holds
// it and the component fits it.
func (c *orderCtx) complementUnit(ctx context.Context, o *domain.Order, field, unit, article string, quantity int, skip int64) error {
	ru, err := c.recipientUnit(ctx, o, field, unit)
	if err != nil {
		return err
	}
	u, err := c.unitFit(ctx, o, *ru, skip)
	if err != nil {
		return err
	}
	return c.fit.mount(ctx, u, field, article, quantity)
}

// AccessoryChoice is an accessory the components guide offers for a main line:
// from a template (with its price) or suggested (with how often it was ordered
// with the main article; InTemplate when a template offers it already), and why
// it does not fit the line now (no Format: it fits).
type AccessoryChoice struct {
	Article, Name string
	Price         domain.Ore
	Count         int
	InTemplate    bool
	NotFit        domain.Formatted
}

// GuideTemplate is an accessory template with its choices.
type GuideTemplate struct {
	Name  string
	Items []AccessoryChoice
}

// ComponentsGuide is what the components guide offers for a main line.
type ComponentsGuide struct {
	Templates   []GuideTemplate
	Suggestions []AccessoryChoice // "Ofta beställt tillsammans med …"
}

// suggestionLimit is how many accessories a suggestion lists.
const suggestionLimit = 8

// ComponentsGuide lists a draft line's accessory templates and the accessories
// most often ordered with its article, each checked against the line's
// components as they are now.
func (s *Service) ComponentsGuide(ctx context.Context, a *Actor, line *LineView) (*ComponentsGuide, error) {
	if err := a.Require(domain.RolePrescriber); err != nil {
		return nil, err
	}
	q := s.db.Read()
	templates, err := q.FindAccessoryTemplates(ctx, line.Article, s.Today())
	if err != nil {
		return nil, err
	}
	sugg, err := q.FindAccessorySuggestions(ctx, line.Article, domain.SuggestionsFrom(s.Now()), suggestionLimit)
	if err != nil {
		return nil, err
	}
	fit := newFitter(q)
	u, err := fit.unit(ctx, line.Article, lineConfiguration(&line.OrderLine, line.Components))
	if err != nil {
		return nil, err
	}
	choice := func(c AccessoryChoice) (AccessoryChoice, error) {
		why, err := fit.why(ctx, u, c.Article, 1)
		c.NotFit = why
		return c, err
	}
	g := &ComponentsGuide{}
	offered := map[string]bool{}
	for _, t := range templates {
		gt := GuideTemplate{Name: t.Name}
		for _, it := range t.Items {
			c, err := choice(AccessoryChoice{Article: it.Article, Name: it.Name, Price: it.Price})
			if err != nil {
				return nil, err
			}
			gt.Items = append(gt.Items, c)
			offered[c.Article] = true
		}
		g.Templates = append(g.Templates, gt)
	}
	for _, sg := range sugg {
		c, err := choice(AccessoryChoice{Article: sg.Article, Name: sg.Name, Count: sg.Count, InTemplate: offered[sg.Article]})
		if err != nil {
			return nil, err
		}
		g.Suggestions = append(g.Suggestions, c)
	}
	return g, nil
}

// UnitChoice is a unit of the recipient that Kompl. individ offers, and why the
// component does not fit it (no Format: it fits).
type UnitChoice struct {
	domain.RecipientUnit
	NotFit domain.Formatted
}

// AccessorySuggestions lists the accessories most often ordered with an article
// in the last 24 months, the most often first (any logged-in user).
func (s *Service) AccessorySuggestions(ctx context.Context, a *Actor, article string) ([]domain.Suggestion, error) {
	if err := a.Require(); err != nil {
		return nil, err
	}
	article = strings.TrimSpace(article)
	q := s.db.Read()
	if ok, err := q.ArticleExists(ctx, article); err != nil {
		return nil, err
	} else if !ok {
		return nil, domain.Errorf(domain.ENotFound, "Artikel %s finns inte.", article)
	}
	return q.FindAccessorySuggestions(ctx, article, domain.SuggestionsFrom(s.Now()), suggestionLimit)
}

// accessoryPairs counts what an order being placed adds to the suggestions: each
// accessory chosen for a main line (not its base configuration), and each
// component ordered alone for a unit under the unit's article.
func (c *orderCtx) accessoryPairs(ctx context.Context, o *domain.Order, trees []*lineTree) ([]domain.AccessoryPair, error) {
	month := domain.Month(c.now)
	var out []domain.AccessoryPair
	for _, t := range trees {
		for _, comp := range t.comps {
			if !comp.FromBase {
				out = append(out, domain.AccessoryPair{Main: t.main.Article, Accessory: comp.Article, Month: month, Count: 1})
			}
		}
		if t.main.ComplementUnit == "" {
			continue
		}
		units, err := c.recipientUnits(ctx, o)
		if err != nil {
			return nil, err
		}
		// A unit the recipient no longer holds is left to delivery to sort out; it counts nothing.
		if i := slices.IndexFunc(units, func(u domain.RecipientUnit) bool { return u.Unit == t.main.ComplementUnit }); i >= 0 {
			out = append(out, domain.AccessoryPair{Main: units[i].Article, Accessory: t.main.Article, Month: month, Count: 1})
		}
	}
	return out, nil
}
