package ui

// The reading flow: n and N to the next and previous unread headline, J
// and K through the list from inside an article, and A and C to mark many
// articles read at once, with u to undo that for a few seconds.
//
// Moving from an article to another of the list (n, N, J, K) is opening
// that headline from the list: the trail starts afresh there, so Back
// returns to the list rather than through every article passed, and Esc
// returns to the list with the cursor on the article the reader ended on.

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// undoFor is how long u undoes a mark of many articles.
const undoFor = 8 * time.Second

// markUndo is the mark of many articles: the one u can still undo, and
// one pressed too early, waiting for the stored marks.
type markUndo struct {
	// seq numbers the offers, so that the expiry of an older one does not
	// end a newer one.
	seq int
	// prior are the articles the mark changed, with their read state
	// before it (unread).
	prior []model.ReadMark
	live  bool
	// text says what was marked, for the status bar.
	text string
	// after makes the command that ends the offer; nil is tea.Tick. Tests
	// replace it, to end the offer when they choose.
	after func(time.Duration, tea.Msg) tea.Cmd
	// waiting is a mark of many pressed before the stored marks were
	// known: it is made when they are, on the articles it was pressed on.
	waiting *waitingMark
}

const waitingNote = "marking read once the read marks are loaded…"

// waitingMark is a mark of many articles waiting for the stored marks.
type waitingMark struct {
	refs  []string
	where string
}

// undoExpiredMsg ends the undo offer seq, if it is still the current one.
type undoExpiredMsg struct{ seq int }

// offer makes prior undoable for undoFor, and returns the command that ends
// the offer.
func (u *markUndo) offer(prior []model.ReadMark, text string) tea.Cmd {
	u.seq++
	u.prior, u.live, u.text = prior, true, text
	msg := undoExpiredMsg{seq: u.seq}
	if u.after != nil {
		return u.after(undoFor, msg)
	}
	return tea.Tick(undoFor, func(time.Time) tea.Msg { return msg })
}

// expire ends the offer msg was made for; a stale message does nothing.
func (u *markUndo) expire(msg undoExpiredMsg) {
	if msg.seq == u.seq {
		u.drop()
	}
}

func (u *markUndo) drop() { u.prior, u.live, u.text = nil, false, "" }

// markWaiting makes the mark of many pressed before the stored marks were
// known, now that they are.
func (m *Model) markWaiting() tea.Cmd {
	w := m.undo.waiting
	if w == nil {
		return nil
	}
	m.undo.waiting = nil
	if m.note.text == waitingNote {
		m.note.text = ""
	}
	return m.markManyRead(w.refs, w.where)
}

// status is the offer as the status bar shows it, "" when there is none.
func (u markUndo) status() string {
	if !u.live {
		return ""
	}
	return u.text + " — u to undo"
}

// flowListKey handles the reading-flow keys in the headline list; it
// reports whether msg was one.
func (m *Model) flowListKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	// The list has no search: n and N are always next and previous unread
	// here, whatever an article left in the key map.
	k := m.keys
	k.setSearchActive(false)
	switch {
	case key.Matches(msg, k.NextUnread):
		m.selectUnread(1)
		return m.preview(), true
	case key.Matches(msg, k.PrevUnread):
		m.selectUnread(-1)
		return m.preview(), true
	case key.Matches(msg, k.MarkFeedRead):
		refs, where := m.feedRefs()
		return m.markManyRead(refs, where), true
	case key.Matches(msg, k.MarkAllRead):
		return m.markManyRead(m.headlines.shownRefs(), ""), true
	case key.Matches(msg, k.Undo):
		return m.undoMarks(), true
	}
	return nil, false
}

// flowArticleKey handles the reading-flow keys in an article; it reports
// whether msg was one. While the article has a search, n and N are the
// search's (setSearchActive turns next and previous unread off). u is not
// one of them here: in an article it lists the links (links.go), and the
// marks it would undo are made in the list.
func (m *Model) flowArticleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.NextUnread):
		return m.openUnread(1), true
	case key.Matches(msg, k.PrevUnread):
		return m.openUnread(-1), true
	case key.Matches(msg, k.NextArticle):
		return m.openNeighbour(1), true
	case key.Matches(msg, k.PrevArticle):
		return m.openNeighbour(-1), true
	}
	return nil, false
}

// direction names a way through the list for the status bar.
func direction(d int) string {
	if d > 0 {
		return "below"
	}
	return "above"
}

// selectUnread moves the list's cursor to the next (d = 1) or previous
// (d = -1) unread headline. It does not wrap: at the last one it says so.
func (m *Model) selectUnread(d int) {
	i := m.headlines.unreadFrom(m.headlines.list.Index(), d, m.s.read)
	if i < 0 {
		m.note.text = "no more unread " + direction(d)
		return
	}
	m.headlines.selectIndex(i)
}

// listPlace is where the article on screen is in the list: its row, or the
// row selected when it is not in the list (a related story followed).
func (m *Model) listPlace() int {
	if i := m.headlines.indexOf(m.article.ref); i >= 0 {
		return i
	}
	return m.headlines.list.Index()
}

