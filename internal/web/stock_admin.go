package web

import (
	"net/http"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Lager (SPEC §4, warehouse and admin): Varumottagning, saldo och reservationer,
// flytt mellan lager, inventering, individhistorik — pages and API.

var stockRoles = []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}

func (s *Server) routesStockAdmin() {
	s.page("GET /lager/mottagning", s.receivePage, stockRoles...)
	s.page("POST /lager/mottagning", s.receiveSubmit, stockRoles...)
	s.page("GET /lager/saldo", s.balancesPage, stockRoles...)
	s.page("GET /lager/flytt", s.movePage, stockRoles...)
	s.page("POST /lager/flytt", s.moveSubmit, stockRoles...)
	s.page("GET /lager/inventering", s.correctPage, stockRoles...)
	s.page("POST /lager/inventering", s.correctSubmit, stockRoles...)
	s.page("GET /lager/individ", s.unitHistoryPage, stockRoles...)
	s.apiRoute("POST /api/v1/stock/receipts", APIDoc{Summary: "Varumottagning: antal, eller individer med serienummer (lager)", Tag: "stock",
		Request: receiptIn{}, Response: receiptJSON{}, Status: http.StatusCreated}, s.apiReceive, stockRoles...)
	s.apiRoute("GET /api/v1/stock", APIDoc{Summary: "Saldo och reservationer per lager (lager)", Tag: "stock",
		Query: []QueryParam{{"warehouse", "lagernummer"}, {"article", "artikelnummer"}}, Response: map[string][]balanceJSON{}}, s.apiBalances, stockRoles...)
	s.apiRoute("POST /api/v1/stock/moves", APIDoc{Summary: "Flytta antal, eller en individ, mellan lager (lager)", Tag: "stock",
		Request: moveIn{}, Response: map[string]string{}}, s.apiMove, stockRoles...)
	s.apiRoute("POST /api/v1/stock/corrections", APIDoc{Summary: "Inventering: räknat antal med orsak (lager)", Tag: "stock",
		Request: correctionIn{}, Response: correctionJSON{}}, s.apiCorrect, stockRoles...)
	s.apiRoute("GET /api/v1/stock/units/{unit}/history", APIDoc{Summary: "En individs hela historik (lager)", Tag: "stock",
		Response: unitHistoryJSON{}}, s.apiUnitHistory, stockRoles...)
}

type boOption struct{ Value, Label string }

// warehouseOptions are the warehouses for a form's select. A form rendered
// without them would save without a warehouse, so an error is the page's error.
func (s *Server) warehouseOptions(r *http.Request) ([]boOption, error) {
	ws, err := s.svc.Warehouses(r.Context())
	var out []boOption
	for _, w := range ws {
		out = append(out, boOption{w.Number, w.Number + " " + w.Name})
	}
	return out, err
}

// stockForm renders a stock form with its warehouses, and the action's error if any.
func (s *Server) stockForm(w http.ResponseWriter, r *http.Request, tmpl, title string, actionErr error) error {
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return err
	}
	if actionErr != nil {
		return s.renderForm(w, r, tmpl, title, stockFormData{Warehouses: ws}, actionErr)
	}
	return s.renderPage(w, r, http.StatusOK, tmpl, &Page{Title: title, Form: r.Form, Data: stockFormData{Warehouses: ws}})
}

type stockFormData struct {
	Warehouses []boOption
}

func (s *Server) defaultWarehouse(r *http.Request) {
	if r.Form.Get("warehouse") == "" {
		w := actor(r).Warehouse
		if w == "" {
			w = "2000"
		}
		r.Form.Set("warehouse", w)
	}
}

func (s *Server) receivePage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.stockForm(w, r, "backoffice/stock_receive", "Varumottagning", nil)
}

// parseUnitLines reads "serienummer; inköpsdatum; garanti till och med", one unit a line.
func parseUnitLines(text string) []service.UnitIn {
	var out []service.UnitIn
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == ',' || r == '\t' })
		u := service.UnitIn{}
		for i, v := range f {
			v = strings.TrimSpace(v)
			switch i {
			case 0:
				u.Serial = v
			case 1:
				u.PurchaseDate = v
			case 2:
				u.WarrantyUntil = v
			}
		}
		out = append(out, u)
	}
	return out
}

