package demo

import (
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
)

// article is one catalogue article of the demo. Zero values mean the usual:
// status stocked, purpose rent, in the assortment, 60 months' depreciation,
// prices valid from priceFrom, lead time 5 working days (10 for order items).
type article struct {
	Number, Name, ISO, Supplier, SupplierArt string
	Product, ProductName                     string
	Status                                   string // stocked (default), order_item, discontinued
	Individual, Buy                          bool
	Rent, Sale                               int64  // öre; 0 = no price of that kind
	PriceFrom                                string // valid-from of Rent and Sale
	Depreciation                             int    // months; 0 = 60
	Responsibility, ServiceLevel             string
	VisionAid                                bool
	NotOrderable                             string // guidance text; non-empty = not orderable here
	LeadTime                                 int
	OutOfAssortment                          bool
	Unit                                     string // unit of measure, default st
	Description                              string
}

// The dates the demo prices are valid from.
const (
	priceFrom       = "2021-01-01"
	futurePriceFrom = "2027-01-01" // a price change that has not happened yet
)

// Texts of articles that cannot be ordered here (the manual's guidance).
const (
	pantheraText      = "Panthera-rullstolar beställs via beställningsunderlag och förskrivningsblankett som skickas in via C2-länken på Hjälpmedelsportalen."
	communicationText = "Förskrivning av kommunikations-, kognitions- och datorhjälpmedel ska inte göras här."
)

// The demo's suppliers; ids are fixed so the catalogue can name them.
var suppliers = []struct {
	Name, Phone, Email string
}{
	{"Etac Sverige AB", "0371-58 73 00", "kundservice@etac.example.se"},
	{"Panthera AB", "08-761 50 60", "info@panthera.example.se"},
	{"Invacare AB", "031-86 36 00", "sweden@invacare.example.se"},
	{"Permobil AB", "060-59 59 00", "info@permobil.example.se"},
	{"Ottobock Sverige AB (Roho)", "08-564 825 00", "info@ottobock.example.se"},
	{"Falck Hjälpmedel AB", "031-65 37 00", "order@falck.example.se"},
	{"Hjälpmedelsteknik i Norr AB", "0921-150 70", "order@hjtnorr.example.se"},
	{"Topro AB", "0470-72 72 50", "info@topro.example.se"},
	{"Human Care HC AB", "08-665 35 00", "info@humancare.example.se"},
	{"Abilia AB", "08-594 694 00", "info@abilia.example.se"},
	{"Optik Norrland AB", "0920-22 11 00", "order@optiknorr.example.se"},
	{"Bort & Frenning AB", "0303-24 66 00", "info@bortfrenning.example.se"},
	{"Hörselteknik Nord AB", "0920-26 70 00", "info@horselnord.example.se"},
	{"Mediq Sverige AB", "031-335 90 00", "info@mediq.example.se"},
}

