package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
	"bulletin/model"
)

// fakeSyncer behaves as the feeds of a reader with [sync] set: Refresh
// runs a "sync" that reports its steps, the marks the server set and the
// new items of each feed, then the status says how it went. Changes
// waiting are the marks the store took since the last sync.
type fakeSyncer struct {
	*fakeFeeds
	store *fakeStore
	// gate, when set, holds each report until a value arrives.
	gate chan struct{}

	mu      sync.Mutex
	reports []model.FeedProgress
	// after is the status a sync leaves: its text, or failed with err.
	after  string
	err    error
	status model.SyncStatus
	syncs  int
	pushed int
}

func (f *fakeSyncer) Refresh(ctx context.Context, _ []string, progress func(model.FeedProgress)) error {
	f.mu.Lock()
	reports := f.reports
	f.syncs++
	f.mu.Unlock()
	for _, p := range reports {
		if f.gate != nil {
			select {
			case <-f.gate:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		progress(p)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		f.status = model.SyncStatus{Text: f.err.Error(), Failed: true}
		return f.err
	}
	f.pushed = f.marks()
	f.status = model.SyncStatus{Text: f.after}
	return nil
}

// marks is how many marks the store holds; f.mu is held.
func (f *fakeSyncer) marks() int {
	states, _ := f.store.States(context.Background())
	return len(states)
}

func (f *fakeSyncer) SyncStatus(context.Context) (model.SyncStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.status
	if st.Waiting = f.marks() - f.pushed; st.Waiting > 0 {
		st.Text += fmt.Sprintf(" · %d waiting", st.Waiting)
	}
	return st, nil
}

// syncReports is a sync that fetches two items, finds Alpha one read and
// Beta one starred on the server, and brings one new item of Alpha.
func syncReports() []model.FeedProgress {
	alpha := feedStatuses()[0]
	alpha.Items = 3
	return []model.FeedProgress{
		{Step: "fetching items", Done: 1, Total: 2},
		{Step: "applying read state", Changed: []model.StateChange{{Ref: "feed/a1", Read: true}, {Ref: "feed/b1", Starred: true}}},
		{Done: 1, Total: 1, Feed: alpha, New: 1, Articles: []model.Article{
			feedItem("Alpha", "a3", "Alpha from the server", 58, "https://alpha.example/three", "news", "tech"),
		}},
	}
}

func newSyncer(reports []model.FeedProgress) *fakeSyncer {
	return &fakeSyncer{
		fakeFeeds: &fakeFeeds{status: feedStatuses()},
		store:     newFakeStore(),
		reports:   reports,
		after:     "synced Nov 24 10:05",
		status:    model.SyncStatus{Text: "synced Nov 24 09:00"},
	}
}

// syncOptions are the reader's options with the feeds of f.
func syncOptions(f *fakeSyncer) Options {
	return Options{
		Sources: []model.Source{tourSource(), feedSource()},
		Theme:   "dark",
		Now:     func() time.Time { return testNow },
		Feeds:   f,
		Store:   f.store,
	}
}

func newSyncModel(t *testing.T, f *fakeSyncer) Model {
	t.Helper()
	m := New(syncOptions(f))
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	return drive(t, m, m.Init())
}

// r with a feed server runs a sync: its steps show with a progress bar,
// the marks the server set show in the list and the counts at once, the
// new item arrives in the list, and the status says the sync went well.
func TestSyncShowsStepsServerMarksAndNewItems(t *testing.T) {
	f := newSyncer(syncReports())
	f.gate = make(chan struct{})
	log := &screenLog{changed: make(chan struct{}, 1)}
	m := New(syncOptions(f))
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor), tea.WithEnvironment([]string{"TERM=xterm-256color"})))
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	g := goldenRun{tm: tm, log: log}
	log.waitFor(t, "15 unread of 15 articles", "synced Nov 24 09:00")
	g.press(t, []string{"r"}, "starting the sync")
	g.press(t, []string{"r"}, "syncing already")
	f.gate <- struct{}{}
	log.waitFor(t, "fetching items 1/2", "█")
	f.gate <- struct{}{}
	// Alpha one read on the server: one unread less, before any item came.
	log.waitFor(t, "14 unread of 15 articles")
	f.gate <- struct{}{}
	log.waitFor(t, "Alpha from the server", "15 unread of 16 articles", "1 new item", "synced Nov 24 10:05")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	if !final.s.isRead("feed/a1") || !final.s.isStarred("feed/b1") {
		t.Fatalf("the server's marks are not the reader's: a1 read %v, b1 starred %v", final.s.isRead("feed/a1"), final.s.isStarred("feed/b1"))
	}
	if f.syncs != 1 {
		t.Fatalf("%d syncs, want 1 (a second r while one runs must not start another)", f.syncs)
	}
}

