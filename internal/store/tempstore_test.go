package store

import (
	"context"
	"path/filepath"
	"testing"
)

// SQLite's readers keep sorts and temporary tables in its default storage (one
// buffer, a file beyond it) and the writer in memory (store.go): a reader's
// sort larger than its memory spills to a file, query_only as it is.
func TestSQLiteTemporaryStorage(t *testing.T) {
	ctx := context.Background()
	db := openSQLiteFile(t, "temp.db")
	var reader, writer int
	if err := db.Read().Get(ctx, "PRAGMA temp_store", nil, &reader); err != nil {
		t.Fatal(err)
	}
	if err := db.Transact(ctx, func(q *Q) error { return q.Get(ctx, "PRAGMA temp_store", nil, &writer) }); err != nil {
		t.Fatal(err)
	}
	if reader != 0 || writer != 2 {
		t.Errorf("temp_store: readers %d, writer %d; want 0 (default) and 2 (memory)", reader, writer)
	}
	// 20 MB of rows to sort: more than a reader's cache, so the sort spills.
	// The last row of the order: the sorter holds every row to find it.
	var last int
	if err := db.Read().Get(ctx, `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100000)
		SELECT i FROM s ORDER BY (i * 7919) % 100003, printf('%0200d', i) LIMIT 1 OFFSET 99999`, nil, &last); err != nil {
		t.Fatalf("a reader's large sort: %v", err)
	}
	want := 0
	for i := 1; i <= 100000; i++ {
		if i*7919%100003 > want*7919%100003 {
			want = i
		}
	}
	if last != want {
		t.Errorf("a reader's large sort ended with %d, want %d", last, want)
	}
}

// openSQLiteFile opens a new SQLite database named name in a temporary folder,
// closed when the test ends.
func openSQLiteFile(t *testing.T, name string) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
