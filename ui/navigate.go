package ui

// Navigation: opening articles, following related stories, Back and
// Forward, and getting each article loaded and rendered (in commands) with
// the caches in between.

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// toggleRead marks an article read or unread, and saves the mark.
func (m *Model) toggleRead(ref string) tea.Cmd {
	read := !m.read[ref]
	m.read[ref] = read
	if m.article.ref == ref {
		m.article.setRead(read)
	}
	return tea.Batch(m.markReadCmd(ref, read), m.refreshView())
}

// toggleStar stars or unstars an article, and saves the star.
func (m *Model) toggleStar(ref string) tea.Cmd {
	starred := !m.starred[ref]
	m.starred[ref] = starred
	if m.article.ref == ref {
		m.article.setStarred(starred)
	}
	return tea.Batch(m.starCmd(ref, starred), m.refreshView())
}

// openSelected opens the selected headline: a new trail starts there.
func (m *Model) openSelected() tea.Cmd {
	h, ok := m.headlines.selected()
	if !ok {
		return nil
	}
	m.history.Clear()
	p := model.Page{Ref: h.ref, Focus: -1}
	if m.article.ref == h.ref {
		// Already shown (side by side): keep the place.
		p = m.article.page()
	}
	m.history.Visit(p)
	m.screen = screenArticle
	m.syncFocus()
	return m.showPage(p)
}

// showPage shows a page of the trail and marks its article read.
func (m *Model) showPage(p model.Page) tea.Cmd {
	m.read[p.Ref] = true
	fresh := p.Offset == 0 && p.Focus < 0
	return tea.Batch(m.visitCmd(p.Ref, fresh), m.showArticle(p.Ref, &p))
}

// showArticle puts an article in the article pane, loading it first when
// only its listing is known; restore, when set, is the position to return
// to once it is shown.
func (m *Model) showArticle(ref string, restore *model.Page) tea.Cmd {
	cmd := m.showArticleOnly(ref, restore)
	return tea.Batch(cmd, m.requestSimilar())
}

func (m *Model) showArticleOnly(ref string, restore *model.Page) tea.Cmd {
	listed, ok := m.lib.ByRef(ref)
	if !ok {
		m.article.clear()
		return nil
	}
	if m.article.ref == ref && m.article.loaded {
		m.article.setRead(m.read[ref])
		m.article.setStarred(m.starred[ref])
		if restore != nil {
			m.article.setRestore(restore)
			if m.article.focus != restore.Focus && m.article.focus != -1 {
				m.article.focus = -1
				m.article.rebuild()
			}
			m.article.applyRestore()
		}
		return m.requestRender()
	}
	if full, ok := m.cache.article(ref); ok {
		m.article.show(full, true, render.Links(m.lib, &full), m.read[ref], m.starred[ref], restore)
		return m.requestRender()
	}
	m.article.show(*listed, false, nil, m.read[ref], m.starred[ref], restore)
	if !m.cache.startLoad(ref) {
		return nil
	}
	return loadCmd(m.ctx, *listed)
}

// requestRender gets the body render the article needs: from the cache at
// once, or from a command.
func (m *Model) requestRender() tea.Cmd {
	k := m.article.wantKey()
	if k.ref == "" || m.article.bodyKey == k {
		return nil
	}
	if out, ok := m.cache.render(k); ok {
		m.article.setBody(k, out)
		return m.prefetch()
	}
	if !m.cache.startRender(k) {
		return nil
	}
	return renderCmd(k, m.article.art)
}

// prefetch makes the related stories of the article on screen that are in
// the library ready to show, so following one shows it at once: the first
// maxFollow, which the digit keys open. One command
// loads and renders them one after another, leaving the other cores to the
// reader.
func (m *Model) prefetch() tea.Cmd {
	if !m.article.complete() {
		return nil
	}
	k := m.article.wantKey()
	var jobs []prefetchJob
	for i, l := range m.article.links {
		if i >= maxFollow {
			break
		}
		if l.Ref == "" {
			continue
		}
		job := prefetchJob{key: k}
		job.key.ref = l.Ref
		// Related stories open with their own text, not a web page.
		job.key.readable = false
		if _, ok := m.cache.render(job.key); ok {
			continue
		}
		if full, ok := m.cache.article(l.Ref); ok {
			job.art, job.loaded = full, true
		} else if listed, ok := m.lib.ByRef(l.Ref); ok && m.cache.startLoad(l.Ref) {
			job.art = *listed
		} else {
			continue
		}
		if !m.cache.startRender(job.key) {
			if !job.loaded {
				m.cache.endLoad(l.Ref)
			}
			continue
		}
		jobs = append(jobs, job)
	}
	if len(jobs) == 0 {
		return nil
	}
	return prefetchCmd(m.ctx, jobs)
}

