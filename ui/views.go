package ui

import (
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// listView is which headlines the list shows: all, the unread or the
// starred ones.
type listView int

const (
	viewAll listView = iota
	viewUnread
	viewStarred
)

func (v listView) String() string {
	switch v {
	case viewUnread:
		return "Unread"
	case viewStarred:
		return "Starred"
	}
	return "All"
}

// inView reports whether the list's view and scope (a feed or a tag) show
// the article.
func (m *Model) inView(a *model.Listing) bool {
	if !m.scope.holds(a) || !m.s.kill.showHidden && m.s.kill.isHidden(a.Ref) {
		return false
	}
	ref := a.Ref
	switch m.view {
	case viewUnread:
		return !m.s.isRead(ref)
	case viewStarred:
		return m.s.isStarred(ref)
	}
	return true
}

// cycleView moves to the next view: All, Unread, Starred, All.
func (m *Model) cycleView() tea.Cmd {
	m.view = (m.view + 1) % 3
	return m.refreshList()
}

// refreshView rebuilds the list after a mark changed, when the view
// depends on marks; the list has the keys (an article being read keeps its
// place in the list until it is closed).
func (m *Model) refreshView() tea.Cmd {
	if m.view == viewAll || m.nav.screen != screenList {
		return nil
	}
	return m.refreshList()
}
