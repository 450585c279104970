package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"
)

// The catalogue is one file; a key in it twice, or twice but for spaces, is a
// conflict; a context whose English is the
// plain word's is no context at all. (The Go compiler refuses an exact
// duplicate already; this says which.)
func TestCatalogueHasNoConflicts(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "english.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		kv, ok := n.(*ast.KeyValueExpr)
		if !ok {
			return true
		}
		key, ok := constString(kv.Key)
		if !ok {
			return false // a key made by a function (domain.RoleName(…)): the compiler checks it
		}
		norm := strings.Join(strings.Fields(key), " ")
		if prev, dup := seen[norm]; dup {
			t.Errorf("%s: %q conflicts with %q", fset.Position(kv.Pos()), key, prev)
		}
		seen[norm] = key
		return false
	})
	if len(seen) < 1000 {
		t.Fatalf("read only %d keys from english.go", len(seen))
	}
	for key, text := range English {
		if _, plainText, ok := strings.Cut(key, contextSeparator); ok {
			if English[plainText] == text {
				t.Errorf("the context of %q gives the same English as the plain word (%q): remove it", key, text)
			}
		}
	}
}

func constString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		a, ok1 := constString(e.X)
		b, ok2 := constString(e.Y)
		return a + b, ok1 && ok2 && e.Op == token.ADD
	}
	return "", false
}

func TestTextAndContext(t *testing.T) {
	for _, c := range []struct{ lang, key, want string }{
		{"en", Context("artikel", "Bild"), "Picture"}, // the article's picture
		{"en", "Bild", "Screen"},                      // the screen an audit entry names
		{"sv", Context("artikel", "Bild"), "Bild"},
		{"en", Context("meny", "Kundorder"), "Customer orders"},
		{"en", Context("meny", "Meddelanden"), "Messages"}, // no context entry: the plain word's
		{"en", "Ingen sådan text", "Ingen sådan text"},
	} {
		if got := Text(c.lang, c.key); got != c.want {
			t.Errorf("Text(%s, %q) = %q, want %q", c.lang, c.key, got, c.want)
		}
	}
	if got := Sprintf("en", "Artikel %s finns inte.", "11109"); got != "Article 11109 does not exist." {
		t.Errorf("Sprintf = %q", got)
	}
	if got := Sprintf("sv", "Artikel %s finns inte.", "11109"); got != "Artikel 11109 finns inte." {
		t.Errorf("Sprintf in Swedish = %q", got)
	}
}
