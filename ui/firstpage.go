package ui

// The first page: the newest headlines as the store last indexed them,
// listed before the scan has walked the folders, so the reader paints and
// scrolls at once. The scan then brings every article; headlines of the
// first page it does not bring (their file is gone or unreadable) are
// dropped when it ends, and those it brings anew replace theirs.

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// firstPageSize is how many headlines the first page lists: several
// screens, so the reader can scroll while the scan goes on.
const firstPageSize = 200

// firstPager is a store that can list its newest articles without
// walking the folders.
type firstPager interface {
	FirstPage(ctx context.Context, n int) ([]model.Article, error)
}

// firstPageMsg carries the first page; an error only means there is none.
type firstPageMsg struct {
	articles []model.Article
	err      error
}

// pageStater is a store that can read the states of some articles.
type pageStater interface {
	StatesOf(ctx context.Context, refs []string) (map[string]model.State, error)
}

// takePageStates marks the first page's headlines as the store remembers
// them, so the first frame shows what is stored: the states of the whole
// library are read after it starts (loadStates), and come too late for it.
// Without them (an error), the page shows as before, unmarked until then.
func (s *session) takePageStates(ctx context.Context, page []model.Article) {
	ps, ok := s.store.(pageStater)
	if !ok || len(page) == 0 {
		return
	}
	refs := make([]string, len(page))
	for i := range page {
		refs[i] = page[i].Ref
	}
	if states, err := ps.StatesOf(ctx, refs); err == nil {
		s.mergeStates(states)
	}
}

// start lists the first page, then scans; without a store that can, or
// when the first page is listed already, it scans at once.
func (s *session) start() tea.Cmd {
	fp, ok := s.store.(firstPager)
	if !ok || s.firstPageListed {
		return s.startScan()
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobFirstPage}, func(ctx context.Context) tea.Msg {
		articles, err := fp.FirstPage(ctx, firstPageSize)
		return firstPageMsg{articles: articles, err: err}
	})
	return cmd
}

// takeFirstPage lists the first page, unless the scan has brought them
// already, and reports whether the library grew.
func (s *session) takeFirstPage(msg firstPageMsg) bool {
	if msg.err != nil || !s.loading {
		return false
	}
	grew := false
	for i := range msg.articles {
		a := &msg.articles[i]
		if _, ok := s.lib.ByRef(a.Ref); ok {
			continue
		}
		s.addToLibrary(*a)
		s.provisional[a.Ref] = true
		grew = true
	}
	return grew
}

// confirm notes that the scan brought ref: it stays listed.
func (s *session) confirm(ref string) {
	if len(s.provisional) > 0 {
		delete(s.provisional, ref)
	}
}

// dropUnconfirmed drops the headlines of the first page the scan did not
// bring: their files are gone or can no longer be read.
func (s *session) dropUnconfirmed() {
	if len(s.provisional) == 0 {
		return
	}
	refs := make([]string, 0, len(s.provisional))
	for ref := range s.provisional {
		refs = append(refs, ref)
	}
	s.removeFromLibrary(refs...)
	clear(s.provisional)
}

// listFirstPage lists the first page before the program starts, so that
// its first frame has headlines: a query of a page of rows costs a few
// milliseconds, less than the trip through a command and a message that
// would otherwise come between the first frame and the headlines.
func (m *Model) listFirstPage(ctx context.Context) {
	fp, ok := m.s.store.(firstPager)
	if !ok {
		return
	}
	articles, err := fp.FirstPage(ctx, firstPageSize)
	m.s.firstPageListed = true
	m.s.takePageStates(ctx, articles)
	if m.s.takeFirstPage(firstPageMsg{articles: articles, err: err}) {
		// What it returns is the spinner's tick: Init asks for it.
		m.libraryGrew(libraryGrewEvent{})
	}
}
