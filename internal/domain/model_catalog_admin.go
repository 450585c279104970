package domain

import "time"

// CatalogArticle is a row of articles as the catalogue administration edits it.
type CatalogArticle struct {
	Number                string
	Name                  string
	UnitOfMeasure         string
	ISOCode               string
	SupplierID            int64
	SupplierName          string
	SupplierArticleNumber string
	Product               string
	ProductName           string
	Status                string // stocked, order_item, discontinued
	InAssortment          bool
	Individual            bool
	Purpose               string // rent, buy
	DepreciationMonths    int
	ServiceLevel          string
	Responsibility        string
	VisionAid             bool
	NotOrderable          bool
	NotOrderableText      string
	LeadTimeDays          int
	InspectionMonths      int // FU interval; 0: no planned inspection
	Description           string
	FitSide               Side   // the side a component is mounted on (SPEC §10.11)
	Size                  string // a main aid's size, or the sizes a component fits (FitPart.Size)
	CreatedAt, UpdatedAt  time.Time
}

// CatalogFilter selects articles for the administration list.
type CatalogFilter struct {
	Text  string // article number prefix or words of the name
	Limit int
}

// Supplier is a row of suppliers.
type Supplier struct {
	ID                 int64
	Name, Phone, Email string
}

// ArticlePrice is a row of article_prices.
type ArticlePrice struct {
	ID        int64
	Kind      string // rent, sale
	Amount    Ore
	ValidFrom time.Time
	CreatedAt time.Time
	CreatedBy string
}

// ArticleListItem is an article number with a quantity, in a base configuration or a list.
type ArticleListItem struct {
	Article  string
	Name     string
	Quantity int
}

// CatalogTemplate is a named list of accessories for an article ("Vanligaste tillbehören").
type CatalogTemplate struct {
	ID    int64
	Name  string
	Items []ArticleListItem
}

// ReplacementChain is an ordered list of articles; the first is the oldest generation.
type ReplacementChain struct {
	ID       int64
	Name     string
	Articles []ArticleListItem
}

// ArticleFile is a picture or user manual stored with an article.
type ArticleFile struct {
	Kind        string // picture, manual
	Filename    string
	ContentType string
	Data        []byte
	Size        int
	UploadedAt  time.Time
}
