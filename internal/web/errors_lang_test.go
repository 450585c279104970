package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/ordertest"
	"hjalpmedel/internal/testserver"
)

// An error with a number or a name in it (domain.Errorf, domain.Invalidf) reads
// in the user's language: English gets the English format with the arguments
// filled in, Swedish the Swedish text as before. The API answers in English to
// Accept-Language: en, a page to the language cookie.
func TestFormattedErrorsInTheUsersLanguage(t *testing.T) {
	srv := startOrders(t)
	en := map[string]string{"Accept-Language": "en"}
	order := func(article, instructions string) string {
		b, _ := json.Marshal(map[string]any{
			"recipient": map[string]string{"personnummer": ordertest.Patient}, "customer": "2990",
			"lines":    []map[string]any{{"article": article}},
			"delivery": map[string]any{"addressFrom": "customer", "instructions": instructions},
		})
		return string(b)
	}
	// fieldSays checks that the message also stands next to a field.
	fieldSays := func(msg string) func(t *testing.T, r reply) {
		return func(t *testing.T, r reply) {
			fields, _ := r.JSON(t)["error"].(map[string]any)["fields"].(map[string]any)
			for _, v := range fields {
				if v == msg {
					return
				}
			}
			t.Errorf("no field says %q: %s", msg, r.Body)
		}
	}
	long := strings.Repeat("x", 256)
	runScenarios(t, srv, []scenario{
		{name: "an order that does not exist", req: request{Method: "GET", Path: "/api/v1/orders/99999999"}, as: "KUNDTJANST",
			status: 404, code: domain.ENotFound, want: []string{`"message":"Kundorder 99999999 finns inte."`}},
		{name: "an order that does not exist, in English", req: request{Method: "GET", Path: "/api/v1/orders/99999999", Header: en}, as: "KUNDTJANST",
			status: 404, code: domain.ENotFound, want: []string{`"message":"Customer order 99999999 does not exist."`}},
		{name: "an article that does not exist", req: request{Method: "POST", Path: "/api/v1/orders", Body: order("9999999", "")}, as: "K082LNO",
			status: 400, code: domain.EInvalid, want: []string{`"message":"Artikel 9999999 finns inte."`}, check: fieldSays("Artikel 9999999 finns inte.")},
		{name: "an article that does not exist, in English", req: request{Method: "POST", Path: "/api/v1/orders", Body: order("9999999", ""), Header: en}, as: "K082LNO",
			status: 400, code: domain.EInvalid, want: []string{`"message":"Article 9999999 does not exist."`}, check: fieldSays("Article 9999999 does not exist.")},
		// The field's label is translated along with the format (a domain.Term).
		{name: "too long instructions", req: request{Method: "POST", Path: "/api/v1/orders", Body: order(ordertest.ArmRest, long)}, as: "K082LNO",
			status: 400, code: domain.EInvalid, check: fieldSays("Instruktioner får vara högst 255 tecken (du skrev 256).")},
		{name: "too long instructions, in English", req: request{Method: "POST", Path: "/api/v1/orders", Body: order(ordertest.ArmRest, long), Header: en}, as: "K082LNO",
			status: 400, code: domain.EInvalid, check: fieldSays("Instructions may be at most 255 characters (you wrote 256).")},
	})

	// A page: the error summary and the field both say it.
	session := formLogin(t, srv, "KUNDTJANST", demoPassword)
	for lang, want := range map[string]string{"sv": "Kundorder 99999999 finns inte.", "en": "Customer order 99999999 does not exist."} {
		r := call(t, srv, request{Method: "GET", Path: "/kundtjanst/ordrar?" + url.Values{"order": {"99999999"}}.Encode(),
			Header: map[string]string{"Cookie": "hm_session=" + session + "; hm_lang=" + lang}})
		if r.Status != 400 || strings.Count(r.Body, want) < 2 {
			t.Errorf("%s: status %d, %q %d times, want 400 and in the summary and at the field:\n%s", lang, r.Status, want, strings.Count(r.Body, want), r.Body)
		}
	}
}

// A form whose messages are collected field by field (a service's fieldErrors,
// the article form's own rows) says each formatted field message in English
// with its numbers filled in, a message within a message too, and in Swedish
// the same text as ever.
func TestFieldErrorsInTheUsersLanguage(t *testing.T) {
	srv := testserver.Start(t)
	session := formLogin(t, srv, "ADMIN", demoPassword)
	article := func(base string) url.Values {
		return url.Values{"number": {"T-1"}, "name": {""}, "unitOfMeasure": {"st"}, "status": {"stocked"}, "purpose": {"rent"},
			"depreciationMonths": {"60"}, "leadTimeDays": {"10"}, "baseConfiguration": {base}}
	}
	for _, tc := range []struct {
		name, lang string
		form       url.Values
		want       []string
		notWant    string // the other language's message
	}{
		{"a base configuration row of an article that does not exist", "sv", article("0000000"),
			[]string{"Grundutförande rad 1: artikel 0000000 finns inte.", "Ange benämning."}, "Base configuration row"},
		{"a base configuration row of an article that does not exist", "en", article("0000000"),
			[]string{"Base configuration row 1: article 0000000 does not exist.", "Enter the name."}, "Grundutförande rad"},
		{"a row the form cannot read", "sv", article("11109 x"), []string{"Rad 1: skriv artikelnummer; antal."}, "Row 1"},
		{"a row the form cannot read", "en", article("11109 x"), []string{"Row 1: write article number; quantity."}, "Rad 1"},
	} {
		r := call(t, srv, request{Method: "POST", Path: "/admin/artiklar/ny", Form: tc.form,
			Header: map[string]string{"Cookie": "hm_session=" + session + "; hm_lang=" + tc.lang}})
		if r.Status != 400 {
			t.Errorf("%s (%s): status %d, want 400", tc.name, tc.lang, r.Status)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s (%s): no %q on the page:\n%s", tc.name, tc.lang, w, r.Body)
			}
		}
		if strings.Contains(r.Body, tc.notWant) {
			t.Errorf("%s (%s): %q on the page", tc.name, tc.lang, tc.notWant)
		}
	}
}
