package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// startHandOff runs the reader over src in a teatest program of 100x30
// with the save folder and pipe command of opts.
func startHandOff(t *testing.T, src *fakeSource, opts Options) goldenRun {
	t.Helper()
	opts.Sources = []model.Source{src}
	opts.Theme = "dark"
	opts.Now = func() time.Time { return testNow }
	tm, log := startProbe(t, New(opts), 100, 30, colorprofile.TrueColor)
	want := plural(len(src.articles), "article")
	log.waitUntil(t, want, func(s string) bool { return strings.Contains(s, want) && !strings.Contains(s, "loading") })
	t.Cleanup(func() {
		tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
	})
	return goldenRun{tm: tm, log: log}
}

// homeFolder makes a new temporary folder the home folder, where the
// status bar shows paths as ~, and returns it.
func homeFolder(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	return home
}

func readSaved(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// S saves the selected headline's article from the list, and the open
// article from the article: the same file twice, the second as -2, with
// its front matter, its title and its paragraphs.
func TestSaveWritesMarkdownAndNeverOverwrites(t *testing.T) {
	dir := filepath.Join(homeFolder(t), "not", "there", "yet")
	g := startHandOff(t, tourSource(), Options{SaveFolder: dir})
	first := filepath.Join(dir, "2026-11-24-tour.md")
	g.press(t, []string{"S"}, "saved to ~/not/there/yet/2026-11-24-tour.md")
	g.press(t, []string{"enter"}, "Welcome to the tour")
	second := filepath.Join(dir, "2026-11-24-tour-2.md")
	g.press(t, []string{"S"}, "saved to ~/not/there/yet/2026-11-24-tour-2.md")

	got := readSaved(t, first)
	wantStart := `---
title: "Tour"
date: 2026-11-24T09:59:00Z
source: "tour"
related:
  - title: "Keys"
  - title: "Sources"
  - title: "Somewhere else"
  - title: "Reading"
  - title: "Themes"
---

# Tour

Welcome to the tour of bulletin. Paragraph 1 about the tour. The reader shows this text`
	if !strings.HasPrefix(got, wantStart) {
		t.Fatalf("saved file:\n%s\nwant it to start:\n%s", got, wantStart)
	}
	if !strings.Contains(got, "right edge of the screen.\n\nParagraph 2 about the tour.") || !strings.HasSuffix(got, "screen.\n") {
		t.Errorf("the paragraphs are not kept apart:\n%s", got)
	}
	if again := readSaved(t, second); again != got {
		t.Errorf("saved from the article:\n%s\nfrom the list:\n%s", again, got)
	}
}

// A title written to leave the save folder or hide the file makes a plain
// name in it.
func TestSaveHostileTitleStaysInTheFolder(t *testing.T) {
	dir := homeFolder(t)
	src := &fakeSource{name: "evil"}
	for i, title := range []string{"../../../tmp/owned", ".profile", "/etc/cron.d/x\x1b[2J"} {
		id := string(rune('a' + i))
		src.articles = append(src.articles, model.Article{Ref: "evil/" + id, Source: "evil", Path: id + ".txt", ID: id,
			Title: title, Published: at(i), HasDate: true, Body: "Body " + id + "."})
	}
	g := startHandOff(t, src, Options{SaveFolder: dir})
	g.press(t, []string{"S"}, "saved to ~/2026-11-24-etc-cron-d-x.md")
	g.press(t, []string{"j", "S"}, "saved to ~/2026-11-24-profile.md")
	g.press(t, []string{"j", "S"}, "saved to ~/2026-11-24-tmp-owned.md")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Fatalf("files in the folder: %v", entries)
	}
	if !strings.Contains(readSaved(t, filepath.Join(dir, "2026-11-24-tmp-owned.md")), "title: \"../../../tmp/owned\"") {
		t.Errorf("the front matter lost the title as written")
	}
}

// A save folder that cannot be made says so, naming it.
func TestSaveIntoABadFolderSaysWhy(t *testing.T) {
	file := filepath.Join(homeFolder(t), "a-file")
	os.WriteFile(file, nil, 0o644)
	g := startHandOff(t, tourSource(), Options{SaveFolder: filepath.Join(file, "sub")})
	g.press(t, []string{"S"}, "cannot save into ~/a-file/sub: not a directory")
}

// | hands the same markdown as S to the command on its standard input, and
// the reader comes back after it; a command that fails shows its status
// and the first line of its errors; without a command, | says how to set
// one.
func TestPipeHandsTheMarkdownToTheCommand(t *testing.T) {
	dir := homeFolder(t)
	got := filepath.Join(dir, "stdin.md")
	t.Setenv(helperEnv, "record")
	g := startHandOff(t, tourSource(), Options{SaveFolder: dir, PipeCommand: []string{os.Args[0], got, "0", ""}})
	g.press(t, []string{"enter"}, "Welcome to the tour")
	g.press(t, []string{"|"}, "piped to "+filepath.Base(os.Args[0]))
	g.press(t, []string{"S"}, "saved to ~/2026-11-24-tour.md")
	if piped, saved := readSaved(t, got), readSaved(t, filepath.Join(dir, "2026-11-24-tour.md")); piped != saved || !strings.Contains(piped, "# Tour\n") {
		t.Fatalf("piped:\n%s\nsaved:\n%s", piped, saved)
	}
	// The reader is back: its keys work.
	g.press(t, []string{"q"}, "12 articles")
}

func TestPipeFailureShowsStatusAndError(t *testing.T) {
	t.Setenv(helperEnv, "record")
	out := filepath.Join(t.TempDir(), "stdin.md")
	g := startHandOff(t, tourSource(), Options{PipeCommand: []string{os.Args[0], out, "3", "read-later: not logged in"}})
	g.press(t, []string{"|"}, filepath.Base(os.Args[0])+" exited with status 3: read-later: not logged in")
}

func TestPipeMissingProgram(t *testing.T) {
	g := startHandOff(t, tourSource(), Options{PipeCommand: []string{"bulletin-no-such-program"}})
	g.press(t, []string{"|"}, "cannot run bulletin-no-such-program")
}

func TestPipeWithoutCommandSaysHowToSetOne(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "|")
	mustContain(t, plain(m), `| needs a program: set pipe_command = ["less"]`)
}

// A long path loses its folder, not its file name, in the status bar.
func TestSaveLongPathShowsTheWholeFileName(t *testing.T) {
	dir := filepath.Join(homeFolder(t), "a-rather-long-folder-name", "and-another-one-below")
	src := &fakeSource{name: "long", articles: []model.Article{{Ref: "long/a", Source: "long", Path: "a.txt", ID: "a",
		Title: "Ferry timetable changes", Published: at(1), HasDate: true, Body: "Ferries."}}}
	g := startHandOff(t, src, Options{SaveFolder: dir})
	g.press(t, []string{"S"}, "saved to …another-one-below/2026-11-24-ferry-timetable-changes.md ")
	if _, err := os.Stat(filepath.Join(dir, "2026-11-24-ferry-timetable-changes.md")); err != nil {
		t.Fatal(err)
	}
}
