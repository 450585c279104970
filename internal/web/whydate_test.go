package web_test

import (
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/testserver"
)

// Why this date (SPEC §10.11): an order line says why its dates are what they
// are, and a line that waits offers what is faster; the same for an article
// asked about before ordering.
func TestWhyThisDateAPI(t *testing.T) {
	testserver.EachBackend(t, func(t *testing.T, backend []testserver.Option) {
		srv := startOrders(t, append(backend, testserver.At(time.Date(2026, 3, 10, 10, 0, 0, 0, domain.Stockholm)))...)
		kbn := login(t, srv, "K082KBN")
		var o orderOut
		if st := kbn.do("POST", "/api/v1/orders", map[string]any{"recipient": map[string]string{"personnummer": ordertest.Patient},
			"customer": "2990", "lines": []map[string]any{{"article": ordertest.LastOne, "quantity": 2}, {"article": ordertest.ArmRest}}}, &o); st != 201 {
			t.Fatalf("order: %d %+v", st, o.Error)
		}
		waiting, inStock := o.Lines[0], o.Lines[1]
		because := strings.Join(waiting.Because, "\n")
		for _, want := range []string{
			"Lagervara, men Länsservice Boden har för få: 1 i lager, varav 0 reserverade för andra ordrar; 1 lediga, 2 behövs.",
			"Leverantörens leveranstid är 10 arbetsdagar: leveransdatum " + waiting.DispatchDate + ".",
			"Lördag och söndag räknas inte som arbetsdagar.",
			"Kunden har daglig leverans: framme arbetsdagen efter leveransdatum, " + waiting.ArrivalDate + ".",
		} {
			if !strings.Contains(because, want) {
				t.Errorf("waiting line's reasons lack %q:\n%s", want, because)
			}
		}
		// The answer to placing the order gives no alternatives (a search per
		// waiting line on the busiest path); the order's GET does.
		if len(waiting.Alternatives) != 0 {
			t.Errorf("the answer to placing the order has alternatives: %+v", waiting.Alternatives)
		}
		var got orderOut
		if st := kbn.do("GET", "/api/v1/orders/"+o.Number, nil, &got); st != 200 {
			t.Fatalf("GET the order: %d", st)
		}
		waiting = got.Lines[0]
		if len(waiting.Alternatives) == 0 {
			t.Fatalf("waiting line %s (%s) has no alternatives", waiting.Article, waiting.DispatchDate)
		}
		for _, a := range waiting.Alternatives {
			if a.Kind != "iso_class" || a.DispatchDate != "2026-03-11" || a.Article == ordertest.LastOne ||
				!strings.Contains(a.Why, "i samma ISO-klass finns i lager (Länsservice Boden): leveransdatum 2026-03-11.") {
				t.Errorf("alternative %+v", a)
			}
		}
		if inStock.DispatchDate != "2026-03-11" || len(inStock.Alternatives) != 0 || len(inStock.Because) == 0 ||
			inStock.Because[0] != "Lagervara som finns i lager (Länsservice Boden): leveransdatum är nästa arbetsdag, 2026-03-11." {
			t.Errorf("line in stock: %s, because %q, alternatives %+v", inStock.DispatchDate, inStock.Because, inStock.Alternatives)
		}

		// The stored order shows the same reasons.
		var again orderOut
		if st := kbn.do("GET", "/api/v1/orders/"+o.Number, nil, &again); st != 200 || strings.Join(again.Lines[0].Because, "\n") != because ||
			len(again.Lines[0].Alternatives) != len(waiting.Alternatives) {
			t.Errorf("GET order: %d %q %+v", st, again.Lines[0].Because, again.Lines[0].Alternatives)
		}

		// Asked before ordering: one is in stock, two are not.
		type dispatchOut struct {
			DispatchDate, ArrivalDate string
			Because                   []string
			Alternatives              []alternativeOut
			Error                     *struct{ Code string }
		}
		var one, two dispatchOut
		if st := kbn.do("GET", "/api/v1/articles/"+ordertest.LastOne+"/dispatch?customer=2990&quantity=1", nil, &one); st != 200 ||
			one.DispatchDate != "2026-03-11" || len(one.Alternatives) != 0 {
			t.Errorf("dispatch of 1: %d %+v", st, one)
		}
		if st := kbn.do("GET", "/api/v1/articles/"+ordertest.LastOne+"/dispatch?customer=2990&quantity=2", nil, &two); st != 200 ||
			two.DispatchDate != waiting.DispatchDate || two.ArrivalDate != waiting.ArrivalDate || len(two.Alternatives) == 0 {
			t.Errorf("dispatch of 2: %d %+v", st, two)
		}
		// A customer the prescriber is not linked to is refused.
		var refused dispatchOut
		if st := kbn.do("GET", "/api/v1/articles/"+ordertest.LastOne+"/dispatch?customer=9999&quantity=2", nil, &refused); st != 403 {
			t.Errorf("dispatch for another customer: %d %+v", st, refused)
		}
	})
}
