package web_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// A tiny PNG, recognised by its content, and a blank one-page PDF that
// pdftotext reads.
const testPNG = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"

var testPDF = blankPDF()

func blankPDF() string {
	objects := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.String()
}

// upload posts a file as multipart/form-data in the field file.
func upload(t *testing.T, srv *testserver.Server, token, path, name string, data []byte) reply {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest("POST", srv.URL+path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return reply{Status: resp.StatusCode, Header: resp.Header, Body: b.String()}
}

// A deviation (SPEC §10.3) reported on the patient's wheelchair through the
// API: its article, patient and customer come from the unit; customer service
// investigates with the unit blocked, reports it and closes it, the block then
// released; the reporter gets a message at each change; the report for the
// supplier names the product but not the patient; files (§10.6) are checked
// by content and size, downloads audited; other prescribers see only what is
// theirs.
func TestDeviations(t *testing.T) {
	testserver.Backends(t, []testserver.Option{testserver.At(serviceNow)}, func(t *testing.T, srv *testserver.Server) {
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		kbn := apiLogin(t, srv, "K082KBN", demoPassword)
		ks := apiLogin(t, srv, "KUNDTJANST", demoPassword)
		post := func(tok, path, body string) reply {
			return call(t, srv, request{Method: "POST", Path: path, Bearer: tok, Body: body})
		}
		get := func(tok, path string) reply { return call(t, srv, request{Method: "GET", Path: path, Bearer: tok}) }
		field := func(e map[string]any, name string) string {
			s, _ := e["fields"].(map[string]any)[name].(string)
			return s
		}

		// Refusals change nothing.
		demoDeviations := countRows(t, srv, "SELECT COUNT(*) FROM deviations")
		for _, c := range []struct{ body, field string }{
			{`{"type":"fire","eventDate":"2026-11-24","description":"x","unit":"104901"}`, "type"},
			{`{"type":"incident","eventDate":"2026-11-26","description":"x","unit":"104901"}`, "eventDate"},
			{`{"type":"incident","eventDate":"24/11","description":"x","unit":"104901"}`, "eventDate"},
			{`{"type":"incident","eventDate":"2026-11-24","description":" ","unit":"104901"}`, "description"},
			{`{"type":"incident","eventDate":"2026-11-24","description":"` + strings.Repeat("å", 2001) + `","unit":"104901"}`, "description"},
			{`{"type":"incident","eventDate":"2026-11-24","description":"x"}`, "unit"},
			{`{"type":"incident","eventDate":"2026-11-24","description":"x","unit":"999999"}`, "unit"},
			{`{"type":"incident","eventDate":"2026-11-24","description":"x","unit":"104901","article":"15749"}`, "article"},
			{`{"type":"incident","eventDate":"2026-11-24","description":"x","article":"15749","personnummer":"191212121213"}`, "personnummer"},
		} {
			if e := wantError(t, post(lno, "/api/v1/deviations", c.body), http.StatusBadRequest, "invalid"); field(e, c.field) == "" {
				t.Errorf("%s: %v; want a message on %s", c.body, e, c.field)
			}
		}
		if n := countRows(t, srv, "SELECT COUNT(*) FROM deviations"); n != demoDeviations {
			t.Fatalf("%d deviations after refusals", n)
		}

		d := mustStatus(t, post(lno, "/api/v1/deviations",
			`{"type":"incident","eventDate":"2026-11-24","description":"Bromsen släppte i en nedförsbacke.","harm":true,"unit":"104901"}`), http.StatusCreated)
		id := d["id"].(string)
		if d["status"] != "registered" || d["statusText"] != "Registrerad" || d["article"] == "" || d["personnummer"] != "191212121212" ||
			d["customer"] != "2990" || d["reporter"] != "K082LNO" || d["harm"] != true || len(d["events"].([]any)) != 1 {
			t.Fatalf("reported: %v", d)
		}
		base := "/api/v1/deviations/" + id

		// Files: type by content, 10 MB, the reporter's document only.
		if e := wantError(t, upload(t, srv, lno, base+"/attachments", "bild.png", []byte("inte en bild")), http.StatusBadRequest, "invalid"); field(e, "file") == "" {
			t.Errorf("a text file named .png: %v; want a message on file", e)
		}
		big := append([]byte(testPDF), bytes.Repeat([]byte{' '}, domain.MaxAttachmentSize)...)
		if e := wantError(t, upload(t, srv, lno, base+"/attachments", "stor.pdf", big), http.StatusBadRequest, "invalid"); !strings.Contains(field(e, "file"), "10 MiB") {
			t.Errorf("a file over 10 MB: %v; want the limit named", e)
		}
		att := mustStatus(t, upload(t, srv, lno, base+"/attachments", "broms.png", []byte(testPNG)), http.StatusCreated)
		if att["contentType"] != "image/png" || att["filename"] != "broms.png" || att["size"] != float64(len(testPNG)) {
			t.Errorf("attachment: %v", att)
		}
		file := get(lno, att["url"].(string))
		if file.Status != http.StatusOK || file.Body != testPNG || file.Header.Get("Content-Type") != "image/png" {
			t.Errorf("download: %d %q %q", file.Status, file.Header.Get("Content-Type"), file.Body)
		}
		if n := countRows(t, srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'attachment.download' AND entity_id = ? AND personnummer = '191212121212'", id); n != 1 {
			t.Errorf("%d audit entries of the download, want 1", n)
		}
		wantError(t, get(lno, base+"/attachments/999999"), http.StatusNotFound, "not_found")

		// Only customer service and the admin handle it.
		wantError(t, post(lno, base+"/status", `{"status":"investigating"}`), http.StatusForbidden, "forbidden")
		v := mustStatus(t, post(ks, base+"/status", `{"status":"investigating","blockUnit":true,"comment":"Utreds med leverantören"}`), http.StatusOK)
		if v["status"] != "investigating" || v["unitBlocked"] != true {
			t.Fatalf("investigating: %v", v)
		}
		if card := mustStatus(t, get(lno, "/api/v1/units/104901"), http.StatusOK); card["blocked"] != true {
			t.Errorf("the unit under investigation is not blocked: %v", card["blocks"])
		}
		for _, c := range []struct{ body, field string }{
			{`{"status":"registered"}`, "status"},
			{`{"status":"reported"}`, "reportedToSupplier"},
			{`{"status":"closed"}`, "outcome"},
		} {
			if e := wantError(t, post(ks, base+"/status", c.body), http.StatusBadRequest, "invalid"); field(e, c.field) == "" {
				t.Errorf("%s: %v; want a message on %s", c.body, e, c.field)
			}
		}
		mustStatus(t, post(ks, base+"/status", `{"status":"reported","reportedToSupplier":"2026-11-25","reportedToAuthority":"2026-11-25"}`), http.StatusOK)

		pdf := get(ks, base+"/report?for=supplier")
		if pdf.Status != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("report: %d %s", pdf.Status, pdf.Body)
		}
		text := pdftest.Text(t, []byte(pdf.Body))
		for _, want := range []string{"Reklamation till leverantör", "Bromsen släppte", "104901", "Negativ händelse", "Ja"} {
			if !strings.Contains(text, want) {
				t.Errorf("the supplier's report lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "19121212") || strings.Contains(text, "121212-1212") {
			t.Errorf("the supplier's report names the patient:\n%s", text)
		}
		if pdf := get(ks, base+"/report?for=authority"); !strings.Contains(pdftest.Text(t, []byte(pdf.Body)), "Läkemedelsverket") {
			t.Errorf("the authority's report does not say Läkemedelsverket")
		}
		wantError(t, get(lno, base+"/report?for=supplier"), http.StatusForbidden, "forbidden")

		closed := mustStatus(t, post(ks, base+"/status", `{"status":"closed","outcome":"Bromsen byttes av leverantören."}`), http.StatusOK)
		if closed["status"] != "closed" || closed["unitBlocked"] != false || len(closed["events"].([]any)) != 4 {
			t.Errorf("closed: %v", closed)
		}
		if card := mustStatus(t, get(lno, "/api/v1/units/104901"), http.StatusOK); card["blocked"] != false {
			t.Errorf("the unit is still blocked after the deviation closed: %v", card["blocks"])
		}
		wantError(t, post(ks, base+"/status", `{"status":"closed","outcome":"igen"}`), http.StatusConflict, "conflict")
		inbox := get(lno, "/api/v1/messages").Body
		if n := strings.Count(inbox, "Avvikelse "+id+":"); n != 3 {
			t.Errorf("the reporter got %d messages about the deviation, want 3 (investigating, reported, closed):\n%s", n, inbox)
		}

		// Scope: a report with no customer is the reporter's own.
		own := mustStatus(t, post(lno, "/api/v1/deviations", `{"type":"complaint","eventDate":"2026-11-20","description":"Sprucken dyna.","article":"15749"}`), http.StatusCreated)
		wantError(t, get(kbn, "/api/v1/deviations/"+own["id"].(string)), http.StatusForbidden, "forbidden")
		wantError(t, upload(t, srv, kbn, "/api/v1/deviations/"+own["id"].(string)+"/attachments", "a.pdf", []byte(testPDF)), http.StatusForbidden, "forbidden")
		ids := func(tok, query string) []string {
			var out []string
			for _, d := range mustStatus(t, get(tok, "/api/v1/deviations"+query), http.StatusOK)["deviations"].([]any) {
				out = append(out, d.(map[string]any)["id"].(string))
			}
			return out
		}
		if list := ids(kbn, ""); !slices.Contains(list, id) || slices.Contains(list, own["id"].(string)) {
			t.Errorf("K082KBN's list: %v; want %s (under 2990) and not %s (K082LNO's own)", list, id, own["id"])
		}
		if list := ids(lno, ""); !slices.Contains(list, own["id"].(string)) {
			t.Errorf("K082LNO's list lacks their own report %s: %v", own["id"], list)
		}
		if closed := ids(ks, "?status=closed"); !slices.Contains(closed, id) || slices.Contains(closed, own["id"].(string)) {
			t.Errorf("customer service's closed list: %v", closed)
		}
		wantError(t, get(ks, "/api/v1/deviations?status=done"), http.StatusBadRequest, "invalid")

		// Work orders take files too (utprovningsunderlag).
		wo, err := srv.DB.Read().Strings(t.Context(), "SELECT number FROM work_orders WHERE customer_number = '2990' ORDER BY number LIMIT 1")
		if err != nil || len(wo) != 1 {
			t.Fatalf("a work order under 2990: %v %v", wo, err)
		}
		woAtt := mustStatus(t, upload(t, srv, lno, "/api/v1/workorders/"+wo[0]+"/attachments", "underlag.pdf", []byte(testPDF)), http.StatusCreated)
		if woAtt["contentType"] != "application/pdf" {
			t.Errorf("work order attachment: %v", woAtt)
		}
		if l := mustStatus(t, get(lno, "/api/v1/workorders/"+wo[0]+"/attachments"), http.StatusOK)["attachments"].([]any); len(l) != 1 {
			t.Errorf("work order attachments: %v", l)
		}
		if r := get(ks, woAtt["url"].(string)); r.Status != http.StatusOK || r.Body != testPDF {
			t.Errorf("customer service downloading the work order's file: %d", r.Status)
		}
	})
}
