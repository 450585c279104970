package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
)

// Manual "Arbetsorder" and "Göra arbetsorder"; the technicians' queue (SPEC §4).
func (s *Server) routesWorkOrders() {
	pres := []domain.Role{domain.RolePrescriber}
	tech := []domain.Role{domain.RoleTechnician, domain.RoleAdmin}
	s.page("GET /arbetsorder", s.workOrderForm, pres...)
	s.page("POST /arbetsorder", s.workOrderSubmit, pres...)
	s.page("GET /arbetsorder/registrerade", s.workOrderList, domain.StaffReaders...)
	s.page("GET /arbetsorder/{number}", s.workOrderPage, domain.StaffReaders...)
	s.page("POST /arbetsorder/{number}/ta", s.workOrderTake, tech...)
	s.page("POST /arbetsorder/{number}/anteckning", s.workOrderNote, tech...)
	s.page("POST /arbetsorder/{number}/prioritet", s.workOrderPriority, tech...)
	s.page("POST /arbetsorder/{number}/avsluta", s.workOrderClose, tech...)
	s.page("POST /arbetsorder/{number}/reservdel", s.workOrderPart, tech...)
	s.page("POST /arbetsorder/{number}/atersand", s.workOrderReturn, service.ReturnRoles...)
	s.page("GET /arbetsorder/{number}/ratta", s.workOrderFixForm, pres...)
	s.page("POST /arbetsorder/{number}/ratta", s.workOrderFixSubmit, pres...)
	s.page("GET /tekniker", s.technicianQueue, tech...)
	s.page("GET /tekniker/mina", s.myWorkOrders, tech...)
	s.routesWorkOrdersAPI()
}

// workOrderFormData is what the Arbetsorder form shows.
type workOrderFormData struct {
	// Fixing is the returned work order the form corrects (Fix in place); nil
	// for a new one.
	Fixing       *domain.WorkOrder
	Choices      *service.WorkOrderChoices
	Draft        *service.WorkOrderDraft // set after Spara ändringarna: the summary and Verkställ
	AddressOpen  bool
	PriorityName string
	DueText      string // "Ska vara påbörjad senast 2026-11-30"
}

func (s *Server) workOrderForm(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ch, err := s.svc.WorkOrderChoices(r.Context(), a)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	form := url.Values{}
	// Started from a row of Hjälpmedel: patient, article and unit come along.
	form.Set("personnummer", q.Get("personnummer"))
	form.Set("article", q.Get("artikel"))
	form.Set("unit", q.Get("individ"))
	form.Set("customer", q.Get("kund"))
	if form.Get("customer") == "" {
		form.Set("customer", s.svc.DefaultWorkOrderCustomer(r.Context(), a, q.Get("individ")))
	}
	form.Set("priority", "1")
	form.Set("actionType", "corrective")
	if a.ServiceDepartmentID != 0 {
		form.Set("performedBy", strconv.FormatInt(a.ServiceDepartmentID, 10))
	}
	form.Set("addressMode", "pickup")
	form.Set("addressSource", "customer")
	return s.renderPage(w, r, http.StatusOK, "workorders/form", &Page{Title: "Arbetsorder", Form: form,
		Data: workOrderFormData{Choices: ch}})
}

func workOrderInputOf(r *http.Request) service.WorkOrderInput {
	f := r.PostForm
	prio, _ := strconv.Atoi(f.Get("priority"))
	addr := service.AddressInput{Mode: f.Get("addressMode"), Source: f.Get("addressSource"), Name: f.Get("addressName"),
		CO: f.Get("addressCo"), Street: f.Get("addressStreet"), PostalCode: f.Get("addressPostalCode"), Town: f.Get("addressTown"),
		Phone: f.Get("addressPhone"), DoorCode: f.Get("addressDoorCode"), Instructions: f.Get("addressInstructions")}
	// Choosing another "Hämta adress från" fills the address again from that source.
	if shown := f.Get("addressSourceShown"); shown != "" && shown != addr.Source {
		addr.Name, addr.CO, addr.Street, addr.PostalCode, addr.Town, addr.Phone = "", "", "", "", "", ""
	}
	return service.WorkOrderInput{Personnummer: f.Get("personnummer"), Customer: f.Get("customer"), Article: f.Get("article"),
		Unit: f.Get("unit"), Priority: prio, ActionType: f.Get("actionType"), PerformedBy: f.Get("performedBy"),
		FaultDescription: f.Get("faultDescription"), Address: addr}
}

func (s *Server) workOrderSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderFormSubmit(w, r, nil, func(in service.WorkOrderInput) error {
		wo, _, err := s.svc.RegisterWorkOrder(r.Context(), actor(r), in)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/arbetsorder/"+wo.Number+"?registrerad=1", http.StatusSeeOther)
		return nil
	})
}

