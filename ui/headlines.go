package ui

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	"charm.land/bubbles/v2/paginator"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// headline is one row of the list: the listed article itself, which the
// library never changes once added (a new version is a new article), so
// the filter, which runs in a command, may read it. What the row shows is
// made from it when drawn: only the rows on screen pay for it, and the
// list holds nothing per article beyond the library's own.
type headline struct {
	a *model.Listing
}

// FilterValue is what `/` matches against: the title as shown, folded to
// lower case (filterIndex matches it).
func (h headline) FilterValue() string { return foldTitle(h.title()) }

func (h headline) ref() string { return h.a.Ref }

// title is the title as shown.
func (h headline) title() string { return model.CleanLine(h.a.Title) }

// shortDate is the date as the list shows it: month, day and time in the
// current year, the full date before it; for an undated article the date
// text its source wrote (which could not be read), shortened, else
// "undated".
func shortDate(a *model.Listing, now time.Time) string {
	switch {
	case !a.HasDate() && a.DateText != "":
		return ansi.Truncate(model.CleanLine(a.DateText), maxDateText, "…")
	case !a.HasDate():
		return "undated"
	case a.Published().Year() == now.Year():
		return a.Published().Format("Jan _2 15:04")
	}
	return a.Published().Format("Jan _2, 2006")
}

// maxDateText bounds the unread date text a headline shows, so that the
// source still fits on the line.
const maxDateText = 24

// Rows of a headline: the title line and the meta line, then a blank one.
const (
	// maxDotted is the longest list paginated with dots.
	maxDotted = 100

	headlineHeight  = 2
	headlineSpacing = 1
	// listTop is the number of lines above the first headline: the title
	// (or the filter field) and a blank line.
	listTop = 2
)

// headlineDelegate draws a headline: a marker when selected, a read mark,
// the title (with filter matches highlighted), then the date, the source
// and a badge counting related stories.
type headlineDelegate struct {
	st *Styles
	// now decides how much of a date to show.
	now     func() time.Time
	read    map[string]bool
	starred map[string]bool
	focused bool
	// typing hides the selection while a filter is typed: Enter applies
	// the filter then, it does not open the selected headline.
	typing bool
	// found is the filter result the list shows, nil for none.
	found *filterResult
	// compact draws a headline on one line (compact.go).
	compact bool
}

func (d headlineDelegate) Height() int {
	if d.compact {
		return 1
	}
	return headlineHeight
}

func (d headlineDelegate) Spacing() int {
	if d.compact {
		return 0
	}
	return headlineSpacing
}
func (d headlineDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d headlineDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	h, ok := item.(headline)
	if !ok || m.Width() <= 0 {
		return
	}
	s := &d.st.List
	selected := index == m.Index() && !d.typing
	ref, full := h.ref(), h.title()
	read := d.read[ref]

	marker := "  "
	if selected {
		style := s.Marker
		if !d.focused {
			style = s.MarkerDimmed
		}
		marker = style.Render(d.st.Marker) + " "
	}
	mark := "  "
	switch {
	case d.starred[ref]:
		mark = s.StarMark.Render("★") + " "
	case read:
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
	if d.compact {
		d.renderCompact(w, h, marker, mark, titleStyle, width)
		return
	}
	title := ansi.Truncate(full, width, "…")
	if matches := d.found.positions(foldTitle(full)); len(matches) > 0 {
		if title != full {
			// Not the ellipsis that stands for the cut end.
			cut := utf8.RuneCountInString(title) - 1
			if k := slices.IndexFunc(matches, func(p int) bool { return p >= cut }); k >= 0 {
				matches = matches[:k]
			}
		}
		title = lipgloss.StyleRunes(title, matches, titleStyle.Inherit(s.Match), titleStyle)
	} else {
		title = titleStyle.Render(title)
	}

	related := h.a.RelatedCount()
	badge := strconv.Itoa(related) + " related"
	if d.st.NoColor {
		badge = "[" + badge + "]"
	}
	meta := ansi.Truncate(shortDate(h.a, d.now())+" · "+model.CleanLine(h.a.Source()), max(1, width-lipgloss.Width(badge)-3), "…")
	line2 := s.Meta.Render(meta)
	if related > 0 {
		line2 += s.Meta.Render(" · ") + s.Badge.Render(badge)
	}

	metaMarker := "  "
	if selected {
		metaMarker = marker
	}
	fmt.Fprintf(w, "%s%s%s\n%s  %s", marker, mark, title, metaMarker, line2)
}

// filterState is where the headline filter is.
type filterState int

const (
	filterOff     filterState = iota
	filterTyping              // the filter field has the keys
	filterApplied             // the list shows the matches; the keys move in it
)

// headlines is the headline list: a bubbles list with our delegate, key
// map and styles, under a title line that becomes the filter field. The
// filter is ours (filter.go): the list shows the matching rows as its
// items.
type headlines struct {
	list    list.Model
	now     func() time.Time
	keys    KeyMap
	st      *Styles
	read    map[string]bool
	starred map[string]bool
	focused bool
	loading bool
	compact bool
	// empty is what shows when there is nothing to list.
	empty string

	// all is every row, newest first; index filters them.
	all   []list.Item
	index *filterIndex
	input textinput.Model
	state filterState
	// found is the filter result shown, nil when the list shows all rows.
	found *filterResult
	// opened is the headline selected when the filter opened: Esc while
	// typing goes back to it.
	opened string
}

func newHeadlines(keys KeyMap, st *Styles, read, starred map[string]bool, now func() time.Time) headlines {
	l := list.New(nil, headlineDelegate{st: st, now: now, read: read, starred: starred, focused: true}, 0, 0)
	l.Title = "bulletin"
	l.KeyMap = keys.listKeyMap()
	l.DisableQuitKeybindings()
	l.SetShowHelp(false)
	l.SetShowTitle(false)
	l.SetShowStatusBar(false)
	l.SetFilteringEnabled(false)
	l.Styles = st.listStyles()
	in := textinput.New()
	in.Prompt = "Filter: "
	in.CharLimit = 200
	h := headlines{list: l, now: now, keys: keys, st: st, read: read, starred: starred, focused: true, loading: true, input: in}
	h.setStyles(st)
	return h
}

// update handles a message while the list has the keys: the filter keys,
// the keys typed into the filter, and the list's own keys.
func (h headlines) update(msg tea.Msg) (headlines, tea.Cmd) {
	if h.state == filterTyping {
		return h.updateFilter(msg)
	}
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, h.keys.Filter) && len(h.all) > 0:
			return h, h.startFilter()
		case key.Matches(msg, h.keys.ClearFilter) && h.state == filterApplied:
			h.clearFilter()
			return h, nil
		}
	}
	var cmd tea.Cmd
	h.list, cmd = h.list.Update(msg)
	return h, cmd
}

