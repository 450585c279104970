package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Fulfilment (SPEC §4): the warehouse's pick list, picking (units first in, first
// out), delivery (Levererad) and the delivery note; customer service's cancel page.

func (s *Server) routesFulfilment() {
	wh := []domain.Role{domain.RoleWarehouse, domain.RoleAdmin}
	s.page("GET /lager/plocklista", s.pickListPage, wh...)
	s.page("POST /lager/plocklista/{number}/plocka", s.pickSubmit, wh...)
	s.page("POST /lager/plocklista/{number}/leverera", s.deliverSubmit, wh...)
	s.page("GET /lager/foljesedel/{number}", s.deliveryNote, wh...)
	cs := []domain.Role{domain.RoleCustomerService, domain.RoleAdmin}
	s.page("GET /kundtjanst/ordrar", s.csOrdersPage, cs...)
	s.page("POST /kundtjanst/ordrar/{number}/makulera", s.csCancel, cs...)
}

type pickListData struct {
	List       *service.PickList
	Date       string
	Warehouses []boOption
}

// pickWarehouses are the warehouses whose pick list the user may choose: the
// admin every one (and all at once), others their own.
func (s *Server) pickWarehouses(r *http.Request) ([]boOption, error) {
	ws, err := s.warehouseOptions(r)
	if err != nil {
		return nil, err
	}
	a := actor(r)
	if a.HasRole(domain.RoleAdmin) {
		return append([]boOption{{"", "Alla lager"}}, ws...), nil
	}
	return slices.DeleteFunc(ws, func(o boOption) bool { return o.Value != a.Warehouse }), nil
}

func (s *Server) pickListPage(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.pickWarehouses(r)
	if err != nil {
		return err
	}
	var day time.Time
	if d := strings.TrimSpace(r.Form.Get("datum")); d != "" {
		if day, err = time.Parse(time.DateOnly, d); err != nil {
			return s.renderForm(w, r, "fulfilment/picklist", "Plocklista", &pickListData{List: &service.PickList{}, Warehouses: ws},
				domain.Invalid("datum", "Ange datum som ÅÅÅÅ-MM-DD."))
		}
	}
	pl, err := s.svc.PickList(r.Context(), actor(r), r.Form.Get("lager"), day)
	if err != nil {
		return err
	}
	if r.Form.Get("format") == "pdf" {
		return writePDF(w, r, "plocklista-"+pl.Date.Format(time.DateOnly)+".pdf", pickListPDF(pl))
	}
	r.Form.Set("datum", pl.Date.Format(time.DateOnly))
	r.Form.Set("lager", pl.Warehouse)
	return s.renderPage(w, r, http.StatusOK, "fulfilment/picklist", &Page{Title: "Plocklista", Form: r.Form,
		Data: &pickListData{List: pl, Date: pl.Date.Format(time.DateOnly), Warehouses: ws}})
}

func (s *Server) pickSubmit(w http.ResponseWriter, r *http.Request) error {
	res, err := s.svc.PickOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	msg := "Kundorder " + res.Order.Number + " är plockad."
	if res.Waiting > 0 {
		msg = "Kundorder " + res.Order.Number + " är delvis plockad: rader väntar på leverantören."
	}
	return s.redirectWithFlash(w, r, backTo(r, "/lager/plocklista"), msg)
}

func (s *Server) deliverSubmit(w http.ResponseWriter, r *http.Request) error {
	ids, err := service.ParseLineIDs(r.PostForm["rad"])
	if err != nil {
		return err
	}
	res, err := s.svc.DeliverOrder(r.Context(), actor(r), r.PathValue("number"), ids)
	if err != nil {
		return err
	}
	var msg string
	switch {
	case res.Delivered == 0:
		msg = "Inget kunde levereras: varorna finns inte i lager ännu."
	case res.Waiting > 0:
		msg = "Kundorder " + res.Order.Number + " är dellevererad; övriga rader väntar på leverantören."
	default:
		msg = "Kundorder " + res.Order.Number + " är levererad."
	}
	return s.redirectWithFlash(w, r, backTo(r, "/lager/plocklista"), msg)
}

type deliveryNoteData struct {
	Order *domain.Order
	Lines []*service.LineView
	Today time.Time
}

// deliveryNote is the printable delivery note (följesedel): a print-styled page,
// or a PDF with ?format=pdf.
func (s *Server) deliveryNote(w http.ResponseWriter, r *http.Request) error {
	o, err := s.svc.FindOrder(r.Context(), actor(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	d := &deliveryNoteData{Order: o, Lines: service.LineViews(o), Today: s.svc.Today()}
	if r.URL.Query().Get("format") == "pdf" {
		return writePDF(w, r, "foljesedel-"+o.Number+".pdf", deliveryNotePDF(d))
	}
	return s.render(w, r, "fulfilment/note", "Följesedel "+o.Number, d)
}

type csOrdersData struct {
	Order *orderShowData
}

func (s *Server) csOrdersPage(w http.ResponseWriter, r *http.Request) error {
	d := &csOrdersData{}
	if n := strings.TrimSpace(r.Form.Get("order")); n != "" {
		r.SetPathValue("number", n)
		od, err := s.orderShowData(r)
		if fe := onField(err, "order"); fe != nil {
			return s.renderForm(w, r, "fulfilment/cancel", "Makulera kundorder", d, fe)
		}
		if err != nil {
			return err
		}
		d.Order = od
	}
	return s.renderPage(w, r, http.StatusOK, "fulfilment/cancel", &Page{Title: "Makulera kundorder", Form: r.Form, Data: d})
}

func (s *Server) csCancel(w http.ResponseWriter, r *http.Request) error {
	number := r.PathValue("number")
	var ids []int64
	if r.PostForm.Get("action") != "hela" {
		var err error
		if ids, err = service.ParseLineIDs(r.PostForm["rad"]); err != nil {
			return err
		}
		if len(ids) == 0 {
			r.Form.Set("order", number)
			od, derr := s.orderShowData(r)
			if derr != nil {
				return derr
			}
			return s.renderForm(w, r, "fulfilment/cancel", "Makulera kundorder", &csOrdersData{Order: od},
				domain.Invalid("rad", "Markera de orderrader som ska makuleras, eller makulera hela ordern."))
		}
	}
	o, err := s.svc.CancelOrder(r.Context(), actor(r), number, ids)
	if err != nil {
		return err
	}
	msg := "Kundorder " + o.Number + " är makulerad. Förskrivaren har fått ett meddelande."
	if o.Status != "cancelled" {
		msg = "Orderraderna är makulerade. Förskrivaren har fått ett meddelande."
	}
	return s.redirectWithFlash(w, r, "/kundtjanst/ordrar?order="+o.Number, msg)
}
