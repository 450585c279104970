package domain

import (
	"slices"
	"strings"
	"time"
)

// Safety notices and recalls (säkerhetsmeddelande, FSN; SPEC §10.4).

// The actions a notice requires.
const (
	RecallInspect  = "inspect"
	RecallExchange = "exchange"
	RecallPickup   = "pickup"
	RecallInform   = "inform"
)

// RecallActions lists the actions in display order.
var RecallActions = []string{RecallInspect, RecallExchange, RecallPickup, RecallInform}

// RecallActionText is the Swedish name of an action.
func RecallActionText(a string) string {
	switch a {
	case RecallInspect:
		return "Kontroll"
	case RecallExchange:
		return "Utbyte av del eller produkt"
	case RecallPickup:
		return "Hämtning (återkallelse)"
	case RecallInform:
		return "Information till brukaren"
	}
	return a
}

// RecallWorkOrder is the action type and priority of the work orders a notice
// creates: an inspection is planned (5), an exchange the supplier's (6);
// ok is false for the actions that make no work order.
func RecallWorkOrder(action string) (actionType string, priority int, ok bool) {
	switch action {
	case RecallInspect:
		return InspectionActionType, PriorityInspection, true
	case RecallExchange:
		return "corrective", PrioritySupplier, true
	}
	return "", 0, false
}

// MaxRecallUnits is the most units one notice may cover.
const MaxRecallUnits = 50000

// RecallInput is a notice as the admin registers it.
type RecallInput struct {
	Title                      string
	Articles                   []string
	SerialFrom, SerialTo       string
	PurchasedFrom, PurchasedTo string
	Units                      []string
	Action                     string
	Deadline                   string
}

// CheckRecall checks a notice: a title, what it covers (articles, optionally
// narrowed by a serial or purchase-date range, or a list of units), a known
// action and a deadline not before today.
func CheckRecall(in *RecallInput, today time.Time) error {
	in.Title = strings.TrimSpace(in.Title)
	in.Articles = trimmedSet(in.Articles)
	in.Units = trimmedSet(in.Units)
	for _, p := range []*string{&in.SerialFrom, &in.SerialTo, &in.PurchasedFrom, &in.PurchasedTo, &in.Deadline} {
		*p = strings.TrimSpace(*p)
	}
	switch {
	case in.Title == "":
		return Invalid("title", "Ange en rubrik för säkerhetsmeddelandet.")
	case len([]rune(in.Title)) > 200:
		return CheckMaxLength("title", "Rubrik", in.Title, 200)
	case len(in.Articles) == 0 && len(in.Units) == 0:
		return Invalid("articles", "Ange de artiklar eller individer som säkerhetsmeddelandet gäller.")
	case len(in.Units) > 0 && (in.SerialFrom != "" || in.SerialTo != "" || in.PurchasedFrom != "" || in.PurchasedTo != ""):
		return Invalid("units", "Ange antingen en lista med individer eller intervall för serienummer och inköpsdatum, inte båda.")
	case len(in.Units) > MaxRecallUnits:
		return Invalidf("units", "Högst %d individer per säkerhetsmeddelande.", MaxRecallUnits)
	case in.SerialFrom != "" && in.SerialTo != "" && in.SerialFrom > in.SerialTo:
		return Invalid("serialTo", "Serienummer till får inte komma före serienummer från.")
	case !slices.Contains(RecallActions, in.Action):
		return Invalid("action", "Välj åtgärd: kontroll, utbyte, hämtning eller information.")
	}
	for _, d := range []struct{ field, v string }{{"purchasedFrom", in.PurchasedFrom}, {"purchasedTo", in.PurchasedTo}, {"deadline", in.Deadline}} {
		if d.v != "" && ParseDate(d.v).IsZero() {
			return Invalid(d.field, "Ange datum som ÅÅÅÅ-MM-DD.")
		}
	}
	switch {
	case in.PurchasedFrom != "" && in.PurchasedTo != "" && in.PurchasedFrom > in.PurchasedTo:
		return Invalid("purchasedTo", "Inköpsdatum till får inte vara före inköpsdatum från.")
	case in.Deadline == "":
		return Invalid("deadline", "Ange sista dag för åtgärden.")
	case ParseDate(in.Deadline).Before(DateOf(today)):
		return Invalid("deadline", "Sista dag för åtgärden kan inte vara före i dag.")
	}
	return nil
}

func trimmedSet(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// The places an affected unit can be.
const (
	LocationPatient        = "patient"
	LocationCareUnit       = "care_unit"
	LocationLocalStore     = "local_store"
	LocationStock          = "stock"
	LocationReconditioning = "reconditioning"
	LocationInService      = "in_service"
	LocationScrapped       = "scrapped"
)

// RecallLocation is where a unit is: with a patient, a care unit (its local
// store when it has one), or at the centre by the unit's status.
func RecallLocation(unitStatus, holderPersonnummer, holderCustomer string, localStore bool) string {
	switch {
	case holderPersonnummer != "":
		return LocationPatient
	case holderCustomer != "" && localStore:
		return LocationLocalStore
	case holderCustomer != "":
		return LocationCareUnit
	}
	switch unitStatus {
	case "reconditioning":
		return LocationReconditioning
	case "in_service":
		return LocationInService
	case "scrapped":
		return LocationScrapped
	}
	return LocationStock
}

// LocationText is the Swedish name of a location.
func LocationText(l string) string {
	switch l {
	case LocationPatient:
		return "Hos patient"
	case LocationCareUnit:
		return "Hos vårdenhet"
	case LocationLocalStore:
		return "I närförråd"
	case LocationStock:
		return "I lager"
	case LocationReconditioning:
		return "Rekonditionering"
	case LocationInService:
		return "På service"
	case LocationScrapped:
		return "Skrotad"
	}
	return l
}

// RecallUnitState is what decides whether an affected unit is done.
type RecallUnitState struct {
	Location          string
	Executed          bool   // the notice's action has been carried out
	Action            string // the notice's action
	WorkOrderStatus   string // of the work order made for the unit, if any
	PickupOrderStatus string // of the pickup order made for the unit, if any
	Blocked           bool   // the unit still has the notice's block
}

// RecallUnitDone reports whether an affected unit is dealt with: scrapped; its
// work order closed; its pickup order closed; informed (once the notice is
// executed); or, at the centre, released from the notice's block after the check.
func RecallUnitDone(s RecallUnitState) bool {
	switch {
	case s.Location == LocationScrapped:
		return true
	case s.WorkOrderStatus != "":
		return s.WorkOrderStatus == "closed"
	case s.PickupOrderStatus != "":
		return s.PickupOrderStatus == "closed"
	case s.Location == LocationPatient || s.Location == LocationCareUnit || s.Location == LocationLocalStore:
		return s.Executed && s.Action == RecallInform
	}
	return !s.Blocked
}

// RecallProgress counts a notice's units: done, open, and open past the deadline.
type RecallProgress struct {
	Total, Done, Open, Overdue int
}
