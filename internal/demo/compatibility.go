package demo

import (
	"fmt"

	"hjalpmedel/internal/domain"
)

// Compatibility of components and accessory suggestions (SPEC §10.11) in the demo.

// headset is a component for the test patient's voice amplifier 75082 (25800)
// that does not fit her telephone connector 104901 (23993): Kompl. individ
// shows why.
var headset = article{Number: "33150", Name: "Headset till röstförstärkare Falck 1005", ISO: "220903",
	Supplier: "Falck Hjälpmedel AB", SupplierArt: "F-1005-HS", Product: "Falck", ProductName: "Headset Falck 1005", Rent: 350, Sale: 14900}

// The fit data of Rullstol Cross 11109 and its accessories: its seat width 40,
// the armrests' and footplates' sides, and what fits only the Cross.
var (
	demoSizes = map[string]string{"11109": "40", "22876": "40", "13891": "40", "13892": "40", "19922": "40", "18250": "38-42"}
	demoSides = map[string]domain.Side{"11336": domain.SideRight, "11338": domain.SideLeft, "13892": domain.SideRight,
		"13891": domain.SideLeft, "38415": domain.SideLeft}
	demoFits = map[string][]string{"11336": {"11109"}, "11338": {"11109"}, "17346": {"11109"}, "19922": {"11109", "22876"},
		"17944": {"11109"}, "38415": {"11109"}, headset.Number: {"25800"}}
)

// compatibility stores the fit data.
func (l *loader) compatibility() {
	for a, size := range demoSizes {
		l.exec(`UPDATE articles SET size = ? WHERE number = ?`, size, a)
	}
	for a, side := range demoSides {
		l.exec(`UPDATE articles SET fit_side = ? WHERE number = ?`, string(side), a)
	}
	for a, mains := range demoFits {
		for _, m := range mains {
			l.exec(`INSERT INTO article_fits (article_number, main_article) VALUES (?, ?)`, a, m)
		}
	}
}

// suggestionOrders are Kerstin Berg-Nilsson's orders of Rullstol Cross for
// Hälsocentralen Gammelstad's own store over the last two years, with the
// accessories she chose; customer service cancelled each when the centre lent
// a chair from the region's store instead. What prescribers chose still counts
// in "Ofta beställt tillsammans med 11109", with Johansson's delivered Cross.
func (l *loader) suggestionOrders() {
	base := make([]string, 0, len(crossBase))
	for _, c := range crossBase {
		base = append(base, c.Component)
	}
	for i, acc := range [][]string{{"17346", "19922"}, {"17346", "18250"}, {"19922", "17346"}, {"19922"}, {"25052"}} {
		// 13 to 21 months ago: inside the suggestions' 24 months, in an earlier
		// year than the demo's own current-year numbers.
		day := l.now.AddDate(0, -13-2*i, 0)
		number := domain.FormatDocNumber(day.Year(), int64(9001+i))
		l.deliver(delivered{Number: number, CareUnit: "3110", Customer: "3110", Prescriber: l.users["K082KBN"],
			OrderDate: domain.FormatDate(day), Delivery: domain.FormatDate(day.AddDate(0, 0, 7)), Cancelled: domain.FormatDate(day.AddDate(0, 0, 2)),
			Lines: []line{{Article: "11109", Components: base, Accessories: acc}}})
	}
	if l.err == nil {
		if err := l.q.RebuildAccessoryPairs(l.ctx); err != nil {
			l.err = fmt.Errorf("demo: accessory suggestions: %w", err)
		}
	}
}
