package bench

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
)

// The baseline is what the machine can do for a page without a database: a
// static 50-row table rendered with html/template on every request, about the
// size of a Hjälpmedel page. Its throughput and p99 are the yardstick.
var baselineTemplate = template.Must(template.New("baseline").Parse(`<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>{{.Title}}</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header class="topbar"><a href="/start">Hjälpmedel</a></header>
<main><h1>{{.Title}}</h1>
<table class="data"><caption>{{.Title}}</caption>
<thead><tr><th scope="col">Pos</th><th scope="col">Artikel</th><th scope="col">Benämning</th><th scope="col">Individ</th><th scope="col">Ord.datum</th><th scope="col">Antal</th><th scope="col">Lev.datum</th><th scope="col">Antal</th><th scope="col">Åtgärder</th></tr></thead>
<tbody>{{range .Rows}}<tr id="rad-{{.Pos}}"><td class="num">{{.Pos}}</td><td><a href="/artiklar/{{.Article}}/information">{{.Article}}</a></td><td>{{.Name}}</td><td><a href="/individkort/{{.Unit}}">{{.Unit}}</a></td><td>{{.OrderDate}}</td><td class="num">1</td><td>{{.DeliveryDate}}</td><td class="num">1</td><td><a href="/hjalpmedel/ordination/{{.Pos}}">Ordinationsöversikt</a> <a href="/kundorder?personnummer=191212121212&amp;artikel={{.Article}}">Beställ</a></td></tr>
{{end}}</tbody></table></main>
<nav class="menu"><ul><li><a href="/hjalpmedel">Hjälpmedel</a></li><li><a href="/individkort">Individkort</a></li><li><a href="/varukatalog">Varukatalog</a></li><li><a href="/artiklar">Sök artikel</a></li></ul></nav>
</body></html>`))

type baselineRow struct {
	Pos                                          int
	Article, Name, Unit, OrderDate, DeliveryDate string
}

// BaselineHandler serves the baseline page (the bench's own server, and serve
// with --bench-baseline when the bench runs it).
func BaselineHandler() http.Handler {
	data := struct {
		Title string
		Rows  []baselineRow
	}{Title: "Hjälpmedel"}
	for i := 1; i <= 50; i++ {
		data.Rows = append(data.Rows, baselineRow{Pos: i, Article: fmt.Sprint(600000 + i*37), Name: fmt.Sprintf("Rullstol Cross I sittbredd %d sitthöjd 38-50 <test>", 36+i%10),
			Unit: fmt.Sprint(1000000 + i*101), OrderDate: "2025-03-14", DeliveryDate: "2025-03-21"})
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		if err := baselineTemplate.Execute(&buf, data); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(buf.Bytes())
	})
}
