package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

// storyOf is a story fetched from the site of the folder of from, as the
// feeds service keeps it.
func storyOf(from *model.Article, id, title, md string, published time.Time) model.Article {
	a := model.Article{
		Ref: from.Source + "/web/" + id, ID: id, Source: from.Source, Title: title,
		Link: "https://news.example/news/" + id, Body: md, Markdown: true, Origin: from.Origin,
	}
	if !published.IsZero() {
		a.Published, a.HasDate, a.DateText = published, true, published.Format("Mon Jan 2, 2006 15:04 MST")
	}
	return a
}

// siteFolder is a folder of two articles whose stories live on
// news.example, the first linking to story 1234, which it does not hold.
func siteFolder(t *testing.T) (dir string, open func(db *DB) *Library) {
	t.Helper()
	dir = t.TempDir()
	writeFile(t, filepath.Join(dir, "a_1.txt"), articleFile("Harbour Storm", day(1), "A storm hit the harbour at Porthmoor.", `[{"id":"1234","title":"Harbour Reopens"}]`))
	writeFile(t, filepath.Join(dir, "b_2.txt"), articleFile("Budget Passes", day(2), "Parliament passed the budget.", `[]`))
	site, err := model.ParseSite("https://news.example/news/{id}", "")
	if err != nil {
		t.Fatal(err)
	}
	return dir, func(db *DB) *Library {
		f := openFolder(t, dir)
		f.SetSite(site)
		return db.Library(f)
	}
}

func lookup(t *testing.T, lib *Library, ref string) model.Article {
	t.Helper()
	a, ok, err := lib.Lookup(context.Background(), ref)
	if err != nil || !ok {
		t.Fatalf("Lookup(%s) = %v, %v", ref, ok, err)
	}
	return a
}

func TestKeptStoriesJoinTheirFolder(t *testing.T) {
	ctx := context.Background()
	dir, open := siteFolder(t)
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lib := open(db)
	update(t, lib)
	name := filepath.Base(dir)
	from := lookup(t, lib, name+"/a_1")

	md := "*Ada Byline*\n\nThe harbour at Porthmoor **reopened** on Tuesday. See [the sequel](https://news.example/news/99) and [elsewhere](https://elsewhere.example/x)."
	pub := time.Date(2016, 9, 3, 10, 0, 0, 0, time.FixedZone("", 2*3600))
	story := storyOf(&from, "1234", "Harbour Reopens", md, pub)
	story.Related = feed.Related(feed.MarkdownLinks(md))
	if err := db.KeepStory(ctx, &story, time.Now()); err != nil {
		t.Fatal(err)
	}

	kept, ok, err := db.Story(ctx, story.Ref)
	if err != nil || !ok {
		t.Fatalf("Story = %v, %v", ok, err)
	}
	wantRelated := []model.Related{{ID: "https://news.example/news/99", Title: "the sequel", Link: true}, {ID: "https://elsewhere.example/x", Title: "elsewhere", Link: true}}
	if kept.Body != md || !kept.Markdown || !kept.Loaded || kept.Title != "Harbour Reopens" || kept.ID != "1234" || kept.Link != story.Link ||
		kept.Source != name || !kept.HasDate || !kept.Published.Equal(pub) || !slices.Equal(kept.Related, wantRelated) {
		t.Errorf("kept story: %+v", kept)
	}
	if _, ok, err := db.Story(ctx, name+"/web/5"); ok || err != nil {
		t.Errorf("a story never kept: %v, %v", ok, err)
	}

	// It is an article of the folder: listed, found by ref, loaded whole
	// from the store, with its links to the site's stories by id.
	articles, _ := listed(t, lib)
	if !slices.Contains(articles, story.Ref+" Harbour Reopens") || len(articles) != 3 {
		t.Errorf("listed %q, want the folder's two articles and the story", articles)
	}
	a := lookup(t, lib, story.Ref)
	if a.Source != name || a.ID != "1234" || a.Link != story.Link || !a.HasDate || a.RelatedCount != 1 {
		t.Errorf("listed story: %+v", a)
	}
	if site := model.SiteOf(&a); site.ArticleURL == "" {
		t.Errorf("a listed story does not tell its folder's site")
	}
	full, err := model.Load(ctx, &a)
	if err != nil {
		t.Fatal(err)
	}
	wantSite := []model.Related{{ID: "99", Title: "the sequel"}, wantRelated[1]}
	if full.Body != md || !full.Markdown || full.Link != story.Link || !slices.Equal(full.Related, wantSite) || full.RelatedCount != 1 {
		t.Errorf("loaded story: %q %q %+v", full.Body, full.Link, full.Related)
	}

	// Searched at once (no IndexText), with a snippet of its text, not of
	// its markup.
	hits, err := lib.Search(ctx, "porthmoor", 10)
	if err != nil || len(hits) != 1 || hits[0].Article.Ref != story.Ref {
		t.Fatalf("search porthmoor = %+v, %v", hits, err)
	}
	if s := hits[0].Snippet; strings.Contains(s, "https") || strings.Contains(s, "**") || !strings.Contains(s, "reopened") {
		t.Errorf("snippet %q", s)
	}
	if hits, _ := lib.Search(ctx, "elsewhere.example", 10); len(hits) != 0 {
		t.Errorf("a link's address was indexed: %+v", hits)
	}

	// The folder's index follows the disk and leaves the story alone.
	for i, title := range []string{"Train Fares Rise", "Team Wins Cup", "Floods Hit the North", "Election Day Set"} {
		writeFile(t, filepath.Join(dir, fmt.Sprintf("c_%d.txt", i+3)), articleFile(title, day(i+3), title+" today, officials said.", `[]`))
	}
	touch(t, dir, time.Now().Add(time.Minute))
	update(t, lib)
	if articles, _ := listed(t, lib); len(articles) != 7 || !slices.Contains(articles, story.Ref+" Harbour Reopens") {
		t.Errorf("after an update: %q", articles)
	}

	// More like this: the folder's article on the harbour.
	if err := lib.IndexText(ctx, nil); err != nil {
		t.Fatal(err)
	}
	similar, err := lib.Similar(ctx, story.Ref, 5)
	if err != nil || len(similar) == 0 || similar[0].Article.Ref != name+"/a_1" {
		t.Errorf("similar to the story: %+v, %v", similar, err)
	}
	db.Close()

	// After a restart: the reader scans the library's sources, and the
	// folder's article resolves its related story by id.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lib = open(db)
	ml := model.NewLibrary()
	for r := range model.ScanAll(ctx, lib.Sources(), 0) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		ml.Add(r.Article)
	}
	if ml.Len() != 7 {
		t.Errorf("scanned %d articles, want 7", ml.Len())
	}
	target, ok := ml.Resolve(model.Related{ID: "1234", Title: "Harbour Reopens"})
	if !ok || target.Ref != story.Ref {
		t.Fatalf("related 1234 resolves to %+v, %v", target, ok)
	}
	full, err = target.Load(ctx)
	if err != nil || full.Body != md {
		t.Errorf("the story loaded after a restart: %q, %v", full.Body, err)
	}
	if err := db.MarkRead(ctx, story.Ref, true); err != nil {
		t.Fatal(err)
	}
	if st, err := db.State(ctx, story.Ref); err != nil || !st.Read {
		t.Errorf("state of the story: %+v, %v", st, err)
	}
}

