package web

// English for SPEC §7 as amended (issue 11): ended months, the closed-month
// guard, corrections, återköp and spare parts.
func init() {
	addEnglish(map[string]string{
		"ÅÅÅÅ-MM, till exempel 2026-10. En månad kan köras från första dagen i nästa månad, och om igen tills den är stängd.":                                                                                                                          "YYYY-MM, for example 2026-10. A month can be run from the first day of the next month, and again until it is closed.",
		"Att stänga månaden fryser den och alla tidigare månader: ingen ändring daterad på eller före månadens sista dag tas emot (BMB-datum, priser, leveranser, återlämningar, inköpsdatum, avskrivning). Rättelser blir rader i nästa öppna månad.": "Closing the month freezes it and every earlier month: no change dated on or before its last day is accepted (transfer date, prices, deliveries, returns, purchase date, depreciation). Corrections become lines in the next open month.",
		// formats
		"%s %d har inte tagit slut: faktureringen för den kan köras från %s.":                                            "%s %d has not ended: it can be billed from %s.",
		"%s %d är stängd för fakturering: %s %s ligger på eller före %s. Den månaden och alla tidigare kan inte ändras.": "%s %d is closed for billing: %s %s is on or before %s. That month and every earlier one cannot be changed.",
		// month names (April, September, November and December are the same) and the dates the guard names (domain.Term)
		"Januari": "January", "Februari": "February", "Mars": "March", "Maj": "May", "Juni": "June",
		"Juli": "July", "Augusti": "August", "Oktober": "October",
		"Prisets startdatum": "The price's valid-from date", "Återlämningsdatum": "Return date", "Avskrivningsdatum": "Depreciation date",
		"Faktureringsmånaden": "The billing month",
	})
}
