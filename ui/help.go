package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"bulletin/model"
)

// helpView shows the keys: one line of short help in the footer for the
// pane that has the keys, and every key on the help screen (?). Both are
// drawn by bubbles help from the key map.
type helpView struct {
	model help.Model
	st    *Styles
}

func newHelpView(st *Styles) helpView {
	h := helpView{model: help.New()}
	h.setStyles(st)
	return h
}

func (h *helpView) setStyles(st *Styles) {
	h.st = st
	h.model.Styles = st.Help.Model
}

// short is the footer line for a pane.
func (h helpView) short(k help.KeyMap, width int) string {
	h.model.SetWidth(max(1, width-2))
	return " " + h.model.ShortHelpView(k.ShortHelp())
}

// full is the help screen scrolled down offset lines (see helpLines).
func (h helpView) full(keys KeyMap, here helpKeys, width, height, offset int) string {
	lines := h.lines(keys, here, width)
	offset = max(0, min(offset, len(lines)-height))
	return strings.Join(lines[offset:], "\n")
}

// maxOffset is how far the help screen scrolls.
func (h helpView) maxOffset(keys KeyMap, here helpKeys, width, height int) int {
	return max(0, len(h.lines(keys, here, width))-height)
}

// lines are the lines of the help screen: a section per pane, each a
// bubbles full help, then the search syntax; here are the keys of the help
// screen itself, over the pane it was opened from.
func (h helpView) lines(keys KeyMap, here helpKeys, width int) []string {
	h.model.SetWidth(max(1, width-4))
	// Show the search keys, which are active only while a search is.
	shown := keys
	shown.setSearchActive(true)
	// n and N mean next unread too, when no search is.
	shown.NextUnread.SetEnabled(true)
	shown.PrevUnread.SetEnabled(true)
	shown.Close = keys.Close
	shown.Close.SetKeys("q", "esc")
	shown.Close.SetHelp("q/esc", "headlines")

	sections := []struct {
		title string
		keys  help.KeyMap
	}{
		{"Headlines", listKeys{k: shown}},
		{"Article", articleKeys{k: shown}},
		{"Feeds and links", webKeys{shown}},
		{"Feed pane", feedKeys{shown}},
		{"Library search", librarySearchKeys{shown}},
		{"This screen", helpKeys{k: shown, fromArticle: here.fromArticle, fromFeeds: here.fromFeeds}},
	}
	groups := make([][][]key.Binding, len(sections))
	for i, s := range sections {
		groups[i] = s.keys.FullHelp()
	}
	alignColumns(groups)
	var b strings.Builder
	for i, s := range sections {
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(h.st.Help.Heading.Render(s.title))
		b.WriteString("\n\n")
		b.WriteString(h.model.FullHelpView(groups[i]))
		if s.title == "Library search" {
			b.WriteString("\n\n")
			b.WriteString(h.st.Help.Heading.Render("Search syntax"))
			b.WriteString("\n\n")
			b.WriteString(h.st.Help.Model.FullDesc.Render(model.QuerySyntax))
		}
	}
	out := lipgloss.NewStyle().MaxWidth(width).Render(h.st.Help.Box.Render(b.String()))
	return strings.Split(out, "\n")
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
