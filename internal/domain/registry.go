package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Population-register events (SPEC §10.8): the region's registry tells the
// centre that a person died, moved, changed name or address, or got or lost a
// protected identity. The rule here decides what an event does; the service
// does it in one transaction, once per event id.

// The registry event types.
const (
	EventDeceased         = "deceased"
	EventAddressChanged   = "address_changed"
	EventNameChanged      = "name_changed"
	EventProtectedSet     = "protected_set"
	EventProtectedRemoved = "protected_removed"
	EventMovedOut         = "moved_out"
)

// RegistryEventTypes are the types in the order the API documents them.
var RegistryEventTypes = []string{EventDeceased, EventAddressChanged, EventNameChanged, EventProtectedSet, EventProtectedRemoved, EventMovedOut}

// RegistryEventText is the Swedish name of an event type.
func RegistryEventText(t string) string {
	switch t {
	case EventDeceased:
		return "Avliden"
	case EventAddressChanged:
		return "Ny adress"
	case EventNameChanged:
		return "Nytt namn"
	case EventProtectedSet:
		return "Skyddade personuppgifter"
	case EventProtectedRemoved:
		return "Skyddade personuppgifter upphör"
	case EventMovedOut:
		return "Utflyttad"
	}
	return t
}

// MaxRegistryEventID is the longest event id kept, in characters.
const MaxRegistryEventID = 100

// RegistryEventInput is an event as the registry sends it.
type RegistryEventInput struct {
	ID, Type, Personnummer, Date string
	FirstName, LastName          string // name_changed
	Street, PostalCode, Town     string // address_changed
}

// RegistryEvent is a checked event.
type RegistryEvent struct {
	ID           string
	Type         string
	Personnummer Personnummer
	Date         time.Time
	FirstName    string
	LastName     string
	Street       string
	PostalCode   string // five digits
	Town         string // upper case, as the registry writes it
}

// ParseRegistryEvent checks an event: a known type, a valid personnummer, a
// date not after today, and the fields its type needs. Every problem is named
// by its field.
func ParseRegistryEvent(in RegistryEventInput, today time.Time) (RegistryEvent, error) {
	p := map[string]*Error{}
	e := RegistryEvent{ID: strings.TrimSpace(in.ID), Type: strings.TrimSpace(in.Type), FirstName: strings.TrimSpace(in.FirstName),
		LastName: strings.TrimSpace(in.LastName), Street: strings.TrimSpace(in.Street), Town: strings.ToUpper(strings.TrimSpace(in.Town)),
		PostalCode: strings.ReplaceAll(strings.TrimSpace(in.PostalCode), " ", "")}
	switch {
	case e.ID == "":
		p["id"] = Invalid("id", "Händelsen saknar id.")
	case utf8.RuneCountInString(e.ID) > MaxRegistryEventID || !printable(e.ID):
		p["id"] = Invalidf("id", "Händelsens id får vara högst %d tecken utan styrtecken.", MaxRegistryEventID)
	}
	known := false
	for _, t := range RegistryEventTypes {
		known = known || t == e.Type
	}
	if !known {
		p["type"] = Invalidf("type", "Okänd händelsetyp %q: ange deceased, address_changed, name_changed, protected_set, protected_removed eller moved_out.", e.Type)
	}
	if pnr, err := ParsePersonnummer(in.Personnummer); err != nil {
		p["personnummer"] = err.(*Error)
	} else {
		e.Personnummer = pnr
	}
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(in.Date)); err != nil {
		p["date"] = Invalid("date", "Ange datumet som ÅÅÅÅ-MM-DD.")
	} else if d.After(today) {
		p["date"] = Invalidf("date", "Datumet %s ligger efter i dag.", d.Format(time.DateOnly))
	} else {
		e.Date = d
	}
	switch e.Type {
	case EventNameChanged:
		for field, v := range map[string]string{"firstName": e.FirstName, "lastName": e.LastName} {
			if v == "" || !printable(v) || utf8.RuneCountInString(v) > 100 {
				p[field] = Invalid(field, "Ange förnamn och efternamn, högst 100 tecken vardera.")
			}
		}
	case EventAddressChanged:
		if e.Street == "" || e.Town == "" || !printable(e.Street+e.Town) || utf8.RuneCountInString(e.Street) > 100 || utf8.RuneCountInString(e.Town) > 100 {
			p["address"] = Invalid("address", "Ange gatuadress, postnummer och postort.")
		}
		if len(e.PostalCode) != 5 || strings.Trim(e.PostalCode, "0123456789") != "" {
			p["address"] = Invalid("address", "Ange gatuadress, postnummer (fem siffror) och postort.")
		}
	}
	return e, joinProblems(p)
}

