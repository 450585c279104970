package service_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// A request's PersonAccess finds the personnummers its response shows, also one
// cut in two by the writes, and RecordAccess writes one entry naming every shown
// registry person the request had not logged yet: with the route, the search
// criteria and the protected flag. Numbers that are longer, have a wrong check
// digit or are nobody's are not logged; a second RecordAccess writes nothing.
func TestRecordAccessLogsEveryShownPersonOnce(t *testing.T) {
	bothBackends(t, func(t *testing.T, srv *testserver.Server) {
		a := actorOf(t, srv, "KUNDTJANST")
		ctx, access := service.WithPersonAccess(context.Background(), "GET /api/v1/registry", url.Values{"name": {"Lindberg"}})
		// The request's own look-up already logged the test person.
		if err := srv.Svc.Audit(ctx, a, service.Audit{Action: "person.view", Personnummer: "191212121212", Screen: "CFR"}); err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{`[{"personnummer":"1952081`, `74465","name":"Lindberg, Sara Elisabet"},`,
			`{"personnummer":"191212121212"}, "19121212-1212", 1912121212120, 19121212-1213, 199001011234, 20261203-0000]`} {
			access.Write([]byte(part))
		}
		access.Show("") // nobody
		if err := srv.Svc.RecordAccess(ctx, a, access); err != nil {
			t.Fatal(err)
		}
		if err := srv.Svc.RecordAccess(ctx, a, access); err != nil {
			t.Fatal(err)
		}
		all, err := srv.DB.Read().FindAudit(context.Background(), domain.AuditFilter{Username: "KUNDTJANST", Action: "person.view"})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Fatalf("%d person.view entries, want the look-up's and one for the response: %+v", len(all), all)
		}
		e := all[0]
		if e.Screen != "GET /api/v1/registry" || e.Personnummer != "195208174465" || !e.Protected ||
			!strings.Contains(e.After, `"criteria":{"name":["Lindberg"]}`) {
			t.Fatalf("the response's entry: %+v", e)
		}
		mine, err := srv.DB.Read().FindAudit(context.Background(), domain.AuditFilter{Personnummer: "195208174465"})
		if err != nil || len(mine) != 1 || mine[0].ID != e.ID {
			t.Fatalf("the protected person's entries: %+v, %v", mine, err)
		}
	})
}

// The scan every logged-in response goes through: a 100 kB page with 200
// personnummers.
func BenchmarkPersonAccessWrite(b *testing.B) {
	row := `<tr><td><a href="/hjalpmedel?personnummer=195208174465">19520817-4465</a></td><td>Lindberg, Sara Elisabet</td><td class="num">2026-12-03</td></tr>` + "\n"
	page := []byte(strings.Repeat(row, 100_000/len(row)))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		_, access := service.WithPersonAccess(context.Background(), "GET /x", nil)
		access.Write(page)
	}
}
