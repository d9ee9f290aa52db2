package ui

// The web behind a feed item: f shows its readable page in place of the
// feed's text (and back), o opens it in the browser, y copies its link to
// the terminal's clipboard. Each runs in a command.

import (
	"context"
	"errors"
	"net/url"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"bulletin/internal/clipboard"
	"bulletin/model"
)

// maxReadable bounds the readable pages kept: each is a whole article.
const maxReadable = 64

// readableMsg carries an article's readable page, or why it could not be
// fetched.
type readableMsg struct {
	ref, url string
	art      model.Article
	err      error
}

// browserMsg is the result of opening a link in the browser.
type browserMsg struct {
	url string
	err error
}

// fetchReadable fetches the readable page of an article in a job, which
// esc cancels.
func (s *session) fetchReadable(a model.Article) tea.Cmd {
	feeds := s.feeds
	_, cmd := s.jobs.start(s.ctx, job{kind: jobReadable, keys: []string{a.Ref}, what: a.Link}, func(ctx context.Context) tea.Msg {
		r, err := feeds.Readable(ctx, &a)
		// The page replaces the body of this article, whatever the feeds
		// layer names it.
		r.Ref, r.Loaded, r.Markdown = a.Ref, true, true
		if err == nil && r.Related == nil {
			// The related stories are the item's, whatever its page.
			r.Related = a.Related
		}
		return readableMsg{ref: a.Ref, url: a.Link, art: r, err: err}
	})
	return cmd
}

func browserCmd(ctx context.Context, open func(context.Context, string) error, link string) tea.Cmd {
	return func() tea.Msg { return browserMsg{url: link, err: open(ctx, link)} }
}

// copyCmd writes the OSC 52 sequence that puts link in the clipboard.
// Bubble Tea's own SetClipboard writes the bare sequence, which tmux
// drops unless set-clipboard is on; inside tmux, clipboard.OSC52 adds the
// sequence in tmux's passthrough, for allow-passthrough. It reads $TMUX,
// so it runs here, not in Update.
func copyCmd(link string) tea.Cmd {
	return func() tea.Msg { return tea.RawMsg{Msg: clipboard.OSC52(link)} }
}

// webLink checks that a link is one the reader hands to a browser: an
// absolute http or https URL (a scheme-less "//host/x" is refused, not
// guessed at). It returns the URL, or why not.
func webLink(link string) (*url.URL, string) {
	u, err := model.WebLink(link)
	switch {
	case errors.Is(err, model.ErrNoLink):
		return nil, err.Error()
	case err != nil:
		return nil, "only http and https links open: " + model.CleanLine(link)
	}
	return u, ""
}

// pendingOpen is a link that opens only when the reader answers y: one
// whose user info disguises its host. link is the address to open, without
// the user info; prompt is the question in the status bar.
type pendingOpen struct {
	link, host, prompt string
}

func (p pendingOpen) waiting() bool { return p.link != "" }

// maxDisguise bounds the user info the question shows: a long one would
// push the question off the status bar.
const maxDisguise = 40

// askOpen makes the question for a link whose user info disguises its
// host, naming the host the browser would really go to.
func askOpen(u *url.URL) (pendingOpen, bool) {
	host, disguise, ok := model.DisguisedHost(u)
	if !ok {
		return pendingOpen{}, false
	}
	disguise = ansi.Truncate(disguise, maxDisguise, "…@")
	return pendingOpen{
		link:   model.WithoutUserInfo(u),
		host:   host,
		prompt: "open " + host + "? the link hides it behind " + disguise + " (y opens it without that, n cancels)",
	}, true
}

// answerOpen takes the key pressed after askOpen's question: y opens the
// link without its user info, any other key leaves it unopened.
func (m Model) answerOpen(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	p := m.confirmOpen
	m.confirmOpen = pendingOpen{}
	m.note = note{}
	if msg.String() != "y" {
		m.note.text = "not opened: " + p.host
		return m, nil
	}
	m.note.text = "opening " + model.CleanLine(p.link)
	return m, m.browse(p.link)
}

