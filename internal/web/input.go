package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"hjalpmedel/internal/domain"
)

// Text that no person types and PostgreSQL cannot store (NUL bytes, invalid
// UTF-8) is refused where input comes in, naming the field, so that no
// handler can forget it and both databases answer 400 alike: path values,
// query parameters and form values in checkRequestText (every route, through
// handle), JSON bodies in readJSON, multipart forms in parseMultipartForm.

// badText reports whether s holds a NUL byte or invalid UTF-8.
func badText(s string) bool {
	return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s)
}

// invalidText is the error about a field with such text. The field's name is
// shown as far as it is printable.
func invalidText(field string) error {
	field = strings.ToValidUTF8(strings.ReplaceAll(field, "\x00", ""), "")
	return domain.Invalidf(field, "Fältet %s innehåller otillåtna tecken (nolltecken eller ogiltig UTF-8).", field)
}

// checkRequestText checks the path values of pattern, the query parameters
// and, on form routes, the posted form values of a request.
func checkRequestText(r *http.Request, pattern string) error {
	for _, m := range pathParam.FindAllStringSubmatch(pattern, -1) {
		if badText(r.PathValue(m[1])) {
			return invalidText(m[1])
		}
	}
	if isAPI(r) || isMultipartForm(r) {
		// API bodies are JSON (readJSON); multipart forms are parsed by the
		// handlers that take files (parseMultipartForm).
		return checkQuery(r)
	}
	// Pages get their query and posted form parsed here, once, so that no
	// handler has a parse error to forget: r.Form is ready for them.
	if err := r.ParseForm(); err != nil {
		return domain.Errorf(domain.EInvalid, "Formuläret kunde inte läsas.")
	}
	return checkValues(r.Form)
}

// checkQuery checks the query parameters of a request whose body is parsed
// elsewhere; a query that does not parse is refused like a bad value.
func checkQuery(r *http.Request) error {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return domain.Errorf(domain.EInvalid, "Adressens parametrar kunde inte läsas.")
	}
	return checkValues(q)
}

func isMultipartForm(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "multipart/form-data"
}

func checkValues(values map[string][]string) error {
	for k, vs := range values {
		if badText(k) {
			return invalidText(k)
		}
		for _, v := range vs {
			if badText(v) {
				return invalidText(k)
			}
		}
	}
	return nil
}

// parseMultipartForm parses a form with files and checks its text values and
// file names. fileLimit bounds the form's file: a larger body is refused with
// the limit named (the form's other fields get a little room on top);
// unreadable is the error when the form cannot be read at all.
func parseMultipartForm(w http.ResponseWriter, r *http.Request, fileLimit int64, unreadable error) error {
	r.Body = http.MaxBytesReader(w, r.Body, fileLimit+1<<20)
	if err := r.ParseMultipartForm(fileLimit + 1<<20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return domain.FileTooLarge("file", fileLimit)
		}
		return unreadable
	}
	if err := checkValues(r.MultipartForm.Value); err != nil {
		return err
	}
	for k, fs := range r.MultipartForm.File {
		for _, f := range fs {
			if badText(k) || badText(f.Filename) {
				return invalidText(k)
			}
		}
	}
	return checkValues(r.URL.Query())
}

// checkJSONText walks a JSON body's tokens and names the first member whose
// key or string value has a NUL byte or invalid UTF-8 (the decoder would
// quietly turn invalid UTF-8 into U+FFFD, so the raw bytes are checked too).
// A body that is not JSON passes: decoding it reports that.
func checkJSONText(body []byte) error {
	// A NUL comes from a NUL byte or a \u0000 escape: a body of valid UTF-8
	// with neither (nearly every body) has nothing to find.
	if utf8.Valid(body) && bytes.IndexByte(body, 0) < 0 && !bytes.Contains(body, []byte(`\u0000`)) {
		return nil
	}
	type frame struct {
		object  bool
		key     string
		index   int
		wantKey bool
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
			}
		}
		return b.String()
	}
	valueDone := func() {
		if len(stack) == 0 {
			return
		}
		if top := &stack[len(stack)-1]; top.object {
			top.wantKey = true
		} else {
			top.index++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil { // the end, or a syntax error that decoding reports
			return nil
		}
		raw := body[start:dec.InputOffset()]
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = v, false
				if badText(v) || !utf8.Valid(raw) {
					return invalidText(path())
				}
				continue
			}
			if badText(v) || !utf8.Valid(raw) {
				return invalidText(path())
			}
			valueDone()
		default:
			valueDone()
		}
	}
}
