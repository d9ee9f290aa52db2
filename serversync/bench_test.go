package serversync

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"bulletin/internal/greadertest"
)

// BenchmarkSync times a first sync of 10,000 items of 50 feeds, then a sync
// with nothing new, against the fake server on loopback.
func BenchmarkSync(b *testing.B) {
	s := greadertest.New(b, "ann", "secret")
	var feeds []int64
	for f := range 50 {
		feeds = append(feeds, s.AddFeed(fmt.Sprint("Feed ", f), fmt.Sprintf("https://feed%d.example/rss", f)))
	}
	para := "<p>" + strings.Repeat("Harbour news of the day. ", 40) + "</p>"
	for i := range 10000 {
		s.AddItem(greadertest.Item{FeedID: feeds[i%50], Title: fmt.Sprint("Story ", i), HTML: para,
			Published: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC), Read: i%4 == 0})
	}
	for b.Loop() {
		b.StopTimer()
		db := openStore(b)
		e := engine(b, s, db)
		b.StartTimer()
		start := time.Now()
		if _, err := e.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		first := time.Since(start)
		start = time.Now()
		if _, err := e.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(first.Seconds(), "s/first")
		b.ReportMetric(time.Since(start).Seconds(), "s/again")
	}
}
