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
		// billing lines: what each is
		"Komponent": "Component", "Kreditering (återköp)": "Credit (buy-back)", "Rättelse": "Correction", "Reservdel": "Spare part",
		"AO": "WO", "Rättar": "Corrects", "rad": "line", "Rätta": "Correct",
		"Varje rad säger vad den är (hyra, komponent, köp, kreditering vid återköp, rättelse, reservdel), vilka dagar och vilket pris som gällde från vilket datum. Hyra = pris × antal × dagar ÷ dagar i månaden. En stängd månads rader ändras aldrig: Rätta lägger en rättelse i nästa öppna månad.": "Each line says what it is (rent, component, purchase, buy-back credit, correction, spare part), which days and which price applied from which date. Rent = price × quantity × days ÷ days in the month. A closed month's lines never change: Correct adds a correction to the next open month.",
		// återköp
		"Köpt beställningsvara tas inte tillbaka (återköp gäller bara lagervaror).":               "A purchased order item is not taken back (buy-back applies only to stocked articles).",
		"Köpt %s och tas inte tillbaka: återköp gäller %d dagar efter leverans, till och med %s.": "Purchased %s and not taken back: buy-back applies for %d days after delivery, up to and including %s.",
		// spare parts on work orders
		"Skada/felanvändning": "Damage/misuse", "Reservdelar debiteras (skada/felanvändning)": "Spare parts are billed (damage/misuse)",
		"Reservdelar": "Spare parts", "Artikelnummer för reservdel": "Article number of the spare part", "Lager (frivilligt)": "Warehouse (optional)",
		"Tomt: kundens lager.": "Empty: the customer's warehouse.", "Registrera reservdel": "Register spare part",
		"Reservdelen är registrerad och tagen ur lager.":                                                                    "The spare part is registered and taken from stock.",
		"Åtgärdstypen debiteras: reservdelarna faktureras betalaren till försäljningspriset den dag arbetsordern avslutas.": "The action type is chargeable: the spare parts are billed to the payer at the sales price on the day the work order is closed.",
		"Reservdelarna bekostas av hjälpmedelscentralen (faktureras inte).":                                                 "The spare parts are paid by the assistive technology centre (not billed).",
		"Ange ett antal mellan 1 och 1000.":                                                                                 "Enter a quantity between 1 and 1000.",
		"Artikel %s är individmärkt och kan inte tas som reservdel.":                                                        "Article %s is tracked as units and cannot be taken as a spare part.",
		"Rättelser som faktureras denna månad":                                                                              "Corrections billed this month",
		"Återköp krediteras samma månad som returen, reservdelar på arbetsordrar med en åtgärdstyp som debiteras faktureras den månad arbetsordern avslutas, och rättelser av stängda månader blir rader i nästa öppna månad.": "Buy-backs are credited in the month of the return, spare parts of work orders whose action type is chargeable are billed in the month the work order is closed, and corrections of closed months become lines of the next open month.",
		"Typen av åtgärd finns inte.": "The type of action does not exist.",
		"Individ eller hjälpmedel":    "Unit or aid", "hjälpmedel": "aid",
		// correction (rättelse)
		"Raden som rättas": "The line corrected", "Belopp (kr)": "Amount (SEK)", "Registrera rättelse": "Register correction",
		"Det belopp som ska läggas till, till exempel 15,10, eller dras av, till exempel -15,10.":                                                 "The amount to add, for example 15.10, or to deduct, for example -15.10.",
		"Till exempel: återlämning registrerad för sent, hämtad 2026-02-20.":                                                                      "For example: return registered too late, picked up 2026-02-20.",
		"En stängd månads rader ändras aldrig. En rättelse blir en rad i nästa öppna månad som visar vilken månad och rad den rättar och varför.": "A closed month's lines never change. A correction becomes a line of the next open month that shows which month and line it corrects and why.",
		"Rättelsen är registrerad som en rad i nästa öppna månad.":                                                                                "The correction is registered as a line of the next open month.",
		"Fakturaraden finns inte.": "The billing line does not exist.", "Ange belopp.": "Enter the amount.",
		"Beloppet kan inte vara noll.": "The amount cannot be zero.", "Ange orsak till rättelsen.": "Enter the reason for the correction.",
		"Fakturaraden hör till %s, som inte är stängd: kör om faktureringen i stället för att rätta.": "The billing line belongs to %s, which is not closed: run billing again instead of correcting.",
	})
}
