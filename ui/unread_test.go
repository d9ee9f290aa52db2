package ui

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// ctrl is the key ctrl+r.
func ctrl(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl} }

// selectedTitle is the title of the headline under the cursor.
func selectedTitle(m Model) string {
	h, _ := m.headlines.selected()
	return h.title()
}

// readKeysAndSources marks Keys and Sources (rows 2 and 3) read with m,
// and returns to the top.
func readKeysAndSources(t *testing.T, m Model) Model {
	t.Helper()
	return keys(t, m, "j", "m", "j", "m", "g")
}

func TestNextUnreadInList(t *testing.T) {
	m := readKeysAndSources(t, newTestModel(t, 100, 30))
	m = keys(t, m, "n")
	if got := selectedTitle(m); got != "Reading" {
		t.Fatalf("n from Tour went to %q, want Reading (Keys and Sources are read)", got)
	}
	m = keys(t, m, "N")
	if got := selectedTitle(m); got != "Tour" {
		t.Fatalf("N from Reading went to %q, want Tour", got)
	}
	// No wrapping: at the first unread, N stays and says so.
	m = keys(t, m, "N")
	if got := selectedTitle(m); got != "Tour" {
		t.Fatalf("N at the first unread moved to %q", got)
	}
	mustContain(t, plain(m), "no more unread above")
	m = keys(t, m, "G", "n")
	if got := selectedTitle(m); got != "Headline number 12" {
		t.Fatalf("n at the last row moved to %q", got)
	}
	mustContain(t, plain(m), "no more unread below")
	// The note goes with the next key.
	m = keys(t, m, "k")
	mustNotContain(t, plain(m), "no more unread")
}

func TestNextUnreadFromAnArticle(t *testing.T) {
	m := readKeysAndSources(t, newTestModel(t, 100, 30))
	m = keys(t, m, "enter", "n")
	if m.nav.screen != screenArticle || m.article.ref != "tour/4" {
		t.Fatalf("n in Tour: screen %v, article %q; want Reading (tour/4) open", m.nav.screen, m.article.ref)
	}
	if !m.s.read["tour/4"] {
		t.Fatal("the article n opened is not marked read")
	}
	// A new trail: the breadcrumb holds Reading alone, and Back returns
	// to the list with the cursor on it.
	s := plain(m)
	mustContain(t, s, "How to read an article.")
	mustNotContain(t, s, "Tour › Reading")
	// Tour was read when it was opened: nothing unread is above.
	m = keys(t, m, "N")
	if m.article.ref != "tour/4" {
		t.Fatalf("N with no unread above opened %q", m.article.ref)
	}
	mustContain(t, plain(m), "no more unread above")
	m = keys(t, m, "n", "backspace")
	if m.nav.screen != screenList || selectedTitle(m) != "Themes" {
		t.Fatalf("Back after n: screen %v on %q; want the list on Themes", m.nav.screen, selectedTitle(m))
	}
}

func TestNInAnArticleSearchesWhileASearchIsActive(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "/")
	m = typeText(t, m, "edge")
	m = keys(t, m, "enter", "n", "n")
	if m.article.ref != "tour/1" || m.article.cur != 2 {
		t.Fatalf("n with a search: article %q match %d; want Tour, match 3", m.article.ref, m.article.cur)
	}
	mustContain(t, plain(m), "match 3/9")
	m = keys(t, m, "N")
	if m.article.ref != "tour/1" || m.article.cur != 1 {
		t.Fatalf("N with a search: article %q match %d; want Tour, match 2", m.article.ref, m.article.cur)
	}
	// Esc clears the search: n is next unread again.
	m = keys(t, m, "esc", "n")
	if m.article.ref != "tour/2" {
		t.Fatalf("n after the search was cleared opened %q, want Keys", m.article.ref)
	}
}

func TestNextAndPreviousArticleFromAnArticle(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "enter", "J")
	if m.article.ref != "tour/2" {
		t.Fatalf("J in Tour opened %q, want Keys", m.article.ref)
	}
	m = send(t, m, ctrl('n'))
	if m.article.ref != "tour/3" {
		t.Fatalf("ctrl+n in Keys opened %q, want Sources", m.article.ref)
	}
	mustContain(t, plain(m), "Where articles come from.")
	m = keys(t, m, "K")
	m = send(t, m, ctrl('p'))
	if m.article.ref != "tour/1" {
		t.Fatalf("K, ctrl+p from Sources opened %q, want Tour", m.article.ref)
	}
	for _, id := range []string{"1", "2", "3"} {
		if !m.s.read["tour/"+id] {
			t.Errorf("tour/%s was opened by J/K but is not marked read", id)
		}
	}
	m = keys(t, m, "K")
	if m.article.ref != "tour/1" {
		t.Fatalf("K at the first article opened %q", m.article.ref)
	}
	mustContain(t, plain(m), "no more articles above")
	// From a related story followed, J goes on from the story's row.
	m = keys(t, m, "1", "J")
	if m.article.ref != "tour/3" {
		t.Fatalf("J in Keys (followed from Tour) opened %q, want Sources", m.article.ref)
	}
	m = keys(t, m, "esc")
	if m.nav.screen != screenList || selectedTitle(m) != "Sources" {
		t.Fatalf("Esc after J: screen %v on %q; want the list on Sources", m.nav.screen, selectedTitle(m))
	}
}