// startFilter gives the keys to the filter field, and builds the filter's
// index in a command, before the first key is typed.
func (h *headlines) startFilter() tea.Cmd {
	h.state = filterTyping
	h.opened = h.selectedRef()
	h.input.CursorEnd()
	h.syncDelegate()
	index := h.index
	return tea.Batch(h.input.Focus(), func() tea.Msg {
		index.build()
		return nil
	})
}

// updateFilter handles a message while the filter is typed.
func (h headlines) updateFilter(msg tea.Msg) (headlines, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(msg, h.keys.ApplyFilter):
			if h.input.Value() == "" || h.found == nil || len(h.found.items) == 0 {
				h.clearFilter()
				return h, nil
			}
			h.state = filterApplied
			h.input.Blur()
			h.syncDelegate()
			return h, nil
		case key.Matches(msg, h.keys.CancelFilter):
			h.clearFilter()
			h.selectRef(h.opened)
			return h, nil
		}
	}
	before := h.input.Value()
	var cmd tea.Cmd
	h.input, cmd = h.input.Update(msg)
	if h.input.Value() == before {
		return h, cmd
	}
	return h, tea.Batch(cmd, h.runFilter())
}

// runFilter filters the rows for the text in the field, in a command; an
// empty text shows every row at once.
func (h *headlines) runFilter() tea.Cmd {
	term, index, prev := h.input.Value(), h.index, h.found
	if term == "" || index == nil {
		h.show(nil)
		return nil
	}
	return func() tea.Msg { return index.filter(term, prev) }
}

// applyFilter shows a filter result if it is for the text in the field and
// the rows the list has now; filters run in commands and may finish out of
// order.
func (h headlines) applyFilter(r *filterResult) headlines {
	if h.state == filterOff || r.term != h.input.Value() || r.index != h.index {
		return h
	}
	h.show(r)
	return h
}

// show puts a filter result in the list (nil: every row): from its top
// while the filter is typed, keeping the selected headline once it is
// applied (the library grew).
func (h *headlines) show(r *filterResult) {
	keep := h.selectedRef()
	h.found = r
	if r == nil {
		h.list.SetItems(h.all)
	} else {
		h.list.SetItems(r.items)
	}
	h.setPaginator()
	h.list.Select(0)
	if h.state == filterApplied {
		h.selectRef(keep)
	}
	h.syncDelegate()
}

// clearFilter shows every row again, with the selected headline still
// selected.
func (h *headlines) clearFilter() {
	keep := h.selectedRef()
	h.state = filterOff
	h.input.Blur()
	h.input.SetValue("")
	h.found = nil
	h.list.SetItems(h.all)
	h.setPaginator()
	h.list.Select(0)
	h.selectRef(keep)
	h.syncDelegate()
}

