package web

// English for issue 11's smaller fixes: the import limit, the overdue rule,
// warehouse users' own warehouses, the training clock, the newcomer's screens.
func init() {
	addEnglish(map[string]string{
		"Filen är för stor: högst %d MiB. Inget är ändrat.":                             "The file is too large: at most %d MiB. Nothing has been changed.",
		"Ditt konto hör inte till något lager. Be administratören att ange ditt lager.": "Your account belongs to no warehouse. Ask the administrator to set your warehouse.",
		"Du arbetar i lager %s och kan inte utföra detta i lager %s.":                   "You work in warehouse %s and cannot do this in warehouse %s.",
		"Övningsklocka":                         "Training clock",
		"Systemets tid är nu":                   "The system's time is now",
		"Ny tid":                                "New time",
		"Ställ klockan":                         "Set the clock",
		"Systemets tid är ställd.":              "The system's time is set.",
		"Övningsinstallation: systemets tid är": "Training install: the system's time is",
		"Datum och tid, till exempel 2026-03-31 23:50. Tiden går sedan vidare därifrån.": "Date and time, for example 2026-03-31 23:50. Time then runs on from there.",
		"Övningsklockan finns bara på en övningsinstallation (serve --training-clock). Den ställer tiden för alla servrar på samma databas, till exempel för att öva ett månadsskifte med fakturering. Den som är inloggad förblir inloggad.": "The training clock exists only on a training install (serve --training-clock). It sets the time for every server on the same database, for example to practise a month end with billing. Whoever is logged in stays logged in.",
		"Övningsklockan är inte påslagen på den här installationen.": "The training clock is not switched on in this installation.",
		"Ange datum och tid.":                                              "Enter a date and time.",
		"Ange ett datum mellan år 2000 och 2100.":                          "Enter a date between the years 2000 and 2100.",
		"Ange tiden som RFC 3339, till exempel 2026-03-31T23:50:00+02:00.": "Give the time as RFC 3339, for example 2026-03-31T23:50:00+02:00.",
		"Ange datum och tid som 2026-03-31 23:50.":                         "Enter the date and time as 2026-03-31 23:50.",
		"Välj kund":                             "Choose a customer",
		"Skickad BMB (byte mottagare/betalare)": "Sent BMB (change of recipient/payer)",
		// Hjälpmedel by customer number.
		"Skriv kundnumret, till exempel 1464": "Enter the customer number, for example 1464",
		"Sida":                                "Page", "Vårdenheten": "The care unit", "Sidan anges med ett heltal från 1.": "The page is a whole number from 1.",
		// A unit's history (Individkort, Historik).
		"Inleverans": "Received", "Utlevererad": "Delivered", "Återlämnad": "Returned", "Rekonditionerad": "Reconditioned",
		"Flyttad": "Moved", "Underhåll": "Maintenance", "Komponent kopplad": "Component attached",
		"Arbetsorder avslutad": "Work order closed",
	})
}
