package web

// English for robust input and storage: invalid text, lost connections.
func init() {
	addEnglish(map[string]string{
		"Fältet %s innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8).": "The field %s contains characters that are not allowed (a NUL byte or invalid UTF-8).",
		"Texten innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8).":    "The text contains characters that are not allowed (a NUL byte or invalid UTF-8).",
		"Databasen kunde inte nås. Försök igen om en stund.":                      "The database could not be reached. Please try again in a moment.",
		"Förbindelsen med databasen bröts medan ändringen sparades, så den kan ha sparats. Det är säkert att försöka igen med samma idempotensnyckel (idempotencyKey): ändringen görs då bara en gång.": "The connection to the database broke while the change was being saved, so it may have been saved. It is safe to try again with the same idempotency key (idempotencyKey): the change is then made only once.",
		"Försök igen om en stund":                              "Try again in a moment",
		"Kundorder %s har inga öppna orderrader att leverera.": "Customer order %s has no open order lines to deliver.",
		"Kontot är spärrat efter misslyckade inloggningar från flera håll. Försök igen om en stund eller kontakta kundtjänst.":              "The account is locked after failed logins from several places. Try again later or contact customer service.",
		"Förbindelsen med databasen bröts medan ändringen sparades, så den kan ha sparats. Kontrollera om den finns innan du gör den igen.": "The connection to the database broke while the change was being saved, so it may have been saved. Check whether it is there before you make it again.",
		"Formuläret kunde inte läsas.": "The form could not be read.",
	})
}
