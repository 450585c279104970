package web

// English for robust input and storage: invalid text, lost connections.
func init() {
	addEnglish(map[string]string{
		"Fältet %s innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8).": "The field %s contains characters that are not allowed (a NUL byte or invalid UTF-8).",
		"Texten innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8).":    "The text contains characters that are not allowed (a NUL byte or invalid UTF-8).",
		"Formuläret kunde inte läsas.":                                            "The form could not be read.",
	})
}
