package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/config"
	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
	"bulletin/model"
	"bulletin/sources/opml"
	"bulletin/store"
)

// rss is an RSS 2.0 feed of items titled as given, each linking to
// /page/<n> on base.
func rss(title, base string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, title, base)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/page/%d</link><guid>%s-%d</guid><pubDate>Mon, 0%d Nov 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;Body of %s.&lt;/p&gt;</description></item>`,
			it, base, i, title, i, i+1, it)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func write(w http.ResponseWriter, s string) { w.Write([]byte(s)) }

// newService is a service on a new configuration file and store.
func newService(t *testing.T) *Service {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "bulletin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// A timeout that holds on a loaded machine; the test of a stall ends
	// it by a cancel.
	f := NewFetcher(config.Settings{Timeout: config.Duration{Duration: testwait.D(10 * time.Second)}}, "test")
	return New(filepath.Join(dir, "config.toml"), db, f)
}

// subscribe lists feeds in the service's configuration, as an import does.
func subscribe(t *testing.T, s *Service, feeds ...opml.Feed) {
	t.Helper()
	if _, err := s.Import(context.Background(), &opml.List{Feeds: feeds}, t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

// refresh runs a refresh and returns its progress reports by URL.
func refresh(t *testing.T, s *Service, urls ...string) map[string]model.FeedProgress {
	t.Helper()
	got := map[string]model.FeedProgress{}
	err := s.Refresh(context.Background(), urls, func(p model.FeedProgress) { got[p.Feed.URL] = p })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func titles(as []model.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	slices.Sort(out)
	return out
}

func TestRefreshStoresItemsThenAsksConditionally(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/a.xml", rss("Feed A", srv.URL, "Alpha", "Beta"))
	srv.Feed("/b.xml", rss("Feed B", srv.URL, "Gamma"))
	s := newService(t)
	a, b := srv.URL+"/a.xml", srv.URL+"/b.xml"
	subscribe(t, s, opml.Feed{URL: a, Tags: []string{"news"}}, opml.Feed{URL: b, Title: "My B"})

	first := refresh(t, s)
	if len(first) != 2 {
		t.Fatalf("progress for %d feeds, want 2: %v", len(first), first)
	}
	pa := first[a]
	if pa.Feed.Status != "fetched" || pa.New != 2 || pa.Total != 2 || pa.Feed.Title != "Feed A" {
		t.Errorf("feed A: %+v", pa)
	}
	if got := titles(pa.Articles); !slices.Equal(got, []string{"Alpha", "Beta"}) {
		t.Errorf("feed A's new articles: %q", got)
	}
	if pa.Articles[0].Source != "Feed A" || !slices.Equal(pa.Articles[0].Tags, []string{"news"}) || !strings.HasPrefix(pa.Articles[0].Link, srv.URL+"/page/") {
		t.Errorf("an article of feed A: %+v", pa.Articles[0])
	}
	if first[b].Feed.Title != "My B" || first[b].Articles[0].Source != "My B" {
		t.Errorf("feed B is not named as the user named it: %+v", first[b])
	}
	if n := srv.Conditional.Load(); n != 0 {
		t.Errorf("%d conditional requests on the first refresh", n)
	}

	second := refresh(t, s)
	for _, u := range []string{a, b} {
		if p := second[u]; p.Feed.Status != "not modified" || p.New != 0 || len(p.Articles) != 0 {
			t.Errorf("second refresh of %s: %+v", u, p)
		}
	}
	if n := srv.Conditional.Load(); n != 2 {
		t.Errorf("%d conditional requests on the second refresh, want 2", n)
	}

	st, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 2 || st[0].URL != a || st[0].Items != 2 || st[1].Title != "My B" || st[1].Items != 1 || st[0].LastSuccess.IsZero() {
		t.Errorf("status: %+v", st)
	}
}

// A feed the reader does not list yet (added by another bulletin while it
// runs) arrives whole on the reader's next refresh, even when nothing in
// it is new; the feeds it lists bring only what is new.
func TestRefreshSendsAllItemsOfAFeedNotShownYet(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/a.xml", rss("Feed A", srv.URL, "Alpha", "Beta"))
	srv.Feed("/b.xml", rss("Feed B", srv.URL, "Gamma"))
	other := newService(t)
	a, b := srv.URL+"/a.xml", srv.URL+"/b.xml"
	subscribe(t, other, opml.Feed{URL: a}, opml.Feed{URL: b})
	refresh(t, other)

	reader := New(other.path, other.db, other.fetcher)
	reader.Shown(b)
	got := refresh(t, reader)
	if p := got[a]; p.Feed.Status != "not modified" || p.New != 0 || !slices.Equal(titles(p.Articles), []string{"Alpha", "Beta"}) {
		t.Errorf("feed A, new to the reader: %+v", p)
	}
	if p := got[b]; p.Feed.Status != "not modified" || len(p.Articles) != 0 {
		t.Errorf("feed B, listed already: %+v", p)
	}
	// Once sent, feed A is listed: nothing more of it.
	if p := refresh(t, reader)[a]; len(p.Articles) != 0 {
		t.Errorf("feed A again: %d articles", len(p.Articles))
	}
}

func TestRefreshOneFeedAndUnknownURL(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/a.xml", rss("Feed A", srv.URL, "Alpha"))
	srv.Feed("/b.xml", rss("Feed B", srv.URL, "Gamma"))
	s := newService(t)
	subscribe(t, s, opml.Feed{URL: srv.URL + "/a.xml"}, opml.Feed{URL: srv.URL + "/b.xml"})
	got := refresh(t, s, srv.URL+"/b.xml")
	if len(got) != 1 || srv.Hits("/a.xml") != 0 {
		t.Errorf("refreshing feed B fetched %v, and A %d times", got, srv.Hits("/a.xml"))
	}
	err := s.Refresh(context.Background(), []string{srv.URL + "/nope.xml"}, nil)
	if err == nil || !strings.Contains(err.Error(), "/nope.xml is not one of your feeds") {
		t.Errorf("refresh of a URL not subscribed to: %v", err)
	}
}

func TestBrokenFeedNextToGoodOnes(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/good.xml", rss("Good", srv.URL, "Fine"))
	srv.Handle("/bad.xml", func(w http.ResponseWriter, r *http.Request) {
		write(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title><item><title>Oops</item></channel>`)
	})
	s := newService(t)
	good, bad := srv.URL+"/good.xml", srv.URL+"/bad.xml"
	subscribe(t, s, opml.Feed{URL: bad}, opml.Feed{URL: good})
	got := refresh(t, s)
	if got[good].Feed.Status != "fetched" || got[good].New != 1 {
		t.Errorf("the good feed: %+v", got[good])
	}
	if p := got[bad]; p.Feed.Status != "failed" || !strings.Contains(p.Feed.Error, bad) {
		t.Errorf("the bad feed: %+v", p)
	}
	st, _ := s.Status(context.Background())
	if st[0].Status != "failed" || st[0].Error == "" {
		t.Errorf("the status of the bad feed: %+v", st[0])
	}
}

