// Package ui is bulletin's interactive reader: a Bubble Tea program that
// lists headlines, shows articles rendered with Glamour, and follows their
// related stories with Back and Forward like a browser.
//
// The root Model is a thin router: it owns the library, the reading
// history, the read marks, the key map, the styles and the window size,
// and hands messages to its components (headlines, article, help, status
// bar). All I/O (scanning, loading, rendering) happens in commands, whose
// results carry what they were made for, so stale ones are dropped.
package ui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"bulletin/internal/browser"
	"bulletin/model"
	"bulletin/picture"
)

// Options configure the reader.
type Options struct {
	// Sources are read with model.ScanAll when the reader starts.
	Sources []model.Source
	// Theme is "dark", "light" or "auto" (ask the terminal; dark until it
	// answers). Anything else means auto.
	Theme string
	// Now is the clock, for dates in the list; nil means time.Now.
	Now func() time.Time
	// Store keeps read marks, stars and reading positions across runs;
	// nil means none (marks last until the reader quits).
	Store model.Store
	// StoreErr is why there is no store, shown in the status bar.
	StoreErr string
	// Feeds refreshes the user's feeds and fetches readable pages; nil
	// means no feeds (r and f then say so).
	Feeds model.Feeds
	// FoldersOnly is set when the reader shows only the folders named on
	// its command line: r still refreshes the user's feeds, but what they
	// bring stays out of the list, which is the folders'.
	FoldersOnly bool
	// PrefetchRelated fetches the related stories of the article being
	// read from their site ahead (prefetch_related in the configuration).
	PrefetchRelated bool
	// CompactList starts the headline list one line a headline.
	CompactList bool
	// Openers open the files feed items carry (e), by kind ("audio",
	// "video", "image") or full media type ("audio/mpeg"); a file with
	// none opens in the browser.
	Openers map[string]Opener
	// SaveFolder is where S saves articles ("" means S says how to set
	// one); PipeCommand is the program | hands their markdown to.
	SaveFolder  string
	PipeCommand []string
	// BrowserTerminal says $BROWSER draws in the terminal, whatever its
	// name (browser_terminal in the configuration).
	BrowserTerminal bool
	// Keys are the configuration's [keys]: the user's keys for the
	// reader's actions. Problems with them show in the status bar at start
	// and leave the defaults in force.
	Keys []UserKey
	// RefreshOnStart refreshes the feeds once the reader has started
	// listing; RefreshInterval refreshes them that often (zero: never).
	RefreshOnStart  bool
	RefreshInterval time.Duration
	// Filters hide the articles they match ([[filters]]); Queries are the
	// saved searches the feed pane lists ([[queries]]).
	Filters []model.FilterRule
	Queries []SavedQuery
	// Remember, when set, is given the screen the next start with these
	// options will show first, as the terminal draws it, with the
	// window's size, once the reader has quit and stored every change
	// (firstscreen.Save keeps it).
	Remember func(screen []byte, width, height int)
	// FilterProblems are the rules and saved searches left out, with their
	// file and line; the first shows in the status bar at start, unless
	// a key problem does.
	FilterProblems []string
	// Images is how pictures are drawn; picture.Auto asks the terminal,
	// described by ImageEnv.
	Images   picture.Protocol
	ImageEnv picture.Env
	// Pictures fetches pictures from the web, PictureCache keeps them on
	// disk; nil: none (pictures then say why they are missing).
	Pictures     picture.Getter
	PictureCache *picture.Cache
}

// Layout constants.
const (
	// wideWidth is the width from which the list and the article sit side
	// by side.
	wideWidth = 120
	// minWidth and minHeight are the smallest usable window.
	minWidth  = 20
	minHeight = 6
	// footerHeight is the status bar and the short help.
	footerHeight = 2
)

// screen is what has the keys (and, in a narrow window, the screen).
type screen int

const (
	screenList screen = iota
	screenArticle
	screenHelp
	screenSearch
	screenFeeds
)

