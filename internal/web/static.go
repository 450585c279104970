package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var staticFS embed.FS

// staticFiles serves embedded CSS and JS under content-hashed URLs, cached for a year.
type staticFiles struct {
	hashes map[string]string // file name -> short hash
	files  map[string][]byte
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hashes: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		sf.hashes[name] = hex.EncodeToString(sum[:6])
		sf.files[name] = b
		return nil
	})
	return sf, err
}

func (sf *staticFiles) url(name string) string {
	return "/static/" + sf.hashes[name] + "/" + name
}

func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	b, ok := sf.files[name]
	if !ok || sf.hashes[name] != r.PathValue("hash") {
		http.NotFound(w, r)
		return nil
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(b)
	return err
}