func TestKeepingAStoryAgainReplacesIt(t *testing.T) {
	ctx := context.Background()
	dir, open := siteFolder(t)
	db := openTemp(t)
	lib := open(db)
	update(t, lib)
	from := lookup(t, lib, filepath.Base(dir)+"/a_1")
	old := storyOf(&from, "1234", "Harbour Reopens", "The quay was rebuilt.", time.Time{})
	if err := db.KeepStory(ctx, &old, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.SetStarred(ctx, old.Ref, true); err != nil {
		t.Fatal(err)
	}
	story := storyOf(&from, "1234", "Harbour Reopens at Last", "The ferries sail again.", time.Time{})
	if err := db.KeepStory(ctx, &story, time.Now()); err != nil {
		t.Fatal(err)
	}
	articles, _ := listed(t, lib)
	if !slices.Contains(articles, story.Ref+" Harbour Reopens at Last") || len(articles) != 3 {
		t.Errorf("listed %q", articles)
	}
	if hits, _ := lib.Search(ctx, "quay", 10); len(hits) != 0 {
		t.Errorf("the text of the story replaced is still found: %+v", hits)
	}
	if hits, _ := lib.Search(ctx, "ferries", 10); len(hits) != 1 {
		t.Errorf("search ferries: %+v", hits)
	}
	if st, _ := db.State(ctx, story.Ref); !st.Starred {
		t.Errorf("the star went with the story replaced")
	}
}

func TestKeepStoryOnAReadOnlyStore(t *testing.T) {
	ctx := context.Background()
	_, open := siteFolder(t)
	path := filepath.Join(t.TempDir(), "bulletin.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lib := open(db)
	update(t, lib)
	articles, _ := listed(t, lib)
	db.Close()
	ro, err := open_(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	lib = open(ro)
	from := lookup(t, lib, strings.Fields(articles[0])[0])
	story := storyOf(&from, "1234", "Harbour Reopens", "Reopened.", time.Time{})
	if err := ro.KeepStory(ctx, &story, time.Now()); err != nil {
		t.Errorf("KeepStory on a read-only store: %v", err)
	}
	if _, ok, err := ro.Story(ctx, story.Ref); ok || err != nil {
		t.Errorf("a read-only store kept the story: %v, %v", ok, err)
	}
}

func TestKeepStoryErrorsNameTheStory(t *testing.T) {
	db := openTemp(t)
	a := model.Article{Link: "https://news.example/news/1", Body: "x"}
	err := db.KeepStory(context.Background(), &a, time.Now())
	if err == nil || !strings.Contains(err.Error(), "store: cannot keep the story https://news.example/news/1") {
		t.Errorf("err = %v", err)
	}
}

// open_ opens the store at path read-only, as Open does when it cannot
// write it.
func open_(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, true, false, migrations())
}