// workOrderFormSubmit is Spara ändringarna (the check, shown in the form) and
// Verkställ (commit) of a new work order or of the correction of a returned one.
func (s *Server) workOrderFormSubmit(w http.ResponseWriter, r *http.Request, fixing *domain.WorkOrder, commit func(service.WorkOrderInput) error) error {
	a := actor(r)
	ch, err := s.svc.WorkOrderChoices(r.Context(), a)
	if err != nil {
		return err
	}
	title := workOrderFormTitle(fixing)
	data := workOrderFormData{Fixing: fixing, Choices: ch, AddressOpen: true}
	in := workOrderInputOf(r)
	if r.PostForm.Get("action") == "verkstall" {
		if err := commit(in); err != nil {
			return s.renderForm(w, r, "workorders/form", title, data, err)
		}
		return nil
	}
	d, err := s.svc.PrepareWorkOrder(r.Context(), a, in)
	if err != nil {
		return s.renderForm(w, r, "workorders/form", title, data, err)
	}
	// Spara ändringarna: the fields show what will be registered (Benämning, Artikel, address).
	form := r.PostForm
	setWorkOrderForm(form, d.Order, d.Address)
	data.Draft = d
	o := d.Order
	data.PriorityName = domain.PriorityName(o.Priority)
	if !d.Due.IsZero() {
		o.DueAt = d.Due
		data.DueText = translate(langOf(r), dueText(string(d.DueKind))) + " " + dueDisplay(o)
	}
	return s.renderPage(w, r, http.StatusOK, "workorders/form", &Page{Title: title, Form: form, Data: data})
}

func workOrderFormTitle(fixing *domain.WorkOrder) string {
	if fixing != nil {
		return "Rätta arbetsorder"
	}
	return "Arbetsorder"
}

// setWorkOrderForm fills the form's fields from a work order and its address.
func setWorkOrderForm(form url.Values, o *domain.WorkOrder, addr service.AddressInput) {
	form.Set("personnummer", o.Personnummer)
	form.Set("article", o.Article)
	form.Set("unit", o.Unit)
	form.Set("customer", o.Customer)
	form.Set("priority", strconv.Itoa(o.Priority))
	form.Set("actionType", o.ActionTypeCode)
	form.Set("performedBy", strconv.FormatInt(o.DepartmentID, 10))
	form.Set("faultDescription", o.FaultDescription)
	form.Set("addressMode", addr.Mode)
	form.Set("addressSource", addr.Source)
	form.Set("addressSourceShown", addr.Source)
	for k, v := range map[string]string{"addressName": addr.Name, "addressCo": addr.CO, "addressStreet": addr.Street,
		"addressPostalCode": addr.PostalCode, "addressTown": addr.Town, "addressPhone": addr.Phone,
		"addressDoorCode": addr.DoorCode, "addressInstructions": addr.Instructions} {
		form.Set(k, v)
	}
}

// workOrderFixForm is the returned work order in the work-order form, filled
// in as it was, for the prescriber to correct (Fix in place).
func (s *Server) workOrderFixForm(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	wo, err := s.svc.WorkOrderToFix(r.Context(), a, r.PathValue("number"))
	if err != nil {
		return err
	}
	ch, err := s.svc.WorkOrderChoices(r.Context(), a)
	if err != nil {
		return err
	}
	form := url.Values{}
	ad := wo.Address
	setWorkOrderForm(form, wo, service.AddressInput{Mode: wo.AddressMode, Source: wo.AddressSource, Name: ad.Name, CO: ad.CO,
		Street: ad.Street, PostalCode: ad.PostalCode, Town: ad.Town, Phone: ad.Phone, DoorCode: ad.DoorCode, Instructions: ad.Instructions})
	return s.renderPage(w, r, http.StatusOK, "workorders/form", &Page{Title: workOrderFormTitle(wo), Form: form,
		Data: workOrderFormData{Fixing: wo, Choices: ch, AddressOpen: true}})
}

func (s *Server) workOrderFixSubmit(w http.ResponseWriter, r *http.Request) error {
	a, number := actor(r), r.PathValue("number")
	wo, err := s.svc.WorkOrderToFix(r.Context(), a, number)
	if err != nil {
		return err
	}
	return s.workOrderFormSubmit(w, r, wo, func(in service.WorkOrderInput) error {
		if _, err := s.svc.ResubmitWorkOrder(r.Context(), a, number, in); err != nil {
			return err
		}
		return s.redirectWithFlash(w, r, "/arbetsorder/"+number, "Arbetsordern är rättad och skickad igen, med samma nummer.")
	})
}