// Model is the reader: a tea.Model. Build it with New. It keeps the
// screens, the layout, the keys and the styles; the library and the work
// behind it are the session's.
type Model struct {
	keys KeyMap
	look look

	width, height int
	nav           nav
	// sizedWork is what laying out before the start asked for (jobs it
	// registered, such as a read-ahead): Init runs it, or those jobs
	// would wait for a result that never comes.
	sizedWork tea.Cmd

	history model.History

	headlines headlines
	article   article
	help      helpView
	search    librarySearch
	pane      feedPane
	spinner   spinner.Model
	spinning  bool

	note note
	// view is which headlines the list shows, scope the feed or tag.
	view  listView
	scope scope

	// openURL opens a link in the browser; tests replace it.
	openURL func(context.Context, string) error
	// confirmOpen is a link waiting for the reader's y before it opens.
	confirmOpen pendingOpen
	// undo is the mark of many articles read that u can undo.
	undo markUndo
	// linkList is the list of the article's links (u).
	linkList linkList
	// handOff is where S saves articles and | pipes them (save.go).
	handOff handOff
	// auto refreshes the feeds by itself (autorefresh.go).
	auto autoRefresh
	// pics is how pictures are drawn (pictures.go).
	pics pictureState

	s *session
}

// look is how the reader is drawn: the theme asked for, the terminal's
// background and colour support, and the styles made from them.
type look struct {
	theme   string
	dark    bool
	noColor bool
	styles  *Styles
	// bar is the refresh's progress bar, in the styles' colours.
	bar progress.Model
}

// nav is which screen has the keys, and where each overlay was opened
// from.
type nav struct {
	screen     screen
	helpFrom   screen
	searchFrom screen
	feedsFrom  screen
}

// note is a one-key message in the status bar, such as why a link did not
// open; err when it says something failed.
type note struct {
	text string
	err  bool
	// quitHint is set after a ctrl+c that cancelled work: the next one
	// quits.
	quitHint bool
}

// New returns the reader for opts. It reads nothing until the program
// runs its Init.
func New(opts Options) Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	theme := strings.ToLower(opts.Theme)
	if theme != "dark" && theme != "light" {
		theme = "auto"
	}
	dark := theme != "light"
	st := newStyles(dark, false)
	keys, keyProblems := KeyMapFor(opts.Keys)
	s := newSession(opts, now)
	if len(keyProblems) == 0 && len(opts.FilterProblems) > 0 {
		keyProblems = opts.FilterProblems[:1]
	}
	if s.syncer != nil {
		keys = keys.forSync()
	}
	return Model{
		note:      keysNote(keyProblems),
		s:         s,
		look:      look{theme: theme, dark: dark, styles: st, bar: newProgressBar(st)},
		keys:      keys,
		headlines: newHeadlines(keys, st, s.read, s.starred, s.now).withCompact(opts.CompactList),
		article:   newArticle(st),
		help:      newHelpView(st),
		search:    newLibrarySearch(st),
		spinner:   spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Status.Spinner)),
		pane:      newFeedPane(keys, st, now).withCounts(s.counts).withQueries(opts.Queries, s.queryCounts),
		openURL:   browser.Open,
		handOff:   newHandOff(opts),
		auto:      newAutoRefresh(opts),
		pics:      newPictureState(opts),
	}
}

func newStyles(dark, noColor bool) *Styles {
	s := NewStyles(dark, noColor)
	return &s
}

// Init lists the first page then starts the scan and, for the auto theme, asks the terminal for its
// background colour.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.s.start(), m.s.loadStates(), m.s.loadFeedStatus(), m.s.loadSyncStatus(), m.auto.initCmd(), m.s.startMatch(), m.sizedWork}
	if m.spinning {
		cmds = append(cmds, m.spinner.Tick) // set going by listFirstPage
	}
	if m.look.theme == "auto" {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	cmds = append(cmds, m.pics.startDetect())
	return tea.Batch(cmds...)
}

