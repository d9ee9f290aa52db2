package ui

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// headline is one row of the list. It copies what it shows from the
// article, so the list's filter, which runs in a command, never reads the
// library.
type headline struct {
	ref     string
	title   string
	source  string
	date    string
	related int
}

// FilterValue is what `/` matches against: the title, as shown.
func (h headline) FilterValue() string { return h.title }

// newHeadline makes the row for an article; now decides how much of the date
// to show.
func newHeadline(a *model.Article, now time.Time) headline {
	return headline{
		ref:     a.Ref,
		title:   model.CleanLine(a.Title),
		source:  model.CleanLine(a.Source),
		date:    shortDate(a, now),
		related: a.RelatedCount,
	}
}

// shortDate is the date as the list shows it: month, day and time in the
// current year, the full date before it.
func shortDate(a *model.Article, now time.Time) string {
	switch {
	case !a.HasDate:
		return "undated"
	case a.Published.Year() == now.Year():
		return a.Published.Format("Jan _2 15:04")
	}
	return a.Published.Format("Jan _2, 2006")
}

// Rows of a headline: the title line and the meta line, then a blank one.
const (
	// maxDotted is the longest list paginated with dots.
	maxDotted = 100

	headlineHeight  = 2
	headlineSpacing = 1
	// listTop is the number of lines above the first headline: the title
	// bar (or filter field) and the list's status line.
	listTop = 2
)

// headlineDelegate draws a headline: a marker when selected, a read mark,
// the title (with filter matches highlighted), then the date, the source
// and a badge counting related stories.
type headlineDelegate struct {
	st      *Styles
	read    map[string]bool
	focused bool
}

func (d headlineDelegate) Height() int                         { return headlineHeight }
func (d headlineDelegate) Spacing() int                        { return headlineSpacing }
func (d headlineDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d headlineDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	h, ok := item.(headline)
	if !ok || m.Width() <= 0 {
		return
	}
	s := &d.st.List
	selected := index == m.Index() && m.FilterState() != list.Filtering
	read := d.read[h.ref]

	marker := "  "
	if selected {
		style := s.Marker
		if !d.focused {
			style = s.MarkerDimmed
		}
		marker = style.Render(d.st.Marker) + " "
	}
	mark := "  "
	if read {
		mark = s.ReadMark.Render("✓") + " "
	}

	titleStyle := s.Title1
	switch {
	case selected && d.focused:
		titleStyle = s.TitleSel
	case read:
		titleStyle = s.TitleRead
	}
	width := max(1, m.Width()-4)
	title := ansi.Truncate(h.title, width, "…")
	if m.FilterState() != list.Unfiltered {
		if matches := m.MatchesForItem(index); len(matches) > 0 {
			title = lipgloss.StyleRunes(title, matches, titleStyle.Inherit(s.Match), titleStyle)
		} else {
			title = titleStyle.Render(title)
		}
	} else {
		title = titleStyle.Render(title)
	}

	badge := strconv.Itoa(h.related) + " related"
	if d.st.NoColor {
		badge = "[" + badge + "]"
	}
	meta := ansi.Truncate(h.date+" · "+h.source, max(1, width-lipgloss.Width(badge)-3), "…")
	line2 := s.Meta.Render(meta)
	if h.related > 0 {
		line2 += s.Meta.Render(" · ") + s.Badge.Render(badge)
	}

	metaMarker := "  "
	if selected {
		metaMarker = marker
	}
	fmt.Fprintf(w, "%s%s%s\n%s  %s", marker, mark, title, metaMarker, line2)
}

// headlines is the headline list: a bubbles list with our delegate, key map
// and styles.
type headlines struct {
	list    list.Model
	st      *Styles
	read    map[string]bool
	focused bool
	loading bool
	// empty is what shows when there is nothing to list.
	empty string
}

func newHeadlines(keys KeyMap, st *Styles, read map[string]bool) headlines {
	d := headlineDelegate{st: st, read: read, focused: true}
	l := list.New(nil, d, 0, 0)
	l.Title = "bulletin"
	l.KeyMap = keys.listKeyMap()
	l.DisableQuitKeybindings()
	l.SetShowHelp(false)
	l.SetStatusBarItemName("headline", "headlines")
	l.FilterInput.Prompt = "Filter: "
	l.Styles = st.listStyles()
	l.FilterInput.SetStyles(st.List.Filter)
	return headlines{list: l, st: st, read: read, focused: true, loading: true}
}

// update hands a message to the list.
func (h headlines) update(msg tea.Msg) (headlines, tea.Cmd) {
	var cmd tea.Cmd
	h.list, cmd = h.list.Update(msg)
	return h, tagFilter(h.list.FilterValue(), cmd)
}

