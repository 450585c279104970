package domain

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func sieSettings() BillingSettings {
	return BillingSettings{OrgNumber: "232100-0230", CompanyName: "Region Norrbotten Hjälpmedelscentrum", Series: "F",
		Receivable: Account{"1510", "Kundfordringar"}, Rent: Account{"3910", "Hyresintäkter hjälpmedel"},
		Sale: Account{"3050", "Försäljning hjälpmedel"}, Credit: Account{"3099", "Krediteringar och rättelser"}}
}

func TestBillingSettingsProblems(t *testing.T) {
	tests := []struct {
		name   string
		change func(*BillingSettings)
		fields []string
	}{
		{"valid", func(*BillingSettings) {}, nil},
		{"org number without dash", func(s *BillingSettings) { s.OrgNumber = "2321000230" }, []string{"orgNumber"}},
		{"org number wrong check digit", func(s *BillingSettings) { s.OrgNumber = "232100-0231" }, []string{"orgNumber"}},
		{"no company name", func(s *BillingSettings) { s.CompanyName = "  " }, []string{"companyName"}},
		{"company name with a line break", func(s *BillingSettings) { s.CompanyName = "Region\nNorrbotten" }, []string{"companyName"}},
		{"company name too long", func(s *BillingSettings) { s.CompanyName = strings.Repeat("å", MaxCompanyName+1) }, []string{"companyName"}},
		{"company name at the limit", func(s *BillingSettings) { s.CompanyName = strings.Repeat("å", MaxCompanyName) }, nil},
		{"series empty", func(s *BillingSettings) { s.Series = "" }, []string{"series"}},
		{"series too long", func(s *BillingSettings) { s.Series = "FAKTU" }, []string{"series"}},
		{"account with letters", func(s *BillingSettings) { s.Rent.Number = "39A0" }, []string{"rentAccount"}},
		{"account of three digits", func(s *BillingSettings) { s.Sale.Number = "305" }, []string{"saleAccount"}},
		{"account of six digits", func(s *BillingSettings) { s.Sale.Number = "305010" }, nil},
		{"account without name", func(s *BillingSettings) { s.Credit.Name = "" }, []string{"creditName"}},
		{"two problems", func(s *BillingSettings) { s.Receivable.Number = ""; s.OrgNumber = "" }, []string{"orgNumber", "receivableAccount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sieSettings()
			tt.change(&s)
			p := s.Problems()
			if len(p) != len(tt.fields) {
				t.Fatalf("problems %v, want fields %v", p, tt.fields)
			}
			for _, f := range tt.fields {
				if p[f] == nil || p[f].Code != EInvalid || p[f].Fields[f] == "" {
					t.Errorf("field %s: %v", f, p[f])
				}
			}
		})
	}
}

func TestCostCentreProblem(t *testing.T) {
	for code, ok := range map[string]bool{"": true, "2990": true, "KST-4711": true, "Luleå": true,
		"a b": false, "a\tb": false, strings.Repeat("1", MaxCostCentre+1): false, strings.Repeat("1", MaxCostCentre): true} {
		if got := CostCentreProblem("cc", code) == nil; got != ok {
			t.Errorf("%q: ok %v, want %v", code, got, ok)
		}
	}
}

func TestAccountFor(t *testing.T) {
	s := sieSettings()
	for kind, want := range map[string]string{LineRent: "3910", LineComponent: "3910", LinePurchase: "3050", LineSparePart: "3050",
		LineCredit: "3099", LineCorrection: "3099"} {
		if got := s.AccountFor(kind).Number; got != want {
			t.Errorf("%s: %s, want %s", kind, got, want)
		}
	}
}

// TestWriteSIE is worked by hand: payer 2990 has rent 120,50 and a component
// 10,00 (both 3910), a purchase 2 471,60 and an återköp credit −2 471,60 (3050
// and 3099); payer 3110 only a correction −15,10 with cost centre "KST 9"
// written without its space; payer 1464 has nothing and gets no voucher.
func TestWriteSIE(t *testing.T) {
	f := SIEFile{Settings: sieSettings(), Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Generated: time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), GeneratedBy: "ADMIN", Program: "Hjälpmedel", Version: "1",
		Payers: []SIEPayer{
			{Number: "1464", Name: "Arvidsjaur Kommun Närförråd", Amounts: map[string]Ore{}},
			{Number: "2990", Name: `Länsservice "prod. ansvar"`, Amounts: map[string]Ore{LineRent: 12050, LineComponent: 1000,
				LinePurchase: 247160, LineCredit: -247160}},
			{Number: "3110", Name: "Hälsocentralen Gammelstad", CostCentre: "KST9", Amounts: map[string]Ore{LineCorrection: -1510}},
		}}
	got := WriteSIE(f)
	want := `#FLAGGA 0
#PROGRAM "Hjälpmedel" "1"
#FORMAT PC8
#GEN 20261103 "ADMIN"
#SIETYP 4
#ORGNR 232100-0230
#FNAMN "Region Norrbotten Hjälpmedelscentrum"
#RAR 0 20260101 20261231
#VALUTA SEK
#KONTO 1510 "Kundfordringar"
#KONTO 3050 "Försäljning hjälpmedel"
#KONTO 3099 "Krediteringar och rättelser"
#KONTO 3910 "Hyresintäkter hjälpmedel"
#DIM 1 "Kostnadsställe"
#OBJEKT 1 "2990" "Länsservice \"prod. ansvar\""
#OBJEKT 1 "KST9" "Hälsocentralen Gammelstad"
#VER "F" "" 20261031 "Fakturaunderlag 2026-10 betalare 2990 Länsservice \"prod. ansvar\"" 20261103
{
   #TRANS 1510 {1 "2990"} 130.50
   #TRANS 3050 {1 "2990"} -2471.60
   #TRANS 3099 {1 "2990"} 2471.60
   #TRANS 3910 {1 "2990"} -130.50
}
#VER "F" "" 20261031 "Fakturaunderlag 2026-10 betalare 3110 Hälsocentralen Gammelstad" 20261103
{
   #TRANS 1510 {1 "KST9"} -15.10
   #TRANS 3099 {1 "KST9"} 15.10
}
`
	decoded, err := charmap.CodePage437.NewDecoder().Bytes(got)
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.ReplaceAll(string(decoded), "\r\n", "\n"); g != want {
		t.Errorf("got\n%s\nwant\n%s", g, want)
	}
	if strings.Count(string(got), "\r\n") != strings.Count(want, "\n") {
		t.Error("every line should end in CR LF")
	}
	// ä is 0x84 in code page 437 (UTF-8 would be C3 A4).
	if !strings.Contains(string(got), "Hj\x84lpmedel") {
		t.Error("the file is not in code page 437")
	}
}

func TestWriteSIEUnsupportedAndControlCharacters(t *testing.T) {
	s := sieSettings()
	s.CompanyName = "Sámediggi € Čáhppes"
	got := WriteSIE(SIEFile{Settings: s, Month: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Payers: []SIEPayer{{Number: "1", Name: "a\tb", Amounts: map[string]Ore{LineRent: 100}}}})
	for _, b := range got {
		if b < 0x20 && b != '\r' && b != '\n' {
			t.Fatalf("control byte %#x in %q", b, got)
		}
	}
	if !strings.Contains(string(got), "#FNAMN \"S\xa0mediggi ? ?\xa0hppes\"") {
		t.Errorf("unsupported letters should become ?: %q", got)
	}
	if !strings.Contains(string(got), `"1" "ab"`) {
		t.Errorf("a control character in a name should be left out: %q", got)
	}
}
