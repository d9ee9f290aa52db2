package ui

import (
	"context"
	"fmt"
	"image/color"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"bulletin/config"
	"bulletin/feeds"
	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
	"bulletin/model"
	"bulletin/store"
)

// loopbackRSS is an RSS feed of items with the given titles, on base.
func loopbackRSS(base string, titles ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback news</title><link>%s/</link>`, base)
	for i, title := range titles {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/story/%d</link><guid>loopback-%d</guid><pubDate>Tue, 24 Nov 2026 10:0%d:00 GMT</pubDate><description>Text of %s.</description></item>`,
			title, base, i, i, i+1, title)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// subscribe is the feeds service of a new store subscribed to url, which
// it fetches once, and the store.
func subscribe(t *testing.T, url string) (*feeds.Service, *store.DB) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "bulletin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	settings := config.Settings{Timeout: config.Duration{Duration: testwait.D(10 * time.Second)}}
	svc := feeds.New(filepath.Join(dir, "config.toml"), db, feeds.NewFetcher(settings, "test"))
	if _, err := svc.Add(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// subscribedFeeds is the feeds service of a new store, subscribed to a
// feed on a loopback server that had two items, and now has a third.
func subscribedFeeds(t *testing.T) model.Feeds {
	t.Helper()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", loopbackRSS(srv.URL, "Loopback story one", "Loopback story two"))
	svc, _ := subscribe(t, url)
	// No validator: the next refresh fetches the feed whole.
	srv.Handle("/news.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(loopbackRSS(srv.URL, "Loopback story one", "Loopback story two", "Loopback story three")))
	})
	return svc
}

// refreshOver runs the reader over the tour-like folder with the feeds,
// presses r and waits for the refresh to end; it returns the screen.
func refreshOver(t *testing.T, foldersOnly bool) string {
	t.Helper()
	log := &screenLog{changed: make(chan struct{}, 1)}
	m := New(Options{
		Sources:     []model.Source{tourSource()},
		Theme:       "dark",
		Now:         func() time.Time { return testNow },
		Feeds:       subscribedFeeds(t),
		FoldersOnly: foldersOnly,
	})
	tm := teatest.NewTestModel(t, probe{Model: m, log: log},
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.TrueColor)))
	tm.Send(tea.BackgroundColorMsg{Color: color.Black})
	log.waitUntil(t, "the folder", func(s string) bool {
		return strings.Contains(s, "12 articles") && !strings.Contains(s, "loading")
	})
	tm.Send(press("r"))
	log.waitFor(t, "1 new item")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	return plain(final)
}

func TestRefreshKeepsFeedItemsOutOfAFolder(t *testing.T) {
	s := refreshOver(t, true)
	mustContain(t, s, "12 articles", "1 new item, not in this folder's list")
	mustNotContain(t, s, "Loopback story")
}

func TestRefreshAddsFeedItemsToTheLibrary(t *testing.T) {
	// The same refresh over the user's library, which has the feeds: the
	// items join the list, so the test above is not passing by a refresh
	// that brought nothing.
	s := refreshOver(t, false)
	mustContain(t, s, "15 articles", "Loopback story three", "Loopback story one")
	mustNotContain(t, s, "not in this folder")
}
