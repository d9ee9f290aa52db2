package ui

// Pictures in the article: which ones it has, how the terminal draws them
// (asked once at start, see the picture package), their background jobs
// and how each shows while it loads, once drawn, or when it failed.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"bulletin/model"
	"bulletin/picture"
	"bulletin/render"
)

const (
	// maxTopPictures bounds the pictures an item carries as files that
	// are drawn above its text; the others stay in its list of files.
	maxTopPictures = 3
	// pictureIndent is Glamour's left margin, which pictures share.
	pictureIndent = 2
	// detectWait bounds the wait for the terminal's answer: one that
	// never answers gets half-blocks.
	detectWait = time.Second
	// drawDelay is how long after a frame a Sixel or iTerm2 picture is
	// drawn over its blank cells: after Bubble Tea has painted them.
	drawDelay = 40 * time.Millisecond
)

// pictureKey names one render of a picture: its address, the box it was
// fitted to and the protocol it was drawn with.
type pictureKey struct {
	src   string
	box   picture.Box
	proto picture.Protocol
	// id is the Kitty image id, 0 for the other protocols.
	id uint32
}

func (k pictureKey) String() string {
	return fmt.Sprintf("picture %s %dx%d %v", k.src, k.box.Cols, k.box.Rows, k.proto)
}

// pictureMsg carries a rendered picture, or why it could not be.
type pictureMsg struct {
	key pictureKey
	pic picture.Picture
	err error
}

// pictureDone is a render kept in the cache: the picture or its failure.
type pictureDone struct {
	pic picture.Picture
	err error
}

func pictureSize(d pictureDone) int {
	n := len(d.pic.Upload) + 64
	for _, l := range d.pic.Lines {
		n += len(l)
	}
	return n
}

// detectTimeoutMsg ends the wait for the terminal's answer.
type detectTimeoutMsg struct{}

// drawPicturesMsg draws the Sixel or iTerm2 pictures on screen, if the
// screen is still the one it was scheduled for.
type drawPicturesMsg struct{ place string }

// pictureState is how the reader draws pictures, and what it sent the
// terminal for them.
type pictureState struct {
	setting picture.Protocol
	// proto is the protocol chosen, Auto while the terminal is being
	// asked.
	proto picture.Protocol
	caps  picture.Caps
	// ask: the reader runs on a terminal it may query.
	ask    bool
	loader *picture.Loader
	// uploaded is the Kitty render each image id holds on the terminal.
	uploaded map[uint32]pictureKey
	// drawn is where the Sixel or iTerm2 pictures were drawn last.
	drawn string
	// stale: Sixel or iTerm2 pictures are on the terminal where the view
	// may no longer have them, so the screen is to be cleared.
	stale bool
	// trueColor: Bubble Tea draws in true colour (tea.ColorProfileMsg).
	trueColor bool
}

func newPictureState(opts Options) pictureState {
	ps := pictureState{
		setting:  opts.Images,
		caps:     picture.Caps{Env: opts.ImageEnv},
		loader:   &picture.Loader{Web: opts.Pictures, Cache: opts.PictureCache},
		uploaded: map[uint32]pictureKey{},
	}
	if ps.setting != picture.Auto || opts.ImageEnv.NoColor {
		ps.proto = picture.Choose(ps.setting, ps.caps)
	}
	return ps
}

// startDetect is the query sent from Init when the terminal is to be
// asked, with the end of the wait for its answer.
func (ps pictureState) startDetect() tea.Cmd {
	if ps.proto != picture.Auto {
		return nil
	}
	if !ps.ask {
		return func() tea.Msg { return detectTimeoutMsg{} }
	}
	return tea.Batch(tea.Raw(picture.Query(ps.caps.Env.Tmux)),
		tea.Tick(detectWait, func(time.Time) tea.Msg { return detectTimeoutMsg{} }))
}

