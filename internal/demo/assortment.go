package demo

import "fmt"

// rollatorChain is the replacement chain: position 1 (the older generation) is
// delivered first while it is in stock.
var rollatorChain = []string{"24310", "38002"}

// futurePrices are rent changes valid from futurePriceFrom.
var futurePrices = []struct {
	Article string
	Rent    int64
}{
	{"38002", 2590},
	{"40001", 2190},
	{"40045", 8550},
}

// specialArticles show one case each: the replacement chain, vision aids, aids that are
// not ordered here, a purchase article, an article outside the assortment, a discontinued one.
var specialArticles = []article{
	{Number: "24310", Name: "Rollator Olympos M sitthöjd 60 grå", ISO: "120606", Individual: true, Rent: 2450, Sale: 329000,
		Supplier: "Topro AB", SupplierArt: "815160", Product: "Olympos", ProductName: "Topro Olympos M"},
	{Number: "38002", Name: "Rollator Olympos M ATR sitthöjd 60 grå", ISO: "120606", Individual: true, Rent: 2450, Sale: 349000,
		Supplier: "Topro AB", SupplierArt: "815260", Product: "Olympos", ProductName: "Topro Olympos M ATR"},
	{Number: "33120", Name: "Förstoringsglas Mobilux LED 4x med belysning", ISO: "220309", VisionAid: true, Rent: 450, Sale: 89000,
		Supplier: "Optik Norrland AB", SupplierArt: "ES-151114", Product: "Mobilux", ProductName: "Eschenbach Mobilux LED"},
	{Number: "33125", Name: "Läskamera Compact 6 HD bärbar", ISO: "220318", VisionAid: true, Individual: true, Rent: 6500, Sale: 1250000,
		Supplier: "Optik Norrland AB", SupplierArt: "OP-C6HD", Product: "Compact", ProductName: "Optelec Compact 6 HD"},
	{Number: "34410", Name: "Samtalsapparat Lightwriter SL40 med talsyntes", ISO: "222109", Individual: true, Rent: 9800, Sale: 2450000,
		Supplier: "Abilia AB", SupplierArt: "AB-SL40", Product: "Lightwriter", ProductName: "Lightwriter SL40", NotOrderable: communicationText},
	{Number: "34420", Name: "Kalender Memoplanner Medium", ISO: "222712", Individual: true, Rent: 5400, Sale: 1390000,
		Supplier: "Abilia AB", SupplierArt: "AB-MPM", Product: "Memoplanner", ProductName: "Memoplanner Medium", NotOrderable: communicationText},
	{Number: "34430", Name: "Surfplatta 10 tum med kommunikationsprogram", ISO: "223306", Individual: true, Rent: 4200, Sale: 990000,
		Supplier: "Abilia AB", SupplierArt: "AB-TAB10", Product: "Surfplatta", ProductName: "Kommunikationsplatta 10", NotOrderable: communicationText},
	{Number: "34440", Name: "Minnesträningsprogram Minnesstöd bas", ISO: "051212", Buy: true, Sale: 120000,
		Supplier: "Abilia AB", SupplierArt: "AB-MS1", Product: "Minnesstöd", ProductName: "Minnesstöd bas", NotOrderable: communicationText},
	{Number: "20110", Name: "Griptång Reacher 82 cm med magnet", ISO: "242103", Buy: true, Sale: 18900,
		Supplier: "Human Care HC AB", SupplierArt: "HC-82M", Product: "Reacher", ProductName: "Griptång Reacher"},
	{Number: "19705", Name: "Duschstol Mobilette tiltbar med hjul", ISO: "093303", Status: "order_item", OutOfAssortment: true, LeadTime: 25,
		Individual: true, Rent: 3900, Sale: 1480000, Supplier: "Etac Sverige AB", SupplierArt: "80400250", Product: "Mobilette", ProductName: "Mobilette Tilt"},
	{Number: "12480", Name: "Rollator Legend sitthöjd 62 röd", ISO: "120606", Status: "discontinued", OutOfAssortment: true,
		Individual: true, Rent: 1900, Sale: 198000, Supplier: "Invacare AB", SupplierArt: "1540310", Product: "Legend", ProductName: "Dolomite Legend"},
}

// family generates believable articles: one per variant, numbers counting up.
type family struct {
	ISO, Supplier, Product string
	Name                   string // format with one %v for the variant
	Variants               []any
	Individual, Buy        bool
	VisionAidFamily        bool
	Status                 string
	Rent, Sale             int64 // price of the first variant; later ones step up
	Step                   int64
}

