package ui

import (
	"regexp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// helpView shows the keys: one line of short help in the footer for the
// pane that has the keys, and every key on the help screen (?). Both are
// drawn by bubbles help from the key map; the help screen scrolls in a
// bubbles viewport.
type helpView struct {
	model help.Model
	st    *Styles
	vp    viewport.Model
}

func newHelpView(st *Styles) helpView {
	h := helpView{model: help.New(), vp: viewport.New()}
	h.setStyles(st)
	return h
}

func (h *helpView) setStyles(st *Styles) {
	h.st = st
	h.model.Styles = st.Help.Model
}

// fill lays the help screen out for a window of width by height cells,
// keeping the scroll position where the new layout still has it.
func (h *helpView) fill(keys KeyMap, here helpKeys, width, height int) {
	h.vp.SetWidth(width)
	h.vp.SetHeight(height)
	h.vp.SetContentLines(h.lines(keys, here, width))
}

// view is the visible part of the help screen.
func (h helpView) view() string { return h.vp.View() }

// scroll moves the help screen for a key of the help screen; it reports
// whether msg was one.
func (h *helpView) scroll(keys KeyMap, msg tea.KeyPressMsg) bool {
	switch {
	case key.Matches(msg, keys.Up):
		h.vp.ScrollUp(1)
	case key.Matches(msg, keys.Down):
		h.vp.ScrollDown(1)
	case key.Matches(msg, keys.PageUp):
		h.vp.PageUp()
	case key.Matches(msg, keys.PageDown):
		h.vp.PageDown()
	case key.Matches(msg, keys.Top):
		h.vp.GotoTop()
	case key.Matches(msg, keys.Bottom):
		h.vp.GotoBottom()
	default:
		return false
	}
	return true
}

// wheel scrolls the help screen with the mouse wheel.
func (h *helpView) wheel(msg tea.MouseWheelMsg) {
	h.vp, _ = h.vp.Update(msg)
}

// short is the footer line for a pane. The help key (? help, or ?/esc
// close on the help screen) always stays: when the line is too short the
// hints before it go first, and an ellipsis stands where they were.
func (h helpView) short(k help.KeyMap, width int, keep ...key.Binding) string {
	return " " + fitShortHelp(h.model, k.ShortHelp(), max(1, width-2), keep)
}

// maxHelpColumns is the most columns the help screen lays a section in:
// more would spread one pane's keys over a line too wide to read.
const maxHelpColumns = 4

// helpSection is a titled part of the help screen: the keys of one pane
// or state, in reading order.
type helpSection struct {
	title string
	keys  []key.Binding
}

// helpSections are the sections of the help screen. Every binding of the
// key map is in one of them (TestHelpShowsEveryKey); here are the keys of
// the help screen itself, over the pane it was opened from.
func helpSections(keys KeyMap, here helpKeys) []helpSection {
	// Show the search keys, which are active only while a search is.
	shown := keys
	shown.setSearchActive(true)
	// n and N mean next unread too, when no search is.
	shown.NextUnread.SetEnabled(true)
	shown.PrevUnread.SetEnabled(true)
	shown.Close = keys.Close
	shown.Close.SetKeys("q", "esc")
	shown.Close.SetHelp("q/esc", "headlines")
	web := webKeys{shown}.FullHelp()
	web[len(web)-1] = append(web[len(web)-1], shown.Cancel)
	return []helpSection{
		{"Headlines", flatten(listKeys{k: shown}.FullHelp())},
		{"Typing a filter", flatten(filterKeys{shown}.FullHelp())},
		{"Article", flatten(articleKeys{k: shown}.FullHelp())},
		{"Typing a search", flatten(searchKeys{shown}.FullHelp())},
		{"Links of an article", flatten(linkListKeys{shown}.FullHelp())},
		{"Feeds and links", flatten(web)},
		{"Feed pane", flatten(feedKeys{shown}.FullHelp())},
		{"Library search", flatten(librarySearchKeys{shown}.FullHelp())},
		{"This screen", flatten(helpKeys{k: shown, fromArticle: here.fromArticle, fromFeeds: here.fromFeeds}.FullHelp())},
	}
}

func flatten(groups [][]key.Binding) []key.Binding {
	var out []key.Binding
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// lines are the lines of the help screen: a section per pane, each laid
// out in as many columns as fit width, then the search syntax.
func (h helpView) lines(keys KeyMap, here helpKeys, width int) []string {
	h.model.SetWidth(0) // the columns are chosen to fit: never cut
	inner := max(1, width-h.st.Help.Box.GetHorizontalFrameSize())
	sections := helpSections(keys, here)
	tables := h.fitColumns(sections, inner)
	var b strings.Builder
	for i, s := range sections {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(h.st.Help.Heading.Render(s.title))
		b.WriteString("\n\n")
		b.WriteString(tables[i])
		if s.title == "Library search" {
			b.WriteString("\n\n")
			b.WriteString(h.st.Help.Heading.Render("Search syntax"))
			b.WriteString("\n\n")
			b.WriteString(h.st.Help.Model.FullDesc.Render(wrapHanging(model.QuerySyntax, inner)))
		}
	}
	out := lipgloss.NewStyle().MaxWidth(width).Render(h.st.Help.Box.Render(b.String()))
	return strings.Split(out, "\n")
}

// fitColumns draws each section's keys as a table of the most columns
// (up to maxHelpColumns) whose widest table fits width. The columns of
// all sections line up where that fits too; where it does not, each
// section is aligned on its own, as more columns matter more. With one
// column, a line too long for the window is cut by the window.
func (h helpView) fitColumns(sections []helpSection, width int) []string {
	var tables []string
	for n := maxHelpColumns; n >= 1; n-- {
		for _, together := range []bool{true, false} {
			tables = h.tables(sections, n, together)
			if widest(tables) <= width {
				return tables
			}
		}
	}
	return tables
}

// tables draws each section's keys in n columns, aligned across the
// sections when together is set.
func (h helpView) tables(sections []helpSection, n int, together bool) []string {
	groups := make([][][]key.Binding, len(sections))
	for i, s := range sections {
		groups[i] = splitColumns(s.keys, n)
		if !together {
			alignColumns(groups[i : i+1])
		}
	}
	if together {
		alignColumns(groups)
	}
	tables := make([]string, len(groups))
	for i, g := range groups {
		tables[i] = h.model.FullHelpView(g)
	}
	return tables
}

// widest is the width of the widest of ss.
func widest(ss []string) int {
	w := 0
	for _, s := range ss {
		w = max(w, lipgloss.Width(s))
	}
	return w
}

// splitColumns cuts keys into at most n columns of equal length (the last
// may be shorter), read down each column then across.
func splitColumns(keys []key.Binding, n int) [][]key.Binding {
	rows := (len(keys) + n - 1) / n
	var out [][]key.Binding
	for len(keys) > 0 {
		k := min(rows, len(keys))
		out = append(out, keys[:k])
		keys = keys[k:]
	}
	return out
}

// alignColumns pads the help of the bindings so that the n-th column of
// every section has the same key and description widths: the sections of
// the help screen then line up as one table. The bindings are copies.
func alignColumns(sections [][][]key.Binding) {
	var keyW, descW []int
	for _, groups := range sections {
		for j, g := range groups {
			if j == len(keyW) {
				keyW, descW = append(keyW, 0), append(descW, 0)
			}
			for _, b := range g {
				if b.Enabled() {
					keyW[j] = max(keyW[j], lipgloss.Width(b.Help().Key))
					descW[j] = max(descW[j], lipgloss.Width(b.Help().Desc))
				}
			}
		}
	}
	pad := func(s string, w int) string { return s + strings.Repeat(" ", max(0, w-lipgloss.Width(s))) }
	for _, groups := range sections {
		for j, g := range groups {
			padded := make([]key.Binding, len(g))
			for k, b := range g {
				b.SetHelp(pad(b.Help().Key, keyW[j]), pad(b.Help().Desc, descW[j]))
				padded[k] = b
			}
			groups[j] = padded
		}
	}
}

// fitShortHelp draws bindings as one line of short help at most width
// cells wide. When they do not all fit, the hints that come last go first,
// but never one of keep, and an ellipsis stands where hints were dropped.
func fitShortHelp(m help.Model, bindings []key.Binding, width int, keep []key.Binding) string {
	m.SetWidth(0)
	if all := m.ShortHelpView(bindings); lipgloss.Width(all) <= width {
		return all
	}
	sep := m.Styles.ShortSeparator.Inline(true).Render(m.ShortSeparator)
	ellipsis := m.Styles.Ellipsis.Inline(true).Render(m.Ellipsis)
	sepW, ellW := lipgloss.Width(sep), lipgloss.Width(ellipsis)
	item := func(b key.Binding) string {
		return m.Styles.ShortKey.Inline(true).Render(b.Help().Key) + " " +
			m.Styles.ShortDesc.Inline(true).Render(b.Help().Desc)
	}
	var shown []key.Binding
	for _, b := range bindings {
		if b.Enabled() {
			shown = append(shown, b)
		}
	}
	// keptAfter[i] is the width the kept hints after the i-th take.
	keptAfter := make([]int, len(shown)+1)
	for i := len(shown) - 1; i >= 0; i-- {
		keptAfter[i] = keptAfter[i+1]
		if isKept(shown[i], keep) {
			keptAfter[i] += sepW + lipgloss.Width(item(shown[i]))
		}
	}
	var parts []string
	used, dropped := 0, false
	for i, b := range shown {
		s := item(b)
		w := lipgloss.Width(s)
		if len(parts) > 0 {
			w += sepW
		}
		switch {
		case isKept(b, keep):
		case dropped:
			continue
		case used+w+keptAfter[i+1]+sepW+ellW > width:
			dropped = true
			s, w = ellipsis, ellW
			if len(parts) > 0 {
				w += sepW
			}
		}
		parts = append(parts, s)
		used += w
	}
	return ansi.Truncate(strings.Join(parts, sep), width, "…")
}

// isKept reports whether b is one of keep, by its keys.
func isKept(b key.Binding, keep []key.Binding) bool {
	for _, k := range keep {
		if slices.Equal(b.Keys(), k.Keys()) {
			return true
		}
	}
	return false
}

// hangingColumn finds where the explanation of a line such as
// `"a phrase"    the words...` starts: after a run of two or more spaces.
var hangingColumn = regexp.MustCompile(`^\S.*?\s{2,}`)

// wrapHanging wraps each line of text to width cells, continuing an
// explanation under its own start rather than under the term it explains.
func wrapHanging(text string, width int) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		term, rest := "", l
		if loc := hangingColumn.FindStringIndex(l); loc != nil && width-ansi.StringWidth(l[:loc[1]]) >= 20 {
			term, rest = l[:loc[1]], l[loc[1]:]
		}
		indent := strings.Repeat(" ", ansi.StringWidth(term))
		wrapped := strings.Split(ansi.Wordwrap(rest, width-len(indent), ""), "\n")
		for j := range wrapped {
			if j == 0 {
				wrapped[j] = term + wrapped[j]
			} else {
				wrapped[j] = indent + wrapped[j]
			}
		}
		lines[i] = strings.Join(wrapped, "\n")
	}
	return strings.Join(lines, "\n")
}
