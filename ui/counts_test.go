package ui

import (
	"strings"
	"testing"

	"bulletin/model"
)

// rowLine is the line of the screen that holds text, trimmed.
func rowLine(t *testing.T, screen, text string) string {
	t.Helper()
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return strings.TrimSpace(l)
		}
	}
	t.Fatalf("no line holds %q:\n%s", text, screen)
	return ""
}

// countsMatchLibrary checks the tally kept in step with the library
// against one counted from it anew: in all, and per feed.
func countsMatchLibrary(t *testing.T, s *session) {
	t.Helper()
	want := newTally()
	for _, a := range s.lib.Articles() {
		if !s.kill.isHidden(a.Ref) {
			want.add(a.Feed(), s.read[a.Ref])
		}
	}
	got := s.counts
	if got.total != want.total || got.read != want.read {
		t.Errorf("tally: %d articles, %d read; counted anew: %d and %d", got.total, got.read, want.total, want.read)
	}
	for url, f := range want.feeds {
		if g := got.feeds[url]; g == nil || *g != *f {
			t.Errorf("tally of feed %s: %+v; counted anew: %+v", url, g, *f)
		}
	}
	for url, g := range got.feeds {
		if _, ok := want.feeds[url]; !ok && (g.total != 0 || g.read != 0) {
			t.Errorf("tally of feed %s: %+v; the library has none of it", url, *g)
		}
	}
}

func TestUnreadCountsFollowTheMarks(t *testing.T) {
	m := newFeedsModel(t, &fakeFeeds{status: feedStatuses()}, 100, 40)
	mustContain(t, plain(m), "15 unread of 15 articles")
	m = keys(t, m, "F")
	s := plain(m)
	for text, count := range map[string]string{"Alpha ·": "1", "Beta ·": "1", "Gamma ·": "1"} {
		if l := rowLine(t, s, text); !strings.HasSuffix(l, " "+count) {
			t.Errorf("feed row %q does not end with its unread count %s", l, count)
		}
	}
	if l := rowLine(t, s, "news"); !strings.HasSuffix(l, " 2") {
		t.Errorf("tag row %q does not end with the unread count of its feeds, 2", l)
	}

	// Reading Beta's item: the status bar and the pane count it at once.
	m = keys(t, m, "esc", "/")
	m = typeText(t, m, "Beta one")
	m = keys(t, m, "enter", "m")
	if !m.s.read["feed/b1"] {
		t.Fatal("m did not mark Beta one read")
	}
	mustContain(t, plain(m), "15 articles · 14 unread")
	m = keys(t, m, "esc", "F")
	s = plain(m)
	if l := rowLine(t, s, "Beta ·"); strings.HasSuffix(l, " 1") {
		t.Errorf("Beta is read, but its row still counts it: %q", l)
	}
	if l := rowLine(t, s, "news"); !strings.HasSuffix(l, " 1") {
		t.Errorf("tag row %q, want 1 unread left under news", l)
	}
	mustContain(t, s, "14 unread of 15 articles")
	countsMatchLibrary(t, m.s)

	// And unread again.
	m = keys(t, m, "esc", "/")
	m = typeText(t, m, "Beta one")
	m = keys(t, m, "enter", "m", "esc")
	mustContain(t, plain(m), "15 unread of 15 articles")
	countsMatchLibrary(t, m.s)
}

func TestUnreadCountsTakeTheStoredMarksAndIgnoreOthers(t *testing.T) {
	st := newFakeStore()
	st.states["tour/2"] = model.State{Read: true}
	st.states["tour/5"] = model.State{Read: true}
	// Read in a source this library no longer holds: not counted.
	st.states["feed/9/gone"] = model.State{Read: true}
	m := newStoreModel(t, st, 100, 30)
	mustContain(t, plain(m), "10 unread of 12 articles")
}

func TestTallyCountsAReplacedArticleOnce(t *testing.T) {
	s := newSession(Options{}, nil)
	a := model.Article{Ref: "feed/1/x", Feed: "https://a.example/rss"}
	s.addToLibrary(a)
	s.markRead(a.Ref, true)
	// A refresh brings the item again, updated; then it moves feed.
	s.addToLibrary(a)
	a.Feed = "https://b.example/rss"
	s.addToLibrary(a)
	if s.counts.total != 1 || s.counts.unread() != 0 {
		t.Errorf("total %d unread %d, want 1 and 0", s.counts.total, s.counts.unread())
	}
	if n := s.counts.feedUnread("https://a.example/rss"); n != 0 {
		t.Errorf("the old feed still counts %d", n)
	}
	countsMatchLibrary(t, s)
	s.markRead(a.Ref, false)
	if n := s.counts.feedUnread("https://b.example/rss"); n != 1 {
		t.Errorf("the new feed counts %d unread, want 1", n)
	}
	s.removeFromLibrary(a.Ref)
	if s.counts.total != 0 || s.counts.feedUnread("https://b.example/rss") != 0 {
		t.Errorf("after removal: %+v", s.counts)
	}
	countsMatchLibrary(t, s)
}

func TestWithThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 50310: "50,310", 1234567: "1,234,567", -1204: "-1,204"} {
		if got := withThousands(n); got != want {
			t.Errorf("withThousands(%d) = %q, want %q", n, got, want)
		}
	}
}