func TestPermanentRedirectMovesTheSubscription(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/new.xml", rss("Moved", srv.URL, "Item"))
	srv.Handle("/old.xml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/new.xml", http.StatusMovedPermanently)
	})
	s := newService(t)
	// A hand-written file with a comment, which must survive the move.
	cfg := "# my feeds\n[[feeds]]\nurl = \"" + srv.URL + "/old.xml\"\ntitle = \"Kept\"\n"
	if err := os.WriteFile(s.ConfigPath(), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	got := refresh(t, s)
	p, ok := got[srv.URL+"/new.xml"]
	if !ok || p.MovedTo != srv.URL+"/new.xml" || p.New != 1 {
		t.Fatalf("progress: %+v", got)
	}
	c, err := config.LoadFile(s.ConfigPath())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Feeds) != 1 || c.Feeds[0].URL != srv.URL+"/new.xml" || c.Feeds[0].Title != "Kept" {
		t.Errorf("the configuration after the move: %+v", c.Feeds)
	}
	raw, _ := os.ReadFile(s.ConfigPath())
	if !bytes.HasPrefix(raw, []byte("# my feeds\n")) {
		t.Errorf("the comment was lost:\n%s", raw)
	}
	// The next refresh goes to the new URL directly.
	before := srv.Hits("/old.xml")
	refresh(t, s)
	if srv.Hits("/old.xml") != before {
		t.Error("the old URL was fetched again")
	}
}

