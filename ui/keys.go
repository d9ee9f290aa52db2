package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
)

// KeyMap holds every key binding of the reader. Help is derived from these
// bindings, never typed by hand; the tour articles describe the same keys.
// Some bindings serve several panes (the movement keys); within one pane no
// two active bindings share a key (see TestKeysDistinctPerPane).
type KeyMap struct {
	// Everywhere.
	ForceQuit key.Binding
	Help      key.Binding
	// Cancel stops a refresh or a page fetch under way; the status bar
	// offers it while one runs, and otherwise esc does what its pane says.
	Cancel key.Binding

	// Movement, in the headline list and in an article.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	// Headline list.
	Open        key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	ToggleRead  key.Binding
	Star        key.Binding
	View        key.Binding
	Compact     key.Binding
	// ShowHidden lists the articles the filters hide too, or hides them
	// again.
	ShowHidden key.Binding
	Quit       key.Binding

	// While a filter is typed.
	ApplyFilter  key.Binding
	CancelFilter key.Binding

	// Article.
	Follow      key.Binding
	NextLink    key.Binding
	PrevLink    key.Binding
	OpenLink    key.Binding
	Back        key.Binding
	Forward     key.Binding
	Search      key.Binding
	NextMatch   key.Binding
	PrevMatch   key.Binding
	ClearSearch key.Binding
	Close       key.Binding

	// While a search is typed.
	SearchConfirm key.Binding
	SearchCancel  key.Binding

	// Feeds and the web: in the list and an article (Refresh, RefreshFeed
	// and Feeds also in the feed pane; Readable only in an article).
	Refresh     key.Binding
	RefreshFeed key.Binding
	Feeds       key.Binding
	Readable    key.Binding
	OpenWeb     key.Binding
	CopyLink    key.Binding
	// OpenPicture and CopyPicture act on the focused related story's
	// picture, where its folder says where pictures live.
	OpenPicture key.Binding
	CopyPicture key.Binding

	// Feed pane.
	ShowFeed   key.Binding
	CloseFeeds key.Binding

	// Library search: opened from the list and an article.
	LibrarySearch key.Binding
	HitUp         key.Binding
	HitDown       key.Binding
	OpenHit       key.Binding
	CloseSearch   key.Binding

	// Reading flow (unread.go). n and N move to the next and previous
	// unread headline in the list, and open it from an article, where they
	// give way to the search's next and previous match while a search is
	// active. J and K open the next and previous article of the list from
	// an article. A and C mark many articles read, and u undoes that for
	// a few seconds (in the list: in an article u lists the links).
	NextUnread   key.Binding
	PrevUnread   key.Binding
	NextArticle  key.Binding
	PrevArticle  key.Binding
	MarkFeedRead key.Binding
	MarkAllRead  key.Binding
	Undo         key.Binding

	// Links and files of an article (links.go): u lists every link of
	// the body and every file, e opens the focused file (or the first)
	// with the opener configured for its kind.
	LinkList   key.Binding
	OpenFile   key.Binding
	CloseLinks key.Binding
	// Handing an article to other programs (save.go), in the list and
	// an article: Save writes it as a markdown file, Pipe hands the same
	// markdown to the configured command.
	Save key.Binding
	Pipe key.Binding

	// Help screen.
	CloseHelp key.Binding

	// closeKeys are Close's keys with no search active: a search takes
	// those ClearSearch has.
	closeKeys []string
}