// Update routes a message to its handler, then lays out the article's
// pictures again if it changed under them.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.observePicture(msg); ok {
		return m, cmd
	}
	if msg, ok := msg.(drawPicturesMsg); ok {
		return m, m.drawPictures(msg)
	}
	return m.afterUpdate(m.route(msg))
}

// route hands a message to its handler.
func (m Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, m.layout()
	case tea.BackgroundColorMsg:
		if m.look.theme != "auto" || msg.IsDark() == m.look.dark {
			return m, nil
		}
		m.look.dark = msg.IsDark()
		return m, m.restyle()
	case tea.ColorProfileMsg:
		noColor := msg.Profile == colorprofile.Ascii || msg.Profile == colorprofile.NoTTY
		if noColor == m.look.noColor {
			return m, nil
		}
		m.look.noColor = noColor
		return m, m.restyle()
	case jobMsg:
		return m.handleJob(msg)
	case *filterResult:
		m.headlines = m.headlines.applyFilter(msg)
		return m, m.preview()
	case storeDoneMsg:
		m.s.takeWriteStatus(msg.status)
		return m, m.s.afterWrite()
	case undoExpiredMsg:
		m.undo.expire(msg)
		return m, nil
	case browserMsg:
		return m.handleBrowser(msg)
	case pipeDoneMsg:
		return m.pipeDone(msg), nil
	case terminalBrowserMsg:
		return m, runTerminalBrowser(msg)
	case browserBackMsg:
		return m.browserBack(msg), nil
	case autoStartMsg:
		return m, m.autoRefreshNow()
	case autoTickMsg:
		return m, m.autoTicked(msg)
	case spinner.TickMsg:
		if !m.busy() {
			m.spinning = false
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.MouseClickMsg:
		return m.handleClick(msg)
	case tea.MouseWheelMsg:
		return m.handleWheel(msg)
	}
	// Anything else (pastes, cursor messages) goes to the
	// component that has the keys.
	var cmd tea.Cmd
	if m.nav.screen == screenSearch {
		return m.searchInput(msg)
	}
	if m.nav.screen == screenArticle && m.article.searching {
		m.article, cmd = m.article.updateInput(msg)
		return m, cmd
	}
	m.headlines, cmd = m.headlines.update(msg)
	return m, tea.Batch(cmd, m.preview())
}

// hasFeeds reports whether there are feeds to refresh, as far as the
// reader knows: it offers r and F in the footer then.
func (m Model) hasFeeds() bool { return m.s.hasFeeds() }

// busy reports whether something the spinner stands for is under way: the
// scan, or a web page being fetched.
func (m Model) busy() bool { return m.s.loading || m.s.fetching() != "" }

// cancelWork cancels a running refresh or page fetch, keeping what
// arrived; it reports whether there was one. The refresh says in the
// status bar that it is cancelling, then how far it got.
func (m *Model) cancelWork() bool {
	fetch := m.s.cancelFetch()
	refresh := m.s.cancelRefresh()
	if fetch {
		m.note.text = "cancelled the page fetch"
	}
	return fetch || refresh
}

// spin starts the spinner unless it turns already.
func (m *Model) spin() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick
}

// wide reports whether the list and the article sit side by side.
func (m Model) wide() bool { return m.width >= wideWidth }

