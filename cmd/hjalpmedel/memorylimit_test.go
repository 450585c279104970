package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestSetMemoryLimit checks that serve's --memory-limit becomes the runtime's
// soft limit, and that GOMEMLIMIT or 0 leaves the runtime's own.
func TestSetMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	current := func() int64 { return debug.SetMemoryLimit(-1) }

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "")
	setMemoryLimit(0)
	if got := current(); got != math.MaxInt64 {
		t.Errorf("--memory-limit 0: limit %d, want none", got)
	}
	setMemoryLimit(defaultMemoryLimitMiB)
	if got, want := current(), int64(defaultMemoryLimitMiB)<<20; got != want {
		t.Errorf("--memory-limit %d: limit %d, want %d", defaultMemoryLimitMiB, got, want)
	}

	debug.SetMemoryLimit(1 << 30) // as the runtime would have read GOMEMLIMIT=1GiB
	t.Setenv("GOMEMLIMIT", "1GiB")
	setMemoryLimit(defaultMemoryLimitMiB)
	if got := current(); got != 1<<30 {
		t.Errorf("GOMEMLIMIT set: limit %d, want GOMEMLIMIT's %d", got, 1<<30)
	}
}
