package ui

// Navigation: opening articles, following related stories, Back and
// Forward, and getting each article loaded and rendered (in jobs) with
// the caches in between.

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// toggleRead marks an article read or unread, and saves the mark.
func (m *Model) toggleRead(ref string) tea.Cmd {
	read := !m.s.isRead(ref)
	cmd := m.s.setRead(ref, read)
	if m.article.ref == ref {
		m.article.setRead(read)
	}
	return tea.Batch(cmd, m.refreshView())
}

// toggleStar stars or unstars an article, and saves the star.
func (m *Model) toggleStar(ref string) tea.Cmd {
	starred := !m.s.isStarred(ref)
	cmd := m.s.setStarred(ref, starred)
	if m.article.ref == ref {
		m.article.setStarred(starred)
	}
	return tea.Batch(cmd, m.refreshView())
}

// openSelected opens the selected headline: a new trail starts there.
func (m *Model) openSelected() tea.Cmd {
	h, ok := m.headlines.selected()
	if !ok {
		return nil
	}
	m.history.Clear()
	p := model.Page{Ref: h.ref(), Focus: -1}
	if m.article.ref == h.ref() {
		// Already shown (side by side): keep the place.
		p = m.article.page()
	}
	m.history.Visit(p)
	m.nav.screen = screenArticle
	m.syncFocus()
	return m.showPage(p, true)
}

// showPage shows a page of the trail and marks its article read. A page
// opened afresh (not by Back or Forward) at its top returns to where the
// reader left it last time.
func (m *Model) showPage(p model.Page, fresh bool) tea.Cmd {
	if fresh && p.Offset == 0 && p.Focus < 0 {
		p.Offset = m.s.positions[p.Ref]
	}
	return tea.Batch(m.s.visit(p.Ref), m.showArticle(p.Ref, &p))
}

// showArticle puts an article in the article pane, loading it first when
// only its listing is known; restore, when set, is the position to return
// to once it is shown.
func (m *Model) showArticle(ref string, restore *model.Page) tea.Cmd {
	cmd := m.showArticleOnly(ref, restore)
	return tea.Batch(cmd, m.requestSimilar())
}

func (m *Model) showArticleOnly(ref string, restore *model.Page) tea.Cmd {
	if ref != m.article.ref {
		// Moved on: the stories fetched ahead were for the other article.
		m.s.jobs.cancel(jobStoryPrefetch)
	}
	listed, ok := m.s.lib.ByRef(ref)
	if !ok {
		m.article.clear()
		return nil
	}
	if m.article.ref == ref && m.article.loaded {
		m.article.setRead(m.s.isRead(ref))
		m.article.setStarred(m.s.isStarred(ref))
		if restore != nil {
			m.article.setRestore(restore)
			m.article.applyRestore()
		}
		return m.requestRender()
	}
	if full, ok := m.s.cache.article(ref); ok {
		m.article.show(full, true, m.s.links(&full), m.s.isRead(ref), m.s.isStarred(ref), restore)
		return m.requestRender()
	}
	a := listed.Article()
	m.article.show(a, false, nil, m.s.isRead(ref), m.s.isStarred(ref), restore)
	return m.s.loadArticle(a)
}

// loadArticle starts loading a listed article, unless that is under way.
func (s *session) loadArticle(listed model.Article) tea.Cmd {
	if s.jobs.busy(listed.Ref, jobLoad, jobPrefetch, jobReadAhead) {
		return nil
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobLoad, keys: []string{listed.Ref}}, func(ctx context.Context) tea.Msg {
		return load(ctx, listed)
	})
	return cmd
}

// requestRender gets the body render the article needs: from the cache at
// once, or from a job.
func (m *Model) requestRender() tea.Cmd {
	k := m.article.wantKey()
	if k.ref == "" || m.article.bodyKey == k {
		return nil
	}
	out, ok, cmd := m.s.render(k, m.article.art)
	if !ok {
		return cmd
	}
	m.article.setBody(k, out)
	return m.prefetch()
}

// render returns a body render from the cache, or the job that makes it
// (nil when one is under way already).
func (s *session) render(k renderKey, art model.Article) (string, bool, tea.Cmd) {
	if out, ok := s.cache.render(k); ok {
		return out, true, nil
	}
	if s.jobs.busy(k.String(), jobRender, jobPrefetch, jobReadAhead) {
		return "", false, nil
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobRender, keys: []string{k.String()}}, func(context.Context) tea.Msg {
		return renderBody(k, art)
	})
	return "", false, cmd
}

// prefetch makes the related stories of the article on screen that are in
// the library ready to show, so following one shows it at once: the first
// maxFollow, which the digit keys open. One job at a time loads and
// renders one of them, leaving the other core to the reader; its result
// starts the next (prefetchedEvent).
func (m *Model) prefetch() tea.Cmd {
	if !m.article.complete() {
		return nil
	}
	refs, links := m.followable()
	return tea.Batch(m.s.prefetch(m.article.wantKey(), refs), m.s.prefetchStories(&m.article.art, links))
}

// prefetchNext goes on with the related stories in the library once a
// prefetch has ended. The stories of the web are not asked again: they
// have a job of their own, which leaving the article cancels.
func (m *Model) prefetchNext() tea.Cmd {
	if !m.article.complete() {
		return nil
	}
	refs, _ := m.followable()
	return m.s.prefetch(m.article.wantKey(), refs)
}

// followable are the links the digit keys follow, and the refs of those
// in the library.
func (m *Model) followable() (refs []string, links []render.Link) {
	for i := range maxFollow {
		l, ok := m.article.link(i)
		if !ok {
			break
		}
		if l.Ref != "" {
			refs = append(refs, l.Ref)
		}
		links = append(links, l)
	}
	return refs, links
}

