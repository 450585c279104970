package web

// English for issue 11's smaller fixes: the import limit, the overdue rule,
// warehouse users' own warehouses, the training clock, the newcomer's screens.
func init() {
	addEnglish(map[string]string{
		"Filen är för stor: högst %d MiB. Inget är ändrat.": "The file is too large: at most %d MiB. Nothing has been changed.",
	})
}
