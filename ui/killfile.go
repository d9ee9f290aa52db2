package ui

// Filters (killfiles) and saved searches. A filter rule's title, author,
// feed and tag are matched in memory as articles enter the library; its
// text, and a saved search, need the bodies, which the reader does not
// hold: the store's full-text index answers them (model.RefMatcher) at
// start and again each time the index has taken in what a refresh or a
// scan brought. Hidden articles stay in the library and the store; they
// are left out of the list and the unread counts, and H shows them.

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// SavedQuery is a [[queries]] entry: a library search the feed pane lists
// as a feed of its own.
type SavedQuery struct {
	Name, Query string
}

// killfile is the session's filters and saved searches with their
// matches.
type killfile struct {
	filters *model.Filters
	// hits are the refs each rule's text and author queries match in the
	// store; none until the store answered.
	hits model.FilterHits
	// queries are the saved searches; matches their refs, by query.
	queries []SavedQuery
	matches []map[string]bool
	// showHidden lists hidden articles too (H).
	showHidden bool
	// refs are the articles of the library the filters hide: the list
	// asks at every rebuild, and a look-up costs less than the rules.
	refs map[string]bool
	// again: the index changed while a matching ran.
	again bool
}

// matchMsg carries the refs the store found for the text rules and the
// saved searches.
type matchMsg struct {
	hits    model.FilterHits
	queries []map[string]bool
	err     error
}

// isHidden reports whether the filters hide the article of the library
// at ref.
func (k *killfile) isHidden(ref string) bool { return k.refs[ref] }

// hidden is how many articles of the library the filters hide.
func (k *killfile) hidden() int { return len(k.refs) }

// take counts an article entering the library, hidden or not; it reports
// whether it is hidden.
func (k *killfile) take(a *model.Article) bool {
	if !k.hides(a) {
		return false
	}
	if k.refs == nil {
		k.refs = map[string]bool{}
	}
	k.refs[a.Ref] = true
	return true
}

// drop uncounts an article leaving the library; it reports whether it was
// hidden.
func (k *killfile) drop(ref string) bool {
	if !k.refs[ref] {
		return false
	}
	delete(k.refs, ref)
	return true
}

// hides reports whether the filters hide a.
func (k *killfile) hides(a *model.Article) bool {
	return k.filters.Hides(a, k.hits.Hit)
}

// needsStore reports whether some matching needs the full-text index.
func (k *killfile) needsStore() bool {
	return len(k.queries) > 0 || k.filters.AsksStore()
}

// startMatch asks the store for the matches of the text rules and the
// saved searches; one under way runs again once it ends.
func (s *session) startMatch() tea.Cmd {
	rm, ok := s.store.(model.RefMatcher)
	if !ok || !s.kill.needsStore() {
		return nil
	}
	if s.jobs.busy("", jobMatch) {
		s.kill.again = true
		return nil
	}
	filters := s.kill.filters
	queries := make([]string, len(s.kill.queries))
	for i, q := range s.kill.queries {
		queries[i] = q.Query
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobMatch}, func(ctx context.Context) tea.Msg {
		var msg matchMsg
		msg.hits, msg.err = filters.AskStore(ctx, rm)
		if msg.err == nil {
			msg.queries, msg.err = model.MatchEach(ctx, rm.MatchRefs, queries)
		}
		return msg
	})
	return cmd
}

// takeMatch keeps the matches and counts anew what they hide.
func (s *session) takeMatch(msg matchMsg) tea.Cmd {
	if msg.err != nil {
		s.storeErr = "filters and saved searches: " + model.CleanLine(msg.err.Error())
	} else {
		s.kill.hits, s.kill.matches = msg.hits, msg.queries
		s.recount()
	}
	if s.kill.again {
		s.kill.again = false
		return s.startMatch()
	}
	return nil
}

// recount counts the library anew: what the filters hide changed.
func (s *session) recount() {
	t := newTally()
	s.kill.refs = nil
	for _, l := range s.lib.Articles() {
		// The filters read what the article was listed with; a listing
		// gives it back whole.
		a := l.Article()
		if !s.kill.take(&a) {
			t.add(a.Feed, s.read[a.Ref])
		}
	}
	*s.counts = *t
}

// queryUnread is how many articles the saved search i finds, and how many
// of them are unread, hidden ones left out.
func (s *session) queryCounts(i int) (total, unread int) {
	if i >= len(s.kill.matches) {
		return 0, 0
	}
	for ref := range s.kill.matches[i] {
		if _, ok := s.lib.ByRef(ref); !ok || s.kill.isHidden(ref) {
			continue
		}
		total++
		if !s.read[ref] {
			unread++
		}
	}
	return total, unread
}

// toggleHidden shows the hidden articles too, or hides them again.
func (m *Model) toggleHidden() tea.Cmd {
	k := &m.s.kill
	if k.filters.Len() == 0 {
		m.note = note{text: "no filters: [[filters]] in config.toml hide articles"}
		return nil
	}
	k.showHidden = !k.showHidden
	if k.showHidden {
		m.note = note{text: "showing " + plural(k.hidden(), "hidden article")}
	} else {
		m.note = note{text: "hiding " + plural(k.hidden(), "article") + " again"}
	}
	return m.refreshList()
}

// hiddenText is the status bar's word on the filters: "12 hidden".
func (s *session) hiddenText() string {
	switch {
	case s.kill.hidden() == 0:
		return ""
	case s.kill.showHidden:
		return withThousands(s.kill.hidden()) + " hidden shown"
	}
	return withThousands(s.kill.hidden()) + " hidden"
}

// matched reports whether the saved search i finds ref.
func (k *killfile) matched(i int, ref string) bool {
	return i < len(k.matches) && k.matches[i][ref]
}
