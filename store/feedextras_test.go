package store

import (
	"context"
	"testing"
	"time"

	"bulletin/model"
	"bulletin/sources/feed"
)

func TestFeedItemEnclosuresAreStored(t *testing.T) {
	db, _, r := subscribed(t)
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	doc := `<rss version="2.0"><channel><title>Pod</title><item><guid>ep1</guid><title>Episode 1</title>
<enclosure url="/audio/ep1.mp3" type="audio/mpeg" length="123456"/><enclosure url="https://cdn.example/ep1.ogg" type="audio/ogg"/></item></channel></rss>`
	s := save(t, r, fetched(t, []byte(doc), now), now)
	if s.New != 1 {
		t.Fatalf("saved %+v", s)
	}
	got, err := db.Enclosures(context.Background(), s.Refs[0])
	if err != nil {
		t.Fatal(err)
	}
	want := []feed.Enclosure{{URL: "https://news.example/audio/ep1.mp3", Type: "audio/mpeg", Length: 123456}, {URL: "https://cdn.example/ep1.ogg", Type: "audio/ogg"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("enclosures %+v, want %+v", got, want)
	}
}

// Loading an item (what the reader does to show it) brings its files with
// its body, so the reader lists them under the text.
func TestLoadedItemCarriesItsEnclosures(t *testing.T) {
	_, lib, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	doc := `<rss version="2.0"><channel><title>Pod</title>
<item><guid>ep2</guid><title>Episode 2</title><description>Talk.</description>
<enclosure url="https://cdn.example/ep2.mp3" type="audio/mpeg" length="34200000"/></item>
<item><guid>note</guid><title>A note</title><description>No files.</description></item></channel></rss>`
	s := save(t, r, fetched(t, []byte(doc), now), now)
	if s.New != 2 {
		t.Fatalf("saved %+v", s)
	}
	got := map[string][]model.Enclosure{}
	for _, ref := range s.Refs {
		a, ok, err := lib.Lookup(ctx, ref)
		if err != nil || !ok {
			t.Fatalf("Lookup(%s) = %v, %v", ref, ok, err)
		}
		full, err := model.Load(ctx, &a)
		if err != nil {
			t.Fatal(err)
		}
		got[full.Title] = full.Enclosures
	}
	if e := got["Episode 2"]; len(e) != 1 || e[0].Describe() != "audio/mpeg · 34.2 MB · ep2.mp3" {
		t.Errorf("Episode 2 loaded with enclosures %+v", e)
	}
	if e := got["A note"]; len(e) != 0 {
		t.Errorf("an item without files loaded with %+v", e)
	}
}

func TestFeedWarningsAreStored(t *testing.T) {
	db, _, r := subscribed(t)
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	cut := rssOf("a|A||<p>a</p>", "b|B||<p>b</p>")
	cut = cut[:len(cut)-len("</channel></rss>")]
	s := save(t, r, fetched(t, cut, now), now)
	if s.New != 2 {
		t.Fatalf("saved %+v, want the two whole items", s)
	}
	info, _, err := db.Feed(context.Background(), feedURL)
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Warnings) != 1 || info.LastError != "" || info.LastStatus != "fetched" {
		t.Fatalf("status %q error %q warnings %q: a cut-off feed is fetched, with a warning", info.LastStatus, info.LastError, info.Warnings)
	}
	save(t, r, fetched(t, rssOf("a|A||<p>a</p>"), now), now)
	if info, _, _ := db.Feed(context.Background(), feedURL); len(info.Warnings) != 0 {
		t.Fatalf("warnings %q after a whole document", info.Warnings)
	}
}

func TestFeedItemsSharingALinkStayApart(t *testing.T) {
	_, lib, r := subscribed(t)
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	doc := `<rss version="2.0"><channel><title>Home</title>
<item><title>Morning edition</title><link>https://news.example/</link></item>
<item><title>Evening edition</title><link>https://news.example/</link></item>
<item><title>Own page</title><link>https://news.example/own</link></item></channel></rss>`
	res := fetched(t, []byte(doc), now)
	if k := res.Feed.Items[2].Key; k != "link:https://news.example/own" {
		t.Fatalf("key %q: an item whose link is its own keeps the link key stores hold", k)
	}
	if s := save(t, r, res, now); s.New != 3 {
		t.Fatalf("saved %+v, want three items", s)
	}
	if articles, _ := listed(t, lib); len(articles) != 3 {
		t.Fatalf("listed %q", articles)
	}
}