func atoiForm(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

func (s *Server) receiveSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.ReceiptInput{Warehouse: r.PostFormValue("warehouse"), Article: r.PostFormValue("article"),
		Units: parseUnitLines(r.PostFormValue("units"))}
	if q := strings.TrimSpace(r.PostFormValue("quantity")); q != "" {
		in.Quantity = atoiForm(q)
	}
	res, err := s.svc.ReceiveGoods(r.Context(), actor(r), in)
	if err != nil {
		return s.stockForm(w, r, "backoffice/stock_receive", "Varumottagning", err)
	}
	msg := "Mottaget: " + strconv.Itoa(res.Quantity) + " av artikel " + res.Article + " i lager " + res.Warehouse + "."
	if len(res.Units) > 0 {
		var nums []string
		for _, u := range res.Units {
			nums = append(nums, u.Number)
		}
		msg += " Individnummer: " + strings.Join(nums, ", ") + "."
		s.flashLabels(w, nums)
	}
	return s.redirectWithFlash(w, r, "/lager/saldo?article="+res.Article+"&warehouse="+res.Warehouse, msg)
}

type balancesData struct {
	Warehouses []boOption
	Balances   []domain.StockBalance
	Searched   bool
}

func (s *Server) balancesPage(w http.ResponseWriter, r *http.Request) error {
	f := domain.StockFilter{Warehouse: r.Form.Get("warehouse"), Article: strings.TrimSpace(r.Form.Get("article"))}
	bal, err := s.svc.StockBalances(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return err
	}
	opts := append([]boOption{{"", "Alla lager"}}, ws...)
	return s.renderPage(w, r, http.StatusOK, "backoffice/stock_balances", &Page{Title: "Saldo och reservationer", Form: r.Form,
		Data: balancesData{Warehouses: opts, Balances: bal, Searched: true}})
}

func (s *Server) movePage(w http.ResponseWriter, r *http.Request) error {
	return s.stockForm(w, r, "backoffice/stock_move", "Flytta mellan lager", nil)
}

func (s *Server) moveSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.MoveInput{From: r.PostFormValue("from"), To: r.PostFormValue("to"), Article: r.PostFormValue("article"),
		Unit: r.PostFormValue("unit"), Quantity: atoiForm(r.PostFormValue("quantity"))}
	if strings.TrimSpace(in.Unit) != "" {
		in.Quantity = 1
	}
	if err := s.svc.MoveStock(r.Context(), actor(r), in); err != nil {
		return s.stockForm(w, r, "backoffice/stock_move", "Flytta mellan lager", err)
	}
	return s.redirectWithFlash(w, r, "/lager/flytt", "Flytten är gjord.")
}

func (s *Server) correctPage(w http.ResponseWriter, r *http.Request) error {
	s.defaultWarehouse(r)
	return s.stockForm(w, r, "backoffice/stock_correct", "Saldokorrigering", nil)
}

func (s *Server) correctSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.CorrectionInput{Warehouse: r.PostFormValue("warehouse"), Article: r.PostFormValue("article"),
		Counted: atoiForm(r.PostFormValue("counted")), Reason: r.PostFormValue("reason")}
	delta, err := s.svc.CorrectStock(r.Context(), actor(r), in)
	if err != nil {
		return s.stockForm(w, r, "backoffice/stock_correct", "Saldokorrigering", err)
	}
	return s.redirectWithFlash(w, r, "/lager/saldo?article="+strings.TrimSpace(in.Article)+"&warehouse="+in.Warehouse,
		"Saldot är korrigerat ("+strconv.Itoa(delta)+").")
}

func (s *Server) unitHistoryPage(w http.ResponseWriter, r *http.Request) error {
	var data *service.UnitHistory
	if u := strings.TrimSpace(r.Form.Get("unit")); u != "" {
		h, err := s.svc.UnitHistory(r.Context(), actor(r), u)
		if fe := onField(err, "unit"); fe != nil {
			return s.renderForm(w, r, "backoffice/unit_history", "Individhistorik", nil, fe)
		}
		if err != nil {
			return err
		}
		data = h
	}
	return s.renderPage(w, r, http.StatusOK, "backoffice/unit_history", &Page{Title: "Individhistorik", Form: r.Form, Data: data})
}

// API

type unitInJSON struct {
	Serial        string `json:"serial"`
	PurchaseDate  string `json:"purchaseDate"`
	WarrantyUntil string `json:"warrantyUntil"`
}

type receiptIn struct {
	Warehouse string       `json:"warehouse"`
	Article   string       `json:"article"`
	Quantity  int          `json:"quantity"`
	Units     []unitInJSON `json:"units"`
}

type receivedUnitJSON struct {
	Unit          string  `json:"unit"`
	Serial        string  `json:"serial"`
	PurchaseDate  string  `json:"purchaseDate"`
	WarrantyUntil *string `json:"warrantyUntil"`
}

type balanceJSON struct {
	Warehouse     string `json:"warehouse"`
	WarehouseName string `json:"warehouseName"`
	Article       string `json:"article"`
	Name          string `json:"name"`
	OnHand        int    `json:"onHand"`
	Reserved      int    `json:"reserved"`
	Available     int    `json:"available"`
	Location      string `json:"location"` // the shelf location (lagerplats), "" none
}

