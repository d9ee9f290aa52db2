package ui

// Feeds: refreshing them (r, R) without blocking the reader, merging what
// each feed brings into the headline list as it arrives, and showing one
// feed or one tag in the list. The feed pane itself is feedpane.go.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"bulletin/model"
)

// noFeeds is what r, R, F and f say without feeds.
const noFeeds = "no feeds: subscribe with bulletin add URL"

// feedStatusMsg carries the subscriptions and how their last refresh went.
type feedStatusMsg struct {
	feeds []model.FeedStatus
	err   error
}

// loadFeedStatus asks for the feeds' status.
func (s *session) loadFeedStatus() tea.Cmd {
	if s.feeds == nil {
		return nil
	}
	feeds := s.feeds
	_, cmd := s.jobs.start(s.ctx, job{kind: jobFeedStatus}, func(ctx context.Context) tea.Msg {
		st, err := feeds.Status(ctx)
		return feedStatusMsg{feeds: st, err: err}
	})
	return cmd
}

// refreshEvent is what the refresh goroutine hands to the reader: a feed
// done, or the end of the refresh (end, with the error that stopped it).
type refreshEvent struct {
	p   model.FeedProgress
	end bool
	err error
}

// refreshMsg is a batch of refresh events: the feeds done since the last
// batch, and whether the refresh has ended. ch is where the next batch
// comes from.
type refreshMsg struct {
	ch    <-chan refreshEvent
	feeds []model.FeedProgress
	end   bool
	err   error
}

// Refresh batching: a batch holds what arrived within refreshWait of its
// first feed, at most refreshBatch feeds, so a thousand fast feeds (all
// "not modified") rebuild the list a few times, not a thousand.
const (
	refreshWait  = 50 * time.Millisecond
	refreshBatch = 200
)

// refresh runs Feeds.Refresh in a goroutine and returns its first batch.
// The progress callback blocks until the reader takes the event, or the
// reader quits, so the channel bounds the memory a refresh ahead of the
// screen can use.
func refresh(ctx, reader context.Context, feeds model.Feeds, urls []string) tea.Msg {
	ch := make(chan refreshEvent, 64)
	go func() {
		defer close(ch)
		// A cancelled refresh (ctx) still reports what it stored until it
		// returns; only the reader quitting (reader) stops the reports.
		err := feeds.Refresh(ctx, urls, func(p model.FeedProgress) {
			select {
			case ch <- refreshEvent{p: p}:
			case <-reader.Done():
			}
		})
		select {
		case ch <- refreshEvent{end: true, err: err}:
		case <-reader.Done():
		}
	}()
	return readRefresh(ch)
}

// readRefresh waits for one event, then takes what follows within
// refreshWait, up to refreshBatch feeds or the end.
func readRefresh(ch <-chan refreshEvent) refreshMsg {
	msg := refreshMsg{ch: ch}
	add := func(e refreshEvent, ok bool) bool {
		switch {
		case !ok:
			// Closed without an end event: the reader is quitting.
			msg.end = true
		case e.end:
			msg.end, msg.err = true, e.err
		default:
			msg.feeds = append(msg.feeds, e.p)
		}
		return msg.end || len(msg.feeds) >= refreshBatch
	}
	e, ok := <-ch
	if add(e, ok) {
		return msg
	}
	timer := time.NewTimer(refreshWait)
	defer timer.Stop()
	for {
		select {
		case e, ok := <-ch:
			if add(e, ok) {
				return msg
			}
		case <-timer.C:
			return msg
		}
	}
}

// refreshRun is the refresh under way, or the last one.
type refreshRun struct {
	running   bool
	cancelled bool
	// auto is set when the reader started it by itself.
	auto        bool
	done, total int
	fresh       int // new items
	// unlisted are the items that came but are not in the list, which
	// shows only folders.
	unlisted int
	failed   []string
	// summary is said in the status bar once the refresh ends, until the
	// next key.
	summary string
	// step is what a sync is doing ("" for a refresh, or while a sync
	// reports its feeds); done and total count its work then.
	step string
	// touched are the refs the reader marked during a sync: the server's
	// marks do not override them.
	touched map[string]bool
}

// newProgressBar is the refresh's bar: full and empty cells differ in
// shape as well as colour, so it reads without colour too.
func newProgressBar(st *Styles) progress.Model {
	return progress.New(
		progress.WithWidth(16),
		progress.WithoutPercentage(),
		progress.WithColors(st.Status.Progress),
		progress.WithFillCharacters('█', '░'),
	)
}

