package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"slices"
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

// fakeFeeds is an in-memory model.Feeds. Refresh reports every feed asked
// for, in the order of status, with what progress holds for it (else
// nothing new), each after a value on step when step is set, so a test
// sees the refresh half done.
type fakeFeeds struct {
	mu       sync.Mutex
	status   []model.FeedStatus
	progress []model.FeedProgress
	step     chan struct{}
	// readable maps a link to the body of its readable page; a link not
	// in it fails. Readable waits for a value on readStep when it is set.
	readable map[string]string
	readStep chan struct{}
	// pageLinks are the links of the readable pages, by link.
	pageLinks map[string][]model.Related
	refreshed [][]string
}

func (f *fakeFeeds) Status(context.Context) ([]model.FeedStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.status), nil
}

func (f *fakeFeeds) Refresh(ctx context.Context, urls []string, progress func(model.FeedProgress)) error {
	f.mu.Lock()
	f.refreshed = append(f.refreshed, urls)
	var todo []model.FeedProgress
	for _, st := range f.status {
		if len(urls) > 0 && !slices.Contains(urls, st.URL) {
			continue
		}
		p := model.FeedProgress{Feed: st}
		for _, q := range f.progress {
			if q.Feed.URL == st.URL {
				p = q
			}
		}
		todo = append(todo, p)
	}
	f.mu.Unlock()
	for i, p := range todo {
		if f.step != nil {
			select {
			case <-f.step:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		p.Done, p.Total = i+1, len(todo)
		progress(p)
		f.mu.Lock()
		for j := range f.status {
			if f.status[j].URL == p.Feed.URL {
				f.status[j] = p.Feed
			}
		}
		f.mu.Unlock()
	}
	return nil
}

func (f *fakeFeeds) Readable(ctx context.Context, a *model.Article) (model.Article, error) {
	if f.readStep != nil {
		select {
		case <-f.readStep:
		case <-ctx.Done():
			return model.Article{}, ctx.Err()
		}
	}
	body, ok := f.readable[a.Link]
	if !ok {
		return model.Article{}, errors.New("feeds: 404 Not Found")
	}
	r := *a
	r.Body, r.Markdown = body, true
	r.Related = f.pageLinks[a.Link]
	return r, nil
}

// Story is Readable, answered as model.Stories answers: whole, by the
// caller's ref, its links to the site's stories as related stories.
func (f *fakeFeeds) Story(ctx context.Context, a *model.Article) (model.Article, error) {
	r, err := f.Readable(ctx, a)
	if err != nil {
		return r, err
	}
	r.Loaded = true
	r.Related = model.SiteOf(a).Related(r.Related)
	r.RelatedCount = model.CountStories(r.Related)
	return r, nil
}

// Feeds of the tests: Alpha (tags news, tech), Beta (news) and Gamma (no
// tag).
const (
	alphaURL = "https://alpha.example/feed.xml"
	betaURL  = "https://beta.example/rss"
	gammaURL = "https://gamma.example/atom"
)

func feedStatuses() []model.FeedStatus {
	ok := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	return []model.FeedStatus{
		{URL: alphaURL, Title: "Alpha", Tags: []string{"news", "tech"}, Status: "fetched", LastSuccess: ok, Items: 2},
		{URL: betaURL, Title: "Beta", Tags: []string{"news"}, Status: "fetched", LastSuccess: ok, Items: 1},
		{URL: gammaURL, Title: "Gamma", Status: "fetched", LastSuccess: ok, Items: 1},
	}
}

// feedItem is a listed feed item of a feed of feedStatuses.
func feedItem(feed, id, title string, minute int, link string, tags ...string) model.Article {
	return model.Article{
		Ref: "feed/" + id, Source: feed, Path: id, Title: title,
		Published: at(minute), HasDate: true, DateText: at(minute).Format("Mon Jan 2, 2006 15:04:05"),
		Body:     "The feed's own text about " + title + ". See [the report](https://alpha.example/report) for more.",
		Markdown: true, Link: link, Tags: tags, Feed: feedURLs[feed],
	}
}

// feedURLs are the feeds of feedStatuses by title.
var feedURLs = map[string]string{"Alpha": alphaURL, "Beta": betaURL, "Gamma": gammaURL}

// feedSource holds the feed items already stored when the reader starts.
func feedSource() *fakeSource {
	return &fakeSource{name: "feeds", articles: []model.Article{
		feedItem("Alpha", "a1", "Alpha one", 40, "https://alpha.example/one", "news", "tech"),
		feedItem("Beta", "b1", "Beta one", 30, "https://beta.example/one", "news"),
		feedItem("Gamma", "g1", "Gamma one", 20, "ftp://gamma.example/one"),
	}}
}

func newFeedsModel(t *testing.T, feeds *fakeFeeds, w, h int) Model {
	t.Helper()
	m := New(Options{
		Sources: []model.Source{tourSource(), feedSource()},
		Theme:   "dark",
		Now:     func() time.Time { return testNow },
		Feeds:   feeds,
	})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = drive(t, m, m.Init())
	return m
}

// refreshProgress is a refresh where Alpha brings a new item, newer than
// every other, and Beta fails.
func refreshProgress() []model.FeedProgress {
	alpha, beta := feedStatuses()[0], feedStatuses()[1]
	alpha.Items = 3
	beta.Status, beta.Error = "failed", "HTTP 500 Internal Server Error"
	return []model.FeedProgress{
		{Feed: alpha, New: 1, Articles: []model.Article{
			feedItem("Alpha", "a2", "Alpha breaking news", 59, "https://alpha.example/two", "news", "tech"),
		}},
		{Feed: beta},
	}
}

// startFeeds is a teatest program of the reader with feeds.
func startFeeds(t *testing.T, feeds *fakeFeeds) goldenRun {
	t.Helper()
	m := New(Options{
		Sources: []model.Source{tourSource(), feedSource()},
		Theme:   "dark",
		Now:     func() time.Time { return testNow },
		Feeds:   feeds,
	})
	tm, log := startProbe(t, m, 100, 30, colorprofile.TrueColor)
	log.waitUntil(t, "the whole library", func(s string) bool {
		return strings.Contains(s, "15 articles") && !strings.Contains(s, "loading")
	})
	return goldenRun{tm: tm, log: log}
}

func TestRefreshShowsProgressAndItems(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress(), step: make(chan struct{})}
	g := startFeeds(t, feeds)
	g.press(t, []string{"r"}, "0/3 feeds")
	// A second r while it runs only says so.
	g.press(t, []string{"r"}, "refreshing already: 0/3 feeds")
	feeds.step <- struct{}{}
	// The new item is in the list at once, newest first.
	g.log.waitFor(t, "1/3 feeds", "Alpha breaking news", "16 articles")
	feeds.step <- struct{}{}
	g.log.waitFor(t, "2/3 feeds")
	feeds.step <- struct{}{}
	g.log.waitFor(t, "1 new item · 1 failed — press F for feed status")
	g.log.waitUntil(t, "no progress bar", func(s string) bool { return !strings.Contains(s, "░") && !strings.Contains(s, "█") })
	// The failing feed and its error are in the feed pane.
	g.press(t, []string{"F"}, "Feeds", "Beta · 1 item", "failed", "HTTP 500 Internal Server Error")
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := g.tm.FinalModel(t, teatest.WithFinalTimeout(testwait.D(15*time.Second))).(probe).Model
	if got := len(feeds.refreshed); got != 1 {
		t.Fatalf("Refresh called %d times, want 1 (the second r must not start another)", got)
	}
	// The pane was refreshed from Status after the refresh.
	if st := final.s.feedList[1]; st.Error == "" {
		t.Fatalf("feed list not updated: %+v", st)
	}
}

func TestRefreshKeepsTheCursor(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress()}
	m := newFeedsModel(t, feeds, 100, 30)
	// The reader is on the first headline: new items above it must not
	// move it.
	before := m.headlines.selectedRef()
	m = keys(t, m, "r")
	if got := m.headlines.selectedRef(); got != before {
		t.Fatalf("refresh moved the cursor from %q to %q", before, got)
	}
	s := plain(m)
	mustContain(t, s, "Alpha breaking news", "1 new item · 1 failed")
	// The new item is first in the list.
	if first := m.headlines.list.Items()[0].(headline).ref(); first != "feed/a2" {
		t.Fatalf("first headline %q, want the new item feed/a2", first)
	}
	m = keys(t, m, "j", "j", "r")
	sel := m.headlines.selectedRef()
	m = keys(t, m, "r")
	if got := m.headlines.selectedRef(); got != sel {
		t.Fatalf("refresh moved the cursor from %q to %q", sel, got)
	}
}