// joinProblems returns the problems as one EInvalid error (nil if none): one
// problem as it is, several under a summary with every field's message.
func joinProblems(p map[string]*Error) error {
	if len(p) == 0 {
		return nil
	}
	if len(p) == 1 {
		for _, e := range p {
			return e
		}
	}
	e := &Error{Code: EInvalid, Message: "Kontrollera de markerade fälten.", Fields: map[string]string{}, FieldFormats: map[string]Formatted{}}
	for k, fe := range p {
		e.Fields[k] = fe.Message
		if fe.Format != "" {
			e.FieldFormats[k] = fe.Formatted
		}
	}
	return e
}

// RegistryPerson is what the rule needs to know of the person now.
type RegistryPerson struct {
	Protected bool
	Deceased  time.Time // zero: alive
}

// RegistryPlan is what an event does.
type RegistryPlan struct {
	SetName    bool // first and last name from the event
	SetAddress bool // street, postal code and town from the event
	// SetProtected sets (true) or removes (false) the protected identity when
	// ChangeProtected.
	ChangeProtected, SetProtected bool
	// RerouteDocuments moves every order, pickup order and work order of the
	// person that goes to their home onto the customer's address, and blanks
	// their phone wherever a document copied it.
	RerouteDocuments bool
	SetDeceased      bool
	// ProposePickup proposes pickup of everything the person holds, with
	// PickupReason (a PickupReasons code) and PickupInformation; with
	// RentStopsAtPickup the rent stops at the pickup date.
	ProposePickup     bool
	PickupReason      string
	PickupInformation Formatted
	RentStopsAtPickup bool
	// NotifyPrescribers messages every prescriber who ordered for the person.
	NotifyPrescribers bool
	// FlagOpenOrders marks the open orders delivered to the person's home: their
	// delivery address is to be checked.
	FlagOpenOrders bool
}

// PlanRegistryEvent decides what an event does to a person:
//   - deceased: the date is kept; pickup of everything held is proposed (rent
//     stops at the pickup date) and the prescribers are told — once: a second
//     death event only corrects the date;
//   - moved_out: pickup is proposed and the prescribers told, unless the person
//     has died (the death's proposals stand);
//   - address_changed: the new address, and the open home deliveries flagged —
//     not for a protected person, whose address is never used;
//   - name_changed: the new name;
//   - protected_set: protected, and every document that goes to their home goes
//     via the customer instead (also when already protected: the documents are
//     checked again);
//   - protected_removed: not protected; documents stay with the customer.
func PlanRegistryEvent(e RegistryEvent, p RegistryPerson) RegistryPlan {
	switch e.Type {
	case EventDeceased:
		if !p.Deceased.IsZero() {
			return RegistryPlan{SetDeceased: true}
		}
		return RegistryPlan{SetDeceased: true, ProposePickup: true, PickupReason: "deceased", RentStopsAtPickup: true,
			PickupInformation: Msgf("Avliden %s enligt folkbokföringen.", e.Date.Format(time.DateOnly)), NotifyPrescribers: true}
	case EventMovedOut:
		if !p.Deceased.IsZero() {
			return RegistryPlan{}
		}
		return RegistryPlan{ProposePickup: true, PickupReason: "other", NotifyPrescribers: true,
			PickupInformation: Msgf("Utflyttad ur regionen %s enligt folkbokföringen.", e.Date.Format(time.DateOnly))}
	case EventAddressChanged:
		return RegistryPlan{SetAddress: true, FlagOpenOrders: !p.Protected}
	case EventNameChanged:
		return RegistryPlan{SetName: true}
	case EventProtectedSet:
		return RegistryPlan{ChangeProtected: true, SetProtected: true, RerouteDocuments: true}
	case EventProtectedRemoved:
		return RegistryPlan{ChangeProtected: true}
	}
	return RegistryPlan{}
}

// PickupRentEnd is the day a holding collected by a pickup order ends (rent
// stops): the day it is received, or for a pickup order of a death the pickup
// date when that came first. A day inside a closed billing month (latestClosed:
// its first day; zero: none closed) becomes the first open day, as a closed
// month never changes.
func PickupRentEnd(received, pickupDate time.Time, rentStopsAtPickup bool, latestClosed time.Time) time.Time {
	end := received
	if rentStopsAtPickup && !pickupDate.IsZero() && pickupDate.Before(received) {
		end = pickupDate
	}
	if !latestClosed.IsZero() {
		if open := latestClosed.AddDate(0, 1, 0); end.Before(open) {
			end = open
		}
	}
	if end.After(received) {
		end = received
	}
	return end
}
