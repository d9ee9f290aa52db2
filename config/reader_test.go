package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The reader's settings for saving, piping and terminal browsers read as
// written, and each mistake stops the load naming the file, the line and
// what is wrong.
func TestReaderSettings(t *testing.T) {
	c, err := Parse("c.toml", []byte("[settings]\nsave_folder = \"~/clips\"\npipe_command = [\"read-later\", \"--tag\", \"news\"]\nbrowser_terminal = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Settings
	if s.SaveFolder != "~/clips" || !reflect.DeepEqual(s.PipeCommand, []string{"read-later", "--tag", "news"}) || !s.BrowserTerminal {
		t.Fatalf("settings: %+v", s)
	}
	for doc, why := range map[string]string{
		"[settings]\n\npipe_command = \"less -R\"\n":  `c.toml:3:1: settings.pipe_command: less -R is not a list of strings`,
		"[settings]\npipe_command = []\n":             `c.toml:2:1: settings.pipe_command: the list is empty`,
		"[settings]\npipe_command = [\"less\", 3]\n":  `c.toml:2:1: settings.pipe_command: item 2 (3) is not a string`,
		"[settings]\npipe_command = [\" \", \"x\"]\n": `c.toml:2:1: settings.pipe_command: the program name is empty`,
		"[settings]\nsave_folder = \"clips\"\n":       `c.toml:2:1: settings.save_folder: "clips" is relative`,
		"[settings]\nsave_folder = 3\n":               `c.toml:2:15`,
		"[settings]\nbrowser_terminal = \"yes\"\n":    `c.toml:2:20`,
	} {
		if _, err := Parse("c.toml", []byte(doc)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("%q: %v, want %q", doc, err, why)
		}
	}
}

func TestSaveDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	got, err := Settings{SaveFolder: "~/clips"}.SaveDir()
	if err != nil || got != filepath.Join(home, "clips") {
		t.Fatalf("~/clips: %q %v", got, err)
	}
	got, err = Settings{}.SaveDir()
	if err != nil || filepath.Base(got) != "bulletin" || !filepath.IsAbs(got) {
		t.Fatalf("default: %q %v", got, err)
	}
}

// Setting the new keys from bulletin keeps the file's comments, and the
// result reads back as set.
func TestSaveReaderSettings(t *testing.T) {
	path := setHome(t)
	os.MkdirAll(filepath.Dir(path), 0o755)
	os.WriteFile(path, []byte("# mine\n[settings]\ntheme = \"dark\" # dark it is\n"), 0o600)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.Settings.PipeCommand = []string{"less", "-R"}
	c.Settings.BrowserTerminal = true
	c.Settings.SaveFolder = "/srv/clips"
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	want := "# mine\n[settings]\ntheme = \"dark\" # dark it is\nsave_folder = \"/srv/clips\"\npipe_command = [\"less\", \"-R\"]\nbrowser_terminal = true\n"
	if got := readFile(t, path); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	c, err = Load()
	if err != nil || !reflect.DeepEqual(c.Settings.PipeCommand, []string{"less", "-R"}) || !c.Settings.BrowserTerminal {
		t.Fatalf("read back: %+v %v", c, err)
	}
}
