package web

import (
	"net/http"
	"strings"
	"sync"
)

// languages the UI speaks; Swedish is the default and the catalogue key.
var languages = []string{"sv", "en"}

const langCookie = "hm_lang"

var (
	englishMu sync.RWMutex
	english   = map[string]string{}
)

// addEnglish adds translations from Swedish (the key) to English. Each feature
// keeps its own catalogue file (i18n_<feature>.go) and calls this from init.
func addEnglish(m map[string]string) {
	englishMu.Lock()
	defer englishMu.Unlock()
	for k, v := range m {
		english[k] = v
	}
}

// translate returns the text in lang; Swedish, or a missing translation, gives the key.
func translate(lang, key string) string {
	if lang != "en" {
		return key
	}
	englishMu.RLock()
	defer englishMu.RUnlock()
	if v, ok := english[key]; ok {
		return v
	}
	return key
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
