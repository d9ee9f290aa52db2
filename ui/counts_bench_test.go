package ui

import (
	"strconv"
	"testing"

	"bulletin/model"
)

// benchSession is a session with n articles spread over 50 feeds, every
// third one read, counted as the scan counts them.
func benchSession(b *testing.B, n int) (*session, []string) {
	b.Helper()
	s := newSession(Options{}, nil)
	refs := make([]string, n)
	for i := range n {
		ref := "feed/" + strconv.Itoa(i)
		refs[i] = ref
		if i%3 == 0 {
			s.read[ref] = true
		}
		s.addToLibrary(model.Article{Ref: ref, Title: "Headline " + ref, Feed: "https://f" + strconv.Itoa(i%50) + ".example/rss"})
	}
	return s, refs
}

// BenchmarkCountLibrary100k is the counting the scan adds to listing
// 100,000 articles (the library's own Add included).
func BenchmarkCountLibrary100k(b *testing.B) {
	for b.Loop() {
		benchSession(b, 100_000)
	}
}

// BenchmarkToggleRead100k is what a press of m costs the counts in a
// library of 100,000: the mark, and the texts the status bar and a feed
// row show.
func BenchmarkToggleRead100k(b *testing.B) {
	s, refs := benchSession(b, 100_000)
	d := feedDelegate{counts: s.counts}
	i := 0
	for b.Loop() {
		ref := refs[i%len(refs)]
		s.markRead(ref, !s.read[ref])
		_ = s.counts.unreadText()
		_ = d.unreadCount("https://f1.example/rss", "https://f2.example/rss")
		i++
	}
}

// BenchmarkLibraryUncounted100k is BenchmarkCountLibrary100k without the
// counts: the difference is what counting costs.
func BenchmarkLibraryUncounted100k(b *testing.B) {
	for b.Loop() {
		s := newSession(Options{}, nil)
		for i := range 100_000 {
			ref := "feed/" + strconv.Itoa(i)
			if i%3 == 0 {
				s.read[ref] = true
			}
			s.lib.Add(model.Article{Ref: ref, Title: "Headline " + ref, Feed: "https://f" + strconv.Itoa(i%50) + ".example/rss"})
		}
	}
}