func TestNextArticleStaysInTheFilteredList(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "/")
	m = typeText(t, m, "headline number 1")
	m = keys(t, m, "enter", "enter")
	if m.article.ref != "tour/10" {
		t.Fatalf("opened %q, want Headline number 10", m.article.ref)
	}
	m = keys(t, m, "J", "J", "J")
	if m.article.ref != "tour/12" {
		t.Fatalf("J through the filtered list reached %q, want Headline number 12", m.article.ref)
	}
	mustContain(t, plain(m), "no more articles below")
}

// batchStore is a fakeStore that stores many read marks as one write, as
// the real store does, and counts those writes.
type batchStore struct {
	*fakeStore
	mu      sync.Mutex
	batches []int
}

func (b *batchStore) MarkReads(_ context.Context, marks []model.ReadMark) error {
	b.mu.Lock()
	b.batches = append(b.batches, len(marks))
	b.mu.Unlock()
	b.fakeStore.mu.Lock()
	defer b.fakeStore.mu.Unlock()
	for _, mk := range marks {
		s := b.states[mk.Ref]
		s.Read = mk.Read
		b.states[mk.Ref] = s
	}
	return nil
}

func (b *batchStore) batchSizes() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.batches...)
}

// manualUndo makes the model's undo offers end only when the test sends
// the message it returns.
func manualUndo(m *Model) func() tea.Msg {
	var last tea.Msg
	m.undo.after = func(_ time.Duration, msg tea.Msg) tea.Cmd {
		last = msg
		return nil
	}
	return func() tea.Msg { return last }
}

func TestMarkAllShownReadAndUndo(t *testing.T) {
	st := &batchStore{fakeStore: newFakeStore()}
	st.states["tour/2"] = model.State{Read: true, Starred: true}
	m := newStoreModel(t, st, 100, 30)
	manualUndo(&m)
	m = keys(t, m, "C")
	mustContain(t, plain(m), "marked 11 read — u to undo", "0 unread of 12 articles")
	if got := st.batchSizes(); len(got) != 1 || got[0] != 11 {
		t.Fatalf("batches written %v, want one of 11 marks", got)
	}
	for i := 1; i <= 12; i++ {
		if !st.state(fmt.Sprintf("tour/%d", i)).Read {
			t.Errorf("tour/%d not stored read", i)
		}
	}
	// The offer lasts across keys until it expires.
	m = keys(t, m, "j", "u")
	s := plain(m)
	mustContain(t, s, "11 articles unread again", "11 unread of 12 articles")
	mustNotContain(t, s, "u to undo")
	if got := st.batchSizes(); len(got) != 2 || got[1] != 11 {
		t.Fatalf("batches written %v, want the undo as one of 11 marks", got)
	}
	// Keys was read before C: it stays read, and starred.
	if s := st.state("tour/2"); !s.Read || !s.Starred {
		t.Errorf("Keys after the undo: %+v, want read and starred as before", s)
	}
	for i := 3; i <= 12; i++ {
		if st.state(fmt.Sprintf("tour/%d", i)).Read {
			t.Errorf("tour/%d still stored read after the undo", i)
		}
	}
	// Undone once: u again does nothing.
	m = keys(t, m, "u")
	if got := st.batchSizes(); len(got) != 2 || m.readCount() != 1 {
		t.Fatalf("a second u wrote %v, read count %d", got, m.readCount())
	}
}

func TestUndoEndsWhenItsTimePasses(t *testing.T) {
	m := newTestModel(t, 100, 30)
	expiry := manualUndo(&m)
	m = keys(t, m, "C")
	first := expiry()
	mustContain(t, plain(m), "marked 12 read — u to undo")
	m = send(t, m, first)
	mustNotContain(t, plain(m), "u to undo")
	m = keys(t, m, "u")
	if m.readCount() != 12 {
		t.Fatalf("u after the offer ended: %d read, want 12", m.readCount())
	}

	// An older offer's time passing does not end a newer offer.
	m = keys(t, m, "enter", "m", "J", "m", "q") // Keys and Tour unread again
	m = keys(t, m, "C")
	mustContain(t, plain(m), "marked 2 read")
	m = send(t, m, first)
	mustContain(t, plain(m), "u to undo")
	m = keys(t, m, "u")
	if m.readCount() != 10 || m.s.read["tour/1"] || m.s.read["tour/2"] {
		t.Fatalf("undo of the newer offer: %d read, Tour %v, Keys %v", m.readCount(), m.s.read["tour/1"], m.s.read["tour/2"])
	}
}

