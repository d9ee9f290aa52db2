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
	"bulletin/render"
)

// noFeeds is what r, R, F and f say without feeds.
const noFeeds = "no feeds: subscribe with bulletin add URL"

// feedStatusMsg carries the subscriptions and how their last refresh went.
type feedStatusMsg struct {
	feeds []model.FeedStatus
	err   error
}

func feedStatusCmd(ctx context.Context, feeds model.Feeds) tea.Cmd {
	return func() tea.Msg {
		st, err := feeds.Status(ctx)
		return feedStatusMsg{feeds: st, err: err}
	}
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
// comes from; id names the refresh, so a batch of an older one is dropped.
type refreshMsg struct {
	id    int
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

// refreshCmd starts Feeds.Refresh in a goroutine and returns its first
// batch. The progress callback blocks until the reader takes the event,
// or the reader quits (ctx), so the channel bounds the memory a refresh
// ahead of the screen can use.
func refreshCmd(ctx context.Context, feeds model.Feeds, urls []string, id int) tea.Cmd {
	return func() tea.Msg {
		ch := make(chan refreshEvent, 64)
		go func() {
			defer close(ch)
			err := feeds.Refresh(ctx, urls, func(p model.FeedProgress) {
				select {
				case ch <- refreshEvent{p: p}:
				case <-ctx.Done():
				}
			})
			select {
			case ch <- refreshEvent{end: true, err: err}:
			case <-ctx.Done():
			}
		}()
		return readRefresh(id, ch)
	}
}

// refreshNext waits for the next batch of a refresh.
func refreshNext(id int, ch <-chan refreshEvent) tea.Cmd {
	return func() tea.Msg { return readRefresh(id, ch) }
}

// readRefresh waits for one event, then takes what follows within
// refreshWait, up to refreshBatch feeds or the end.
func readRefresh(id int, ch <-chan refreshEvent) refreshMsg {
	msg := refreshMsg{id: id, ch: ch}
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
	running     bool
	id          int
	done, total int
	fresh       int // new items
	failed      []string
	// summary is said in the status bar once the refresh ends, until the
	// next key.
	summary string
	bar     progress.Model
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
	case m.feeds == nil, m.feedsKnown && len(m.feedList) == 0 && len(urls) == 0:
		m.note = noFeeds
		return nil
	case m.refresh.running:
		m.note = fmt.Sprintf("refreshing already: %d/%d feeds", m.refresh.done, m.refresh.total)
		return nil
	}
	total := len(urls)
	if total == 0 {
		total = len(m.feedList)
	}
	m.refresh = refreshRun{running: true, id: m.refresh.id + 1, total: total, bar: m.refresh.bar}
	return refreshCmd(m.ctx, m.feeds, urls, m.refresh.id)
}

// refreshCurrent refreshes the feed of the item the reader is on: the
// article on screen, else the selected headline, else (in the feed pane)
// the selected feed or the feeds of the selected tag.
func (m *Model) refreshCurrent() tea.Cmd {
	if m.feeds == nil {
		m.note = noFeeds
		return nil
	}
	if m.screen == screenFeeds {
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
	m.note = "not a feed item: " + model.CleanLine(a.Source)
	return nil
}

// currentArticle is the article the keys act on: the one on screen in an
// article, the selected headline in the list.
func (m *Model) currentArticle() (model.Article, bool) {
	ref := m.headlines.selectedRef()
	if m.screen == screenArticle {
		if m.article.ref == "" {
			return model.Article{}, false
		}
		return m.article.art, true
	}
	if a, ok := m.lib.ByRef(ref); ok {
		return *a, true
	}
	return model.Article{}, false
}

// handleRefresh merges a batch of feeds into the library and the list,
// keeping the selected headline where the reader is, and asks for the
// next batch, or sums up at the end.
func (m Model) handleRefresh(msg refreshMsg) (tea.Model, tea.Cmd) {
	if msg.id != m.refresh.id || !m.refresh.running {
		return m, nil
	}
	now := m.now()
	r := &m.refresh
	added := 0
	for _, p := range msg.feeds {
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
		m.updateFeed(p)
		for i := range p.Articles {
			a := &p.Articles[i]
			if _, ok := m.lib.ByRef(a.Ref); ok {
				// An updated item: what was loaded or rendered is old.
				m.cache.forget(a.Ref)
				delete(m.readable, a.Ref)
			}
			m.lib.Add(*a)
			m.rows[a.Ref] = newHeadline(a, now)
			added++
		}
	}
	var cmds []tea.Cmd
	if added > 0 {
		m.lib.Link()
		cmds = append(cmds, m.refreshListKeep())
		if m.article.loaded {
			m.article.setLinks(render.Links(m.lib, &m.article.art))
		}
	}
	m.pane.setFeeds(m.feedList)
	if !msg.end {
		return m, tea.Batch(append(cmds, refreshNext(msg.id, msg.ch))...)
	}
	r.running = false
	r.summary = r.sum(msg.err)
	cmds = append(cmds, feedStatusCmd(m.ctx, m.feeds))
	// New items become searchable once the index takes them in. An
	// indexing under way took its list before they came: it runs again.
	switch {
	case m.store == nil || m.loading:
	case m.indexing:
		m.indexAgain = true
	default:
		m.indexing = true
		cmds = append(cmds, indexStart(m.ctx, m.store))
	}
	return m, tea.Batch(cmds...)
}

// sum is the status bar's summary of a finished refresh.
func (r refreshRun) sum(err error) string {
	parts := []string{plural(r.fresh, "new item")}
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
func (m *Model) updateFeed(p model.FeedProgress) {
	st := p.Feed
	if p.MovedTo != "" {
		st.URL = p.MovedTo
	}
	for i, f := range m.feedList {
		if f.URL == p.Feed.URL || (p.MovedTo != "" && f.URL == p.MovedTo) {
			m.feedList[i] = st
			return
		}
	}
	m.feedList = append(m.feedList, st)
}

func (m Model) handleFeedStatus(msg feedStatusMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.feedErr = model.CleanLine(msg.err.Error())
	} else {
		m.feedErr = ""
		m.feedList = msg.feeds
		m.feedsKnown = true
	}
	m.pane.setFeeds(m.feedList)
	m.pane.err = m.feedErr
	return m, nil
}

// refreshProgress is the refresh in the status bar: a progress bar and the
// count while it runs.
func (m Model) refreshProgress() string {
	r := m.refresh
	if !r.running {
		return ""
	}
	pct := 0.0
	if r.total > 0 {
		pct = float64(r.done) / float64(r.total)
	}
	s := &m.styles.Status
	// ViewAs draws the bar as it is now: the animated View would need
	// frame messages, a timer for every feed done.
	return r.bar.ViewAs(pct) + s.Info.Render(fmt.Sprintf(" %d/%d feeds", r.done, r.total))
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
}

func (s scope) set() bool { return s.feed != "" || s.tag != "" }

// String names the scope for the status bar.
func (s scope) String() string {
	switch {
	case s.feed != "":
		return "feed " + s.title
	case s.tag != "":
		return "tag " + s.tag
	}
	return ""
}

// holds reports whether the scope shows the article.
func (s scope) holds(a *model.Article) bool {
	switch {
	case s.feed != "":
		return a.Feed == s.feed
	case s.tag == untagged:
		return len(a.Tags) == 0 && s.feeds[a.Feed]
	case s.tag != "":
		return slices.Contains(a.Tags, s.tag)
	}
	return true
}

// setScope shows one feed or tag in the list, from its top.
func (m *Model) setScope(s scope) tea.Cmd {
	m.scope = s
	m.screen = screenList
	m.syncFocus()
	m.headlines.list.Select(0)
	return m.refreshList()
}
