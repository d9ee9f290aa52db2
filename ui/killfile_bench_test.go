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

// BenchmarkCountLibraryFiltered100k is the counting the scan does for
// 100,000 articles without filters, then with benchRules: the difference
// is what the filters add before the first full list.
func BenchmarkCountLibraryFiltered100k(b *testing.B) {
	arts := make([]model.Article, 100_000)
	for i := range arts {
		ref := "feed/" + strconv.Itoa(i)
		arts[i] = model.Article{Ref: ref, Title: "Ministers meet over the harbour budget " + ref,
			Source: "Feed " + strconv.Itoa(i%50), Feed: "https://f" + strconv.Itoa(i%50) + ".example/rss"}
	}
	for _, c := range []struct {
		name  string
		rules []model.FilterRule
	}{{"none", nil}, {"5rules", benchRules}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				s := newSession(Options{Filters: c.rules}, nil)
				for _, a := range arts {
					s.addToLibrary(a)
				}
				if c.rules != nil && s.kill.hidden() == 0 {
					b.Fatal("the rules hid nothing")
				}
			}
		})
	}
}
