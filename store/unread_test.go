package store

import (
	"context"
	"testing"
	"time"
)

func TestFeedsCountTheUnreadItems(t *testing.T) {
	db, _, r := subscribed(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	saved := save(t, r, fetched(t, rssOf(
		"a|Alpha|Mon, 23 Nov 2026 09:00:00 GMT|<p>a</p>",
		"b|Beta|Mon, 23 Nov 2026 08:00:00 GMT|<p>b</p>",
		"c|Gamma|Mon, 23 Nov 2026 07:00:00 GMT|<p>c</p>"), now), now)
	if len(saved.Refs) != 3 {
		t.Fatalf("saved %+v", saved)
	}
	unread := func() int {
		t.Helper()
		fs, err := db.Feeds(ctx)
		if err != nil || len(fs) != 1 {
			t.Fatalf("Feeds: %v, %+v", err, fs)
		}
		if fs[0].Items != 3 {
			t.Fatalf("%d items, want 3", fs[0].Items)
		}
		return fs[0].Unread
	}
	if n := unread(); n != 3 {
		t.Errorf("%d unread before any mark, want 3", n)
	}
	// Read, opened, starred (not read), and a state of an item of no feed.
	db.MarkRead(ctx, saved.Refs[0], true)
	db.Visit(ctx, saved.Refs[1], now)
	db.SetStarred(ctx, saved.Refs[2], true)
	db.MarkRead(ctx, "feed/999/elsewhere", true)
	if n := unread(); n != 1 {
		t.Errorf("%d unread after reading two, want 1", n)
	}
	db.MarkRead(ctx, saved.Refs[0], false)
	if n := unread(); n != 2 {
		t.Errorf("%d unread after marking one unread again, want 2", n)
	}
}
