package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestSimCommand runs a short simulation as the command does and reads its
// summary; a database that already has data is refused.
func TestSimCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "sim.db")
	var out, progress bytes.Buffer
	if err := runSim(context.Background(), []string{"--days", "35", "--seed", "3", "--db", dsn}, &out, &progress); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"days       35 (2027-01-01 – 2027-02-04)", "order.patient", "billing.close",
		"billing.run-unended-month", "invariant checks passed", "2027-01 ", "total"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(progress.String(), "sim  51% 18/35 days") || !strings.Contains(progress.String(), "sim: 35 days in ") ||
		strings.Contains(progress.String(), "\r") {
		t.Errorf("progress without a terminal: %q", progress.String())
	}
	err := runSim(context.Background(), []string{"--days", "1", "--db", dsn}, &out, &progress)
	if err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("a second run on the same database: %v", err)
	}
}
