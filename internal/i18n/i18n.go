// Package i18n translates the user interface: Swedish is the source language
// (a text's key is its Swedish, as the manual words it) and English comes from
// one catalogue, English, served through golang.org/x/text's message catalogue
// and printer. A word with two meanings is looked up with its context.
package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Languages the UI speaks; Swedish is the default.
var Languages = []string{"sv", "en"}

// contextSeparator joins a context and a text in a key (gettext's convention).
const contextSeparator = "\x04"

// Context is the key of a text in a context, for a word with two meanings:
// Context("artikel", "Bild") is the article's picture. Without an entry of its
// own the text's plain translation serves.
func Context(context, text string) string { return context + contextSeparator + text }

var english = func() *message.Printer {
	b := catalog.NewBuilder(catalog.Fallback(language.Swedish))
	for key, text := range English {
		// Messages are literal text; a '%' in them is a verb of the format they translate.
		if err := b.SetString(language.English, key, text); err != nil {
			panic("i18n: " + key + ": " + err.Error())
		}
	}
	return message.NewPrinter(language.English, message.Catalog(b))
}()

// Has reports whether the catalogue has the key (in its context, or plain).
func Has(key string) bool {
	_, ok := English[key]
	if !ok {
		_, ok = English[plain(key)]
	}
	return ok
}

// Text is key in lang: its English when lang is "en" and the catalogue has it
// (in the key's context, else plain), else the Swedish text without its context.
func Text(lang, key string) string {
	if lang == "en" {
		for _, k := range []string{key, plain(key)} {
			if _, ok := English[k]; ok {
				if strings.Contains(k, "%") {
					return English[k] // a format: filled in by Sprintf
				}
				return english.Sprintf(k)
			}
		}
	}
	return plain(key)
}

// Sprintf fills in a message's format in lang: the catalogue's English format
// for "en", the Swedish one otherwise. fmt fills it, not x/text's printer, so
// numbers keep the form the manual writes (a year is 2026, not 2,026).
func Sprintf(lang, format string, args ...any) string {
	return fmt.Sprintf(Text(lang, format), args...)
}

func plain(key string) string {
	if _, text, ok := strings.Cut(key, contextSeparator); ok {
		return text
	}
	return key
}
