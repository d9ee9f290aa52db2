package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

func TestPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/xdg")
	t.Setenv("HOME", "/home/me")
	if p, err := Path(); err != nil || p != "/xdg/bulletin/config.toml" {
		t.Fatalf("Path() = %q, %v", p, err)
	}
	for _, xdg := range []string{"", "relative/dir"} {
		t.Setenv("XDG_CONFIG_HOME", xdg)
		if p, err := Path(); err != nil || p != "/home/me/.config/bulletin/config.toml" {
			t.Fatalf("XDG_CONFIG_HOME=%q: Path() = %q, %v", xdg, p, err)
		}
	}
	if p, _ := ExpandPath("~/news"); p != "/home/me/news" {
		t.Fatalf("ExpandPath = %q", p)
	}
	var d Duration
	if err := d.UnmarshalText([]byte("45")); err != nil || d.Duration != 45*time.Second {
		t.Fatalf("a number of seconds: %v %v", d, err)
	}
	if p, _ := ExpandPath("/abs/~x"); p != "/abs/~x" {
		t.Fatalf("ExpandPath = %q", p)
	}
}

// setHome points the configuration at a fresh folder and returns the file.
func setHome(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	return filepath.Join(dir, "bulletin", "config.toml")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadMissingThenSave(t *testing.T) {
	path := setHome(t)
	c, err := Load()
	if err != nil || len(c.Feeds) != 0 || c.File() != path {
		t.Fatalf("Load of a missing file: %+v %v", c, err)
	}
	c.AddFeed(Feed{URL: "https://a.example/feed", Title: `Say "hi"`, Tags: []string{"x", "y z"}})
	c.AddFeed(Feed{URL: "https://b.example/feed"})
	if c.AddFeed(Feed{URL: "https://b.example/feed"}) {
		t.Fatal("a feed was added twice")
	}
	c.AddFolder("/srv/news")
	c.Settings.Workers = 8
	c.Settings.Timeout = Duration{90 * time.Second}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("new file: %v %v, want mode 0600", st, err)
	}
	want := header + `
[[feeds]]
url = "https://a.example/feed"
title = "Say \"hi\""
tags = ["x", "y z"]

[[feeds]]
url = "https://b.example/feed"

[[folders]]
path = "/srv/news"

[settings]
workers = 8
timeout = "1m30s"
`
	if got := readFile(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	back, err := Load()
	if err != nil || !sameConfig(back, c) || back.Settings.Timeout.Duration != 90*time.Second {
		t.Fatalf("reloaded %+v %v", back, err)
	}
	// Saving again with no change writes the same bytes.
	if err := back.Save(); err != nil || readFile(t, path) != want {
		t.Fatalf("second save: %v", err)
	}
}

const handEdited = `# My feeds, by hand.
color = "plum"   # not bulletin's
[custom]
answer = 42

[settings]
workers = 16 # fewer, my link is slow
mystery = true

# --- feeds ---

# The Go blog
[[feeds]]
url = "https://go.dev/blog/feed.atom"
title = "Go"
tags = ["go"]
priority = 1

# LWN: remove me
[[feeds]]
url = "https://lwn.net/headlines/rss"
[feeds.extra]
note = "sub-table of the LWN entry"

[[feeds]]
url = "http://old.example/rss" # moved
tags = ["a", "b"]

[[folders]]
path = "~/news"
`

func TestSaveKeepsHandEdits(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(handEdited), 0o640); err != nil {
		t.Fatal(err)
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Feeds) != 3 || len(c.Warnings) != 0 || c.Settings.Workers != 16 {
		t.Fatalf("loaded %+v", c)
	}
	c.RemoveFeed("https://lwn.net/headlines/rss")
	c.MoveFeed("http://old.example/rss", "https://new.example/rss")
	c.Feeds[0].Title = "The Go Blog"
	c.Feeds[1].Tags = nil
	c.AddFeed(Feed{URL: "https://added.example/", Tags: []string{"new"}})
	c.Settings.Workers = 0 // back to the default: the line goes
	c.Settings.Theme = "dark"
	c.AddFolder("/srv/more")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	want := `# My feeds, by hand.
color = "plum"   # not bulletin's
[custom]
answer = 42

[settings]
mystery = true
theme = "dark"

# --- feeds ---

# The Go blog
[[feeds]]
url = "https://go.dev/blog/feed.atom"
title = "The Go Blog"
tags = ["go"]
priority = 1

[[feeds]]
url = "https://new.example/rss" # moved

[[feeds]]
url = "https://added.example/"
tags = ["new"]

[[folders]]
path = "~/news"

[[folders]]
path = "/srv/more"
`
	if got := readFile(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the file's 0640 kept", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("files left beside the config: %v", entries)
	}
	if c.Feeds[2].URL != "https://added.example/" || c.Feeds[2].orig != 3 {
		t.Errorf("after Save the config reads as the file: %+v", c.Feeds)
	}
}

