package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
)

// Tests of feeds through the real binary: subscribing, importing and
// exporting, refreshing from loopback servers, and what a refresh killed
// half-way leaves.

// rssFeed is an RSS 2.0 feed of items with the given titles.
func rssFeed(title, base string, items ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`, title, base)
	for i, it := range items {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s/%s/%d</link><guid>%s-%d</guid><pubDate>Mon, 0%d Nov 2026 10:00:00 GMT</pubDate><description>&lt;p&gt;All about %s.&lt;/p&gt;</description></item>`,
			it, base, strings.ReplaceAll(title, " ", ""), i, title, i, i%9+1, it)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// listTitles is what `list --json` lists in the home, sorted.
func listTitles(t *testing.T, h *home) []string {
	t.Helper()
	var out []string
	for _, l := range jsonLines(t, h.ok("list", "--json").stdout) {
		out = append(out, l["title"].(string))
	}
	slices.Sort(out)
	return out
}

func TestAddRefreshAndList(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Daily News", srv.URL, "Rain expected", "Bridge opens"))
	h := newHome(t)
	r := h.ok("add", url)
	if !strings.Contains(r.stdout, "subscribed to "+url+" (Daily News, 2 items)") {
		t.Errorf("add said %q", r.stdout)
	}
	// The items are there at once, and the tour is not.
	lines := jsonLines(t, h.ok("list", "--json").stdout)
	if len(lines) != 2 {
		t.Fatalf("list after add: %v", lines)
	}
	for _, l := range lines {
		if l["source"] != "Daily News" || !strings.HasPrefix(l["ref"].(string), "feed/") {
			t.Errorf("a listed item: %v", l)
		}
	}

	// The fetch of add left its ETag: refresh asks conditionally.
	r = h.ok("refresh")
	if !strings.Contains(r.stderr, "0 fetched, 1 not modified, 0 failed, 0 gone; 0 new items") {
		t.Errorf("refresh said %q", r.stderr)
	}
	if n := srv.Conditional.Load(); n != 1 {
		t.Errorf("%d conditional requests, want 1", n)
	}
	again := h.ok("add", url)
	if !strings.Contains(again.stdout, "already subscribed to "+url) {
		t.Errorf("adding twice: %q", again.stdout)
	}

	feeds := jsonLines(t, h.ok("feeds", "--json").stdout)
	if len(feeds) != 1 || feeds[0]["url"] != url || feeds[0]["title"] != "Daily News" || feeds[0]["status"] != "not modified" || feeds[0]["items"] != 2.0 || feeds[0]["last_success"] == nil {
		t.Errorf("feeds --json: %v", feeds)
	}
	table := h.ok("feeds").stdout
	if !strings.Contains(table, "LAST SUCCESS") || !strings.Contains(table, "Daily News") || !strings.Contains(table, url) {
		t.Errorf("feeds table:\n%s", table)
	}

	r = h.ok("remove", url)
	if !strings.Contains(r.stdout, "removed "+url) {
		t.Errorf("remove said %q", r.stdout)
	}
	// With no source of its own left, the library is the tour again.
	if got := listTitles(t, h); len(got) != 11 {
		t.Errorf("after remove, %d articles listed, want the tour's 11: %q", len(got), got)
	}
}

func TestStoreFeedsWithoutAConfigFile(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/news.xml", rssFeed("Daily News", srv.URL, "Rain expected", "Bridge opens"))
	h := newHome(t)
	h.ok("add", url)
	// The configuration file lost (or never written, as by a script with
	// another XDG_CONFIG_HOME): the stored items are still listed, not
	// hidden behind the tour.
	if err := os.Remove(filepath.Join(h.dir, "config", "bulletin", "config.toml")); err != nil {
		t.Fatal(err)
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"Bridge opens", "Rain expected"}) {
		t.Errorf("without a config file, listed %q; want the stored items", got)
	}
	// A configuration that lists nothing is a choice: the tour.
	if err := os.WriteFile(filepath.Join(h.dir, "config", "bulletin", "config.toml"), []byte("# nothing yet\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := listTitles(t, h); len(got) != 11 {
		t.Errorf("with an empty config file, listed %d, want the tour's 11", len(got))
	}
}

