package ui

// The library store: read state, stars and reading positions that last.
// Reads of the store run in jobs; every change goes through the session's
// ordered writer, and a failed write shows its one-line error in the
// status bar while reading goes on (the writer keeps it and tries again).

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// statesMsg carries the remembered states of the library, read at start.
type statesMsg struct {
	states map[string]model.State
	err    error
}

// storeDoneMsg reports how the writes stand after one was tried.
type storeDoneMsg struct{ status model.WriteStatus }

// loadStates reads the remembered states.
func (s *session) loadStates() tea.Cmd {
	if s.store == nil {
		return nil
	}
	st := s.store
	_, cmd := s.jobs.start(s.ctx, job{kind: jobStates}, func(ctx context.Context) tea.Msg {
		states, err := st.States(ctx)
		return statesMsg{states: states, err: err}
	})
	return cmd
}

// takeStates merges the remembered states into the marks. A mark made
// since the reader started wins; positions stored while the states were
// read are newer than what was read.
func (s *session) takeStates(msg statesMsg) bool {
	if msg.err != nil {
		s.storeErr = model.CleanLine(msg.err.Error())
		return false
	}
	s.mergeStates(msg.states)
	s.statesKnown = true
	return true
}

// mergeStates adds remembered states to the marks; a mark made since the
// reader started wins.
func (s *session) mergeStates(states map[string]model.State) {
	for ref, st := range states {
		if _, ok := s.read[ref]; !ok && st.Read {
			s.markRead(ref, true)
		}
		if _, ok := s.starred[ref]; !ok && st.Starred {
			s.starred[ref] = true
		}
		if _, ok := s.positions[ref]; !ok {
			s.positions[ref] = st.Position
		}
	}
}

// takeWriteStatus shows how the writes stand.
func (s *session) takeWriteStatus(st model.WriteStatus) {
	s.pendingWrites = st.Pending
	switch {
	case st.Err != nil && st.Pending > 0:
		s.storeErr = fmt.Sprintf("%s (%s waiting, kept for a retry)", model.CleanLine(st.Err.Error()), plural(st.Pending, "change"))
	case st.Err != nil:
		s.storeErr = model.CleanLine(st.Err.Error())
	default:
		s.storeErr = ""
	}
}

// savePosition saves the reading position of the article on screen, as
// the reader leaves it.
func (m *Model) savePosition() tea.Cmd {
	p := m.article.page()
	if p.Ref == "" || !m.article.loaded {
		return nil
	}
	return m.s.setPosition(p.Ref, p.Offset)
}

// finish records where the reader is, on the way out, so that every way of
// quitting keeps the reading position.
func (m *Model) finish() {
	if m.nav.screen == screenArticle || (m.nav.screen == screenHelp && m.nav.helpFrom == screenArticle) {
		m.history.Update(m.article.page())
		m.savePosition()
	}
}

// maxSimilar is how many "more like this" stories an article lists.
const maxSimilar = 5

// similarMsg carries the "more like this" stories of an article.
type similarMsg struct {
	ref  string
	hits []model.Hit
	err  error
}

// requestSimilar gives the article on screen its "more like this" stories:
// from the cache at once, or from a job (one at a time per article).
func (m *Model) requestSimilar() tea.Cmd {
	links, ok, cmd := m.s.similarTo(m.article.ref)
	if ok {
		m.article.setSimilar(links)
	}
	return cmd
}

// similarTo returns the "more like this" stories of ref from the cache,
// or the job that finds them (nil without a store, or when one is under
// way).
func (s *session) similarTo(ref string) ([]render.Link, bool, tea.Cmd) {
	if s.store == nil || ref == "" {
		return nil, false, nil
	}
	if links, ok := s.similar[ref]; ok {
		return links, true, nil
	}
	if s.jobs.busy(ref, jobSimilar) {
		return nil, false, nil
	}
	st, wait := s.store, s.frameWait
	_, cmd := s.jobs.start(s.ctx, job{kind: jobSimilar, keys: []string{ref}}, func(ctx context.Context) tea.Msg {
		if !afterFrame(ctx, wait) {
			return similarMsg{ref: ref, err: ctx.Err()}
		}
		// More than are shown: those among the related stories are left out.
		hits, err := st.Similar(ctx, ref, maxSimilar+maxFollow)
		return similarMsg{ref: ref, hits: hits, err: err}
	})
	return nil, false, cmd
}

// takeSimilar caches the "more like this" stories of an article.
func (s *session) takeSimilar(msg similarMsg) ([]render.Link, bool) {
	if msg.err != nil {
		s.storeErr = model.CleanLine(msg.err.Error())
		return nil, false
	}
	links := make([]render.Link, 0, len(msg.hits))
	for _, h := range msg.hits {
		if h.Ref == msg.ref {
			continue
		}
		l := render.Link{Title: model.CleanLine(h.Title)}
		if _, ok := s.lib.ByRef(h.Ref); ok {
			l.Ref = h.Ref
		}
		if l.Title == "" {
			l.Title = h.Ref
		}
		links = append(links, l)
	}
	if len(s.similar) >= maxSimilarCache {
		clear(s.similar)
	}
	s.similar[msg.ref] = links
	return links, true
}

// maxSimilarCache bounds the cache of "more like this" lists.
const maxSimilarCache = 1000
