package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Kundorder pages (manual "Beställa hjälpmedel", "… med komponenter (komponentguide)",
// "Komplettera en individ med komponent"): order information → order lines (with the
// components guide and Kompl. individ) → delivery information → Verkställ → confirmation.

func (s *Server) routesOrders() {
	p := domain.RolePrescriber
	s.page("GET /kundorder", s.orderInfoPage, p)
	s.page("POST /kundorder", s.orderInfoSubmit, p)
	s.page("GET /kundorder/utkast/{id}/rader", s.orderLinesPage, p)
	s.page("POST /kundorder/utkast/{id}/rader", s.orderLinesSubmit, p)
	s.page("POST /kundorder/utkast/{id}/radera", s.orderDraftDelete, p)
	s.page("GET /kundorder/utkast/{id}/rader/{line}/komponenter", s.orderComponentsPage, p)
	s.page("POST /kundorder/utkast/{id}/rader/{line}/komponenter", s.orderComponentsSubmit, p)
	s.page("GET /kundorder/utkast/{id}/rader/{line}/individ", s.orderUnitPage, p)
	s.page("POST /kundorder/utkast/{id}/rader/{line}/individ", s.orderUnitSubmit, p)
	s.page("GET /kundorder/utkast/{id}/leverans", s.orderDeliveryPage, p)
	s.page("POST /kundorder/utkast/{id}/verkstall", s.orderRegister, p)
	s.page("GET /kundorder/order/{number}/bekraftelse", s.orderConfirmation)
	s.page("GET /kundorder/order/{number}", s.orderShowPage)
}

func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil {
		return 0, domain.Errorf(domain.ENotFound, "Sidan finns inte.")
	}
	return n, nil
}

type orderInfoData struct {
	Customers []*domain.OrderCustomer
	Drafts    []*domain.Order
	Recent    []*domain.Order
}

func (s *Server) orderInfoData(r *http.Request) (*orderInfoData, error) {
	a := actor(r)
	custs, err := s.svc.LinkedCustomers(r.Context(), a)
	if err != nil {
		return nil, err
	}
	drafts, err := s.svc.OrderDrafts(r.Context(), a)
	if err != nil {
		return nil, err
	}
	recent, err := s.svc.MyOrders(r.Context(), a, 10)
	if err != nil {
		return nil, err
	}
	return &orderInfoData{Customers: custs, Drafts: drafts, Recent: recent}, nil
}

func (s *Server) orderInfoPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orderInfoData(r)
	if err != nil {
		return err
	}
	// Links from Hjälpmedel: ?personnummer=… or ?kund=… (a care unit), &artikel=… (order the same again).
	if k := r.Form.Get("kund"); k != "" && r.Form.Get("mottagare") == "" {
		r.Form.Set("mottagare", "vardenhet")
		r.Form.Set("recipientCustomer", k)
		r.Form.Set("customer", k)
	}
	if r.Form.Get("mottagare") == "" {
		r.Form.Set("mottagare", "patient")
	}
	if r.Form.Get("customer") == "" {
		c, err := s.svc.DefaultOrderCustomer(r.Context(), actor(r), r.Form.Get("personnummer"), r.Form.Get("artikel"))
		if err != nil {
			return err
		}
		r.Form.Set("customer", c)
	}
	return s.renderPage(w, r, http.StatusOK, "orders/info", &Page{Title: "Kundorder", Data: d, Form: r.Form})
}

