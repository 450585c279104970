package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"hjalpmedel/internal/domain"
)

// APIDoc describes an API route for the OpenAPI document, which is built from
// the routes actually registered, so the two cannot drift apart.
type APIDoc struct {
	Summary     string
	Description string
	Tag         string
	Query       []QueryParam // query parameters
	Request     any          // a value of the request body type (nil: no body)
	Response    any          // a value of the success body type
	Status      int          // success status; default 200 (201 for creates)
	EmptyBody   bool         // an action that accepts no body or {}
	Public      bool         // needs no login
	// RequestType is the content type of a body that is not JSON (a CSV import,
	// an uploaded PDF); Request is then ignored.
	RequestType string
	// Files are the content types the success answer has besides JSON, e.g.
	// "text/csv" and "application/pdf" for ?format=csv|pdf, or the only ones
	// when Response is nil.
	Files []string
}

// The content types of APIDoc.Files.
var (
	csvFile   = []string{"text/csv"}
	pdfFile   = []string{"application/pdf"}
	csvAndPDF = []string{"text/csv", "application/pdf"}
)

// QueryParam is a documented query parameter.
type QueryParam struct {
	Name, Description string
}

type apiRoute struct {
	Method, Path string
	Roles        []domain.Role
	Doc          APIDoc
}

// apiRoute registers a JSON route under /api/v1 and documents it.
func (s *Server) apiRoute(pattern string, doc APIDoc, h handler, roles ...domain.Role) {
	method, p, _ := strings.Cut(pattern, " ")
	s.api = append(s.api, apiRoute{Method: method, Path: p, Roles: roles, Doc: doc})
	kind := kindAPI
	if doc.Public {
		kind = kindAPIPublic
	}
	s.handle(pattern, kind, h, roles...)
}

// writeJSON writes v as JSON with a status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeCreated answers a create: 201 with the new object, or 200 with the object
// first created when a repeated idempotencyKey found it (SPEC §9).
func writeCreated(w http.ResponseWriter, created bool, v any) error {
	if created {
		return writeJSON(w, http.StatusCreated, v)
	}
	return writeJSON(w, http.StatusOK, v)
}

// readJSON decodes a request body into v; an empty body leaves v as it is, so
// "empty body" actions accept no body or {}. Unknown fields are refused.
func readJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	if err != nil {
		return domain.Errorf(domain.EInvalid, "Kunde inte läsa begäran.")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	if err := checkJSONText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return domain.Invalidf(te.Field, "Fältet %s har fel typ.", te.Field)
		}
		return domain.Errorf(domain.EInvalid, "Ogiltig JSON: %v", err)
	}
	// One value per body: anything after it was meant for something else.
	if _, err := dec.Token(); err != io.EOF {
		return domain.Errorf(domain.EInvalid, "Ogiltig JSON: text efter objektet.")
	}
	return nil
}

