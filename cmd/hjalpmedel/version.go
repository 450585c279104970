package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// versionText names the build: the module version, the commit it was built
// from (with "+changes" when the work tree was not clean) and the Go version.
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "hjalpmedel (no build information)"
	}
	version, revision, when, dirty := info.Main.Version, "", "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	out := "hjalpmedel " + version
	if revision != "" {
		out += " commit " + revision[:min(12, len(revision))]
		if dirty {
			out += "+changes"
		}
		if when != "" {
			out += " (" + when + ")"
		}
	}
	return out + " " + info.GoVersion
}

func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(w, versionText(info, ok))
}