// observe takes a terminal's answer to the query; ok is false for any
// other message, which is handled as usual.
func (m *Model) observePicture(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	if p, ok := msg.(tea.ColorProfileMsg); ok {
		// Seen on the way to route, which restyles for it.
		m.pics.trueColor = p.Profile == colorprofile.TrueColor
		return nil, false
	}
	if m.pics.proto != picture.Auto {
		if _, late := msg.(detectTimeoutMsg); late {
			return nil, true
		}
		return nil, false
	}
	switch msg := msg.(type) {
	case detectTimeoutMsg:
	case tea.TerminalVersionMsg:
		m.pics.caps.Observe(uv.TerminalVersionEvent(msg))
		return nil, true
	case uv.KittyGraphicsEvent, uv.CellSizeEvent, uv.PrimaryDeviceAttributesEvent:
		if !m.pics.caps.Observe(msg) {
			return nil, true
		}
	default:
		return nil, false
	}
	m.pics.proto = picture.Choose(m.pics.setting, m.pics.caps)
	return m.syncPictures(), true
}

// articlePictures are the pictures of the article shown: the picture
// files it carries, drawn at the top, then those of its body in order.
func articlePictures(a *model.Article) (top, inline []pictureRef) {
	if a.Markdown {
		_, inline = splitPictures(render.BodyMarkdown(a))
	}
	for _, e := range a.Enclosures {
		// A picture the text shows already is not shown twice.
		inText := slices.ContainsFunc(inline, func(r pictureRef) bool { return r.src == e.URL })
		if e.Kind() == "image" && !inText && len(top) < maxTopPictures {
			top = append(top, pictureRef{src: e.URL, alt: e.FileName()})
		}
	}
	return top, inline
}

// pictureSync is what the article's pictures are drawn for: when it
// changes (another article, body, width, protocol or style), they are
// drawn again.
func (m Model) pictureSync() string {
	a := &m.article
	story, _ := m.s.storyPicture(a.ref)
	thumb, _ := m.focusedThumb()
	return fmt.Sprintf("%s %v %v %v %v %p %d %s %s", a.ref, a.readable, a.bodyKey, m.drawWith(), m.pictureBox(), a.st, len(a.art.Enclosures), story.src, thumb.src)
}

// drawWith is the protocol pictures are drawn with now: half-blocks are
// only colours, so a terminal without colours gets the alt lines.
func (m Model) drawWith() picture.Protocol {
	if m.pics.proto == picture.HalfBlocks && m.look.noColor {
		return picture.Off
	}
	return m.pics.proto
}

// pictureBox is the room a picture has in the article.
func (m Model) pictureBox() picture.Box {
	return picture.BoxFor(m.article.bodyWidth()-2*pictureIndent, m.mainHeight())
}

func (m Model) pictureKey(r pictureRef) pictureKey {
	k := pictureKey{src: r.src, box: m.pictureBox(), proto: m.drawWith()}
	if r.thumb {
		return thumbKey(k, m.pics.trueColor)
	}
	if k.proto == picture.Kitty {
		// The placeholders carry the id in their colour: without true
		// colour, only an id under 256 reaches the terminal intact.
		k.id = picture.SmallID(r.src)
		if m.pics.trueColor {
			k.id = picture.IDFor(r.src)
		}
	}
	return k
}

// syncPictures shows the article's pictures as far as they are ready,
// starts the jobs of those that are not, and sends the terminal what the
// shown ones need: a Kitty upload, or a Sixel drawn after the frame.
func (m *Model) syncPictures() tea.Cmd {
	a := &m.article
	if !a.loaded || a.ref == "" {
		return nil
	}
	top, inline := m.shownPictures()
	all := append(top, inline...)
	views := make([][]string, len(all))
	var cmds []tea.Cmd
	wanted := map[string]bool{}
	kept := map[uint32]bool{}
	for i, r := range all {
		var cmd tea.Cmd
		views[i], cmd = m.showPicture(r, wanted, kept)
		cmds = append(cmds, cmd)
	}
	thumb, cmd := m.focusedThumbView(wanted, kept)
	cmds = append(cmds, cmd)
	m.s.cancelPicturesBut(wanted)
	grew := len(thumb) != len(a.pics.thumb)
	a.pics.thumb = thumb
	a.setPictures(len(top), all, views, m.pictureSync())
	if grew {
		a.keepThumbInView()
	}
	m.forgetDrawn()
	return tea.Batch(append(cmds, m.freeKitty(kept), m.scheduleDraw())...)
}