func TestImportRefreshThenNotModified(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	a := srv.Feed("/a.xml", rssFeed("Feed A", srv.URL, "A one", "A two"))
	b := srv.Feed("/b.xml", rssFeed("Feed B", srv.URL, "B one"))
	h := newHome(t)
	urls := filepath.Join(t.TempDir(), "urls")
	writeFile(t, urls, "# my feeds\n"+a+" news \"~Feed A, mine\"\n"+b+"\nquery:unread:unread = \"yes\"\n")
	r := h.ok("import", urls)
	if !strings.Contains(r.stdout, "2 added, 0 already there, 1 skipped") || !strings.Contains(r.stderr, "query feeds are not supported") {
		t.Errorf("import: %q, %q", r.stdout, r.stderr)
	}
	if srv.Full.Load()+srv.Conditional.Load() != 0 {
		t.Error("import fetched the feeds")
	}

	first := h.ok("refresh")
	if !strings.Contains(first.stderr, "2 feeds in") || !strings.Contains(first.stderr, "2 fetched, 0 not modified, 0 failed, 0 gone; 3 new items") {
		t.Errorf("first refresh: %q", first.stderr)
	}
	second := h.ok("refresh")
	if !strings.Contains(second.stderr, "0 fetched, 2 not modified, 0 failed, 0 gone; 0 new items") {
		t.Errorf("second refresh: %q", second.stderr)
	}
	if full, cond := srv.Full.Load(), srv.Conditional.Load(); full != 2 || cond != 2 {
		t.Errorf("the server answered %d full and %d conditional requests, want 2 and 2", full, cond)
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"A one", "A two", "B one"}) {
		t.Errorf("listed %q", got)
	}
	var tags []any
	for _, l := range jsonLines(t, h.ok("feeds", "--json").stdout) {
		if l["url"] == a {
			tags, _ = l["tags"].([]any)
			if l["title"] != "Feed A, mine" {
				t.Errorf("the name from the urls file was lost: %v", l)
			}
		}
	}
	if len(tags) != 1 || tags[0] != "news" {
		t.Errorf("tags of feed A: %v", tags)
	}
}

func TestAddASitePageFindsItsFeed(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	feedURL := srv.Feed("/blog/index.xml", rssFeed("The Blog", srv.URL, "First post"))
	srv.Handle("/blog/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html><head><title>Blog</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="index.xml"></head><body>Posts</body></html>`))
	})
	srv.Handle("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body>No feeds</body></html>`))
	})
	h := newHome(t)
	r := h.run("", "add", srv.URL+"/blog/", srv.URL+"/plain")
	if r.code != 1 {
		t.Errorf("exit %d, want 1: one argument failed", r.code)
	}
	if !strings.Contains(r.stdout, "subscribed to "+feedURL+" (The Blog, 1 item), the feed of "+srv.URL+"/blog/") {
		t.Errorf("add of the page said %q", r.stdout)
	}
	if !strings.Contains(r.stderr, srv.URL+"/plain") || !strings.Contains(r.stderr, "names no feed") {
		t.Errorf("add of a page without feeds said %q", r.stderr)
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"First post"}) {
		t.Errorf("listed %q", got)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	h := newHome(t)
	opml := filepath.Join(t.TempDir(), "subs.opml")
	writeFile(t, opml, `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Someone's feeds</title></head><body>
  <outline text="Tech" title="Tech">
    <outline type="rss" text="The Go Blog" title="The Go Blog" xmlUrl="https://go.dev/blog/feed.atom" htmlUrl="https://go.dev/blog" category="/programming,/go"/>
    <outline type="rss" text="https://lwn.net/headlines/rss" xmlUrl="https://lwn.net/headlines/rss"/>
  </outline>
  <outline type="rss" text="Quotes &amp; &quot;more&quot;" xmlUrl="https://example.com/feed?a=1&amp;b=2"/>
</body></opml>`)
	r := h.ok("import", opml)
	if !strings.Contains(r.stdout, "3 added, 0 already there, 0 skipped") {
		t.Errorf("import said %q", r.stdout)
	}
	exported := h.ok("export").stdout
	for _, want := range []string{`<opml version="2.0">`, `xmlUrl="https://example.com/feed?a=1&amp;b=2"`, `title="Quotes &amp; &#34;more&#34;"`, `category="/Tech,/programming,/go"`} {
		if !strings.Contains(exported, want) {
			t.Errorf("export lacks %s:\n%s", want, exported)
		}
	}
	again := h.ok("import", opml)
	if !strings.Contains(again.stdout, "0 added, 3 already there") {
		t.Errorf("a second import said %q", again.stdout)
	}

	// Into another home and out again: the same file.
	other := newHome(t)
	file := filepath.Join(t.TempDir(), "exported.opml")
	writeFile(t, file, exported)
	other.ok("import", file)
	if back := other.ok("export").stdout; back != exported {
		t.Errorf("export, import, export changed the file:\n%s\nwant:\n%s", back, exported)
	}
	urls := other.ok("export", "--urls").stdout
	if !strings.Contains(urls, `https://go.dev/blog/feed.atom "~The Go Blog" Tech programming go`) {
		t.Errorf("export --urls:\n%s", urls)
	}
}

