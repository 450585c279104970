package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestMemoryLimit checks serve's soft memory limit: 160 MiB on SQLite and
// none on PostgreSQL unless --memory-limit says otherwise, set as the
// runtime's unless GOMEMLIMIT is.
func TestMemoryLimit(t *testing.T) {
	for _, c := range []struct {
		flag   int
		sqlite bool
		want   int
	}{
		{0, true, 160}, {0, false, 0}, {-1, true, 0}, {-1, false, 0}, {512, true, 512}, {512, false, 512},
	} {
		if got := memoryLimitMiB(c.flag, c.sqlite); got != c.want {
			t.Errorf("memoryLimitMiB(%d, sqlite %v) = %d, want %d", c.flag, c.sqlite, got, c.want)
		}
	}

	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	current := func() int64 { return debug.SetMemoryLimit(-1) }
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "")
	setMemoryLimit(0)
	if got := current(); got != math.MaxInt64 {
		t.Errorf("no limit asked: limit %d, want none", got)
	}
	setMemoryLimit(160)
	if got, want := current(), int64(160)<<20; got != want {
		t.Errorf("160 MiB asked: limit %d, want %d", got, want)
	}
	debug.SetMemoryLimit(1 << 30) // as the runtime would have read GOMEMLIMIT=1GiB
	t.Setenv("GOMEMLIMIT", "1GiB")
	setMemoryLimit(160)
	if got := current(); got != 1<<30 {
		t.Errorf("GOMEMLIMIT set: limit %d, want GOMEMLIMIT's %d", got, 1<<30)
	}
}
