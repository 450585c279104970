package domain

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Finance export (SPEC §10.8): a closed billing month as a SIE 4 file for the
// region's finance system. One voucher (#VER) per payer debits the receivable
// account with the payer's total and credits the revenue accounts with what
// the payer's lines are; every row carries the payer's cost centre in the SIE
// dimension 1 (Kostnadsställe, reserved for it by the SIE format).

// Account is an account of the finance system's chart of accounts.
type Account struct {
	Number string
	Name   string
}

// BillingSettings say how the centre's billing is booked: the organisation in
// the finance system, the voucher series and the accounts. A rent or a
// component goes to Rent, a purchase or a spare part to Sale, an återköp
// credit or a correction to Credit; the payer's total to Receivable.
type BillingSettings struct {
	OrgNumber   string // organisationsnummer, NNNNNN-NNNN
	CompanyName string
	Series      string // verifikationsserie
	Receivable  Account
	Rent        Account
	Sale        Account
	Credit      Account
}

// SIECostCentreDimension is the SIE dimension of cost centres (kostnadsställe).
const SIECostCentreDimension = 1

// Limits of the billing settings, in characters.
const (
	MaxCompanyName = 100
	MaxAccountName = 100
	MaxCostCentre  = 20
)

var (
	orgNumberPattern     = regexp.MustCompile(`^\d{6}-\d{4}$`)
	accountNumberPattern = regexp.MustCompile(`^\d{4,6}$`)
	seriesPattern        = regexp.MustCompile(`^[A-Za-z0-9]{1,4}$`)
)

// SettingsAccounts are the accounts of the billing settings: the form's field
// (its number is Field+"Account", its name Field+"Name"), its label, and where
// it is kept.
var SettingsAccounts = []struct {
	Field string
	Label Term
	Of    func(*BillingSettings) *Account
}{
	{"receivable", "Kundfordringar", func(s *BillingSettings) *Account { return &s.Receivable }},
	{"rent", "Hyresintäkter (hyra och komponenter)", func(s *BillingSettings) *Account { return &s.Rent }},
	{"sale", "Försäljning (köp och reservdelar)", func(s *BillingSettings) *Account { return &s.Sale }},
	{"credit", "Krediteringar och rättelser", func(s *BillingSettings) *Account { return &s.Credit }},
}

// Problems returns what is wrong with the settings, by form field ("orgNumber",
// "companyName", "series", "receivableAccount", "receivableName", …); none:
// they can be saved.
func (s BillingSettings) Problems() map[string]*Error {
	p := map[string]*Error{}
	if !validOrgNumber(s.OrgNumber) {
		p["orgNumber"] = Invalid("orgNumber", "Ange organisationsnumret som NNNNNN-NNNN, till exempel 232100-0230.")
	}
	checkName := func(field, value string, max int) {
		switch {
		case strings.TrimSpace(value) == "":
			p[field] = Invalid(field, "Ange ett namn.")
		case !printable(value):
			p[field] = Invalid(field, "Namnet får inte innehålla radbrytningar eller styrtecken.")
		default:
			if err := CheckMaxLength(field, "Namnet", value, max); err != nil {
				p[field] = err.(*Error)
			}
		}
	}
	checkName("companyName", s.CompanyName, MaxCompanyName)
	if !seriesPattern.MatchString(s.Series) {
		p["series"] = Invalid("series", "Ange serien med 1–4 bokstäver eller siffror, till exempel F.")
	}
	for _, a := range SettingsAccounts {
		acc := a.Of(&s)
		if !accountNumberPattern.MatchString(acc.Number) {
			p[a.Field+"Account"] = Invalidf(a.Field+"Account", "%s: ange kontot med 4–6 siffror, till exempel 1510.", a.Label)
		}
		checkName(a.Field+"Name", acc.Name, MaxAccountName)
	}
	return p
}

// CostCentreProblem says what is wrong with a payer's cost centre (empty: the
// payer's number is used); nil: nothing.
func CostCentreProblem(field, code string) *Error {
	if !printable(code) || strings.ContainsAny(code, " \t") {
		return Invalid(field, "Kostnadsstället får inte innehålla mellanslag, radbrytningar eller styrtecken.")
	}
	if err := CheckMaxLength(field, "Kostnadsstället", code, MaxCostCentre); err != nil {
		return err.(*Error)
	}
	return nil
}

// validOrgNumber checks the form NNNNNN-NNNN and the Luhn check digit that
// every Swedish organisationsnummer carries.
func validOrgNumber(s string) bool {
	if !orgNumberPattern.MatchString(s) {
		return false
	}
	digits := s[:6] + s[7:]
	return LuhnCheckDigit(digits[:9]) == digits[9]
}