func (m Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

func (m Model) mainHeight() int { return max(1, m.height-footerHeight) }

func (m Model) listWidth() int {
	if m.wide() {
		return m.width * 2 / 5
	}
	return m.width
}

// articleX is the column where the article pane starts: after the list,
// a divider and a space.
func (m Model) articleX() int {
	if m.wide() {
		return m.listWidth() + 2
	}
	return 0
}

func (m Model) articleWidth() int { return m.width - m.articleX() }

// layout sizes every component for the window and asks for a body render
// at the new width (the old render stays until it arrives).
func (m *Model) layout() tea.Cmd {
	if m.width <= 0 || m.height <= 0 {
		return nil
	}
	m.headlines.setSize(m.listWidth(), m.mainHeight())
	m.article.setSize(m.articleWidth(), m.mainHeight())
	m.pane.setSize(m.width, m.mainHeight())
	m.fillHelp()
	m.syncFocus()
	return tea.Batch(m.requestRender(), m.preview())
}

// restyle rebuilds the styles after the background or the colour profile
// changed, and asks for a body render in the new Glamour style.
func (m *Model) restyle() tea.Cmd {
	m.look.styles = newStyles(m.look.dark, m.look.noColor)
	m.headlines.setStyles(m.look.styles)
	m.article.setStyles(m.look.styles)
	m.help.setStyles(m.look.styles)
	m.fillHelp()
	m.search.setStyles(m.look.styles)
	m.pane.setStyles(m.look.styles)
	m.look.bar = newProgressBar(m.look.styles)
	m.spinner.Style = m.look.styles.Status.Spinner
	return m.requestRender()
}

// syncFocus tells the list whether it has the keys, so it dims its
// selection when it does not.
func (m *Model) syncFocus() {
	m.headlines.setFocused(m.nav.screen == screenList || (m.nav.screen == screenHelp && m.nav.helpFrom == screenList))
}

// handleKey routes a key: the help screen, then the pane that has the keys.
func (m Model) handleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(msg, m.keys.ForceQuit) {
		if !m.note.quitHint && m.cancelWork() {
			m.note.text = strings.TrimPrefix(m.note.text+" · ctrl+c again quits", " · ")
			m.note.quitHint = true
			return m, nil
		}
		return m, tea.Quit
	}
	if m.confirmOpen.waiting() {
		return m.answerOpen(msg)
	}
	if key.Matches(msg, m.keys.Cancel) && m.nav.screen != screenSearch && !m.headlines.filtering() && !m.article.searching && m.cancelWork() {
		return m, nil
	}
	m.note = note{}
	if !m.s.refresh.running {
		m.s.refresh.summary = ""
		m.s.sync.fresh = false
	}
	switch m.nav.screen {
	case screenHelp:
		hk := m.helpKeys()
		switch {
		case key.Matches(msg, m.keys.CloseHelp):
			m.nav.screen = m.nav.helpFrom
			m.syncFocus()
		case key.Matches(msg, hk.leave()):
			// Close the help, then q does what it does beneath.
			m.nav.screen = m.nav.helpFrom
			m.syncFocus()
			return m.handleKey(msg)
		default:
			m.help.scroll(m.keys, msg)
		}
		return m, nil
	case screenArticle:
		return m.articleKey(msg)
	case screenSearch:
		return m.searchKey(msg)
	case screenFeeds:
		return m.feedsKey(msg)
	}
	return m.listKey(msg)
}

// helpKeys are the keys of the help screen, over the pane it was opened
// from.
func (m Model) helpKeys() helpKeys {
	return helpKeys{k: m.keys, fromArticle: m.nav.helpFrom == screenArticle, fromFeeds: m.nav.helpFrom == screenFeeds}
}

// feedKey handles the keys that work in the list, an article and the feed
// pane alike: refreshing and the feed pane. It reports whether it handled
// msg.
func (m *Model) feedKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, m.keys.Refresh):
		return m.startRefresh(nil), true
	case key.Matches(msg, m.keys.RefreshFeed):
		return m.refreshCurrent(), true
	case key.Matches(msg, m.keys.Feeds) && m.nav.screen != screenFeeds:
		return m.openFeeds(), true
	}
	return nil, false
}

// openFeeds shows the feed pane, and asks for the feeds' status afresh
// (the pane shows the last known one meanwhile).
func (m *Model) openFeeds() tea.Cmd {
	if m.s.feeds == nil {
		m.note.text = noFeeds
		return nil
	}
	var save tea.Cmd
	if m.nav.screen == screenArticle {
		m.history.Update(m.article.page())
		save = m.savePosition()
	}
	m.nav.feedsFrom = m.nav.screen
	m.nav.screen = screenFeeds
	m.syncFocus()
	return tea.Batch(save, m.s.loadFeedStatus())
}

