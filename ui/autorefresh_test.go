package ui

import (
	"image/color"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
	"bulletin/model"
)

// selection records, after every message, the selected headline and the
// first one of the list, and counts the interval's ticks.
type selection struct {
	mu         sync.Mutex
	sel, first string
	ticks      int
}

func (s *selection) get() (sel, first string, ticks int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sel, s.first, s.ticks
}

// selProbe is probe, recording the selection as well.
type selProbe struct {
	probe
	rec *selection
}

func (p selProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := p.probe.Update(msg)
	p.probe = next.(probe)
	m := p.probe.Model
	p.rec.mu.Lock()
	p.rec.sel = m.headlines.selectedRef()
	if items := m.headlines.list.Items(); len(items) > 0 {
		p.rec.first = items[0].(headline).ref()
	}
	if _, ok := msg.(autoTickMsg); ok {
		p.rec.ticks++
	}
	p.rec.mu.Unlock()
	return p, cmd
}

// growingFeeds is the feeds service of a new store subscribed to a
// loopback feed of two items; grow makes the feed bring a third, newer
// than every other article.
func growingFeeds(t *testing.T) (svc model.Feeds, grow func()) {
	t.Helper()
	srv := feedtest.NewServer(t)
	var grown atomic.Bool
	two := loopbackRSS(srv.URL, "Loopback story one", "Loopback story two")
	three := loopbackRSS(srv.URL, "Loopback story one", "Loopback story two", "Loopback story three")
	srv.Handle("/news.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(two))
	})
	f, _ := subscribe(t, srv.URL+"/news.xml")
	// Unchanged until it grows, so the refreshes before bring nothing to
	// the list; grown, it is fetched whole.
	srv.Handle("/news.xml", func(w http.ResponseWriter, _ *http.Request) {
		if !grown.Load() {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(three))
	})
	return f, func() { grown.Store(true) }
}

