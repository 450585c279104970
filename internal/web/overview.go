package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Översikt (SPEC §10.9): the centre's charts for the admin, drawn on the
// server as SVG (no script), each with its figures as a table and as CSV;
// the API answers the same figures.
func (s *Server) routesOverview() {
	admin := []domain.Role{domain.RoleAdmin}
	s.page("GET /admin/oversikt", s.overviewPage, admin...)
	s.page("GET /admin/oversikt/{chart}", s.overviewCSV, admin...)
	s.apiRoute("GET /api/v1/overview", APIDoc{Summary: "Översikt: samma siffror som sidan /admin/oversikt", Tag: "overview",
		Query:    []QueryParam{{"from", "från och med YYYY-MM-DD (standard: 30 dagar före to)"}, {"to", "till och med YYYY-MM-DD (standard: i dag)"}},
		Response: overviewJSON{}}, s.apiOverview, admin...)
}

type chartJSON struct {
	Name   string            `json:"name"`
	Title  string            `json:"title"`
	Unit   string            `json:"unit"`
	Labels []string          `json:"labels"`
	Series []chartSeriesJSON `json:"series"`
}

type chartSeriesJSON struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
}

type overviewJSON struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Charts []chartJSON `json:"charts"`
}

// overviewPeriod reads from and to; by default the 30 days up to today.
func (s *Server) overviewPeriod(r *http.Request) (time.Time, time.Time, error) {
	q := r.URL.Query()
	to, from := s.svc.Today(), time.Time{}
	if v := q.Get("to"); v != "" {
		if to = domain.ParseDate(v); to.IsZero() {
			return from, to, domain.Invalid("to", "Ange datum som ÅÅÅÅ-MM-DD.")
		}
	}
	from = to.AddDate(0, 0, -29)
	if v := q.Get("from"); v != "" {
		if from = domain.ParseDate(v); from.IsZero() {
			return from, to, domain.Invalid("from", "Ange datum som ÅÅÅÅ-MM-DD.")
		}
	}
	return from, to, nil
}

func (s *Server) overview(r *http.Request) (*service.Overview, error) {
	from, to, err := s.overviewPeriod(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Overview(r.Context(), actor(r), from, to)
}

type overviewChart struct {
	service.Chart
	SVG   template.HTML
	Total string
	CSV   string
}

type overviewData struct {
	From, To string
	Charts   []overviewChart
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return s.renderForm(w, r, "backoffice/overview", "Översikt", &overviewData{}, err)
	}
	lang := langOf(r)
	data := &overviewData{From: domain.FormatDate(o.From), To: domain.FormatDate(o.To)}
	for _, c := range o.Charts {
		data.Charts = append(data.Charts, overviewChart{Chart: c, SVG: barChartSVG(c, lang), Total: chartTotal(c),
			CSV: "/admin/oversikt/" + c.Name + "?from=" + data.From + "&to=" + data.To})
	}
	form := r.URL.Query()
	form.Set("from", data.From)
	form.Set("to", data.To)
	return s.renderPage(w, r, http.StatusOK, "backoffice/overview", &Page{Title: "Översikt", Form: form, Data: data})
}

func (s *Server) overviewCSV(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	for _, c := range o.Charts {
		if c.Name != r.PathValue("chart") {
			continue
		}
		head := []string{"etikett"}
		for _, sr := range c.Series {
			head = append(head, sr.Name)
		}
		recs := [][]string{head}
		for i, l := range c.Labels {
			row := []string{l}
			for _, sr := range c.Series {
				row = append(row, strconv.FormatFloat(sr.Values[i], 'f', -1, 64))
			}
			recs = append(recs, row)
		}
		return writeCSV(w, "oversikt-"+c.Name+"-"+domain.FormatDate(o.From)+"-"+domain.FormatDate(o.To), recs)
	}
	return domain.Errorf(domain.ENotFound, "Diagrammet finns inte.")
}