// showPicture is one picture's lines as far as it is ready, and what to
// do for it: start its job (its key then joins wanted), or upload it to a
// Kitty terminal (its id joins kept).
func (m *Model) showPicture(r pictureRef, wanted map[string]bool, kept map[uint32]bool) ([]string, tea.Cmd) {
	w := m.article.bodyWidth() - 2*pictureIndent
	switch m.drawWith() {
	case picture.Off, picture.Auto:
		return m.pendingView(r, w), nil
	}
	k := m.pictureKey(r)
	done, ok := m.s.cache.picture(k)
	if !ok {
		wanted[k.String()] = true
		return m.pendingView(r, w), m.s.renderPicture(k, r.alt, m.pics)
	}
	if done.err != nil || done.pic.Upload == "" {
		return m.pictureView(done, r, w), nil
	}
	kept[k.id] = true
	if m.pics.uploaded[k.id] == k {
		return m.pictureView(done, r, w), nil
	}
	m.pics.uploaded[k.id] = k
	return m.pictureView(done, r, w), tea.Raw(done.pic.Upload)
}

// freeKitty frees the Kitty pictures of the articles left, so the
// terminal holds only those of the article shown; Back uploads them again
// from the reader's cache.
func (m *Model) freeKitty(kept map[uint32]bool) tea.Cmd {
	var b strings.Builder
	for id := range m.pics.uploaded {
		if !kept[id] {
			b.WriteString(picture.KittyDelete(id, m.pics.caps.Env.Tmux))
			delete(m.pics.uploaded, id)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return tea.Raw(b.String())
}

// pendingView is a picture still loading, or not drawn at all: its alt
// line, dimmed.
func (m Model) pendingView(r pictureRef, w int) []string {
	return []string{m.article.st.Article.Dimmed.Render(ansi.Truncate(picture.AltLine(r.alt), w, "…"))}
}

// pictureView is a picture's lines and its alt text below, or the line
// saying why it could not be shown.
func (m Model) pictureView(d pictureDone, r pictureRef, w int) []string {
	s := &m.article.st.Article
	if d.err != nil {
		err := d.err
		if r.thumb {
			// The focused line above names the address already.
			err = errors.New(strings.TrimPrefix(err.Error(), r.src+": "))
		}
		return []string{s.Error.Render(ansi.Truncate(picture.FailedLine(r.alt, err), w, "…"))}
	}
	lines := append([]string(nil), d.pic.Lines...)
	if d.pic.Protocol == picture.Off {
		return lines
	}
	if alt := model.CleanLine(r.alt); alt != "" {
		for _, l := range strings.Split(wrapText(alt, max(1, w)), "\n") {
			lines = append(lines, s.Dimmed.Render(l))
		}
	}
	return lines
}

// renderPicture starts the job that loads and renders a picture, unless
// one is under way.
func (s *session) renderPicture(k pictureKey, alt string, ps pictureState) tea.Cmd {
	if s.jobs.busy(k.String(), jobPicture) {
		return nil
	}
	loader, caps := ps.loader, ps.caps
	_, cmd := s.jobs.start(s.ctx, job{kind: jobPicture, keys: []string{k.String()}}, func(ctx context.Context) tea.Msg {
		return loadPicture(ctx, loader, k, alt, caps)
	})
	return cmd
}

// loadPicture fetches (or reads from the disk cache), decodes and renders
// one picture, off the UI goroutine.
func loadPicture(ctx context.Context, l *picture.Loader, k pictureKey, alt string, caps picture.Caps) pictureMsg {
	img, err := l.LoadDecoded(ctx, k.src)
	if err != nil {
		return pictureMsg{key: k, err: shortPictureError(err)}
	}
	pic := picture.Render(img, picture.Options{Protocol: k.proto, Box: k.box, Cell: caps.CellFor(),
		ID: k.id, Tmux: caps.Env.Tmux, Alt: alt})
	return pictureMsg{key: k, pic: pic}
}

// shortPictureError drops the "picture: " prefixes: the line already says
// it is a picture.
func shortPictureError(err error) error {
	msg := err.Error()
	for {
		rest, ok := strings.CutPrefix(msg, "picture: ")
		if !ok {
			break
		}
		msg = rest
	}
	return fmt.Errorf("%s", msg)
}

// cancelPicturesBut cancels the picture jobs the article no longer wants.
func (s *session) cancelPicturesBut(wanted map[string]bool) {
	for id, j := range s.jobs.running {
		if j.kind == jobPicture && (len(j.keys) == 0 || !wanted[j.keys[0]]) {
			s.jobs.end(id)
		}
	}
}

// scheduleDraw draws the Sixel or iTerm2 pictures a tick after the frame
// that shows their blank cells.
func (m Model) scheduleDraw() tea.Cmd {
	if m.pics.proto != picture.Sixel && m.pics.proto != picture.ITerm2 {
		return nil
	}
	place := m.picturePlace()
	if place == "" || place == m.pics.drawn {
		return nil
	}
	return tea.Tick(drawDelay, func(time.Time) tea.Msg { return drawPicturesMsg{place: place} })
}

// picturePlace says where the article's pictures are on screen; "" when
// it shows none.
func (m Model) picturePlace() string {
	shown := m.nav.screen == screenArticle || (m.wide() && m.nav.screen == screenList)
	none := len(m.article.pics.start) == 0 && len(m.article.pics.thumb) == 0
	if !shown || m.linkList.open || none || m.tooSmall() {
		return ""
	}
	return fmt.Sprintf("%s %d %d %d %d %d %d", m.article.ref, m.article.vp.YOffset(), m.width, m.height, len(m.article.lines), m.nav.screen, m.article.focus)
}

// drawPictures sends the Sixel or iTerm2 pictures wholly on screen to the
// terminal, each at its blank cells.
func (m *Model) drawPictures(msg drawPicturesMsg) tea.Cmd {
	// Two draws may be scheduled for one place (a picture arriving and
	// the frame that shows it): the second would send the same pictures
	// again.
	if msg.place != m.picturePlace() || msg.place == m.pics.drawn {
		return nil
	}
	m.pics.drawn = msg.place
	a := &m.article
	// The pictures laid out, as syncPictures found them: not found again
	// in the body's markdown at every scroll.
	all := a.pics.refs
	var b strings.Builder
	for i, start := range a.pics.start {
		if start < 0 || i >= len(all) {
			continue
		}
		done, ok := m.s.cache.picture(m.pictureKey(all[i]))
		if !ok || done.err != nil {
			continue
		}
		row := start - a.vp.YOffset()
		if row < 0 || row+done.pic.Layout.Rows > a.vp.Height() {
			continue
		}
		b.WriteString(done.pic.At(row, m.articleX()+pictureIndent))
	}
	b.WriteString(m.drawThumb())
	if b.Len() == 0 {
		return nil
	}
	return tea.Raw(b.String())
}

// forgetDrawn marks the Sixel or iTerm2 pictures drawn as no longer
// where they belong, so that the next update clears them off the screen.
func (m *Model) forgetDrawn() {
	if m.pics.drawn != "" {
		m.pics.stale = true
	}
	m.pics.drawn = ""
}

// clearMoved clears the screen when Sixel or iTerm2 pictures drawn before
// are no longer where the view has them (a scroll, another screen, a
// resize). Their pixels are not cells: Bubble Tea repaints only the cells
// that change, and blank cells that stay blank keep the old pixels over
// them, as stray pieces of pictures over the text, the list or the status
// bar. A cleared screen is repainted whole; the pictures in view are then
// drawn again after that frame.
func (m *Model) clearMoved() tea.Cmd {
	if m.pics.drawn != "" && m.pics.drawn != m.picturePlace() {
		m.forgetDrawn()
	}
	if !m.pics.stale {
		return nil
	}
	m.pics.stale = false
	return tea.ClearScreen
}

// afterUpdate clears Sixel or iTerm2 pictures an update moved, and
// schedules their drawing where they are now.
func (m Model) afterUpdate(next tea.Model, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	nm, ok := next.(Model)
	if !ok {
		return next, cmd
	}
	if nm.article.loaded && nm.article.pics.sync != nm.pictureSync() {
		cmd = tea.Batch(cmd, nm.syncPictures())
	}
	if clear := nm.clearMoved(); clear != nil {
		cmd = tea.Batch(cmd, clear)
	}
	if draw := nm.scheduleDraw(); draw != nil {
		return nm, tea.Batch(cmd, draw)
	}
	return nm, cmd
}

// articlePics are the pictures' lines in the article: the top ones (the
// picture files of a feed item), then those of the body by marker.
type articlePics struct {
	ref string
	top int
	// refs are the pictures views shows, in the same order.
	refs  []pictureRef
	views [][]string
	// sync is what the views were made for (pictureSync).
	sync string
	// inBody is the body line of each body picture, -1 when absent;
	// start the content line of each picture, -1 when not laid out.
	inBody []int
	start  []int
	// thumb is the focused related story's small picture, nil for none;
	// thumbStart its content line, -1 when not laid out.
	thumb      []string
	thumbStart int
}

// view is picture i's lines, or a dim [picture] line while they are not
// known.
func (p articlePics) view(i int, st *Styles) []string {
	if i >= 0 && i < len(p.views) && p.views[i] != nil {
		return p.views[i]
	}
	return []string{st.Article.Dimmed.Render(picture.AltLine(""))}
}

// setPictures shows the article's pictures as they are now.
func (a *article) setPictures(top int, refs []pictureRef, views [][]string, sync string) {
	a.pics = articlePics{ref: a.ref, top: top, refs: refs, views: views, sync: sync, thumb: a.pics.thumb}
	a.expandBody()
	a.rebuild()
}

// expandBody puts the pictures' lines in the body in place of their
// markers, then finds the body's links in what is shown.
func (a *article) expandBody() {
	if a.rawBody == nil {
		return
	}
	if a.pics.ref != a.ref {
		a.pics = articlePics{ref: a.ref}
	}
	a.pics.inBody = make([]int, max(0, len(a.pics.views)-a.pics.top))
	for i := range a.pics.inBody {
		a.pics.inBody[i] = -1
	}
	body := make([]string, 0, len(a.rawBody))
	for _, l := range a.rawBody {
		// A marker past the article's pictures is the article's own
		// text.
		n := markerIndex(l)
		if n < 0 || n >= len(a.pics.inBody) {
			body = append(body, l)
			continue
		}
		a.pics.inBody[n] = len(body)
		body = append(body, indentLines(a.pics.view(a.pics.top+n, a.st))...)
	}
	a.body = body
	a.bodyLinks = findBodyLinks(a.body)
}

// topPictures adds the top pictures under the header.
func (a *article) topPictures(lines []string) []string {
	p := &a.pics
	p.start = make([]int, len(p.views))
	for i := range p.start {
		p.start[i] = -1
	}
	if p.ref != a.ref || !a.loaded {
		return lines
	}
	for i := 0; i < p.top && i < len(p.views); i++ {
		lines = append(lines, "")
		p.start[i] = len(lines)
		lines = append(lines, indentLines(p.view(i, a.st))...)
	}
	return lines
}

// placeInline records where the body's pictures are, the body starting
// at content line bodyStart.
func (p *articlePics) placeInline(bodyStart int) {
	for n, l := range p.inBody {
		if l >= 0 && p.top+n < len(p.start) {
			p.start[p.top+n] = bodyStart + l
		}
	}
}

// indentLines indents a picture's lines like the text around it.
func indentLines(view []string) []string {
	out := make([]string, len(view))
	pad := strings.Repeat(" ", pictureIndent)
	for i, l := range view {
		out[i] = pad + l
	}
	return out
}