func TestSaveRewritesWhatItCannotEdit(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	doc := `# inline feeds
feeds = [ { url = "https://a.example/", extra = "kept" }, { url = "https://b.example/" } ]
settings.workers = 3
settings.other = "kept too"
[unknown]
x = [1, 2]
`
	os.WriteFile(path, []byte(doc), 0o600)
	c, err := Load()
	if err != nil || len(c.Feeds) != 2 || c.Settings.Workers != 3 {
		t.Fatalf("%+v %v", c, err)
	}
	c.RemoveFeed("https://b.example/")
	c.AddFeed(Feed{URL: "https://c.example/", Title: "C"})
	c.Settings.PerHost = 2
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := toml.Unmarshal([]byte(readFile(t, path)), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"feeds": []any{
			map[string]any{"url": "https://a.example/", "extra": "kept"},
			map[string]any{"url": "https://c.example/", "title": "C"},
		},
		"settings": map[string]any{"workers": int64(3), "per_host": int64(2), "other": "kept too"},
		"unknown":  map[string]any{"x": []any{int64(1), int64(2)}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("rewritten:\n%v\nwant\n%v\n%s", m, want, readFile(t, path))
	}
}

func TestMalformedIsNeverOverwritten(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	bad := "[settings]\nworkers = 4\n[[feeds]\nurl = \"x\"\n"
	os.WriteFile(path, []byte(bad), 0o600)
	_, err := Load()
	if err == nil || !strings.Contains(err.Error(), path+":3:") {
		t.Fatalf("Load: %v, want an error naming %s:3", err, path)
	}
	for _, doc := range []string{"[settings]\nworkers = \"many\"\n", "[settings]\ntimeout = \"soon\"\n", "[settings]\ntimeout = [30]\n", "[settings]\ntimeout = true\n", "a = 1\na = 2\n"} {
		os.WriteFile(path, []byte(doc), 0o600)
		if _, err := Load(); err == nil || !strings.Contains(err.Error(), path+":2:") {
			t.Errorf("%q: %v, want an error at line 2", doc, err)
		}
	}

	// Loaded when good, broken by hand since: Save refuses and leaves it.
	os.WriteFile(path, []byte("[[feeds]]\nurl = \"https://a.example/\"\n"), 0o600)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte(bad), 0o600)
	c.AddFeed(Feed{URL: "https://b.example/"})
	if err := c.Save(); err == nil || errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), ":3:") {
		t.Fatalf("Save over a broken file: %v", err)
	}
	if readFile(t, path) != bad {
		t.Fatal("a broken file was written over")
	}

	// Changed (and still good) since it was read: ErrChanged, untouched.
	edited := "# edited meanwhile\n[[feeds]]\nurl = \"https://z.example/\"\n"
	os.WriteFile(path, []byte(edited), 0o600)
	if err := c.Save(); !errors.Is(err, ErrChanged) {
		t.Fatalf("Save after an edit: %v, want ErrChanged", err)
	}
	if readFile(t, path) != edited {
		t.Fatal("an edited file was written over")
	}
	// Update loads afresh, so the edit is kept.
	if err := Update(path, func(c *Config) error { c.AddFeed(Feed{URL: "https://b.example/"}); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, path); got != edited+"\n[[feeds]]\nurl = \"https://b.example/\"\n" {
		t.Fatalf("after Update:\n%s", got)
	}
}

