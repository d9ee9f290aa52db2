package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// fakeStore is an in-memory model.Store. fail makes every write fail.
type fakeStore struct {
	mu       sync.Mutex
	states   map[string]model.State
	visits   []string
	fail     error
	hits     []model.Hit
	similar  map[string][]model.Hit
	searches []string
	indexed  bool
}

func newFakeStore() *fakeStore {
	return &fakeStore{states: map[string]model.State{}, similar: map[string][]model.Hit{}}
}

func (f *fakeStore) States(context.Context) (map[string]model.State, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]model.State{}
	for k, v := range f.states {
		out[k] = v
	}
	return out, nil
}

func (f *fakeStore) change(ref string, do func(*model.State)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	s := f.states[ref]
	do(&s)
	f.states[ref] = s
	return nil
}

func (f *fakeStore) Visit(_ context.Context, ref string, at time.Time) (model.State, error) {
	f.mu.Lock()
	prior := f.states[ref]
	f.visits = append(f.visits, ref)
	f.mu.Unlock()
	return prior, f.change(ref, func(s *model.State) { s.Read, s.Opened = true, at })
}

func (f *fakeStore) MarkRead(_ context.Context, ref string, read bool) error {
	return f.change(ref, func(s *model.State) { s.Read = read })
}

func (f *fakeStore) SetStarred(_ context.Context, ref string, starred bool) error {
	return f.change(ref, func(s *model.State) { s.Starred = starred })
}

func (f *fakeStore) SetPosition(_ context.Context, ref string, line int) error {
	return f.change(ref, func(s *model.State) { s.Position = line })
}

func (f *fakeStore) Search(_ context.Context, q string, limit int) ([]model.Hit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.searches = append(f.searches, q)
	var out []model.Hit
	for _, h := range f.hits {
		if strings.Contains(strings.ToLower(h.Title+" "+h.Snippet), strings.ToLower(strings.Trim(q, `"*`))) {
			out = append(out, h)
		}
	}
	return out[:min(len(out), limit)], nil
}

func (f *fakeStore) Similar(_ context.Context, ref string, limit int) ([]model.Hit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.similar[ref]
	return h[:min(len(h), limit)], nil
}

func (f *fakeStore) IndexText(_ context.Context, progress func(done, total int)) error {
	if progress != nil {
		progress(1, 2)
		progress(2, 2)
	}
	f.mu.Lock()
	f.indexed = true
	f.mu.Unlock()
	return nil
}

func (f *fakeStore) state(ref string) model.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.states[ref]
}

// newStoreModel is newTestModel with a store.
func newStoreModel(t *testing.T, st model.Store, w, h int) Model {
	t.Helper()
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = drive(t, m, m.Init())
	if m.s.loading {
		t.Fatal("scan did not finish")
	}
	return m
}

func TestStoreStatesLoadedAtStart(t *testing.T) {
	st := newFakeStore()
	st.states["tour/2"] = model.State{Read: true}
	st.states["tour/3"] = model.State{Starred: true}
	// Read once, in a source this library does not hold: not counted.
	st.states["feed/9/gone"] = model.State{Read: true}
	m := newStoreModel(t, st, 80, 24)
	if !m.s.read["tour/2"] || !m.s.starred["tour/3"] {
		t.Fatalf("read %v starred %v", m.s.read, m.s.starred)
	}
	screen := plain(m)
	mustContain(t, screen, "11 unread of 12 articles", "★ Sources", "✓ Keys")
}

func TestStoreVisitMarkAndPosition(t *testing.T) {
	st := newFakeStore()
	m := newStoreModel(t, st, 80, 24)
	m = keys(t, m, "enter")
	if len(st.visits) != 1 || st.visits[0] != "tour/1" || !st.state("tour/1").Read {
		t.Fatalf("visits %v, state %+v", st.visits, st.state("tour/1"))
	}
	m = keys(t, m, "pgdown", "q")
	if st.state("tour/1").Position == 0 {
		t.Fatalf("position not saved: %+v", st.state("tour/1"))
	}
	m = keys(t, m, "m")
	if st.state("tour/1").Read {
		t.Fatal("m did not save unread")
	}
	m = keys(t, m, "m")
	if !st.state("tour/1").Read {
		t.Fatal("m did not save read")
	}
	_ = m
}

func TestStoreWriteErrorInStatus(t *testing.T) {
	st := newFakeStore()
	st.fail = errors.New("store: cannot save: read-only (/x/bulletin.db)")
	m := newStoreModel(t, st, 100, 24)
	m = keys(t, m, "m")
	if !m.s.read["tour/1"] {
		t.Fatal("reading must go on: the mark is kept in memory")
	}
	mustContain(t, plain(m), "cannot save")
	m = keys(t, m, "enter")
	if m.nav.screen != screenArticle {
		t.Fatal("article did not open")
	}
}

func TestNoStoreReasonInStatus(t *testing.T) {
	m := New(Options{Sources: []model.Source{tourSource()}, Theme: "dark", Now: func() time.Time { return testNow }, StoreErr: "not saving: no home"})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 24})
	m = drive(t, m, m.Init())
	mustContain(t, plain(m), "not saving: no home")
}

