package web

// English for object scoping (internal/service/rights.go).
func init() {
	addEnglish(map[string]string{
		"Betalare %s är varken kundens betalare eller betalare för någon av dina kunder.": "Payer %s is neither the customer's payer nor the payer of one of your customers.",
	})
}
