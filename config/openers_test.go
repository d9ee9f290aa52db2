package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestOpenersOfTheExample(t *testing.T) {
	c, err := Parse("example.toml", Example())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Opener{
		"audio":     {Command: []string{"mpv", "--no-video"}, Terminal: true},
		"video":     {Command: []string{"mpv"}},
		"image/gif": {Command: []string{"imv"}},
	}
	if !reflect.DeepEqual(c.Openers, want) {
		t.Fatalf("openers %+v, want %+v", c.Openers, want)
	}
}

func TestOpenerForms(t *testing.T) {
	doc := `[openers]
Audio = ["mpv", "--no-video"]
"video/MP4" = { command = ["vlc", "--play-and-exit"], terminal = false }
image = { command = ["chafa"] }

[openers."application/pdf"]
command = ["zathura"]
terminal = false
`
	c, err := Parse("c.toml", []byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Opener{
		"audio":           {Command: []string{"mpv", "--no-video"}, Terminal: true},
		"video/mp4":       {Command: []string{"vlc", "--play-and-exit"}},
		"image":           {Command: []string{"chafa"}, Terminal: true},
		"application/pdf": {Command: []string{"zathura"}},
	}
	if !reflect.DeepEqual(c.Openers, want) {
		t.Fatalf("openers %+v, want %+v", c.Openers, want)
	}
}

// A wrong opener stops the load with the file, the line and what is
// wrong: bulletin must not run a command it misread.
func TestBadOpenerIsAnErrorWithItsLine(t *testing.T) {
	for _, tc := range []struct {
		doc, line, want string
	}{
		{"[settings]\ntheme = \"dark\"\n\n[openers]\naudio = \"mpv --no-video\"\n", ":5", `openers.audio: want a command such as ["mpv", "--no-video"]`},
		{"[openers]\naudio = [\"mpv\"]\nsound = [\"mpv\"]\n", ":3", "openers.sound: is not audio, video, image or a media type"},
		{"[openers]\nvideo = []\n", ":2", "openers.video: the command is empty"},
		{"[openers]\nvideo = [\"\", \"x\"]\n", ":2", "names no program"},
		{"[openers]\nvideo = [\"mpv\", 3]\n", ":2", "argument 2 is not a string"},
		{"[openers]\nimage = { command = [\"imv\"], terminal = \"no\" }\n", ":2", "terminal is true or false"},
		{"[openers]\nimage = { cmd = [\"imv\"] }\n", ":2", `unknown key "cmd" (command, terminal)`},
		{"# images\n\n[openers.image]\nterminal = false\n", ":3", "openers.image: has no command"},
		{"openers.audio = [\"mpv\", \"a\\u001b[2Jb\"]\n", ":1", "argument 2 holds control characters"},
		{"[openers]\naudio = [\"mpv\"]\nAUDIO = [\"vlc\"]\n", ":", "is set twice"},
		{"[openers]\n\"audio/\" = [\"mpv\"]\n", ":2", "is not audio, video, image or a media type"},
	} {
		path := filepath.Join(t.TempDir(), "config.toml")
		os.WriteFile(path, []byte(tc.doc), 0o600)
		c, err := LoadFile(path)
		if err == nil {
			t.Errorf("%q loaded: %+v", tc.doc, c.Openers)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, path+tc.line) || !strings.Contains(msg, tc.want) {
			t.Errorf("%q: %v\nwant %s%s: ... %s", tc.doc, err, path, tc.line, tc.want)
		}
	}
}

// Saving the configuration (a feed added) keeps [openers] as written,
// comments and all.
func TestSaveKeepsOpeners(t *testing.T) {
	doc := `# Players.
[openers]
audio = ["mpv", "--no-video"]  # in the terminal
# A window of its own.
video = { command = ["mpv"], terminal = false }

[[feeds]]
url = "https://go.dev/blog/feed.atom"
`
	back, err := savedOver(t, doc)
	if err != nil || len(back.Openers) != 2 || back.Openers["video"].Terminal {
		t.Fatalf("read back %+v, %v", back.Openers, err)
	}
}
