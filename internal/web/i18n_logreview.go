package web

import "hjalpmedel/internal/domain"

// English for Loggranskning and Loggutdrag (SPEC §10.2).
func init() {
	addEnglish(map[string]string{
		domain.LogFlagReason(domain.FlagProtected):   "Protected identity",
		domain.LogFlagReason(domain.FlagNoCare):      "No care relation",
		domain.LogFlagReason(domain.FlagSameSurname): "Same surname as the user",
		domain.LogFlagReason(domain.FlagOffHours):    "Outside working hours (06–20 on working days)",
		domain.LogFlagReason(domain.FlagManyLookups): "More look-ups than 3 × the user's median per day",
	})
}

func init() {
	addEnglish(map[string]string{
		"Loggranskning":                        "Log review",
		"Loggutdrag":                           "Access log extract",
		"Bara flaggade":                        "Flagged only",
		"Uppslag i perioden":                   "Look-ups in the period",
		"Flaggade":                             "Flagged",
		"Ej granskade":                         "Not reviewed",
		"Ladda ner som CSV":                    "Download as CSV",
		"Stickprov och flaggade uppslag":       "Sample and flagged look-ups",
		"Flaggor":                              "Flags",
		"Granskning":                           "Review",
		"Stickprov":                            "Sample",
		"Granskad av":                          "Reviewed by",
		"Kommentar":                            "Comment",
		"Kommentaren":                          "The comment",
		"Markera som granskad":                 "Mark as reviewed",
		"Loggposten är markerad som granskad.": "The log entry is marked as reviewed.",
		"Loggposten finns inte.":               "The log entry does not exist.",
		"Loggutdrag som PDF":                   "Access log extract as PDF",
		"Loggutdrag som CSV":                   "Access log extract as CSV",
		"Varje åtkomst till personens uppgifter, äldst först": "Every access to the person's data, oldest first",
		"Ingen åtkomst är loggad.":                            "No access is logged.",
		"ÅÅÅÅMMDD-NNNN":                                       "YYYYMMDD-NNNN",
		"Från och med kan inte vara senare än till och med.":  "From cannot be later than to.",
		"Välj en period på högst %d dagar.":                   "Choose a period of at most %d days.",
		"Loggranskning visar för en period ett slumpvis stickprov av varje användares uppslag och alla uppslag som flaggats: skyddad identitet, ingen vårdrelation inom 90 dagar under användarens kunder (förskrivare), samma efternamn som användaren, utanför 06–20 på vardagar och fler uppslag en dag än tre gånger användarens median. Markera varje post som granskad med en kommentar; granskningen loggas också.": "Log review shows, for a period, a random sample of each user's look-ups and every flagged look-up: protected identity, no care relation within 90 days under the user's customers (prescribers), the same surname as the user, outside 06–20 on working days, and more look-ups in a day than three times the user's median. Mark each entry as reviewed with a comment; the review is logged too.",
		"Loggutdrag visar varje åtkomst till en persons uppgifter: vem, när och i vilken bild. Skriv ut det som PDF till den som begär det. Uttaget loggas.": "The access log extract shows every access to a person's data: who, when and on which screen. Print it as PDF for the person who asks for it. Taking the extract is logged.",
	})
}
