package domain

import "time"

// Deviation is a reported deviation or complaint (SPEC §10.3) with the names
// of what it links to.
type Deviation struct {
	ID                  int64
	Type                string // DeviationIncident, …
	Status              string // DeviationRegistered, …
	EventDate           string // YYYY-MM-DD
	Description         string
	Harm                bool
	Unit                string
	UnitSerial          string
	Article             string
	ArticleName         string
	SupplierName        string
	Order               string
	WorkOrder           string
	Personnummer        string
	PatientName         string // "Efternamn, Förnamn"
	PatientProtected    bool
	Customer            string
	CustomerName        string
	ReporterID          int64
	ReporterUsername    string
	ReporterName        string
	RegisteredAt        time.Time
	ReportedToSupplier  string // YYYY-MM-DD or empty
	ReportedToAuthority string
	Outcome             string
	UpdatedAt           time.Time
}

// DeviationEvent is one status change of a deviation.
type DeviationEvent struct {
	At       time.Time
	Status   string
	Username string
	Comment  string
}

// DeviationFilter selects deviations for the list. ReporterID or Customers
// limit it to what a prescriber sees (their own reports and their customers');
// Scoped says whether that limit applies.
type DeviationFilter struct {
	Status, Type string
	Text         string // unit, serial, article number or a word of the description
	Scoped       bool
	ReporterID   int64
	Customers    []string
	Limit        int
}

// Attachment is a file attached to a deviation or a work order (§10.6);
// Data is only read when it is downloaded.
type Attachment struct {
	ID          int64
	Document    string // AttachmentOfDeviation, AttachmentOfWorkOrder
	DocumentRef string // the deviation's id, the work order's number
	Filename    string
	ContentType string
	Size        int64
	Data        []byte
	UploadedAt  time.Time
	UploadedBy  string
}