func TestStarToggles(t *testing.T) {
	st := newFakeStore()
	m := newStoreModel(t, st, 80, 24)
	m = keys(t, m, "s")
	if !st.state("tour/1").Starred {
		t.Fatal("s did not save the star")
	}
	mustContain(t, plain(m), "★ Tour")
	m = keys(t, m, "enter")
	mustContain(t, plain(m), "★ starred")
	m = keys(t, m, "s")
	mustNotContain(t, plain(m), "★ starred")
	if st.state("tour/1").Starred {
		t.Fatal("s in the article did not unstar")
	}
}

func TestViewsCycle(t *testing.T) {
	m := newStoreModel(t, newFakeStore(), 80, 40)
	m = keys(t, m, "j", "s", "k", "m") // star Keys, read Tour
	m = keys(t, m, "v")
	screen := plain(m)
	mustContain(t, screen, "Unread · 11 of 12 articles", "Keys")
	mustNotContain(t, screen, "Tour ")
	m = keys(t, m, "v")
	screen = plain(m)
	mustContain(t, screen, "Starred · 1 of 12 articles", "★ Keys")
	mustNotContain(t, screen, "Sources")
	m = keys(t, m, "s")
	mustContain(t, plain(m), "No starred articles.")
	m = keys(t, m, "v")
	mustContain(t, plain(m), "12 articles", "Sources", "Tour")
	mustNotContain(t, plain(m), "All ·")
}

func TestViewsWithoutStore(t *testing.T) {
	m := newTestModel(t, 80, 40)
	m = keys(t, m, "s", "v", "v")
	mustContain(t, plain(m), "Starred · 1 of 12 articles", "★ Tour")
}

func TestMoreLikeThis(t *testing.T) {
	st := newFakeStore()
	st.similar["tour/3"] = []model.Hit{
		{Article: model.Article{Ref: "tour/1", Title: "Tour"}}, // related already: dropped
		{Article: model.Article{Ref: "tour/5", Title: "Themes"}},
		{Article: model.Article{Ref: "tour/3", Title: "Sources"}}, // itself: dropped
		{Article: model.Article{Ref: "elsewhere/1", Title: "Not here"}},
		{Article: model.Article{Ref: "tour/7", Title: "Headline number 7"}},
	}
	m := newStoreModel(t, st, 80, 60)
	m = keys(t, m, "j", "j", "enter") // Sources
	if m.article.ref != "tour/3" {
		t.Fatalf("opened %q", m.article.ref)
	}
	screen := plain(m)
	mustContain(t, screen, "Related stories", " 1. Tour", " 2. Keys", "More like this", " 3. Themes", " 4. Not here", " 5. Headline number 7")
	mustNotContain(t, screen, " 6. ")
	if strings.Index(screen, "More like this") < strings.Index(screen, " 2. Keys") {
		t.Fatal("more like this must come after the related stories")
	}
	m = keys(t, m, "4")
	mustContain(t, m.note.text, "not in your library")
	m = keys(t, m, "5")
	if m.article.ref != "tour/7" {
		t.Fatalf("5 opened %q, want tour/7", m.article.ref)
	}
	m = keys(t, m, "h")
	if m.article.ref != "tour/3" {
		t.Fatalf("back to %q", m.article.ref)
	}
	// Cached: a second visit asks the store nothing, the list is there.
	mustContain(t, plain(m), " 3. Themes")
	m = keys(t, m, "tab", "tab", "tab", "enter")
	if m.article.ref != "tour/5" {
		t.Fatalf("tab tab tab enter opened %q, want tour/5", m.article.ref)
	}
}

func TestMoreLikeThisWithoutRelated(t *testing.T) {
	st := newFakeStore()
	st.similar["tour/9"] = []model.Hit{{Article: model.Article{Ref: "tour/2", Title: "Keys"}}}
	src := tourSource()
	for i := range src.articles {
		if src.articles[i].Ref == "tour/9" {
			src.articles[i].Related = nil
		}
	}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 40})
	m = drive(t, m, m.Init())
	for m.headlines.selectedRef() != "tour/9" {
		m = keys(t, m, "j")
	}
	m = keys(t, m, "enter")
	screen := plain(m)
	mustContain(t, screen, "More like this", " 1. Keys")
	mustNotContain(t, screen, "Related stories")
	m = keys(t, m, "1")
	if m.article.ref != "tour/2" {
		t.Fatalf("1 opened %q", m.article.ref)
	}
}

func searchHits() []model.Hit {
	return []model.Hit{
		{Article: model.Article{Ref: "tour/3", Title: "Sources", Source: "tour"}, Snippet: "where \x01related\x02 stories come from"},
		{Article: model.Article{Ref: "tour/2", Title: "Keys", Source: "tour"}, Snippet: "follow \x01related\x02 links with digits"},
	}
}

