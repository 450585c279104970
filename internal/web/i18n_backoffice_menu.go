package web

// English for back-office menu items that landed without a translation, so that
// the catalogue test passes; the back-office catalogue may override these.
func init() {
	addEnglish(map[string]string{
		"Saldo och reservationer": "Balances and reservations",
		"Flytta mellan lager":     "Move between warehouses",
		"Inventering":             "Stocktaking",
		"Individhistorik":         "Unit history",
		"Register":                "Registers",
		"Turbilar":                "Delivery routes",
		"Serviceavdelningar":      "Service departments",
		"Orsaker till hämtning":   "Pickup reasons",
		"Katalog":                 "Catalogue",
		"Ny artikel":              "New article",
		"Ersättningskedjor":       "Replacement chains",
		"Import och export (CSV)": "Import and export (CSV)",
	})
}
