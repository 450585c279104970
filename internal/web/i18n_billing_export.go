package web

// English for the finance export (SPEC §10.8): the billing settings and the SIE file.
func init() {
	addEnglish(map[string]string{
		"Inställningar för fakturering":                                           "Billing settings",
		"Inställningarna för fakturering är sparade.":                             "The billing settings are saved.",
		"Ladda ner SIE-fil":                                                       "Download SIE file",
		"(SIE 4 för ekonomisystemet, en verifikation per betalare)":               "(SIE 4 for the finance system, one voucher per payer)",
		"Uppgifter om organisationen":                                             "About the organisation",
		"Organisationsnummer":                                                     "Organisation number",
		"NNNNNN-NNNN, till exempel 232100-0230. Står i SIE-filen (#ORGNR).":       "NNNNNN-NNNN, for example 232100-0230. Written in the SIE file (#ORGNR).",
		"Företagsnamn":                                                            "Company name",
		"Som i ekonomisystemet (#FNAMN).":                                         "As in the finance system (#FNAMN).",
		"Verifikationsserie":                                                      "Voucher series",
		"1–4 bokstäver eller siffror. Ekonomisystemet numrerar verifikationerna.": "1–4 letters or digits. The finance system numbers the vouchers.",
		"Konton": "Accounts",
		"Varje betalare får en verifikation per månad: kundfordringar debiteras med betalarens summa och intäktskontona krediteras med det raderna avser.": "Each payer gets one voucher per month: accounts receivable are debited with the payer's total and the revenue accounts credited with what the lines are for.",
		"Kundfordringar":                       "Accounts receivable",
		"Hyresintäkter (hyra och komponenter)": "Rental income (rent and components)",
		"Försäljning (köp och reservdelar)":    "Sales (purchases and spare parts)",
		"Krediteringar och rättelser":          "Credits and corrections",
		"Kontonummer":                          "Account number",
		"4–6 siffror, till exempel 1510.":      "4–6 digits, for example 1510.",
		"Kontonamn":                            "Account name",
		"Kostnadsställen":                      "Cost centres",
		"Kostnadsstället står på betalarens rader i SIE-filen (dimension 1). Lämna tomt för att använda betalarens nummer.": "The cost centre is written on the payer's rows in the SIE file (dimension 1). Leave empty to use the payer's number.",
		"Kostnadsställe för betalare": "Cost centre of payer",
		"En stängd månad kan tas ut som SIE 4-fil för ekonomisystemet från sidan Fakturering. Hyra och komponenter bokas på hyresintäkter, köp och reservdelar på försäljning, krediteringar vid återköp och rättelser på krediteringar och rättelser.": "A closed month can be downloaded as a SIE 4 file for the finance system from the Billing page. Rent and components are booked as rental income, purchases and spare parts as sales, buy-back credits and corrections as credits and corrections.",
		// messages
		"Ange organisationsnumret som NNNNNN-NNNN, till exempel 232100-0230.": "Enter the organisation number as NNNNNN-NNNN, for example 232100-0230.",
		"Ange ett namn.": "Enter a name.",
		"Namnet":         "The name",
		"Namnet får inte innehålla radbrytningar eller styrtecken.":    "The name must not contain line breaks or control characters.",
		"Ange serien med 1–4 bokstäver eller siffror, till exempel F.": "Enter the series as 1–4 letters or digits, for example F.",
		"%s: ange kontot med 4–6 siffror, till exempel 1510.":          "%s: enter the account as 4–6 digits, for example 1510.",
		"Kostnadsstället": "The cost centre",
		"Kostnadsstället får inte innehålla mellanslag, radbrytningar eller styrtecken.":                  "The cost centre must not contain spaces, line breaks or control characters.",
		"%s är inte stängd: SIE-filen tas ut för en stängd månad, som inte ändras.":                       "%s is not closed: the SIE file is made for a closed month, which does not change.",
		"Ange organisationsnummer och konton under Inställningar för fakturering innan SIE-filen tas ut.": "Enter the organisation number and accounts under Billing settings before downloading the SIE file.",
	})
}
