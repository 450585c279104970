package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/testserver"
)

// boClient calls the API as one user.
type boClient struct {
	t     *testing.T
	base  string
	token string
}

func boLogin(t *testing.T, srv *testserver.Server, username string) *boClient {
	t.Helper()
	c := &boClient{t: t, base: srv.URL}
	var out struct{ Token string }
	if st := c.do("POST", "/api/v1/login", map[string]string{"username": username, "password": demo.Password}, &out); st != 200 {
		t.Fatalf("login %s: status %d", username, st)
	}
	c.token = out.Token
	return c
}

// do sends body as JSON (or raw bytes) and decodes the answer into out; it returns the status.
func (c *boClient) do(method, path string, body any, out any) int {
	c.t.Helper()
	st, b := c.raw(method, path, body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return st
}

func (c *boClient) raw(method, path string, body any) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if _, ok := body.([]byte); !ok && body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func mustExec(t *testing.T, srv *testserver.Server, query string, args ...any) {
	t.Helper()
	err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
		_, err := q.Exec(context.Background(), query, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// boCatalogBase makes sure the ISO codes and the supplier the tests use exist,
// whether or not the demo data has them.
func boCatalogBase(t *testing.T, srv *testserver.Server) {
	t.Helper()
	err := srv.DB.Transact(context.Background(), func(q *store.Q) error {
		for _, s := range []string{
			`INSERT INTO iso_classes (code, parent_code, name) VALUES ('12', NULL, 'Hjälpmedel för förflyttning') ON CONFLICT DO NOTHING`,
			`INSERT INTO iso_classes (code, parent_code, name) VALUES ('1222', '12', 'Manuella rullstolar') ON CONFLICT DO NOTHING`,
			`INSERT INTO iso_classes (code, parent_code, name) VALUES ('122203', '1222', 'Manuella rullstolar med tvåhandsdrift') ON CONFLICT DO NOTHING`,
			`INSERT INTO suppliers (name) VALUES ('Etac Sverige AB') ON CONFLICT DO NOTHING`,
		} {
			if _, err := q.Exec(context.Background(), s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCatalogueAPI runs on both databases: pictures and manuals are BYTEA on PostgreSQL.
func TestCatalogueAPI(t *testing.T) { testserver.Backends(t, nil, catalogueScenario) }

func catalogueScenario(t *testing.T, srv *testserver.Server) {
	boCatalogBase(t, srv)
	admin := boLogin(t, srv, "ADMIN")

	// Missing required fields: 400 naming each.
	var e struct {
		Error struct {
			Code   string
			Fields map[string]string
		}
	}
	if st := admin.do("POST", "/api/v1/articles", map[string]any{"number": "90001"}, &e); st != 400 || e.Error.Fields["name"] == "" || e.Error.Fields["supplier"] == "" {
		t.Fatalf("missing fields: %d %+v", st, e)
	}
	// A prescriber may not create articles.
	lno := boLogin(t, srv, "K082LNO")
	if st := lno.do("POST", "/api/v1/articles", map[string]any{"number": "90001"}, nil); st != 403 {
		t.Fatalf("prescriber creates article: %d, want 403", st)
	}

	for _, comp := range []string{"90011", "90012"} {
		if st := admin.do("POST", "/api/v1/articles", map[string]any{"number": comp, "name": "Armstöd " + comp, "unitOfMeasure": "st",
			"isoCode": "122203", "supplier": "Etac Sverige AB", "status": "stocked", "purpose": "rent"}, nil); st != 201 {
			t.Fatalf("create component %s: %d", comp, st)
		}
	}
	var art struct {
		Number, Supplier, Status, StatusText, Purpose string
		InAssortment, Individual, VisionAid           bool
		DepreciationMonths                            int
		BaseConfiguration                             []struct {
			Article  string
			Quantity int
		}
	}
	st := admin.do("POST", "/api/v1/articles", map[string]any{"number": "90001", "name": "Rullstol Provmodell", "unitOfMeasure": "st",
		"isoCode": "122203", "supplier": "etac sverige ab", "status": "stocked", "purpose": "rent", "individual": true,
		"baseConfiguration": []map[string]any{{"article": "90011", "quantity": 1}, {"article": "90012", "quantity": 2}}}, &art)
	if st != 201 || art.Number != "90001" || art.Supplier != "Etac Sverige AB" || !art.InAssortment || !art.Individual ||
		art.DepreciationMonths != 60 || art.VisionAid || art.StatusText != "Lagervara" || len(art.BaseConfiguration) != 2 ||
		art.BaseConfiguration[1].Quantity != 2 {
		t.Fatalf("create: %d %+v", st, art)
	}
	if st := admin.do("POST", "/api/v1/articles", map[string]any{"number": "90001", "name": "Dubblett", "unitOfMeasure": "st",
		"isoCode": "122203", "supplier": "Etac Sverige AB", "status": "stocked", "purpose": "rent"}, &e); st != 400 || e.Error.Fields["number"] == "" {
		t.Fatalf("duplicate number: %d %+v", st, e)
	}
	// PUT changes only what it names; the search words follow the new name.
	if st := admin.do("PUT", "/api/v1/articles/90001", map[string]any{"name": "Rullstol Provmodell Cröss", "visionAid": true}, &art); st != 200 || !art.VisionAid || art.DepreciationMonths != 60 {
		t.Fatalf("update: %d %+v", st, art)
	}
	words, err := srv.DB.Read().Strings(context.Background(), "SELECT word FROM article_words WHERE article_number = '90001' ORDER BY word")
	if err != nil || strings.Join(words, " ") != "cross provmodell rullstol" {
		t.Fatalf("article_words %v %v", words, err)
	}

	// Prices: rent and sale with valid-from dates; the same kind and date twice is a conflict.
	var p struct{ Kind, Amount, ValidFrom string }
	if st := admin.do("POST", "/api/v1/articles/90001/prices", map[string]any{"kind": "rent", "amount": "45.50", "validFrom": "2026-01-01"}, &p); st != 201 || p.Amount != "45.50" {
		t.Fatalf("price: %d %+v", st, p)
	}
	if st := admin.do("POST", "/api/v1/articles/90001/prices", map[string]any{"kind": "rent", "amount": "50,00", "validFrom": "2026-01-01"}, nil); st != 409 {
		t.Fatalf("same date twice: %d, want 409", st)
	}
	if st := admin.do("POST", "/api/v1/articles/90001/prices", map[string]any{"kind": "rent", "amount": "abc"}, nil); st != 400 {
		t.Fatalf("bad amount: %d, want 400", st)
	}
	if st := admin.do("POST", "/api/v1/articles/90001/prices", map[string]any{"kind": "sale", "amount": "2471.60", "validFrom": "2021-12-02"}, nil); st != 201 {
		t.Fatalf("sale price: %d", st)
	}

	// Picture and manual, stored in the database and served to any logged-in user.
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	if st, b := admin.raw("PUT", "/api/v1/articles/90001/picture", png); st != 200 {
		t.Fatalf("upload picture: %d %s", st, b)
	}
	if st, _ := admin.raw("PUT", "/api/v1/articles/90001/manual", []byte("not a pdf")); st != 400 {
		t.Fatalf("upload non-PDF manual: %d, want 400", st)
	}
	if st, _ := admin.raw("PUT", "/api/v1/articles/90001/manual", []byte("%PDF-1.4\n%%EOF\n")); st != 200 {
		t.Fatalf("upload manual: %d", st)
	}
	if st, b := lno.raw("GET", "/api/v1/articles/90001/picture", nil); st != 200 || !bytes.Equal(b, png) {
		t.Fatalf("get picture: %d", st)
	}
	if st, b := lno.raw("GET", "/api/v1/articles/90001/manual", nil); st != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("get manual: %d", st)
	}
	if st, _ := lno.raw("GET", "/api/v1/articles/90011/manual", nil); st != 404 {
		t.Fatalf("missing manual: %d, want 404", st)
	}

	// A replacement chain, oldest first; an article can be in one chain only.
	var ch struct{ ID string }
	if st := admin.do("POST", "/api/v1/replacement-chains", map[string]any{"name": "Armstöd", "articles": []map[string]string{{"article": "90011"}, {"article": "90012"}}}, &ch); st != 201 {
		t.Fatalf("chain: %d", st)
	}
	if st := admin.do("POST", "/api/v1/replacement-chains", map[string]any{"name": "Igen", "articles": []map[string]string{{"article": "90012"}, {"article": "90001"}}}, nil); st != 400 {
		t.Fatalf("article in two chains: %d, want 400", st)
	}
}
