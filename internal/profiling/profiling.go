// Package profiling writes a CPU profile of a command's run (serve and bench
// take --cpuprofile).
package profiling

import (
	"os"
	"runtime/pprof"
)

// StartCPU profiles the process into the file at path until stop is called; an
// empty path profiles nothing.
func StartCPU(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
