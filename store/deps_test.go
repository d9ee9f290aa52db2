package store

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps guards the package rule: only the command line imports the
// store; the reader reaches it through model.Store.
func TestDeps(t *testing.T) {
	for _, pkg := range []string{"bulletin/model", "bulletin/ui", "bulletin/sources", "bulletin/render"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Skipf("go list: %v", err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == "bulletin/store" || strings.HasPrefix(dep, "modernc.org/sqlite") {
				t.Errorf("%s imports %s", pkg, dep)
			}
		}
	}
}
