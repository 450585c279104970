package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
)

// formatVerb matches a verb of a format string; %% is not one.
var formatVerb = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?([a-zA-Z%])`)

// verbs returns the sorted verbs of a format, so a translation that reorders its
// arguments (%[2]s) still matches.
func verbs(format string) []string {
	var v []string
	for _, m := range formatVerb.FindAllStringSubmatch(format, -1) {
		if m[1] != "%" {
			v = append(v, m[1])
		}
	}
	slices.Sort(v)
	return v
}

// errorFormats scans the Go source under internal/ for the Swedish texts of
// formatted errors: the string-literal format of each call of domain.Errorf,
// domain.Invalidf, domain.Msgf and a field-error collector's addf (service), each
// domain.Term("…") and the label of each domain.CheckMaxLength. It returns the
// texts with the place of each.
func errorFormats(t *testing.T) map[string]string {
	t.Helper()
	texts := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		inDomain := f.Name.Name == "domain"
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "domain" || fn.Sel.Name == "addf" || fn.Sel.Name == "redirectWithFlashf" {
					name = fn.Sel.Name
				}
			case *ast.Ident:
				if inDomain {
					name = fn.Name
				}
			}
			arg := map[string]int{"Errorf": 1, "Invalidf": 1, "Msgf": 0, "addf": 1, "Term": 0, "CheckMaxLength": 1, "redirectWithFlashf": 3}
			i, ok := arg[name]
			if !ok || len(call.Args) <= i {
				return true
			}
			if lit, ok := call.Args[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
				}
				texts[s] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// Every Swedish format of a formatted error in the source has English taking the
// same arguments, so an English user sees no Swedish with the numbers and names
// filled in (a format that is only verbs, such as "%s", carries a text that is
// translated as it is).
func TestErrorFormatsHaveEnglish(t *testing.T) {
	texts := errorFormats(t)
	if len(texts) < 100 {
		t.Fatalf("found only %d formats of errors", len(texts))
	}
	for sv, at := range texts {
		if strings.Trim(formatVerb.ReplaceAllString(sv, ""), " :.") == "" {
			continue
		}
		en := translate("en", sv)
		if en == sv && !sameInEnglish[sv] {
			t.Errorf("%s: no English for %q", at, sv)
		} else if !slices.Equal(verbs(sv), verbs(en)) {
			t.Errorf("%s: English %q does not take the arguments of %q", at, en, sv)
		}
	}
	// Statuses are domain.Terms in the messages of an order that cannot be
	// cancelled or delivered; delivery names them in lower case.
	var keys []string
	for _, s := range []string{"draft", "registered", "partly_delivered", "delivered", "cancelled"} {
		keys = append(keys, domain.DocumentStatusText(s))
	}
	for _, s := range []string{"draft", "delivered", "cancelled"} {
		keys = append(keys, strings.ToLower(domain.DocumentStatusText(s)))
	}
	requireEnglish(t, keys)
}

// fieldFormatted returns an error of several fields, as a service collects them,
// whose field says f.
func fieldFormatted(field string, f domain.Formatted) *domain.Error {
	return &domain.Error{Code: domain.EInvalid, Message: "Kontrollera de markerade fälten.",
		Fields: map[string]string{field: f.String()}, FieldFormats: map[string]domain.Formatted{field: f}}
}

// translateError: a formatted message by its format, its Terms translated; a
// field with the same message alike, or by its own format (a format of only
// verbs filled in with its translated Terms and messages); a format that is only
// a verb of data falls back to the message's own entry; Swedish is the message
// as it was made.
func TestTranslateError(t *testing.T) {
	for _, tc := range []struct {
		err            *domain.Error
		wantSv, wantEn string
		field, fieldEn string // a field and its English message, "" for none
	}{
		{domain.Errorf(domain.ENotFound, "Kundorder %s finns inte.", "15500607"),
			"Kundorder 15500607 finns inte.", "Customer order 15500607 does not exist.", "", ""},
		{domain.Invalidf("article", "Artikel %s finns inte.", "9900100"),
			"Artikel 9900100 finns inte.", "Article 9900100 does not exist.", "article", "Article 9900100 does not exist."},
		{domain.CheckMaxLength("instructions", "Instruktioner", strings.Repeat("å", 3), 2).(*domain.Error),
			"Instruktioner får vara högst 2 tecken (du skrev 3).", "Instructions may be at most 2 characters (you wrote 3).", "instructions", "Instructions may be at most 2 characters (you wrote 3)."},
		{domain.Errorf(domain.EInvalid, "%s", domain.MsgAmountFormat),
			domain.MsgAmountFormat, "Enter the amount in digits, for example 45.50.", "", ""},
		{&domain.Error{Code: domain.EInvalid, Message: "Kontrollera uppgifterna.", Fields: map[string]string{"x": "Ange namn."}},
			"Kontrollera uppgifterna.", "Check the details.", "x", "Enter the name."},
		// A field's own format, with a message and a Term within it.
		{fieldFormatted("holdings", domain.Msgf("%s: %s", domain.Msgf("Individ %s", "176540"), domain.Term("Ingår i en BMB som ännu inte är kvitterad."))),
			"Kontrollera de markerade fälten.", "Check the marked fields.", "holdings", "Unit 176540: On a BMB that has not been answered yet."},
	} {
		if got, fields := translateError("sv", tc.err); got != tc.wantSv || !maps.Equal(fields, tc.err.Fields) {
			t.Errorf("sv: %q %v, want %q %v", got, fields, tc.wantSv, tc.err.Fields)
		}
		got, fields := translateError("en", tc.err)
		if got != tc.wantEn || tc.field != "" && fields[tc.field] != tc.fieldEn {
			t.Errorf("en: %q %v, want %q and %s: %q", got, fields, tc.wantEn, tc.field, tc.fieldEn)
		}
	}
}
