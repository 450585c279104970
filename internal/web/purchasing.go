package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Inköp (SPEC §10.9, warehouse and admin): beställningspunkter, beställningsförslag,
// inköpsordrar (PDF and CSV for the supplier) and receipts against them.

func (s *Server) routesPurchasing() {
	s.page("GET /lager/inkop", s.purchaseOrdersPage, stockRoles...)
	s.page("GET /lager/inkop/forslag", s.proposalsPage, stockRoles...)
	s.page("POST /lager/inkop/forslag", s.proposalsSubmit, stockRoles...)
	s.page("GET /lager/inkop/ny", s.newPurchaseOrderPage, stockRoles...)
	s.page("POST /lager/inkop/ny", s.newPurchaseOrderSubmit, stockRoles...)
	s.page("GET /lager/inkop/{number}", s.purchaseOrderPage, stockRoles...)
	s.page("POST /lager/inkop/{number}/mottagning", s.purchaseReceiptSubmit, stockRoles...)
	s.page("POST /lager/inkop/{number}/avsluta", s.purchaseCloseSubmit, stockRoles...)
	s.page("GET /lager/bestallningspunkter", s.reorderPage, stockRoles...)
	s.page("POST /lager/bestallningspunkter", s.reorderSubmit, stockRoles...)
	s.routesPurchasingAPI()
}

// allWarehouseOptions are the warehouses to filter a list by, "Alla lager" first.
func (s *Server) allWarehouseOptions(r *http.Request) ([]boOption, error) {
	ws, err := s.warehouseOptions(r)
	return append([]boOption{{"", "Alla lager"}}, ws...), err
}

type purchaseOrdersData struct {
	Warehouses []boOption
	Statuses   []boOption
	Orders     []*domain.PurchaseOrder
}

func (s *Server) purchaseOrdersPage(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.allWarehouseOptions(r)
	if err != nil {
		return err
	}
	if !r.Form.Has("status") {
		r.Form.Set("status", "open")
	}
	f := domain.PurchaseOrderFilter{Warehouse: r.Form.Get("lager"), OpenOnly: r.Form.Get("status") == "open"}
	list, err := s.svc.PurchaseOrders(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	return s.renderPage(w, r, http.StatusOK, "purchasing/orders", &Page{Title: "Inköpsordrar", Form: r.Form,
		Data: purchaseOrdersData{Warehouses: ws, Statuses: []boOption{{"open", "Öppna"}, {"all", "Alla"}}, Orders: list}})
}

type proposalsData struct {
	Warehouses []boOption
	Proposals  []domain.ReorderProposal
}

// proposalsForm renders the proposals with the action's error, if any.
func (s *Server) proposalsForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	ws, err := s.allWarehouseOptions(r)
	if err != nil {
		return err
	}
	if !r.Form.Has("lager") {
		r.Form.Set("lager", actor(r).Warehouse)
	}
	ps, err := s.svc.ReorderProposals(r.Context(), actor(r), r.Form.Get("lager"))
	if err != nil {
		return err
	}
	d := proposalsData{Warehouses: ws, Proposals: ps}
	if !actor(r).HasRole(domain.RoleAdmin) {
		d.Warehouses = nil // a warehouse user proposes for their own warehouse only
	}
	if actionErr != nil {
		return s.renderForm(w, r, "purchasing/proposals", "Beställningsförslag", d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "purchasing/proposals", &Page{Title: "Beställningsförslag", Form: r.Form, Data: d})
}

func (s *Server) proposalsPage(w http.ResponseWriter, r *http.Request) error {
	return s.proposalsForm(w, r, nil)
}

func (s *Server) proposalsSubmit(w http.ResponseWriter, r *http.Request) error {
	// A ticked row is "warehouse:article"; its quantity is in "antal:warehouse:article".
	var lines []service.PurchaseLineInput
	for _, key := range r.PostForm["rad"] {
		warehouse, article, _ := strings.Cut(key, ":")
		lines = append(lines, service.PurchaseLineInput{Warehouse: warehouse, Article: article,
			Quantity: atoiForm(r.PostFormValue("antal:" + key))})
	}
	orders, err := s.svc.CreatePurchaseOrdersFromProposals(r.Context(), actor(r), lines)
	if err != nil {
		return s.proposalsForm(w, r, err)
	}
	if len(orders) == 1 {
		return s.redirectWithFlashf(w, r, "/lager/inkop/"+orders[0].Number, "Inköpsorder %s till %s är registrerad.", orders[0].Number, orders[0].SupplierName)
	}
	var numbers []string
	for _, o := range orders {
		numbers = append(numbers, o.Number)
	}
	return s.redirectWithFlashf(w, r, "/lager/inkop", "%d inköpsordrar är registrerade: %s.", len(orders), strings.Join(numbers, ", "))
}

type newPurchaseOrderData struct {
	Warehouses, Suppliers []boOption
}

func (s *Server) newPurchaseOrderForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return err
	}
	sups, err := s.svc.Suppliers(r.Context())
	if err != nil {
		return err
	}
	d := newPurchaseOrderData{Warehouses: ws, Suppliers: []boOption{{"", "Artiklarnas leverantör"}}}
	for _, x := range sups {
		d.Suppliers = append(d.Suppliers, boOption{strconv.FormatInt(x.ID, 10), x.Name})
	}
	if actionErr != nil {
		return s.renderForm(w, r, "purchasing/new", "Ny inköpsorder", d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "purchasing/new", &Page{Title: "Ny inköpsorder", Form: r.Form, Data: d})
}

