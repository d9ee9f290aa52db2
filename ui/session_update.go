package ui

// The session's side of background work: it takes each job's result into
// the library, the marks and the caches, and tells the root what changed
// with events, which the root turns into what its screens show.

import (
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

// Events the session sends the root.
type (
	// libraryGrewEvent: articles came in (a scan batch, a refresh); done
	// once the scan has ended, keep when the list must not move the
	// reader (a refresh).
	libraryGrewEvent struct{ done, keep bool }
	// statesEvent: the remembered marks and positions were read.
	statesEvent struct{}
	// similarEvent: an article's "more like this" stories are known.
	similarEvent struct {
		ref   string
		links []render.Link
	}
	// searchEvent: a library search answered.
	searchEvent struct{ searchResultMsg }
	// indexedEvent: the full-text index is up to date.
	indexedEvent struct{}
	// loadedEvent: an article was read whole, or could not be.
	loadedEvent struct{ loadedMsg }
	// renderedEvent: a body was rendered, or could not be.
	renderedEvent struct{ renderedMsg }
	// prefetchedEvent: a prefetch ended; the next may start.
	prefetchedEvent struct{}
	// feedsEvent: the feeds' status changed.
	feedsEvent struct{}
	// readableEvent: a readable page arrived, or could not be fetched.
	readableEvent struct{ readableMsg }
	// fileOpenedEvent: the opener of a file ended.
	fileOpenedEvent struct{ fileOpenedMsg }
	// pictureEvent: a picture was rendered, or could not be.
	pictureEvent struct{}
)

// update takes the result of a job. It returns what to do next and the
// events for the root, nothing when the job has ended or was cancelled.
func (s *session) update(jm jobMsg) (tea.Cmd, []tea.Msg) {
	j, ok := s.jobs.accept(jm)
	if !ok {
		return nil, nil
	}
	switch msg := jm.msg.(type) {
	case firstPageMsg:
		grew := s.takeFirstPage(msg)
		next := s.startScan()
		if !grew {
			return next, nil
		}
		return next, []tea.Msg{libraryGrewEvent{}}
	case scanMsg:
		return s.takeScan(j.id, msg), []tea.Msg{libraryGrewEvent{done: msg.done}}
	case statesMsg:
		if !s.takeStates(msg) {
			return nil, nil
		}
		return nil, []tea.Msg{statesEvent{}}
	case similarMsg:
		links, ok := s.takeSimilar(msg)
		if !ok {
			return nil, nil
		}
		return nil, []tea.Msg{similarEvent{ref: msg.ref, links: links}}
	case searchResultMsg:
		return nil, []tea.Msg{searchEvent{msg}}
	case indexMsg:
		cmd, ended := s.takeIndex(j.id, msg)
		if !ended {
			return cmd, nil
		}
		// What the index took in may match a text rule or a saved search.
		return tea.Batch(cmd, s.startMatch()), []tea.Msg{indexedEvent{}}
	case matchMsg:
		return s.takeMatch(msg), []tea.Msg{libraryGrewEvent{keep: true}, feedsEvent{}}
	case loadedMsg:
		s.takeLoaded(msg)
		return nil, []tea.Msg{loadedEvent{msg}}
	case renderedMsg:
		s.takeRendered(msg)
		return nil, []tea.Msg{renderedEvent{msg}}
	case prefetchedMsg:
		var events []tea.Msg
		for _, l := range msg.loads {
			s.takeLoaded(l)
			if l.err != nil {
				s.cache.failed[l.ref] = true
			}
			events = append(events, loadedEvent{l})
		}
		for _, r := range msg.renders {
			s.takeRendered(r)
			if r.err != nil {
				s.cache.failed[r.key.ref] = true
			}
			events = append(events, renderedEvent{r})
		}
		if msg.ahead {
			// The related stories' prefetch goes on only after its own.
			return nil, events
		}
		return nil, append(events, prefetchedEvent{})
	case feedStatusMsg:
		s.takeFeedStatus(msg)
		return nil, []tea.Msg{feedsEvent{}}
	case syncStatusMsg:
		return s.takeSyncStatus(msg), nil
	case refreshMsg:
		added, next := s.takeRefresh(j, msg)
		events := []tea.Msg{feedsEvent{}}
		if added > 0 {
			events = append(events, libraryGrewEvent{keep: true}, marksEvent{})
		}
		return next, events
	case readableMsg:
		s.takeReadable(msg)
		return nil, []tea.Msg{readableEvent{msg}}
	case fileOpenedMsg:
		return nil, []tea.Msg{fileOpenedEvent{msg}}
	case pictureMsg:
		s.cache.addPicture(msg.key, pictureDone{pic: msg.pic, err: msg.err})
		return nil, []tea.Msg{pictureEvent{}}
	case savedMsg, pipeReadyMsg:
		// Only the root shows these: the session keeps nothing of them.
		return nil, []tea.Msg{msg}
	case storiesMsg:
		grew := false
		for _, st := range msg.stories {
			grew = s.takeWebStory(st) || grew
		}
		if !grew {
			return nil, nil
		}
		return nil, []tea.Msg{libraryGrewEvent{keep: true}}
	case webStoryMsg:
		if !s.takeWebStory(msg) {
			return nil, []tea.Msg{webStoryEvent{msg}}
		}
		return nil, []tea.Msg{libraryGrewEvent{keep: true}, webStoryEvent{msg}}
	}
	return nil, nil
}

func (s *session) takeLoaded(msg loadedMsg) {
	if msg.err == nil {
		s.cache.addArticle(msg.ref, msg.art)
	}
}

func (s *session) takeRendered(msg renderedMsg) {
	if msg.err == nil {
		s.cache.addRender(msg.key, msg.out)
	}
}

func (s *session) takeReadable(msg readableMsg) {
	if msg.err != nil {
		return
	}
	if len(s.readable) >= maxReadable {
		clear(s.readable)
	}
	s.readable[msg.ref] = msg.art
}

// isRead and isStarred are an article's marks.
func (s *session) isRead(ref string) bool    { return s.read[ref] }
func (s *session) isStarred(ref string) bool { return s.starred[ref] }

// handleJob hands the result of a background job to the session, then
// shows what it changed.
func (m Model) handleJob(jm jobMsg) (tea.Model, tea.Cmd) {
	next, events := m.s.update(jm)
	cmds := []tea.Cmd{next}
	for _, ev := range events {
		var cmd tea.Cmd
		m, cmd = m.react(ev)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// react shows what an event of the session changed.
func (m Model) react(ev tea.Msg) (Model, tea.Cmd) {
	switch ev := ev.(type) {
	case libraryGrewEvent:
		return m, m.libraryGrew(ev)
	case statesEvent:
		return m, m.statesKnown()
	case marksEvent:
		m.showMarks()
		return m, nil
	case prefetchedEvent:
		return m, m.prefetchNext()
	case similarEvent:
		if m.article.ref == ev.ref {
			m.article.setSimilar(ev.links)
			return m, m.prefetch()
		}
	case searchEvent:
		return m, m.searchAnswered(ev.searchResultMsg)
	case indexedEvent:
		similar := m.requestSimilar()
		if m.nav.screen == screenSearch && m.search.typed() != "" {
			// Search again: the index now holds every article.
			return m, tea.Batch(similar, m.runSearch())
		}
		return m, similar
	case loadedEvent:
		return m, m.articleLoaded(ev.loadedMsg)
	case renderedEvent:
		return m, m.bodyRendered(ev.renderedMsg)
	case feedsEvent:
		m.pane.setFeeds(m.s.feedList)
		m.pane.setError(m.s.feedErr)
	case readableEvent:
		return m, m.readableArrived(ev.readableMsg)
	case webStoryEvent:
		return m, m.webStoryArrived(ev.webStoryMsg)
	case fileOpenedEvent:
		m.fileOpened(ev.fileOpenedMsg)
	case pictureEvent:
		// Shown if the article still wants it.
		return m, m.syncPictures()
	case savedMsg:
		return m.savedArticle(ev), nil
	case pipeReadyMsg:
		return m, m.runPipe(ev)
	}
	return m, nil
}

// libraryGrew shows the articles that came in. After a scan batch the list
// is rebuilt (sorted) at once while it is small, then each time the
// library has doubled, and at the end: a few rebuilds in all. After a
// refresh it is rebuilt keeping the reader where they are.
func (m *Model) libraryGrew(ev libraryGrewEvent) tea.Cmd {
	var cmds []tea.Cmd
	switch {
	case ev.keep:
		cmds = append(cmds, m.refreshListKeep())
	case ev.done || m.s.lib.Len() <= refreshAll || m.s.lib.Len() >= 2*m.s.listed:
		cmds = append(cmds, m.refreshList())
	}
	if !ev.keep {
		if ev.done {
			m.headlines.setLoading(false)
		} else {
			cmds = append(cmds, m.spin())
		}
	}
	if m.article.loaded {
		m.article.setLinks(m.s.links(&m.article.art))
	}
	return tea.Batch(cmds...)
}

// statesKnown shows the remembered marks, and returns an article opened
// before they were known to where the reader left it, unless they have
// moved already.
func (m *Model) statesKnown() tea.Cmd {
	m.showMarks()
	if a := &m.article; a.ref != "" {
		if pos := m.s.positions[a.ref]; pos > 0 && m.nav.screen == screenArticle && a.untouched() {
			a.setRestore(&model.Page{Ref: a.ref, Offset: pos, Focus: -1})
			a.applyRestore()
		}
	}
	return tea.Batch(m.markWaiting(), m.refreshView())
}

func (m *Model) articleLoaded(msg loadedMsg) tea.Cmd {
	if msg.err != nil {
		if m.article.ref == msg.ref {
			m.article.setError(msg.err)
		}
		return nil
	}
	if m.article.ref != msg.ref || m.article.loaded {
		return nil
	}
	m.article.show(msg.art, true, m.s.links(&msg.art), m.s.isRead(msg.ref), m.s.isStarred(msg.ref), m.article.pendingRestore())
	return m.requestRender()
}

func (m *Model) bodyRendered(msg renderedMsg) tea.Cmd {
	if m.article.wantKey() != msg.key {
		return nil
	}
	if msg.err != nil {
		m.article.setError(msg.err)
		return nil
	}
	m.article.setBody(msg.key, msg.out)
	return m.prefetch()
}

func (m *Model) readableArrived(msg readableMsg) tea.Cmd {
	if msg.err != nil {
		m.note = note{text: "cannot fetch " + model.CleanLine(msg.url) + ": " + model.CleanLine(trimPrefix(msg.err)), err: true}
		return nil
	}
	if m.article.ref != msg.ref || m.article.readable {
		return nil
	}
	return m.showBody(msg.art, true)
}
