package domain

// Swedish display texts of the enumerations the API shows as English codes
// (SPEC §9: "status": "scrapped", "statusText": "Skrotad 2011-09-28").

// ArticleStatuses are an article's statuses (Lagervara, Beställningsvara, Utgått).
var ArticleStatuses = []string{"stocked", "order_item", "discontinued"}

// Purposes are the purposes of a prescription (Hyra, Köp).
var Purposes = []string{"rent", "buy"}

// ArticleStatusText is the text of an article status.
func ArticleStatusText(code string) string {
	switch code {
	case "stocked":
		return "Lagervara"
	case "order_item":
		return "Beställningsvara"
	case "discontinued":
		return "Utgått"
	}
	return code
}

// UnitStatusText is the text of a unit status, with its date where the manual shows one
// ("Skrotad 2011-09-28").
func UnitStatusText(code, date string) string {
	text := code
	switch code {
	case "in_stock":
		text = "I lager"
	case "reserved":
		text = "Reserverad"
	case "delivered":
		text = "Utlämnad"
	case "in_service":
		text = "På service"
	case "reconditioning":
		text = "Rekonditionering"
	case "scrapped":
		text = "Skrotad"
	}
	if date != "" {
		text += " " + date
	}
	return text
}

// PurposeText is the text of a purpose (förskrivningssyfte).
func PurposeText(code string) string {
	switch code {
	case "rent":
		return "Hyra"
	case "buy":
		return "Köp"
	}
	return code
}

// DocumentStatusText is the text of an order, work-order, pickup-order or purchase-order status.
func DocumentStatusText(code string) string {
	switch code {
	case "draft":
		return "Ej verkställd"
	case "registered":
		return "Registrerad"
	case "partly_delivered":
		return "Dellevererad"
	case "partly_received":
		return "Delvis mottagen"
	case "delivered":
		return "Levererad"
	case "started":
		return "Påbörjad"
	case "closed":
		return "Stängd"
	case "cancelled":
		return "Makulerad"
	case "open":
		return "Öppen"
	}
	return code
}

// UnitEventText is the text of a kind of event in a unit's history (Individkort,
// Historik), so that no one reads a code.
func UnitEventText(kind string) string {
	switch kind {
	case "received":
		return "Inleverans"
	case "delivered":
		return "Utlevererad"
	case "returned":
		return "Återlämnad"
	case "reconditioned":
		return "Rekonditionerad"
	case "scrapped":
		return "Skrotad"
	case "moved":
		return "Flyttad"
	case "transferred":
		return "BMB"
	case "handed_out":
		return "Utlämnad ur förråd"
	case "maintenance":
		return "Underhåll"
	case "workorder":
		return "Arbetsorder avslutad"
	case "component":
		return "Komponent kopplad"
	case "component_detached":
		return "Komponent lossad"
	case "adaptation":
		return "Specialanpassning"
	case "blocked":
		return "Spärrad"
	case "unblocked":
		return "Spärr hävd"
	case "lost":
		return "Saknad vid inventering"
	case "found":
		return "Återfunnen vid inventering"
	}
	return kind
}

// MovementTypes are the kinds (reasons) of stock-journal rows.
var MovementTypes = []string{"receipt", "delivery", "reserve", "release", "move", "count", "correction", "return", "detach", "work_order"}

// MovementTypeText is the text of a kind of stock-journal row.
func MovementTypeText(code string) string {
	switch code {
	case "receipt":
		return "Inleverans"
	case "delivery":
		return "Utleverans"
	case "reserve":
		return "Reservation"
	case "release":
		return "Reservation hävd"
	case "move":
		return "Flytt mellan lager"
	case "count":
		return "Inventering"
	case "correction":
		return "Saldokorrigering"
	case "return":
		return "Retur till lager"
	case "detach":
		return "Komponent lossad"
	case "work_order":
		return "Reservdel till arbetsorder"
	}
	return code
}

// CountStatusText is the text of a count session's status.
func CountStatusText(code string) string {
	switch code {
	case CountOpen:
		return "Pågår"
	case CountApproved:
		return "Godkänd"
	case CountCancelled:
		return "Makulerad"
	}
	return code
}

// LineStatusText is the text of an order line's status.
func LineStatusText(code string) string {
	switch code {
	case "open":
		return "Öppen"
	case "delivered":
		return "Levererad"
	case "cancelled":
		return "Makulerad"
	}
	return code
}

// BillingRunStatusText is the text of a billing month's status: open until it
// is closed; notRun while its first run has not finished.
func BillingRunStatusText(code string) string {
	switch code {
	case "closed":
		return "Stängd"
	case BillingNotRun:
		return "Inte körd"
	}
	return "Öppen"
}

// BillingNotRun is the status of a month whose first run has not finished.
const BillingNotRun = "notRun"

// BillingJobStatusText is the text of a billing job's status.
func BillingJobStatusText(code string) string {
	switch code {
	case BillingJobRunning:
		return "Pågår"
	case BillingJobDone:
		return "Klar"
	case BillingJobFailed:
		return "Misslyckades"
	}
	return code
}
