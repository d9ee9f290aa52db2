package ui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// panicSource panics when scanned.
type panicSource struct{}

func (panicSource) Scan(context.Context, int) <-chan model.ScanResult { panic("scan exploded") }
func (panicSource) Load(_ context.Context, a *model.Article) (model.Article, error) {
	return *a, nil
}

func testProgramOptions() []tea.ProgramOption {
	return []tea.ProgramOption{
		tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutSignals(), tea.WithWindowSize(100, 30),
	}
}

func TestRunReportsPanicInCommand(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir()) // where the details go
	var stderr bytes.Buffer
	m := New(Options{Sources: []model.Source{panicSource{}}, Theme: "dark"})
	err := run(context.Background(), m, &stderr, testProgramOptions()...)
	if !errors.Is(err, ErrInternal) {
		t.Fatalf("run returned %v, want ErrInternal", err)
	}
	out := stderr.String()
	if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "bulletin: internal error: scan exploded (this is a bug: please report it") {
		t.Fatalf("stderr is not one clear line: %q", out)
	}
}

// bomb is a model that panics in Update or View on demand.
type bomb struct{ inUpdate, inView bool }

type boom struct{}

func (b bomb) Init() tea.Cmd { return func() tea.Msg { return boom{} } }
func (b bomb) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(boom); ok {
		if b.inUpdate {
			panic("update exploded")
		}
		return armed{b}, nil
	}
	return b, nil
}
func (b bomb) View() tea.View { return tea.NewView("ok") }

type armed struct{ bomb }

func (a armed) View() tea.View { panic("view exploded") }
func (a armed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return a, nil
}

func TestGuardRecoversPanicInUpdateAndView(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    bomb
		want string
	}{
		{"update", bomb{inUpdate: true}, "update exploded"},
		{"view", bomb{inView: true}, "view exploded"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := newGuard(tt.m)
			p := tea.NewProgram(g, testProgramOptions()...)
			g.state.quit = func() { go p.Quit() }
			if _, err := p.Run(); err != nil {
				t.Fatalf("program ended with %v; the guard should quit it cleanly", err)
			}
			c := g.state.get()
			if c == nil || c.value != tt.want {
				t.Fatalf("caught %v, want %q", c, tt.want)
			}
		})
	}
}

func TestRunEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := run(ctx, New(Options{Theme: "dark"}), io.Discard, testProgramOptions()...)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("run with a cancelled context returned %v", err)
	}
}
