package ui

// Opening what has the focus in an article: a link of its body opens the
// article of the library it leads to in place (with Back), else in the
// browser; a file opens with its opener (openers.go); a related story is
// followed.

import (
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// openFocused is enter in an article.
func (m *Model) openFocused() tea.Cmd {
	switch kind, i := m.article.target(m.article.focus); kind {
	case targetBody:
		return m.openAddress(m.article.bodyLinks[i].url)
	case targetFile:
		return m.openFile(i)
	case targetStory:
		return m.follow(i)
	}
	return nil
}

// openAddress opens a link of the body: the article of the library it
// leads to, in place, else the page in the browser.
func (m *Model) openAddress(addr string) tea.Cmd {
	ref, ok := m.s.refForAddress(addr, &m.article.art)
	switch {
	case !ok:
		return m.open(addr)
	case ref == m.article.ref:
		m.note.text = "that link leads to this article"
		return nil
	}
	return m.goTo(ref)
}

// goTo opens an article of the library from the one on screen: a visit,
// which Back returns from to the place the reader left.
func (m *Model) goTo(ref string) tea.Cmd {
	m.history.Update(m.article.page())
	save := m.savePosition()
	p := model.Page{Ref: ref, Focus: -1}
	m.history.Visit(p)
	return tea.Batch(save, m.showPage(p, true))
}

// refForAddress finds the article of the library a web address leads to:
// a feed item whose page it is, or a story of a folder whose site makes
// that address from the story's id (article_url), the site of from first.
func (s *session) refForAddress(addr string, from *model.Article) (string, bool) {
	if a, ok := s.lib.Resolve(model.Related{ID: addr, Link: true}); ok {
		return a.Ref, true
	}
	sites := []model.Site{model.SiteOf(from)}
	for _, src := range s.sources {
		if sited, ok := src.(model.Sited); ok {
			sites = append(sites, sited.Site())
		}
	}
	for _, site := range sites {
		if id, ok := site.IDFrom(addr); ok {
			if a, ok := s.lib.Resolve(model.Related{ID: id, Link: true}); ok {
				return a.Ref, true
			}
		}
	}
	// Items are known by their page's address as their id; an article
	// whose id is something else may still name the page as its link.
	for _, a := range s.lib.Articles() {
		if a.Link() == addr {
			return a.Ref, true
		}
	}
	return "", false
}