// manualArticles are the articles the manual shows, with its numbers and names.
var manualArticles = []article{
	// Rullstol Cross: the main line's own à-pris is 0,00; the base configuration carries the rent.
	{Number: "11109", Name: "Rullstol Cross I sittbredd 40 sitthöjd 38-50 sittdjup 36-42 brukarvikt 125kg", ISO: "122203",
		Supplier: "Etac Sverige AB", SupplierArt: "80201040", Product: "Cross", ProductName: "Cross 5 rullstol", Individual: true,
		Rent: 0, Sale: 1150000, Responsibility: "L Landstinget", ServiceLevel: "A",
		Description: "Manuell tvåhjulsdriven rullstol med 11-delat grundutförande."},
	{Number: "11336", Name: "Armstöd Cross-Transit-Twin-M100 kort utan polstring höj och sänkbart höger", ISO: "122415",
		Supplier: "Etac Sverige AB", SupplierArt: "80229011", Product: "Cross", ProductName: "Armstöd Cross", Rent: 992, Sale: 41800},
	{Number: "11338", Name: "Armstöd Cross-Transit-Twin-M100 kort utan polstring höj och sänkbart vänster", ISO: "122415",
		Supplier: "Etac Sverige AB", SupplierArt: "80229012", Product: "Cross", ProductName: "Armstöd Cross", Rent: 992, Sale: 41800},
	{Number: "17333", Name: "Benstöd Cross-Twin vid vinkel svart mod 2", ISO: "122412",
		Supplier: "Etac Sverige AB", SupplierArt: "80229120", Product: "Cross", ProductName: "Benstöd Cross", Rent: 627, Sale: 26400},
	{Number: "13892", Name: "Fotplatta sittbredd 40 höger Cross-Elite-Next Transit-Twin standard", ISO: "122412",
		Supplier: "Etac Sverige AB", SupplierArt: "80229240", Product: "Cross", ProductName: "Fotplatta Cross", Rent: 942, Sale: 39700},
	{Number: "13891", Name: "Fotplatta sittbredd 40 vänster Cross-Elite-Next Transit-Twin standard", ISO: "122412",
		Supplier: "Etac Sverige AB", SupplierArt: "80229241", Product: "Cross", ProductName: "Fotplatta Cross", Rent: 942, Sale: 39700},
	{Number: "14410", Name: "Sits Cross sittbredd 40 sittdjup 36-42 svart", ISO: "122427",
		Supplier: "Etac Sverige AB", SupplierArt: "80229310", Product: "Cross", ProductName: "Sits Cross", Rent: 1850, Sale: 78000},
	{Number: "14412", Name: "Rygg Cross ryggbredd 40 vinkeljusterbar svart", ISO: "122427",
		Supplier: "Etac Sverige AB", SupplierArt: "80229320", Product: "Cross", ProductName: "Rygg Cross", Rent: 1850, Sale: 78000},
	{Number: "14420", Name: "Drivhjul Cross 24 tum punkteringsfria med drivring par", ISO: "122418",
		Supplier: "Etac Sverige AB", SupplierArt: "80229410", Product: "Cross", ProductName: "Drivhjul Cross", Rent: 1648, Sale: 69500},
	{Number: "14425", Name: "Broms Cross knäledsbroms par", ISO: "122409",
		Supplier: "Etac Sverige AB", SupplierArt: "80229510", Product: "Cross", ProductName: "Broms Cross", Rent: 850, Sale: 35800},
	{Number: "14430", Name: "Tippskydd Cross svart", ISO: "122424",
		Supplier: "Etac Sverige AB", SupplierArt: "80229610", Product: "Cross", ProductName: "Tippskydd Cross", Rent: 600, Sale: 25300},
	// Vanligaste tillbehören till Cross.
	{Number: "17346", Name: "Bromsförlängare Cross fällbar", ISO: "122409",
		Supplier: "Etac Sverige AB", SupplierArt: "80229520", Product: "Cross", ProductName: "Bromsförlängare Cross", Rent: 145, Sale: 6100},
	{Number: "19922", Name: "Rullstolsbord Cross transparent sittbredd 40", ISO: "122403",
		Supplier: "Etac Sverige AB", SupplierArt: "80229710", Product: "Cross", ProductName: "Rullstolsbord Cross", Rent: 815, Sale: 34400},
	{Number: "18250", Name: "Sittdyna Cross komfort 40x42 svart", ISO: "122427",
		Supplier: "Etac Sverige AB", SupplierArt: "80229330", Product: "Cross", ProductName: "Sittdyna Cross", Rent: 540, Sale: 22800},
	{Number: "17335", Name: "Benstöd Cross vinkeljusterbart med vadplatta svart", ISO: "122412",
		Supplier: "Etac Sverige AB", SupplierArt: "80229130", Product: "Cross", ProductName: "Benstöd Cross", Rent: 1125, Sale: 47400},
	{Number: "25052", Name: "Drivhjulsats", ISO: "122418",
		Supplier: "Etac Sverige AB", SupplierArt: "80229420", Product: "Cross", ProductName: "Drivhjulsats Cross", Rent: 8498, Sale: 358500},
	// Amputationsbenstöd (Sök artikel "amputationsbenstöd").
	{Number: "38415", Name: "Amputationsbenstöd Cross XL vä kompl mörkgrå plysch", ISO: "122412", Status: "order_item", LeadTime: 15,
		Supplier: "Etac Sverige AB", SupplierArt: "26210-60-2", Product: "Cross", ProductName: "Amputationsbenstöd Cross XL", Rent: 1240, Sale: 52300},
	{Number: "17944", Name: "Amputationsbenstöd Cross-F3", ISO: "122412",
		Supplier: "Etac Sverige AB", SupplierArt: "25516-60", Product: "Cross", ProductName: "Amputationsbenstöd Cross", Rent: 1180, Sale: 49800},
	{Number: "36878", Name: "Amputationsbenstöd Next kompl mörkgrå plysch", ISO: "122412", Status: "order_item", LeadTime: 15,
		Supplier: "Etac Sverige AB", SupplierArt: "26205-60", Product: "Next", ProductName: "Amputationsbenstöd Next", Rent: 1210, Sale: 51000},
	{Number: "35347", Name: "Amputationsbenstöd Swift Mobil", ISO: "122412", Status: "order_item", LeadTime: 12,
		Supplier: "Etac Sverige AB", SupplierArt: "80209510", Product: "Swift", ProductName: "Amputationsbenstöd Swift Mobil", Rent: 980, Sale: 41300},
	// Panthera: not orderable here.
	{Number: "30593", Name: "Rullstol Panthera 52 Swing bredd 39 Grund", ISO: "122203", Status: "order_item", LeadTime: 20,
		Supplier: "Panthera AB", SupplierArt: "34739D0G", Product: "Panthera", ProductName: "Panthera S2 Swing", Individual: true,
		Rent: 6191, Sale: 247160, PriceFrom: "2021-12-02", Responsibility: "L Landstinget", NotOrderable: pantheraText},
	// The test patient's aids.
	{Number: "15749", Name: "Skrivunderlägg 70x50x8", ISO: "221221", Buy: true, Sale: 48500,
		Supplier: "Bort & Frenning AB", SupplierArt: "BF-7050", Product: "Skrivunderlägg", ProductName: "Skrivunderlägg vinklat"},
	{Number: "23993", Name: "Telefontillkoppling", ISO: "222406", Individual: true, Rent: 1860, Sale: 78000,
		Supplier: "Falck Hjälpmedel AB", SupplierArt: "F-TT200", Product: "Falck", ProductName: "Telefontillkoppling TT200"},
	{Number: "25800", Name: "Röstförstärkare Falck 1005 inklusive diskret bygel", ISO: "220903", Individual: true, Rent: 4275, Sale: 298000,
		Supplier: "Falck Hjälpmedel AB", SupplierArt: "F-1005", Product: "Falck", ProductName: "Röstförstärkare Falck 1005"},
	{Number: "10680", Name: "Toaförhöjning StaplaLätt", ISO: "091215", Buy: true, Sale: 39900,
		Supplier: "Etac Sverige AB", SupplierArt: "80300110", Product: "StaplaLätt", ProductName: "Toalettförhöjning StaplaLätt"},
	{Number: "10156", Name: "Sittdyna Roho Quadtro Select hög 39,5x43", ISO: "043306", Individual: true, Rent: 3215, Sale: 615000,
		Supplier: "Ottobock Sverige AB (Roho)", SupplierArt: "1R99LPX-C", Product: "Roho", ProductName: "Roho Quadtro Select High Profile", Depreciation: 60},
	{Number: "15014", Name: "Sittdyna Roho Quadtro Select hög 44x43", ISO: "043306", Individual: true, Rent: 3410, Sale: 652000,
		Supplier: "Ottobock Sverige AB (Roho)", SupplierArt: "1R1010LPX-C", Product: "Roho", ProductName: "Roho Quadtro Select High Profile", Depreciation: 60},
	{Number: "30097", Name: "Fritextartikel", ISO: "28", Buy: true, Status: "order_item",
		Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Fritext", ProductName: "Fritextartikel"},
	// Care unit 1464's transport wheelchair and the scrapped rollator of the Individkort example.
	{Number: "22876", Name: "Rullstol transport Transit III sittbredd 40 sittdjup42 sitthöjd 50 brukarvikt 145kg", ISO: "122218",
		Supplier: "Etac Sverige AB", SupplierArt: "80211040", Product: "Transit", ProductName: "Transit III transportrullstol", Individual: true,
		Rent: 8586, Sale: 690000, Responsibility: "L Landstinget"},
	{Number: "16952", Name: "Rollator Dolomite Melody sitthöjd 60 höj och sänkbara körhandtag 78-93", ISO: "120606",
		Supplier: "Invacare AB", SupplierArt: "1540205", Product: "Dolomite", ProductName: "Dolomite Melody", Individual: true,
		Rent: 2350, Sale: 245000},
}

// accessoryTemplate is "Vanligaste tillbehören till Cross" on 11109.
var crossTemplate = []string{"17346", "19922", "17335", "17944", "18250", "25052"}

// crossBase is the 11-part base configuration of 11109; its rents sum to 119,20 kr.
var crossBase = []struct {
	Component string
	Quantity  int
}{
	{"11336", 1}, {"11338", 1}, {"17333", 1}, {"17333", 1}, {"13892", 1}, {"13891", 1},
	{"14410", 1}, {"14412", 1}, {"14420", 1}, {"14425", 1}, {"14430", 1},
}

// catalogue loads ISO classes, suppliers, articles with prices and words, base
// configurations, the accessory template and the replacement chain.
func (l *loader) catalogue() {
	for _, c := range isoClasses {
		l.exec(`INSERT INTO iso_classes (code, parent_code, name, info) VALUES (?, ?, ?, ?)`,
			c.Code, store.NullString(isoParent(c.Code)), c.Name, c.Info)
	}
	l.suppliers = map[string]int64{}
	for i, s := range suppliers {
		id := int64(i + 1)
		l.exec(`INSERT INTO suppliers (id, name, phone, email) VALUES (?, ?, ?, ?)`, id, s.Name, s.Phone, s.Email)
		l.suppliers[s.Name] = id
	}
	for _, a := range manualArticles {
		l.article(a)
	}
	for _, a := range moreArticles() {
		l.article(a)
	}
	l.article(headset)
	for i, c := range crossBase {
		l.exec(`INSERT INTO article_base_components (article_number, position, component_number, quantity) VALUES (?, ?, ?, ?)`,
			"11109", i+1, c.Component, c.Quantity)
	}
	l.exec(`INSERT INTO accessory_templates (id, article_number, name) VALUES (1, '11109', 'Vanligaste tillbehören till Cross')`)
	for i, c := range crossTemplate {
		l.exec(`INSERT INTO accessory_template_items (template_id, position, component_number) VALUES (1, ?, ?)`, i+1, c)
	}
	l.exec(`INSERT INTO replacement_chains (id, name) VALUES (1, 'Rollator Gemino 30 (äldre generation levereras först)')`)
	for i, a := range rollatorChain {
		l.exec(`INSERT INTO replacement_chain_articles (chain_id, position, article_number) VALUES (1, ?, ?)`, i+1, a)
	}
	// A rent change that has not come into force yet.
	for _, p := range futurePrices {
		l.price(p.Article, "rent", p.Rent, futurePriceFrom)
	}
}

// article inserts one article with its search words and its prices.
func (l *loader) article(a article) {
	if a.Status == "" {
		a.Status = "stocked"
	}
	purpose := "rent"
	if a.Buy {
		purpose = "buy"
	}
	if a.Depreciation == 0 {
		a.Depreciation = 60
	}
	if a.LeadTime == 0 {
		a.LeadTime = 5
		if a.Status != "stocked" {
			a.LeadTime = 10
		}
	}
	if a.Unit == "" {
		a.Unit = "st"
	}
	if a.PriceFrom == "" {
		a.PriceFrom = priceFrom
	}
	var supplier any
	if a.Supplier != "" {
		id, ok := l.suppliers[a.Supplier]
		if !ok {
			l.fail("demo: unknown supplier %q of %s", a.Supplier, a.Number)
			return
		}
		supplier = id
	}
	ts := domain.FormatTimestamp(l.now)
	l.exec(`INSERT INTO articles (number, name, name_folded, unit_of_measure, iso_code, supplier_id, supplier_article_number,
		product, product_name, status, in_assortment, individual, purpose, depreciation_months, service_level, responsibility,
		vision_aid, not_orderable, not_orderable_text, lead_time_days, description, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.Number, a.Name, domain.Fold(a.Name), a.Unit, a.ISO, supplier, a.SupplierArt,
		a.Product, a.ProductName, a.Status, !a.OutOfAssortment, a.Individual, purpose, a.Depreciation, a.ServiceLevel, a.Responsibility,
		a.VisionAid, a.NotOrderable != "", a.NotOrderable, a.LeadTime, a.Description, ts, ts)
	words := domain.Words(strings.Join([]string{a.Name, a.Product, a.ProductName}, " "))
	if len(words) > 0 {
		args := make([]any, 0, 2*len(words))
		for _, w := range words {
			args = append(args, w, a.Number)
		}
		l.exec(`INSERT INTO article_words (word, article_number) VALUES `+values(len(words), 2), args...)
	}
	if !a.Buy {
		l.price(a.Number, "rent", a.Rent, a.PriceFrom)
	}
	if a.Sale > 0 {
		l.price(a.Number, "sale", a.Sale, a.PriceFrom)
	}
	l.articles[a.Number] = a
	l.articleOrder = append(l.articleOrder, a.Number)
}

func (l *loader) price(number, kind string, amount int64, from string) {
	l.exec(`INSERT INTO article_prices (article_number, kind, amount_ore, valid_from, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'ADMIN')`,
		number, kind, amount, from, domain.FormatTimestamp(l.now))
}

// values returns "(?, ?), (?, ?)" for rows rows of cols columns.
func values(rows, cols int) string {
	one := "(" + store.Placeholders(cols) + ")"
	var b strings.Builder
	b.Grow(rows * (len(one) + 2))
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}
