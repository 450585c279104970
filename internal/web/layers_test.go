package web_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestWebAndServiceDoNotDependOnTheStore keeps SQL and database handles out of
// the pages and the actions: they see storage only through internal/repo, and
// only cmd and the tests wire internal/store in.
func TestWebAndServiceDoNotDependOnTheStore(t *testing.T) {
	for _, pkg := range []string{"hjalpmedel/internal/web", "hjalpmedel/internal/service"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == "hjalpmedel/internal/store" || strings.HasPrefix(dep, "github.com/jackc/pgx") || strings.HasPrefix(dep, "modernc.org/sqlite") {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}