func TestCancelledRefreshKeepsWhatItStored(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/fast.xml", rss("Fast", srv.URL, "Quick"))
	srv.Hang("/slow.xml")
	s := newService(t)
	subscribe(t, s, opml.Feed{URL: srv.URL + "/fast.xml"}, opml.Feed{URL: srv.URL + "/slow.xml"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := s.Refresh(ctx, nil, func(p model.FeedProgress) {
		if p.Feed.Status == "fetched" {
			cancel() // the slow one is still under way
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled refresh returned %v", err)
	}
	st, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Items != 1 || st[1].Items != 0 {
		t.Errorf("after the cancel: %+v", st)
	}
}

func TestAddFindsTheFeedOfAPage(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/feed.xml", rss("Site feed", srv.URL, "One", "Two"))
	srv.Handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		write(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body>Hi</body></html>`)
	})
	srv.Handle("/bare", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		write(w, `<html><body>No feed here</body></html>`)
	})
	s := newService(t)
	ctx := context.Background()
	a, err := s.Add(ctx, srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != srv.URL+"/feed.xml" || a.Page != srv.URL+"/" || a.Items != 2 || a.Title != "Site feed" {
		t.Errorf("added %+v", a)
	}
	st, _ := s.Status(ctx)
	if len(st) != 1 || st[0].URL != srv.URL+"/feed.xml" || st[0].Items != 2 {
		t.Errorf("status after add: %+v", st)
	}
	again, err := s.Add(ctx, srv.URL+"/feed.xml")
	if err != nil || !again.Already {
		t.Errorf("adding it again: %+v, %v", again, err)
	}

	_, err = s.Add(ctx, srv.URL+"/bare")
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/bare") || !strings.Contains(err.Error(), "names no feed") {
		t.Errorf("a page without a feed: %v", err)
	}
	_, err = s.Add(ctx, "gopher://example.com/feed")
	if err == nil || !strings.Contains(err.Error(), `unsupported scheme "gopher"`) {
		t.Errorf("a gopher URL: %v", err)
	}
	if st, _ := s.Status(ctx); len(st) != 1 {
		t.Errorf("failed adds subscribed: %+v", st)
	}
}

func TestAddALocalFileAndRemoveIt(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "archive.xml")
	if err := os.WriteFile(path, []byte(rss("Archive", "https://example.com", "Old news")), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newService(t)
	ctx := context.Background()
	a, err := s.Add(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.URL, "file:///") || a.Items != 1 {
		t.Errorf("added %+v", a)
	}
	removed, err := s.Remove(ctx, path)
	if err != nil || removed != a.URL {
		t.Fatalf("remove: %q, %v", removed, err)
	}
	if st, _ := s.Status(ctx); len(st) != 0 {
		t.Errorf("still subscribed: %+v", st)
	}
	if fs, _ := s.db.Feeds(ctx); len(fs) != 0 {
		t.Errorf("still in the store: %+v", fs)
	}
	if _, err := s.Remove(ctx, path); !errors.Is(err, ErrNotSubscribed) {
		t.Errorf("removing it twice: %v", err)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	in := `<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="Tech"><outline type="rss" text="Go" xmlUrl="https://go.dev/blog/feed.atom" category="/programming"/></outline>
  <outline type="rss" text="LWN" title="LWN" xmlUrl="https://lwn.net/headlines/rss"/>
  <outline type="rss" text="https://example.com/plain.xml" xmlUrl="https://example.com/plain.xml"/>
  <outline text="no url"/>
  <outline type="rss" text="Bad" xmlUrl="ftp://example.com/x"/>
</body></opml>`
	list, err := opml.Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	im, err := s.Import(ctx, list, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Added) != 3 || len(im.Already) != 0 || len(im.Skipped) != 2 || !strings.Contains(strings.Join(im.Skipped, "\n"), "ftp://example.com/x") {
		t.Errorf("import: %+v", im)
	}
	if again, _ := s.Import(ctx, list, t.TempDir()); len(again.Added) != 0 || len(again.Already) != 3 {
		t.Errorf("importing again: %+v", again)
	}

	export := func(s *Service) string {
		l, err := s.Export(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := opml.Write(&b, l); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	out := export(s)
	if !strings.Contains(out, `category="/Tech,/programming"`) || !strings.Contains(out, `title="LWN"`) {
		t.Errorf("export lost tags or titles:\n%s", out)
	}
	other := newService(t)
	back, err := opml.Read(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Import(ctx, back, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	if again := export(other); again != out {
		t.Errorf("export of the import of an export differs:\n%s\nfrom:\n%s", again, out)
	}
	a, _ := config.LoadFile(s.ConfigPath())
	b, _ := config.LoadFile(other.ConfigPath())
	if fmt.Sprint(Subs(a)) != fmt.Sprint(Subs(b)) {
		t.Errorf("subscriptions differ after the round trip:\n%v\n%v", Subs(a), Subs(b))
	}
}

func TestReadableIsFetchedOnceThenOffline(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/a.xml", rss("Feed A", srv.URL, "Alpha"))
	srv.Handle("/page/0", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		write(w, `<html><head><title>Alpha</title></head><body><article><h1>Alpha</h1>
<p>The whole story of Alpha, told at length so that the page has an article in it, which readability wants to see before it calls it one. `+strings.Repeat("More words about Alpha and its people. ", 20)+`</p>
<p>See <a href="/page/9">the sequel</a> and <a href="https://example.org/x">elsewhere</a>; not <a href="javascript:alert(1)">this</a>.</p>
<p>`+strings.Repeat("Yet more of the story, for length. ", 20)+"\x1b]0;pwned\x07"+`</p></article></body></html>`)
	})
	s := newService(t)
	subscribe(t, s, opml.Feed{URL: srv.URL + "/a.xml"})
	got := refresh(t, s)
	item := got[srv.URL+"/a.xml"].Articles[0]
	ctx := context.Background()

	a, err := s.Readable(ctx, &item)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Markdown || !a.Loaded || !strings.Contains(a.Body, "The whole story of Alpha") || strings.ContainsRune(a.Body, 0x1b) {
		t.Errorf("readable body: %q", a.Body)
	}
	want := []model.Related{{ID: srv.URL + "/page/9", Title: "the sequel", Link: true}, {ID: "https://example.org/x", Title: "elsewhere", Link: true}}
	if !slices.Equal(a.Related, want) {
		t.Errorf("related = %+v, want %+v", a.Related, want)
	}

	cached, err := s.Readable(ctx, &item)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.Hits("/page/0"); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
	if cached.Body != a.Body || !slices.Equal(cached.Related, want) {
		t.Errorf("from the cache: %q, %+v", cached.Body, cached.Related)
	}

	local := item
	local.Link = "file:///etc/passwd"
	if _, err := s.Readable(ctx, &local); err == nil || !strings.Contains(err.Error(), "only http and https") {
		t.Errorf("a file link: %v", err)
	}
}

// A refresh that meets its deadline stores what arrived before it, and
// stores each feed it cut off as failed, saying why.
func TestRefreshDeadlineKeepsWhatArrived(t *testing.T) {
	srv := feedtest.NewServer(t)
	srv.Feed("/fast.xml", rss("Fast", srv.URL, "Quick"))
	srv.Hang("/slow.xml")
	s := newService(t)
	deadline := testwait.D(time.Second)
	s.fetcher = NewFetcher(config.Settings{Timeout: config.Duration{Duration: testwait.D(30 * time.Second)}, RefreshDeadline: config.Duration{Duration: deadline}}, "test")
	fast, slow := srv.URL+"/fast.xml", srv.URL+"/slow.xml"
	subscribe(t, s, opml.Feed{URL: slow}, opml.Feed{URL: fast})
	got := refresh(t, s)
	want := fmt.Sprintf("refresh deadline (%v) reached", deadline)
	if deadline%time.Second == 0 {
		want = fmt.Sprintf("refresh deadline (%ds) reached", deadline/time.Second)
	}
	if p := got[slow]; p.Feed.Status != "failed" || !strings.Contains(p.Feed.Error, want) {
		t.Errorf("the slow feed: %+v, want %q", p.Feed, want)
	}
	if p := got[fast]; p.Feed.Status != "fetched" || p.New != 1 {
		t.Errorf("the fast feed: %+v", p)
	}
	st, err := s.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Status != "failed" || !strings.Contains(st[0].Error, want) || st[1].Items != 1 {
		t.Errorf("stored: %+v", st)
	}
}

func TestNewFetcherTakesTheSettings(t *testing.T) {
	f := NewFetcher(config.Settings{Workers: 8, PerHost: 2, ConnectTimeout: config.Duration{Duration: 3 * time.Second}, RefreshDeadline: config.Duration{Duration: 2 * time.Minute}}, "1.2.3")
	if f.Workers != 8 || f.PerHost != 2 || f.ConnectTimeout != 3*time.Second || f.Timeout != 0 || f.Deadline != 2*time.Minute || !f.SkipMarkdown {
		t.Errorf("fetcher: %+v", f)
	}
	if f.UserAgent != "bulletin/1.2.3" {
		t.Errorf("User-Agent %q", f.UserAgent)
	}
	if d := NewFetcher(config.Settings{Workers: -1}, ""); d.Workers != 0 {
		t.Errorf("a negative setting is not the default: %d", d.Workers)
	}
}

func TestFeedURL(t *testing.T) {
	dir := t.TempDir()
	for raw, want := range map[string]string{
		"https://go.dev/blog/feed.atom": "https://go.dev/blog/feed.atom",
		" http://x.example/rss ":        "http://x.example/rss",
		"feeds/a.xml":                   "file://" + filepath.ToSlash(filepath.Join(dir, "feeds", "a.xml")),
		"file:///srv/b.xml":             "file:///srv/b.xml",
	} {
		if got, err := FeedURL(raw, dir); err != nil || got != want {
			t.Errorf("FeedURL(%q) = %q, %v; want %q", raw, got, err, want)
		}
	}
	for raw, why := range map[string]string{
		"":                   "no URL",
		"gopher://x.example": `unsupported scheme "gopher"`,
		"https:///feed":      "no host",
		"file:rel/c.xml":     "absolute path",
		"file://host/c.xml":  "file URLs name no host",
	} {
		if _, err := FeedURL(raw, dir); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("FeedURL(%q) = %v, want an error saying %q", raw, err, why)
		}
	}
}