// closeFeeds returns from the feed pane to where it was opened.
func (m *Model) closeFeeds() tea.Cmd {
	m.nav.screen = screenList
	if m.nav.feedsFrom == screenArticle && m.article.ref != "" {
		m.nav.screen = screenArticle
	}
	m.syncFocus()
	return m.preview()
}

// feedsKey handles a key in the feed pane.
func (m Model) feedsKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.feedKey(msg); ok {
		return m, cmd
	}
	switch {
	case key.Matches(msg, m.keys.Help):
		m.showHelp()
		return m, nil
	case key.Matches(msg, m.keys.CloseFeeds):
		return m, m.closeFeeds()
	case key.Matches(msg, m.keys.ShowFeed):
		if row, ok := m.pane.selected(); ok {
			return m, m.setScope(row.scope())
		}
		return m, nil
	}
	var cmd tea.Cmd
	m.pane, cmd = m.pane.update(msg)
	return m, cmd
}

func (m *Model) showHelp() {
	m.nav.helpFrom = m.nav.screen
	m.nav.screen = screenHelp
	m.fillHelp()
	m.help.vp.GotoTop()
}

// fillHelp lays the help screen out for the window, the styles and the
// pane beneath.
func (m *Model) fillHelp() {
	if m.nav.screen == screenHelp {
		m.help.fill(m.keys, m.helpKeys(), m.width, m.mainHeight())
	}
}

// listKey handles a key in the headline list. While a filter is typed,
// every key goes to the list.
func (m Model) listKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if !m.headlines.filtering() {
		if cmd, ok := m.flowListKey(msg); ok {
			return m, cmd
		}
		if cmd, ok := m.handOffKey(msg); ok {
			return m, cmd
		}
		switch {
		case key.Matches(msg, m.keys.Help):
			m.showHelp()
			return m, nil
		case key.Matches(msg, m.keys.Quit):
			return m, tea.Quit
		case key.Matches(msg, m.keys.Open):
			return m, m.openSelected()
		case key.Matches(msg, m.keys.ToggleRead):
			if ref := m.headlines.selectedRef(); ref != "" {
				return m, m.toggleRead(ref)
			}
			return m, nil
		case key.Matches(msg, m.keys.Star):
			if ref := m.headlines.selectedRef(); ref != "" {
				return m, m.toggleStar(ref)
			}
			return m, nil
		case key.Matches(msg, m.keys.View):
			return m, m.cycleView()
		case key.Matches(msg, m.keys.ShowHidden):
			return m, m.toggleHidden()
		case key.Matches(msg, m.keys.Compact):
			m.headlines.setCompact(!m.headlines.compact)
			return m, nil
		case key.Matches(msg, m.keys.LibrarySearch):
			return m, m.openSearch()
		case key.Matches(msg, m.keys.OpenWeb):
			return m, m.openWeb()
		case key.Matches(msg, m.keys.CopyLink):
			return m, m.copyLink()
		case key.Matches(msg, m.keys.ClearFilter) && !m.headlines.filtered() && m.scope.set():
			m.scope = scope{}
			return m, m.refreshList()
		}
		if cmd, ok := m.feedKey(msg); ok {
			return m, cmd
		}
	}
	var cmd tea.Cmd
	m.headlines, cmd = m.headlines.update(msg)
	return m, tea.Batch(cmd, m.preview())
}