// A failed sync stays in the status bar, keys or not, until a sync goes
// well; the status of a good one shows until the next key.
func TestSyncFailureStaysUntilASyncGoesWell(t *testing.T) {
	f := newSyncer(nil)
	f.err = fmt.Errorf("wrong password: the server refused reader")
	m := newSyncModel(t, f)
	mustContain(t, plain(m), "synced Nov 24 09:00")
	m = keys(t, m, "j")
	mustNotContain(t, plain(m), "synced Nov 24 09:00")
	m = keys(t, m, "r")
	mustContain(t, plain(m), "wrong password: the server refused reader")
	mustNotContain(t, plain(m), "refresh stopped", "0 new items")
	m = keys(t, m, "j", "k", "j")
	mustContain(t, plain(m), "wrong password: the server refused reader")
	f.mu.Lock()
	f.err = nil
	f.mu.Unlock()
	m = keys(t, m, "r")
	mustContain(t, plain(m), "synced Nov 24 10:05")
	mustNotContain(t, plain(m), "wrong password")
	m = keys(t, m, "j")
	mustNotContain(t, plain(m), "synced Nov 24 10:05")
}

// A mark made while offline is counted among the changes waiting as soon
// as the store has it, and stays in sight.
func TestMarkWhileOfflineCountsAsWaiting(t *testing.T) {
	f := newSyncer(nil)
	m := newSyncModel(t, f)
	m = keys(t, m, "m")
	mustContain(t, plain(m), "synced Nov 24 09:00 · 1 waiting")
	m = keys(t, m, "j", "m")
	mustContain(t, plain(m), "2 waiting")
}

// A mark the reader makes while a sync runs wins over the server's state
// the sync brings: it is stored after it, and goes to the server next.
func TestMarkDuringSyncWinsOverServer(t *testing.T) {
	f := newSyncer(nil)
	m := newSyncModel(t, f)
	// The sync's command is not run: the sync is under way while the
	// reader marks a1 unread, then reports the server's marks.
	_ = m.s.startRefresh(nil)
	m = drive(t, m, m.s.setRead("feed/a1", true))
	m = drive(t, m, m.s.setRead("feed/a1", false))
	m.s.takeSyncStep(model.FeedProgress{Step: "applying read state", Changed: []model.StateChange{{Ref: "feed/a1", Read: true}, {Ref: "feed/b1", Read: true}}})
	if m.s.isRead("feed/a1") {
		t.Fatal("the server's mark overrode one made during the sync")
	}
	if !m.s.isRead("feed/b1") {
		t.Fatal("the server's mark of an item not touched here was not taken")
	}
}

// R with a feed server syncs every feed, and says so: the server fetches
// the feeds, one cannot be refreshed alone.
func TestRefreshFeedSyncsEverything(t *testing.T) {
	f := newSyncer(syncReports())
	m := newSyncModel(t, f)
	mustContain(t, plain(m), "r sync")
	m = keys(t, m, "R")
	mustContain(t, plain(m), "syncing every feed")
	if f.syncs != 1 || len(f.refreshed) != 0 {
		t.Fatalf("R ran %d syncs and %d refreshes, want 1 sync and no refresh", f.syncs, len(f.refreshed))
	}
	if _, ok := m.s.lib.ByRef("feed/a3"); !ok {
		t.Fatal("the synced item is not in the library")
	}
}

// With a feed server and no subscriptions yet (before the first sync), r
// syncs rather than say there are no feeds.
func TestSyncWithNoSubscriptionsYet(t *testing.T) {
	f := newSyncer(syncReports())
	f.fakeFeeds.status = nil
	m := newSyncModel(t, f)
	m = keys(t, m, "r")
	s := plain(m)
	mustNotContain(t, s, noFeeds)
	mustContain(t, s, "Alpha from the server")
	if !strings.Contains(s, "synced Nov 24 10:05") {
		t.Fatalf("no sync status after the sync:\n%s", s)
	}
}

// Items of a feed the server no longer lists leave the list and the
// counts with the sync that dropped them.
func TestSyncDropsTheItemsOfADroppedFeed(t *testing.T) {
	f := newSyncer([]model.FeedProgress{{Step: "applying read state", Removed: []string{"feed/g1"}}})
	m := newSyncModel(t, f)
	mustContain(t, plain(m), "15 unread of 15 articles")
	m = keys(t, m, "r")
	mustContain(t, plain(m), "14 unread of 14 articles")
	if _, ok := m.s.lib.ByRef("feed/g1"); ok {
		t.Fatal("the dropped feed's item is still in the library")
	}
	for _, it := range m.headlines.list.Items() {
		if it.(headline).ref() == "feed/g1" {
			t.Fatal("the dropped feed's item is still listed")
		}
	}
}

// refresh_on_start with a feed server syncs as the reader opens.
func TestSyncOnStart(t *testing.T) {
	f := newSyncer(syncReports())
	opts := syncOptions(f)
	opts.RefreshOnStart = true
	m := New(opts)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	if f.syncs != 1 || len(f.refreshed) != 0 {
		t.Fatalf("%d syncs and %d refreshes at start, want 1 sync", f.syncs, len(f.refreshed))
	}
	mustContain(t, plain(m), "Alpha from the server")
}
