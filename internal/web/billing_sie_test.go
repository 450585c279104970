package web_test

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/testserver"
)

// TestBillingSIE: October 2026 is billed (the demo's holdings, a rented unit of
// payer 3110, a purchase of 2990 and a purchase of 1464 bought back the same
// month), closed and exported; the file is read by the small SIE reader below,
// not by the writer's code: every voucher balances, each payer's voucher books
// the run's total of that payer on its cost centre, and the file is code page 437.
func TestBillingSIE(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		boCatalogBase(t, srv)
		admin := boLogin(t, srv, "ADMIN")
		for _, a := range []map[string]any{
			{"number": "90201", "name": "Rullator Provserie", "individual": true, "purpose": "rent"},
			{"number": "90202", "name": "Duschpall Köpmodell", "purpose": "buy"},
		} {
			a["unitOfMeasure"], a["isoCode"], a["supplier"], a["status"] = "st", "122203", "Etac Sverige AB", "stocked"
			if st := admin.do("POST", "/api/v1/articles", a, nil); st != 201 {
				t.Fatalf("create %v: %d", a["number"], st)
			}
		}
		for _, p := range []struct{ article, kind, amount string }{{"90201", "rent", "62.00"}, {"90202", "sale", "1234.50"}} {
			if st := admin.do("POST", "/api/v1/articles/"+p.article+"/prices", map[string]any{"kind": p.kind, "amount": p.amount, "validFrom": "2020-01-01"}, nil); st != 201 {
				t.Fatalf("price of %s: %d", p.article, st)
			}
		}
		mustExec(t, srv, `INSERT INTO units (number, article_number, serial, warehouse, purchase_date, status, status_date, fifo_date, created_at)
			VALUES ('990201', '90201', 'S990201', '2000', '2026-02-02', 'delivered', '2026-03-02', '2026-02-02', '2026-02-02T10:00:00.000000Z')`)
		mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, unit_number, quantity, customer_number, payer_number,
			purpose, delivery_date, rent_start) VALUES (9101, '191212121212', '90201', '990201', 1, '3110', '3110', 'rent', '2026-03-02', '2026-03-02')`)
		mustExec(t, srv, `INSERT INTO holdings (id, recipient_personnummer, article_number, quantity, customer_number, payer_number,
			purpose, delivery_date, rent_start) VALUES (9102, '191212121212', '90202', 2, '2990', '2990', 'buy', '2026-10-07', '2026-10-07')`)
		mustExec(t, srv, `INSERT INTO holdings (id, recipient_customer, article_number, quantity, customer_number, payer_number,
			purpose, delivery_date, rent_start, end_date, end_reason) VALUES (9103, '1464', '90202', 1, '1464', '1464', 'buy',
			'2026-10-03', '2026-10-03', '2026-10-10', 'bought_back')`)

		// The settings page: a wrong organisation number is refused and nothing is
		// saved; then payer 3110 gets cost centre KST3110.
		cookie := formLogin(t, srv, "ADMIN", demo.Password)
		page := call(t, srv, request{Method: "GET", Path: "/admin/fakturering/installningar", Cookie: cookie})
		if page.Status != 200 || !strings.Contains(page.Body, `value="232100-0230"`) || !strings.Contains(page.Body, `<label for="f-costCentre-3110">`) {
			t.Fatalf("settings page: %d\n%.2000s", page.Status, page.Body)
		}
		form := url.Values{"orgNumber": {"232100-0231"}, "companyName": {"Region Norrbotten Hjälpmedelscentrum"}, "series": {"HM"},
			"receivableAccount": {"1510"}, "receivableName": {"Kundfordringar"}, "rentAccount": {"3910"}, "rentName": {"Hyresintäkter hjälpmedel"},
			"saleAccount": {"3050"}, "saleName": {"Försäljning hjälpmedel"}, "creditAccount": {"3099"}, "creditName": {"Krediteringar och rättelser"},
			"costCentre-3110": {"KST3110"}, "costCentre-2990": {""}, "costCentre-1464": {""}}
		bad := call(t, srv, request{Method: "POST", Path: "/admin/fakturering/installningar", Cookie: cookie, Form: form})
		if bad.Status != 400 || !strings.Contains(bad.Body, "Ange organisationsnumret som NNNNNN-NNNN") || !strings.Contains(bad.Body, `value="KST3110"`) {
			t.Fatalf("wrong organisation number: %d\n%.2000s", bad.Status, bad.Body)
		}
		if again := call(t, srv, request{Method: "GET", Path: "/admin/fakturering/installningar", Cookie: cookie}); strings.Contains(again.Body, "KST3110") {
			t.Fatal("a refused form saved the cost centre")
		}
		form.Set("orgNumber", "232100-0230")
		if ok := call(t, srv, request{Method: "POST", Path: "/admin/fakturering/installningar", Cookie: cookie, Form: form}); ok.Status != 303 {
			t.Fatalf("save settings: %d\n%.2000s", ok.Status, ok.Body)
		}

		if st, b := admin.raw("GET", "/api/v1/billing/runs/2026-10/sie", nil); st != 404 {
			t.Fatalf("SIE before the run: %d %s", st, b)
		}
		var run struct {
			Payers []struct{ Payer, Total string }
		}
		if st := admin.do("POST", "/api/v1/billing/runs", map[string]string{"month": "2026-10"}, &run); st != 201 {
			t.Fatalf("run: %d", st)
		}
		if st, b := admin.raw("GET", "/api/v1/billing/runs/2026-10/sie", nil); st != 409 || !strings.Contains(string(b), "inte stängd") {
			t.Fatalf("SIE of an open month: %d %s", st, b)
		}
		if st := admin.do("POST", "/api/v1/billing/runs/2026-10/close", nil, nil); st != 200 {
			t.Fatalf("close: %d", st)
		}
		if st, _ := boLogin(t, srv, "K082LNO").raw("GET", "/api/v1/billing/runs/2026-10/sie", nil); st != 403 {
			t.Fatalf("prescriber: %d, want 403", st)
		}
		st, raw := admin.raw("GET", "/api/v1/billing/runs/2026-10/sie", nil)
		if st != 200 {
			t.Fatalf("SIE: %d %s", st, raw)
		}

		// The billing page offers the same file for download.
		bp := call(t, srv, request{Method: "GET", Path: "/admin/fakturering?month=2026-10", Cookie: cookie})
		if !strings.Contains(bp.Body, `href="/admin/fakturering/2026-10/sie"`) {
			t.Fatalf("no SIE link on the billing page:\n%.3000s", bp.Body)
		}
		dl := call(t, srv, request{Method: "GET", Path: "/admin/fakturering/2026-10/sie", Cookie: cookie})
		if dl.Status != 200 || dl.Body != string(raw) || !strings.Contains(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v", dl.Status, dl.Header)
		}

		// Code page 437: ä is 0x84, so the file is not UTF-8.
		if utf8.Valid(raw) || !bytes.Contains(raw, []byte("Region Norrbotten Hj\x84lpmedelscentrum")) {
			t.Fatalf("the file is not in code page 437:\n%q", raw)
		}
		sie := readSIE(t, raw)
		for _, want := range []string{"#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", "#ORGNR 232100-0230", "#RAR 0 20260101 20261231", "#DIM 1 Kostnadsställe"} {
			if !sie.has[want] {
				t.Errorf("no %q in the file", want)
			}
		}
		if sie.fnamn != "Region Norrbotten Hjälpmedelscentrum" || sie.program == "" || sie.gen == "" {
			t.Errorf("#FNAMN %q, #PROGRAM %q, #GEN %q", sie.fnamn, sie.program, sie.gen)
		}
		payerOf := map[string]string{"2990": "2990", "KST3110": "3110", "1464": "1464"}
		totals := map[string]int64{}
		booked := map[string]bool{}
		for _, v := range sie.vers {
			if v.series != "HM" || v.date != "20261031" {
				t.Errorf("voucher %q: series %q, date %s", v.text, v.series, v.date)
			}
			var sum, revenue int64
			payer := ""
			for _, tr := range v.trans {
				sum += tr.amount
				if sie.accounts[tr.account] == "" {
					t.Errorf("account %s has no #KONTO", tr.account)
				}
				p, ok := payerOf[tr.object]
				if !ok || !sie.objects[tr.object] {
					t.Errorf("row %+v: cost centre %q unknown or without #OBJEKT", tr, tr.object)
				}
				if payer != "" && p != payer {
					t.Errorf("voucher %q books two payers", v.text)
				}
				payer = p
				if tr.account != "1510" {
					revenue -= tr.amount
				}
			}
			if sum != 0 {
				t.Errorf("voucher %q does not balance: %d öre", v.text, sum)
			}
			if booked[payer] {
				t.Errorf("payer %s has two vouchers", payer)
			}
			booked[payer] = true
			totals[payer] = revenue
		}
		if len(run.Payers) < 3 {
			t.Fatalf("run: %+v", run)
		}
		for _, p := range run.Payers {
			want := oreOf(t, p.Total)
			if totals[p.Payer] != want || !booked[p.Payer] {
				t.Errorf("payer %s: SIE books %d öre, the run's total is %s", p.Payer, totals[p.Payer], p.Total)
			}
		}
		if len(sie.vers) != len(run.Payers) {
			t.Errorf("%d vouchers for %d payers", len(sie.vers), len(run.Payers))
		}
		// 1464's purchase and its buy-back cancel out: sales and credit, no receivable.
		// 1464's purchase is booked as a sale and its buy-back as a credit.
		if !strings.Contains(sie.text, "#TRANS 3050 {1 \"1464\"} -1234.50\r\n") || !strings.Contains(sie.text, "#TRANS 3099 {1 \"1464\"} 1234.50\r\n") {
			t.Errorf("1464's sale and credit rows are missing:\n%s", sie.text)
		}
	})
}

func oreOf(t *testing.T, s string) int64 {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	kr, ore, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	k, err1 := strconv.ParseInt(kr, 10, 64)
	o, err2 := strconv.ParseInt(ore, 10, 64)
	if !ok || len(ore) != 2 || err1 != nil || err2 != nil {
		t.Fatalf("amount %q is not kronor with two decimals", s)
	}
	if neg {
		return -(k*100 + o)
	}
	return k*100 + o
}

// sieFile is what the test's reader finds in a SIE file.
type sieFile struct {
	text           string
	has            map[string]bool // every line without its quotes, as read
	fnamn, program string
	gen            string
	accounts       map[string]string
	objects        map[string]bool // the cost centres of dimension 1
	vers           []sieVer
}

type sieVer struct {
	series, date, text string
	trans              []sieTrans
}

type sieTrans struct {
	account, object string
	amount          int64
}

// readSIE decodes code page 437 and reads the labels the test needs; a
// #TRANS outside a voucher's braces, or an unknown line, fails.
func readSIE(t *testing.T, raw []byte) sieFile {
	t.Helper()
	dec, err := charmap.CodePage437.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	f := sieFile{text: string(dec), has: map[string]bool{}, accounts: map[string]string{}, objects: map[string]bool{}}
	var cur *sieVer
	inBraces := false
	for _, line := range strings.Split(strings.TrimSuffix(string(dec), "\r\n"), "\r\n") {
		fields := sieFields(t, line)
		if len(fields) == 0 {
			t.Fatalf("empty line in the file")
		}
		f.has[strings.Join(fields, " ")] = true
		switch fields[0] {
		case "#FNAMN":
			f.fnamn = fields[1]
		case "#PROGRAM":
			f.program = fields[1]
		case "#GEN":
			f.gen = fields[1]
		case "#KONTO":
			f.accounts[fields[1]] = fields[2]
		case "#OBJEKT":
			if fields[1] == "1" {
				f.objects[fields[2]] = true
			}
		case "#VER":
			f.vers = append(f.vers, sieVer{series: fields[1], date: fields[3], text: fields[4]})
			cur = &f.vers[len(f.vers)-1]
		case "{":
			if cur == nil || inBraces {
				t.Fatalf("a brace without a voucher")
			}
			inBraces = true
		case "}":
			inBraces, cur = false, nil
		case "#TRANS":
			if !inBraces {
				t.Fatalf("#TRANS outside a voucher: %q", line)
			}
			objs := strings.Fields(strings.Trim(fields[2], "{}"))
			if len(objs) != 2 || objs[0] != "1" {
				t.Fatalf("object list %q, want one cost centre", fields[2])
			}
			cc, _ := strconv.Unquote(objs[1])
			cur.trans = append(cur.trans, sieTrans{account: fields[1], object: cc, amount: oreOf(t, fields[3])})
		case "#FLAGGA", "#FORMAT", "#SIETYP", "#ORGNR", "#RAR", "#VALUTA", "#DIM":
		default:
			t.Fatalf("unknown line %q", line)
		}
	}
	if inBraces {
		t.Fatal("a voucher is not closed")
	}
	return f
}

// sieFields splits a SIE line into its fields: a quoted field without its
// quotes (\" is a quote), an object list {…} as written, anything else up to a space.
func sieFields(t *testing.T, line string) []string {
	t.Helper()
	var out []string
	s := strings.TrimLeft(line, " \t")
	for s != "" {
		switch s[0] {
		case '"':
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
			}
			if i == len(s) {
				t.Fatalf("unterminated quote in %q", line)
			}
			out = append(out, b.String())
			s = s[i+1:]
		case '{':
			end := strings.IndexByte(s, '}')
			if end < 0 {
				out = append(out, s)
				s = ""
				continue
			}
			out = append(out, s[:end+1])
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, " \t")
			if end < 0 {
				end = len(s)
			}
			out = append(out, s[:end])
			s = s[end:]
		}
		s = strings.TrimLeft(s, " \t")
	}
	return out
}

// TestBillingSettingsAPI: the admin reads and saves the billing settings
// through the API; a wrong account number is refused naming the field and
// changes nothing; a payer not named keeps its cost centre; others get 403.
func TestBillingSettingsAPI(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		admin := boLogin(t, srv, "ADMIN")
		var got billingSettings
		if st := admin.do("GET", "/api/v1/billing/settings", nil, &got); st != 200 || got.OrgNumber != "232100-0230" {
			t.Fatalf("settings: %d %+v", st, got)
		}
		want := got
		want.CompanyName, want.Series = "Hjälpmedelscentrum Norrbotten", "HM"
		want.Rent.Number = "3911"
		want.CostCentres = map[string]string{"3110": "KST3110", "2990": "KST2990"}

		bad := want
		bad.Rent.Number = "39x"
		if st, b := admin.raw("PUT", "/api/v1/billing/settings", bad); st != 400 || !strings.Contains(string(b), "rent") {
			t.Fatalf("wrong account: %d %s", st, b)
		}
		var after billingSettings
		admin.do("GET", "/api/v1/billing/settings", nil, &after)
		if after.CompanyName != got.CompanyName || len(after.CostCentres) != len(got.CostCentres) {
			t.Fatalf("a refused save changed the settings: %+v", after)
		}

		if st := admin.do("PUT", "/api/v1/billing/settings", want, &after); st != 200 ||
			after.CompanyName != want.CompanyName || after.Rent.Number != "3911" || after.CostCentres["3110"] != "KST3110" {
			t.Fatalf("save: %d %+v", st, after)
		}
		// Only 3110 named: 2990 keeps its cost centre; an empty one removes 3110's.
		after = billingSettings{}
		if st := admin.do("PUT", "/api/v1/billing/settings", billingSettings{OrgNumber: want.OrgNumber, CompanyName: want.CompanyName,
			Series: want.Series, Receivable: want.Receivable, Rent: want.Rent, Sale: want.Sale, Credit: want.Credit,
			CostCentres: map[string]string{"3110": ""}}, &after); st != 200 || after.CostCentres["2990"] != "KST2990" || after.CostCentres["3110"] != "" {
			t.Fatalf("partial cost centres: %d %+v", st, after)
		}
		for _, user := range []string{"K082LNO", "KUNDTJANST"} {
			if st, _ := boLogin(t, srv, user).raw("GET", "/api/v1/billing/settings", nil); st != 403 {
				t.Errorf("%s: %d, want 403", user, st)
			}
		}
	})
}

type billingSettings struct {
	OrgNumber   string            `json:"orgNumber"`
	CompanyName string            `json:"companyName"`
	Series      string            `json:"series"`
	Receivable  account           `json:"receivable"`
	Rent        account           `json:"rent"`
	Sale        account           `json:"sale"`
	Credit      account           `json:"credit"`
	CostCentres map[string]string `json:"costCentres"`
}

type account struct {
	Number string `json:"number"`
	Name   string `json:"name"`
}
