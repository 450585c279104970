package csvsafe

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Rullstol", "Rullstol"},
		{`=HYPERLINK("http://x","klicka")`, `'=HYPERLINK("http://x","klicka")`},
		{"+46 70", "'+46 70"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-119.20", "-119.20"},
		{"-3", "-3"},
		{"+5,5", "+5,5"},
		{"'=1", "''=1"},
		{"'text", "''text"},
		{"a=b", "a=b"},
	} {
		got := Escape(c.in)
		if got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
		if back := Unescape(got); back != c.in {
			t.Errorf("Unescape(%q) = %q, want %q", got, back, c.in)
		}
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).WriteAll([][]string{{"a", "=1+1"}, {"-5", "@x"}}); err != nil {
		t.Fatal(err)
	}
	if want := "a,'=1+1\n-5,'@x\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// TestEveryExportWritesThroughCsvsafe: no Go file outside this package makes
// a csv.Writer of its own, so no export can forget the escaping.
func TestEveryExportWritesThroughCsvsafe(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			filepath.Base(filepath.Dir(path)) == "csvsafe" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte("csv.NewWriter(")) {
			t.Errorf("%s makes its own csv.Writer; write exports with csvsafe.NewWriter", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
