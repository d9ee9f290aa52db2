package cli

import (
	"strings"
	"testing"

	"bulletin/config"
	"bulletin/ui"
)

// TestKeyProblemsNameTheirLine reads [keys] as bulletin does and checks
// that each problem names the file and line of its entry.
func TestKeyProblemsNameTheirLine(t *testing.T) {
	doc := "[keys]\ntoggle_reed = \"x\"\nstar = \"ctrl+\"\nview = \"z\"\ncompact = \"z\"\nopen = [\"enter\", \"w\"]\n"
	c, err := config.Parse("config.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	_, problems := ui.KeyMapFor(uiKeys(c.Keys))
	all := strings.Join(problems, "\n")
	for _, want := range []string{
		"config.toml:2: keys.toggle_reed: is not an action",
		`config.toml:3: keys.star: "ctrl+" is not a key name`,
		`config.toml:4: keys: "z" is bound to both view and compact`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if len(problems) != 3 {
		t.Errorf("%d problems, want 3:\n%s", len(problems), all)
	}
}

// TestExampleKeys: the example's [keys] apply cleanly and its list of
// actions is whole.
func TestExampleKeys(t *testing.T) {
	c, err := config.Parse("example.toml", config.Example())
	if err != nil {
		t.Fatal(err)
	}
	if _, problems := ui.KeyMapFor(uiKeys(c.Keys)); len(problems) != 0 {
		t.Fatalf("example keys: %q", problems)
	}
	for _, a := range ui.Actions() {
		if !strings.Contains(string(config.Example()), " "+a) {
			t.Errorf("example.toml does not list %s", a)
		}
	}
}
