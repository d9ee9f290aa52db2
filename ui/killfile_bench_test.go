package ui

import (
	"strconv"
	"testing"

	"bulletin/model"
)

// benchRules are five rules of each kind the reader matches in memory.
var benchRules = []model.FilterRule{
	{Title: "horoscope"}, {Title: `"sponsored post"`}, {Feed: "https://f7.example/rss"},
	{Feed: "Feed seven", Title: "weekly*"}, {Tag: "sport", Author: "staff"},
}

// BenchmarkCountLibraryFiltered100k is BenchmarkCountLibrary100k with
// benchRules: the difference is what the filters add to the scan of
// 100,000 articles, before the first full list.
func BenchmarkCountLibraryFiltered100k(b *testing.B) {
	for b.Loop() {
		s := newSession(Options{Filters: benchRules}, nil)
		for i := range 100_000 {
			ref := "feed/" + strconv.Itoa(i)
			s.addToLibrary(model.Article{Ref: ref, Title: "Ministers meet over the harbour budget " + ref,
				Source: "Feed " + strconv.Itoa(i%50), Feed: "https://f" + strconv.Itoa(i%50) + ".example/rss"})
		}
		if s.kill.hidden == 0 {
			b.Fatal("the rules hid nothing")
		}
	}
}
