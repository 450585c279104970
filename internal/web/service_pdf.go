package web

import (
	"fmt"
	"hjalpmedel/internal/domain"
	"strconv"
	"time"
)

// addressLines lists a service address with a heading, skipping empty fields.
func addressLines(heading string, a domain.ServiceAddress) []pdfLine {
	ls := []pdfLine{{Text: heading, Bold: true, Size: 10}}
	for _, f := range []struct{ label, v string }{
		{"Namn", a.Name}, {"C/o adress", a.CO}, {"Gatuadress", a.Street}, {"Postadress", a.PostalCode + " " + a.Town},
		{"Telefon", a.Phone}, {"Mobiltelefon", a.Mobile}, {"Portkod", a.DoorCode}, {"Instruktioner", a.Instructions},
	} {
		if f.v != "" && f.v != " " {
			ls = append(ls, pdfLine{Text: f.label + ": " + f.v, Size: 10})
		}
	}
	return ls
}

// workOrderPDF is the work order the technician takes on the visit.
func workOrderPDF(v workOrderView, today time.Time) *textPDF {
	wo := v.WorkOrder
	ls := []pdfLine{
		{Text: "Arbetsorder " + wo.Number, Bold: true, Size: 16},
		{Text: "Utskriven " + today.Format(time.DateOnly) + "   Status: " + v.StatusTexts[wo.Status], Size: 10},
		{Size: 10},
	}
	add := func(label, value string) {
		if value != "" {
			ls = append(ls, pdfLine{Text: label + ": " + value, Size: 10})
		}
	}
	if wo.Personnummer != "" {
		add("Patient", wo.Personnummer+" "+wo.PatientName())
	}
	add("Kund/leveransadress", wo.Customer+" "+wo.CustomerName)
	add("Artikel", wo.Article+" "+wo.ArticleName)
	add("Individ", wo.Unit)
	add("Aktivitetsprioritet", strconv.Itoa(wo.Priority)+". "+v.PriorityName)
	add("Klar senast", v.Due)
	add("Typ av åtgärd", wo.ActionTypeName)
	add("Utföres av", wo.DepartmentName)
	add("Förskrivare/beställare", wo.PrescriberUsername+" "+wo.PrescriberName)
	add("Registrerad", wo.RegisteredAt.Format("2006-01-02 15:04"))
	mode := "Hämtas för åtgärd"
	if wo.AddressMode == "onsite" {
		mode = "Utföres på plats"
	}
	ls = append(ls, pdfLine{Size: 10})
	ls = append(ls, addressLines("Adressuppgifter ("+mode+")", wo.Address)...)
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Felbeskrivning", Bold: true, Size: 10})
	ls = append(ls, wrapLines(wo.FaultDescription, 90, 10)...)
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Utförd åtgärd: ______________________________________________", Size: 10},
		pdfLine{Size: 10}, pdfLine{Text: "Tid (minuter): ________    Tekniker: ____________________", Size: 10})
	return linesPDF(ls)
}

// pickupNotePDF is the pickup note (hämtorder) the transporter takes along.
func pickupNotePDF(v pickupView, today time.Time) *textPDF {
	p := v.PickupOrder
	ls := []pdfLine{
		{Text: "Hämtorder " + p.Number, Bold: true, Size: 16},
		{Text: "Utskriven " + today.Format(time.DateOnly) + "   Status: " + v.StatusText + "   Hämtas datum: " + p.PickupDate.Format(time.DateOnly), Size: 10},
		{Size: 10},
	}
	recipient := p.Personnummer
	if recipient == "" {
		recipient = p.RecipientCustomer
	}
	ls = append(ls,
		pdfLine{Text: "Mottagare: " + recipient + " " + p.RecipientName, Size: 10},
		pdfLine{Text: "Kund/leveransadress: " + p.Customer + " " + p.CustomerName, Size: 10},
		pdfLine{Text: "Förskrivare/beställare: " + p.PrescriberUsername + " " + p.PrescriberName, Size: 10},
		pdfLine{Text: "Orsak: " + p.ReasonName, Size: 10},
		pdfLine{Size: 10})
	ls = append(ls, addressLines("Hämtadress", p.Address)...)
	if p.Information != "" {
		ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Hämtorderinformation", Bold: true, Size: 10})
		ls = append(ls, wrapLines(p.Information, 90, 10)...)
	}
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Artikel   Benämning   Individ   Antal   Ägare   Debiteringsform   Status", Bold: true, Size: 10})
	for _, it := range p.Items {
		ls = append(ls, pdfLine{Text: fmt.Sprintf("%s   %s   %s   %d   %s   %s   %s", it.Article, clip(it.Name, 40), it.Unit, it.Quantity,
			v.Owner[it.Owner], v.Debit[it.DebitForm], v.ItemStatus[it.Status]), Size: 9})
	}
	ls = append(ls, pdfLine{Size: 10}, pdfLine{Text: "Hämtat av: ______________________________   Datum: __________", Size: 10})
	return linesPDF(ls)
}

// wrapLines breaks a text into lines of at most width characters at spaces.
func wrapLines(text string, width int, size float64) []pdfLine {
	var out []pdfLine
	line := []rune{}
	for _, word := range splitWords(text) {
		if len(line) > 0 && len(line)+1+len([]rune(word)) > width {
			out = append(out, pdfLine{Text: string(line), Size: size})
			line = line[:0]
		}
		if len(line) > 0 {
			line = append(line, ' ')
		}
		line = append(line, []rune(word)...)
	}
	if len(line) > 0 {
		out = append(out, pdfLine{Text: string(line), Size: size})
	}
	return out
}

func splitWords(s string) []string {
	var out []string
	cur := []rune{}
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			continue
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}
