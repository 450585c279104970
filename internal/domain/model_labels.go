package domain

// UnitLabel is what a unit's label shows (SPEC §10.9: unit number as Code 128
// and QR, article, serial number, the centre's warehouse), and the customer of
// the holding, which decides who besides the back office may print it.
type UnitLabel struct {
	Number, Article, ArticleName, Serial string
	Warehouse, WarehouseName             string
	Customer                             string // the holding's customer; "" when nobody holds the unit
}
