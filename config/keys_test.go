package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestKeysReadInTheFilesOrder(t *testing.T) {
	doc := `[settings]
theme = "dark"

[keys]
toggle_read = "x"
next_unread = ["ctrl+n", "tab"]
quit = ""
`
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []KeyEntry{
		{Action: "toggle_read", Keys: []string{"x"}, At: "c.toml:5"},
		{Action: "next_unread", Keys: []string{"ctrl+n", "tab"}, At: "c.toml:6"},
		{Action: "quit", At: "c.toml:7"},
	}
	if len(c.Keys) != len(want) {
		t.Fatalf("keys %+v, want %+v", c.Keys, want)
	}
	for i, w := range want {
		g := c.Keys[i]
		if g.Action != w.Action || !slices.Equal(g.Keys, w.Keys) || g.At != w.At {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	if len(c.Warnings) != 0 {
		t.Fatalf("warnings %q", c.Warnings)
	}
}

func TestKeysOfAnotherShapeWarnWithTheLine(t *testing.T) {
	doc := "[keys]\ntoggle_read = 3\nstar = [\"s\", 4]\nopen = \"o\"\n"
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys) != 1 || c.Keys[0].Action != "open" {
		t.Fatalf("keys %+v, want only open", c.Keys)
	}
	all := strings.Join(c.Warnings, "\n")
	for _, want := range []string{"c.toml:2: keys.toggle_read: want a key", "c.toml:3: keys.star: want a key"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings %q lack %q", c.Warnings, want)
		}
	}
}

func TestSaveKeepsKeys(t *testing.T) {
	doc := `# My keys.
[keys]
toggle_read = "x"  # as in mutt
# No quitting by accident.
quit = ""

[[feeds]]
url = "https://go.dev/blog/feed.atom"
`
	back, err := savedOver(t, doc)
	if err != nil || len(back.Keys) != 2 || back.Keys[1].Action != "quit" {
		t.Fatalf("read back %+v, %v", back.Keys, err)
	}
}

// savedOver writes doc as the configuration file, loads it, adds a feed
// and changes a setting, saves, checks that the file still starts with doc
// as written, and loads it back.
func savedOver(t *testing.T, doc string) (*Config, error) {
	t.Helper()
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte(doc), 0o600)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.AddFeed(Feed{URL: "https://new.example/feed"})
	c.Settings.Workers = 8
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); !strings.HasPrefix(got, doc) {
		t.Fatalf("file:\n%s\nwant it to start with:\n%s", got, doc)
	}
	return Load()
}