func TestRefreshWithoutFeeds(t *testing.T) {
	m := newTestModel(t, 100, 30)
	for _, k := range []string{"r", "R", "F"} {
		m = keys(t, m, k)
		mustContain(t, plain(m), "no feeds: subscribe with bulletin add URL")
	}
	// The footer offers no feed keys without feeds.
	mustNotContain(t, plain(m), "r refresh")
}

func TestRefreshFeedOfItem(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), progress: refreshProgress()}
	m := newFeedsModel(t, feeds, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "Beta one")
	m = keys(t, m, "enter", "R")
	if len(feeds.refreshed) != 1 || !slices.Equal(feeds.refreshed[0], []string{betaURL}) {
		t.Fatalf("R refreshed %v, want only Beta's feed", feeds.refreshed)
	}
	mustContain(t, plain(m), "0 new items · 1 failed")
	// A folder article has no feed.
	m = keys(t, m, "esc", "g", "R")
	mustContain(t, plain(m), "not a feed item: tour")
}

func TestFeedPaneGroupsByTag(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses()}
	m := newFeedsModel(t, feeds, 100, 40)
	m = keys(t, m, "F")
	if m.nav.screen != screenFeeds {
		t.Fatal("F did not open the feed pane")
	}
	s := plain(m)
	mustContain(t, s, "2 feeds · 3 items", "Alpha · 2 items", "fetched · last success 2h ago", "r refresh feeds", "q/esc headlines")
	// Tags in order, untagged last; Alpha under both of its tags.
	order := []string{"news", "Alpha ·", "Beta ·", "tech", "Alpha ·", "untagged", "Gamma ·"}
	rest := s
	for _, w := range order {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("feed pane lacks %q in order %q:\n%s", w, order, s)
		}
		rest = rest[i+len(w):]
	}
	// Enter on the tag "tech" shows its items only.
	m = keys(t, m, "j", "j", "j", "enter")
	if m.nav.screen != screenList {
		t.Fatal("enter on a tag did not return to the list")
	}
	s = plain(m)
	mustContain(t, s, "Alpha one", "tag tech · 1 of 15 articles", "esc all items")
	mustNotContain(t, s, "Beta one", "Tour")
	// Enter on a feed shows its items; untagged feeds group too.
	m = keys(t, m, "F", "g", "j", "j", "enter")
	s = plain(m)
	mustContain(t, s, "Beta one", "feed Beta · 1 of 15")
	mustNotContain(t, s, "Alpha one")
	m = keys(t, m, "F", "G", "k", "enter")
	mustContain(t, plain(m), "Gamma one", "tag untagged · 1 of 15")
	// Esc shows every item again.
	m = keys(t, m, "esc")
	s = plain(m)
	mustContain(t, s, "15 articles", "Tour")
	mustNotContain(t, s, "1 of 15", "tag untagged")
}

