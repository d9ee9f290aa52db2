package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkFeedsUnread100k is Feeds over one feed of 100,000 items, a
// third of them read, and its grouped count of unread items alone.
func BenchmarkFeedsUnread100k(b *testing.B) {
	db, _, r := subscribed(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	items := make([]string, 100_000)
	for i := range items {
		items[i] = fmt.Sprintf("g%d|Item %d||<p>%d</p>", i, i, i)
	}
	save(b, r, fetched(b, rssOf(items...), now), now)
	if _, err := db.sql.ExecContext(ctx, `INSERT INTO state (ref, read) SELECT ref, 1 FROM files WHERE kind = 0 AND id % 3 = 0`); err != nil {
		b.Fatal(err)
	}
	b.Run("count", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.unreadByFeed(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("feeds", func(b *testing.B) {
		for b.Loop() {
			fs, err := db.Feeds(ctx)
			if err != nil || len(fs) != 1 || fs[0].Unread == 0 || fs[0].Unread == fs[0].Items {
				b.Fatalf("Feeds: %v %+v", err, fs)
			}
		}
	})
}