// startRefresh refreshes the feeds at urls (all when empty); what names
// them for the status bar.
func (m *Model) startRefresh(urls []string) tea.Cmd {
	switch {
	case m.s.feeds == nil, m.s.syncer == nil && m.s.feedsKnown && len(m.s.feedList) == 0 && len(urls) == 0:
		m.note.text = noFeeds
		return nil
	case m.s.refresh.running && m.s.syncer != nil:
		m.note.text = "syncing already"
		return nil
	case m.s.refresh.running:
		m.note.text = fmt.Sprintf("refreshing already: %d/%d feeds", m.s.refresh.done, m.s.refresh.total)
		return nil
	case len(urls) == 0:
		return tea.Batch(m.s.startRefresh(urls), m.auto.restart())
	}
	return m.s.startRefresh(urls)
}

// cancelRefresh cancels the refresh under way; it still reports the feeds
// it stored, then ends. It reports whether one was under way.
func (s *session) cancelRefresh() bool {
	if !s.jobs.cancel(jobRefresh) {
		return false
	}
	s.refresh.cancelled = true
	return true
}

// cancelFetch cancels the readable page being fetched, and reports
// whether one was.
func (s *session) cancelFetch() bool { return s.jobs.cancel(jobReadable) }

// startRefresh refreshes the feeds at urls (all when empty) in a stream
// job.
func (s *session) startRefresh(urls []string) tea.Cmd {
	total := len(urls)
	if total == 0 {
		total = len(s.feedList)
	}
	s.refresh = refreshRun{running: true, total: total}
	if s.syncer != nil {
		s.refresh.step = "starting the sync"
	}
	feeds, reader := s.feeds, s.ctx
	_, cmd := s.jobs.start(s.ctx, job{kind: jobRefresh, stream: true}, func(ctx context.Context) tea.Msg {
		return refresh(ctx, reader, feeds, urls)
	})
	return cmd
}

// refreshCurrent refreshes the feed of the item the reader is on: the
// article on screen, else the selected headline, else (in the feed pane)
// the selected feed or the feeds of the selected tag.
func (m *Model) refreshCurrent() tea.Cmd {
	if m.s.feeds == nil {
		m.note.text = noFeeds
		return nil
	}
	if m.s.syncer != nil {
		return m.startSync()
	}
	if m.nav.screen == screenFeeds {
		row, ok := m.pane.selected()
		if !ok {
			return nil
		}
		return m.startRefresh(row.urls())
	}
	a, ok := m.currentArticle()
	if !ok {
		return nil
	}
	if a.Feed != "" {
		return m.startRefresh([]string{a.Feed})
	}
	m.note.text = "not a feed item: " + model.CleanLine(a.Source)
	return nil
}

// currentArticle is the article the keys act on: the one on screen in an
// article, the selected headline in the list.
func (m *Model) currentArticle() (model.Article, bool) {
	ref := m.headlines.selectedRef()
	if m.nav.screen == screenArticle {
		if m.article.ref == "" {
			return model.Article{}, false
		}
		return m.article.art, true
	}
	if a, ok := m.s.lib.ByRef(ref); ok {
		return a.Article(), true
	}
	return model.Article{}, false
}

// takeRefresh merges a batch of feeds into the library; it returns how
// many items came or had their marks changed by a sync, and the next
// batch, or at the end the feeds' status and the indexing of what came.
func (s *session) takeRefresh(j *job, msg refreshMsg) (int, tea.Cmd) {
	r := &s.refresh
	added := 0
	for _, p := range msg.feeds {
		if p.Step != "" {
			if s.takeSyncStep(p) {
				added++
			}
			continue
		}
		r.step = ""
		// The refresh knows best how many feeds it fetches (the
		// status listed before may be out of date).
		r.done = max(r.done, p.Done)
		if p.Total > 0 {
			r.total = p.Total
		}
		r.total = max(r.total, r.done)
		r.fresh += p.New
		if p.Feed.Error != "" {
			r.failed = append(r.failed, p.Feed.URL)
		}
		s.updateFeed(p)
		if s.foldersOnly {
			r.unlisted += len(p.Articles)
			continue
		}
		for i := range p.Articles {
			a := &p.Articles[i]
			if _, ok := s.lib.ByRef(a.Ref); ok {
				// An updated item: what was loaded or rendered is old.
				s.cache.forget(a.Ref)
				delete(s.readable, a.Ref)
			}
			s.addToLibrary(*a)
			added++
		}
	}
	if added > 0 {
		s.lib.Link()
	}
	if !msg.end {
		return added, s.jobs.next(j.id, func() tea.Msg { return readRefresh(msg.ch) })
	}
	s.jobs.end(j.id)
	r.running = false
	err := msg.err
	if r.cancelled {
		err = nil
	}
	r.summary = r.sum(err)
	if s.syncer != nil {
		r.summary = r.syncSummary(msg.err)
		r.touched = nil
	}
	// New items become searchable once the index takes them in.
	return added, tea.Batch(s.loadFeedStatus(), s.startIndex(), s.syncEnded())
}

