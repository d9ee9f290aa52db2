package ui

// The library session: everything the reader knows about the library and
// does in the background, apart from the screens that show it. It owns the
// library and its list rows, read and starred marks and reading positions,
// the caches of loaded articles, renders, "more like this" lists and
// readable pages, the store with its ordered writer, the feeds, and the
// background work (jobs). The root model keeps screens, layout, keys and
// styles, and asks the session for what they show.

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"bulletin/model"
	"bulletin/render"
)

type session struct {
	ctx     context.Context
	now     func() time.Time
	sources []model.Source

	// store keeps marks and positions across runs (nil: none); every
	// change to it goes through writer, in the order the user made them.
	store  model.Store
	writer *model.Writer
	// storeErr is the last error of the store, one line for the status bar.
	storeErr string
	// pendingWrites is how many changes were not stored at the last report.
	pendingWrites int

	lib *model.Library
	// kill is the filters and saved searches (killfile.go).
	kill killfile
	// listed is how many articles the list had at its last rebuild.
	listed int
	// provisional are the refs of the first page the scan has not
	// brought yet.
	provisional map[string]bool
	read        map[string]bool
	starred     map[string]bool
	// positions are the remembered reading positions, by ref.
	positions map[string]int
	// statesKnown is set once the store's states have been read.
	statesKnown bool

	cache *cache
	// similar caches the "more like this" stories per ref.
	similar map[string][]render.Link
	// readable are the readable web pages fetched, by ref.
	readable map[string]model.Article
	// storyPics are the pictures of the related stories opened from a
	// link that has one, by ref (storypicture.go).
	storyPics map[string]pictureRef

	loading bool
	// firstPageListed: the first page was listed before the program
	// started (see listFirstPage).
	firstPageListed bool
	stats           model.ScanStats
	firstErr        string

	index indexRun

	// feeds refreshes the subscriptions and fetches web pages; nil
	// without feeds. feedList is their last known status (feedErr why it
	// could not be read), refresh is the refresh under way or the last one.
	feeds model.Feeds
	// foldersOnly keeps feed items out of the list (Options.FoldersOnly).
	foldersOnly bool
	feedList    []model.FeedStatus
	feedErr     string
	// feedsKnown is set once Status has answered: an empty feedList
	// then means no subscriptions.
	feedsKnown bool
	refresh    refreshRun
	// syncer is feeds when they sync with a feed server (r syncs then),
	// nil otherwise; sync is how it stands.
	syncer model.Syncer
	sync   syncState
	// stories fetches and keeps the stories of folders' sites; nil when
	// the feeds layer cannot (no store).
	stories model.Stories
	// prefetchRelated fetches the related stories of the article being
	// read from their site ahead.
	prefetchRelated bool
	// openers open the files items carry, by kind or media type.
	openers map[string]Opener

	jobs jobs

	// counts are the unread counts of the library, kept with lib and
	// read: change those through addToLibrary, removeFromLibrary and
	// markRead.
	counts *tally

	// remember is given the window's size once the reader has left, to
	// remember the next start's first screen (Options.Remember); nil
	// for none.
	remember func(width, height int)

	// memoryLimit is the soft memory limit to set once the scan has ended,
	// 0 for none (see limitMemory).
	memoryLimit int64

	// frameWait is how long work ahead (prefetches, "more like this")
	// waits before it starts, so that the frame a key asked for reaches
	// the terminal first; 0 without a terminal (see afterFrame).
	frameWait time.Duration
}

// indexRun is the full-text indexing under way, with its progress.
type indexRun struct {
	running bool
	// again asks for another indexing once this one ends: a refresh
	// brought items after it took its list.
	again       bool
	done, total int
}

func newSession(opts Options, now func() time.Time) *session {
	s := &session{
		ctx:      context.Background(),
		now:      now,
		sources:  opts.Sources,
		store:    opts.Store,
		storeErr: model.CleanLine(opts.StoreErr),
		lib:      model.NewLibrary(),

		provisional: map[string]bool{},
		read:        map[string]bool{},
		counts:      newTally(),
		starred:     map[string]bool{},
		positions:   map[string]int{},
		cache:       newCache(),
		similar:     map[string][]render.Link{},
		readable:    map[string]model.Article{},
		loading:     true,
		feeds:       opts.Feeds,
		foldersOnly: opts.FoldersOnly,
		jobs:        newJobs(),

		prefetchRelated: opts.PrefetchRelated,
		openers:         openersByKind(opts.Openers),
		kill:            killfile{filters: model.NewFilters(opts.Filters), queries: opts.Queries},
	}
	if s.store != nil {
		s.writer = model.NewWriter(s.store)
	}
	s.stories, _ = opts.Feeds.(model.Stories)
	s.syncer, _ = opts.Feeds.(model.Syncer)
	return s
}

// hasFeeds reports whether there are feeds to refresh, as far as the
// reader knows.
func (s *session) hasFeeds() bool {
	// A feed server brings its subscriptions with the first sync.
	return s.feeds != nil && (s.syncer != nil || !s.feedsKnown || len(s.feedList) > 0)
}

// links resolves an article's related stories against the library.
func (s *session) links(a *model.Article) []render.Link { return render.Links(s.lib, a) }

// fetching is the web page being fetched, "" for none.
func (s *session) fetching() string {
	if j, ok := s.jobs.find(jobReadable, ""); ok {
		return j.what
	}
	return ""
}

// write queues a change of state in the writer and returns the command
// that reports how it went; nil without a store.
func (s *session) write(c model.Change) tea.Cmd {
	if s.writer == nil || (c.Ref == "" && c.Kind != model.ChangeReads) {
		return nil
	}
	s.touch(c)
	ticket := s.writer.Add(c)
	w, ctx := s.writer, s.ctx
	return func() tea.Msg { return storeDoneMsg{status: w.Wait(ctx, ticket)} }
}

// setRead marks an article read or unread, and stores the mark.
func (s *session) setRead(ref string, read bool) tea.Cmd {
	s.markRead(ref, read)
	return s.write(model.Change{Kind: model.ChangeRead, Ref: ref, On: read})
}

// setStarred stars or unstars an article, and stores the star.
func (s *session) setStarred(ref string, starred bool) tea.Cmd {
	s.starred[ref] = starred
	return s.write(model.Change{Kind: model.ChangeStar, Ref: ref, On: starred})
}

// visit records that ref was opened now, which marks it read.
func (s *session) visit(ref string) tea.Cmd {
	s.markRead(ref, true)
	return s.write(model.Change{Kind: model.ChangeVisit, Ref: ref, At: s.now()})
}

// setPosition stores the reading position of ref.
func (s *session) setPosition(ref string, line int) tea.Cmd {
	// Known to be stored already: nothing to write. Before the states
	// are read, 0 may overwrite a position stored by an earlier run.
	if old, ok := s.positions[ref]; old == line && (ok || s.statesKnown) {
		return nil
	}
	s.positions[ref] = line
	return s.write(model.Change{Kind: model.ChangePosition, Ref: ref, Line: line})
}

// flush stores every change made so far; the reader calls it on its way
// out, whichever way that is.
func (s *session) flush(ctx context.Context) error {
	if s.writer == nil {
		return nil
	}
	return s.writer.Flush(ctx)
}

// close stops the background work and the writer.
func (s *session) close() {
	s.jobs.cancelAll()
	if s.writer != nil {
		s.writer.Close()
	}
}