// NewKeyMap returns the reader's key bindings.
func NewKeyMap() KeyMap {
	k := KeyMap{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel refresh/fetch")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn/space", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),

		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter/feed")),
		ToggleRead:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "toggle read")),
		Star:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "toggle star")),
		View:        key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "all/unread/starred")),
		Compact:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compact/two-line list")),
		ShowHidden:  key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "show hidden")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),

		ApplyFilter:  key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "apply filter")),
		CancelFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		Follow:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "open related")),
		NextLink:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next link")),
		PrevLink:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous link")),
		OpenLink:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open link")),
		Back:        key.NewBinding(key.WithKeys("backspace", "h", "alt+left"), key.WithHelp("bksp/h", "back")),
		Forward:     key.NewBinding(key.WithKeys("l", "alt+right"), key.WithHelp("l", "forward")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		PrevMatch:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Close:       key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q/esc", "headlines")),

		SearchConfirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		SearchCancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		Refresh:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh feeds")),
		RefreshFeed: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refresh this feed")),
		Feeds:       key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "feeds")),
		Readable:    key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "readable page")),
		OpenWeb:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open in browser")),
		CopyLink:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		OpenPicture: key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "open picture")),
		CopyPicture: key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy picture link")),

		ShowFeed:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "show its items")),
		CloseFeeds: key.NewBinding(key.WithKeys("esc", "q", "F"), key.WithHelp("q/esc", "headlines")),

		LibrarySearch: key.NewBinding(key.WithKeys("ctrl+f", ":"), key.WithHelp("ctrl+f/:", "search library")),
		HitUp:         key.NewBinding(key.WithKeys("up", "ctrl+p"), key.WithHelp("↑", "previous result")),
		HitDown:       key.NewBinding(key.WithKeys("down", "ctrl+n"), key.WithHelp("↓", "next result")),
		OpenHit:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open result")),
		CloseSearch:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close search")),

		CloseHelp: key.NewBinding(key.WithKeys("?", "esc"), key.WithHelp("?/esc", "close")),

		NextUnread:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next unread")),
		PrevUnread:   key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous unread")),
		NextArticle:  key.NewBinding(key.WithKeys("J", "ctrl+n"), key.WithHelp("J", "next article")),
		PrevArticle:  key.NewBinding(key.WithKeys("K", "ctrl+p"), key.WithHelp("K", "previous article")),
		MarkFeedRead: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "mark feed read")),
		MarkAllRead:  key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "mark all shown read")),
		Undo:         key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo mark read")),

		LinkList:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "list links")),
		OpenFile:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "open file")),
		CloseLinks: key.NewBinding(key.WithKeys("esc", "u"), key.WithHelp("esc", "close links")),
		Save:       key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "save as markdown")),
		Pipe:       key.NewBinding(key.WithKeys("|"), key.WithHelp("|", "pipe to command")),
	}
	k.closeKeys = k.Close.Keys()
	k.setSearchActive(false)
	return k
}

// setSearchActive hands Esc to ClearSearch while an article has a search,
// and back to Close when it has none, so Esc never means two things.
func (k *KeyMap) setSearchActive(active bool) {
	k.ClearSearch.SetEnabled(active)
	k.NextMatch.SetEnabled(active)
	k.PrevMatch.SetEnabled(active)
	k.NextUnread.SetEnabled(!active)
	k.PrevUnread.SetEnabled(!active)
	keys := k.closeKeys
	if active {
		keys = without(keys, k.ClearSearch.Keys())
	}
	setKeys(&k.Close, keys)
}

