package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
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

// scanStart starts scanning every source and returns the first batch.
func scanStart(ctx context.Context, sources []model.Source) tea.Cmd {
	return func() tea.Msg {
		return readBatch(model.ScanAll(ctx, sources, 0), firstBatchSize, firstBatchWait)
	}
}

// scanNext returns the next batch of a scan.
func scanNext(ch <-chan model.ScanResult) tea.Cmd {
	return func() tea.Msg { return readBatch(ch, batchSize, batchWait) }
}

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

// handleScan adds a batch of scan results to the library. The list is
// refreshed at once while it is small, then every few batches, and at the
// end.
func (m Model) handleScan(msg scanMsg) (tea.Model, tea.Cmd) {
	now := m.now()
	for _, r := range msg.results {
		m.stats.Count(r)
		switch {
		case r.Err != nil:
			if m.firstErr == "" {
				m.firstErr = model.CleanLine(trimPrefix(r.Err))
			}
		case !r.Skipped:
			m.lib.Add(r.Article)
			m.rows[r.Article.Ref] = newHeadline(&r.Article, now)
		}
	}
	// Keep the library's link index up to date batch by batch, so that the
	// first article opened does not wait while it is built for the whole
	// library (about 50 ms for 100,000 articles).
	m.lib.Link()
	var cmds []tea.Cmd
	if msg.done {
		m.loading = false
		m.headlines.loading = false
		if m.store != nil {
			m.indexing = true
			cmds = append(cmds, indexStart(m.ctx, m.store))
		}
	} else {
		cmds = append(cmds, scanNext(msg.ch))
		if !m.spinning {
			m.spinning = true
			cmds = append(cmds, m.spinner.Tick)
		}
	}
	// The list is rebuilt (sorted) at once while it is small, then each
	// time the library has doubled, and at the end: a few rebuilds in all.
	if msg.done || m.lib.Len() <= refreshAll || m.lib.Len() >= 2*m.listed {
		cmds = append(cmds, m.refreshList())
	}
	if m.article.loaded {
		m.article.setLinks(render.Links(m.lib, &m.article.art))
	}
	return m, tea.Batch(cmds...)
}

// refreshAll is the library size up to which the list is rebuilt after
// every batch.
const refreshAll = 2000

func (m *Model) refreshList() tea.Cmd { return m.rebuildList(false) }

// refreshListKeep rebuilds the list keeping the selected headline selected
// even at the top: items a refresh brings must not move the reader.
func (m *Model) refreshListKeep() tea.Cmd { return m.rebuildList(true) }

func (m *Model) rebuildList(keep bool) tea.Cmd {
	articles := m.lib.Articles()
	m.listed = len(articles)
	items := make([]list.Item, 0, len(articles))
	for _, a := range articles {
		if m.inView(a) {
			items = append(items, m.rows[a.Ref])
		}
	}
	if !m.loading && len(items) == 0 {
		m.headlines.empty = "No articles."
		switch {
		case m.view == viewUnread && len(articles) > 0:
			m.headlines.empty = "No unread articles."
		case m.view == viewStarred && len(articles) > 0:
			m.headlines.empty = "No starred articles."
		case m.scope.set() && len(articles) > 0:
			m.headlines.empty = "No items in " + m.scope.String() + "."
		case m.stats.Errors > 0:
			m.headlines.empty = "No articles could be read."
		}
	}
	return tea.Batch(m.headlines.setItems(items, keep), m.preview())
}