// articleKey handles a key in an article.
func (m Model) articleKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if m.linkList.open {
		return m.linkListKey(msg)
	}
	if m.article.searching {
		var cmd tea.Cmd
		switch {
		case key.Matches(msg, m.keys.SearchConfirm):
			m.article.confirmSearch()
		case key.Matches(msg, m.keys.SearchCancel):
			m.article.cancelSearch()
		default:
			m.article, cmd = m.article.updateInput(msg)
		}
		m.keys.setSearchActive(m.article.query != "")
		return m, cmd
	}
	// The key map follows this article's search, whatever the last key in
	// another left it at (n is next unread without one).
	m.keys.setSearchActive(m.article.query != "")
	if cmd, ok := m.flowArticleKey(msg); ok {
		m.keys.setSearchActive(m.article.query != "")
		return m, cmd
	}
	if cmd, ok := m.handOffKey(msg); ok {
		return m, cmd
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp()
	case key.Matches(msg, k.ClearSearch):
		m.article.clearSearch()
	case key.Matches(msg, k.Close):
		return m, m.closeArticle()
	case key.Matches(msg, k.Back):
		return m, m.back()
	case key.Matches(msg, k.Forward):
		return m, m.forward()
	case key.Matches(msg, k.Follow):
		return m, m.follow(int(msg.String()[0] - '1'))
	case key.Matches(msg, k.NextLink):
		m.article.moveFocus(1)
		m.note.text = m.article.focusNote()
	case key.Matches(msg, k.PrevLink):
		m.article.moveFocus(-1)
		m.note.text = m.article.focusNote()
	case key.Matches(msg, k.OpenLink):
		return m, m.openFocused()
	case key.Matches(msg, k.LinkList):
		return m, m.openLinkList()
	case key.Matches(msg, k.OpenFile):
		return m, m.openFile(-1)
	case key.Matches(msg, k.Search):
		return m, m.article.startSearch()
	case key.Matches(msg, k.NextMatch):
		m.article.nextMatch(1)
	case key.Matches(msg, k.PrevMatch):
		m.article.nextMatch(-1)
	case key.Matches(msg, k.ToggleRead):
		if m.article.ref != "" {
			return m, m.toggleRead(m.article.ref)
		}
	case key.Matches(msg, k.LibrarySearch):
		return m, m.openSearch()
	case key.Matches(msg, k.Star):
		if m.article.ref != "" {
			return m, m.toggleStar(m.article.ref)
		}
	case key.Matches(msg, k.Readable):
		return m, m.toggleReadable()
	case key.Matches(msg, k.OpenWeb):
		return m, m.openWeb()
	case key.Matches(msg, k.CopyLink):
		return m, m.copyLink()
	case key.Matches(msg, k.OpenPicture):
		return m, m.openPicture()
	case key.Matches(msg, k.CopyPicture):
		return m, m.copyPicture()
	case key.Matches(msg, k.Refresh), key.Matches(msg, k.RefreshFeed), key.Matches(msg, k.Feeds):
		cmd, _ := m.feedKey(msg)
		return m, cmd
	default:
		m.article, _ = m.article.scroll(k, msg)
	}
	m.keys.setSearchActive(m.article.query != "")
	return m, nil
}

func keyMatches(msg tea.KeyPressMsg, b key.Binding) bool { return key.Matches(msg, b) }

// handleClick opens a clicked headline or follows a clicked related link.
func (m Model) handleClick(msg tea.MouseClickMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	if mouse.Button != tea.MouseLeft || m.tooSmall() || m.nav.screen == screenHelp || m.nav.screen == screenSearch || m.nav.screen == screenFeeds || mouse.Y >= m.mainHeight() || m.linkList.open {
		return m, nil
	}
	onList := m.nav.screen == screenList
	if m.wide() {
		onList = mouse.X < m.listWidth()
		if !onList && mouse.X < m.articleX() {
			return m, nil
		}
	}
	if onList {
		if m.headlines.filtering() {
			return m, nil
		}
		i, ok := m.headlines.itemAt(mouse.Y)
		if !ok {
			return m, nil
		}
		m.headlines.selectIndex(i)
		return m, m.openSelected()
	}
	link := m.article.linkAtRow(mouse.Y)
	if link < 0 {
		return m, nil
	}
	return m, m.follow(link)
}

// handleWheel scrolls the pane under the mouse.
func (m Model) handleWheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	mouse := msg.Mouse()
	if m.tooSmall() || m.nav.screen == screenSearch {
		return m, nil
	}
	if m.nav.screen == screenHelp {
		m.help.wheel(msg)
		return m, nil
	}
	if m.nav.screen == screenFeeds {
		var cmd tea.Cmd
		m.pane, cmd = m.pane.update(msg)
		return m, cmd
	}
	onList := m.nav.screen == screenList
	if m.wide() {
		onList = mouse.X < m.listWidth()
	}
	if onList {
		if m.headlines.filtering() {
			return m, nil
		}
		switch mouse.Button {
		case tea.MouseWheelDown:
			m.headlines.scroll(1)
		case tea.MouseWheelUp:
			m.headlines.scroll(-1)
		}
		return m, m.preview()
	}
	var cmd tea.Cmd
	m.article, cmd = m.article.updateViewport(msg)
	return m, cmd
}

