package ui

// Related stories that are not in the library yet, on a folder that says
// where its stories live (article_url): following one fetches the page
// with the feeds' polite fetcher, reads the article out of it, and opens
// it in place like any story, with Back and Forward. The page's links to
// other stories of the site become its related stories, so the walk goes
// on across the site.

import (
	"context"
	"slices"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// webStoryMsg carries a story fetched from its site for the article from.
type webStoryMsg struct {
	from string
	url  string
	art  model.Article
	err  error
}

// webStoryEvent tells the root a story fetched from its site arrived, or
// why it did not.
type webStoryEvent struct{ webStoryMsg }

// fetchStory fetches the related story l of from, in a job that esc
// cancels; nil when it is being fetched already.
func (s *session) fetchStory(from *model.Article, l render.Link) tea.Cmd {
	if s.jobs.busy(l.URL, jobReadable) {
		return nil
	}
	// A story the prefetch is after is fetched here instead.
	s.jobs.cancel(jobStoryPrefetch)
	fetch := s.storyFetcher(from, l)
	_, cmd := s.jobs.start(s.ctx, job{kind: jobReadable, keys: []string{l.URL}, what: l.URL}, func(ctx context.Context) tea.Msg {
		return fetch(ctx)
	})
	return cmd
}

// storyFetcher returns what fetches the related story l of from through
// the feeds layer's Stories, which keeps what it fetches so the story
// stays.
func (s *session) storyFetcher(from *model.Article, l render.Link) func(context.Context) webStoryMsg {
	id, ok := model.SiteOf(from).IDFrom(l.URL)
	if !ok {
		id = l.URL
	}
	stub := model.Article{
		Ref: model.StoryRef(from.Source, id), Source: from.Source, ID: id,
		Title: l.Title, Link: l.URL, Origin: from.Origin,
	}
	stories, fromRef := s.stories, from.Ref
	return func(ctx context.Context) webStoryMsg {
		art, err := stories.Story(ctx, &stub)
		return webStoryMsg{from: fromRef, url: l.URL, art: art, err: err}
	}
}

// storiesMsg carries the related stories a prefetch fetched.
type storiesMsg struct{ stories []webStoryMsg }

// maxStoryPrefetch bounds the stories fetched ahead for one article.
const maxStoryPrefetch = 5

// prefetchStories fetches ahead, one after another, the related stories
// of from that are not kept yet and live on its site, when the
// configuration asks for it (prefetch_related). A prefetch under way for
// another article is cancelled: only the article being read is worth it.
func (s *session) prefetchStories(from *model.Article, links []render.Link) tea.Cmd {
	if !s.prefetchRelated || s.stories == nil {
		return nil
	}
	var fetches []func(context.Context) webStoryMsg
	var urls []string
	for _, l := range links {
		if len(fetches) == maxStoryPrefetch {
			break
		}
		if l.Fetchable() && !s.jobs.busy(l.URL, jobReadable) {
			fetches = append(fetches, s.storyFetcher(from, l))
			urls = append(urls, l.URL)
		}
	}
	if j, ok := s.jobs.find(jobStoryPrefetch, ""); ok && slices.Equal(j.keys, urls) {
		return nil // after these already
	}
	s.jobs.cancel(jobStoryPrefetch)
	if len(fetches) == 0 {
		return nil
	}
	_, cmd := s.jobs.start(s.ctx, job{kind: jobStoryPrefetch, keys: urls}, func(ctx context.Context) tea.Msg {
		var msg storiesMsg
		for _, fetch := range fetches {
			if ctx.Err() != nil {
				break
			}
			msg.stories = append(msg.stories, fetch(ctx))
		}
		return msg
	})
	return cmd
}

// takeWebStory puts a fetched story in the library, where it resolves for
// every article that links to it.
func (s *session) takeWebStory(msg webStoryMsg) bool {
	if msg.err != nil {
		return false
	}
	art := msg.art
	s.addToLibrary(art)
	s.lib.Link()
	s.cache.addArticle(art.Ref, art)
	return true
}

// followWeb fetches a related story from its site; it opens when it
// arrives (webStoryArrived).
func (m *Model) followWeb(l render.Link) tea.Cmd {
	if m.s.stories == nil {
		m.note = note{text: "cannot fetch " + model.CleanLine(l.URL) + ": the library store is not open", err: true}
		return nil
	}
	if m.s.jobs.busy(l.URL, jobReadable) {
		m.note.text = "fetching already: " + model.CleanLine(l.URL) + " (esc cancels)"
		return nil
	}
	return tea.Batch(m.s.fetchStory(&m.article.art, l), m.spin())
}

// webStoryArrived opens a fetched story when the reader is still on the
// article it was followed from, or says why it could not be fetched.
func (m *Model) webStoryArrived(msg webStoryMsg) tea.Cmd {
	if msg.err != nil {
		why, _ := model.FetchFailure(msg.url, msg.err)
		m.note = note{text: "not fetched yet: " + why + ": " + model.CleanLine(msg.url), err: true}
		return nil
	}
	if m.nav.screen != screenArticle || m.article.ref != msg.from {
		return nil
	}
	if l, ok := m.article.linkByURL(msg.url); ok {
		m.s.rememberStoryPicture(msg.art.Ref, l)
	}
	m.history.Update(m.article.page())
	save := m.savePosition()
	p := model.Page{Ref: msg.art.Ref, Focus: -1}
	m.history.Visit(p)
	return tea.Batch(save, m.showPage(p, true))
}