// startAuto runs the reader over the tour-like folder with the feeds and
// opts' automatic refresh, and waits for the scan to end.
func startAuto(t *testing.T, opts Options) (*teatest.TestModel, *screenLog, *selection) {
	t.Helper()
	opts.Sources = []model.Source{tourSource()}
	opts.Theme = "dark"
	opts.Now = func() time.Time { return testNow }
	log := &screenLog{changed: make(chan struct{}, 1)}
	rec := &selection{}
	tm := teatest.NewTestModel(t, selProbe{probe: probe{Model: New(opts), log: log}, rec: rec},
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	return tm, log, rec
}

func finalModel(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(selProbe).Model
}

func TestIntervalRefreshKeepsTheSelectedArticle(t *testing.T) {
	// On the first headline, where a list rebuilt would go back to the
	// top, and on the second.
	t.Run("top", func(t *testing.T) { intervalKeepsSelection(t, 0) })
	t.Run("second", func(t *testing.T) { intervalKeepsSelection(t, 1) })
}

func intervalKeepsSelection(t *testing.T, downs int) {
	svc, grow := growingFeeds(t)
	// A short interval: the one-minute minimum is the configuration's,
	// for the servers' sake, not the reader's.
	tm, log, rec := startAuto(t, Options{Feeds: svc, RefreshInterval: 50 * time.Millisecond})
	log.waitUntil(t, "the scan's end", func(s string) bool { return !strings.Contains(s, "loading") && strings.Contains(s, "Tour") })
	for range downs {
		tm.Send(press("j"))
	}
	var chosen string
	testwait.Until(t, "the headline selected", 15*time.Second, func() bool {
		sel, first, _ := rec.get()
		chosen = sel
		// On a busy machine a refresh may already have put the stored
		// items above the top headline: what counts is that it stays.
		return sel != "" && first != "" && (downs == 0 || sel != first)
	})
	grow()
	log.waitFor(t, "Loopback story three", "1 new item")
	m := finalModel(t, tm)
	if got := m.headlines.selectedRef(); got != chosen {
		t.Fatalf("the refresh moved the selection from %q to %q", chosen, got)
	}
	items := m.headlines.list.Items()
	if top := items[0].(headline).title(); top != "Loopback story three" {
		t.Fatalf("the new item is not above the selection: the first headline is %q", top)
	}
	if m.headlines.list.Index() < downs+1 {
		t.Fatalf("selection at row %d: the items above it did not come in", m.headlines.list.Index())
	}
}

func TestRefreshOnStartFetchesWithoutAKey(t *testing.T) {
	svc, grow := growingFeeds(t)
	grow()
	tm, log, _ := startAuto(t, Options{Feeds: svc, RefreshOnStart: true})
	log.waitFor(t, "Loopback story three", "Loopback story one", "1 new item", "15 articles")
	finalModel(t, tm)
}

func TestIntervalSkipsATickWhileARefreshRuns(t *testing.T) {
	ff := &fakeFeeds{status: feedStatuses(), progress: refreshProgress(), step: make(chan struct{})}
	tm, log, rec := startAuto(t, Options{Feeds: ff, RefreshInterval: 10 * time.Millisecond})
	log.waitFor(t, "feeds (esc cancels)")
	_, _, seen := rec.get()
	testwait.Until(t, "five more ticks", 15*time.Second, func() bool {
		_, _, ticks := rec.get()
		return ticks >= seen+5
	})
	ff.mu.Lock()
	calls := len(ff.refreshed)
	ff.mu.Unlock()
	if calls != 1 {
		t.Fatalf("%d refreshes started while the first one ran, want 1", calls)
	}
	finalModel(t, tm)
}

func TestStaleTickIsDropped(t *testing.T) {
	ff := &fakeFeeds{status: feedStatuses(), progress: refreshProgress()}
	m := newFeedsModel(t, ff, 100, 30)
	m.auto = autoRefresh{every: time.Hour}
	// r refreshes every feed and counts the interval again: the tick
	// already on its way is of the old count.
	next, _ := m.Update(press("r"))
	m = next.(Model)
	if _, cmd := m.Update(autoTickMsg{gen: 0}); cmd != nil {
		t.Fatal("a tick from before r was taken: two tickers would run")
	}
	if _, cmd := m.Update(autoTickMsg{gen: m.auto.gen}); cmd == nil {
		t.Fatal("the current tick did not wait for the next one")
	}
	// A stale tick with no refresh running starts none either.
	idle := newFeedsModel(t, ff, 100, 30)
	idle.auto = autoRefresh{every: time.Hour, gen: 3}
	next, _ = idle.Update(autoTickMsg{gen: 2})
	if next.(Model).s.refresh.running {
		t.Fatal("a stale tick started a refresh")
	}
	next, _ = idle.Update(autoTickMsg{gen: 3})
	if !next.(Model).s.refresh.running {
		t.Fatal("the current tick started no refresh")
	}
}

func TestAutoRefreshLeavesAFolderReaderAlone(t *testing.T) {
	ff := &fakeFeeds{status: feedStatuses(), progress: refreshProgress()}
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow },
		Feeds: ff, FoldersOnly: true})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	m = send(t, m, autoStartMsg{})
	m.auto = autoRefresh{every: time.Hour}
	next, _ := m.Update(autoTickMsg{})
	if next.(Model).s.refresh.running || len(ff.refreshed) != 0 {
		t.Fatalf("a reader over folders only refreshed the feeds by itself: %v", ff.refreshed)
	}
	// Without feeds at all, neither.
	bare := newTestModel(t, 100, 30)
	bare = send(t, bare, autoStartMsg{})
	if bare.s.refresh.running || strings.Contains(plain(bare), noFeeds) {
		t.Fatal("a reader without feeds tried to refresh them")
	}
}

func TestQuietAutomaticRefreshSaysNothing(t *testing.T) {
	if s := (refreshRun{auto: true}).sum(nil); s != "" {
		t.Errorf("an automatic refresh that brought nothing says %q", s)
	}
	if s := (refreshRun{auto: true, summary: "3 new items"}).sum(nil); s != "3 new items" {
		t.Errorf("an automatic refresh that brought nothing replaced what the last said with %q", s)
	}
	if s := (refreshRun{}).sum(nil); s != "0 new items" {
		t.Errorf("r that brought nothing says %q, want 0 new items", s)
	}
	if s := (refreshRun{auto: true, fresh: 12}).sum(nil); s != "12 new items" {
		t.Errorf("an automatic refresh of 12 items says %q", s)
	}
	if s := (refreshRun{auto: true, failed: []string{"u"}}).sum(nil); !strings.Contains(s, "1 failed") {
		t.Errorf("an automatic refresh with a failed feed says %q", s)
	}
}
