package web_test

import (
	"strings"
	"testing"

	"hjalpmedel/internal/pdftest"
	"hjalpmedel/internal/testserver"
)

// The work order and the pickup note can be had as PDF documents for the visit.
func TestServiceDocumentsAsPDF(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := testserver.Start(t, append(backend, testserver.At(serviceNow))...)
		lno := apiLogin(t, srv, "K082LNO", demoPassword)
		wo := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/workorders", Bearer: lno,
			Body: `{"personnummer":"191212121212","customer":"2990","unit":"104901","priority":4,"faultDescription":"Ingen ringsignal - trasig?"}`}), 201)
		po := mustStatus(t, call(t, srv, request{Method: "POST", Path: "/api/v1/pickuporders", Bearer: lno,
			Body: `{"personnummer":"191212121212","customer":"2990","reason":"need_ended","units":["75082"]}`}), 201)
		cookie := formLogin(t, srv, "TEKNIKER", demoPassword)
		for _, doc := range []struct{ path, title string }{
			{"/arbetsorder/" + wo["number"].(string), "Arbetsorder " + wo["number"].(string)},
			{"/hamtorder/" + po["number"].(string), "Hämtorder " + po["number"].(string)},
		} {
			r := call(t, srv, request{Method: "GET", Path: doc.path + "?format=pdf", Cookie: cookie})
			if r.Status != 200 {
				t.Fatalf("%s as PDF: status %d, %.40q", doc.path, r.Status, r.Body)
			}
			if !strings.Contains(pdftest.Text(t, []byte(r.Body)), doc.title) {
				t.Errorf("%s: the PDF does not carry the title %q", doc.path, doc.title)
			}
		}
	})
}
