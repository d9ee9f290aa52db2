package ui

// The compact list: one line a headline (marks, date, source, title), for
// those who scan many headlines at once. The two-line layout stays the
// default; compact_list in the configuration or the Compact key switches.

import (
	"fmt"
	"io"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

// compactSource is the width the source takes in a compact row, so that
// the titles start in one column.
const compactSource = 14

// compactDate is the width of a date as the list shows it ("Jan _2 15:04",
// "Jan _2, 2006").
const compactDate = 12

// renderCompact draws h on one line: marker, read or star mark, date,
// source and title; a read headline is dimmed like in two lines.
func (d headlineDelegate) renderCompact(w io.Writer, h headline, marker, mark string, titleStyle lipgloss.Style, width int) {
	s := &d.st.List
	date := ansi.Truncate(shortDate(h.a, d.now()), compactDate, "…")
	date += strings.Repeat(" ", max(0, compactDate-ansi.StringWidth(date)))
	source := ansi.Truncate(model.CleanLine(h.a.Source()), compactSource, "…")
	source += strings.Repeat(" ", max(0, compactSource-ansi.StringWidth(source)))
	titleWidth := max(1, width-compactDate-compactSource-2)
	title := titleStyle.Render(ansi.Truncate(h.title(), titleWidth, "…"))
	line := s.Meta.Render(date+" "+source) + " " + title
	fmt.Fprintf(w, "%s%s%s", marker, mark, line)
}

// withCompact starts the list compact or not.
func (h headlines) withCompact(compact bool) headlines {
	h.setCompact(compact)
	return h
}

// setCompact switches the list between one line and two a headline.
func (h *headlines) setCompact(compact bool) {
	h.compact = compact
	// The page dots and the blank line above them would take the room of
	// two headlines; the status bar counts the list anyway.
	h.list.SetShowPagination(!compact)
	h.syncDelegate()
}