func TestUndoLeavesArticlesMarkedSince(t *testing.T) {
	m := newTestModel(t, 100, 30)
	manualUndo(&m)
	m = keys(t, m, "C", "j", "m", "u") // Keys marked unread by hand, then undo
	if m.readCount() != 0 {
		t.Fatalf("%d read after the undo, want none", m.readCount())
	}
	mustContain(t, plain(m), "11 articles unread again")
}

func TestMarkAllShownReadInAFilter(t *testing.T) {
	m := newTestModel(t, 100, 30)
	manualUndo(&m)
	m = keys(t, m, "/")
	m = typeText(t, m, "headline")
	m = keys(t, m, "enter", "C")
	mustContain(t, plain(m), "marked 7 read")
	if m.s.read["tour/1"] || !m.s.read["tour/6"] || !m.s.read["tour/12"] {
		t.Fatal("C in a filter marked other rows than the matches")
	}
	m = keys(t, m, "C")
	mustContain(t, plain(m), "nothing unread")
}

// twoFeeds is a library of two feeds' items, alternating, and an article
// of a folder.
func twoFeeds() *fakeSource {
	f := &fakeSource{name: "mixed"}
	for i := range 6 {
		feed, source := "https://alpha.example/feed.xml", "Alpha"
		if i%2 == 1 {
			feed, source = "https://beta.example/rss", "Beta"
		}
		f.articles = append(f.articles, model.Article{
			Ref: fmt.Sprintf("feed/%d", i), Source: source, Feed: feed,
			Title: fmt.Sprintf("%s item %d", source, i), Published: at(50 - i), HasDate: true,
			Body: "Text.",
		})
	}
	f.articles = append(f.articles, model.Article{Ref: "notes/1", Source: "notes", Title: "A note", Published: at(10), HasDate: true, Body: "Text."})
	return f
}

func TestMarkFeedRead(t *testing.T) {
	m := New(Options{Sources: []model.Source{twoFeeds()}, Theme: "dark", Now: func() time.Time { return testNow }})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drive(t, m, m.Init())
	manualUndo(&m)
	m = keys(t, m, "j", "A") // Beta item 1
	mustContain(t, plain(m), "marked 3 read in feed Beta — u to undo")
	countsMatchLibrary(t, m.s)
	for ref, want := range map[string]bool{"feed/1": true, "feed/3": true, "feed/5": true, "feed/0": false, "feed/2": false, "notes/1": false} {
		if m.s.read[ref] != want {
			t.Errorf("after A on Beta, %s read %v, want %v", ref, m.s.read[ref], want)
		}
	}
	m = keys(t, m, "G", "A")
	mustContain(t, plain(m), "marked 1 read in notes")
	if m.s.read["feed/0"] {
		t.Error("A on a folder's article marked a feed's item read")
	}
	// In the unread view, A on an Alpha item marks Alpha's items read:
	// they leave the view, and u brings them back.
	m = keys(t, m, "v", "g", "A")
	if got := strings.Count(plain(m), "Alpha item"); got != 0 {
		t.Fatalf("%d Alpha items in the unread view after A", got)
	}
	mustContain(t, plain(m), "No unread articles.")
	m = keys(t, m, "u")
	if got := strings.Count(plain(m), "Alpha item"); got != 3 {
		t.Fatalf("%d Alpha items in the unread view after u, want 3", got)
	}
	countsMatchLibrary(t, m.s)
}

func TestMarkManyWaitsForTheStoredMarks(t *testing.T) {
	m := newStoreModel(t, newFakeStore(), 100, 30)
	manualUndo(&m)
	m.s.statesKnown = false // as before the store has answered
	m = keys(t, m, "C")
	mustContain(t, plain(m), "once the read marks are loaded")
	if m.readCount() != 0 {
		t.Fatalf("C before the marks were known marked %d read", m.readCount())
	}
	// The stored marks arrive, one article read in an earlier session:
	// the C pressed before is made then, and u puts back exactly what it
	// changed, leaving that article read.
	m = send(t, m, jobResult(m, jobStates, false, statesMsg{states: map[string]model.State{"tour/2": {Read: true}}}))
	if m.readCount() != m.s.lib.Len() {
		t.Fatalf("%d of %d read once the marks were known", m.readCount(), m.s.lib.Len())
	}
	mustContain(t, plain(m), "u to undo")
	mustNotContain(t, plain(m), "once the read marks are loaded")
	m = keys(t, m, "u")
	if m.readCount() != 1 || !m.s.read["tour/2"] {
		t.Fatalf("%d read after u, want only tour/2: %v", m.readCount(), m.s.read)
	}
}

// readCount is how many articles of the library the reader counts read:
// the count the status bar shows, kept as marks change.
func (m Model) readCount() int { return m.s.counts.read }