func TestLibrarySearch(t *testing.T) {
	st := newFakeStore()
	st.hits = searchHits()
	m := newStoreModel(t, st, 100, 30)
	m = send(t, m, tea.KeyPressMsg{Code: 'f', Mod: tea.ModCtrl})
	if m.nav.screen != screenSearch {
		t.Fatal("ctrl+f did not open the search")
	}
	m = typeText(t, m, "related")
	screen := m.View().Content
	if strings.ContainsAny(screen, model.MarkStart+model.MarkEnd) {
		t.Fatal("the raw marks are printed")
	}
	text := ansi.Strip(screen)
	mustContain(t, text, "Search: related", "2 articles", "Sources", "where related stories come from", "follow related links with digits")
	// The match is styled apart from the words around it.
	if !strings.Contains(screen, m.look.styles.Search.Match.Render("related")) {
		t.Fatal("the matched word is not highlighted")
	}
	m = keys(t, m, "down", "enter")
	if m.nav.screen != screenArticle || m.article.ref != "tour/2" {
		t.Fatalf("enter opened %v %q, want tour/2", m.nav.screen, m.article.ref)
	}
	if len(st.visits) == 0 || st.visits[len(st.visits)-1] != "tour/2" {
		t.Fatalf("visits %v", st.visits)
	}
	// : opens it again from the article, with the query kept; esc closes.
	m = keys(t, m, ":")
	mustContain(t, plain(m), "Search: related")
	m = keys(t, m, "esc")
	if m.nav.screen != screenArticle {
		t.Fatalf("esc went to %v", m.nav.screen)
	}
}

func TestLibrarySearchNoMatch(t *testing.T) {
	st := newFakeStore()
	st.hits = searchHits()
	m := newStoreModel(t, st, 100, 30)
	m = keys(t, m, ":")
	m = typeText(t, m, "zebra")
	mustContain(t, plain(m), "No articles match.")
	m = keys(t, m, "enter", "esc")
	if m.nav.screen != screenList {
		t.Fatalf("screen %v", m.nav.screen)
	}
}

func TestStaleSearchDropped(t *testing.T) {
	st := newFakeStore()
	st.hits = searchHits()
	m := newStoreModel(t, st, 100, 30)
	m = keys(t, m, ":")
	// Type without running the searches, then let the first one answer.
	var first tea.Cmd
	for _, r := range "keys" {
		nm, cmd := m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		m = nm.(Model)
		if first == nil {
			first = cmd
		}
	}
	m = drive(t, m, first)
	// The stale hits were dropped and the newest query was searched.
	mustNotContain(t, plain(m), "Sources")
	mustContain(t, plain(m), "1 article", "Keys")
	if got := st.searches; len(got) != 2 || got[0] != "k" || got[1] != "keys" {
		t.Fatalf("searches %q, want the first and the newest", got)
	}
	// A result of a search that has ended is dropped too.
	m = drive(t, m, first)
	mustNotContain(t, plain(m), "Sources")
}

func TestSearchWithoutStore(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, ":")
	m = typeText(t, m, "x")
	mustContain(t, plain(m), "Search needs the library store")
}

func TestIndexTextAfterScan(t *testing.T) {
	st := newFakeStore()
	m := newStoreModel(t, st, 100, 30)
	if !st.indexed {
		t.Fatal("IndexText did not run after the scan")
	}
	if m.s.index.running {
		t.Fatal("still indexing")
	}
	m.s.index.running, m.s.index.done, m.s.index.total = true, 3, 10
	mustContain(t, plain(m), "indexing… 3 of 10")
	m = keys(t, m, ":")
	m = typeText(t, m, "zebra")
	mustContain(t, plain(m), "No articles match yet: indexing… 3 of 10")
}

func TestHelpListsSearchSyntax(t *testing.T) {
	m := newTestModel(t, 100, 30)
	m = keys(t, m, "?")
	mustContain(t, plain(m), "Headlines", "toggle star", "all/unread/starred", "search library")
	m = keys(t, m, "pgdown", "pgdown")
	mustContain(t, plain(m), "Search syntax", `"a phrase"`, "elect*", "This screen")
}

func TestSavedPositionRestored(t *testing.T) {
	st := newFakeStore()
	st.states["tour/1"] = model.State{Read: true, Position: 7}
	m := newStoreModel(t, st, 80, 24)
	m = keys(t, m, "enter")
	if got := m.article.vp.YOffset(); got != 7 {
		t.Fatalf("offset %d, want the saved 7", got)
	}
}

func TestMoreLikeThisClick(t *testing.T) {
	st := newFakeStore()
	st.similar["tour/3"] = []model.Hit{{Article: model.Article{Ref: "tour/5", Title: "Themes"}}}
	m := newStoreModel(t, st, 80, 60)
	m = keys(t, m, "j", "j", "enter")
	if len(m.article.linkStart) != 3 {
		t.Fatalf("%d links, want 2 related and 1 similar", len(m.article.linkStart))
	}
	y := m.article.linkStart[2] - m.article.vp.YOffset()
	m = send(t, m, tea.MouseClickMsg{X: 8, Y: y, Button: tea.MouseLeft})
	if m.article.ref != "tour/5" {
		t.Fatalf("click opened %q, want tour/5", m.article.ref)
	}
	m = keys(t, m, "h")
	if m.article.ref != "tour/3" {
		t.Fatalf("back to %q", m.article.ref)
	}
}
