package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// fakeSource is an in-memory model.Source: Scan lists the articles without
// body and related list, as a folder does; Load returns the full article.
type fakeSource struct {
	name     string
	articles []model.Article
	// loads counts Load calls; loadsOf counts them by ref.
	mu      sync.Mutex
	loads   int
	loadsOf map[string]int
	// panicOnLoad makes Load panic, to test the guard.
	panicOnLoad bool
	// site is where its stories live on the web (zero: nowhere known).
	site model.Site
	// held are articles whose Load waits until their channel is closed;
	// broken those it cannot read.
	held   map[string]chan struct{}
	broken map[string]bool
}

func (f *fakeSource) Site() model.Site { return f.site }

func (f *fakeSource) Scan(ctx context.Context, _ int) <-chan model.ScanResult {
	ch := make(chan model.ScanResult, len(f.articles))
	for _, a := range f.articles {
		l := a
		l.Body, l.Related, l.Loaded = "", nil, false
		l.RelatedCount = len(a.Related)
		l.Origin = f
		ch <- model.ScanResult{Path: a.Path, Article: l}
	}
	close(ch)
	return ch
}

func (f *fakeSource) Load(_ context.Context, listed *model.Article) (model.Article, error) {
	f.mu.Lock()
	f.loads++
	if f.loadsOf == nil {
		f.loadsOf = map[string]int{}
	}
	f.loadsOf[listed.Ref]++
	f.mu.Unlock()
	if f.panicOnLoad {
		panic("fake load exploded")
	}
	if held, ok := f.held[listed.Ref]; ok {
		<-held
	}
	if f.broken[listed.Ref] {
		return model.Article{}, fmt.Errorf("fake: %s: unreadable", listed.Ref)
	}
	for _, a := range f.articles {
		if a.Ref == listed.Ref {
			a.Loaded = true
			a.RelatedCount = len(a.Related)
			a.Origin = f
			return a, nil
		}
	}
	return model.Article{}, fmt.Errorf("fake: %s: not found", listed.Ref)
}

// testNow is the fixed clock of every test.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func at(minute int) time.Time { return time.Date(2026, 11, 24, 9, minute, 0, 0, time.UTC) }

func rel(id, title string) model.Related {
	return model.Related{ID: id, Title: title, Pic: "/tour/" + id + ".jpg"}
}

func para(words ...string) string { return strings.Join(words, " ") }

// tourSource is a small library shaped like the tour: "Tour" links to
// "Keys", which links to "Sources"; link 3 of Tour is not in the library
// and link 4 is a video.
func tourSource() *fakeSource {
	f := &fakeSource{name: "tour"}
	add := func(id, title string, minute int, body string, related ...model.Related) {
		f.articles = append(f.articles, model.Article{
			Ref: "tour/" + id, Source: "tour", Path: id + ".txt", ID: id, Title: title,
			Published: at(minute), HasDate: true,
			DateText: at(minute).Format("Mon Jan 2, 2006 15:04:05"),
			Body:     body, Related: related,
		})
	}
	long := func(topic string, n int) string {
		ps := make([]string, n)
		for i := range ps {
			ps[i] = fmt.Sprintf("Paragraph %d about %s. ", i+1, topic) +
				para("The reader shows this text wrapped to the width of the window, so that",
					"every line fits and nothing is cut off at the right edge of the screen.")
		}
		return strings.Join(ps, "\n\n")
	}
	vid := rel("4", "Reading")
	vid.Video = true
	vid.Pic = "/tour/reading.mp4"
	add("1", "Tour", 59, "Welcome to the tour of bulletin. "+long("the tour", 9),
		rel("2", "Keys"), rel("3", "Sources"), rel("9001", "Somewhere else"), vid, rel("5", "Themes"))
	add("2", "Keys", 58, "The keys of bulletin. "+long("keys", 7),
		rel("3", "Sources"), rel("1", "Tour"), rel("5", "Themes"))
	add("3", "Sources", 57, "Where articles come from. "+long("sources", 5),
		rel("1", "Tour"), rel("2", "Keys"))
	add("4", "Reading", 56, "How to read an article. "+long("reading", 4), rel("1", "Tour"))
	add("5", "Themes", 55, "Dark and light. "+long("themes", 3), rel("1", "Tour"))
	for i := 6; i <= 12; i++ {
		id := fmt.Sprint(i)
		add(id, "Headline number "+id, 55-i, "Body of headline "+id+". "+long("filler", 2), rel("1", "Tour"))
	}
	return f
}