var families = []family{
	{ISO: "120606", Supplier: "Topro AB", Product: "Troja", Name: "Rollator Troja 5G sitthöjd %v", Variants: []any{52, 57, 62, 67}, Individual: true, Rent: 2100, Sale: 310000, Step: 50},
	{ISO: "120606", Supplier: "Invacare AB", Product: "Dolomite", Name: "Rollator Dolomite Jazz sitthöjd %v", Variants: []any{51, 56, 61, 66}, Individual: true, Rent: 2250, Sale: 335000, Step: 50},
	{ISO: "120606", Supplier: "Invacare AB", Product: "Dolomite", Name: "Rollator Dolomite Soprano sitthöjd %v", Variants: []any{50, 55, 60, 65}, Individual: true, Rent: 2050, Sale: 289000, Step: 50},
	{ISO: "120606", Supplier: "Human Care HC AB", Product: "Let's Go", Name: "Rollator Let's Go Out sitthöjd %v", Variants: []any{55, 60, 65}, Individual: true, Rent: 1980, Sale: 265000, Step: 40},
	{ISO: "120606", Supplier: "Human Care HC AB", Product: "Gemino", Name: "Rollator Gemino 30 sitthöjd %v", Variants: []any{55, 60, 65}, Individual: true, Rent: 2390, Sale: 355000, Step: 40},
	{ISO: "120606", Supplier: "Human Care HC AB", Product: "Server", Name: "Inomhusrollator Server bricka sitthöjd %v", Variants: []any{60, 66}, Individual: true, Rent: 1450, Sale: 189000, Step: 40},
	{ISO: "120603", Supplier: "Etac Sverige AB", Product: "Gåbock", Name: "Gåbock fällbar höjd %v", Variants: []any{"75-85", "85-95"}, Rent: 650, Sale: 79000, Step: 20},
	{ISO: "120612", Supplier: "Human Care HC AB", Product: "Gåbord", Name: "Gåbord Walker underarmsstöd höjd %v", Variants: []any{"95-125", "110-140"}, Individual: true, Rent: 3400, Sale: 545000, Step: 100},
	{ISO: "120303", Supplier: "Human Care HC AB", Product: "Käpp", Name: "Käpp justerbar %v", Variants: []any{"svart", "blå", "med ergonomiskt handtag", "fällbar"}, Buy: true, Sale: 24900, Step: 1500},
	{ISO: "120306", Supplier: "Human Care HC AB", Product: "Kryckkäpp", Name: "Armbågskrycka %v", Variants: []any{"standard", "ergonomiskt handtag", "barn", "XL 180kg"}, Buy: true, Sale: 21900, Step: 1500},
	{ISO: "120318", Supplier: "Human Care HC AB", Product: "Stödkäpp", Name: "Stödkäpp fyrfot %v", Variants: []any{"liten bas", "stor bas"}, Buy: true, Sale: 39900, Step: 3000},
	{ISO: "122203", Supplier: "Etac Sverige AB", Product: "Prio", Name: "Rullstol Prio sittbredd %v sitthöjd 40-50 sittdjup 40-46 brukarvikt 135kg", Variants: []any{38, 40, 42, 45, 48, 50}, Individual: true, Rent: 9200, Sale: 1390000, Step: 150},
	{ISO: "122203", Supplier: "Etac Sverige AB", Product: "Next", Name: "Rullstol Next sittbredd %v sitthöjd 45-51 brukarvikt 125kg", Variants: []any{38, 40, 42, 45, 48}, Individual: true, Rent: 7800, Sale: 1050000, Step: 150},
	{ISO: "122203", Supplier: "Invacare AB", Product: "Action", Name: "Rullstol Action 3NG sittbredd %v sittdjup 43 brukarvikt 125kg", Variants: []any{38, 40, 43, 45, 48, 50}, Individual: true, Rent: 8400, Sale: 1190000, Step: 150},
	{ISO: "122203", Supplier: "Invacare AB", Product: "Küschall", Name: "Aktivrullstol Küschall Compact sittbredd %v", Variants: []any{36, 38, 40, 42, 44}, Individual: true, Status: "order_item", Rent: 12500, Sale: 2290000, Step: 200},
	{ISO: "122218", Supplier: "Etac Sverige AB", Product: "Transit", Name: "Rullstol transport Transit 4 sittbredd %v sitthöjd 48 brukarvikt 135kg", Variants: []any{40, 45, 50}, Individual: true, Rent: 7900, Sale: 720000, Step: 150},
	{ISO: "122306", Supplier: "Permobil AB", Product: "Permobil", Name: "Elrullstol Permobil %v", Variants: []any{"M3 Corpus sittbredd 43", "M3 Corpus sittbredd 48", "M5 Corpus sittbredd 48", "F5 Corpus VS sittbredd 48"}, Individual: true, Status: "order_item", Rent: 185000, Sale: 14500000, Step: 12000},
	{ISO: "122403", Supplier: "Etac Sverige AB", Product: "Rullstolsbord", Name: "Rullstolsbord transparent sittbredd %v", Variants: []any{42, 45, 48}, Rent: 815, Sale: 34400, Step: 20},
	{ISO: "122409", Supplier: "Etac Sverige AB", Product: "Broms", Name: "Bromsförlängare %v", Variants: []any{"Prio", "Next", "Transit"}, Rent: 145, Sale: 6100, Step: 10},
	{ISO: "122412", Supplier: "Etac Sverige AB", Product: "Benstöd", Name: "Benstöd vinkeljusterbart %v", Variants: []any{"Prio", "Next", "Transit 4"}, Rent: 1125, Sale: 47400, Step: 30},
	{ISO: "122424", Supplier: "Etac Sverige AB", Product: "Tippskydd", Name: "Tippskydd %v", Variants: []any{"Prio", "Next", "Action 3NG"}, Rent: 600, Sale: 25300, Step: 20},
	{ISO: "043306", Supplier: "Ottobock Sverige AB (Roho)", Product: "Roho", Name: "Sittdyna Roho Quadtro Select låg %v", Variants: []any{"39,5x43", "44x43", "46x46", "48x48"}, Individual: true, Rent: 2890, Sale: 545000, Step: 120},
	{ISO: "043306", Supplier: "Ottobock Sverige AB (Roho)", Product: "Roho", Name: "Sittdyna Roho High Profile enkelventil %v", Variants: []any{"41x41", "46x46", "51x46"}, Individual: true, Rent: 2650, Sale: 498000, Step: 120},
	{ISO: "043303", Supplier: "Etac Sverige AB", Product: "Star", Name: "Sittdyna Star Hybrid %v", Variants: []any{"40x40", "42x42", "45x45", "48x46"}, Rent: 1250, Sale: 212000, Step: 60},
	{ISO: "043303", Supplier: "Invacare AB", Product: "Vicair", Name: "Sittdyna Vicair Adjuster O2 %v", Variants: []any{"40x42", "44x44", "48x46"}, Rent: 1580, Sale: 289000, Step: 60},
	{ISO: "043312", Supplier: "Invacare AB", Product: "Softform", Name: "Madrass Softform Premier %v", Variants: []any{"80x200", "85x200", "90x200"}, Individual: true, Rent: 2200, Sale: 520000, Step: 100},
	{ISO: "043312", Supplier: "Invacare AB", Product: "Softform", Name: "Växeltrycksmadrass Softform Active %v", Variants: []any{"85x200", "90x200"}, Individual: true, Status: "order_item", Rent: 6900, Sale: 1850000, Step: 300},
	{ISO: "181006", Supplier: "Etac Sverige AB", Product: "Sittdyna", Name: "Sittdyna komfort stol %v", Variants: []any{"40x40", "45x45"}, Rent: 350, Sale: 59000, Step: 30},
	{ISO: "183306", Supplier: "Etac Sverige AB", Product: "Ryggdyna", Name: "Ryggdyna formbar %v", Variants: []any{"38", "42", "46"}, Rent: 780, Sale: 129000, Step: 40},
	{ISO: "091215", Supplier: "Etac Sverige AB", Product: "Hi-Loo", Name: "Toalettförhöjning Hi-Loo %v", Variants: []any{"fast 6 cm", "fast 10 cm", "med lock 6 cm", "med lock 10 cm", "med armstöd 10 cm"}, Buy: true, Sale: 59900, Step: 4000},
	{ISO: "091215", Supplier: "Etac Sverige AB", Product: "StaplaLätt", Name: "Toaförhöjning StaplaLätt %v", Variants: []any{"5 cm", "10 cm med fästen"}, Buy: true, Sale: 42900, Step: 3000},
	{ISO: "091203", Supplier: "Etac Sverige AB", Product: "Swift", Name: "Toalettstol Swift Commode %v", Variants: []any{"standard", "med hjul", "höj- och sänkbar"}, Individual: true, Rent: 1450, Sale: 325000, Step: 100},
	{ISO: "091218", Supplier: "Etac Sverige AB", Product: "Supporter", Name: "Toalettarmstöd Supporter %v", Variants: []any{"golvmonterat", "väggmonterat", "fristående"}, Rent: 690, Sale: 189000, Step: 40},
	{ISO: "093303", Supplier: "Etac Sverige AB", Product: "Edge", Name: "Duschpall Edge %v", Variants: []any{"utan ryggstöd", "med ryggstöd", "med armstöd"}, Buy: true, Sale: 119000, Step: 15000},
	{ISO: "093303", Supplier: "Etac Sverige AB", Product: "Swift", Name: "Duschstol Swift %v", Variants: []any{"med armstöd", "väggmonterad", "fällbar"}, Rent: 590, Sale: 165000, Step: 50},
	{ISO: "093303", Supplier: "Etac Sverige AB", Product: "Clean", Name: "Dusch- och toalettstol Clean %v", Variants: []any{"höjd 49", "höjd 55", "tiltbar"}, Individual: true, Rent: 1890, Sale: 560000, Step: 150},
	{ISO: "093312", Supplier: "Human Care HC AB", Product: "Badbräda", Name: "Badkarsbräda %v", Variants: []any{"66 cm", "71 cm"}, Buy: true, Sale: 79000, Step: 5000},
	{ISO: "123103", Supplier: "Human Care HC AB", Product: "Glidbräda", Name: "Glidbräda %v", Variants: []any{"Easy Glide 60 cm", "Easy Glide 80 cm", "böjd 70 cm"}, Rent: 420, Sale: 95000, Step: 30},
	{ISO: "123112", Supplier: "Human Care HC AB", Product: "Vridplatta", Name: "Vridplatta %v", Variants: []any{"mjuk 40 cm", "hård 40 cm"}, Rent: 180, Sale: 49000, Step: 20},
	{ISO: "123603", Supplier: "Etac Sverige AB", Product: "Molift", Name: "Personlyft Molift %v", Variants: []any{"Smart 150", "Mover 180", "Mover 205", "Quick Raiser 205"}, Individual: true, Rent: 9800, Sale: 2490000, Step: 500},
	{ISO: "123621", Supplier: "Etac Sverige AB", Product: "Molift", Name: "Lyftsele Molift EvoSling %v", Variants: []any{"S", "M", "L", "XL"}, Buy: true, Sale: 189000, Step: 5000},
	{ISO: "181210", Supplier: "Invacare AB", Product: "Medley", Name: "Vårdsäng Medley Ergo %v", Variants: []any{"80x200", "90x200", "90x210 förlängd"}, Individual: true, Rent: 14500, Sale: 2890000, Step: 800},
	{ISO: "181227", Supplier: "Invacare AB", Product: "Medley", Name: "Sänggrind Medley %v", Variants: []any{"trä", "metall", "förlängd"}, Rent: 900, Sale: 210000, Step: 50},
	{ISO: "181806", Supplier: "Etac Sverige AB", Product: "Stödhandtag", Name: "Stödhandtag %v", Variants: []any{"vägg 30 cm", "vägg 60 cm", "säng", "golv-tak"}, Buy: true, Sale: 49000, Step: 8000},
	{ISO: "220606", Supplier: "Hörselteknik Nord AB", Product: "Comfort", Name: "Samtalsförstärkare Comfort %v", Variants: []any{"Duett", "Duett med hörlur", "Contego"}, Individual: true, Rent: 1450, Sale: 289000, Step: 100},
	{ISO: "220606", Supplier: "Hörselteknik Nord AB", Product: "Bellman", Name: "Hörselslinga Bellman %v", Variants: []any{"Domino", "Maxi Pro", "rumsslinga"}, Individual: true, Rent: 1690, Sale: 345000, Step: 100},
	{ISO: "222406", Supplier: "Falck Hjälpmedel AB", Product: "Telefon", Name: "Telefon förstärkt %v", Variants: []any{"Doro 6880", "Geemarc Ampli 295", "bordstelefon stora knappar"}, Individual: true, Rent: 980, Sale: 149000, Step: 60},
	{ISO: "220903", Supplier: "Falck Hjälpmedel AB", Product: "Falck", Name: "Röstförstärkare Falck %v", Variants: []any{"1010 med headset", "1020 trådlös"}, Individual: true, Rent: 4400, Sale: 315000, Step: 200},
	{ISO: "220309", Supplier: "Optik Norrland AB", Product: "Lupp", Name: "Lupp %v", Variants: []any{"3x med belysning", "6x ficklupp", "10x stativlupp"}, Buy: true, VisionAidFamily: true, Sale: 45000, Step: 8000},
	{ISO: "242103", Supplier: "Human Care HC AB", Product: "Griptång", Name: "Griptång %v", Variants: []any{"60 cm", "75 cm", "fällbar 80 cm", "med vridbart grepp"}, Buy: true, Sale: 15900, Step: 1500},
	{ISO: "243612", Supplier: "Human Care HC AB", Product: "Rollatorväska", Name: "Rollatorväska %v", Variants: []any{"Troja", "Olympos", "universal"}, Buy: true, Sale: 24900, Step: 1000},
	{ISO: "150913", Supplier: "Mediq Sverige AB", Product: "Mugg", Name: "Mugg %v", Variants: []any{"med två handtag", "med pip", "med näsurtag"}, Buy: true, Sale: 8900, Step: 1000},
	{ISO: "150918", Supplier: "Mediq Sverige AB", Product: "Tallrik", Name: "Tallrik med kant %v", Variants: []any{"djup", "flat", "med sugpropp"}, Buy: true, Sale: 12900, Step: 1000},
	{ISO: "060606", Supplier: "Mediq Sverige AB", Product: "Ortos", Name: "Handledsortos %v", Variants: []any{"höger S", "höger M", "vänster S", "vänster M"}, Buy: true, Sale: 39000, Step: 0},
	{ISO: "044808", Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Ståstöd", Name: "Ståstöd %v", Variants: []any{"Oswald vuxen", "Oswald barn"}, Individual: true, Status: "order_item", Rent: 5600, Sale: 1690000, Step: 300},
	{ISO: "270312", Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Luftrenare", Name: "Luftrenare %v", Variants: []any{"HEPA 40 m2", "HEPA 80 m2"}, Individual: true, Rent: 1200, Sale: 450000, Step: 300},
	{ISO: "280303", Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Arbetsstol", Name: "Arbetsstol %v", Variants: []any{"Real 9000 Plus", "Real 8100 el", "Basic med bröststöd", "ståstol Salli"}, Individual: true, Rent: 3100, Sale: 1190000, Step: 250},
	{ISO: "120606", Supplier: "Topro AB", Product: "Olympos", Name: "Rollator Olympos sitthöjd %v", Variants: []any{"54 liten", "58 mellan", "62 stor", "66 XL", "60 bariatrisk 200kg"}, Individual: true, Rent: 2300, Sale: 319000, Step: 60},
	{ISO: "120612", Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Hippo", Name: "Sittvagn Hippo %v", Variants: []any{"storlek 1", "storlek 2", "storlek 3"}, Individual: true, Status: "order_item", Rent: 4100, Sale: 1120000, Step: 200},
	{ISO: "122427", Supplier: "Invacare AB", Product: "Jay", Name: "Ryggstöd Jay J3 %v", Variants: []any{"bredd 36 djup", "bredd 40 djup", "bredd 44 djup", "bredd 40 grund"}, Rent: 1650, Sale: 512000, Step: 80},
	{ISO: "043303", Supplier: "Invacare AB", Product: "Jay", Name: "Sittdyna Jay Easy %v", Variants: []any{"38x40", "42x42", "46x44", "50x46"}, Rent: 1190, Sale: 268000, Step: 60},
	{ISO: "122418", Supplier: "Permobil AB", Product: "SmartDrive", Name: "Hjälpmotor SmartDrive MX2+ %v", Variants: []any{"med PushTracker", "med armband"}, Individual: true, Status: "order_item", Rent: 11800, Sale: 3890000, Step: 500},
	{ISO: "123103", Supplier: "Human Care HC AB", Product: "Förflyttningsbälte", Name: "Förflyttningsbälte %v", Variants: []any{"S", "M", "L"}, Buy: true, Sale: 69000, Step: 0},
	{ISO: "090903", Supplier: "Mediq Sverige AB", Product: "Strumppådragare", Name: "Strumppådragare %v", Variants: []any{"för stödstrumpor", "med långa handtag", "för tunna strumpor"}, Buy: true, Sale: 19900, Step: 2000},
	{ISO: "090912", Supplier: "Mediq Sverige AB", Product: "Skohorn", Name: "Skohorn %v", Variants: []any{"långt 60 cm", "långt 80 cm"}, Buy: true, Sale: 9900, Step: 1000},
	{ISO: "150903", Supplier: "Mediq Sverige AB", Product: "Bestick", Name: "Bestick med förstärkt grepp %v", Variants: []any{"kniv", "gaffel", "sked", "vinklad sked vänster", "vinklad sked höger"}, Buy: true, Sale: 14900, Step: 0},
	{ISO: "183015", Supplier: "Hjälpmedelsteknik i Norr AB", Product: "Ramp", Name: "Ramp %v", Variants: []any{"tröskelramp 2 cm", "tröskelramp 4 cm", "vikbar 150 cm", "vikbar 200 cm", "teleskopisk 240 cm"}, Rent: 450, Sale: 129000, Step: 150},
	{ISO: "222703", Supplier: "Hörselteknik Nord AB", Product: "Bellman", Name: "Vibrationsväckare Bellman %v", Variants: []any{"Visit med dynvibrator", "Pro med blixtljus"}, Individual: true, Rent: 690, Sale: 189000, Step: 100},
	{ISO: "220606", Supplier: "Hörselteknik Nord AB", Product: "Halsslinga", Name: "Halsslinga %v", Variants: []any{"för mobiltelefon", "för TV med sändare", "universal 3,5 mm"}, Buy: true, Sale: 59000, Step: 5000},
	{ISO: "181210", Supplier: "Invacare AB", Product: "SB 755", Name: "Vårdsäng SB 755 %v", Variants: []any{"80x200", "90x200", "med lågsäng-funktion"}, Individual: true, Rent: 13900, Sale: 2650000, Step: 700},
	{ISO: "043312", Supplier: "Etac Sverige AB", Product: "Ibis", Name: "Madrass Ibis komfort %v", Variants: []any{"80x200", "90x200", "90x210"}, Rent: 990, Sale: 289000, Step: 60},
	{ISO: "093303", Supplier: "Etac Sverige AB", Product: "Fix", Name: "Duschpall Fix %v", Variants: []any{"rund", "med handtag", "höj och sänkbar"}, Buy: true, Sale: 69000, Step: 6000},
	{ISO: "091218", Supplier: "Etac Sverige AB", Product: "Relief", Name: "Armstöd toalett Relief %v", Variants: []any{"väggmonterat 60 cm", "väggmonterat 75 cm", "golvmonterat"}, Rent: 450, Sale: 149000, Step: 40},
	{ISO: "242103", Supplier: "Etac Sverige AB", Product: "Etac Grip", Name: "Griptång Etac %v", Variants: []any{"Light 60 cm", "Light 75 cm", "Classic 65 cm"}, Buy: true, Sale: 18900, Step: 1000},
	{ISO: "122203", Supplier: "Etac Sverige AB", Product: "Cross", Name: "Rullstol Cross 6 sittbredd %v sitthöjd 38-50 brukarvikt 135kg", Variants: []any{38, 42, 45, 48, 50}, Individual: true, Rent: 8900, Sale: 1290000, Step: 150},
	{ISO: "122203", Supplier: "Etac Sverige AB", Product: "Cross", Name: "Rullstol Cross XL sittbredd %v brukarvikt 170kg", Variants: []any{55, 60, 65}, Individual: true, Status: "order_item", Rent: 11200, Sale: 1890000, Step: 250},
}

// moreArticles returns the special articles and the generated assortment (numbers from 40001).
func moreArticles() []article {
	out := append([]article(nil), specialArticles...)
	n := 40000
	for fi, f := range families {
		for vi, v := range f.Variants {
			n++
			a := article{
				Number: fmt.Sprint(n), Name: fmt.Sprintf(f.Name, v), ISO: f.ISO, Supplier: f.Supplier,
				SupplierArt: fmt.Sprintf("%c%c-%d%02d", f.Supplier[0], f.Product[0], 100+fi, vi+1),
				Product:     f.Product, ProductName: f.Product + " " + fmt.Sprint(v), Individual: f.Individual, Buy: f.Buy,
				Status: f.Status, VisionAid: f.VisionAidFamily,
			}
			step := f.Step * int64(vi)
			if !f.Buy {
				a.Rent = f.Rent + step
			}
			a.Sale = f.Sale + step*40
			if f.Buy {
				a.Sale = f.Sale + step
			}
			out = append(out, a)
		}
	}
	return out
}
