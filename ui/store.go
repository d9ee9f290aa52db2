package ui

// The library store: read state, stars and reading positions that last.
// Every call to the store runs in a command; its result comes back as a
// message, and a failed write shows its one-line error in the status bar
// while reading goes on.

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// statesMsg carries the remembered states of the library, read at start.
type statesMsg struct {
	states map[string]model.State
	err    error
}

// storeDoneMsg is the result of a write to the store.
type storeDoneMsg struct{ err error }

// visitedMsg is the result of Visit: the state before the visit.
type visitedMsg struct {
	ref   string
	fresh bool // opened at the top, so the saved position may be restored
	prior model.State
	err   error
}

func statesCmd(ctx context.Context, st model.Store) tea.Cmd {
	return func() tea.Msg {
		states, err := st.States(ctx)
		return statesMsg{states: states, err: err}
	}
}

// storeWrite runs a write to the store in a command; nil without a store.
func (m *Model) storeWrite(write func(ctx context.Context, st model.Store) error) tea.Cmd {
	st, ctx := m.store, m.ctx
	if st == nil {
		return nil
	}
	return func() tea.Msg { return storeDoneMsg{err: write(ctx, st)} }
}

// visitCmd records that ref was opened now; fresh when it was opened at
// its top (not by Back or Forward), so its saved position is restored.
func (m *Model) visitCmd(ref string, fresh bool) tea.Cmd {
	st, ctx, now := m.store, m.ctx, m.now()
	if st == nil || ref == "" {
		return nil
	}
	return func() tea.Msg {
		prior, err := st.Visit(ctx, ref, now)
		return visitedMsg{ref: ref, fresh: fresh, prior: prior, err: err}
	}
}

// markReadCmd saves a read mark.
func (m *Model) markReadCmd(ref string, read bool) tea.Cmd {
	return m.storeWrite(func(ctx context.Context, st model.Store) error {
		return st.MarkRead(ctx, ref, read)
	})
}

// starCmd saves a star.
func (m *Model) starCmd(ref string, starred bool) tea.Cmd {
	return m.storeWrite(func(ctx context.Context, st model.Store) error {
		return st.SetStarred(ctx, ref, starred)
	})
}

// savePosition saves the reading position of the article on screen, as
// the reader leaves it.
func (m *Model) savePosition() tea.Cmd {
	ref := m.article.ref
	if ref == "" || !m.article.complete() {
		return nil
	}
	line := m.article.vp.YOffset()
	return m.storeWrite(func(ctx context.Context, st model.Store) error {
		return st.SetPosition(ctx, ref, line)
	})
}

// handleStates merges the remembered states into the reader's marks. A
// mark made since the reader started wins.
func (m Model) handleStates(msg statesMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.storeErr = model.CleanLine(msg.err.Error())
		return m, nil
	}
	for ref, s := range msg.states {
		if _, ok := m.read[ref]; !ok && s.Read {
			m.read[ref] = true
		}
		if _, ok := m.starred[ref]; !ok && s.Starred {
			m.starred[ref] = true
		}
	}
	if m.article.ref != "" {
		m.article.setRead(m.read[m.article.ref])
		m.article.setStarred(m.starred[m.article.ref])
	}
	return m, m.refreshView()
}

func (m Model) handleStoreDone(msg storeDoneMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.storeErr = model.CleanLine(msg.err.Error())
	} else {
		m.storeErr = ""
	}
	return m, nil
}

func (m Model) handleVisited(msg visitedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.storeErr = model.CleanLine(msg.err.Error())
		return m, nil
	}
	m.storeErr = ""
	pos := msg.prior.Position
	a := &m.article
	if !msg.fresh || pos <= 0 || a.ref != msg.ref || m.screen != screenArticle {
		return m, nil
	}
	// Back where the reader left it, unless they have moved already.
	switch {
	case a.pending && a.restore.Offset == 0 && a.restore.Focus < 0:
		a.restore.Offset = pos
	case !a.pending && a.vp.YOffset() == 0 && a.focus < 0:
		a.setRestore(&model.Page{Ref: msg.ref, Offset: pos, Focus: -1})
		a.applyRestore()
	}
	return m, nil
}

// maxSimilar is how many "more like this" stories an article lists.
const maxSimilar = 5

// similarMsg carries the "more like this" stories of an article.
type similarMsg struct {
	ref  string
	hits []model.Hit
	err  error
}

func similarCmd(ctx context.Context, st model.Store, ref string) tea.Cmd {
	return func() tea.Msg {
		// More than are shown: those among the related stories are left out.
		hits, err := st.Similar(ctx, ref, maxSimilar+maxFollow)
		return similarMsg{ref: ref, hits: hits, err: err}
	}
}

// requestSimilar gives the article on screen its "more like this" stories:
// from the cache at once, or from a command (one at a time per article).
func (m *Model) requestSimilar() tea.Cmd {
	ref := m.article.ref
	if m.store == nil || ref == "" {
		return nil
	}
	if links, ok := m.similar[ref]; ok {
		m.article.setSimilar(links)
		return nil
	}
	if m.similarWait[ref] {
		return nil
	}
	m.similarWait[ref] = true
	return similarCmd(m.ctx, m.store, ref)
}

func (m Model) handleSimilar(msg similarMsg) (tea.Model, tea.Cmd) {
	delete(m.similarWait, msg.ref)
	if msg.err != nil {
		m.storeErr = model.CleanLine(msg.err.Error())
		return m, nil
	}
	links := make([]render.Link, 0, len(msg.hits))
	for _, h := range msg.hits {
		if h.Ref == msg.ref {
			continue
		}
		l := render.Link{Title: model.CleanLine(h.Title)}
		if _, ok := m.lib.ByRef(h.Ref); ok {
			l.Ref = h.Ref
		}
		if l.Title == "" {
			l.Title = h.Ref
		}
		links = append(links, l)
	}
	if len(m.similar) >= maxSimilarCache {
		clear(m.similar)
	}
	m.similar[msg.ref] = links
	if m.article.ref == msg.ref {
		m.article.setSimilar(links)
		return m, m.prefetch()
	}
	return m, nil
}

// maxSimilarCache bounds the cache of "more like this" lists.
const maxSimilarCache = 1000
