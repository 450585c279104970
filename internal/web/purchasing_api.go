package web

import (
	"net/http"
	"strconv"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Purchasing in the API (SPEC §10.10): reorder points, proposals, purchase
// orders and receipts against them (warehouse and admin).

func (s *Server) routesPurchasingAPI() {
	s.apiRoute("GET /api/v1/stock/reorderpoints", APIDoc{Summary: "Beställningspunkter och beställningskvantiteter per artikel och lager (lager)", Tag: "purchasing",
		Query:    []QueryParam{{"warehouse", "lagernummer"}, {"article", "artikelnummer"}},
		Response: reorderPointsJSON{}}, s.apiReorderPoints, stockRoles...)
	s.apiRoute("PUT /api/v1/stock/reorderpoints", APIDoc{Summary: "Sätt en artikels beställningspunkt och beställningskvantitet i ett lager (lager)", Tag: "purchasing",
		Description: "reorderPoint null tar bort beställningspunkten: artikeln föreslås inte längre.",
		Request:     reorderIn{}, Response: reorderJSON{}}, s.apiSetReorder, stockRoles...)
	s.apiRoute("GET /api/v1/purchaseproposals", APIDoc{Summary: "Beställningsförslag: artiklar på eller under beställningspunkten (lager)", Tag: "purchasing",
		Description: "available = onHand − reserved + incoming (öppna inköpsordrar); suggestedQuantity är beställningskvantiteten så många gånger att tillgängligt kommer över beställningspunkten. Utan warehouse: användarens lager (admin: alla lager).",
		Query:       []QueryParam{{"warehouse", "lagernummer"}},
		Response:    reorderProposalsJSON{}}, s.apiProposals, stockRoles...)
	s.apiRoute("POST /api/v1/purchaseorders", APIDoc{Summary: "Registrera en inköpsorder till en leverantör (lager)", Tag: "purchasing",
		Description: "supplier är leverantörens namn eller id (utelämnad: artiklarnas leverantör); varje artikel ska levereras av den. expectedDate utelämnad: i dag plus artiklarnas längsta leveranstid i arbetsdagar.",
		Request:     purchaseOrderIn{}, Response: purchaseOrderJSON{}, Status: http.StatusCreated}, s.apiCreatePurchaseOrder, stockRoles...)
	s.apiRoute("GET /api/v1/purchaseorders", APIDoc{Summary: "Inköpsordrar, de senaste först (lager)", Tag: "purchasing",
		Query:    []QueryParam{{"warehouse", "lagernummer"}, {"status", "open: bara öppna (registrerade och delvis mottagna)"}},
		Response: purchaseOrdersJSON{}}, s.apiPurchaseOrders, stockRoles...)
	s.apiRoute("GET /api/v1/purchaseorders/{number}", APIDoc{Summary: "En inköpsorder med rader och mottagningar (lager)", Tag: "purchasing",
		Response: purchaseOrderJSON{}}, s.apiPurchaseOrder, stockRoles...)
	s.apiRoute("POST /api/v1/purchaseorders/{number}/receipts", APIDoc{Summary: "Ta emot varor mot en inköpsorder, helt eller delvis (lager)", Tag: "purchasing",
		Description: "Per rad ett antal, eller för en individmärkt artikel individerna med serienummer. Ingen rad får ta emot mer än som återstår; ordern stängs när allt har kommit. Varje mottagning bokförs i lagerjournalen med inköpsordern som referens.",
		Request:     purchaseReceiptIn{}, Response: purchaseReceiptJSON{}, Status: http.StatusCreated}, s.apiReceivePurchase, stockRoles...)
	s.apiRoute("POST /api/v1/purchaseorders/{number}/close", APIDoc{Summary: "Avsluta en inköpsorder vars rest inte kommer (lager)", Tag: "purchasing",
		Description: "Stängd, eller makulerad om inget har kommit; den räknas inte längre som inkommande.",
		EmptyBody:   true, Response: purchaseOrderJSON{}}, s.apiClosePurchaseOrder, stockRoles...)
}

type reorderIn struct {
	Warehouse     string `json:"warehouse"`
	Article       string `json:"article"`
	ReorderPoint  *int   `json:"reorderPoint"`
	OrderQuantity int    `json:"orderQuantity"`
}

type reorderJSON struct {
	Warehouse     string `json:"warehouse"`
	Article       string `json:"article"`
	Name          string `json:"name"`
	ReorderPoint  *int   `json:"reorderPoint"`
	OrderQuantity int    `json:"orderQuantity"`
}

type reorderPointsJSON struct {
	ReorderPoints []reorderJSON `json:"reorderPoints"`
}

func reorderOf(r domain.ReorderSetting) reorderJSON {
	p := r.ReorderPoint
	return reorderJSON{Warehouse: r.Warehouse, Article: r.Article, Name: r.ArticleName, ReorderPoint: &p, OrderQuantity: r.OrderQuantity}
}

func (s *Server) apiReorderPoints(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	rs, err := s.svc.ReorderSettings(r.Context(), actor(r), domain.ReorderFilter{Warehouse: q.Get("warehouse"), Article: q.Get("article")})
	if err != nil {
		return err
	}
	out := reorderPointsJSON{ReorderPoints: []reorderJSON{}}
	for _, x := range rs {
		out.ReorderPoints = append(out.ReorderPoints, reorderOf(x))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSetReorder(w http.ResponseWriter, r *http.Request) error {
	var in reorderIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	si := service.ReorderInput{Warehouse: in.Warehouse, Article: in.Article, OrderQuantity: in.OrderQuantity, Remove: in.ReorderPoint == nil}
	if in.ReorderPoint != nil {
		si.ReorderPoint = *in.ReorderPoint
	}
	set, err := s.svc.SetReorder(r.Context(), actor(r), si)
	if err != nil {
		return err
	}
	out := reorderOf(*set)
	if si.Remove {
		out.ReorderPoint, out.OrderQuantity = nil, 0
	}
	return writeJSON(w, http.StatusOK, out)
}

type reorderProposalJSON struct {
	Warehouse         string `json:"warehouse"`
	Article           string `json:"article"`
	Name              string `json:"name"`
	Supplier          string `json:"supplier"`
	SupplierID        string `json:"supplierId"`
	SupplierArticle   string `json:"supplierArticle"`
	OnHand            int    `json:"onHand"`
	Reserved          int    `json:"reserved"`
	Incoming          int    `json:"incoming"`
	Available         int    `json:"available"`
	ReorderPoint      int    `json:"reorderPoint"`
	OrderQuantity     int    `json:"orderQuantity"`
	SuggestedQuantity int    `json:"suggestedQuantity"`
}

type reorderProposalsJSON struct {
	Proposals []reorderProposalJSON `json:"proposals"`
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.svc.ReorderProposals(r.Context(), actor(r), r.URL.Query().Get("warehouse"))
	if err != nil {
		return err
	}
	out := reorderProposalsJSON{Proposals: []reorderProposalJSON{}}
	for _, p := range ps {
		j := reorderProposalJSON{Warehouse: p.Warehouse, Article: p.Article, Name: p.ArticleName, Supplier: p.SupplierName,
			SupplierArticle: p.SupplierArticle, OnHand: p.OnHand, Reserved: p.Reserved, Incoming: p.Incoming, Available: p.Available(),
			ReorderPoint: p.ReorderPoint, OrderQuantity: p.OrderQuantity, SuggestedQuantity: p.Suggested}
		if p.SupplierID != 0 {
			j.SupplierID = strconv.FormatInt(p.SupplierID, 10)
		}
		out.Proposals = append(out.Proposals, j)
	}
	return writeJSON(w, http.StatusOK, out)
}

type purchaseLineIn struct {
	Article  string `json:"article"`
	Quantity int    `json:"quantity"`
}

type purchaseOrderIn struct {
	Supplier     string           `json:"supplier"`
	Warehouse    string           `json:"warehouse"`
	ExpectedDate string           `json:"expectedDate"`
	Note         string           `json:"note"`
	Lines        []purchaseLineIn `json:"lines"`
}

type purchaseOrderLineJSON struct {
	Article         string `json:"article"`
	Name            string `json:"name"`
	SupplierArticle string `json:"supplierArticle"`
	UnitOfMeasure   string `json:"unitOfMeasure"`
	Individual      bool   `json:"individual"`
	Quantity        int    `json:"quantity"`
	Received        int    `json:"received"`
	Remaining       int    `json:"remaining"`
}

type purchaseReceiptRowJSON struct {
	At       string   `json:"at"`
	By       string   `json:"by"`
	Article  string   `json:"article"`
	Quantity int      `json:"quantity"`
	Units    []string `json:"units"`
}

type purchaseOrderJSON struct {
	Number        string                   `json:"number"`
	Status        string                   `json:"status"`
	StatusText    string                   `json:"statusText"`
	Supplier      string                   `json:"supplier"`
	SupplierID    string                   `json:"supplierId"`
	Warehouse     string                   `json:"warehouse"`
	WarehouseName string                   `json:"warehouseName"`
	ExpectedDate  string                   `json:"expectedDate"`
	Note          string                   `json:"note"`
	CreatedAt     string                   `json:"createdAt"`
	CreatedBy     string                   `json:"createdBy"`
	ClosedAt      *string                  `json:"closedAt"`
	Lines         []purchaseOrderLineJSON  `json:"lines"`
	Receipts      []purchaseReceiptRowJSON `json:"receipts"`
}

type purchaseOrdersJSON struct {
	PurchaseOrders []purchaseOrderJSON `json:"purchaseOrders"`
}

func purchaseOrderOf(o *domain.PurchaseOrder) purchaseOrderJSON {
	j := purchaseOrderJSON{Number: o.Number, Status: o.Status, StatusText: domain.DocumentStatusText(o.Status), Supplier: o.SupplierName,
		SupplierID: strconv.FormatInt(o.SupplierID, 10), Warehouse: o.Warehouse, WarehouseName: o.WarehouseName,
		ExpectedDate: domain.FormatDate(o.Expected), Note: o.Note, CreatedAt: domain.FormatTimestamp(o.CreatedAt), CreatedBy: o.CreatedBy,
		Lines: []purchaseOrderLineJSON{}, Receipts: []purchaseReceiptRowJSON{}}
	if !o.ClosedAt.IsZero() {
		c := domain.FormatTimestamp(o.ClosedAt)
		j.ClosedAt = &c
	}
	for _, l := range o.Lines {
		j.Lines = append(j.Lines, purchaseOrderLineJSON{Article: l.Article, Name: l.ArticleName, SupplierArticle: l.SupplierArticle,
			UnitOfMeasure: l.UnitOfMeasure, Individual: l.Individual, Quantity: l.Quantity, Received: l.Received, Remaining: l.Remaining()})
	}
	for _, rc := range o.Receipts {
		units := rc.Units
		if units == nil {
			units = []string{}
		}
		j.Receipts = append(j.Receipts, purchaseReceiptRowJSON{At: domain.FormatTimestamp(rc.At), By: rc.By, Article: rc.Article,
			Quantity: rc.Quantity, Units: units})
	}
	return j
}

func (s *Server) apiCreatePurchaseOrder(w http.ResponseWriter, r *http.Request) error {
	var in purchaseOrderIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	si := service.PurchaseOrderInput{Supplier: in.Supplier, Warehouse: in.Warehouse, Expected: in.ExpectedDate, Note: in.Note}
	for _, l := range in.Lines {
		si.Lines = append(si.Lines, service.PurchaseLineInput{Article: l.Article, Quantity: l.Quantity})
	}
	o, err := s.svc.CreatePurchaseOrder(r.Context(), actor(r), si)
	if err != nil {
		return err
	}
	// The stored order, as GET returns it.
	if o, err = s.svc.FindPurchaseOrder(r.Context(), actor(r), o.Number); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, purchaseOrderOf(o))
}

func (s *Server) apiPurchaseOrders(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := domain.PurchaseOrderFilter{Warehouse: q.Get("warehouse")}
	switch q.Get("status") {
	case "", "all":
	case "open":
		f.OpenOnly = true
	default:
		return domain.Invalid("status", "status ska vara open eller all.")
	}
	list, err := s.svc.PurchaseOrders(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	out := purchaseOrdersJSON{PurchaseOrders: []purchaseOrderJSON{}}
	for _, o := range list {
		out.PurchaseOrders = append(out.PurchaseOrders, purchaseOrderOf(o))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiPurchaseOrder(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.FindPurchaseOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, purchaseOrderOf(o))
}

type purchaseReceiptLineIn struct {
	Article  string       `json:"article"`
	Quantity int          `json:"quantity"`
	Units    []unitInJSON `json:"units"`
}

type purchaseReceiptIn struct {
	Lines []purchaseReceiptLineIn `json:"lines"`
}

type receivedLineJSON struct {
	Article  string             `json:"article"`
	Name     string             `json:"name"`
	Quantity int                `json:"quantity"`
	Units    []receivedUnitJSON `json:"units"`
}

type purchaseReceiptJSON struct {
	PurchaseOrder purchaseOrderJSON  `json:"purchaseOrder"`
	Received      []receivedLineJSON `json:"received"`
}

func (s *Server) apiReceivePurchase(w http.ResponseWriter, r *http.Request) error {
	var in purchaseReceiptIn
	if err := readJSON(r, &in); err != nil {
		return err
	}
	var lines []service.PurchaseReceiptInput
	for _, l := range in.Lines {
		pl := service.PurchaseReceiptInput{Article: l.Article, Quantity: l.Quantity}
		for _, u := range l.Units {
			pl.Units = append(pl.Units, service.UnitIn{Serial: u.Serial, PurchaseDate: u.PurchaseDate, WarrantyUntil: u.WarrantyUntil})
		}
		lines = append(lines, pl)
	}
	res, err := s.svc.ReceivePurchase(r.Context(), actor(r), r.PathValue("number"), lines)
	if err != nil {
		return err
	}
	out := purchaseReceiptJSON{PurchaseOrder: purchaseOrderOf(res.Order), Received: []receivedLineJSON{}}
	for _, rc := range res.Received {
		out.Received = append(out.Received, receivedLineJSON{Article: rc.Article, Name: rc.ArticleName, Quantity: rc.Quantity,
			Units: receivedUnitsJSON(rc.Units)})
	}
	return writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiClosePurchaseOrder(w http.ResponseWriter, r *http.Request) error {
	if err := readJSON(r, &struct{}{}); err != nil {
		return err
	}
	o, err := s.svc.ClosePurchaseOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, purchaseOrderOf(o))
}

// receivedUnitsJSON are the units a receipt created.
func receivedUnitsJSON(units []service.ReceivedUnit) []receivedUnitJSON {
	out := []receivedUnitJSON{}
	for _, u := range units {
		ru := receivedUnitJSON{Unit: u.Number, Serial: u.Serial, PurchaseDate: domain.FormatDate(u.PurchaseDate)}
		if !u.WarrantyUntil.IsZero() {
			d := domain.FormatDate(u.WarrantyUntil)
			ru.WarrantyUntil = &d
		}
		out = append(out, ru)
	}
	return out
}
