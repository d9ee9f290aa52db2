package ui

// The list of an article's links (u): every link of its body, then every
// file it carries, numbered, each with its address, over the article.
// j and k move, enter opens as in the article, o opens in the browser, y
// copies the address, esc closes.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// linkItem is one row of the list: a body link, or a file (file >= 0).
type linkItem struct {
	text, url string
	file      int
}

// linkList is the list of an article's links; open while it has the keys.
type linkList struct {
	open  bool
	ref   string
	items []linkItem
	sel   int
}

// linkItems are the links of the article on screen, in reading order,
// then its files.
func linkItems(a article) []linkItem {
	var items []linkItem
	for _, l := range a.shownBodyLinks() {
		items = append(items, linkItem{text: l.text, url: l.url, file: -1})
	}
	for i, e := range a.shownFiles() {
		items = append(items, linkItem{text: e.Describe(), url: e.URL, file: i})
	}
	return items
}

// selected is the selected row.
func (l linkList) selected() (linkItem, bool) {
	if l.sel < 0 || l.sel >= len(l.items) {
		return linkItem{}, false
	}
	return l.items[l.sel], true
}

// move moves the selection by d rows, stopping at either end.
func (l *linkList) move(d int) {
	l.sel = max(0, min(len(l.items)-1, l.sel+d))
}

// linkRowHeight is the lines a row takes: its text, then its address.
const linkRowHeight = 2

// view draws the list in w by h cells, a page of rows at a time.
func (l linkList) view(st *Styles, w, h int) string {
	s := &st.Article
	lines := []string{"", "  " + s.Heading.Render(fmt.Sprintf("Links in this article (%d)", len(l.items))), ""}
	perPage := max(1, (h-len(lines))/linkRowHeight)
	first := l.sel - l.sel%perPage
	tw := max(1, w-8)
	for i := first; i < len(l.items) && i < first+perPage; i++ {
		it := l.items[i]
		num := fmt.Sprintf("%2d. ", i+1)
		text := ansi.Truncate(model.CleanLine(it.text), tw, "…")
		addr := "    " + s.Note.Render(ansi.Truncate(model.CleanLine(it.url), tw, "…"))
		if i == l.sel {
			lines = append(lines, st.List.Marker.Render(st.Marker)+" "+s.Focused.Render(num+text+strings.Repeat(" ", max(0, tw-ansi.StringWidth(text)))), "  "+addr)
			continue
		}
		lines = append(lines, "  "+s.Number.Render(num)+s.Link.Render(text), "  "+addr)
	}
	if len(l.items) == 0 {
		lines = append(lines, "  "+s.Message.Render("This article has no links."))
	}
	return box(strings.Join(lines, "\n"), w, h)
}

// openLinkList shows the list of the article's links.
func (m *Model) openLinkList() tea.Cmd {
	if !m.article.complete() {
		m.note.text = "the article is still loading"
		return nil
	}
	items := linkItems(m.article)
	if len(items) == 0 {
		m.note.text = "this article has no links"
		return nil
	}
	m.linkList = linkList{open: true, ref: m.article.ref, items: items}
	return nil
}

// linkListKey handles a key while the list of links is open.
func (m Model) linkListKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	l := &m.linkList
	it, ok := l.selected()
	switch {
	case key.Matches(msg, k.CloseLinks):
		l.open = false
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.Top):
		l.move(-len(l.items))
	case key.Matches(msg, k.Bottom):
		l.move(len(l.items))
	case key.Matches(msg, k.OpenLink) && ok:
		l.open = false
		if it.file >= 0 {
			return m, m.openFile(it.file)
		}
		return m, m.openAddress(it.url)
	case key.Matches(msg, k.OpenWeb) && ok:
		return m, m.open(it.url)
	case key.Matches(msg, k.CopyLink) && ok:
		m.note.text = "copied " + model.CleanLine(it.url)
		return m, copyCmd(it.url)
	}
	return m, nil
}

// articlePane is the article, or the list of its links over it.
func (m Model) articlePane() string {
	if m.linkList.open && m.linkList.ref == m.article.ref {
		return m.linkList.view(m.look.styles, m.articleWidth(), m.mainHeight())
	}
	return m.article.view()
}
