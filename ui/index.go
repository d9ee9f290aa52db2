package ui

// The full-text index: brought up to date in the background once the scan
// has ended, with its progress in the status bar.

import (
	"context"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// indexer runs Store.IndexText in a goroutine and keeps its latest
// progress; the reader reads it through indexMsg, one message per change
// it gets to (changes in between are coalesced, so progress never floods
// the reader).
type indexer struct {
	mu          sync.Mutex
	done, total int
	finished    bool
	err         error
	signal      chan struct{}
}

// indexMsg is the index's progress; finished once IndexText returned.
type indexMsg struct {
	ix          *indexer
	done, total int
	finished    bool
	err         error
}

// indexStart starts bringing the full-text index up to date.
func indexStart(ctx context.Context, st model.Store) tea.Cmd {
	return func() tea.Msg {
		ix := &indexer{signal: make(chan struct{}, 1)}
		go func() {
			err := st.IndexText(ctx, ix.report)
			ix.mu.Lock()
			ix.finished, ix.err = true, err
			ix.mu.Unlock()
			ix.poke()
		}()
		return ix.next()()
	}
}

func (ix *indexer) report(done, total int) {
	ix.mu.Lock()
	ix.done, ix.total = done, total
	ix.mu.Unlock()
	ix.poke()
}

func (ix *indexer) poke() {
	select {
	case ix.signal <- struct{}{}:
	default:
	}
}

// next waits for a change and reports it.
func (ix *indexer) next() tea.Cmd {
	return func() tea.Msg {
		<-ix.signal
		ix.mu.Lock()
		defer ix.mu.Unlock()
		return indexMsg{ix: ix, done: ix.done, total: ix.total, finished: ix.finished, err: ix.err}
	}
}

func (m Model) handleIndex(msg indexMsg) (tea.Model, tea.Cmd) {
	m.indexDone, m.indexTotal = msg.done, msg.total
	if !msg.finished {
		m.indexing = true
		return m, msg.ix.next()
	}
	m.indexing = false
	if msg.err != nil && m.ctx.Err() == nil {
		m.storeErr = model.CleanLine(msg.err.Error())
	}
	if m.indexAgain && msg.err == nil {
		m.indexAgain, m.indexing = false, true
		return m, indexStart(m.ctx, m.store)
	}
	// "More like this" lists made while indexing may lack articles.
	clear(m.similar)
	similar := m.requestSimilar()
	if m.screen == screenSearch && strings.TrimSpace(m.search.input.Value()) != "" {
		// Search again: the index now holds every article.
		m.search.id++
		return m, tea.Batch(similar, m.runSearch())
	}
	return m, similar
}