func TestBrokenFeedNextToGoodOnes(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	good1 := srv.Feed("/one.xml", rssFeed("One", srv.URL, "Good one"))
	good2 := srv.Feed("/two.xml", rssFeed("Two", srv.URL, "Good two"))
	bad := srv.Feed("/bad.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad</title><item><title>Broken</item></channel>`)
	h := newHome(t)
	urls := filepath.Join(t.TempDir(), "urls")
	writeFile(t, urls, strings.Join([]string{good1, bad, good2, srv.URL + "/missing.xml"}, "\n")+"\n")
	h.ok("import", urls)
	r := h.run("", "refresh")
	if r.code != 1 {
		t.Errorf("refresh: exit %d, want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	failures := slices.Clone(lines[:len(lines)-1])
	slices.Sort(failures)
	if len(failures) != 2 || !strings.HasPrefix(failures[0], "bulletin: "+bad+": ") || !strings.HasPrefix(failures[1], "bulletin: "+srv.URL+"/missing.xml: 404") {
		t.Errorf("failures reported: %q", failures)
	}
	if !strings.Contains(lines[len(lines)-1], "2 fetched, 0 not modified, 2 failed") {
		t.Errorf("summary: %q", lines[len(lines)-1])
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"Good one", "Good two"}) {
		t.Errorf("listed %q", got)
	}
	for _, l := range jsonLines(t, h.ok("feeds", "--json").stdout) {
		if l["url"] == bad && (l["status"] != "failed" || !strings.Contains(l["error"].(string), "bad.xml")) {
			t.Errorf("feeds --json for the bad feed: %v", l)
		}
	}
}

func TestRefreshKilledHalfWay(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	n := 12
	release := make(chan struct{})
	var stalled atomic.Int32
	var list []string
	for i := range n {
		path := fmt.Sprintf("/f%d.xml", i)
		body := rssFeed(fmt.Sprintf("Feed %d", i), srv.URL, "First", "Second", "Third")
		if i%2 == 0 {
			list = append(list, srv.Feed(path, body))
			continue
		}
		// Every other feed stalls until the test lets it go.
		srv.Handle(path, func(w http.ResponseWriter, r *http.Request) {
			stalled.Add(1)
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
			w.Write([]byte(body))
		})
		list = append(list, srv.URL+path)
	}
	h := newHome(t)
	// All on one host: past the default of 4 connections a host, the
	// stalled feeds would keep the fast ones waiting.
	writeFile(t, filepath.Join(h.dir, "config", "bulletin", "config.toml"), "[settings]\nper_host = 16\n")
	urls := filepath.Join(t.TempDir(), "urls")
	writeFile(t, urls, strings.Join(list, "\n")+"\n")
	h.ok("import", urls)

	cmd := h.command("refresh")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// Killed once the fast feeds are stored and the slow ones under way.
	var stored int
	if !testwait.Poll(30*time.Second, func() bool {
		h.query(`SELECT count(*) FROM feeds WHERE last_status = 'fetched'`, &stored)
		return stored == n/2 && stalled.Load() == int32(n/2)
	}) {
		t.Fatalf("the fast feeds were not stored in time: %d stored, %d stalled", stored, stalled.Load())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(release)

	db := h.openStore()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	var items int
	h.query(`SELECT count(*) FROM items`, &items)
	if items != 3*n/2 {
		t.Errorf("%d items stored before the kill, want %d", items, 3*n/2)
	}
	r := h.ok("refresh")
	if !strings.Contains(r.stderr, fmt.Sprintf("%d fetched, %d not modified, 0 failed", n/2, n/2)) {
		t.Errorf("the refresh after the kill: %q", r.stderr)
	}
	if got := len(jsonLines(t, h.ok("list", "--json").stdout)); got != 3*n {
		t.Errorf("%d items listed, want %d", got, 3*n)
	}
}

func TestRefreshInterruptedKeepsWhatItStored(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	fast := srv.Feed("/fast.xml", rssFeed("Fast", srv.URL, "Quick"))
	entered := make(chan struct{}, 1)
	srv.Handle("/slow.xml", func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-r.Context().Done()
	})
	h := newHome(t)
	urls := filepath.Join(t.TempDir(), "urls")
	writeFile(t, urls, fast+"\n"+srv.URL+"/slow.xml\n")
	h.ok("import", urls)
	cmd := h.command("refresh")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	testwait.Until(t, "the slow feed to be asked for", 30*time.Second, func() bool {
		select {
		case <-entered:
			return true
		default:
			return false
		}
	})
	testwait.Until(t, "the fast feed to be stored", 30*time.Second, func() bool {
		var stored int
		h.query(`SELECT count(*) FROM feeds WHERE last_status = 'fetched'`, &stored)
		return stored == 1
	})
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit %d (%v), want 1", code, err)
	}
	if !strings.Contains(stderr.String(), "interrupted after 1 of 2 feeds") {
		t.Errorf("stderr: %q", stderr.String())
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"Quick"}) {
		t.Errorf("listed %q", got)
	}
}