func balanceOf(b domain.StockBalance) balanceJSON {
	return balanceJSON{Warehouse: b.Warehouse, WarehouseName: b.WarehouseName, Article: b.Article, Name: b.ArticleName,
		OnHand: b.OnHand, Reserved: b.Reserved, Available: b.Available(), Location: b.Location}
}

type receiptJSON struct {
	Warehouse string             `json:"warehouse"`
	Article   string             `json:"article"`
	Name      string             `json:"name"`
	Quantity  int                `json:"quantity"`
	Units     []receivedUnitJSON `json:"units"`
	Balance   balanceJSON        `json:"balance"`
}

func (s *Server) apiReceive(w http.ResponseWriter, r *http.Request) error {
	var j receiptIn
	if err := readJSON(r, &j); err != nil {
		return err
	}
	in := service.ReceiptInput{Warehouse: j.Warehouse, Article: j.Article, Quantity: j.Quantity}
	for _, u := range j.Units {
		in.Units = append(in.Units, service.UnitIn{Serial: u.Serial, PurchaseDate: u.PurchaseDate, WarrantyUntil: u.WarrantyUntil})
	}
	res, err := s.svc.ReceiveGoods(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	out := receiptJSON{Warehouse: res.Warehouse, Article: res.Article, Name: res.ArticleName, Quantity: res.Quantity,
		Units: receivedUnitsJSON(res.Units), Balance: balanceOf(res.Balance)}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiBalances(w http.ResponseWriter, r *http.Request) error {
	bal, err := s.svc.StockBalances(r.Context(), actor(r), domain.StockFilter{Warehouse: r.URL.Query().Get("warehouse"), Article: r.URL.Query().Get("article")})
	if err != nil {
		return err
	}
	out := []balanceJSON{}
	for _, b := range bal {
		out = append(out, balanceOf(b))
	}
	return writeJSON(w, http.StatusOK, map[string][]balanceJSON{"balances": out})
}

type moveIn struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Article  string `json:"article"`
	Quantity int    `json:"quantity"`
	Unit     string `json:"unit"`
}

func (s *Server) apiMove(w http.ResponseWriter, r *http.Request) error {
	var j moveIn
	if err := readJSON(r, &j); err != nil {
		return err
	}
	if err := s.svc.MoveStock(r.Context(), actor(r), service.MoveInput{From: j.From, To: j.To, Article: j.Article, Quantity: j.Quantity, Unit: j.Unit}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "moved"})
}

type correctionIn struct {
	Warehouse string `json:"warehouse"`
	Article   string `json:"article"`
	Counted   int    `json:"counted"`
	Reason    string `json:"reason"`
}

type correctionJSON struct {
	Delta   int         `json:"delta"`
	Balance balanceJSON `json:"balance"`
}

func (s *Server) apiCorrect(w http.ResponseWriter, r *http.Request) error {
	var j correctionIn
	if err := readJSON(r, &j); err != nil {
		return err
	}
	delta, err := s.svc.CorrectStock(r.Context(), actor(r), service.CorrectionInput{Warehouse: j.Warehouse, Article: j.Article, Counted: j.Counted, Reason: j.Reason})
	if err != nil {
		return err
	}
	out := correctionJSON{Delta: delta}
	if bal, err := s.svc.StockBalances(r.Context(), actor(r), domain.StockFilter{Warehouse: j.Warehouse, Article: j.Article}); err == nil && len(bal) == 1 {
		out.Balance = balanceOf(bal[0])
	}
	return writeJSON(w, http.StatusOK, out)
}

type unitHistoryJSON struct {
	Unit      string `json:"unit"`
	Article   string `json:"article"`
	Serial    string `json:"serial"`
	Warehouse string `json:"warehouse"`
	Status    string `json:"status"`
	// Components are attached to the unit now; they go out with it at its next delivery.
	Components []unitComponentJSON `json:"components"`
	History    []unitEventJSON     `json:"history"`
}

func (s *Server) apiUnitHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.svc.UnitHistory(r.Context(), actor(r), r.PathValue("unit"))
	if err != nil {
		return err
	}
	out := unitHistoryJSON{Unit: h.Unit.Number, Article: h.Unit.Article, Serial: h.Unit.Serial, Warehouse: h.Unit.Warehouse,
		Status: h.Unit.Status, Components: unitComponentsJSON(h.Components), History: []unitEventJSON{}}
	for _, e := range h.Events {
		out.History = append(out.History, unitEventOf(e))
	}
	return writeJSON(w, http.StatusOK, out)
}