// filterResult is the list's filter output with the filter text it was
// computed for. Filters run in commands and may finish out of order: a
// result for text no longer typed is dropped.
type filterResult struct {
	term string
	msg  list.FilterMatchesMsg
}

// tagFilter tags the filter results cmd leads to with term.
func tagFilter(term string, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			out := make(tea.BatchMsg, len(msg))
			for i, c := range msg {
				out[i] = tagFilter(term, c)
			}
			return out
		case list.FilterMatchesMsg:
			return filterResult{term: term, msg: msg}
		default:
			return msg
		}
	}
}

// applyFilter hands a filter result to the list if it is for the text in
// the filter now.
func (h headlines) applyFilter(r filterResult) (headlines, tea.Cmd) {
	if r.term != h.list.FilterValue() {
		return h, nil
	}
	return h.update(r.msg)
}

func (h *headlines) setSize(w, ht int) { h.list.SetSize(w, ht) }

func (h *headlines) setStyles(st *Styles) {
	h.st = st
	h.list.Styles = st.listStyles()
	h.list.FilterInput.SetStyles(st.List.Filter)
	h.list.SetDelegate(headlineDelegate{st: st, read: h.read, focused: h.focused})
}

func (h *headlines) setFocused(v bool) {
	if h.focused == v {
		return
	}
	h.focused = v
	h.list.SetDelegate(headlineDelegate{st: h.st, read: h.read, focused: v})
}

// filtering reports whether a filter is being typed: then every key belongs
// to the list.
func (h headlines) filtering() bool { return h.list.FilterState() == list.Filtering }

// selected returns the selected headline.
func (h headlines) selected() (headline, bool) {
	it, ok := h.list.SelectedItem().(headline)
	return it, ok
}

func (h headlines) selectedRef() string {
	if it, ok := h.selected(); ok {
		return it.ref
	}
	return ""
}

// setItems replaces the rows, keeping the selected article selected once
// the reader has moved; a selection still at the top stays at the top, as
// newer articles arrive above it while a folder loads.
func (h *headlines) setItems(items []list.Item) tea.Cmd {
	keep := h.selectedRef()
	top := h.list.Index() == 0
	// The list measures its pagination on every update: dots for every page
	// of a long list cost time quadratic in the pages. Page numbers then.
	h.list.Paginator.Type = paginator.Arabic
	if len(items) <= maxDotted {
		h.list.Paginator.Type = paginator.Dots
	}
	cmd := tagFilter(h.list.FilterValue(), h.list.SetItems(items))
	if h.list.FilterState() == list.Unfiltered {
		if top {
			h.list.Select(0)
		} else if keep != "" {
			h.selectRef(keep)
		}
	}
	return cmd
}

// selectRef selects the article's row when it is in view (filtered in).
func (h *headlines) selectRef(ref string) {
	if h.selectedRef() == ref {
		return
	}
	for i, it := range h.list.VisibleItems() {
		if it.(headline).ref == ref {
			h.list.Select(i)
			return
		}
	}
}

// itemAt returns the index (among the visible items) of the headline drawn
// at row y of the list, for mouse clicks.
func (h headlines) itemAt(y int) (int, bool) {
	y -= listTop
	if y < 0 {
		return 0, false
	}
	per := headlineHeight + headlineSpacing
	if y%per >= headlineHeight {
		return 0, false
	}
	row := y / per
	if row >= h.list.Paginator.PerPage {
		return 0, false
	}
	i := h.list.Paginator.Page*h.list.Paginator.PerPage + row
	if i >= len(h.list.VisibleItems()) {
		return 0, false
	}
	return i, true
}

// scroll moves the selection by n rows (the mouse wheel).
func (h *headlines) scroll(n int) {
	for ; n > 0; n-- {
		h.list.CursorDown()
	}
	for ; n < 0; n++ {
		h.list.CursorUp()
	}
}

func (h headlines) view() string {
	if len(h.list.Items()) == 0 {
		width := h.list.Width()
		title := lipgloss.NewStyle().PaddingLeft(1).Render(h.st.List.Title.Render(h.list.Title))
		msg := h.empty
		if msg == "" {
			msg = "No articles."
			if h.loading {
				msg = "Loading headlines…"
			}
		}
		body := h.st.List.Empty.PaddingLeft(2).Render(ansi.Truncate(msg, max(1, width-2), "…"))
		return lipgloss.NewStyle().Width(width).Height(h.list.Height()).MaxHeight(h.list.Height()).
			Render(strings.Join([]string{title, "", body}, "\n"))
	}
	return h.list.View()
}
