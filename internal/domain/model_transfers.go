package domain

import "time"

// TransferHolding is a holding as a transfer shows and moves it.
type TransferHolding struct {
	ID                    int64
	RecipientPersonnummer string
	RecipientCustomer     string
	Article               string
	ArticleName           string
	Unit                  string
	AttachedUnit          string // a component holding attached to this unit
	Quantity              int
	Customer              string
	CustomerName          string
	CustomerLocalStore    bool
	Payer                 string
	PayerName             string
	PrescriberID          int64
	Owner                 string
	DebitForm             string
	Purpose               string
	OrderLineID           int64
	OrderDate             string
	DeliveryDate          string
	RentStart             time.Time
	EndDate               time.Time
	EndReason             string
}

// TransferParty is a patient or a care unit as a transfer shows it.
type TransferParty struct {
	Personnummer string
	Customer     string
	Name         string
	Street       string
	PostalCode   string
	Town         string
	Protected    bool // skyddade personuppgifter: the address is never shown
	Deceased     string
	LocalStore   bool
	Active       bool
	DefaultPayer string
	PayerName    string
}

// Transfer is a row of transfers with the names a list shows.
type Transfer struct {
	ID                    int64
	Status                string // sent, accepted, rejected, unlocked (locked is derived)
	FromUserID            int64
	FromUsername          string
	FromName              string
	ToUserID              int64
	ToUsername            string
	ToName                string
	RecipientPersonnummer string
	RecipientCustomer     string
	RecipientName         string
	BMBDate               time.Time
	Message               string
	PatientToPatient      bool
	SentAt                time.Time
	AnsweredAt            time.Time
	AnswerMessage         string
	NewCustomer           string
	NewPayer              string
	UnlockedAt            time.Time
	UnlockedBy            string
}

// TransferFilter selects transfers; zero fields do not filter.
type TransferFilter struct {
	ToUserID     int64
	FromUserID   int64
	Status       string    // stored status
	SentAfter    time.Time // sent_at > SentAfter (still open when Status is sent)
	SentAtOrUpTo time.Time // sent_at <= SentAtOrUpTo (locked when Status is sent)
	Personnummer string    // the patient the holdings go to or come from
	Name         string    // that patient's name, "Efternamn Förnamn" as in CFR
	Customer     string    // the care unit the holdings go to or come from, or the new customer
	From, To     time.Time // sent at or after From and before To (zero: open)
	Limit        int
}

// NewTransfer is what CreateTransfer stores.
type NewTransfer struct {
	FromUserID, ToUserID                     int64
	RecipientPersonnummer, RecipientCustomer string
	BMBDate                                  time.Time
	Message                                  string
	PatientToPatient                         bool
	SentAt                                   time.Time
	Holdings                                 []int64
}

// TransferredHolding is the new holding that replaces one on acceptance.
type TransferredHolding struct {
	From                                     TransferHolding
	RecipientPersonnummer, RecipientCustomer string
	Customer, Payer                          string
	PrescriberID                             int64
	RentStart                                time.Time
}