func (m Model) handlePrefetched(msg prefetchedMsg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	for _, l := range msg.loads {
		nm, cmd := m.handleLoaded(l)
		m = nm.(Model)
		cmds = append(cmds, cmd)
	}
	for _, r := range msg.renders {
		nm, cmd := m.handleRendered(r)
		m = nm.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

func (m Model) handleLoaded(msg loadedMsg) (tea.Model, tea.Cmd) {
	m.cache.endLoad(msg.ref)
	if msg.err != nil {
		if m.article.ref == msg.ref {
			m.article.setError(msg.err)
		}
		return m, nil
	}
	m.cache.addArticle(msg.ref, msg.art)
	if m.article.ref != msg.ref || m.article.loaded {
		return m, nil
	}
	m.article.show(msg.art, true, render.Links(m.lib, &msg.art), m.read[msg.ref], m.starred[msg.ref], m.article.pendingRestore())
	return m, m.requestRender()
}

func (m Model) handleRendered(msg renderedMsg) (tea.Model, tea.Cmd) {
	m.cache.endRender(msg.key)
	if msg.err != nil {
		if m.article.wantKey() == msg.key {
			m.article.setError(msg.err)
		}
		return m, nil
	}
	m.cache.addRender(msg.key, msg.out)
	if m.article.wantKey() == msg.key {
		m.article.setBody(msg.key, msg.out)
		return m, m.prefetch()
	}
	return m, nil
}

// preview shows the selected headline in the article pane while the list
// has the keys in a wide window.
func (m *Model) preview() tea.Cmd {
	if !m.wide() || m.screen != screenList {
		return nil
	}
	ref := m.headlines.selectedRef()
	if ref == m.article.ref {
		return nil
	}
	if ref == "" {
		m.article.clear()
		return nil
	}
	return m.showArticle(ref, nil)
}

// follow opens related story i, when it is in the library: a visit.
func (m *Model) follow(i int) tea.Cmd {
	switch {
	case i < 0 || i >= len(m.article.links):
		if m.article.complete() {
			m.note = fmt.Sprintf("no related story %d", i+1)
		}
		return nil
	case m.article.links[i].Ref == "":
		m.note = fmt.Sprintf("%d is not in your library", i+1)
		return nil
	}
	var visit tea.Cmd
	if m.screen != screenArticle {
		// A link clicked in a preview: the previewed article starts the trail.
		m.history.Clear()
		m.history.Visit(m.article.page())
		m.read[m.article.ref] = true
		visit = m.visitCmd(m.article.ref, false)
		m.screen = screenArticle
		m.syncFocus()
	}
	m.history.Update(m.article.page())
	save := m.savePosition()
	p := model.Page{Ref: m.article.links[i].Ref, Focus: -1}
	m.history.Visit(p)
	return tea.Batch(visit, save, m.showPage(p))
}

// back returns to the previous page of the trail, or to the list from the
// first one.
func (m *Model) back() tea.Cmd {
	m.history.Update(m.article.page())
	p, ok := m.history.Back()
	if !ok {
		return m.closeArticle()
	}
	return tea.Batch(m.savePosition(), m.showPage(p))
}

func (m *Model) forward() tea.Cmd {
	m.history.Update(m.article.page())
	p, ok := m.history.Forward()
	if !ok {
		return nil
	}
	return tea.Batch(m.savePosition(), m.showPage(p))
}

// closeArticle returns to the list, with the article's headline selected.
func (m *Model) closeArticle() tea.Cmd {
	m.history.Update(m.article.page())
	save := m.savePosition()
	m.article.cancelSearch()
	m.screen = screenList
	m.syncFocus()
	m.headlines.selectRef(m.article.ref)
	return tea.Batch(save, m.refreshView(), m.preview())
}
