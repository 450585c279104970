package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionText(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.time", Value: "2026-12-03T18:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	if got, want := versionText(info, true), "hjalpmedel (devel) commit 0123456789ab+changes (2026-12-03T18:00:00Z) go1.26.0"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := versionText(nil, false); !strings.Contains(got, "no build information") {
		t.Errorf("without build information: %q", got)
	}
}

// Every command's -h exits 0 and lists its flags with their environment
// variables; so do help and version.
func TestEveryCommandHelpListsItsEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	for _, args := range [][]string{{"serve", "-h"}, {"migrate", "-h"}, {"seed", "-h"}, {"user", "create", "-h"}, {"bench", "-h"},
		{"sim", "-h"}, {"registry", "import", "-h"}, {"backup", "-h"}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "[HJALPMEDEL_DB]") {
			t.Errorf("hjalpmedel %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, args := range [][]string{{"help"}, {"version"}} {
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil || len(out) == 0 {
			t.Errorf("hjalpmedel %s: %v\n%s", args[0], err, out)
		}
	}
}
