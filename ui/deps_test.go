package ui

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps guards the package rule: the UI sees sources only through
// model.Source, so it never imports sources/ (nor the command line).
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "bulletin/ui").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "bulletin/sources" || dep == "bulletin/cli" {
			t.Errorf("ui imports %s", dep)
		}
	}
}
