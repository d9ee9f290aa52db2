package feeds

import (
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

	"bulletin/internal/feedtest"
	"bulletin/internal/testwait"
	"bulletin/model"
	"bulletin/sources"
	"bulletin/sources/feed"
	"bulletin/store"
)

// storyPage is an article page of the test site: a title, a date, a byline,
// a body long enough for readability, and links to the next story and
// elsewhere.
func storyPage(id int, title, extra string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><title>%[2]s</title>
<meta property="article:published_time" content="2016-09-0%[1]dT10:00:00Z">
<meta name="author" content="Ada Byline">
</head><body><nav><a href="/news/1">Home</a> <a href="/news/2">World</a></nav>
<article><h1>%[2]s</h1>
<p>The harbour at Porthmoor reopened on Tuesday morning, three days after the storm tore through the breakwater and sank two fishing boats at their moorings, said the harbour master.%[3]s</p>
<p>Crews worked through the night to clear the channel, and the first ferry left at seven with a full load of passengers and supplies for the islands, cut off since Saturday.</p>
<p>Read on: <a href="/news/%[4]d">the next story</a>, or <a href="https://elsewhere.example/x">elsewhere</a>.</p>
</article><footer>Copyright Coast News.</footer></body></html>`, id, title, extra, id+1)
}

// siteService is a service, a loopback site serving story pages at
// /news/<id>, and a folder (at dir) of one article whose stories live on
// that site, with its library and its article.
func siteService(t *testing.T) (*Service, *feedtest.Server, *store.Library, model.Article, string) {
	t.Helper()
	srv := feedtest.NewServer(t)
	for id := 1; id <= 3; id++ {
		srv.Handle(fmt.Sprintf("/news/%d", id), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			write(w, storyPage(id, fmt.Sprintf("Story number %d", id), ""))
		})
	}
	s := newService(t)
	dir := filepath.Join(t.TempDir(), "news")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	article := "Harbour Storm\n\nHarbour Storm\nSat Sep 3, 2016 10:00:00\n\nA storm hit the harbour.\n\n\nstring(2) \"[]\""
	if err := os.WriteFile(filepath.Join(dir, "a_10.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	lib := siteLibrary(t, s.db, dir, srv.URL)
	if err := lib.Update(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	from, ok, err := lib.Lookup(context.Background(), "news/a_10")
	if err != nil || !ok {
		t.Fatalf("the folder's article: %v, %v", ok, err)
	}
	return s, srv, lib, from, dir
}

// siteLibrary is the library of the folder at dir, whose stories live on
// base.
func siteLibrary(t *testing.T, db *store.DB, dir, base string) *store.Library {
	t.Helper()
	f, err := sources.OpenFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	site, err := model.ParseSite(base+"/news/{id}", "")
	if err != nil {
		t.Fatal(err)
	}
	f.SetSite(site)
	return db.Library(f)
}

// stub is the related story id of from, as the reader asks for it.
func stub(from *model.Article, base, id string) *model.Article {
	return &model.Article{
		Ref: from.Source + "/web/" + id, ID: id, Source: from.Source, Title: "Related " + id,
		Link: base + "/news/" + id, Origin: from.Origin,
	}
}

func TestStoryIsFetchedOnceThenKept(t *testing.T) {
	s, srv, lib, from, _ := siteService(t)
	ctx := context.Background()
	base := srv.URL
	st := stub(&from, base, "1")

	got, err := s.Story(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Story number 1" || got.Ref != "news/web/1" || got.ID != "1" || got.Source != "news" || got.Link != base+"/news/1" || got.Origin != from.Origin {
		t.Errorf("story: %+v", got)
	}
	if !got.Loaded || !got.Markdown || !strings.HasPrefix(got.Body, "*Ada Byline*\n\n") || !strings.Contains(got.Body, "Porthmoor reopened") {
		t.Errorf("body: %q", got.Body)
	}
	if !got.HasDate || !got.Published.Equal(time.Date(2016, 9, 1, 10, 0, 0, 0, time.UTC)) || got.DateText == "" {
		t.Errorf("date: %v %v %q", got.HasDate, got.Published, got.DateText)
	}
	// The link to another story of the site is a related story, by id;
	// the link elsewhere stays a link.
	want := []model.Related{{ID: "2", Title: "the next story"}, {ID: "https://elsewhere.example/x", Title: "elsewhere", Link: true}}
	if !slices.Equal(got.Related, want) || got.RelatedCount != 1 {
		t.Errorf("related = %+v (%d), want %+v (1)", got.Related, got.RelatedCount, want)
	}

	// From the store, with the site gone.
	srv.Close()
	again, err := s.Story(ctx, st)
	if err != nil {
		t.Fatalf("offline: %v", err)
	}
	if n := srv.Hits("/news/1"); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
	if again.Body != got.Body || again.Title != got.Title || again.Link != got.Link || again.Source != "news" ||
		!again.Published.Equal(got.Published) || !slices.Equal(again.Related, want) || !again.Loaded || !again.Markdown {
		t.Errorf("from the store: %+v", again)
	}

	// In the library: listed, searched at once, and loaded offline.
	hits, err := lib.Search(ctx, "porthmoor", 10)
	if err != nil || len(hits) != 1 || hits[0].Article.Ref != "news/web/1" {
		t.Fatalf("search = %+v, %v", hits, err)
	}
	listed, ok, err := lib.Lookup(ctx, "news/web/1")
	if err != nil || !ok || listed.Title != "Story number 1" || listed.Source != "news" {
		t.Fatalf("lookup: %+v, %v, %v", listed, ok, err)
	}
	full, err := model.Load(ctx, &listed)
	if err != nil || full.Body != got.Body {
		t.Errorf("loaded from the library: %q, %v", full.Body, err)
	}
}

// After a restart the story is in the library the reader opens, and the
// folder's articles that link to it by id reach it.
func TestKeptStoryAfterARestart(t *testing.T) {
	s, srv, _, from, dir := siteService(t)
	ctx := context.Background()
	if _, err := s.Story(ctx, stub(&from, srv.URL, "2")); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	db, err := store.Open(ctx, s.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lib := siteLibrary(t, db, dir, srv.URL)
	ml := model.NewLibrary()
	for r := range model.ScanAll(ctx, lib.Sources(), 0) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		ml.Add(r.Article)
	}
	target, ok := ml.Resolve(model.Related{ID: "2", Title: "Related 2"})
	if !ok || target.Ref != "news/web/2" || target.Title != "Story number 2" || target.Source() != "news" {
		t.Fatalf("related id 2 resolves to %+v, %v", target, ok)
	}
	full, err := target.Load(ctx)
	if err != nil || !strings.Contains(full.Body, "Porthmoor") || full.Link != srv.URL+"/news/2" {
		t.Errorf("the story after a restart: %q %q, %v", full.Body, full.Link, err)
	}
	// Its link to the next story is that story's id, which the reader
	// fetches in turn.
	if len(full.Related) == 0 || full.Related[0] != (model.Related{ID: "3", Title: "the next story"}) {
		t.Errorf("related of the kept story: %+v", full.Related)
	}
}

func TestStoryCleansAHostilePage(t *testing.T) {
	s, srv, _, from, _ := siteService(t)
	srv.Handle("/news/66", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		page := storyPage(6, "Evil \x1b]0;pwned\x07title\x1b[2J", " Hidden \x1b[31mred\x1b[0m &#x1b;[1mbold<script>stolen()</script> <a href=\"javascript:alert(1)\">click</a>")
		write(w, strings.Replace(page, "<meta name=\"author\" content=\"Ada Byline\">", "<meta name=\"author\" content=\"Eve\x1b]8;;http://x\x07 *Mallory*\">", 1))
	})
	got, err := s.Story(context.Background(), stub(&from, srv.URL, "66"))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{got.Title, got.Body} {
		if strings.ContainsAny(text, "\x1b\x07") || strings.Contains(text, "stolen") || strings.Contains(text, "javascript") || strings.Contains(text, "pwned") {
			t.Errorf("not cleaned: %q", text)
		}
	}
	if !strings.Contains(got.Body, "Porthmoor") || !strings.Contains(got.Title, "Evil") {
		t.Errorf("the story lost its text: %q %q", got.Title, got.Body)
	}
	if !strings.HasPrefix(got.Body, `*Eve \*Mallory\**`) {
		t.Errorf("byline: %q", got.Body)
	}
	kept, ok, err := s.db.Story(context.Background(), "news/web/66")
	if err != nil || !ok || kept.Body != got.Body || kept.Title != got.Title {
		t.Errorf("kept: %+v %v %v", kept, ok, err)
	}
}

func TestStoryErrors(t *testing.T) {
	s, srv, _, from, _ := siteService(t)
	ctx := context.Background()

	missing := stub(&from, srv.URL, "404")
	_, err := s.Story(ctx, missing)
	if err == nil || !strings.Contains(err.Error(), missing.Link) || !strings.Contains(err.Error(), "404") {
		t.Errorf("a missing page: %v", err)
	}
	if _, ok, _ := s.db.Story(ctx, missing.Ref); ok {
		t.Errorf("a missing page was kept")
	}

	srv.Handle("/news/77", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		write(w, storyPage(7, "Huge", strings.Repeat(" padding", 4096)))
	})
	s.fetcher.MaxBytes = 16 << 10
	big := stub(&from, srv.URL, "77")
	_, err = s.Story(ctx, big)
	if !errors.Is(err, feed.ErrTooLarge) || !strings.Contains(err.Error(), big.Link) {
		t.Errorf("a page over the cap: %v", err)
	}
	if _, ok, _ := s.db.Story(ctx, big.Ref); ok {
		t.Errorf("a page over the cap was kept")
	}

	for _, link := range []string{"", "file:///etc/passwd", "javascript:alert(1)"} {
		a := stub(&from, srv.URL, "1")
		a.Link = link
		if _, err := s.Story(ctx, a); err == nil {
			t.Errorf("link %q: no error", link)
		}
	}
	if n := srv.Hits("/news/1"); n != 0 {
		t.Errorf("a refused link was fetched")
	}
}

// A story whose address redirects is followed to its page, within the
// fetcher's limits, and kept under the address it was asked for.
func TestStoryFollowsARedirect(t *testing.T) {
	s, srv, _, from, _ := siteService(t)
	ctx := context.Background()
	srv.Handle("/news/40", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/2", http.StatusMovedPermanently)
	})
	moved := stub(&from, srv.URL, "40")
	got, err := s.Story(ctx, moved)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Body, "harbour at Porthmoor") || got.Title != "Story number 2" {
		t.Fatalf("the redirect's page was not read: %q, %q", got.Title, got.Body)
	}
	if _, ok, _ := s.db.Story(ctx, moved.Ref); !ok {
		t.Fatal("the story reached by a redirect was not kept under its ref")
	}
}

// A page that never answers is given up when the reader cancels (esc),
// and nothing is kept.
func TestStoryOfASlowPageIsCancelled(t *testing.T) {
	s, srv, _, from, _ := siteService(t)
	srv.Hang("/news/50")
	ctx, cancel := context.WithCancel(context.Background())
	slow := stub(&from, srv.URL, "50")
	done := make(chan error, 1)
	go func() {
		_, err := s.Story(ctx, slow)
		done <- err
	}()
	testwait.Until(t, "the request to reach the site", 10*time.Second, func() bool { return srv.Hits("/news/50") > 0 })
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled fetch returned %v", err)
		}
	case <-time.After(testwait.D(10 * time.Second)):
		t.Fatal("the fetch did not stop when cancelled")
	}
	if _, ok, _ := s.db.Story(context.Background(), slow.Ref); ok {
		t.Fatal("a cancelled story was kept")
	}
}
