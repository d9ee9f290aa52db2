package model

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps guards the package rule: model imports only the standard
// library, so every other package can depend on it.
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "bulletin/model").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep != "bulletin/model" {
			t.Errorf("model imports %s, which is not in the standard library", dep)
		}
	}
}
