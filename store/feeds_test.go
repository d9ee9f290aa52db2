package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

const feedURL = "https://news.example/feed.xml"

// rssOf is an RSS 2.0 feed of items, each "guid|title|date|html" (date in
// RFC 1123 or "").
func rssOf(items ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title><link>https://news.example/</link>`)
	for _, it := range items {
		p := strings.SplitN(it, "|", 4)
		fmt.Fprintf(&b, "<item><guid>%s</guid><title>%s</title><link>https://news.example/%s</link>", p[0], p[1], p[0])
		if p[2] != "" {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", p[2])
		}
		fmt.Fprintf(&b, "<description><![CDATA[%s]]></description></item>", p[3])
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// fetched is a Result as the Fetcher gives it for a feed it read.
func fetched(t testing.TB, data []byte, now time.Time) feed.Result {
	t.Helper()
	f, err := feed.Parse(data, feed.ParseOptions{URL: feedURL, Now: now, SkipMarkdown: true})
	if err != nil {
		t.Fatal(err)
	}
	return feed.Result{Status: feed.Fetched, Code: 200, Feed: f, State: feed.State{URL: feedURL, ETag: `"v1"`}}
}

func subscribed(t testing.TB) (*DB, *Library, *Refresh) {
	t.Helper()
	db := openTemp(t)
	ctx := context.Background()
	if n, err := db.AddFeeds(ctx, feedURL, feedURL); err != nil || n != 1 {
		t.Fatalf("AddFeeds = %d, %v; want 1 new", n, err)
	}
	lib := db.Library()
	lib.AddFeeds(FeedSub{URL: feedURL, Tags: []string{"world"}})
	r, err := db.NewRefresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return db, lib, r
}

func save(t testing.TB, r *Refresh, res feed.Result, now time.Time) Saved {
	t.Helper()
	s, err := r.Save(context.Background(), feedURL, res, now)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFeedItemsJoinTheLibrary(t *testing.T) {
	db, lib, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	data := rssOf(
		"a|Harbour reopens|Mon, 30 Nov 2026 08:00:00 GMT|<p>The <b>harbour</b> reopened. See <a href=\"/b\">the storm</a> and <a href=\"https://elsewhere.example/x\">elsewhere</a>.</p>",
		"b|Storm closes harbour|Sun, 29 Nov 2026 08:00:00 GMT|<p>A storm closed the harbour.</p><script>alert(1)</script>",
		// Others, so that "harbour" tells something.
		"c|Budget passes|Sat, 28 Nov 2026 08:00:00 GMT|<p>Parliament passed the budget.</p>",
		"d|Team wins cup|Fri, 27 Nov 2026 08:00:00 GMT|<p>The team won the cup final.</p>",
		"e|Train fares rise|Thu, 26 Nov 2026 08:00:00 GMT|<p>Fares rise in spring.</p>",
	)
	s := save(t, r, fetched(t, data, now), now)
	if s.New != 5 || s.Updated != 0 || len(s.Refs) != 5 {
		t.Fatalf("saved %+v, want 5 new", s)
	}
	if err := lib.IndexText(ctx, nil); err != nil {
		t.Fatal(err)
	}
	articles, problems := listed(t, lib)
	if len(problems) != 0 || len(articles) != 5 || !strings.HasSuffix(articles[0], " Harbour reopens") || !strings.HasSuffix(articles[1], " Storm closes harbour") {
		t.Fatalf("listed %q %q; want both items, newest first", articles, problems)
	}
	a, ok, err := lib.Lookup(ctx, s.Refs[0])
	if err != nil || !ok {
		t.Fatalf("Lookup(%s) = %v, %v", s.Refs[0], ok, err)
	}
	if a.Source != "Example News" || a.Link != "https://news.example/a" || strings.Join(a.Tags, ",") != "world" {
		t.Errorf("listed item: source %q link %q tags %q", a.Source, a.Link, a.Tags)
	}
	full, err := model.Load(ctx, &a)
	if err != nil {
		t.Fatal(err)
	}
	if !full.Markdown || !strings.Contains(full.Body, "**harbour**") || strings.Contains(full.Body, "<b>") {
		t.Errorf("body is not the item's markdown: %q", full.Body)
	}
	// Its body links are its related list; the one to the other item
	// resolves in the library, the outside one does not.
	ml := model.NewLibrary()
	var all []model.Article
	lib.List(ctx, func(r model.ScanResult, _ model.State) error { all = append(all, r.Article); return nil })
	ml.Add(all...)
	if len(full.Related) != 2 {
		t.Fatalf("related %+v, want the two body links", full.Related)
	}
	if target, ok := ml.Resolve(full.Related[0]); !ok || target.Title != "Storm closes harbour" {
		t.Errorf("the link to /b does not resolve to the storm item")
	}
	if _, ok := ml.Resolve(full.Related[1]); ok {
		t.Errorf("an outside link resolved")
	}
	hits, err := lib.Search(ctx, "closed", 10)
	if err != nil || len(hits) != 1 || hits[0].Article.Title != "Storm closes harbour" {
		t.Fatalf("search closed = %+v, %v", hits, err)
	}
	if strings.Contains(hits[0].Snippet, "alert") || !strings.Contains(hits[0].Snippet, "closed") {
		t.Errorf("snippet %q", hits[0].Snippet)
	}
	similar, err := lib.Similar(ctx, s.Refs[0], 5)
	if err != nil || len(similar) != 1 || similar[0].Article.Title != "Storm closes harbour" {
		t.Errorf("similar = %+v, %v", similar, err)
	}
	info, ok, err := db.Feed(ctx, feedURL)
	if err != nil || !ok || info.Title != "Example News" || info.Items != 5 || info.State.ETag != `"v1"` || info.LastStatus != "fetched" || !info.LastSuccess.Equal(now) {
		t.Errorf("feed info %+v %v %v", info, ok, err)
	}
}

func TestFeedRefreshKeepsRefsAndFirstSeen(t *testing.T) {
	_, lib, r := subscribed(t)
	ctx := context.Background()
	t1 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	t2 := t1.Add(48 * time.Hour)
	s := save(t, r, fetched(t, rssOf("u|Undated||<p>one</p>", "d|Dated|Mon, 30 Nov 2026 08:00:00 GMT|<p>x</p>"), t1), t1)
	if s.New != 2 {
		t.Fatalf("first save %+v", s)
	}
	if err := lib.db.MarkRead(ctx, s.Refs[0], true); err != nil {
		t.Fatal(err)
	}
	// Indexed before it changes, so that the change replaces its text.
	if err := lib.IndexText(ctx, nil); err != nil {
		t.Fatal(err)
	}
	// The same feed again: nothing new. Then the undated item changes.
	if s := save(t, r, fetched(t, rssOf("u|Undated||<p>one</p>", "d|Dated|Mon, 30 Nov 2026 08:00:00 GMT|<p>x</p>"), t2), t2); s.New != 0 || s.Updated != 0 {
		t.Errorf("unchanged feed saved %+v", s)
	}
	s2 := save(t, r, fetched(t, rssOf("u|Undated, corrected||<p>one, fixed</p>"), t2), t2)
	if s2.Updated != 1 || s2.New != 0 || s2.Refs[0] != s.Refs[0] {
		t.Fatalf("changed item saved %+v; want one update under ref %s", s2, s.Refs[0])
	}
	a, ok, err := lib.Lookup(ctx, s.Refs[0])
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if a.Title != "Undated, corrected" || a.HasDate || !a.Seen.Equal(t1) || a.DateText != "" {
		t.Errorf("changed undated item: %q dated %v seen %v date text %q; want the new title, undated, first seen at %v", a.Title, a.HasDate, a.Seen, a.DateText, t1)
	}
	states, _ := lib.States(ctx)
	if !states[s.Refs[0]].Read {
		t.Errorf("the read mark did not survive the update")
	}
	// The item the feed dropped stays in the archive.
	if articles, _ := listed(t, lib); len(articles) != 2 {
		t.Errorf("listed %q; the dropped item should stay", articles)
	}
	if err := lib.IndexText(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if hits, _ := lib.Search(ctx, "fixed", 5); len(hits) != 1 {
		t.Errorf("the updated text is not searchable: %+v", hits)
	}
	if hits, _ := lib.Search(ctx, "corrected", 5); len(hits) != 1 {
		t.Errorf("the updated title is not searchable")
	}
	if hits, _ := lib.Search(ctx, "undated", 5); len(hits) != 1 {
		t.Errorf("the item is indexed %d times, want once", len(hits))
	}
}

func TestFeedStatuses(t *testing.T) {
	db, _, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	save(t, r, fetched(t, rssOf("a|A||<p>a</p>"), now), now)
	later := now.Add(time.Hour)
	save(t, r, feed.Result{Status: feed.NotModified, Code: 304, State: feed.State{URL: feedURL, ETag: `"v1"`}}, later)
	info, _, _ := db.Feed(ctx, feedURL)
	if info.LastStatus != "not modified" || !info.LastSuccess.Equal(later) || info.Items != 1 {
		t.Errorf("after 304: %+v", info)
	}
	retry := later.Add(10 * time.Minute)
	save(t, r, feed.Result{Status: feed.RetryLater, Code: 429, Err: errors.New(feedURL + ": 429 Too Many Requests"), State: feed.State{URL: feedURL, ETag: `"v1"`, NotBefore: retry}}, later)
	info, _, _ = db.Feed(ctx, feedURL)
	if !info.State.NotBefore.Equal(retry) || !strings.Contains(info.LastError, "429") || !info.LastSuccess.Equal(later) {
		t.Errorf("after 429: %+v", info)
	}
	save(t, r, feed.Result{Status: feed.Gone, Code: 410, Err: errors.New("gone"), State: feed.State{URL: feedURL}}, later)
	if info, _, _ = db.Feed(ctx, feedURL); !info.Gone || info.LastStatus != "gone" {
		t.Errorf("after 410: %+v", info)
	}
	// A permanent redirect moves the feed; its items and refs stay.
	moved := "https://news.example/new-feed.xml"
	s := save(t, r, feed.Result{Status: feed.NotModified, MovedTo: moved, State: feed.State{URL: moved}}, later)
	if s.MovedTo != moved {
		t.Fatalf("saved %+v, want moved", s)
	}
	if _, ok, _ := db.Feed(ctx, feedURL); ok {
		t.Errorf("the old URL is still a feed")
	}
	info, ok, _ := db.Feed(ctx, moved)
	if !ok || info.Items != 1 || info.Gone {
		t.Errorf("moved feed %+v %v", info, ok)
	}
	lib := db.Library()
	lib.AddFeeds(FeedSub{URL: moved})
	if articles, _ := listed(t, lib); len(articles) != 1 {
		t.Errorf("moved feed lists %q", articles)
	}
	if removed, err := db.RemoveFeed(ctx, moved); err != nil || !removed {
		t.Fatalf("RemoveFeed = %v, %v", removed, err)
	}
	if feeds, _ := db.Feeds(ctx); len(feeds) != 0 {
		t.Errorf("feeds after remove: %+v", feeds)
	}
	if hits, _ := db.Library().Search(ctx, "a", 5); len(hits) != 0 {
		t.Errorf("removed items still found")
	}
}

func TestReadableCache(t *testing.T) {
	db, _, r := subscribed(t)
	ctx := context.Background()
	now := time.Now()
	s := save(t, r, fetched(t, rssOf("a|A||<p>a</p>"), now), now)
	if _, ok, err := db.Readable(ctx, s.Refs[0]); ok || err != nil {
		t.Fatalf("readable before any fetch: %v %v", ok, err)
	}
	if err := db.SetReadable(ctx, s.Refs[0], "The whole story."); err != nil {
		t.Fatal(err)
	}
	if md, ok, err := db.Readable(ctx, s.Refs[0]); !ok || err != nil || md != "The whole story." {
		t.Errorf("readable = %q %v %v", md, ok, err)
	}
	// Found through the ref, not by reading every file of the store: the
	// cost of the readable view must not grow with the library.
	if plan := queryPlan(t, db, "SELECT i.readable "+itemByRef, "x"); !strings.Contains(plan, "files_by_ref (ref=?)") {
		t.Errorf("an item by its ref is planned as %q, want a search of files_by_ref", plan)
	}
}

// BenchmarkRefreshSave stores one fetched feed of 50 new items (a cold
// refresh's work per feed, after parsing).
func BenchmarkRefreshSave(b *testing.B) { benchmarkRefresh(b, 1) }

// BenchmarkRefreshSaveAll is the same work, 25 feeds a transaction.
func BenchmarkRefreshSaveAll(b *testing.B) { benchmarkRefresh(b, 25) }

func benchmarkRefresh(b *testing.B, per int) {
	db := openTemp(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf("g%d|Item %d of the day about harbours and storms|%s|<p>Paragraph %d with <a href=\"https://news.example/%d\">a link</a> and some words to index: budget, team, fares, spring, parliament.</p><p>Another paragraph.</p>",
			i, i, now.Add(-time.Duration(i)*time.Hour).Format(time.RFC1123), i, i)
	}
	data := rssOf(items...)
	urls := make([]string, b.N)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://news.example/%d/feed.xml", i)
	}
	if _, err := db.AddFeeds(ctx, urls...); err != nil {
		b.Fatal(err)
	}
	r, err := db.NewRefresh(ctx)
	if err != nil {
		b.Fatal(err)
	}
	res := fetched(b, data, now)
	b.ResetTimer()
	for i := 0; i < b.N; i += per {
		var batch []Fetched
		for j := i; j < min(i+per, b.N); j++ {
			batch = append(batch, Fetched{URL: urls[j], Result: res})
		}
		_, errs, err := r.SaveAll(ctx, batch, now)
		if err == nil {
			err = errors.Join(errs...)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// An item whose date the feed left out or wrote unreadably is undated: it
// lists after every dated item (however old), the most recently seen
// first, shows the date text the feed wrote, and is found by search the
// same way.
func TestFeedUndatedItemsListLast(t *testing.T) {
	_, lib, r := subscribed(t)
	ctx := context.Background()
	t1 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	t2 := t1.Add(24 * time.Hour)
	save(t, r, fetched(t, rssOf(
		"odd|Harbour odd date|sometime soon|<p>harbour</p>",
		"old|Harbour of 1601|Mon, 01 Jan 1601 00:00:00 GMT|<p>harbour</p>",
	), t1), t1)
	save(t, r, fetched(t, rssOf(
		"odd|Harbour odd date|sometime soon|<p>harbour</p>",
		"old|Harbour of 1601|Mon, 01 Jan 1601 00:00:00 GMT|<p>harbour</p>",
		"none|Harbour undated||<p>harbour</p>",
		"new|Harbour today|Tue, 01 Dec 2026 08:00:00 GMT|<p>harbour</p>",
	), t2), t2)

	var order []string
	dates := map[string]*model.Article{}
	err := lib.List(ctx, func(r model.ScanResult, _ model.State) error {
		a := r.Article
		order = append(order, a.Title)
		dates[a.Title] = &a
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Harbour today|Harbour of 1601|Harbour undated|Harbour odd date"
	if got := strings.Join(order, "|"); got != want {
		t.Errorf("listed %s, want %s", got, want)
	}
	if a := dates["Harbour odd date"]; a.HasDate || a.DateText != "sometime soon" || !a.Seen.Equal(t1) {
		t.Errorf("odd date: dated %v, text %q, seen %v", a.HasDate, a.DateText, a.Seen)
	}
	if a := dates["Harbour undated"]; a.HasDate || a.DateText != "" || !a.Seen.Equal(t2) {
		t.Errorf("undated: dated %v, text %q, seen %v", a.HasDate, a.DateText, a.Seen)
	}
	if a := dates["Harbour of 1601"]; !a.HasDate || a.Published.Year() != 1601 {
		t.Errorf("1601: dated %v at %v", a.HasDate, a.Published)
	}
	// The reader's list of one feed reads the same order.
	var scanned []string
	for _, src := range lib.Sources() {
		for r := range src.Scan(ctx, 1) {
			scanned = append(scanned, r.Article.Title)
		}
	}
	if got := strings.Join(scanned, "|"); got != want {
		t.Errorf("scanned %s, want %s", got, want)
	}
	if err := lib.IndexText(ctx, nil); err != nil {
		t.Fatal(err)
	}
	hits, err := lib.Search(ctx, "harbour odd", 10)
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %+v, %v", hits, err)
	}
	if h := hits[0].Article; h.Title != "Harbour odd date" || h.HasDate || h.DateText != "sometime soon" {
		t.Errorf("search hit %q: dated %v, text %q", h.Title, h.HasDate, h.DateText)
	}
}