func (s *Server) workOrderReturn(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		wo, err := s.svc.ReturnWorkOrder(r.Context(), a, n, r.PostForm.Get("returnReason"))
		// The page's priority form has a field "reason" too; the return form's is "returnReason".
		return wo, renameField(err, "reason", "returnReason")
	}, "Arbetsordern är återsänd. Förskrivaren har fått ett meddelande.")
}

// renameField moves a field's message of an invalid-input error to the name
// the page's form uses.
func renameField(err error, from, to string) error {
	var de *domain.Error
	if !errors.As(err, &de) {
		return err
	}
	if _, ok := de.Fields[from]; !ok {
		return err
	}
	c := *de
	c.Fields = maps.Clone(de.Fields)
	c.Fields[to] = c.Fields[from]
	delete(c.Fields, from)
	if f, ok := de.FieldFormats[from]; ok {
		c.FieldFormats = maps.Clone(de.FieldFormats)
		c.FieldFormats[to] = f
		delete(c.FieldFormats, from)
	}
	return &c
}

// workOrderView is one work order as the pages show it.
type workOrderView struct {
	*domain.WorkOrder
	Registered   bool // just registered: the confirmation comes first
	PriorityName string
	Due          string
	DueKind      string
	Overdue      bool
	CanAct       bool       // a technician may take, note, re-prioritise and close
	CanReturn    bool       // customer service or a technician may return it to the prescriber
	CanFix       bool       // the prescriber may correct the returned work order
	Warehouses   []boOption // where a spare part can be taken from (CanAct)
	Priorities   []domain.PriorityInfo
	StatusTexts  map[string]string
	Attachments  []domain.Attachment
}

func (s *Server) workOrderView(a *service.Actor, w *domain.WorkOrder) workOrderView {
	v := workOrderView{WorkOrder: w, PriorityName: domain.PriorityName(w.Priority), Priorities: domain.Priorities, StatusTexts: workOrderStatusText}
	if _, kind, ok := domain.WorkOrderDue(w.Priority, w.RegisteredAt); ok && !w.DueAt.IsZero() {
		v.Due = dueDisplay(w)
		v.DueKind = string(kind)
		v.Overdue = domain.WorkOrderOverdue(w.Priority, w.DueAt, !w.StartedAt.IsZero(), w.Status == "closed" || w.Status == "cancelled", s.svc.Now())
	}
	open := (w.Status == "registered" || w.Status == "started") && !w.AtPrescriber()
	v.CanAct = a != nil && a.Can(domain.RoleTechnician, domain.RoleAdmin) && open
	v.CanReturn = a != nil && a.Can(service.ReturnRoles...) && open
	v.CanFix = a != nil && a.Can(domain.RolePrescriber) && w.AtPrescriber()
	return v
}

