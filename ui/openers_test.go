package ui

import (
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// recorderSource is a program that writes its arguments after the first,
// one a line, to the file its first argument names: an opener that shows
// what it was given.
const recorderSource = `package main

import (
	"os"
	"strings"
)

func main() {
	if err := os.WriteFile(os.Args[1], []byte(strings.Join(os.Args[2:], "\n")), 0o600); err != nil {
		os.Exit(3)
	}
}
`

// buildRecorder builds recorderSource and returns the program's path.
func buildRecorder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(recorderSource), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "recorder")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	build := exec.Command(gobin, "build", "-o", bin, "main.go")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the recorder: %v\n%s", err, out)
	}
	return bin
}

// e runs the opener configured for the file's kind with the file's
// address as its last argument, in the terminal (the reader comes back
// after it) or beside the reader.
func TestOpenFileRunsTheConfiguredOpener(t *testing.T) {
	rec := buildRecorder(t)
	for _, terminal := range []bool{true, false} {
		name := "beside the reader"
		if terminal {
			name = "in the terminal"
		}
		t.Run(name, func(t *testing.T) {
			argv := filepath.Join(t.TempDir(), "argv")
			log := &screenLog{changed: make(chan struct{}, 1)}
			m := New(Options{
				Sources: []model.Source{podSource()},
				Theme:   "dark",
				Now:     func() time.Time { return testNow },
				Openers: map[string]Opener{"audio": {Command: []string{rec, argv, "--no-video"}, Terminal: terminal}},
			})
			tm := teatest.NewTestModel(t, probe{Model: m, log: log},
				teatest.WithInitialTermSize(100, 30),
				teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
			tm.Send(tea.BackgroundColorMsg{Color: color.Black})
			log.waitFor(t, "Episode one", "Episode zero")
			tm.Send(press("enter"))
			log.waitFor(t, "Show notes.")
			tm.Send(press("e"))
			var got []byte
			testwait.Until(t, "the opener to write its arguments", 15*time.Second, func() bool {
				got, _ = os.ReadFile(argv)
				return len(got) > 0
			})
			if want := "--no-video\nhttps://cdn.example/ep1.mp3"; string(got) != want {
				t.Fatalf("the opener got %q, want %q", got, want)
			}
			log.waitFor(t, "opening ep1.mp3 with recorder")
			// The reader still answers: the list of links opens.
			tm.Send(press("u"))
			log.waitFor(t, "Links in this article (6)")
			tm.Send(press("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
		})
	}
}
