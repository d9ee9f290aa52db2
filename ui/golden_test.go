package ui

import (
	"fmt"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// probe wraps the reader in a test program and publishes the screen text
// after every message, so a test waits for a state (a render arriving)
// instead of sleeping. Init and View are the reader's own.
type probe struct {
	Model
	log *screenLog
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := p.Model.Update(msg)
	p.Model = m.(Model)
	p.log.set(ansi.Strip(p.Model.View().Content))
	return p, cmd
}

// screenLog holds the latest screen text.
type screenLog struct {
	mu      sync.Mutex
	screen  string
	changed chan struct{}
}

func (l *screenLog) set(s string) {
	l.mu.Lock()
	l.screen = s
	l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// waitFor waits until the screen shows every one of wants.
func (l *screenLog) waitFor(t *testing.T, wants ...string) {
	t.Helper()
	l.waitUntil(t, fmt.Sprintf("%q", wants), func(s string) bool {
		for _, w := range wants {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// waitUntil waits until the screen satisfies ok.
func (l *screenLog) waitUntil(t *testing.T, what string, ok func(string) bool) {
	t.Helper()
	deadline := time.After(testwait.D(15 * time.Second))
	for {
		l.mu.Lock()
		s := l.screen
		l.mu.Unlock()
		if ok(s) {
			return
		}
		select {
		case <-l.changed:
		case <-deadline:
			t.Fatalf("screen never showed %s; last screen:\n%s", what, s)
		}
	}
}

// goldenRun is a teatest program of the reader over the tour-like library
// at a fixed size, colour profile, TERM and clock.
type goldenRun struct {
	tm  *teatest.TestModel
	log *screenLog
}

func startGolden(t *testing.T, width int, profile colorprofile.Profile) goldenRun {
	t.Helper()
	return startGoldenSized(t, width, 30, profile)
}

// startGoldenSized is startGolden in a window height lines high.
func startGoldenSized(t *testing.T, width, height int, profile colorprofile.Profile) goldenRun {
	t.Helper()
	m := New(Options{
		Sources: []model.Source{tourSource()},
		Theme:   "auto",
		Now:     func() time.Time { return testNow },
	})
	tm, log := startProbe(t, m, width, height, profile)
	log.waitUntil(t, "the whole library", func(s string) bool {
		return strings.Contains(s, "12 articles") && !strings.Contains(s, "loading")
	})
	return goldenRun{tm: tm, log: log}
}

// startProbe runs m in a teatest program of width by height cells, in
// profile with TERM=xterm-256color, its screens logged, and answers its
// background colour query with black.
func startProbe(t *testing.T, m Model, width, height int, profile colorprofile.Profile) (*teatest.TestModel, *screenLog) {
	t.Helper()
	log := &screenLog{changed: make(chan struct{}, 1)}
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(
			tea.WithColorProfile(profile),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		))
	// teatest answers no terminal query: answer the background one.
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	return tm, log
}

// press sends keys and waits for the screen to show wants.
func (g goldenRun) press(t *testing.T, names []string, wants ...string) {
	t.Helper()
	for _, n := range names {
		g.tm.Send(press(n))
	}
	g.log.waitFor(t, wants...)
}

// finish quits and compares the final screen with the goldens: styled and
// plain.
func (g goldenRun) finish(t *testing.T) {
	t.Helper()
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := g.tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	content := final.View().Content
	t.Run("styled", func(t *testing.T) { golden.RequireEqual(t, content) })
	t.Run("plain", func(t *testing.T) { golden.RequireEqual(t, ansi.Strip(content)) })
}

func TestGolden(t *testing.T) {
	const tourBody = "Welcome to the tour of bulletin."
	tests := []struct {
		name    string
		width   int
		profile colorprofile.Profile
		steps   []step
	}{
		{name: "list", width: 100},
		{name: "article_related", width: 100, steps: []step{
			{[]string{"enter"}, []string{tourBody}},
			{[]string{"G"}, []string{"Related stories", "5. Themes"}},
		}},
		{name: "related_focus", width: 100, steps: []step{
			{[]string{"enter"}, []string{tourBody}},
			{[]string{"tab", "tab"}, []string{"┃  2. Sources"}},
		}},
		{name: "follow_back", width: 100, steps: []step{
			{[]string{"enter"}, []string{tourBody}},
			{[]string{"1"}, []string{"The keys of bulletin."}},
			{[]string{"1"}, []string{"Where articles come from."}},
			{[]string{"backspace"}, []string{"The keys of bulletin.", "Tour › Keys "}},
		}},
		{name: "help", width: 100, steps: []step{
			{[]string{"?"}, []string{"Headlines"}},
			// The end is the same however many keys the sections above
			// list.
			{[]string{"G"}, []string{"This screen", "Search syntax"}},
		}},
		{name: "narrow", width: 100, steps: []step{
			{[]string{"j", "enter"}, []string{"The keys of bulletin."}},
		}},
		{name: "wide", width: 130, steps: []step{
			{[]string{"j"}, []string{"The keys of bulletin."}},
			{[]string{"enter", "tab"}, []string{"┃  1. Sources"}},
		}},
		{name: "nocolor", width: 100, profile: colorprofile.Ascii, steps: []step{
			{[]string{"j", "enter"}, []string{"The keys of bulletin."}},
			{[]string{"G", "tab"}, []string{">  1. Sources"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			profile := tt.profile
			if profile == 0 {
				profile = colorprofile.TrueColor
			}
			g := startGolden(t, tt.width, profile)
			for _, s := range tt.steps {
				g.press(t, s.keys, s.wants...)
			}
			g.finish(t)
		})
	}
}

type step struct {
	keys  []string
	wants []string
}
