package ui

// The library search (Ctrl-F or :): a query field over ranked results with
// highlighted snippets. Each query goes to the store in a command with an
// id; while one runs, the newest query waits for it, and results for any
// other query than the one typed are dropped.

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// searchLimit is how many hits a library search shows.
const searchLimit = 50

// searchResultMsg carries the hits of a query.
type searchResultMsg struct {
	query string
	hits  []model.Hit
	err   error
}

// librarySearch is the search screen's state.
type librarySearch struct {
	st    *Styles
	input textinput.Model
	// query is what the hits are for.
	query string
	hits  []model.Hit
	sel   int
	err   string
}

// typed is the query as typed, trimmed.
func (s librarySearch) typed() string { return strings.TrimSpace(s.input.Value()) }

// focus gives the keys to the query field, with the cursor at its end.
func (s *librarySearch) focus() tea.Cmd {
	s.input.CursorEnd()
	return s.input.Focus()
}

func (s *librarySearch) blur() { s.input.Blur() }

// updateInput hands a message to the query field and reports whether the
// query changed.
func (s *librarySearch) updateInput(msg tea.Msg) (bool, tea.Cmd) {
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return s.input.Value() != before, cmd
}

func newLibrarySearch(st *Styles) librarySearch {
	in := textinput.New()
	in.Prompt = "Search: "
	in.Placeholder = librarySearchHint
	in.CharLimit = 200
	s := librarySearch{input: in}
	s.setStyles(st)
	return s
}

func (s *librarySearch) setStyles(st *Styles) {
	s.st = st
	s.input.SetStyles(st.List.Filter)
}

// selected is the selected hit.
func (s librarySearch) selected() (model.Hit, bool) {
	if s.sel < 0 || s.sel >= len(s.hits) {
		return model.Hit{}, false
	}
	return s.hits[s.sel], true
}

func (s *librarySearch) move(d int) {
	if len(s.hits) == 0 {
		return
	}
	s.sel = max(0, min(len(s.hits)-1, s.sel+d))
}

// view draws the field and the hits, the selected one kept in sight.
func (s librarySearch) view(width, height int, indexing string, store, running bool) string {
	lines := []string{" " + withPlaceholder(s.input, librarySearchHint, width-1).View(), ""}
	st := &s.st.Search
	q := strings.TrimSpace(s.input.Value())
	switch {
	case !store:
		lines = append(lines, "  "+st.Message.Render("Search needs the library store, which is not open."))
	case s.err != "":
		lines = append(lines, "  "+st.Error.Render(ansi.Truncate(s.err, max(1, width-4), "…")))
	case q == "":
		lines = append(lines, "  "+st.Message.Render("Type to search every article of the library."))
	case len(s.hits) == 0 && s.query == q && !running:
		msg := "No articles match."
		if indexing != "" {
			msg = "No articles match yet: " + indexing
		}
		lines = append(lines, "  "+st.Message.Render(msg))
	case len(s.hits) == 0:
		lines = append(lines, "  "+st.Message.Render("Searching…"))
	}
	if len(s.hits) > 0 {
		head := plural(len(s.hits), "article")
		if len(s.hits) == searchLimit {
			head = fmt.Sprintf("best %d articles", searchLimit)
		}
		if indexing != "" {
			head += " · " + indexing
		}
		lines = append(lines, "  "+st.Message.Render(head), "")
	}
	const per = 3 // title, snippet, blank
	room := max(1, (height-len(lines))/per)
	first := max(0, s.sel-room+1)
	for i := first; i < len(s.hits) && i < first+room; i++ {
		lines = append(lines, s.hitView(i, width)...)
	}
	return strings.Join(lines, "\n")
}

// hitView is a hit: its title (marked when selected) and its snippet,
// with the matched words highlighted and the marks never printed.
func (s librarySearch) hitView(i, width int) []string {
	st := &s.st.Search
	h := s.hits[i]
	tw := max(1, width-4)
	title := model.CleanLine(h.Title)
	if title == "" {
		title = h.Ref
	}
	title = ansi.Truncate(title, tw, "…")
	marker := "  "
	if i == s.sel {
		marker = s.st.List.Marker.Render(s.st.Marker) + " "
		title = s.st.List.TitleSel.Render(title)
	} else {
		title = s.st.List.Title1.Render(title)
	}
	meta := model.CleanLine(h.Source)
	if meta != "" {
		title += " " + s.st.List.Meta.Render(ansi.Truncate(meta, max(0, tw-ansi.StringWidth(title)-1), "…"))
	}
	return []string{marker + title, "    " + snippetView(h.Snippet, max(1, width-6), st.Snippet, st.Match), ""}
}