func (s *Server) newPurchaseOrderPage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.newPurchaseOrderForm(w, r, nil)
}

// parsePurchaseLines reads "artikelnummer; antal", one article a line.
func parsePurchaseLines(text string) []service.PurchaseLineInput {
	var out []service.PurchaseLineInput
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == ',' || r == '\t' || r == ' ' })
		l := service.PurchaseLineInput{Quantity: -1}
		if len(f) > 0 {
			l.Article = f[0]
		}
		if len(f) > 1 {
			l.Quantity = atoiForm(f[1])
		}
		out = append(out, l)
	}
	return out
}

func (s *Server) newPurchaseOrderSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.PurchaseOrderInput{Supplier: r.PostFormValue("supplier"), Warehouse: r.PostFormValue("warehouse"),
		Expected: r.PostFormValue("expected"), Note: r.PostFormValue("note"), Lines: parsePurchaseLines(r.PostFormValue("lines"))}
	o, err := s.svc.CreatePurchaseOrder(r.Context(), actor(r), in)
	if err != nil {
		return s.newPurchaseOrderForm(w, r, err)
	}
	return s.redirectWithFlashf(w, r, "/lager/inkop/"+o.Number, "Inköpsorder %s till %s är registrerad.", o.Number, o.SupplierName)
}

type purchaseOrderData struct {
	Order *domain.PurchaseOrder
	Today time.Time
}

func (s *Server) purchaseOrderPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.FindPurchaseOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("format") {
	case "pdf":
		return writePDF(w, r, "inkopsorder-"+o.Number+".pdf", purchaseOrderPDF(o, s.svc.Today()))
	case "csv":
		return writeCSV(w, "inkopsorder-"+o.Number, purchaseOrderCSV(o))
	}
	return s.render(w, r, "purchasing/order", "Inköpsorder "+o.Number, &purchaseOrderData{Order: o, Today: s.svc.Today()})
}

func (s *Server) purchaseReceiptSubmit(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	o, err := s.svc.FindPurchaseOrder(r.Context(), actor(r), number)
	if err != nil {
		return err
	}
	var lines []service.PurchaseReceiptInput
	for _, l := range o.Lines {
		qf, uf := service.ReceiveFields(l.Article)
		units := parseUnitLines(r.PostFormValue(uf))
		q := strings.TrimSpace(r.PostFormValue(qf))
		if q == "" && len(units) == 0 {
			continue // nothing of this line came
		}
		pl := service.PurchaseReceiptInput{Article: l.Article, Units: units}
		if q != "" {
			pl.Quantity = atoiForm(q)
		}
		lines = append(lines, pl)
	}
	res, err := s.svc.ReceivePurchase(r.Context(), actor(r), number, lines)
	if err != nil {
		return s.renderForm(w, r, "purchasing/order", "Inköpsorder "+o.Number, &purchaseOrderData{Order: o, Today: s.svc.Today()}, err)
	}
	received := 0
	var units []string
	for _, rc := range res.Received {
		received += rc.Quantity
		for _, u := range rc.Units {
			units = append(units, u.Number)
		}
	}
	to := "/lager/inkop/" + res.Order.Number
	if len(units) > 0 {
		s.flashLabels(w, units)
		return s.redirectWithFlashf(w, r, to, "Mottaget mot inköpsorder %s: %d. Individnummer: %s.", res.Order.Number, received, strings.Join(units, ", "))
	}
	return s.redirectWithFlashf(w, r, to, "Mottaget mot inköpsorder %s: %d.", res.Order.Number, received)
}

func (s *Server) purchaseCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.ClosePurchaseOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return s.redirectWithFlashf(w, r, "/lager/inkop/"+o.Number, "Inköpsorder %s är avslutad.", o.Number)
}

type reorderData struct {
	Warehouses, AllWarehouses []boOption
	Settings                  []domain.ReorderSetting
}

func (s *Server) reorderForm(w http.ResponseWriter, r *http.Request, actionErr error) error {
	all, err := s.allWarehouseOptions(r)
	if err != nil {
		return err
	}
	list, err := s.svc.ReorderSettings(r.Context(), actor(r), domain.ReorderFilter{Warehouse: r.Form.Get("lager")})
	if err != nil {
		return err
	}
	d := reorderData{Warehouses: all[1:], AllWarehouses: all, Settings: list}
	if actionErr != nil {
		return s.renderForm(w, r, "purchasing/reorder", "Beställningspunkter", d, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, "purchasing/reorder", &Page{Title: "Beställningspunkter", Form: r.Form, Data: d})
}

func (s *Server) reorderPage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.reorderForm(w, r, nil)
}

func (s *Server) reorderSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.ReorderInput{Warehouse: r.PostFormValue("warehouse"), Article: r.PostFormValue("article"),
		OrderQuantity: atoiForm(r.PostFormValue("orderQuantity"))}
	if p := strings.TrimSpace(r.PostFormValue("reorderPoint")); p == "" {
		in.Remove = true
	} else {
		in.ReorderPoint = atoiForm(p)
	}
	set, err := s.svc.SetReorder(r.Context(), actor(r), in)
	if err != nil {
		return s.reorderForm(w, r, err)
	}
	to := "/lager/bestallningspunkter?lager=" + set.Warehouse
	if in.Remove {
		return s.redirectWithFlashf(w, r, to, "Artikel %s beställs inte längre automatiskt i lager %s.", set.Article, set.Warehouse)
	}
	return s.redirectWithFlashf(w, r, to, "Beställningspunkten för artikel %s i lager %s är sparad.", set.Article, set.Warehouse)
}