func printable(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// AccountFor returns the account a billing line of kind is booked on.
func (s BillingSettings) AccountFor(kind string) Account {
	switch kind {
	case LineRent, LineComponent:
		return s.Rent
	case LinePurchase, LineSparePart:
		return s.Sale
	}
	return s.Credit // LineCredit, LineCorrection
}

// SIEPayer is one payer's part of a month: its amounts per billing line kind.
type SIEPayer struct {
	Number     string
	Name       string
	CostCentre string // empty: the payer's number
	Amounts    map[string]Ore
}

// SIEFile is what a month's SIE 4 file holds.
type SIEFile struct {
	Settings    BillingSettings
	Month       time.Time // any day of the month booked
	Generated   time.Time // the civil date the file was made
	GeneratedBy string
	Program     string
	Version     string
	Payers      []SIEPayer
}

// sieRow is one #TRANS row.
type sieRow struct {
	account string
	amount  Ore
}

// vouchers returns each payer's rows: the revenue accounts credited (negative,
// by account number), then the receivable debited with the total; rows of
// zero are left out, and a payer with nothing to book has no voucher.
func (f SIEFile) vouchers() [][]sieRow {
	out := make([][]sieRow, len(f.Payers))
	for i, p := range f.Payers {
		byAccount := map[string]Ore{}
		var total Ore
		for kind, amount := range p.Amounts {
			byAccount[f.Settings.AccountFor(kind).Number] += amount
			total += amount
		}
		var rows []sieRow
		for acc, amount := range byAccount {
			if amount != 0 {
				rows = append(rows, sieRow{acc, -amount})
			}
		}
		if len(rows) == 0 {
			continue
		}
		sort.Slice(rows, func(a, b int) bool { return rows[a].account < rows[b].account })
		if total != 0 {
			rows = append([]sieRow{{f.Settings.Receivable.Number, total}}, rows...)
		}
		out[i] = rows
	}
	return out
}

// WriteSIE returns the month's SIE 4 file (type 4I, an import file: the finance
// system numbers the vouchers) in the character set SIE prescribes, IBM PC 8-bit
// (code page 437); a character outside it becomes "?". Amounts have a decimal
// point, a debit is positive and a credit negative; each voucher is dated the
// month's last day and balances to 0.00. The fiscal year (#RAR 0) is the
// calendar year, as regions keep it. Lines end in CR LF.
func WriteSIE(f SIEFile) []byte {
	month := MonthOf(f.Month)
	last := month.AddDate(0, 1, -1)
	yearStart := time.Date(month.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	yearEnd := time.Date(month.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	s := f.Settings
	var b strings.Builder
	line := func(fields ...string) {
		b.WriteString(strings.Join(fields, " "))
		b.WriteString("\r\n")
	}
	line("#FLAGGA", "0")
	line("#PROGRAM", sieQuote(f.Program), sieQuote(f.Version))
	line("#FORMAT", "PC8")
	line("#GEN", sieDate(f.Generated), sieQuote(f.GeneratedBy))
	line("#SIETYP", "4")
	line("#ORGNR", s.OrgNumber)
	line("#FNAMN", sieQuote(s.CompanyName))
	line("#RAR", "0", sieDate(yearStart), sieDate(yearEnd))
	line("#VALUTA", "SEK")
	vouchers := f.vouchers()
	accounts := map[string]Account{}
	for _, a := range []Account{s.Receivable, s.Rent, s.Sale, s.Credit} {
		if _, ok := accounts[a.Number]; !ok {
			accounts[a.Number] = a
		}
	}
	var numbers []string
	for n := range accounts {
		numbers = append(numbers, n)
	}
	sort.Strings(numbers)
	for _, n := range numbers {
		line("#KONTO", n, sieQuote(accounts[n].Name))
	}
	line("#DIM", strconv.Itoa(SIECostCentreDimension), sieQuote("Kostnadsställe"))
	seen := map[string]bool{}
	for i, p := range f.Payers {
		cc := p.costCentre()
		if vouchers[i] == nil || seen[cc] {
			continue
		}
		seen[cc] = true
		line("#OBJEKT", strconv.Itoa(SIECostCentreDimension), sieQuote(cc), sieQuote(p.Name))
	}
	ym := month.Format("2006-01")
	for i, p := range f.Payers {
		rows := vouchers[i]
		if rows == nil {
			continue
		}
		line("#VER", sieQuote(s.Series), sieQuote(""), sieDate(last),
			sieQuote("Fakturaunderlag "+ym+" betalare "+p.Number+" "+p.Name), sieDate(f.Generated))
		line("{")
		objects := "{" + strconv.Itoa(SIECostCentreDimension) + " " + sieQuote(p.costCentre()) + "}"
		for _, r := range rows {
			line("   #TRANS", r.account, objects, r.amount.APIString())
		}
		line("}")
	}
	return encodePC8(b.String())
}

func (p SIEPayer) costCentre() string {
	if p.CostCentre != "" {
		return p.CostCentre
	}
	return p.Number
}

func sieDate(d time.Time) string { return d.Format("20060102") }

// sieQuote quotes a field; a quotation mark inside is written \" and control
// characters (never valid in SIE) are left out.
func sieQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// encodePC8 encodes s in code page 437; a rune it lacks becomes "?".
func encodePC8(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := charmap.CodePage437.EncodeRune(r)
		if !ok {
			c = '?'
		}
		out = append(out, c)
	}
	return out
}
