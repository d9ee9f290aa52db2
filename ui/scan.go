package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// Scan batching: a batch message carries up to batchSize results, or what
// arrived within batchWait of the first, so the first headlines paint while a
// large folder is still being read. The first batch is smaller and sooner:
// a screenful is enough to paint.
const (
	batchSize      = 500
	batchWait      = 50 * time.Millisecond
	firstBatchSize = 100
	firstBatchWait = 10 * time.Millisecond
)

// scanMsg is one batch of scan results; done means the scan has ended.
type scanMsg struct {
	ch      <-chan model.ScanResult
	results []model.ScanResult
	done    bool
}

// startScan starts scanning every source, in a stream job whose first
// message is the first batch.
func (s *session) startScan() tea.Cmd {
	sources := s.sources
	var wait time.Duration
	if s.firstPageListed {
		wait = scanAfterFirstPage
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobScan, stream: true}, func(ctx context.Context) tea.Msg {
		if wait > 0 {
			t := time.NewTimer(wait)
			defer t.Stop()
			select {
			case <-t.C:
			case <-ctx.Done():
				return scanMsg{done: true}
			}
		}
		return readBatch(model.ScanAll(ctx, sources, 0), firstBatchSize, firstBatchWait)
	})
	return cmd
}

// scanAfterFirstPage is how long the scan waits when the first page is on
// screen already: its walk of the folders takes both cores for a while,
// and would otherwise hold up the first frame (the first page is listed,
// so the reader loses nothing by it).
const scanAfterFirstPage = 100 * time.Millisecond

// readBatch waits for one result, then takes what follows until the batch
// holds size results, wait has passed or the scan ends.
func readBatch(ch <-chan model.ScanResult, size int, wait time.Duration) scanMsg {
	msg := scanMsg{ch: ch}
	r, ok := <-ch
	if !ok {
		msg.done = true
		return msg
	}
	msg.results = append(msg.results, r)
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for len(msg.results) < size {
		select {
		case r, ok := <-ch:
			if !ok {
				msg.done = true
				return msg
			}
			msg.results = append(msg.results, r)
		case <-timer.C:
			return msg
		}
	}
	return msg
}

// trimPrefix drops the package prefix from an error shown to the user; the
// file name that follows is what matters.
func trimPrefix(err error) string {
	s := err.Error()
	for _, p := range []string{"sources: ", "model: ", "render: ", "feeds: ", "feed: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// takeScan adds a batch of scan results to the library, and returns what
// comes next: the next batch, or the indexing once the scan has ended.
func (s *session) takeScan(id int, msg scanMsg) tea.Cmd {
	for _, r := range msg.results {
		s.stats.Count(r)
		switch {
		case r.Err != nil:
			if s.firstErr == "" {
				s.firstErr = model.CleanLine(trimPrefix(r.Err))
			}
		case !r.Skipped:
			s.addToLibrary(r.Article)
			s.confirm(r.Article.Ref)
		}
	}
	// Keep the library's link index up to date batch by batch, so that the
	// first article opened does not wait while it is built for the whole
	// library (about 50 ms for 100,000 articles).
	s.lib.Link()
	if !msg.done {
		return s.jobs.next(id, func() tea.Msg { return readBatch(msg.ch, batchSize, batchWait) })
	}
	s.jobs.end(id)
	s.loading = false
	s.dropUnconfirmed()
	return tea.Batch(s.startIndex(), limitMemory(s.memoryLimit))
}

// refreshAll is the library size up to which the list is rebuilt after
// every batch.
const refreshAll = 2000

func (m *Model) refreshList() tea.Cmd { return m.rebuildList(false) }

// refreshListKeep rebuilds the list keeping the selected headline selected
// even at the top: items a refresh brings must not move the reader.
func (m *Model) refreshListKeep() tea.Cmd { return m.rebuildList(true) }

func (m *Model) rebuildList(keep bool) tea.Cmd {
	articles := m.s.lib.Articles()
	m.s.listed = len(articles)
	items := make([]list.Item, 0, len(articles))
	for _, a := range articles {
		if m.inView(a) {
			items = append(items, headline{a})
		}
	}
	if !m.s.loading && len(items) == 0 {
		empty := "No articles."
		switch {
		case m.view == viewUnread && len(articles) > 0:
			empty = "No unread articles."
		case m.view == viewStarred && len(articles) > 0:
			empty = "No starred articles."
		case m.scope.set() && len(articles) > 0:
			empty = "No items in " + m.scope.String() + "."
		case m.s.stats.Errors > 0:
			empty = "No articles could be read."
		}
		m.headlines.setEmpty(empty)
	}
	return tea.Batch(m.headlines.setItems(items, keep), m.preview())
}