// counts are the rows shown and all rows.
func (h headlines) counts() (shown, all int) { return len(h.list.Items()), len(h.all) }

// filtered reports whether the list shows a filter's matches.
func (h headlines) filtered() bool { return h.found != nil }

func (h *headlines) setSize(w, ht int) {
	h.list.SetSize(w, max(1, ht-listTop))
	h.input.SetWidth(max(1, w-1-lipgloss.Width(h.input.Prompt)-1))
}

func (h *headlines) setStyles(st *Styles) {
	h.st = st
	h.list.Styles = st.listStyles()
	h.input.SetStyles(st.List.Filter)
	h.syncDelegate()
}

func (h *headlines) setFocused(v bool) {
	if h.focused == v {
		return
	}
	h.focused = v
	h.syncDelegate()
}

// syncDelegate gives the list a delegate for the current state.
func (h *headlines) syncDelegate() {
	h.list.SetDelegate(headlineDelegate{
		st: h.st, now: h.now, read: h.read, starred: h.starred, focused: h.focused,
		typing: h.state == filterTyping, found: h.found, compact: h.compact,
	})
}

// filtering reports whether a filter is being typed: then every key belongs
// to the filter field.
func (h headlines) filtering() bool { return h.state == filterTyping }

// selected returns the selected headline.
func (h headlines) selected() (headline, bool) {
	it, ok := h.list.SelectedItem().(headline)
	return it, ok
}

// selectIndex selects the headline at index i of the list.
func (h *headlines) selectIndex(i int) { h.list.Select(i) }

// setLoading says whether the library is still being read.
func (h *headlines) setLoading(v bool) { h.loading = v }

// setEmpty sets what the list says when it shows nothing.
func (h *headlines) setEmpty(s string) { h.empty = s }

func (h headlines) selectedRef() string {
	if it, ok := h.selected(); ok {
		return it.ref()
	}
	return ""
}

// setItems replaces the rows, keeping the selected article selected once
// the reader has moved (or always, with keep); a selection still at the
// top stays at the top, as newer articles arrive above it while a folder
// loads. While a filter is on, the matches shown stay until the filter
// has run over the new rows.
func (h *headlines) setItems(items []list.Item, keep bool) tea.Cmd {
	h.all = items
	h.index = newFilterIndex(items)
	if h.state != filterOff && h.input.Value() != "" {
		return h.runFilter()
	}
	ref := h.selectedRef()
	top := h.list.Index() == 0 && !keep
	h.found = nil
	h.list.SetItems(items)
	h.setPaginator()
	h.syncDelegate()
	if top {
		h.list.Select(0)
	} else if ref != "" {
		h.selectRef(ref)
	}
	return nil
}

// setPaginator paginates with dots a short list, with page numbers a long
// one: the list measures its pagination on every update, and dots for
// every page of a long list cost time quadratic in the pages.
func (h *headlines) setPaginator() {
	h.list.Paginator.Type = paginator.Arabic
	if len(h.list.Items()) <= maxDotted {
		h.list.Paginator.Type = paginator.Dots
	}
}

// selectRef selects the article's row when it is in view (filtered in).
func (h *headlines) selectRef(ref string) {
	if ref == "" || h.selectedRef() == ref {
		return
	}
	if i := h.indexOf(ref); i >= 0 {
		h.list.Select(i)
	}
}

// itemAt returns the index (among the items shown) of the headline drawn
// at row y of the list, for mouse clicks.
func (h headlines) itemAt(y int) (int, bool) {
	y -= listTop
	if y < 0 {
		return 0, false
	}
	d := headlineDelegate{compact: h.compact}
	per := d.Height() + d.Spacing()
	if y%per >= d.Height() {
		return 0, false
	}
	row := y / per
	if row >= h.list.Paginator.PerPage {
		return 0, false
	}
	i := h.list.Paginator.Page*h.list.Paginator.PerPage + row
	if i >= len(h.list.Items()) {
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

// view is the title line (or the filter field), a blank line and the list.
func (h headlines) view() string {
	width := h.list.Width()
	var top string
	if h.state == filterOff {
		top = h.st.List.Title.Render(h.list.Title)
	} else {
		top = h.input.View()
	}
	top = " " + ansi.Truncate(top, max(1, width-1), "…")
	if len(h.list.Items()) == 0 {
		msg := h.empty
		switch {
		case len(h.all) > 0:
			msg = "No headline matches."
		case msg == "" && h.loading:
			msg = "Loading headlines…"
		case msg == "":
			msg = "No articles."
		}
		body := h.st.List.Empty.PaddingLeft(2).Render(ansi.Truncate(msg, max(1, width-2), "…"))
		return top + "\n\n" + body
	}
	return top + "\n\n" + h.list.View()
}
