package domain

import "time"

// InspectionUnit is a held unit of an article with an inspection interval, as
// the FU due list shows it.
type InspectionUnit struct {
	Unit, Serial      string
	Article           string
	ArticleName       string
	Months            int    // the article's interval
	LastFU            string // YYYY-MM-DD or empty
	LastResult        string // InspectionApproved, InspectionFailed or empty
	Blocked           bool
	Delivered         string // the current holding's delivery date
	Personnummer      string // the holder, a patient …
	PatientName       string
	PatientProtected  bool
	RecipientCustomer string // … or a care unit
	Customer          string
	CustomerName      string
	PrescriberID      int64
	DepartmentID      int64  // the prescriber's service department (utföres av), 0 if none
	OpenWorkOrder     string // an open inspection work order of the unit
	Next              time.Time
}