func TestReadableToggles(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), readable: map[string]string{
		"https://alpha.example/one": "The **readable** text of the web page.",
	}}
	m := newFeedsModel(t, feeds, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "Alpha one")
	m = keys(t, m, "enter", "enter")
	s := plain(m)
	mustContain(t, s, "The feed's own text about Alpha one", "f readable page", "o open in browser", "y copy link")
	m = keys(t, m, "f")
	s = plain(m)
	mustContain(t, s, "The readable text of the web page.", "· web page")
	mustNotContain(t, s, "The feed's own text")
	m = keys(t, m, "f")
	s = plain(m)
	mustContain(t, s, "The feed's own text about Alpha one")
	mustNotContain(t, s, "readable text", "· web page")
}

func TestReadableErrorNamesURL(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses()}
	m := newFeedsModel(t, feeds, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "Beta one")
	m = keys(t, m, "enter", "enter", "f")
	s := plain(m)
	mustContain(t, s, "cannot fetch https://beta.example/one: 404 Not Found", "The feed's own text about Beta one")
	if m.s.fetching() != "" {
		t.Fatal("still fetching after the error")
	}
}

func TestOpenInBrowser(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses()}
	m := newFeedsModel(t, feeds, 100, 30)
	var opened []string
	m.openURL = func(_ context.Context, u string) error {
		opened = append(opened, u)
		return nil
	}
	// Gamma's item links with ftp: refused, nothing opened.
	m = keys(t, m, "/")
	m = typeText(t, m, "Gamma one")
	m = keys(t, m, "enter", "o")
	mustContain(t, plain(m), "only http and https links open: ftp://gamma.example/one")
	if len(opened) != 0 {
		t.Fatalf("opened %v", opened)
	}
	// An article without a link says so.
	m = keys(t, m, "esc", "esc", "g", "o")
	mustContain(t, plain(m), "no web link")
	// An https link opens, from the list or an article.
	m = keys(t, m, "g", "/")
	m = typeText(t, m, "Alpha one")
	m = keys(t, m, "enter", "o")
	mustContain(t, plain(m), "opened in the browser: https://alpha.example/one")
	m = keys(t, m, "enter", "o")
	if !slices.Equal(opened, []string{"https://alpha.example/one", "https://alpha.example/one"}) {
		t.Fatalf("opened %v", opened)
	}
}

