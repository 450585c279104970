package bench

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
)

// The read mode runs end to end on the demo data: samples, logins, the mix and
// the baseline, without a failed request.
func TestReadModeRunsOnTheDemoData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bench.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := Main(ctx, []string{"--mode", "read", "--db", path, "--clients", "2", "--duration", "1s"}); err != nil {
		t.Fatal(err)
	}
}