// Coded is an enumeration value with its Swedish display text, as the API shows them.
type Coded struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_][a-zA-Z0-9_]*)(?:\.\.\.)?\}`)

// openAPI builds the OpenAPI 3.1 document from the registered API routes.
func (s *Server) openAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.api {
		op := map[string]any{"summary": rt.Doc.Summary, "operationId": operationID(rt.Method, rt.Path)}
		if rt.Doc.Description != "" {
			op["description"] = rt.Doc.Description
		}
		if len(rt.Roles) > 0 {
			var names []string
			for _, r := range rt.Roles {
				names = append(names, string(r))
			}
			op["x-roles"] = names
		}
		tag := rt.Doc.Tag
		if tag == "" {
			tag = strings.Split(strings.TrimPrefix(rt.Path, "/api/v1/"), "/")[0]
		}
		op["tags"] = []string{tag}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, qp := range rt.Doc.Query {
			params = append(params, map[string]any{"name": qp.Name, "in": "query", "description": qp.Description, "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch {
		case rt.Doc.RequestType != "":
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				rt.Doc.RequestType: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}}
		case rt.Doc.Request != nil:
			op["requestBody"] = map[string]any{"required": !rt.Doc.EmptyBody, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Doc.Request), schemaRequest, 0)}}}
		}
		status := rt.Doc.Status
		if status == 0 {
			status = http.StatusOK
		}
		content := map[string]any{}
		if rt.Doc.Response != nil {
			content["application/json"] = map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Doc.Response), schemaResponse, 0)}
		}
		for _, ct := range rt.Doc.Files {
			content[ct] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
		}
		resp := map[string]any{"description": http.StatusText(status)}
		if len(content) > 0 {
			resp["content"] = content
		}
		responses := map[string]any{itoa(status): resp}
		if status == http.StatusCreated && hasJSONField(rt.Doc.Request, "idempotencyKey") {
			responses["200"] = map[string]any{"description": "A repeat with the idempotencyKey of an earlier create: the object that create made, unchanged.",
				"content": content}
		}
		for _, code := range []int{400, 401, 403, 404, 409} {
			responses[itoa(code)] = map[string]any{"$ref": "#/components/responses/Error"}
		}
		responses["503"] = map[string]any{"$ref": "#/components/responses/Unavailable"}
		op["responses"] = responses
		if rt.Doc.Public {
			op["security"] = []any{} // no login: overrides the document's
		} else {
			op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"cookie": []string{}}}
		}
		oapiPath := pathParam.ReplaceAllString(rt.Path, "{$1}")
		if paths[oapiPath] == nil {
			paths[oapiPath] = map[string]any{}
		}
		paths[oapiPath][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Hjälpmedel API", "version": "1",
			"description": "Förskrivarportal och bakomliggande hjälpmedelsverksamhet. Identifiers are strings, money is a decimal string in kronor, dates YYYY-MM-DD, enumerations English codes with Swedish texts."},
		"servers":  []any{map[string]any{"url": "/", "description": "This server"}},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"cookie": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
				"cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
			"responses": map[string]any{
				"Error": map[string]any{"description": "Error", "content": errorContent},
				"Unavailable": map[string]any{"description": "The database could not be reached, or the connection broke " +
					"while a change was being saved (error code `unavailable`, header Retry-After). It is safe to repeat " +
					"the request: a create sent again with the same idempotencyKey is made exactly once (an answer 200 " +
					"instead of 201 returns the one already made).", "content": errorContent},
			},
		},
	}
}

// errorContent is the JSON body of every error answer.
var errorContent = map[string]any{
	"application/json": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
		"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
			"code":    map[string]any{"type": "string", "enum": []string{"invalid", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict", "unavailable", "internal"}},
			"message": map[string]any{"type": "string"},
			"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}},
		}}}}}}

func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		part = strings.Trim(part, "{}.")
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

var (
	timeType    = reflect.TypeOf(time.Time{})
	rawJSONType = reflect.TypeOf(json.RawMessage{})
)

// schemaUse tells schemaOf whether a schema describes what clients send or
// what the server answers: an answer's fields without omitempty are always
// there (required); a request's are required only when tagged api:"required".
type schemaUse int

const (
	schemaRequest schemaUse = iota
	schemaResponse
)

// schemaOf derives a JSON schema from a Go type and its tags: json names and
// omitempty, api:"required" on request fields, enum:"a,b,c" for the codes a
// field takes. Pointers, slices and maps may be null (a nil slice encodes as
// null), so their schemas say so.
func schemaOf(t reflect.Type, use schemaUse, depth int) map[string]any {
	if depth > 8 {
		return map[string]any{}
	}
	if t.Kind() == reflect.Pointer {
		return nullable(schemaOf(t.Elem(), use, depth))
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawJSONType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		sch := map[string]any{"type": "array", "items": schemaOf(t.Elem(), use, depth+1)}
		if t.Kind() == reflect.Slice {
			return nullable(sch)
		}
		return sch
	case reflect.Map:
		return nullable(map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), use, depth+1)})
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous && name == "" {
				sub := schemaOf(f.Type, use, depth+1)
				if p, ok := sub["properties"].(map[string]any); ok {
					for k, v := range p {
						props[k] = v
					}
				}
				if r, ok := sub["required"].([]string); ok {
					required = append(required, r...)
				}
				continue
			}
			if name == "" {
				name = f.Name
			}
			sch := schemaOf(f.Type, use, depth+1)
			if strings.Contains(opts, "string") {
				sch = map[string]any{"type": "string"}
			}
			if enum := f.Tag.Get("enum"); enum != "" {
				var values []any
				for _, v := range strings.Split(enum, ",") {
					values = append(values, v)
				}
				if types, ok := sch["type"].([]string); ok && slices.Contains(types, "null") {
					values = append(values, nil)
				}
				sch["enum"] = values
			}
			props[name] = sch
			omitted := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
			if (use == schemaResponse && !omitted) || (use == schemaRequest && f.Tag.Get("api") == "required") {
				required = append(required, name)
			}
		}
		sch := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			slices.Sort(required)
			sch["required"] = required
		}
		return sch
	case reflect.Interface:
		return map[string]any{}
	}
	return map[string]any{}
}

// nullable lets a schema's value also be null (OpenAPI 3.1: a type list).
func nullable(sch map[string]any) map[string]any {
	if typ, ok := sch["type"].(string); ok {
		sch["type"] = []string{typ, "null"}
	}
	return sch
}

// hasJSONField reports whether v's type (a struct or a pointer to one) has a
// field with the JSON name.
func hasJSONField(v any, name string) bool {
	if v == nil {
		return false
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		if n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); n == name {
			return true
		}
	}
	return false
}

// rawJSON embeds stored JSON text as it is.
func rawJSON(s string) json.RawMessage { return json.RawMessage(s) }