func TestCopyLinkWritesOSC52(t *testing.T) {
	t.Setenv("TMUX", "")
	feeds := &fakeFeeds{status: feedStatuses()}
	g := startFeeds(t, feeds)
	g.press(t, []string{"F"}, "Alpha · 2 items")
	g.press(t, []string{"j", "enter"}, "feed Alpha · 1 of 15")
	g.press(t, []string{"enter"}, "The feed's own text about Alpha one")
	g.press(t, []string{"y"}, "copied https://alpha.example/one")
	// The sequence is written by a command after the screen says
	// "copied": wait for it in what the terminal received. The body's
	// markdown link reached the terminal too, as an OSC 8 hyperlink.
	osc52 := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("https://alpha.example/one")) + "\a"
	osc8 := "\x1b]8;id=3261392869;https://alpha.example/report\a"
	teatest.WaitFor(t, g.tm.Output(), func(out []byte) bool {
		return bytes.Contains(out, []byte(osc52)) && bytes.Contains(out, []byte(osc8))
	}, teatest.WithDuration(testwait.D(15*time.Second)), teatest.WithCheckInterval(10*time.Millisecond))
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	g.tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
}

func TestFeedLinkIsHyperlink(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses()}
	m := newFeedsModel(t, feeds, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "Alpha one")
	m = keys(t, m, "enter", "enter")
	content := m.View().Content
	if !strings.Contains(content, "\x1b]8;id=") || !strings.Contains(content, ";https://alpha.example/report\a") {
		t.Fatalf("no OSC 8 hyperlink for the body's link in:\n%q", content)
	}
	mustContain(t, plain(m), "the report")
}

func TestReadableShowsSpinnerWhileFetching(t *testing.T) {
	feeds := &fakeFeeds{status: feedStatuses(), readStep: make(chan struct{}), readable: map[string]string{
		"https://alpha.example/one": "The readable text of the web page.",
	}}
	g := startFeeds(t, feeds)
	g.press(t, []string{"F"}, "Alpha · 2 items")
	g.press(t, []string{"j", "enter"}, "feed Alpha · 1 of 15")
	g.press(t, []string{"enter"}, "The feed's own text about Alpha one")
	// While the page loads, the status bar says so and the feed's text
	// stays; a second f does not fetch again.
	g.press(t, []string{"f"}, "fetching https://alpha.example/one")
	g.press(t, []string{"f"}, "fetching already: https://alpha.example/one")
	feeds.readStep <- struct{}{}
	g.log.waitFor(t, "The readable text of the web page.", "· web page")
	g.log.waitUntil(t, "no spinner", func(s string) bool { return !strings.Contains(s, " fetching https") })
	// F from an article comes back to it.
	g.press(t, []string{"F"}, "Alpha · 2 items")
	g.press(t, []string{"esc"}, "The readable text of the web page.")
	if err := g.tm.Quit(); err != nil {
		t.Fatal(err)
	}
	g.tm.WaitFinished(t, teatest.WithFinalTimeout(testwait.D(15*time.Second)))
}

func TestRefreshWithNoSubscriptions(t *testing.T) {
	m := newFeedsModel(t, &fakeFeeds{}, 100, 30)
	mustNotContain(t, plain(m), "r refresh feeds")
	m = keys(t, m, "r")
	mustContain(t, plain(m), "no feeds: subscribe with bulletin add URL")
	m = keys(t, m, "F")
	mustContain(t, plain(m), "No feeds. Subscribe with: bulletin add URL")
}

// A refresh that brings a new version of a listed item (its title
// corrected): the list shows the new title, and the filter finds it by the
// new title, not the old one.
func TestRefreshedItemIsListedAndFilteredByItsNewTitle(t *testing.T) {
	alpha := feedStatuses()[0]
	feeds := &fakeFeeds{status: feedStatuses(), progress: []model.FeedProgress{{Feed: alpha, Articles: []model.Article{
		feedItem("Alpha", "a1", "Alpha one corrected", 40, "https://alpha.example/one", "news", "tech"),
	}}}}
	m := newFeedsModel(t, feeds, 100, 60)
	m = keys(t, m, "/", "c", "o", "r", "r")
	if shown, _ := m.headlines.counts(); shown != 0 {
		t.Fatalf("before the refresh, %d headlines match corr", shown)
	}
	m = keys(t, m, "esc", "r")
	mustContain(t, plain(m), "Alpha one corrected")
	m = keys(t, m, "/", "c", "o", "r", "r")
	items := m.headlines.list.Items()
	if len(items) != 1 || items[0].(headline).title() != "Alpha one corrected" {
		t.Fatalf("the filter found %d headlines for corr, want the refreshed item", len(items))
	}
	m = keys(t, m, "esc", "/", "o", "n", "e", "enter")
	for _, it := range m.headlines.list.Items() {
		if it.(headline).title() == "Alpha one" {
			t.Fatal("the filter still finds the old title")
		}
	}
}
