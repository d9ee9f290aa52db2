package ui

// Unread counts: how many articles of the library, and of each feed, are
// unread. They are kept as articles enter and leave the library and as
// marks change, so the status bar and the feed pane show them at once
// without a recount of the whole library per key.

import (
	"strconv"

	"bulletin/model"
)

// tally counts the articles of the library and how many are read, in all
// and per feed. The zero value is not ready: use newTally.
type tally struct {
	total, read int
	feeds       map[string]*feedTally
}

// feedTally is one feed's count of articles and of read ones.
type feedTally struct{ total, read int }

func newTally() *tally { return &tally{feeds: map[string]*feedTally{}} }

// unread is how many articles of the library are unread.
func (t *tally) unread() int { return t.total - t.read }

// feedUnread is how many articles of the feed at url are unread.
func (t *tally) feedUnread(url string) int {
	if f := t.feeds[url]; f != nil {
		return f.total - f.read
	}
	return 0
}

// add counts an article of feed (or of none: "") that entered the library.
func (t *tally) add(feed string, read bool) { t.change(feed, 1, read) }

// remove uncounts an article of feed that left the library.
func (t *tally) remove(feed string, read bool) { t.change(feed, -1, read) }

func (t *tally) change(feed string, by int, read bool) {
	t.total += by
	if read {
		t.read += by
	}
	if feed == "" {
		return
	}
	f := t.feeds[feed]
	if f == nil {
		f = &feedTally{}
		t.feeds[feed] = f
	}
	f.total += by
	if read {
		f.read += by
	}
}

// mark moves an article of feed from unread to read or back.
func (t *tally) mark(feed string, read bool) {
	by := -1
	if read {
		by = 1
	}
	t.read += by
	if f := t.feeds[feed]; f != nil && feed != "" {
		f.read += by
	}
}

// addToLibrary puts an article in the library and counts it; an article
// whose ref is there already replaces it (and may belong to another feed
// now).
func (s *session) addToLibrary(a model.Article) {
	read := s.read[a.Ref]
	if old, ok := s.lib.ByRef(a.Ref); ok {
		s.uncount(old, read)
	}
	if !s.kill.take(&a) {
		s.counts.add(a.Feed, read)
	}
	s.lib.Add(a)
}

// removeFromLibrary takes articles out of the library and uncounts them.
func (s *session) removeFromLibrary(refs ...string) {
	for _, ref := range refs {
		if a, ok := s.lib.ByRef(ref); ok {
			s.uncount(a, s.read[ref])
		}
	}
	s.lib.Remove(refs...)
}

// uncount takes an article leaving the library out of the counts, or out
// of the hidden ones.
func (s *session) uncount(a *model.Listing, read bool) {
	if !s.kill.drop(a.Ref) {
		s.counts.remove(a.Feed(), read)
	}
}

// markRead sets the read mark of ref, counting the change when the
// article is in the library and the mark changes.
func (s *session) markRead(ref string, read bool) {
	was := s.read[ref]
	s.read[ref] = read
	if was == read {
		return
	}
	if a, ok := s.lib.ByRef(ref); ok && !s.kill.isHidden(ref) {
		s.counts.mark(a.Feed(), read)
	}
}

// withThousands writes n with a comma between groups of three digits,
// "50,310".
func withThousands(n int) string {
	digits := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, digits = "-", digits[1:]
	}
	out := make([]byte, 0, len(digits)+len(digits)/3)
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	return sign + string(out)
}

// unreadText is the library's count for the status bar: "1,204 unread of
// 50,310 articles".
func (t *tally) unreadText() string {
	return withThousands(t.unread()) + " unread of " + thousandsPlural(t.total, "article")
}

// shownText is the count for the status bar when the list shows part of
// the library: "12 of 50,310 articles · 1,204 unread".
func (t *tally) shownText(shown int) string {
	return withThousands(shown) + " of " + thousandsPlural(t.total, "article") + " · " + withThousands(t.unread()) + " unread"
}

// thousandsPlural is plural with thousands separated: "1 article", "1,204
// articles".
func thousandsPlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return withThousands(n) + " " + what + "s"
}
