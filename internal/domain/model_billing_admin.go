package domain

import "time"

// BillingRun is a row of billing_runs.
type BillingRun struct {
	Month    string // YYYY-MM
	Status   string // open, closed
	RunAt    time.Time
	RunBy    string
	ClosedAt time.Time
	ClosedBy string
	JobID    int64 // the job whose lines the month shows
}

// StoredBillingLine is a row of billing_lines.
type StoredBillingLine struct {
	ID            int64
	Month         string
	Payer         string
	HoldingID     int64
	Kind          string
	Recipient     string
	RecipientName string
	// The recipient is a registry person (not a care unit), with protected
	// identity or not, as read with the line: who must be logged when it is shown.
	RecipientPerson    bool
	RecipientProtected bool
	Article            string
	ArticleName        string
	Unit               string
	From, To           time.Time
	Days               int
	DaysInMonth        int
	Price              Ore // per piece: monthly rent or sales price (before 0009: × quantity)
	Quantity           int
	PriceFrom          time.Time // the day Price is valid from; zero for a correction
	Amount             Ore
	WorkOrder          string // a spare part's work order
	// A correction line: the correction, the closed month and line it corrects, why.
	CorrectionID   int64
	CorrectsMonth  string
	CorrectsLineID int64
	Reason         string
}

// BillingHoldingRow is a holding with what billing needs to know about it.
type BillingHoldingRow struct {
	ID                 int64
	Payer              string
	Customer           string // the customer the holding belongs to (its scope)
	Purpose            string
	Quantity           int
	RentStart          time.Time
	EndDate            time.Time
	DeliveryDate       time.Time
	Transferred        bool
	BoughtBack         bool
	Article            string
	ArticleName        string
	ISO                string // the article's ISO code
	Unit               string
	UnitArticle        string
	UnitPurchase       time.Time
	UnitDeprMonths     int
	Attached           string
	AttachedArticle    string
	AttachedPurchase   time.Time
	AttachedDeprMonths int
	Recipient          string
	RecipientName      string
}

// BillingArticle is what billing needs of an article besides its prices.
type BillingArticle struct {
	Name               string
	ISO                string
	DepreciationMonths int
}

// PriceRow is one price of an article.
type PriceRow struct {
	Article   string
	Kind      string
	Amount    int64
	ValidFrom time.Time
}

// BillingSparePartRow is a spare part of a closed work order, as billing needs it.
type BillingSparePartRow struct {
	WorkOrder     string
	Article       string
	ArticleName   string
	Quantity      int
	ClosedAt      time.Time
	Chargeable    bool
	Unit          string
	Recipient     string
	RecipientName string
	CustomerPayer string // the work order's customer's payer, for a work order without a held unit
}

// BillingCorrection is a row of billing_corrections with the line it corrects.
type BillingCorrection struct {
	ID        int64
	Line      StoredBillingLine // the corrected line of a closed month
	Month     string            // the open month it is billed in
	Amount    Ore
	Reason    string
	CreatedAt time.Time
	CreatedBy string
}

// KindText is the Swedish name of the line's kind.
func (l StoredBillingLine) KindText() string { return LineKindText(l.Kind) }

// CorrectionLine is the line a correction adds to its month: the corrected line's
// payer, recipient, article, unit and period, the amount and the reason.
func CorrectionLine(c BillingCorrection) StoredBillingLine {
	l := c.Line
	return StoredBillingLine{Payer: l.Payer, HoldingID: l.HoldingID, Kind: LineCorrection, Recipient: l.Recipient,
		RecipientName: l.RecipientName, Article: l.Article, ArticleName: l.ArticleName, Unit: l.Unit, From: l.From, To: l.To,
		DaysInMonth: l.DaysInMonth, Price: c.Amount, Quantity: 1, Amount: c.Amount, WorkOrder: l.WorkOrder,
		CorrectionID: c.ID, CorrectsMonth: l.Month, CorrectsLineID: l.ID, Reason: c.Reason}
}

// BillingJob is a row of billing_jobs: one run of a month, computed from a
// snapshot and written in short transactions. The month shows the lines of
// its latest finished job until the next one has written all of its own.
type BillingJob struct {
	ID        int64
	Month     string
	Status    string // running, done, failed
	Processed int    // holdings billed so far
	Total     int    // holdings to bill
	StartedAt time.Time
	StartedBy string
	UpdatedAt time.Time // the job's last sign of life
	EndedAt   time.Time
	Error     string // why it failed, in Swedish
}

// The statuses of a billing job.
const (
	BillingJobRunning = "running"
	BillingJobDone    = "done"
	BillingJobFailed  = "failed"
)

// BillingJobSilent is the error of a job whose process ended while it ran.
const BillingJobSilent = "Körningen avbröts (inget livstecken från den)."

// Percent is how much of the job is done, 0–100 (a job with nothing to bill
// is done when it ends).
func (j BillingJob) Percent() int {
	if j.Total <= 0 {
		if j.Status == BillingJobDone {
			return 100
		}
		return 0
	}
	return min(100, j.Processed*100/j.Total)
}

// BillingSum is the count and sum of a month's lines of one payer and kind.
type BillingSum struct {
	Payer  string
	Kind   string
	Lines  int
	Amount Ore
}
