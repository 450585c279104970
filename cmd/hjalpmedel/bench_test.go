package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The mixed bench runs end to end on the demo data with the real server as its
// child process: look-ups, orders and deliveries in the baseline, quiet and job
// phases, the jobs and the order checks, without a failed request; it reports
// serve's memory, and serve ends cleanly.
func TestMixedBenchRunsServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "demo.db")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = slicesWithout(os.Environ(), "HJALPMEDEL_")
		return cmd.CombinedOutput()
	}
	if out, err := run("seed", "--demo", "--db", db); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	out, err := run("bench", "--mode", "mixed", "--db", db, "--clients", "2", "--duration", "1s")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	for _, want := range []string{"quiet phase: 1.0s, peak RSS of serve ", "serve peak RSS "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %q in the output:\n%s", want, out)
		}
	}
}
