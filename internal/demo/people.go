package demo

import (
	"fmt"

	"hjalpmedel/internal/domain"
)

// registryPerson is a person of the demo population registry (CFR). The
// personnummer is built from the birth date and serial with a valid check digit.
type registryPerson struct {
	Birth, Serial  string // YYYYMMDD and three digits (the last one odd for men)
	First, Last    string
	Street, Postal string
	Town, Phone    string
	Protected      bool
	Deceased       string
}

// personnummer returns the 12-digit personnummer with its Luhn check digit.
func (p registryPerson) personnummer() string {
	nine := p.Birth[2:] + p.Serial
	return p.Birth + p.Serial + string(domain.LuhnCheckDigit(nine))
}

// registry are the demo's residents across Norrbotten (besides the test patient).
// Lindberg, Sara Elisabet has protected identity (skyddade personuppgifter).
var registry = []registryPerson{
	{Birth: "19340612", Serial: "213", First: "Åke Evert", Last: "Andersson", Street: "Storgatan 14", Postal: "96131", Town: "BODEN", Phone: "0921-123 45"},
	{Birth: "19311104", Serial: "228", First: "Gunnel Maria", Last: "Nilsson", Street: "Köpmangatan 5", Postal: "97233", Town: "LULEÅ", Phone: "0920-155 32"},
	{Birth: "19450302", Serial: "335", First: "Bertil", Last: "Johansson", Street: "Hjalmar Lundbohmsvägen 22", Postal: "98131", Town: "KIRUNA", Phone: "0980-123 77"},
	{Birth: "19520817", Serial: "446", First: "Sara Elisabet", Last: "Lindberg", Street: "Porsövägen 21", Postal: "97754", Town: "LULEÅ", Phone: "0920-300 12", Protected: true},
	{Birth: "19380921", Serial: "119", First: "Erik Gustav", Last: "Karlsson", Street: "Lasarettsgatan 3", Postal: "98231", Town: "GÄLLIVARE", Phone: "0970-104 20"},
	{Birth: "19290415", Serial: "024", First: "Margit", Last: "Öberg", Street: "Nygatan 9", Postal: "95231", Town: "KALIX", Phone: "0923-101 54"},
	{Birth: "19471230", Serial: "351", First: "Sven-Olof", Last: "Lundström", Street: "Storgatan 40", Postal: "94131", Town: "PITEÅ", Phone: "0911-210 66"},
	{Birth: "19560123", Serial: "262", First: "Kerstin", Last: "Björk", Street: "Varvsgatan 12", Postal: "97234", Town: "LULEÅ", Phone: "0920-224 13"},
	{Birth: "19330708", Serial: "173", First: "Nils Henrik", Last: "Lantto", Street: "Tornedalsvägen 17", Postal: "98431", Town: "PAJALA", Phone: "0978-100 41"},
	{Birth: "19410511", Serial: "084", First: "Ingrid", Last: "Marklund", Street: "Järnvägsgatan 6", Postal: "94231", Town: "ÄLVSBYN", Phone: "0929-112 09"},
	{Birth: "19620909", Serial: "395", First: "Jonas", Last: "Wikström", Street: "Gammelstadsvägen 31", Postal: "95432", Town: "GAMMELSTAD", Phone: "0920-25 40 18"},
	{Birth: "19370202", Serial: "206", First: "Astrid", Last: "Holmgren", Street: "Torget 2", Postal: "93331", Town: "ARVIDSJAUR", Phone: "0960-107 22"},
	{Birth: "19440619", Serial: "417", First: "Lars-Erik", Last: "Isaksson", Street: "Storgatan 21", Postal: "95331", Town: "HAPARANDA", Phone: "0922-110 03"},
	{Birth: "19501125", Serial: "028", First: "Britt-Marie", Last: "Persson", Street: "Kyrkogatan 8", Postal: "96231", Town: "JOKKMOKK", Phone: "0971-102 87"},
	{Birth: "19270330", Serial: "139", First: "Olof", Last: "Nordström", Street: "Västra Skolgatan 4", Postal: "96133", Town: "BODEN", Phone: "0921-140 56"},
	{Birth: "19480714", Serial: "240", First: "Anna-Lena", Last: "Sundqvist", Street: "Skomakargatan 15", Postal: "97231", Town: "LULEÅ", Phone: "0920-133 90"},
	{Birth: "19390827", Serial: "451", First: "Gösta", Last: "Berglund", Street: "Silvervägen 2", Postal: "93831", Town: "ARJEPLOG", Phone: "0961-105 11"},
	{Birth: "19581006", Serial: "062", First: "Eva", Last: "Nyström", Street: "Sandviksgatan 27", Postal: "94133", Town: "PITEÅ", Phone: "0911-155 47"},
	{Birth: "19320118", Serial: "373", First: "Ragnar", Last: "Eriksson", Street: "Lingonstigen 7", Postal: "95631", Town: "ÖVERKALIX", Phone: "0926-101 38"},
	{Birth: "19460402", Serial: "184", First: "Maj-Britt", Last: "Lundgren", Street: "Aapuavägen 5", Postal: "95731", Town: "ÖVERTORNEÅ", Phone: "0927-100 92"},
	{Birth: "19550519", Serial: "295", First: "Per-Anders", Last: "Hedman", Street: "Bergmästaregatan 11", Postal: "98134", Town: "KIRUNA", Phone: "0980-155 24"},
	{Birth: "19401228", Serial: "006", First: "Elsa", Last: "Forsberg", Street: "Malmbergsvägen 19", Postal: "98335", Town: "MALMBERGET", Phone: "0970-201 66"},
	{Birth: "19360603", Serial: "317", First: "Karl-Gustav", Last: "Strand", Street: "Rådhusgatan 10", Postal: "96132", Town: "BODEN", Phone: "0921-177 31"},
	{Birth: "19490916", Serial: "428", First: "Ulla", Last: "Engström", Street: "Stationsgatan 14", Postal: "97238", Town: "LULEÅ", Phone: "0920-189 04"},
	{Birth: "19640210", Serial: "139", First: "Mikael", Last: "Pettersson", Street: "Hamngatan 3", Postal: "94132", Town: "PITEÅ", Phone: "0911-174 55"},
	{Birth: "19300809", Serial: "240", First: "Hildur", Last: "Granström", Street: "Kvarngatan 1", Postal: "95233", Town: "KALIX", Phone: "0923-120 17"},
	{Birth: "19431021", Serial: "251", First: "Tore", Last: "Mäkitalo", Street: "Laestadiusvägen 6", Postal: "98432", Town: "PAJALA", Phone: "0978-120 63"},
	{Birth: "19570307", Serial: "362", First: "Birgitta", Last: "Åström", Street: "Klippgatan 18", Postal: "97245", Town: "LULEÅ", Phone: "0920-212 48"},
	{Birth: "19350125", Serial: "073", First: "Helmer", Last: "Lindqvist", Street: "Skogsvägen 12", Postal: "94233", Town: "ÄLVSBYN", Phone: "0929-130 70"},
	{Birth: "19510612", Serial: "484", First: "Solveig", Last: "Jonsson", Street: "Östra Framnäsvägen 9", Postal: "97331", Town: "LULEÅ", Phone: "0920-240 11"},
	{Birth: "19420218", Serial: "195", First: "Gunnar", Last: "Vikström", Street: "Kyrkbyn 4", Postal: "93391", Town: "ARVIDSJAUR", Phone: "0960-120 45", Deceased: "2025-10-02"},
}

// people loads the registry persons (the test patient is loaded with the base data).
func (l *loader) people() {
	for _, p := range registry {
		pnr := p.personnummer()
		l.person(pnr, p.First, p.Last, p.Street, p.Postal, p.Town, p.Phone, p.Protected)
		if p.Deceased != "" {
			l.exec(`UPDATE persons SET deceased_date = ? WHERE personnummer = ?`, p.Deceased, pnr)
		}
	}
}

// pnr returns the personnummer of the registry person with the given last name.
func (l *loader) pnr(last string) string {
	for _, p := range registry {
		if p.Last == last {
			return p.personnummer()
		}
	}
	l.fail("demo: no registry person %q", last)
	return ""
}

func (l *loader) fail(format string, args ...any) {
	if l.err == nil {
		l.err = fmt.Errorf(format, args...)
	}
}
