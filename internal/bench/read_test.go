package bench

import (
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"hjalpmedel/internal/demo"
	"hjalpmedel/internal/store"
)

// demoFile makes an SQLite file with the demo data, as seed --demo does.
func demoFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bench.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	return path
}

// The read mode runs end to end on the demo data: samples, logins, the mix and
// the baseline, without a failed request.
func TestReadModeRunsOnTheDemoData(t *testing.T) {
	if err := Main(context.Background(), []string{"--mode", "read", "--db", demoFile(t), "--clients", "2", "--duration", "1s"}, parse); err != nil {
		t.Fatal(err)
	}
}

// The order modes run on an existing data set, the API mode twice (each run adds
// its own units and idempotency keys), with no failed order and the consistency
// check passing.
func TestOrderModesRunOnAnExistingDataSet(t *testing.T) {
	path := demoFile(t)
	for _, mode := range []string{"orders", "orders-html", "orders"} {
		if err := Main(context.Background(), []string{"--mode", mode, "--existing", "--db", path, "--clients", "2", "--duration", "1s"}, parse); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
	}
}

// parse reads the flags as the command does, without its environment.
func parse(fs *flag.FlagSet, args []string) error { return fs.Parse(args) }

// The suggestions mode runs on the demo data (Rullstol Cross has accessory counts).
func TestSuggestionsModeRunsOnTheDemoData(t *testing.T) {
	if err := Main(context.Background(), []string{"--mode", "suggestions", "--existing", "--db", demoFile(t), "--clients", "1", "--duration", "1s"}, parse); err != nil {
		t.Fatal(err)
	}
}
