package web

import (
	"bytes"
	"net/http"
	"strconv"

	"hjalpmedel/internal/csvsafe"
	"hjalpmedel/internal/domain"
)

// Rapporter (admin): on screen and as CSV.

func (s *Server) routesReportsAdmin() {
	admin := domain.RoleAdmin
	s.page("GET /admin/rapporter", s.reportsPage, admin)
	s.page("GET /admin/rapporter/csv/{report}", s.reportCSV, admin)
	q := []QueryParam{{"format", "csv för CSV"}}
	s.apiRoute("GET /api/v1/reports/units-out", APIDoc{Summary: "Utlämnade hjälpmedel per ISO-klass och betalare (admin)", Tag: "reports", Query: q, Files: csvFile,
		Response: map[string][]unitsOutJSON{}}, s.apiReport("units"), admin)
	s.apiRoute("GET /api/v1/reports/stock-value", APIDoc{Summary: "Lagervärde till dagens försäljningspris (admin)", Tag: "reports", Query: q, Files: csvFile,
		Response: stockValueJSON{}}, s.apiReport("stock"), admin)
	s.apiRoute("GET /api/v1/reports/work-orders", APIDoc{Summary: "Arbetsorder per prioritet med försenade (admin)", Tag: "reports", Query: q, Files: csvFile,
		Response: map[string][]workOrderReportJSON{}}, s.apiReport("workorders"), admin)
}

type reportsData struct {
	UnitsOut   []domain.UnitsOutRow
	Stock      []domain.StockValueRow
	StockTotal domain.Ore
	WorkOrders []workOrderReportRow
}

type workOrderReportRow struct {
	domain.WorkOrderPriorityRow
	Name string
}

func (s *Server) loadReports(r *http.Request) (*reportsData, error) {
	a := actor(r)
	var d reportsData
	var err error
	if d.UnitsOut, err = s.svc.ReportUnitsOut(r.Context(), a); err != nil {
		return nil, err
	}
	if d.Stock, d.StockTotal, err = s.svc.ReportStockValue(r.Context(), a); err != nil {
		return nil, err
	}
	wo, err := s.svc.ReportWorkOrders(r.Context(), a)
	if err != nil {
		return nil, err
	}
	for _, w := range wo {
		d.WorkOrders = append(d.WorkOrders, workOrderReportRow{w, domain.PriorityName(w.Priority)})
	}
	return &d, nil
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadReports(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "backoffice/reports", "Rapporter", d)
}

func (s *Server) reportRecords(r *http.Request, report string) ([][]string, error) {
	d, err := s.loadReports(r)
	if err != nil {
		return nil, err
	}
	var recs [][]string
	switch report {
	case "units":
		recs = append(recs, []string{"isoClass", "isoName", "payer", "payerName", "units", "aids"})
		for _, u := range d.UnitsOut {
			recs = append(recs, []string{u.ISOClass, u.ISOName, u.Payer, u.PayerName, strconv.Itoa(u.Units), strconv.Itoa(u.Aids)})
		}
	case "stock":
		recs = append(recs, []string{"warehouse", "article", "name", "onHand", "salePrice", "value"})
		for _, v := range d.Stock {
			price := ""
			if v.HasPrice {
				price = v.Price.APIString()
			}
			recs = append(recs, []string{v.Warehouse, v.Article, v.Name, strconv.Itoa(v.OnHand), price, v.Value.APIString()})
		}
	case "workorders":
		recs = append(recs, []string{"priority", "priorityText", "open", "overdue", "closed"})
		for _, wo := range d.WorkOrders {
			recs = append(recs, []string{strconv.Itoa(wo.Priority), wo.Name, strconv.Itoa(wo.Open), strconv.Itoa(wo.Overdue), strconv.Itoa(wo.Closed)})
		}
	default:
		return nil, domain.Errorf(domain.ENotFound, "Rapporten finns inte.")
	}
	return recs, nil
}

func writeCSV(w http.ResponseWriter, name string, recs [][]string) error {
	var buf bytes.Buffer
	if err := csvsafe.NewWriter(&buf).WriteAll(recs); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

func (s *Server) reportCSV(w http.ResponseWriter, r *http.Request) error {
	report := r.PathValue("report")
	recs, err := s.reportRecords(r, report)
	if err != nil {
		return err
	}
	return writeCSV(w, "rapport-"+report, recs)
}

type unitsOutJSON struct {
	ISOClass  string `json:"isoClass"`
	ISOName   string `json:"isoName"`
	Payer     string `json:"payer"`
	PayerName string `json:"payerName"`
	Units     int    `json:"units"`
	Aids      int    `json:"aids"`
}

type stockValueRowJSON struct {
	Warehouse string  `json:"warehouse"`
	Article   string  `json:"article"`
	Name      string  `json:"name"`
	OnHand    int     `json:"onHand"`
	SalePrice *string `json:"salePrice"`
	Value     string  `json:"value"`
}

type stockValueJSON struct {
	Rows  []stockValueRowJSON `json:"rows"`
	Total string              `json:"total"`
}

type workOrderReportJSON struct {
	Priority     int    `json:"priority"`
	PriorityText string `json:"priorityText"`
	Open         int    `json:"open"`
	Overdue      int    `json:"overdue"`
	Closed       int    `json:"closed"`
}

func (s *Server) apiReport(report string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.URL.Query().Get("format") == "csv" {
			recs, err := s.reportRecords(r, report)
			if err != nil {
				return err
			}
			return writeCSV(w, "rapport-"+report, recs)
		}
		d, err := s.loadReports(r)
		if err != nil {
			return err
		}
		switch report {
		case "units":
			out := []unitsOutJSON{}
			for _, u := range d.UnitsOut {
				out = append(out, unitsOutJSON{u.ISOClass, u.ISOName, u.Payer, u.PayerName, u.Units, u.Aids})
			}
			return writeJSON(w, http.StatusOK, map[string][]unitsOutJSON{"rows": out})
		case "stock":
			out := stockValueJSON{Rows: []stockValueRowJSON{}, Total: d.StockTotal.APIString()}
			for _, v := range d.Stock {
				row := stockValueRowJSON{Warehouse: v.Warehouse, Article: v.Article, Name: v.Name, OnHand: v.OnHand, Value: v.Value.APIString()}
				if v.HasPrice {
					p := v.Price.APIString()
					row.SalePrice = &p
				}
				out.Rows = append(out.Rows, row)
			}
			return writeJSON(w, http.StatusOK, out)
		}
		out := []workOrderReportJSON{}
		for _, wo := range d.WorkOrders {
			out = append(out, workOrderReportJSON{wo.Priority, wo.Name, wo.Open, wo.Overdue, wo.Closed})
		}
		return writeJSON(w, http.StatusOK, map[string][]workOrderReportJSON{"rows": out})
	}
}