func (s *Server) apiOverview(w http.ResponseWriter, r *http.Request) error {
	o, err := s.overview(r)
	if err != nil {
		return err
	}
	out := overviewJSON{From: domain.FormatDate(o.From), To: domain.FormatDate(o.To), Charts: []chartJSON{}}
	for _, c := range o.Charts {
		cj := chartJSON{Name: c.Name, Title: c.Title, Unit: c.Unit, Labels: c.Labels, Series: []chartSeriesJSON{}}
		for _, sr := range c.Series {
			cj.Series = append(cj.Series, chartSeriesJSON{Name: sr.Name, Values: sr.Values})
		}
		out.Charts = append(out.Charts, cj)
	}
	return writeJSON(w, http.StatusOK, out)
}

// chartTotal is the sum of a chart's values, for its text alternative.
func chartTotal(c service.Chart) string {
	var t float64
	for _, s := range c.Series {
		for _, v := range s.Values {
			t += v
		}
	}
	return strconv.FormatFloat(t, 'f', 0, 64)
}

// chartColours are the series' fills: distinct, and each with at least 3:1
// contrast against the white page (WCAG 1.4.11).
var chartColours = []string{"#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad", "#b35c00", "#00796b", "#5d4037", "#455a64", "#6d6d6d"}

// barChartSVG draws a chart as stacked bars, one per label, with the axis's
// maximum, every few labels and a legend; the figures themselves are in the
// table beside it.
func barChartSVG(c service.Chart, lang string) template.HTML {
	const width, height, left, right, top, bottom = 720.0, 300.0, 64.0, 12.0, 16.0, 72.0
	plotW, plotH := width-left-right, height-top-bottom
	var max float64
	for i := range c.Labels {
		var sum float64
		for _, s := range c.Series {
			sum += s.Values[i]
		}
		max = maxf(max, sum)
	}
	if max == 0 {
		max = 1
	}
	max = niceMax(max)
	var b strings.Builder
	id := "chart-" + c.Name
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`, width, height+float64(len(c.Series))*18, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(translate(lang, c.Title)), id,
		esc(fmt.Sprintf("%s: %s–%s, %s %s %s.", translate(lang, "Staplar per etikett"), first(c.Labels), last(c.Labels), translate(lang, "summa"), chartTotal(c), c.Unit)))
	// Axis with the maximum and the half.
	for _, f := range []float64{0, 0.5, 1} {
		y := top + plotH*(1-f)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, left, y, width-right, y)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="axis" text-anchor="end">%s</text>`, left-6, y+4, esc(formatNumber(max*f)))
	}
	n := float64(len(c.Labels))
	slot := plotW / maxf(n, 1)
	barW := maxf(slot*0.7, 1)
	every := int(n/16) + 1
	for i, label := range c.Labels {
		x := left + slot*float64(i) + (slot-barW)/2
		y := top + plotH
		for k, s := range c.Series {
			h := plotH * s.Values[i] / max
			if h <= 0 {
				continue
			}
			y -= h
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s, %s: %s %s</title></rect>`,
				x, y, barW, h, chartColours[k%len(chartColours)], esc(label), esc(translate(lang, s.Name)), esc(formatNumber(s.Values[i])), c.Unit)
		}
		if i%every == 0 {
			cx := left + slot*float64(i) + slot/2
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="axis" text-anchor="end" transform="rotate(-45 %.1f %.1f)">%s</text>`,
				cx, top+plotH+14, cx, top+plotH+14, esc(clip(label, 22)))
		}
	}
	for k, s := range c.Series {
		y := height + float64(k)*18
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s"/><text x="%.1f" y="%.1f" class="legend">%s</text>`,
			left, y-10, chartColours[k%len(chartColours)], left+18, y, esc(translate(lang, s.Name)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// niceMax rounds an axis maximum up to 1, 2 or 5 times a power of ten.
func niceMax(v float64) float64 {
	p := 1.0
	for p*10 <= v {
		p *= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func first(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[0]
}

func last(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return l[len(l)-1]
}
