package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/repo"
	"hjalpmedel/internal/service"
	"hjalpmedel/internal/testserver"
)

// backgroundSpy is a store that notes, for each batch of billing lines written
// or deleted, catalogue article and registry event written, whether it was
// written as a long job's (repo.Background).
type backgroundSpy struct {
	repo.Store
	mu     sync.Mutex
	writes map[string][]bool // what was written: as a long job's or not
}

type backgroundSpyQueries struct {
	repo.Queries
	spy *backgroundSpy
}

func (s *backgroundSpy) note(ctx context.Context, what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes[what] = append(s.writes[what], repo.IsBackground(ctx))
}

func (s *backgroundSpy) Transact(ctx context.Context, fn func(q repo.Queries) error) error {
	return s.Store.Transact(ctx, func(q repo.Queries) error { return fn(backgroundSpyQueries{q, s}) })
}

func (q backgroundSpyQueries) InsertBillingLines(ctx context.Context, job int64, month string, lines []domain.StoredBillingLine) error {
	q.spy.note(ctx, "billing lines")
	return q.Queries.InsertBillingLines(ctx, job, month, lines)
}

func (q backgroundSpyQueries) DeleteBillingJobLines(ctx context.Context, job int64, limit int) (int64, error) {
	q.spy.note(ctx, "replaced run's lines deleted")
	return q.Queries.DeleteBillingJobLines(ctx, job, limit)
}

func (q backgroundSpyQueries) CreateRegistryEvent(ctx context.Context, e domain.RegistryEventRow) (bool, error) {
	q.spy.note(ctx, "registry event")
	return q.Queries.CreateRegistryEvent(ctx, e)
}

func (q backgroundSpyQueries) InsertCatalogArticle(ctx context.Context, a *domain.CatalogArticle, now time.Time) error {
	q.spy.note(ctx, "article")
	return q.Queries.InsertCatalogArticle(ctx, a, now)
}

// TestLongJobsWriteInTheBackground: a billing run (its lines, and the deletion
// of the lines of the run it replaced), a catalogue import and a
// registry import write as long jobs, whose writes on SQLite take the writer in turns with the
// requests' instead of ahead of them.
func TestLongJobsWriteInTheBackground(t *testing.T) {
	testserver.Backends(t, nil, func(t *testing.T, srv *testserver.Server) {
		ctx := context.Background()
		spy := &backgroundSpy{Store: srv.DB.Repo(), writes: map[string][]bool{}}
		svc := service.New(spy, nil)
		svc.Clock = srv.Svc.Clock
		admin := actorOf(t, srv, "ADMIN")
		for range 2 { // the second run replaces the first, whose lines it deletes
			if _, err := svc.RunBilling(ctx, admin, "2026-10"); err != nil {
				t.Fatal(err)
			}
		}
		file := "number,name,unitOfMeasure,isoCode,supplier,status,purpose\n" +
			"94101,Rullstol C,st,1222,Etac Sverige AB,stocked,rent\n"
		if _, err := svc.ImportCatalogCSV(ctx, admin, []byte(file), false); err != nil {
			t.Fatal(err)
		}
		event := `{"id":"bg-1","type":"name_changed","personnummer":"191212121212","date":"2026-10-01","firstName":"Tolvan","lastName":"Bakgrund"}`
		lines, err := svc.ImportRegistryEvents(ctx, admin, strings.NewReader(event+"\n"))
		if err != nil || len(lines) != 1 || lines[0].Error != "" {
			t.Fatalf("registry import: %+v, %v", lines, err)
		}
		for _, what := range []string{"billing lines", "replaced run's lines deleted", "article", "registry event"} {
			got := spy.writes[what]
			if len(got) == 0 {
				t.Fatalf("no %s written", what)
			}
			for i, background := range got {
				if !background {
					t.Fatalf("write %d of %s not a long job's", i+1, what)
				}
			}
		}
	})
}