func (s *Server) orderInfoSubmit(w http.ResponseWriter, r *http.Request) error {
	in := service.DraftInput{Customer: r.PostForm.Get("customer")}
	if r.PostForm.Get("mottagare") == "vardenhet" {
		in.Recipient.Customer = r.PostForm.Get("recipientCustomer")
		if in.Recipient.Customer == "" {
			in.Recipient.Customer = in.Customer
		}
	} else {
		in.Recipient.Personnummer = r.PostForm.Get("personnummer")
	}
	id, err := s.svc.CreateOrderDraft(r.Context(), actor(r), in)
	if err != nil {
		d, derr := s.orderInfoData(r)
		if derr != nil {
			return derr
		}
		return s.renderForm(w, r, "orders/info", "Kundorder", d, err)
	}
	to := "/kundorder/utkast/" + strconv.FormatInt(id, 10) + "/rader"
	if art := strings.TrimSpace(r.PostForm.Get("artikel")); art != "" {
		to += "?artikel=" + url.QueryEscape(art)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// draftView loads a draft; one already registered sends the user to its order page.
func (s *Server) draftView(w http.ResponseWriter, r *http.Request) (*service.OrderDraftView, bool, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, false, err
	}
	v, err := s.svc.OrderDraft(r.Context(), actor(r), id)
	if service.IsNotDraft(err) {
		http.Redirect(w, r, "/kundorder/order/"+v.Order.Number, http.StatusSeeOther)
		return nil, true, nil
	}
	return v, false, err
}

func (s *Server) orderLinesPage(w http.ResponseWriter, r *http.Request) error {
	v, done, err := s.draftView(w, r)
	if err != nil || done {
		return err
	}
	if a := r.Form.Get("artikel"); a != "" { // "Beställ" on a row of Hjälpmedel: the same article again
		r.Form.Set("article", a)
	}
	return s.renderPage(w, r, http.StatusOK, "orders/lines", &Page{Title: "Kundorderrader", Data: v, Form: r.Form})
}

func (s *Server) orderLinesSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	fail := func(err error) error {
		v, done, verr := s.draftView(w, r)
		if verr != nil || done {
			return verr
		}
		return s.renderForm(w, r, "orders/lines", "Kundorderrader", v, err)
	}
	if ids := r.PostForm["ta_bort"]; len(ids) > 0 {
		lineIDs, err := service.ParseLineIDs(ids)
		if err != nil {
			return err
		}
		if err := s.svc.RemoveOrderLines(r.Context(), a, id, lineIDs); err != nil {
			return fail(err)
		}
		r.PostForm.Del("ta_bort")
		r.Form.Del("ta_bort")
	}
	if art := strings.TrimSpace(r.PostForm.Get("article")); art != "" {
		qty := 1
		if q := strings.TrimSpace(r.PostForm.Get("quantity")); q != "" {
			n, err := strconv.Atoi(q)
			if err != nil {
				return fail(domain.Invalid("quantity", "Antal måste vara ett heltal."))
			}
			qty = n
		}
		if err := s.svc.AddOrderLine(r.Context(), a, id, service.LineInput{Article: art, Quantity: qty, Payer: r.PostForm.Get("payer")}); err != nil {
			return fail(err)
		}
	}
	base := "/kundorder/utkast/" + strconv.FormatInt(id, 10)
	if r.PostForm.Get("action") == "fortsatt" {
		v, err := s.svc.OrderDraft(r.Context(), a, id)
		if err != nil {
			return err
		}
		if len(v.Trees) == 0 {
			return fail(domain.Invalid("article", "Ordern saknar orderrader. Ange artikelnummer och spara."))
		}
		http.Redirect(w, r, base+"/leverans", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, base+"/rader#f-article", http.StatusSeeOther)
	return nil
}

func (s *Server) orderDraftDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteOrderDraft(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.redirectWithFlash(w, r, "/kundorder", "Beställningen är raderad.")
}

type orderLineData struct {
	View  *service.OrderDraftView
	Line  *service.LineView
	Guide *service.ComponentsGuide
	Units []service.UnitChoice
}

// draftLineIDs reads the draft's and its line's ids from the path.
func draftLineIDs(r *http.Request) (id, line int64, err error) {
	if id, err = pathID(r, "id"); err == nil {
		line, err = pathID(r, "line")
	}
	return id, line, err
}

func (s *Server) orderLineData(w http.ResponseWriter, r *http.Request) (*orderLineData, bool, error) {
	v, done, err := s.draftView(w, r)
	if err != nil || done {
		return nil, done, err
	}
	lid, err := pathID(r, "line")
	if err != nil {
		return nil, false, err
	}
	for _, l := range v.Trees {
		if l.ID == lid {
			return &orderLineData{View: v, Line: l}, false, nil
		}
	}
	return nil, false, domain.Errorf(domain.ENotFound, "Orderraden finns inte.")
}

func (s *Server) orderComponentsPage(w http.ResponseWriter, r *http.Request) error {
	d, done, err := s.orderLineData(w, r)
	if err != nil || done {
		return err
	}
	if d.Guide, err = s.svc.ComponentsGuide(r.Context(), actor(r), d.Line); err != nil {
		return err
	}
	return s.render(w, r, "orders/components", "Komponentguide", d)
}

func (s *Server) orderComponentsSubmit(w http.ResponseWriter, r *http.Request) error {
	id, lid, err := draftLineIDs(r)
	if err != nil {
		return err
	}
	a := actor(r)
	fail := func(err error) error {
		d, done, derr := s.orderLineData(w, r)
		if derr != nil || done {
			return derr
		}
		if d.Guide, derr = s.svc.ComponentsGuide(r.Context(), a, d.Line); derr != nil {
			return derr
		}
		return s.renderForm(w, r, "orders/components", "Komponentguide", d, err)
	}
	msg := "Ändringarna är sparade."
	if r.PostForm.Get("action") == "bestall" {
		ticked := r.PostForm["tillbehor"]
		if len(ticked) == 0 {
			return fail(domain.Invalid("tillbehor", "Bocka i de tillbehör du vill beställa."))
		}
		if err := s.svc.AddLineComponents(r.Context(), a, id, lid, ticked); err != nil {
			return fail(err)
		}
		msg = "Tillbehören är beställda."
	} else {
		if ids := r.PostForm["ta_bort"]; len(ids) > 0 {
			cids, err := service.ParseLineIDs(ids)
			if err != nil {
				return err
			}
			if err := s.svc.RemoveLineComponents(r.Context(), a, id, lid, cids); err != nil {
				return fail(err)
			}
		}
		if art := strings.TrimSpace(r.PostForm.Get("article")); art != "" {
			if err := s.svc.AddLineComponents(r.Context(), a, id, lid, []string{art}); err != nil {
				return fail(err)
			}
		}
	}
	return s.redirectWithFlash(w, r, r.URL.Path, msg)
}

func (s *Server) orderUnitPage(w http.ResponseWriter, r *http.Request) error {
	d, done, err := s.orderLineData(w, r)
	if err != nil || done {
		return err
	}
	if d.Units, err = s.svc.RecipientUnits(r.Context(), actor(r), d.View.Order.ID, d.Line.ID); err != nil {
		return err
	}
	return s.render(w, r, "orders/unit", "Komplettera individ", d)
}

func (s *Server) orderUnitSubmit(w http.ResponseWriter, r *http.Request) error {
	id, lid, err := draftLineIDs(r)
	if err != nil {
		return err
	}
	if err := s.svc.SetLineUnit(r.Context(), actor(r), id, lid, r.PostForm.Get("unit")); err != nil {
		d, done, derr := s.orderLineData(w, r)
		if derr != nil || done {
			return derr
		}
		if d.Units, derr = s.svc.RecipientUnits(r.Context(), actor(r), id, lid); derr != nil {
			return derr
		}
		return s.renderForm(w, r, "orders/unit", "Komplettera individ", d, err)
	}
	return s.redirectWithFlash(w, r, "/kundorder/utkast/"+strconv.FormatInt(id, 10)+"/rader", "Komponenten kopplas till individen vid leverans.")
}

type orderDeliveryData struct {
	View  *service.OrderDraftView
	Token string
}

func newFormToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) orderDeliveryPage(w http.ResponseWriter, r *http.Request) error {
	v, done, err := s.draftView(w, r)
	if err != nil || done {
		return err
	}
	if len(v.Trees) == 0 {
		return s.redirectWithFlash(w, r, "/kundorder/utkast/"+strconv.FormatInt(v.Order.ID, 10)+"/rader", "Ordern saknar orderrader.")
	}
	d := v.Order.Delivery
	r.Form.Set("from", d.Source)
	r.Form.Set("phone", d.Phone)
	r.Form.Set("mobile", d.Mobile)
	r.Form.Set("doorCode", d.DoorCode)
	r.Form.Set("instructions", d.Instructions)
	r.Form.Set("warehouseInfo", d.WarehouseInfo)
	if d.DeliverTogether {
		r.Form.Set("deliverTogether", "on")
	}
	if v.Order.Urgent {
		r.Form.Set("urgent", "on")
	}
	if d.Source == "customer" && d.Phone == "" {
		r.Form.Set("phone", v.Customer.Phone)
	}
	return s.renderPage(w, r, http.StatusOK, "orders/delivery", &Page{Title: "Leveransuppgifter", Form: r.Form,
		Data: &orderDeliveryData{View: v, Token: newFormToken()}})
}

