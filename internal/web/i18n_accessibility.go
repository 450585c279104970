package web

// English for the accessibility statement (Tillgänglighetsredogörelse).
func init() {
	addEnglish(map[string]string{
		"Tillgänglighetsredogörelse": "Accessibility statement",
		"Region Norrbottens hjälpmedelsverksamhet står bakom Hjälpmedel. Vi vill att så många som möjligt ska kunna använda tjänsten. Här beskriver vi hur Hjälpmedel uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du kan rapportera problem.": "Region Norrbotten's assistive technology service runs Hjälpmedel. We want as many people as possible to be able to use it. This statement describes how Hjälpmedel meets the Swedish Act (2018:1937) on accessibility to digital public services, its known shortcomings and how to report problems.",
		"Hur tillgänglig är tjänsten?": "How accessible is the service?",
		"Tjänsten är byggd för att uppfylla WCAG 2.1 nivå AA: varje sida fungerar utan JavaScript, med enbart tangentbord och med skärmläsare; varje formulärfält har en synlig etikett; fel visas både vid fältet och i en sammanfattning överst som länkar till fältet; kontrasten följer kraven. Varje sida kontrolleras automatiskt med axe-core i våra webbläsartester.": "The service is built to meet WCAG 2.1 level AA: every page works without JavaScript, with the keyboard alone and with screen readers; every form field has a visible label; errors are shown at the field and in a summary at the top that links to the field; contrast meets the requirements. Every page is checked automatically with axe-core in our browser tests.",
		"Kända brister": "Known shortcomings",
		"PDF-dokument (följesedlar, fakturaunderlag, loggutdrag) har sökbar text men saknar taggad struktur, så skärmläsare läser dem som löpande text. Samma uppgifter finns som webbsidor och CSV.": "PDF documents (delivery notes, invoice bases, access log extracts) have searchable text but no tagged structure, so screen readers read them as running text. The same information is available as web pages and CSV.",
		"Bilder och bruksanvisningar i varukatalogen kommer från leverantörerna och är inte alltid tillgängliga.":                                                                                     "Pictures and user manuals in the catalogue come from the suppliers and are not always accessible.",
		"Rapportera brister": "Report shortcomings",
		"Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett annat format, kontakta hjälpmedelsverksamhetens kundtjänst: hjalpmedel@example.se, telefon 0920-00 00 00. Vi svarar inom fem arbetsdagar.": "If you find problems not described here, or need content in another format, contact the assistive technology service's customer service: hjalpmedel@example.se, phone +46 920-00 00 00. We answer within five working days.",
		"Tillsyn": "Supervision",
		"Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn för lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det: digg.se/tdosanmalan.": "The Agency for Digital Government (Digg) supervises the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact Digg: digg.se/tdosanmalan.",
		"Hur vi testat tjänsten": "How we tested the service",
		"Vi testar varje sida automatiskt med axe-core vid varje ändring, och formulären med tangentbordet i våra webbläsartester. En granskning med skärmläsare av en fristående part har ännu inte gjorts. Redogörelsen uppdaterades senast 2026-12-03.": "We test every page automatically with axe-core on every change, and the forms with the keyboard in our browser tests. No independent review with screen readers has been made yet. The statement was last updated on 2026-12-03.",
		"Tillgänglighetsredogörelsen för Hjälpmedel. Den kan läsas utan inloggning.": "The accessibility statement of Hjälpmedel. It can be read without logging in.",
	})
}
