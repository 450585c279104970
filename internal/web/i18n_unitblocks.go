package web

// English for blocking units (spärr).
func init() {
	addEnglish(map[string]string{
		"Spärrar":                    "Blocks",
		"Spärrad":                    "Blocked",
		"Spärr hävd":                 "Block released",
		"Öppna spärrar":              "Open blocks",
		"Orsak":                      "Reason",
		"Källa":                      "Source",
		"Av":                         "By",
		"Häv spärr":                  "Release block",
		"Spärra individ":             "Block unit",
		"Orsak till spärr":           "Reason for the block",
		"Individen är spärrad.":      "The unit is blocked.",
		"Spärren är hävd.":           "The block is released.",
		"Individen är inte spärrad.": "The unit is not blocked.",
		"Manuell spärr":              "Manual block",
		"Avvikelse":                  "Deviation",
		"Säkerhetsmeddelande":        "Safety notice",
		"Besiktning (FU)":            "Inspection",
		"Ange orsak till spärren.":   "Give the reason for the block.",
		"Individen är spärrad: den plockas, levereras, lämnas ut eller flyttas med BMB inte förrän varje spärr är hävd.": "The unit is blocked: it is not picked, delivered, handed out or moved by transfer until every block is released.",
		"Individ %s är spärrad och kan inte lämnas ut, levereras eller flyttas.":                                         "Unit %s is blocked and cannot be handed out, delivered or moved.",
		"Individ %s är spärrad och kan inte flyttas med BMB.":                                                            "Unit %s is blocked and cannot be moved by transfer.",
		"Individ %s har spärrats efter att BMB skickades och kan inte tas över. Svara Nej.":                              "Unit %s was blocked after the transfer was sent and cannot be taken over. Answer No.",
		"Individ %s har ingen öppen spärr med nummer %d.":                                                                "Unit %s has no open block number %d.",
		"Spärren finns inte.": "The block does not exist.",
	})
}