func (s *Server) orderRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := r.PostForm
	in := service.DeliveryInput{From: f.Get("from"), Phone: f.Get("phone"), Mobile: f.Get("mobile"), DoorCode: f.Get("doorCode"),
		Instructions: f.Get("instructions"), WarehouseInfo: f.Get("warehouseInfo"), DeliverTogether: f.Get("deliverTogether") != "",
		Urgent: f.Get("urgent") != ""}
	o, _, err := s.svc.RegisterOrderDraft(r.Context(), actor(r), id, in, f.Get("token"))
	if err != nil {
		v, done, verr := s.draftView(w, r)
		if verr != nil || done {
			return verr
		}
		return s.renderForm(w, r, "orders/delivery", "Leveransuppgifter", &orderDeliveryData{View: v, Token: f.Get("token")}, err)
	}
	http.Redirect(w, r, "/kundorder/order/"+o.Number+"/bekraftelse", http.StatusSeeOther)
	return nil
}

type orderShowData struct {
	Order      *domain.Order
	Lines      []*service.LineView
	StatusText string
	Advice     string
	CanCancel  bool
	CanDeliver bool
	Today      time.Time
}

func (s *Server) orderShowData(r *http.Request) (*orderShowData, error) {
	a := actor(r)
	o, err := s.svc.FindOrder(r.Context(), a, r.PathValue("number"))
	if err != nil {
		return nil, err
	}
	lines, err := s.svc.OrderLines(r.Context(), a, o)
	if err != nil {
		return nil, err
	}
	d := &orderShowData{Order: o, Lines: lines, StatusText: domain.DocumentStatusText(o.Status),
		CanCancel: a.HasRole(domain.RoleCustomerService, domain.RoleAdmin), CanDeliver: a.HasRole(domain.RoleWarehouse, domain.RoleAdmin)}
	if a.HasRole(domain.RolePrescriber) && !d.CanCancel {
		d.Advice = service.CancelAdvice
	}
	return d, nil
}

func (s *Server) orderConfirmation(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orderShowData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "orders/confirmation", "Kundorderbekräftelse", d)
}

func (s *Server) orderShowPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orderShowData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, "orders/show", "Kundorder "+d.Order.Number, d)
}