// snippetView draws a snippet in one line of width cells: the matched
// pieces in match, the rest in plain; the marks are dropped.
func snippetView(snippet string, width int, plain, match interface{ Render(...string) string }) string {
	var b strings.Builder
	left := width
	for _, sp := range model.SplitMarks(snippet) {
		if left <= 0 {
			break
		}
		text := strings.Map(snippetRune, sp.Text)
		if w := ansi.StringWidth(text); w > left {
			text = ansi.Truncate(text, left, "…")
		}
		left -= ansi.StringWidth(text)
		if sp.Match {
			b.WriteString(match.Render(text))
		} else {
			b.WriteString(plain.Render(text))
		}
	}
	return b.String()
}

// openSearch opens the library search over the pane that has the keys,
// with the last query still there.
func (m *Model) openSearch() tea.Cmd {
	m.nav.searchFrom = m.nav.screen
	m.nav.screen = screenSearch
	m.syncFocus()
	return m.search.focus()
}

// closeSearch returns to the pane beneath.
func (m *Model) closeSearch() {
	m.search.blur()
	m.nav.screen = m.nav.searchFrom
	m.syncFocus()
}

// searchKey handles a key in the library search: its own keys, and the
// rest go to the query field.
func (m Model) searchKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.CloseSearch):
		m.closeSearch()
		return m, nil
	case key.Matches(msg, k.HitUp):
		m.search.move(-1)
		return m, nil
	case key.Matches(msg, k.HitDown):
		m.search.move(1)
		return m, nil
	case key.Matches(msg, k.OpenHit):
		return m, m.openHit()
	}
	return m.searchInput(msg)
}

// searchInput hands a message to the query field and searches when the
// query changed.
func (m Model) searchInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	changed, cmd := m.search.updateInput(msg)
	if !changed {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.runSearch())
}

// runSearch starts a search for the query typed, unless one is running:
// then the newest query waits for it (searchAnswered starts it), so
// fast typing makes no queue of searches.
func (m *Model) runSearch() tea.Cmd {
	q := m.search.typed()
	if q == "" || !m.s.canSearch() {
		m.s.jobs.cancel(jobSearch)
		m.search.setResult(searchResultMsg{query: q})
		return nil
	}
	return m.s.search(q)
}

// canSearch reports whether there is a store to search.
func (s *session) canSearch() bool { return s.store != nil }

// searching reports whether a library search is under way.
func (s *session) searching() bool { return s.jobs.busy("", jobSearch) }

// search starts a library search for q, unless one is under way: the
// newest query then waits for it, so fast typing makes no queue of
// searches.
func (s *session) search(q string) tea.Cmd {
	if s.searching() {
		return nil
	}
	st := s.store
	_, cmd := s.jobs.start(s.ctx, job{kind: jobSearch, keys: []string{q}}, func(ctx context.Context) tea.Msg {
		hits, err := st.Search(ctx, q, searchLimit)
		return searchResultMsg{query: q, hits: hits, err: err}
	})
	return cmd
}

// searchAnswered shows the hits of a search, or searches for the query
// typed since it started.
func (m *Model) searchAnswered(msg searchResultMsg) tea.Cmd {
	if msg.query != m.search.typed() {
		// Stale: the query changed while it ran. Search for the new one.
		return m.runSearch()
	}
	m.search.setResult(msg)
	return nil
}

// setResult shows the hits of a search, or why it failed.
func (s *librarySearch) setResult(msg searchResultMsg) {
	s.query = msg.query
	if msg.err != nil {
		s.err = model.CleanLine(msg.err.Error())
		s.hits = nil
		return
	}
	s.hits, s.sel, s.err = msg.hits, 0, ""
}

// openHit opens the selected hit: a new trail starts there.
func (m *Model) openHit() tea.Cmd {
	h, ok := m.search.selected()
	if !ok {
		return nil
	}
	if _, ok := m.s.lib.ByRef(h.Ref); !ok {
		m.note.text = "not in the library being read"
		return nil
	}
	m.search.blur()
	var save tea.Cmd
	if m.nav.searchFrom == screenArticle {
		save = m.savePosition()
	}
	m.history.Clear()
	p := model.Page{Ref: h.Ref, Focus: -1}
	m.history.Visit(p)
	m.nav.screen = screenArticle
	m.syncFocus()
	m.headlines.selectRef(h.Ref)
	return tea.Batch(save, m.showPage(p, true))
}

// snippetRune keeps a snippet's text on one line and drops control
// characters (the marks among them): spaces between pieces stay.
func snippetRune(r rune) rune {
	switch {
	case r == '\n' || r == '\t' || r == '\r':
		return ' '
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return -1
	}
	return r
}