// dueDisplay is the due time as the user reads it: "2026-11-30" for a working-day
// due, "2026-11-26 14:05" for the 24-hour due of an acute work order.
func dueDisplay(w *domain.WorkOrder) string {
	if w.DueAt.IsZero() {
		return ""
	}
	t := w.DueAt.In(domain.Stockholm)
	if w.Priority == domain.PriorityAcute {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("2006-01-02")
}

// workOrderPageView is the work order as its page shows it: with the
// warehouses a technician can take a spare part from.
func (s *Server) workOrderPageView(r *http.Request, a *service.Actor, wo *domain.WorkOrder) (workOrderView, error) {
	v := s.workOrderView(a, wo)
	if !v.CanAct {
		return v, nil
	}
	ws, err := s.warehouseOptions(r)
	v.Warehouses = append([]boOption{{"", "Kundens lager"}}, ws...)
	return v, err
}

func (s *Server) workOrderPage(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	wo, err := s.svc.WorkOrder(r.Context(), a, r.PathValue("number"))
	if err != nil {
		return err
	}
	v, err := s.workOrderPageView(r, a, wo)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("format") == "pdf" {
		return writePDF(w, r, "arbetsorder-"+wo.Number+".pdf", workOrderPDF(v, s.svc.Today()))
	}
	v.Registered = r.URL.Query().Get("registrerad") == "1"
	if v.Attachments, err = s.svc.Attachments(r.Context(), a, domain.AttachmentOfWorkOrder, wo.Number); err != nil {
		return err
	}
	return s.render(w, r, "workorders/show", "Arbetsorder "+wo.Number, v)
}

type workOrderListData struct {
	Personnummer, Unit, Customer string
	Searched                     bool
	Orders                       []workOrderView
}

func (s *Server) workOrderList(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := r.URL.Query()
	d := workOrderListData{Personnummer: q.Get("personnummer"), Unit: q.Get("individ"), Customer: q.Get("kund")}
	if d.Personnummer != "" || d.Unit != "" || d.Customer != "" {
		list, err := s.svc.WorkOrders(r.Context(), a, service.WorkOrderListFilter{Personnummer: d.Personnummer, Unit: d.Unit, Customer: d.Customer})
		if err != nil {
			if domain.ErrorCode(err) == domain.EInvalid {
				r.Form = q
				return s.renderForm(w, r, "workorders/list", "Registrerade AO", d, err)
			}
			return err
		}
		d.Searched = true
		for _, wo := range list {
			d.Orders = append(d.Orders, s.workOrderView(a, wo))
		}
	}
	return s.render(w, r, "workorders/list", "Registrerade AO", d)
}

func (s *Server) technicianQueue(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	list, err := s.svc.TechnicianQueue(r.Context(), a)
	if err != nil {
		return err
	}
	d := workOrderListData{Searched: true}
	for _, wo := range list {
		d.Orders = append(d.Orders, s.workOrderView(a, wo))
	}
	return s.render(w, r, "workorders/queue", "Teknikerkö", d)
}

// myWorkOrders is Mina arbetsordrar: the technician's own work orders, open first.
func (s *Server) myWorkOrders(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	list, err := s.svc.MyWorkOrders(r.Context(), a)
	if err != nil {
		return err
	}
	d := myWorkOrdersData{ClosedDays: service.MyClosedDays}
	for _, wo := range list {
		if v := s.workOrderView(a, wo); v.CanAct {
			d.Open = append(d.Open, v)
		} else {
			d.Closed = append(d.Closed, v)
		}
	}
	return s.render(w, r, "workorders/mine", "Mina arbetsordrar", d)
}

type myWorkOrdersData struct {
	Open, Closed []workOrderView
	ClosedDays   int
}

// workOrderAction re-renders the work order with the form's message on failure.
func (s *Server) workOrderAction(w http.ResponseWriter, r *http.Request, act func(a *service.Actor, number string) (*domain.WorkOrder, error), done string) error {
	a, number := actor(r), r.PathValue("number")
	if _, err := act(a, number); err != nil {
		code := domain.ErrorCode(err)
		if code != domain.EInvalid && code != domain.EConflict {
			return err
		}
		wo, lerr := s.svc.WorkOrder(r.Context(), a, number)
		if lerr != nil {
			return lerr
		}
		v, lerr := s.workOrderPageView(r, a, wo)
		if lerr != nil {
			return lerr
		}
		return s.renderForm(w, r, "workorders/show", "Arbetsorder "+number, v, err)
	}
	back := "/arbetsorder/" + number
	switch r.PostForm.Get("tillbaka") {
	case "tekniker":
		back = "/tekniker"
	case "mina":
		back = "/tekniker/mina"
	}
	return s.redirectWithFlash(w, r, back, done)
}

func (s *Server) workOrderPart(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		qty, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("quantity")))
		if err != nil {
			return nil, domain.Invalid("quantity", "Ange ett antal mellan 1 och 1000.")
		}
		return s.svc.AddWorkOrderPart(r.Context(), a, n, service.WorkOrderPartInput{Article: r.PostForm.Get("article"), Quantity: qty,
			Warehouse: r.PostForm.Get("warehouse")})
	}, "Reservdelen är registrerad och tagen ur lager.")
}

func (s *Server) workOrderTake(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		return s.svc.TakeWorkOrder(r.Context(), a, n)
	}, "Arbetsordern är påbörjad.")
}

func (s *Server) workOrderNote(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		return s.svc.NoteWorkOrder(r.Context(), a, n, r.PostForm.Get("text"))
	}, "Anteckningen är sparad.")
}

func (s *Server) workOrderPriority(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		p, _ := strconv.Atoi(r.PostForm.Get("priority"))
		return s.svc.ChangeWorkOrderPriority(r.Context(), a, n, p, r.PostForm.Get("reason"))
	}, "Prioriteten är ändrad.")
}

func (s *Server) workOrderClose(w http.ResponseWriter, r *http.Request) error {
	return s.workOrderAction(w, r, func(a *service.Actor, n string) (*domain.WorkOrder, error) {
		in := service.CloseWorkOrderInput{Action: r.PostForm.Get("action"), Adaptation: r.PostForm.Get("adaptation"),
			InspectionResult: r.PostForm.Get("inspectionResult")}
		if m := strings.TrimSpace(r.PostForm.Get("minutes")); m != "" {
			v, err := strconv.Atoi(m)
			if err != nil {
				return nil, domain.Invalid("minutes", "Ange tid i hela minuter (0 eller mer).")
			}
			in.Minutes = &v
		}
		return s.svc.CloseWorkOrder(r.Context(), a, n, in)
	}, "Arbetsordern är avslutad. Förskrivaren har fått ett meddelande.")
}
