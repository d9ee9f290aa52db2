package model

import (
	"fmt"
	"testing"
)

// BenchmarkFiltersOver100k tests a rule set of five (title, author, feed
// with text, tag, feed URL) against 100,000 listed articles: what the
// reader pays once at start, on top of listing them.
func BenchmarkFiltersOver100k(b *testing.B) {
	arts := make([]Article, 100_000)
	for i := range arts {
		arts[i] = Article{
			Ref:    fmt.Sprintf("feed/%d/%d", i%200, i),
			Title:  fmt.Sprintf("Ministers meet over the harbour budget, day %d of the talks", i),
			Source: fmt.Sprintf("Feed number %d", i%200), Feed: fmt.Sprintf("https://feeds.example/%d.xml", i%200),
			Tags: []string{"news", "world"},
		}
	}
	f := NewFilters([]FilterRule{
		{Title: "horoscope"}, {Author: "staff"}, {Feed: "Feed number 7", Text: `"sponsored content"`},
		{Tag: "sport"}, {Feed: "https://feeds.example/12.xml"},
	})
	hits := func(int, string) (bool, bool) { return false, false }
	hidden := 0
	for b.Loop() {
		hidden = 0
		for i := range arts {
			if f.Hides(&arts[i], hits) {
				hidden++
			}
		}
	}
	if hidden == 0 {
		b.Fatal("the rules hid nothing")
	}
}
