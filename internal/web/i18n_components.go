package web

// English for components on a unit: they stay on it in stock, go out with it, and
// the warehouse detaches them into stock.
func init() {
	addEnglish(map[string]string{
		"Komponenter på individen": "Components on the unit",
		"Komponent lossad":         "Component detached",
		"Kopplad":                  "Attached",
		"Koppla loss":              "Detach",
		"Koppla loss komponenten och lägga den i lager?":                                                                       "Detach the component and put it in stock?",
		"Komponenten är kopplad loss och lagd i lager.":                                                                        "The component is detached and put in stock.",
		"Inga komponenter är kopplade till individen.":                                                                         "No components are attached to the unit.",
		"Komponenten finns inte.":                                                                                              "The component does not exist.",
		"Komponent %d är inte kopplad till individ %s.":                                                                        "Component %d is not attached to unit %s.",
		"Komponent %d är redan borttagen från individ %s.":                                                                     "Component %d has already been removed from unit %s.",
		"Skrota individen? Komponenterna på den kopplas loss och läggs i lager.":                                               "Scrap the unit? Its components are detached and put in stock.",
		"Individen är skrotad. Komponenterna på den är kopplade loss och åter i lager.":                                        "The unit is scrapped. Its components are detached and back in stock.",
		"Komponenterna följer individen: de levereras med den nästa gång. Koppla loss en komponent för att lägga den i lager.": "Components follow the unit: they are delivered with it next time. Detach a component to put it in stock.",
		"Individ %s är inte i lager: komponenter kopplas loss när individen är i lager eller under rekonditionering.":          "Unit %s is not in stock: components are detached while the unit is in stock or in reconditioning.",
		"Kundorder %s: komponenten ska kopplas till individ %s, som mottagaren inte längre har. Makulera orderraden.":          "Customer order %s: the component is to be attached to unit %s, which the recipient no longer holds. Cancel the order line.",
	})
}