// prefetch loads and renders, in a job, the first article of refs that is
// neither ready nor under way, as the render k would be made for it; none
// while another prefetch runs. One article a job, not all: a story
// followed while its turn has not come is rendered at once by a job of its
// own, and one whose turn it is waits for that article alone.
func (s *session) prefetch(k renderKey, refs []string) tea.Cmd {
	return s.prefetchAs(jobPrefetch, k, refs)
}

// prefetchAs is prefetch as a job of kind: the related stories of the
// article on screen (jobPrefetch), or the selected headline (jobReadAhead).
func (s *session) prefetchAs(kind jobKind, k renderKey, refs []string) tea.Cmd {
	if _, ok := s.jobs.find(kind, ""); ok {
		return nil
	}
	var todo []prefetchJob
	var keys []string
	for _, ref := range refs {
		if len(todo) == 1 {
			break
		}
		if s.cache.failed[ref] {
			continue
		}
		pj := prefetchJob{key: k}
		pj.key.ref = ref
		// Related stories open with their own text, not a web page.
		pj.key.readable = false
		if _, ok := s.cache.render(pj.key); ok || s.jobs.busy(pj.key.String(), jobRender, jobPrefetch, jobReadAhead) {
			continue
		}
		if full, ok := s.cache.article(ref); ok {
			pj.art, pj.loaded = full, true
		} else if listed, ok := s.lib.ByRef(ref); ok && !s.jobs.busy(ref, jobLoad, jobPrefetch, jobReadAhead) {
			pj.art = listed.Article()
			keys = append(keys, ref)
		} else {
			continue
		}
		keys = append(keys, pj.key.String())
		todo = append(todo, pj)
	}
	if len(todo) == 0 {
		return nil
	}
	wait := s.frameWait
	ahead := kind == jobReadAhead
	_, cmd := s.jobs.start(s.ctx, job{kind: kind, keys: keys}, func(ctx context.Context) tea.Msg {
		if !afterFrame(ctx, wait) {
			return prefetchedMsg{ahead: ahead}
		}
		msg := prefetch(ctx, todo)
		msg.ahead = ahead
		return msg
	})
	return cmd
}

// readAhead makes the selected headline ready to open while the list has
// the whole window (a wide one previews it instead): loaded and rendered
// once the frame is out, so that Enter shows it whole at once rather than
// "Loading…" and then the body. Moving on cancels the read-ahead of the
// headline left. Away from the list nothing is cancelled: the article
// opened (by Enter, or where the last session ended) may be waiting for
// the read-ahead's load, as loadArticle starts none while one runs.
func (m *Model) readAhead() tea.Cmd {
	if m.nav.screen != screenList {
		return nil
	}
	ref := ""
	if !m.headlines.filtering() {
		ref = m.headlines.selectedRef()
	}
	var k renderKey
	if ref != "" {
		k = m.article.renderKeyFor(ref)
		if _, ok := m.s.jobs.find(jobReadAhead, k.String()); ok {
			return nil
		}
	}
	m.s.jobs.cancel(jobReadAhead)
	if ref == "" || m.s.cache.failed[ref] {
		return nil
	}
	return m.s.prefetchAs(jobReadAhead, k, []string{ref})
}

// preview shows the selected headline in the article pane while the list
// has the keys in a wide window; in a narrow one it reads it ahead.
func (m *Model) preview() tea.Cmd {
	if !m.wide() {
		return m.readAhead()
	}
	if m.nav.screen != screenList {
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
	l, ok := m.article.link(i)
	switch {
	case !ok:
		if m.article.complete() {
			m.note.text = fmt.Sprintf("no related story %d", i+1)
		}
		return nil
	case l.Fetchable() && m.nav.screen == screenArticle:
		return m.followWeb(l)
	case l.Ref == "":
		m.note.text = fmt.Sprintf("%d is not in your library", i+1)
		return nil
	}
	var visit tea.Cmd
	if m.nav.screen != screenArticle {
		// A link clicked in a preview: the previewed article starts the trail.
		m.history.Clear()
		m.history.Visit(m.article.page())
		visit = m.s.visit(m.article.ref)
		m.nav.screen = screenArticle
		m.syncFocus()
	}
	m.s.rememberStoryPicture(l.Ref, l)
	m.history.Update(m.article.page())
	save := m.savePosition()
	p := model.Page{Ref: l.Ref, Focus: -1}
	m.history.Visit(p)
	return tea.Batch(visit, save, m.showPage(p, true))
}

// back returns to the previous page of the trail, or to the list from the
// first one.
func (m *Model) back() tea.Cmd {
	m.history.Update(m.article.page())
	p, ok := m.history.Back()
	if !ok {
		return m.closeArticle()
	}
	return tea.Batch(m.savePosition(), m.showPage(p, false))
}

func (m *Model) forward() tea.Cmd {
	m.history.Update(m.article.page())
	p, ok := m.history.Forward()
	if !ok {
		return nil
	}
	return tea.Batch(m.savePosition(), m.showPage(p, false))
}

// closeArticle returns to the list, with the article's headline selected.
func (m *Model) closeArticle() tea.Cmd {
	m.s.jobs.cancel(jobStoryPrefetch)
	m.history.Update(m.article.page())
	save := m.savePosition()
	m.article.cancelSearch()
	m.nav.screen = screenList
	m.syncFocus()
	m.headlines.selectRef(m.article.ref)
	return tea.Batch(save, m.refreshView(), m.preview())
}
