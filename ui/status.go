package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
)

const crumbSep = " › "

// breadcrumb fits a trail of titles into width cells: the oldest titles go
// first (an ellipsis stands for them), and a current title too long on its
// own loses its start.
func breadcrumb(titles []string, width int) []string {
	if len(titles) == 0 || width <= 0 {
		return nil
	}
	for start := range titles {
		parts := titles[start:]
		if start > 0 {
			parts = append([]string{"…"}, parts...)
		}
		if ansi.StringWidth(strings.Join(parts, crumbSep)) <= width {
			return parts
		}
	}
	return []string{truncateLeft(titles[len(titles)-1], width)}
}

// truncateLeft cuts s to width cells by dropping its start.
func truncateLeft(s string, width int) string {
	w := ansi.StringWidth(s)
	switch {
	case w <= width:
		return s
	case width <= 1:
		return ansi.Truncate("…", width, "")
	}
	return "…" + ansi.TruncateLeft(s, w-(width-1), "")
}

// statusView is the status bar: on the left the breadcrumb of the trail
// (or the library's counts, or the search field), on the right loading
// progress, scan errors, search matches and the scroll position.
func (m Model) statusView() string {
	s := &m.look.styles.Status
	width := m.width
	if m.confirmOpen.waiting() {
		// The question takes the whole bar: the next key answers it, so
		// nothing may push it out of sight.
		q := s.Error.Render(ansi.Truncate(m.confirmOpen.prompt, max(0, width-2), "…"))
		gap := max(0, width-2-lipgloss.Width(q))
		return ansi.Truncate(s.Bar.Render(" ")+q+s.Bar.Render(strings.Repeat(" ", gap+1)), width, "")
	}

	var right []string
	if m.s.loading {
		right = append(right, m.spinner.View()+s.Info.Render(fmt.Sprintf(" loading… %d", m.s.lib.Len())))
	}
	if p := m.refreshProgress(); p != "" {
		right = append(right, p)
	}
	if st := m.syncStatusView(); st != "" {
		right = append(right, st)
	}
	if url := m.s.fetching(); url != "" {
		right = append(right, m.spinner.View()+s.Info.Render(" fetching "+ansi.Truncate(model.CleanLine(url), max(10, width/3), "…")+" (esc cancels)"))
	}
	if m.s.refresh.summary != "" {
		style := s.Info
		if len(m.s.refresh.failed) > 0 {
			style = s.Error
		}
		right = append(right, style.Render(ansi.Truncate(m.s.refresh.summary, max(10, width/2), "…")))
	}
	if m.s.stats.Errors > 0 {
		n := fmt.Sprintf("%d unreadable", m.s.stats.Errors)
		right = append(right, s.Error.Render(n))
	}
	if note := m.s.indexingNote(); note != "" {
		right = append(right, s.Info.Render(note))
	}
	if m.s.storeErr != "" {
		right = append(right, s.Error.Render(ansi.Truncate(m.s.storeErr, max(10, width*2/3), "…")))
	}
	if offer := m.undo.status(); offer != "" && m.nav.screen != screenArticle {
		// In an article u lists its links: the offer waits for the list.
		right = append(right, s.Info.Render(ansi.Truncate(offer, max(10, width/2), "…")))
	}
	switch {
	case m.note.text != "" && m.note.err:
		// Errors name what failed (a URL): they get more room.
		right = append(right, s.Error.Render(ansi.Truncate(m.note.text, max(10, width*2/3), "…")))
	case m.note.text != "":
		right = append(right, s.Info.Render(ansi.Truncate(m.note.text, max(10, width*2/3), "…")))
	}
	// The help screen shows the library's counts: its keys are no place
	// in the trail.
	onArticle := m.nav.screen == screenArticle
	if onArticle && m.article.ref != "" {
		if info := m.article.searchInfo(); info != "" {
			right = append(right, s.Info.Render(ansi.Truncate(info, 30, "…")))
		}
		right = append(right, s.Info.Render(fmt.Sprintf("%3.f%%", m.article.scrollPercent()*100)))
	}
	rightView := strings.Join(right, s.Sep.Render(" · "))
	avail := max(0, width-2-lipgloss.Width(rightView)-2)

	var left string
	switch {
	case m.nav.screen == screenArticle && m.article.searching:
		left = ansi.Truncate(withPlaceholder(m.article.input, articleSearchHint, avail).View(), avail, "…")
	case onArticle:
		parts := breadcrumb(m.trailTitles(), avail)
		for i, p := range parts {
			if i > 0 {
				left += s.Sep.Render(crumbSep)
			}
			if i == len(parts)-1 {
				left += s.Current.Render(p)
			} else {
				left += s.Crumb.Render(p)
			}
		}
	default:
		text := m.s.counts.unreadText()
		if m.headlines.filtered() || m.view != viewAll || m.scope.set() {
			shown, _ := m.headlines.counts()
			text = m.s.counts.shownText(shown)
		}
		if m.view != viewAll {
			text = m.view.String() + " · " + text
		}
		if m.scope.set() {
			text = model.CleanLine(m.scope.String()) + " · " + text
		}
		style := s.Info
		if h := m.s.hiddenText(); h != "" {
			text += " · " + h
		}
		if m.s.firstErr != "" {
			text += " · cannot read " + m.s.firstErr
		}
		left = style.Render(ansi.Truncate(text, avail, "…"))
	}

	gap := max(1, width-2-lipgloss.Width(left)-lipgloss.Width(rightView))
	line := s.Bar.Render(" ") + left + s.Bar.Render(strings.Repeat(" ", gap)) + rightView + s.Bar.Render(" ")
	return ansi.Truncate(line, width, "")
}

// trailTitles are the titles of the pages on the trail, for the breadcrumb.
func (m Model) trailTitles() []string {
	trail := m.history.Trail()
	titles := make([]string, 0, len(trail))
	for _, p := range trail {
		title := p.Ref
		if a, ok := m.s.lib.ByRef(p.Ref); ok && a.Title != "" {
			title = a.Title
		}
		titles = append(titles, model.CleanLine(title))
	}
	if len(titles) == 0 && m.article.ref != "" {
		titles = append(titles, model.CleanLine(m.article.art.Title))
	}
	return titles
}

// plural is "1 article", "2 articles".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
