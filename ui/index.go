package ui

// The full-text index: brought up to date in the background once the scan
// has ended, with its progress in the status bar.

import (
	"context"
	"fmt"
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

// startIndex starts bringing the full-text index up to date, in a stream
// job; an indexing under way runs again once it ends, for it took its
// list of articles before what came since.
func (s *session) startIndex() tea.Cmd {
	switch {
	case s.store == nil || s.loading:
		return nil
	case s.index.running:
		s.index.again = true
		return nil
	}
	s.index = indexRun{running: true}
	st := s.store
	_, cmd := s.jobs.start(s.ctx, job{kind: jobIndex, stream: true}, func(ctx context.Context) tea.Msg {
		ix := &indexer{signal: make(chan struct{}, 1)}
		go func() {
			err := st.IndexText(ctx, ix.report)
			ix.mu.Lock()
			ix.finished, ix.err = true, err
			ix.mu.Unlock()
			ix.poke()
		}()
		return ix.next()
	})
	return cmd
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
func (ix *indexer) next() tea.Msg {
	<-ix.signal
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return indexMsg{ix: ix, done: ix.done, total: ix.total, finished: ix.finished, err: ix.err}
}

// takeIndex keeps the index's progress; it reports whether the indexing
// has ended (and not started again).
func (s *session) takeIndex(id int, msg indexMsg) (tea.Cmd, bool) {
	s.index.done, s.index.total = msg.done, msg.total
	if !msg.finished {
		return s.jobs.next(id, msg.ix.next), false
	}
	s.jobs.end(id)
	again := s.index.again && msg.err == nil
	s.index = indexRun{}
	if msg.err != nil && s.ctx.Err() == nil {
		s.storeErr = model.CleanLine(msg.err.Error())
	}
	if again {
		return s.startIndex(), false
	}
	// "More like this" lists made while indexing may lack articles.
	clear(s.similar)
	return nil, true
}

// indexingNote says how far the full-text index is while it is brought up
// to date, "" when it is not.
func (s *session) indexingNote() string {
	if !s.index.running {
		return ""
	}
	if s.index.total > 0 {
		return fmt.Sprintf("indexing… %d of %d", s.index.done, s.index.total)
	}
	return "indexing…"
}