func TestSaveThroughSymlink(t *testing.T) {
	path := setHome(t)
	dotfiles := filepath.Join(t.TempDir(), "dotfiles")
	os.MkdirAll(dotfiles, 0o755)
	real := filepath.Join(dotfiles, "bulletin.toml")
	os.WriteFile(real, []byte("# mine\n"), 0o644)
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.Symlink(real, path); err != nil {
		t.Skip("no symbolic links:", err)
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.AddFeed(Feed{URL: "https://a.example/"})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the symbolic link was replaced by a file")
	}
	if got := readFile(t, real); got != "# mine\n\n[[feeds]]\nurl = \"https://a.example/\"\n" {
		t.Fatalf("target:\n%s", got)
	}
}

func TestWarnings(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\ntheme = \"neon\"\n\n[[feeds]]\ntitle = \"no url\"\n\n[[feeds]]\nurl = \"u\"\n\n[[feeds]]\nurl = \"u\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"c.toml:4: a feed without a url is ignored", "c.toml:10: u is listed twice", `c.toml: theme "neon" is not auto, dark, light or none`}
	if !reflect.DeepEqual(c.Warnings, want) {
		t.Fatalf("warnings %q\nwant %q", c.Warnings, want)
	}
}

func TestExample(t *testing.T) {
	c, err := Parse("example.toml", Example())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) != 0 || len(c.Feeds) != 3 || len(c.Folders) != 2 || c.Feeds[0].Title != "The Go Blog" ||
		c.Folders[1].ArticleURL != "https://news.example/news/{id}" || c.Folders[1].PictureURL != "https://media.example/uploads{pic}" ||
		!reflect.DeepEqual(c.Settings, Settings{Workers: 32, PerHost: 4, ConnectTimeout: Duration{10 * time.Second}, Timeout: Duration{30 * time.Second},
			RefreshDeadline: Duration{60 * time.Second}, Theme: "auto", SaveFolder: "~/Documents/bulletin", PipeCommand: []string{"less"}, Images: "auto"}) {
		t.Fatalf("example: %+v", c)
	}
	// Edited, the example keeps every comment.
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, Example(), 0o600)
	c, _ = Load()
	c.RemoveFeed("https://lwn.net/headlines/rss")
	c.AddFeed(Feed{URL: "https://new.example/"})
	c.Settings.Workers = 64
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	got := readFile(t, path)
	for _, line := range strings.Split(string(Example()), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") && !strings.Contains(got, line) {
			t.Errorf("comment lost: %q", line)
		}
	}
	if !strings.Contains(got, "workers = 64              # feeds fetched at once") {
		t.Errorf("the value changed without its comment:\n%s", got)
	}
}

func TestRefreshDeadline(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\nrefresh_deadline = \"2m\"\n"))
	if err != nil || c.Settings.RefreshDeadline.Duration != 2*time.Minute {
		t.Fatalf("2m: %+v %v", c, err)
	}
	if c, err := Parse("c.toml", []byte("[settings]\nrefresh_deadline = 90\n")); err != nil || c.Settings.RefreshDeadline.Duration != 90*time.Second {
		t.Fatalf("90: %+v %v", c, err)
	}
	for doc, why := range map[string]string{
		"[settings]\n\nrefresh_deadline = \"soon\"\n": `c.toml:3:1: settings.refresh_deadline: "soon" is not a duration`,
		"[settings]\nrefresh_deadline = \"-1m\"\n":    `c.toml:2:1: settings.refresh_deadline: "-1m" is negative`,
	} {
		if _, err := Parse("c.toml", []byte(doc)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", doc, err, why)
		}
	}
}
