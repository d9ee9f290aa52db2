package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/internal/testwait"
)

// openAlphaOne opens the feed item Alpha one through the feed pane.
func openAlphaOne(t *testing.T, g goldenRun) {
	t.Helper()
	g.press(t, []string{"F"}, "Alpha · 2 items")
	g.press(t, []string{"j", "enter"}, "feed Alpha · 1 of 15")
	g.press(t, []string{"enter"}, "The feed's own text about Alpha one")
}

// Esc stops a page fetch that hangs: the article stays, with its feed's
// text, and the page is not shown when it would have come.
func TestEscCancelsAPageFetch(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), readStep: make(chan struct{}), readable: map[string]string{
		"https://alpha.example/one": "The readable text of the web page.",
	}}
	g := startFeeds(t, feeds)
	openAlphaOne(t, g)
	g.press(t, []string{"f"}, "fetching https://alpha.example/one (esc cancels)")
	g.press(t, []string{"esc"}, "cancelled the page fetch", "The feed's own text about Alpha one")
	g.log.waitUntil(t, "no spinner", func(s string) bool { return !strings.Contains(s, " fetching https") })
	// Esc again does what it does in an article: back to the list.
	g.press(t, []string{"esc"}, "feed Alpha · 1 of 15")
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := g.tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	if _, ok := final.s.readable["feed/a1"]; ok {
		t.Fatal("the cancelled page was kept")
	}
}

// Esc stops a refresh: what arrived stays in the list, and the summary
// says how far it got.
func TestEscCancelsARefreshKeepingWhatArrived(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress(), step: make(chan struct{})}
	g := startFeeds(t, feeds)
	g.press(t, []string{"r"}, "0/3 feeds (esc cancels)")
	feeds.step <- struct{}{}
	g.log.waitFor(t, "1/3 feeds", "Alpha breaking news", "16 articles")
	// "cancelling…" shows only until the refresh ends, which may be at
	// once: TestCancellingShowsUntilTheRefreshEnds sees it.
	g.press(t, []string{"esc"}, "refresh cancelled after 1/3 feeds · 1 new item", "Alpha breaking news", "16 articles")
	g.log.waitUntil(t, "no progress bar", func(s string) bool { return !strings.Contains(s, "░") })
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	g.tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
}

// While work runs, the first ctrl+c cancels it and says how to quit; the
// second quits.
func TestCtrlCCancelsWorkThenQuits(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress(), step: make(chan struct{})}
	g := startFeeds(t, feeds)
	g.press(t, []string{"r"}, "0/3 feeds")
	g.press(t, []string{"ctrl+c"}, "ctrl+c again quits")
	g.log.waitFor(t, "refresh cancelled after 0/3 feeds")
	g.tm.Send(press("ctrl+c"))
	g.tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
}

// Between esc and the end of the refresh, the status bar says it is
// cancelling.
func TestCancellingShowsUntilTheRefreshEnds(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress(), step: make(chan struct{})}
	c := newConcurrent(t, newFeedsModel(t, feeds, 100, 30))
	c.press("r")
	nm, cmd := c.m.Update(press("esc"))
	c.m = nm.(Model)
	mustContain(t, plain(c.m), "0/3 feeds cancelling…")
	c.run(cmd)
	mustContain(t, plain(c.settle()), "refresh cancelled after 0/3 feeds")
}
