package ui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// pagerStore is a store whose index lists a first page: the newest
// headlines as they were when the reader last ran.
type pagerStore struct {
	*fakeStore
	page []model.Article
}

func (p pagerStore) FirstPage(_ context.Context, n int) ([]model.Article, error) {
	return p.page[:min(n, len(p.page))], nil
}

// staleFirstPage is the tour's index as a previous run left it: Tour had
// another title then, and a story since deleted was the newest.
func staleFirstPage(src *fakeSource) []model.Article {
	var page []model.Article
	gone := model.Article{Ref: "tour/0", Source: "tour", Path: "0.txt", Title: "Deleted story", Published: at(59).Add(time.Second), HasDate: true, Origin: src}
	page = append(page, gone)
	for _, a := range src.articles[:3] {
		a.Body, a.Related, a.Origin = "", nil, src
		if a.Ref == "tour/1" {
			a.Title = "Old title of the tour"
		}
		page = append(page, a)
	}
	return page
}

func scanResults(src *fakeSource) []model.ScanResult {
	var out []model.ScanResult
	for r := range src.Scan(context.Background(), 0) {
		out = append(out, r)
	}
	return out
}

func TestFirstPageIsListedAndOpensBeforeTheScan(t *testing.T) {
	src := tourSource()
	st := pagerStore{fakeStore: newFakeStore(), page: staleFirstPage(src)}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 30})
	// The scan this starts is never run: the folders are still being
	// walked while the reader uses the first page.
	nm, _ := m.Update(jobResult(m, jobFirstPage, false, runCmd(t, m.s.start()).(jobMsg).msg))
	m = nm.(Model)
	if !m.s.loading {
		t.Fatal("the scan should still be under way")
	}
	mustContain(t, plain(m), "Deleted story", "Old title of the tour", "Keys", "loading")

	m = keys(t, m, "j", "j", "enter")
	screen := plain(m)
	mustContain(t, screen, "Keys", "The keys of bulletin.")
}

func TestScanPatchesTheFirstPage(t *testing.T) {
	src := tourSource()
	st := pagerStore{fakeStore: newFakeStore(), page: staleFirstPage(src)}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 60})
	nm, _ := m.Update(jobResult(m, jobFirstPage, false, runCmd(t, m.s.start()).(jobMsg).msg))
	m = nm.(Model)
	m = send(t, m, jobResult(m, jobScan, true, scanMsg{results: scanResults(src), done: true}))

	screen := plain(m)
	mustContain(t, screen, "Tour", "Headline number 12", "12 articles")
	mustNotContain(t, screen, "Deleted story", "Old title of the tour", "loading")
	if _, ok := m.s.lib.ByRef("tour/0"); ok {
		t.Error("the deleted story is still in the library")
	}
}

func TestStartWithAFirstPageEndsWithTheFolderAsItIs(t *testing.T) {
	src := tourSource()
	st := pagerStore{fakeStore: newFakeStore(), page: staleFirstPage(src)}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 60})
	m = drive(t, m, m.Init())
	if m.s.loading {
		t.Fatal("scan did not finish")
	}
	screen := plain(m)
	mustContain(t, screen, "Tour", "12 articles")
	mustNotContain(t, screen, "Deleted story", "Old title of the tour")
}

// The real start lists the first page before the program runs: the first
// frame, drawn at the first size the terminal gives, has the headlines,
// and the first command is the scan (no first-page job).
func TestFirstFrameHasTheFirstPage(t *testing.T) {
	src := tourSource()
	st := pagerStore{fakeStore: newFakeStore(), page: staleFirstPage(src)}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m.listFirstPage(context.Background())
	if !m.spinning {
		t.Error("the spinner is not going while the scan is under way")
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 30})
	mustContain(t, plain(m), "Deleted story", "Old title of the tour", "loading")
	m.s.start()
	if _, ok := m.s.jobs.find(jobFirstPage, ""); ok {
		t.Error("start asked for the first page again")
	}
	if _, ok := m.s.jobs.find(jobScan, ""); !ok {
		t.Error("start did not start the scan")
	}
}

func (p pagerStore) StatesOf(_ context.Context, refs []string) (map[string]model.State, error) {
	out := map[string]model.State{}
	for _, ref := range refs {
		if st, ok := p.states[ref]; ok {
			out[ref] = st
		}
	}
	return out, nil
}

// The first frame shows the marks as stored: a remembered first screen
// painted from it must not show an article read since as unread.
func TestFirstPageShowsTheStoredMarks(t *testing.T) {
	src := tourSource()
	st := pagerStore{fakeStore: newFakeStore(), page: staleFirstPage(src)}
	st.states["tour/1"] = model.State{Read: true}
	m := New(Options{Sources: []model.Source{src}, Theme: "dark", Now: func() time.Time { return testNow }, Store: st})
	m.listFirstPage(context.Background())
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 30})
	screen := plain(m)
	mustContain(t, screen, "✓ Old title of the tour", "3 unread of 4")
	mustNotContain(t, screen, "✓ Deleted story")
}