// View draws the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	return v
}

func (m Model) render() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	if m.tooSmall() {
		msg := "window too small"
		if m.width < len(msg) {
			msg = ansi.Truncate("too small", m.width, "…")
		}
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.look.styles.TooSmall.Render(msg))
	}
	h := m.mainHeight()
	var main string
	switch {
	case m.nav.screen == screenHelp:
		main = m.help.view()
	case m.nav.screen == screenSearch:
		main = m.search.view(m.width, h, m.s.indexingNote(), m.s.canSearch(), m.s.searching())
	case m.nav.screen == screenFeeds:
		main = m.pane.view()
	case m.wide():
		divider := m.look.styles.Divider.Render(strings.TrimSuffix(strings.Repeat("│ \n", h), "\n"))
		main = lipgloss.JoinHorizontal(lipgloss.Top,
			box(m.headlines.view(), m.listWidth(), h),
			divider,
			box(m.articlePane(), m.articleWidth(), h))
	case m.nav.screen == screenList:
		main = m.headlines.view()
	default:
		main = m.articlePane()
	}
	if m.nav.screen != screenArticle || m.wide() {
		// The article pane is drawn to its size already.
		main = box(main, m.width, h)
	}
	return main + "\n" + m.statusView() + "\n" + box(m.footer(), m.width, 1)
}

// footer is the short help of the pane that has the keys.
func (m Model) footer() string {
	var k interface {
		ShortHelp() []key.Binding
		FullHelp() [][]key.Binding
	}
	switch {
	case m.nav.screen == screenHelp:
		k = m.helpKeys()
	case m.nav.screen == screenFeeds:
		k = feedKeys{m.keys}
	case m.nav.screen == screenSearch:
		k = librarySearchKeys{m.keys}
	case m.nav.screen == screenArticle && m.article.searching:
		k = searchKeys{m.keys}
	case m.nav.screen == screenArticle && m.linkList.open:
		k = linkListKeys{m.keys}
	case m.nav.screen == screenArticle:
		links := 0
		if m.article.complete() {
			links = m.article.linkCount()
		}
		k = articleKeys{k: m.keys, links: links, web: m.article.art.Link != ""}
	case m.headlines.filtering():
		k = filterKeys{m.keys}
	default:
		k = listKeys{k: m.keys, filtered: m.headlines.filtered(), scoped: m.scope.set(), feeds: m.hasFeeds()}
	}
	return m.help.short(k, m.width, m.keys.Help, m.keys.CloseHelp)
}

// box makes s exactly w cells wide and h lines high: a longer line is cut,
// a shorter one padded with spaces, missing lines are blank. It measures
// each line once and wraps nothing, so drawing a screen costs little (a
// lipgloss style with a width would word-wrap every line first).
func box(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(h * (w + 16))
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		if n == h {
			break
		}
		if n > 0 {
			b.WriteByte('\n')
		}
		n++
		line = strings.TrimSuffix(line, "\r")
		if strings.IndexByte(line, '\t') >= 0 {
			line = strings.ReplaceAll(line, "\t", "    ")
		}
		lw := ansi.StringWidth(line)
		if lw > w {
			line = ansi.Truncate(line, w, "")
			lw = ansi.StringWidth(line)
		}
		b.WriteString(line)
		writeSpaces(&b, w-lw)
	}
	for ; n < h; n++ {
		if n > 0 {
			b.WriteByte('\n')
		}
		writeSpaces(&b, w)
	}
	return b.String()
}

const spaces = "                                                                "

// writeSpaces writes n spaces.
func writeSpaces(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}
