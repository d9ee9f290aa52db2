package store

import (
	"context"
	"testing"
	"time"

	"bulletin/model"
)

// A feed item's author reaches the loaded article as one clean line, for
// what shows it outside the body (a saved file's front matter).
func TestFeedItemKeepsItsAuthor(t *testing.T) {
	_, lib, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	data := []byte(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example News</title>` +
		`<item><guid>a</guid><title>Harbour reopens</title><link>https://news.example/a</link><dc:creator>Ana  Reyes` + "\x1b[31m" + `</dc:creator>` +
		`<description>The harbour reopened.</description></item></channel></rss>`)
	s := save(t, r, fetched(t, data, now), now)
	a, ok, err := lib.Lookup(ctx, s.Refs[0])
	if err != nil || !ok {
		t.Fatalf("Lookup = %v, %v", ok, err)
	}
	full, err := model.Load(ctx, &a)
	if err != nil {
		t.Fatal(err)
	}
	if full.Author != "Ana Reyes" {
		t.Fatalf("author %q, want %q", full.Author, "Ana Reyes")
	}
}
