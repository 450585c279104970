package store_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/domain"
	"hjalpmedel/internal/store"
	"hjalpmedel/internal/storetest"
)

// demoNow is when the store tests on the demo data run.
var demoNow = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// withDemo runs fn on each backend with the demo data loaded at demoNow.
func withDemo(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	storetest.Backends(t, func(t *testing.T, db *store.DB) {
		if err := demo.Load(context.Background(), db, demoNow); err != nil {
			t.Fatal(err)
		}
		fn(t, db)
	})
}

// An order and its lines are read in one query: the same order as the list
// reads and the same lines, components and units as the lines' own query,
// whether looked up by id, by number or locked; an order without lines (a new
// draft) is found too.
func TestOrderReadInOneQuery(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := db.Read()
		var id int64
		// The order with the most lines that has components and units.
		if err := q.Get(ctx, `SELECT l.order_id FROM order_lines l GROUP BY l.order_id
			HAVING COUNT(l.parent_line_id) > 0 AND EXISTS (SELECT 1 FROM order_line_units lu JOIN order_lines x ON x.id = lu.line_id
				WHERE x.order_id = l.order_id)
			ORDER BY COUNT(*) DESC, l.order_id LIMIT 1`, nil, &id); err != nil {
			t.Fatal(err)
		}
		listed := func(o *domain.Order) *domain.Order {
			t.Helper()
			list, err := q.FindOrders(ctx, domain.OrderFilter{Personnummer: o.RecipientPersonnummer, Customer: o.CustomerNumber})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range list {
				if l.ID == o.ID {
					return l
				}
			}
			t.Fatalf("order %d is not listed", o.ID)
			return nil
		}
		same := func(how string, got *domain.Order, lines []domain.OrderLine) {
			t.Helper()
			if !reflect.DeepEqual(got.Lines, lines) {
				t.Errorf("%s: lines\n%+v\nwant\n%+v", how, got.Lines, lines)
			}
			head := *got
			head.Lines = nil
			if want := listed(got); !reflect.DeepEqual(&head, want) {
				t.Errorf("%s: order\n%+v\nwant\n%+v", how, head, *want)
			}
		}

		byID, err := q.FindOrderByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		lines, err := q.FindOrderLines(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		units := 0
		for _, l := range lines {
			units += len(l.Units)
		}
		if len(lines) < 2 || units == 0 {
			t.Fatalf("order %d: %d lines with %d units; want an order with components and units", id, len(lines), units)
		}
		same("by id", byID, lines)
		byNumber, err := q.FindOrderByNumber(ctx, byID.Number)
		if err != nil {
			t.Fatal(err)
		}
		same("by number", byNumber, lines)
		err = db.Transact(ctx, func(w *store.Q) error {
			locked, err := w.LockOrderByNumber(ctx, byID.Number)
			if err == nil {
				same("locked", locked, lines)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		draft := *byID
		draft.Lines, draft.Number, draft.Status, draft.RegisteredAt = nil, "", "draft", time.Time{}
		err = db.Transact(ctx, func(w *store.Q) error {
			_, err := w.CreateOrder(ctx, &draft)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := q.FindOrderByID(ctx, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != draft.ID || got.Status != "draft" || len(got.Lines) != 0 {
			t.Errorf("draft without lines: %+v", got)
		}
		same("draft", got, nil)
		if _, err := q.FindOrderByNumber(ctx, "99999999"); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("an unknown number: %v, want not found", err)
		}
	})
}

// An order's catalogue facts in one query are what the single queries read:
// the articles and their base configurations' components, each with its base
// configuration and replacement chain; an unknown number is absent.
func TestOrderFactsInOneQuery(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := domain.DateOf(demoNow)
		q := db.Read()
		numbers, err := q.Strings(ctx, `SELECT number FROM (
			SELECT MIN(article_number) AS number FROM article_base_components
			UNION SELECT MAX(article_number) FROM article_base_components
			UNION SELECT MIN(article_number) FROM replacement_chain_articles
			UNION SELECT MAX(article_number) FROM replacement_chain_articles) x ORDER BY number`)
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, "NOPE")
		got, err := q.FindOrderFacts(ctx, numbers, day)
		if err != nil {
			t.Fatal(err)
		}
		base, err := q.FindBaseComponents(ctx, numbers)
		if err != nil {
			t.Fatal(err)
		}
		all := numbers
		for _, bs := range base {
			for _, b := range bs {
				all = append(all, b.Article)
			}
		}
		articles, err := q.FindOrderArticles(ctx, all, day)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for number := range articles {
			found = append(found, number)
		}
		base, err = q.FindBaseComponents(ctx, found)
		if err != nil {
			t.Fatal(err)
		}
		chains, err := q.FindChains(ctx, found)
		if err != nil {
			t.Fatal(err)
		}
		if len(base) == 0 || len(chains) == 0 || len(articles) <= len(numbers) {
			t.Fatalf("the sample has %d base configurations, %d chains and %d articles; want some of each, with components", len(base), len(chains), len(articles))
		}
		want := &domain.OrderFacts{Articles: articles, Base: base, Chains: chains}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("facts in one query:\n%+v\nwant\n%+v", got, want)
		}
	})
}

// An action that waited for an order's lock reads the order's lines as the
// action before it left them: a delivery racing another of the same lines
// sees them delivered (on PostgreSQL a statement that waits for a lock reads
// the rows it joins as they were when it began).
func TestLockedOrderReadAfterTheLockHolder(t *testing.T) {
	withDemo(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var number string
		if err := db.Read().Get(ctx, `SELECT o.number FROM orders o JOIN order_lines l ON l.order_id = o.id
			WHERE o.number IS NOT NULL ORDER BY o.id LIMIT 1`, nil, &number); err != nil {
			t.Fatal(err)
		}
		locked, release := make(chan struct{}), make(chan struct{})
		var releaseOnce sync.Once
		letGo := func() { releaseOnce.Do(func() { close(release) }) }
		t.Cleanup(letGo) // a failed test leaves no transaction waiting
		first := make(chan error, 1)
		go func() {
			first <- db.Transact(ctx, func(q *store.Q) error {
				o, err := q.LockOrderByNumber(ctx, number)
				if err != nil {
					return err
				}
				close(locked)
				<-release
				_, err = q.Exec(ctx, "UPDATE order_lines SET chain_note = 'ändrad av den första' WHERE order_id = ?", o.ID)
				return err
			})
		}()
		<-locked
		second := make(chan []string, 1)
		go func() {
			var notes []string
			err := db.Transact(ctx, func(q *store.Q) error {
				o, err := q.LockOrderByNumber(ctx, number)
				if err != nil {
					return err
				}
				notes = notes[:0]
				for _, l := range o.Lines {
					notes = append(notes, l.ChainNote)
				}
				return nil
			})
			if err != nil {
				t.Error(err)
			}
			second <- notes
		}()
		if db.Dialect == store.Postgres { // the second waits for the lock, its statement begun
			waitFor(t, db, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT o.id%'")
		} else {
			time.Sleep(100 * time.Millisecond)
		}
		letGo()
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		notes := <-second
		if len(notes) == 0 {
			t.Fatal("the second read no lines")
		}
		for i, n := range notes {
			if n != "ändrad av den första" {
				t.Fatalf("line %d read after the lock: chain note %q, want the first action's change", i, n)
			}
		}
	})
}

// waitFor waits until count reads at least one, failing after a few seconds.
func waitFor(t *testing.T, db *store.DB, count string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; {
		var n int
		if err := db.Read().Get(context.Background(), count, nil, &n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("never: %s", count)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
