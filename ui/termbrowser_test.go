package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// portSource is one article with a web page.
func portSource() *fakeSource {
	return &fakeSource{name: "port", articles: []model.Article{{
		Ref: "port/a", Source: "port", Path: "a.txt", ID: "a", Title: "Harbour reopens",
		Published: at(1), HasDate: true, Body: "The harbour reopened.", Link: "https://port.example/a",
	}}}
}

// With browser_terminal, o hands the terminal to $BROWSER with the link,
// and the reader comes back when it exits.
func TestTerminalBrowserGetsTheTerminal(t *testing.T) {
	got := filepath.Join(t.TempDir(), "url")
	t.Setenv(helperEnv, "browse")
	t.Setenv("BROWSER", "no-such-browser-here:"+os.Args[0]+" "+got)
	g := startHandOff(t, portSource(), Options{BrowserTerminal: true})
	g.press(t, []string{"enter"}, "The harbour reopened.")
	g.press(t, []string{"o"}, "back from "+filepath.Base(os.Args[0])+": https://port.example/a")
	if b, err := os.ReadFile(got); err != nil || string(b) != "https://port.example/a" {
		t.Fatalf("the browser was given %q (%v)", b, err)
	}
	// The reader has the keys again.
	g.press(t, []string{"q"}, "1 article")
}

// Without it, a browser that is no terminal one starts detached, as
// before.
func TestGraphicalBrowserStartsDetached(t *testing.T) {
	m := New(Options{Sources: []model.Source{portSource()}, Theme: "dark"})
	var opened []string
	m.openURL = func(_ context.Context, u string) error { opened = append(opened, u); return nil }
	m.handOff.inTerminal = func(string, bool) ([]string, bool, error) { return nil, false, nil }
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	m = keys(t, m, "o")
	if len(opened) != 1 || opened[0] != "https://port.example/a" {
		t.Fatalf("opened %q", opened)
	}
	mustContain(t, plain(m), "opened in the browser: https://port.example/a")
}