// sum is the status bar's summary of a finished refresh.
func (r refreshRun) sum(err error) string {
	if r.auto && r.fresh == 0 && len(r.failed) == 0 && err == nil && !r.cancelled {
		// Nothing to tell: a reader left open must not be told "0 new
		// items" every interval, nor lose what the last one said.
		return r.summary
	}
	parts := []string{plural(r.fresh, "new item")}
	if r.unlisted > 0 && r.fresh > 0 {
		// Say where they went, or the reader looks for them in the list.
		parts[0] += ", not in this folder's list"
	}
	if r.cancelled {
		parts = append([]string{fmt.Sprintf("refresh cancelled after %d/%d feeds", r.done, r.total)}, parts...)
	}
	if len(r.failed) > 0 {
		parts = append(parts, fmt.Sprintf("%d failed — press F for feed status", len(r.failed)))
	}
	if err != nil {
		parts = append(parts, "refresh stopped: "+model.CleanLine(err.Error()))
	}
	return strings.Join(parts, " · ")
}

// updateFeed puts a feed's new status into the feed list, following a
// permanent redirect.
func (s *session) updateFeed(p model.FeedProgress) {
	st := p.Feed
	if p.MovedTo != "" {
		st.URL = p.MovedTo
	}
	for i, f := range s.feedList {
		if f.URL == p.Feed.URL || (p.MovedTo != "" && f.URL == p.MovedTo) {
			s.feedList[i] = st
			return
		}
	}
	s.feedList = append(s.feedList, st)
}

// takeFeedStatus keeps the feeds' status.
func (s *session) takeFeedStatus(msg feedStatusMsg) {
	if msg.err != nil {
		s.feedErr = model.CleanLine(msg.err.Error())
		return
	}
	s.feedErr = ""
	s.feedList = msg.feeds
	s.feedsKnown = true
}

// refreshProgress is the refresh in the status bar: a progress bar and the
// count while it runs.
func (m Model) refreshProgress() string {
	r := m.s.refresh
	if !r.running {
		return ""
	}
	if r.step != "" {
		return m.syncProgress()
	}
	pct := 0.0
	if r.total > 0 {
		pct = float64(r.done) / float64(r.total)
	}
	s := &m.look.styles.Status
	// ViewAs draws the bar as it is now: the animated View would need
	// frame messages, a timer for every feed done.
	hint := " (esc cancels)"
	if r.cancelled {
		hint = " cancelling…"
	}
	return m.look.bar.ViewAs(pct) + s.Info.Render(fmt.Sprintf(" %d/%d feeds", r.done, r.total)+hint)
}

// scope is the feed or tag the list shows; zero shows every item.
type scope struct {
	// feed is the feed's URL, which its items carry as Feed; title names
	// it in the status bar.
	feed, title string
	tag         string
	// feeds are the URLs of the untagged feeds, when tag is untagged:
	// their items have no tag to match.
	feeds map[string]bool
	// query names a saved search, whose matches kill keeps as number qi.
	query string
	kill  *killfile
	qi    int
}

func (s scope) set() bool { return s.feed != "" || s.tag != "" || s.query != "" }

// String names the scope for the status bar.
func (s scope) String() string {
	switch {
	case s.feed != "":
		return "feed " + s.title
	case s.tag != "":
		return "tag " + s.tag
	case s.query != "":
		return "search " + s.query
	}
	return ""
}

// holds reports whether the scope shows the article.
func (s scope) holds(a *model.Listing) bool {
	switch {
	case s.query != "":
		return s.kill.matched(s.qi, a.Ref)
	case s.feed != "":
		return a.Feed() == s.feed
	case s.tag == untagged:
		return len(a.Tags()) == 0 && s.feeds[a.Feed()]
	case s.tag != "":
		return slices.Contains(a.Tags(), s.tag)
	}
	return true
}

// setScope shows one feed or tag in the list, from its top.
func (m *Model) setScope(s scope) tea.Cmd {
	if s.query != "" {
		s.kill = &m.s.kill
	}
	m.scope = s
	m.nav.screen = screenList
	m.syncFocus()
	m.headlines.selectIndex(0)
	return m.refreshList()
}