// newTestModel is the reader over the tour-like library, sized w x h, with
// the scan done.
func newTestModel(t *testing.T, w, h int) Model {
	t.Helper()
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = drive(t, m, m.Init())
	if m.s.loading {
		t.Fatal("scan did not finish")
	}
	return m
}

// send hands msg to Update and runs the commands that follow.
func send(t *testing.T, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		nm, cmd := m.Update(msg)
		m = drive(t, nm.(Model), cmd)
	}
	return m
}

// keys presses keys by name ("enter", "tab", "shift+tab", "backspace",
// "esc", "space", or a character), running the commands that follow each.
// sendQuit hands msg to Update and reports whether the reader quit.
func sendQuit(t *testing.T, m Model, msg tea.Msg) (Model, bool) {
	t.Helper()
	nm, cmd := m.Update(msg)
	return driveQuit(t, nm.(Model), cmd)
}

func keys(t *testing.T, m Model, names ...string) Model {
	t.Helper()
	for _, n := range names {
		m = send(t, m, press(n))
	}
	return m
}

func press(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "alt+left":
		return tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModAlt}
	case "alt+right":
		return tea.KeyPressMsg{Code: tea.KeyRight, Mod: tea.ModAlt}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(name)
	if len(r) != 1 {
		panic("press: unknown key " + name)
	}
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

func typeText(t *testing.T, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = send(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// drive runs cmd and every command the resulting messages lead to,
// feeding each message to Update, until no command is left. Commands run
// one at a time; one that does not return within a few seconds (a timer)
// fails the test, so the reader must start no timers in these tests.
func drive(t *testing.T, m Model, cmd tea.Cmd) Model {
	t.Helper()
	m, _ = driveQuit(t, m, cmd)
	return m
}

// driveQuit is drive, reporting whether a command asked to quit.
func driveQuit(t *testing.T, m Model, cmd tea.Cmd) (Model, bool) {
	t.Helper()
	quit := false
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("drive: too many commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := runCmd(t, c)
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
			quit = true
		default:
			nm, next := m.Update(msg)
			m = nm.(Model)
			queue = append(queue, next)
		}
	}
	return m, quit
}

func runCmd(t *testing.T, c tea.Cmd) tea.Msg {
	t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- c() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(cmdLimit()):
		t.Fatal("drive: a command did not return (a timer?)")
		return nil
	}
}

// plain is the screen as text.
func plain(m Model) string { return ansi.Strip(m.View().Content) }

func mustContain(t *testing.T, screen string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(screen, w) {
			t.Fatalf("screen lacks %q:\n%s", w, screen)
		}
	}
}

func mustNotContain(t *testing.T, screen string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if strings.Contains(screen, w) {
			t.Fatalf("screen has %q:\n%s", w, screen)
		}
	}
}

// jobResult makes msg the result of a job of the kind that is running, as
// if the job had just finished with it; stream jobs go on until their
// handler ends them.
func jobResult(m Model, kind jobKind, stream bool, msg tea.Msg) jobMsg {
	j, _ := m.s.jobs.start(context.Background(), job{kind: kind, stream: stream}, func(context.Context) tea.Msg { return nil })
	return jobMsg{id: j.id, msg: msg}
}

// cmdLimit is how long a test waits for one command: generous, on the
// tests' time scale (longer under the race detector or on a loaded CI).
func cmdLimit() time.Duration { return testwait.D(10 * time.Second) }