// without is keys less those of drop.
func without(keys, drop []string) []string {
	var out []string
	for _, s := range keys {
		if !slices.Contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}

// setKeys gives b keys and help naming the first two of them; no keys
// turns it off.
func setKeys(b *key.Binding, keys []string) {
	if len(keys) == 0 {
		b.SetKeys()
		b.SetEnabled(false)
		return
	}
	b.SetKeys(keys...)
	b.SetHelp(strings.Join(keys[:min(2, len(keys))], "/"), b.Help().Desc)
	b.SetEnabled(true)
}

// listKeyMap is the bubbles list's own key map, built from ours so that the
// list moves with the same keys our help shows. The list's filter, quit
// and help bindings are off: the headlines filter themselves (filter.go),
// and the root model handles q and ?.
func (k KeyMap) listKeyMap() list.KeyMap {
	lk := list.DefaultKeyMap()
	lk.CursorUp = k.Up
	lk.CursorDown = k.Down
	lk.PrevPage = k.PageUp
	lk.NextPage = k.PageDown
	lk.GoToStart = k.Top
	lk.GoToEnd = k.Bottom
	lk.Filter.SetEnabled(false)
	lk.ClearFilter.SetEnabled(false)
	lk.AcceptWhileFiltering.SetEnabled(false)
	lk.CancelWhileFiltering.SetEnabled(false)
	lk.ShowFullHelp.SetEnabled(false)
	lk.CloseFullHelp.SetEnabled(false)
	lk.Quit.SetEnabled(false)
	lk.ForceQuit = k.ForceQuit
	return lk
}

// listKeys is the help.KeyMap of the headline list; filtered, when it
// shows a filter's matches; scoped, when it shows one feed or tag; feeds,
// when there are feeds to refresh (the footer then offers r and F in place
// of m, which stays on the help screen).
type listKeys struct {
	k        KeyMap
	filtered bool
	scoped   bool
	feeds    bool
}

// clear is what Esc does in the list: clear the filter first, then the
// feed or tag shown.
func (l listKeys) clear() key.Binding {
	b := l.k.ClearFilter
	if l.filtered {
		b.SetHelp(b.Help().Key, "clear filter")
	} else if l.scoped {
		b.SetHelp(b.Help().Key, "all items")
	}
	return b
}

func (l listKeys) ShortHelp() []key.Binding {
	out := []key.Binding{l.k.Up, l.k.Down, l.k.Open}
	if !l.feeds || !(l.filtered || l.scoped) {
		// With feeds, Esc takes the place of / while a filter or a feed
		// is shown: the line has no room for both.
		out = append(out, l.k.Filter)
	}
	if l.filtered || l.scoped {
		out = append(out, l.clear())
	}
	if l.feeds {
		out = append(out, l.k.Refresh, l.k.Feeds)
	} else {
		out = append(out, l.k.ToggleRead)
	}
	return append(out, l.k.Quit, l.k.Help)
}

func (l listKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{l.k.Up, l.k.Down, l.k.PageUp, l.k.PageDown, l.k.Top, l.k.Bottom},
		{l.k.Open, l.k.Filter, l.k.ClearFilter, l.k.ToggleRead, l.k.Star, l.k.View},
		{l.k.LibrarySearch, l.k.Compact, l.k.ShowHidden, l.k.Quit, l.k.Help, l.k.ForceQuit},
		{l.k.NextUnread, l.k.PrevUnread, l.k.MarkFeedRead, l.k.MarkAllRead, l.k.Undo},
	}
}

// filterKeys is the help.KeyMap while a filter is being typed: every key
// goes to the filter but these.
type filterKeys struct{ k KeyMap }

func (f filterKeys) ShortHelp() []key.Binding {
	return []key.Binding{f.k.ApplyFilter, f.k.CancelFilter, f.k.ForceQuit}
}

func (f filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// articleKeys is the help.KeyMap of an article with links related
// stories; the footer offers the digits it has ("1-4 open related"), none
// when it has none.
//
// web is set for an article with a web page (a feed item): the footer then
// offers f, o and y in place of tab, forward and search, which stay on the
// help screen.
type articleKeys struct {
	k     KeyMap
	links int
	web   bool
}

func (a articleKeys) ShortHelp() []key.Binding {
	follow, next := a.k.Follow, a.k.NextLink
	switch n := min(a.links, maxFollow); n {
	case 0:
		follow.SetEnabled(false)
		next.SetEnabled(false)
	case 1:
		follow.SetHelp("1", follow.Help().Desc)
	default:
		follow.SetHelp(fmt.Sprintf("1-%d", n), follow.Help().Desc)
	}
	if a.k.ClearSearch.Enabled() {
		// A search is active: its keys first.
		return []key.Binding{a.k.NextMatch, a.k.PrevMatch, a.k.ClearSearch, follow, a.k.Back, a.k.Forward, a.k.Close, a.k.Help}
	}
	if a.web {
		return []key.Binding{follow, a.k.Readable, a.k.OpenWeb, a.k.CopyLink, a.k.Back, a.k.Close, a.k.Help}
	}
	return []key.Binding{follow, next, a.k.Back, a.k.Forward, a.k.Search, a.k.Close, a.k.Help}
}

// maxFollow is the number of related stories the digits open.
const maxFollow = 9

func (a articleKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{a.k.Up, a.k.Down, a.k.PageUp, a.k.PageDown, a.k.Top, a.k.Bottom},
		{a.k.Follow, a.k.NextLink, a.k.PrevLink, a.k.OpenLink, a.k.Back, a.k.Forward, a.k.ToggleRead, a.k.Star},
		{a.k.Search, a.k.NextMatch, a.k.PrevMatch, a.k.ClearSearch, a.k.LibrarySearch, a.k.Close, a.k.Help,
			a.k.NextUnread, a.k.PrevUnread, a.k.NextArticle, a.k.PrevArticle, a.k.LinkList, a.k.OpenFile},
	}
}