// openUnread opens the next (d = 1) or previous (d = -1) unread article of
// the list from an article.
func (m *Model) openUnread(d int) tea.Cmd {
	i := m.headlines.unreadFrom(m.listPlace(), d, m.s.read)
	if i < 0 {
		m.note.text = "no more unread " + direction(d)
		return nil
	}
	return m.openRow(i)
}

// openNeighbour opens the article after (d = 1) or before (d = -1) the one
// on screen in the list, read or not.
func (m *Model) openNeighbour(d int) tea.Cmd {
	i := m.listPlace() + d
	if i < 0 || i >= len(m.headlines.list.Items()) {
		m.note.text = "no more articles " + direction(d)
		return nil
	}
	return m.openRow(i)
}

// openRow leaves the article on screen, keeping its place, and opens row i
// of the list as Enter there would: a new trail.
func (m *Model) openRow(i int) tea.Cmd {
	m.history.Update(m.article.page())
	save := m.savePosition()
	m.headlines.selectIndex(i)
	return tea.Batch(save, m.openSelected())
}

// feedRefs are the articles A marks read, and where they are for the
// status bar: the filter's matches while a filter is applied; else the
// feed or tag the list shows; else the feed or folder of the selected
// headline. A feed or folder counts all its articles, those the view
// (unread, starred) hides too.
func (m *Model) feedRefs() ([]string, string) {
	if m.headlines.filtered() {
		return m.headlines.shownRefs(), "in the filtered list"
	}
	if m.scope.set() {
		return m.libraryRefs(m.scope.holds), "in " + model.CleanLine(m.scope.String())
	}
	sel, ok := m.s.lib.ByRef(m.headlines.selectedRef())
	if !ok {
		return nil, ""
	}
	if feed := sel.Feed(); feed != "" {
		return m.libraryRefs(func(a *model.Listing) bool { return a.Feed() == feed }), "in feed " + model.CleanLine(sel.Source())
	}
	src := sel.Source()
	return m.libraryRefs(func(a *model.Listing) bool { return a.Feed() == "" && a.Source() == src }), "in " + model.CleanLine(src)
}

// libraryRefs are the refs of the library's articles that in holds.
func (m *Model) libraryRefs(in func(*model.Listing) bool) []string {
	var refs []string
	for _, a := range m.s.lib.Articles() {
		if in(a) {
			refs = append(refs, a.Ref)
		}
	}
	return refs
}

// markManyRead marks the unread ones of refs read, stores the marks in one
// batch, and offers to undo it.
func (m *Model) markManyRead(refs []string, where string) tea.Cmd {
	if m.s.store != nil && !m.s.statesKnown {
		// Which are read is not known yet: an undo could not restore
		// them, so the mark waits for them (a moment, on a warm start).
		m.undo.waiting = &waitingMark{refs: refs, where: where}
		m.note.text = waitingNote
		return nil
	}
	var prior, marks []model.ReadMark
	for _, ref := range refs {
		if !m.s.read[ref] {
			prior = append(prior, model.ReadMark{Ref: ref})
			marks = append(marks, model.ReadMark{Ref: ref, Read: true})
		}
	}
	if len(marks) == 0 {
		m.note.text = joinWhere("nothing unread", where)
		return nil
	}
	save := m.setReads(marks)
	expire := m.undo.offer(prior, joinWhere(fmt.Sprintf("marked %d read", len(marks)), where))
	return tea.Batch(save, expire, m.refreshView())
}

func joinWhere(text, where string) string {
	if where == "" {
		return text
	}
	return text + " " + where
}

// undoMarks restores the read state the last mark of many changed, while
// it is offered. An article marked again since (m) keeps its new mark.
func (m *Model) undoMarks() tea.Cmd {
	if !m.undo.live {
		return nil
	}
	var back []model.ReadMark
	for _, p := range m.undo.prior {
		if m.s.read[p.Ref] {
			back = append(back, p)
		}
	}
	m.undo.drop()
	m.note.text = fmt.Sprintf("%s unread again", plural(len(back), "article"))
	return tea.Batch(m.setReads(back), m.refreshView())
}

// setReads sets many read marks, on screen and in the store in one batch.
func (m *Model) setReads(marks []model.ReadMark) tea.Cmd {
	for _, mk := range marks {
		m.s.markRead(mk.Ref, mk.Read)
		if mk.Ref == m.article.ref {
			m.article.setRead(mk.Read)
		}
	}
	if len(marks) == 0 {
		return nil
	}
	return m.s.write(model.Change{Kind: model.ChangeReads, Marks: marks})
}

// shownRefs are the refs of the rows the list shows.
func (h headlines) shownRefs() []string {
	items := h.list.Items()
	refs := make([]string, 0, len(items))
	for _, it := range items {
		refs = append(refs, it.(headline).ref())
	}
	return refs
}

// indexOf is the row of ref among the rows shown, -1 when not shown.
func (h headlines) indexOf(ref string) int {
	if ref == "" {
		return -1
	}
	for i, it := range h.list.Items() {
		if it.(headline).ref() == ref {
			return i
		}
	}
	return -1
}

// unreadFrom is the first unread row after row from, going d (1 or -1),
// or -1 when there is none.
func (h headlines) unreadFrom(from, d int, read map[string]bool) int {
	items := h.list.Items()
	for i := from + d; i >= 0 && i < len(items); i += d {
		if !read[items[i].(headline).ref()] {
			return i
		}
	}
	return -1
}
