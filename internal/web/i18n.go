package web

import (
	"net/http"
	"strings"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/i18n"
)

const langCookie = "hm_lang"

// translate returns the text in lang (internal/i18n's one catalogue); Swedish, or
// a missing translation, gives the key.
func translate(lang, key string) string { return i18n.Text(lang, key) }

// translateError returns the message and the field messages of a domain error
// in lang. A formatted message (domain.Errorf, domain.Invalidf, a field's
// domain.FieldFormat) is in no catalogue, its format is: the translated format
// is filled in with the message's arguments, the domain.Terms and
// domain.Formatted among them translated too. Swedish, or a format without
// English, gives the message as the catalogue has it.
func translateError(lang string, de *domain.Error) (string, map[string]string) {
	fields := make(map[string]string, len(de.Fields))
	for k, v := range de.Fields {
		f, ok := de.FieldFormat(k)
		fields[k] = translateFormatted(lang, f, ok, v)
	}
	return translateFormatted(lang, de.Formatted, de.Format != "", de.Message), fields
}

// translateFormatted translates msg, made from f if formatted. A format with
// English, or one (such as "%s: %s") whose arguments are themselves text to
// translate, is filled in; otherwise msg is looked up as it is.
func translateFormatted(lang string, f domain.Formatted, formatted bool, msg string) string {
	if !formatted {
		return translate(lang, msg)
	}
	tf, ofText := translate(lang, f.Format), false // the format's English, if the catalogue has it
	args := make([]any, len(f.Args))
	for i, a := range f.Args {
		switch a := a.(type) {
		case domain.Term:
			args[i], ofText = translate(lang, string(a)), true
		case domain.Formatted:
			args[i], ofText = translateFormatted(lang, a, true, a.String()), true
		default:
			args[i] = a
		}
	}
	if tf == f.Format && !ofText {
		return translate(lang, msg)
	}
	return i18n.Sprintf(lang, f.Format, args...)
}

func requestLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "sv") {
		return c.Value
	}
	if strings.HasPrefix(r.URL.Path, "/api/") && strings.HasPrefix(r.Header.Get("Accept-Language"), "en") {
		return "en"
	}
	return "sv"
}

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(langKey).(string); ok {
		return l
	}
	return "sv"
}
