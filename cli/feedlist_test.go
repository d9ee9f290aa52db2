package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"bulletin/model"
)

func TestFeedsTableKeepsHostileTitlesToOneCell(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	list := []model.FeedStatus{
		{URL: "https://a.example/feed", Title: "Evil\x1b]8;;https://x\x07\tTitle\nNext", Status: "failed", Error: "feed: https://a.example/feed: 500 Internal Server Error", LastSuccess: now.Add(-48 * time.Hour)},
		{URL: "https://b.example/rss", Title: "Fine", Tags: []string{"news", "tech"}, Status: "fetched", LastSuccess: now.Add(-time.Hour), Items: 12},
		{URL: "https://c.example/rss", Title: "New"},
	}
	var b bytes.Buffer
	writeFeedsTable(&b, list, now)
	out := b.String()
	if strings.ContainsAny(out, "\x1b\x07\t") {
		t.Errorf("the table holds control characters: %q", out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want a header and 3 feeds:\n%s", len(lines), out)
	}
	// tabwriter aligns the columns: URL starts at one place on every line.
	col := strings.Index(lines[0], "URL")
	for i, want := range []string{"https://a.example/feed", "https://b.example/rss", "https://c.example/rss"} {
		if got := strings.Index(lines[i+1], want); got != col {
			t.Errorf("line %d: URL at column %d, want %d:\n%s", i+1, got, col, out)
		}
	}
	for _, want := range []string{"2026-11-28 12:00", "today 11:00", "news,tech", "not fetched", "never", "500 Internal Server Error"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
}

func TestProgressBar(t *testing.T) {
	for _, c := range []struct {
		done, total, failed int
		want                string
	}{
		{0, 10, 0, "refreshing ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 0/10 feeds"},
		{5, 10, 2, "refreshing ███████████████░░░░░░░░░░░░░░░ 5/10 feeds, 2 failed"},
		{10, 10, 0, "refreshing ██████████████████████████████ 10/10 feeds"},
	} {
		if got := progressBar(c.done, c.total, c.failed); got != c.want {
			t.Errorf("progressBar(%d, %d, %d) = %q, want %q", c.done, c.total, c.failed, got, c.want)
		}
	}
}
