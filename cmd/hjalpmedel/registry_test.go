package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
)

// TestRegistryImport imports a JSON Lines file as the command does: a death, an
// address change and a repeat of the death are applied once, a line that is
// not an event and an event of nobody in the registry are reported by line and
// make the command fail; the same file again applies nothing new. The audit
// log names the importer.
func TestRegistryImport(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "registry.db")
	db, err := openDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(t.TempDir(), "events.jsonl")
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	lines := []string{
		`{"id":"i1","type":"deceased","personnummer":"192703301396","date":"` + yesterday + `"}`,
		``,
		`{"id":"i2","type":"address_changed","personnummer":"193406122139","date":"` + yesterday + `","address":{"street":"Ny väg 1","postalCode":"96131","town":"BODEN"}}`,
		`not json`,
		`{"id":"i1","type":"deceased","personnummer":"192703301396","date":"` + yesterday + `"}`,
		`{"id":"i3","type":"deceased","personnummer":"190001019801","date":"` + yesterday + `"}`,
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = runRegistry(ctx, []string{"import", "--db", dsn, file}, &out)
	if err == nil || !strings.Contains(err.Error(), "2 of 5 events refused") {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	for _, want := range []string{"2 applied, 1 already applied before, 2 refused", `line 4: event "" refused: not an event`,
		`line 6: event "i3" refused: Personnummer 190001019801 finns inte i folkbokföringsregistret.`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := runRegistry(ctx, []string{"import", "--db", dsn, file}, &out); err == nil || !strings.Contains(out.String(), "0 applied, 3 already applied before, 2 refused") {
		t.Fatalf("again: %v\n%s", err, out.String())
	}
	db, err = openDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := countRows(t, db, "registry_events"); n != 2 {
		t.Errorf("%d events kept, want 2", n)
	}
	var street, user string
	if err := db.Read().Get(ctx, "SELECT street FROM persons WHERE personnummer = '193406122139'", nil, &street); err != nil || street != "Ny väg 1" {
		t.Errorf("street %q %v", street, err)
	}
	if err := db.Read().Get(ctx, "SELECT username FROM audit_log WHERE action = 'registry.event' AND entity_id = 'i1'", nil, &user); err != nil || user != "FOLKBOKFORINGEN" {
		t.Errorf("audit user %q %v", user, err)
	}
	if err := runRegistry(ctx, []string{"import", "--db", dsn}, &out); err == nil {
		t.Error("no file: no error")
	}
}
