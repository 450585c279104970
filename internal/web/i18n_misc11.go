package web

// English for issue 11's smaller fixes: the import limit, the overdue rule,
// warehouse users' own warehouses, the training clock, the newcomer's screens.
func init() {
	addEnglish(map[string]string{
		"Filen är för stor: högst %d MiB. Inget är ändrat.":                             "The file is too large: at most %d MiB. Nothing has been changed.",
		"Ditt konto hör inte till något lager. Be administratören att ange ditt lager.": "Your account belongs to no warehouse. Ask the administrator to set your warehouse.",
		"Du arbetar i lager %s och kan inte utföra detta i lager %s.":                   "You work in warehouse %s and cannot do this in warehouse %s.",
	})
}