// toggleReadable shows the readable page of the article on screen, from
// the cache or fetched in a command, or goes back to the feed's text.
func (m *Model) toggleReadable() tea.Cmd {
	a := &m.article
	switch {
	case a.ref == "" || !a.loaded:
		return nil
	case a.readable:
		full, ok := m.s.cache.article(a.ref)
		if !ok {
			// Dropped from the cache: load it again.
			listed, ok := m.s.lib.ByRef(a.ref)
			if !ok {
				return nil
			}
			a.readable = false
			a.loaded = false
			return m.s.loadArticle(listed.Article())
		}
		return m.showBody(full, false)
	}
	if _, why := webLink(a.art.Link); why != "" {
		m.note.text = why
		return nil
	}
	if m.s.feeds == nil {
		// Pages are fetched (and cached) by the feeds layer.
		m.note.text = noFeeds
		return nil
	}
	if r, ok := m.s.readable[a.ref]; ok {
		return m.showBody(r, true)
	}
	if m.s.jobs.busy(a.ref, jobReadable) {
		m.note.text = "fetching already: " + a.art.Link + " (esc cancels)"
		return nil
	}
	return tea.Batch(m.s.fetchReadable(a.art), m.spin())
}

// showBody shows art (the feed's text, or its readable page) as the body
// of the article on screen, from its top.
func (m *Model) showBody(art model.Article, readable bool) tea.Cmd {
	a := &m.article
	a.readable = readable
	a.show(art, true, m.s.links(&art), m.s.isRead(art.Ref), m.s.isStarred(art.Ref), nil)
	a.vp.SetYOffset(0)
	return m.requestRender()
}

// openWeb opens the current item's link in the browser.
func (m *Model) openWeb() tea.Cmd { return m.open(m.currentLink()) }

// open opens a link in the browser, when it is a web address. A link whose
// user info disguises its host waits for the reader's y (see askOpen).
func (m *Model) open(link string) tea.Cmd {
	u, why := webLink(link)
	if why != "" {
		m.note.text = why
		return nil
	}
	if p, ok := askOpen(u); ok {
		m.confirmOpen = p
		return nil
	}
	m.note.text = "opening " + model.CleanLine(link)
	return m.browse(link)
}

// currentLink is the address o and y act on: that of the focused link of
// the body, file or related story, else the current item's; "" when there
// is none.
func (m *Model) currentLink() string {
	if m.nav.screen == screenArticle {
		if addr := m.article.focusedAddress(); addr != "" {
			return addr
		}
	}
	a, ok := m.currentArticle()
	if !ok {
		return ""
	}
	return a.Link
}

// focusedPicture is the picture address of the focused related story.
func (m *Model) focusedPicture() string {
	if m.nav.screen != screenArticle {
		return ""
	}
	l, _ := m.article.link(m.article.focused())
	return l.Picture
}

// openPicture opens the focused related story's picture in the browser.
func (m *Model) openPicture() tea.Cmd {
	pic := m.focusedPicture()
	if pic == "" {
		m.note.text = "no picture: focus a related story with tab (its folder needs picture_url)"
		return nil
	}
	return m.open(pic)
}

// copyPicture copies the focused related story's picture address.
func (m *Model) copyPicture() tea.Cmd {
	pic := m.focusedPicture()
	if pic == "" {
		m.note.text = "no picture: focus a related story with tab (its folder needs picture_url)"
		return nil
	}
	m.note.text = "copied " + model.CleanLine(pic)
	return copyCmd(pic)
}

func (m Model) handleBrowser(msg browserMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		m.note.text, m.note.err = model.CleanLine(strings.TrimPrefix(msg.err.Error(), "browser: ")), true
		return m, nil
	}
	m.note.text = "opened in the browser: " + model.CleanLine(msg.url)
	return m, nil
}

// copyLink copies the current item's link to the clipboard.
func (m *Model) copyLink() tea.Cmd {
	link := m.currentLink()
	if link == "" {
		m.note.text = "no link to copy"
		return nil
	}
	m.note.text = "copied " + model.CleanLine(link)
	return copyCmd(link)
}