func TestAddFolderReplacesTheTour(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mynews")
	for _, name := range []string{"01_1001.txt", "02_1002.txt"} {
		data, err := os.ReadFile(filepath.Join("sources", "tour", name))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), string(data))
	}
	h := newHome(t)
	if tour := listTitles(t, h); len(tour) != 11 {
		t.Fatalf("a new home lists %d articles, want the tour's 11", len(tour))
	}
	r := h.ok("add", dir)
	if !strings.Contains(r.stdout, "added the folder "+dir) {
		t.Errorf("add said %q", r.stdout)
	}
	lines := jsonLines(t, h.ok("list", "--json").stdout)
	var refs []string
	for _, l := range lines {
		refs = append(refs, l["ref"].(string))
	}
	slices.Sort(refs)
	if !slices.Equal(refs, []string{"mynews/01_1001", "mynews/02_1002"}) {
		t.Errorf("list after add FOLDER: %q", refs)
	}
	// Search reads the same library: the tour's copy, not the tour.
	var found []string
	for _, l := range jsonLines(t, h.ok("search", "--json", "welcome").stdout) {
		found = append(found, l["ref"].(string))
	}
	if !slices.Equal(found, []string{"mynews/01_1001"}) {
		t.Errorf("search found %q, want mynews/01_1001 alone", found)
	}
	h.ok("remove", dir)
	if got := listTitles(t, h); len(got) != 11 {
		t.Errorf("after remove, %d articles listed, want the tour's 11", len(got))
	}
}

func TestHostileFeedTextIsCleaned(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	url := srv.Feed("/evil.xml", rssFeed("Evil &#x1b;]0;pwned&#x07; feed", srv.URL, "Item &#x1b;[2J title"))
	h := newHome(t)
	for _, r := range []result{h.ok("add", url), h.ok("feeds"), h.ok("list"), h.ok("refresh")} {
		if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07") {
			t.Errorf("control characters in the output: %q %q", r.stdout, r.stderr)
		}
	}
	// The escape sequence goes whole, not only its ESC.
	if out := h.ok("feeds").stdout; !strings.Contains(out, "Evil feed ") || strings.Contains(out, "pwned") {
		t.Errorf("the title is not shown: %q", out)
	}
}

func TestRefreshWarnsOfACutOffFeed(t *testing.T) {
	t.Parallel()
	srv := feedtest.NewServer(t)
	whole := rssFeed("Cut News", srv.URL, "Arrived whole", "Also whole")
	url := srv.Feed("/cut.xml", strings.TrimSuffix(whole, "</channel></rss>")+"<item><title>Lost half")
	h := newHome(t)
	if a := h.ok("add", url); !strings.Contains(a.stderr, url+": warning: the document is cut off") {
		t.Errorf("add said %q, want a warning that the feed is cut off", a.stderr)
	}
	if got := listTitles(t, h); !slices.Equal(got, []string{"Also whole", "Arrived whole"}) {
		t.Errorf("listed %q, want the items that arrived whole", got)
	}
	r := h.ok("refresh")
	if !strings.Contains(r.stderr, url+": warning: the document is cut off") {
		t.Errorf("refresh said %q, want a warning that the feed is cut off", r.stderr)
	}
	if table := h.ok("feeds").stdout; !strings.Contains(table, "warning: the document is cut off") {
		t.Errorf("feeds table:\n%s\nwant the warning in its last column", table)
	}
	feeds := jsonLines(t, h.ok("feeds", "--json").stdout)
	if len(feeds) != 1 || feeds[0]["error"] != nil || len(feeds[0]["warnings"].([]any)) != 1 {
		t.Errorf("feeds --json: %v; want no error and one warning", feeds)
	}
}