// webKeys are the keys of feeds and web links, which work in the list and
// in an article (f only in an article): a section of their own on the
// help screen, so the others keep three columns.
type webKeys struct{ k KeyMap }

func (w webKeys) ShortHelp() []key.Binding {
	return []key.Binding{w.k.Refresh, w.k.Feeds, w.k.Readable, w.k.OpenWeb, w.k.CopyLink}
}

func (w webKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{w.k.Readable, w.k.OpenWeb, w.k.CopyLink, w.k.OpenPicture, w.k.CopyPicture},
		{w.k.Refresh, w.k.RefreshFeed, w.k.Feeds},
		{w.k.Save, w.k.Pipe},
	}
}

// searchKeys is the help.KeyMap while a search is being typed: every key
// goes to the search field but these.
type searchKeys struct{ k KeyMap }

func (s searchKeys) ShortHelp() []key.Binding {
	return []key.Binding{s.k.SearchConfirm, s.k.SearchCancel, s.k.ForceQuit}
}

func (s searchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{s.ShortHelp()} }

// librarySearchKeys is the help.KeyMap of the library search: every other
// key goes to the query field.
type librarySearchKeys struct{ k KeyMap }

func (l librarySearchKeys) ShortHelp() []key.Binding {
	return []key.Binding{l.k.HitUp, l.k.HitDown, l.k.OpenHit, l.k.CloseSearch, l.k.ForceQuit}
}

func (l librarySearchKeys) FullHelp() [][]key.Binding { return [][]key.Binding{l.ShortHelp()} }

// feedKeys is the help.KeyMap of the feed pane.
type feedKeys struct{ k KeyMap }

func (f feedKeys) ShortHelp() []key.Binding {
	// The arrows go without saying here; the line has room for the rest.
	return []key.Binding{f.k.ShowFeed, f.k.Refresh, f.k.RefreshFeed, f.k.CloseFeeds, f.k.Help}
}

func (f feedKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{f.k.Up, f.k.Down, f.k.PageUp, f.k.PageDown, f.k.Top, f.k.Bottom},
		{f.k.ShowFeed, f.k.Refresh, f.k.RefreshFeed, f.k.CloseFeeds, f.k.Help},
	}
}

// helpKeys is the help.KeyMap of the help screen, shown over the list, an
// article (fromArticle) or the feed pane (fromFeeds). q closes it and does
// what q does beneath: quit, or return to the list.
type helpKeys struct {
	k           KeyMap
	fromArticle bool
	fromFeeds   bool
}

// leave is the q of the pane beneath the help screen: its closing keys
// less those that close the help screen (and, over the feed pane, those
// that open it).
func (h helpKeys) leave() key.Binding {
	if h.fromFeeds {
		b := h.k.CloseFeeds
		setKeys(&b, without(without(b.Keys(), h.k.CloseHelp.Keys()), h.k.Feeds.Keys()))
		return b
	}
	if h.fromArticle {
		b := h.k.Close
		setKeys(&b, without(h.k.closeKeys, h.k.CloseHelp.Keys()))
		return b
	}
	return h.k.Quit
}

// linkListKeys is the help.KeyMap of the list of an article's links.
type linkListKeys struct{ k KeyMap }

func (l linkListKeys) ShortHelp() []key.Binding {
	return []key.Binding{l.k.Down, l.k.Up, l.k.OpenLink, l.k.OpenWeb, l.k.CopyLink, l.k.CloseLinks}
}

func (l linkListKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{l.k.Up, l.k.Down, l.k.Top, l.k.Bottom, l.k.OpenLink, l.k.OpenWeb, l.k.CopyLink, l.k.CloseLinks, l.k.ForceQuit}}
}

func (h helpKeys) ShortHelp() []key.Binding {
	return []key.Binding{h.k.CloseHelp, h.leave(), h.k.Down, h.k.Up}
}
func (h helpKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{h.k.CloseHelp, h.leave()}, {h.k.Up, h.k.Down, h.k.PageUp, h.k.PageDown, h.k.Top, h.k.Bottom}}
}
